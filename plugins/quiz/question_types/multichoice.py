"""Multiple choice, one answer: a radio list; the chosen answer's fraction scores."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plugins.quiz.question_types.base import (
    ONE,
    ZERO,
    QuestionType,
    clamp_fraction,
    fraction_of,
    localized,
    parse_id,
    single_value,
)


def single_choice_verdict(fraction: Decimal, chosen: bool) -> str:
    """What review says next to a choice of a one-answer question."""
    if chosen:
        if fraction >= ONE:
            return str(_("Your answer: correct"))
        if fraction > ZERO:
            return str(_("Your answer: partly correct"))
        return str(_("Your answer: incorrect"))
    if fraction >= ONE:
        return str(_("Correct answer"))
    if fraction > ZERO:
        return str(_("Partly correct answer"))
    return ""


def reviewed_choices(
    context: dict,
    chosen: set[int],
    verdict: Callable[[Decimal, bool], str] = single_choice_verdict,
) -> list[dict]:
    """The public choices with a verdict in words for review.

    Called only in review. The verdict is words, not a colour, so it reads
    the same on every screen and to a screen reader. Feedback is not added:
    the page shows :meth:`QuestionType.feedback` under the question.
    """
    review = context["choice_review"]
    items = []
    for choice in context["choices"]:
        info = review.get(choice["id"], {})
        is_chosen = choice["id"] in chosen
        fraction = info.get("fraction", ZERO)
        items.append(
            {
                **choice,
                "chosen": is_chosen,
                "correct": fraction > ZERO,
                "verdict": verdict(fraction, is_chosen),
            }
        )
    return items


class MultipleChoice(QuestionType):
    """One answer from a list. Response: the chosen choice's id (an int)."""

    identifier = "multichoice"
    label = _("Multiple choice (one answer)")
    description = _("The officer picks one answer; it earns its grade.")
    template = "quiz/question_types/multichoice.html"
    min_choices = 2
    shuffles_choices = True

    def clean_definition(self, options, choices):
        options = super().clean_definition(options, choices)
        if max(fraction_of(c) for c in choices) != ONE:
            raise ValidationError(
                {"choices": _("One answer must have the grade 100%.")}
            )
        return options

    def input_names(self, snapshot, layout):
        return {"choice"}

    def parse_response(self, snapshot, layout, data):
        value = single_value(data, "choice")
        if value is None:
            return None
        ids = [choice["id"] for choice in snapshot["choices"]]
        return parse_id(value, "choice", ids)

    def grade(self, snapshot, response) -> Decimal:
        for choice in snapshot["choices"]:
            if choice["id"] == response:
                return clamp_fraction(fraction_of(choice))
        return ZERO

    def chosen_choice_ids(self, snapshot, response):
        return {response} if response is not None else set()

    def correct_answer(self, snapshot, language):
        best = max(snapshot["choices"], key=fraction_of)
        return localized(best, "text", language)

    def response_text(self, snapshot, response, language):
        for choice in snapshot["choices"]:
            if choice["id"] == response:
                return localized(choice, "text", language)
        return ""

    def get_context(self, snapshot, layout, response, **kwargs):
        context = super().get_context(snapshot, layout, response, **kwargs)
        if context["review"]:
            chosen = self.chosen_choice_ids(snapshot, response)
            context["choices"] = reviewed_choices(context, chosen)
        return context
