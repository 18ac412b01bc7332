"""Multiple choice, several answers: checkboxes; the chosen fractions add up.

Right answers carry positive fractions that sum to 100%; wrong ones carry
zero or a negative fraction, which takes marks off when picked (so ticking
every box does not pay). The score is floored at 0 and capped at 1.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plugins.quiz.question_types.base import (
    ONE,
    ZERO,
    QuestionType,
    ResponseError,
    clamp_fraction,
    fraction_of,
    localized,
    parse_id,
)
from plugins.quiz.question_types.multichoice import reviewed_choices

#: How far the positive fractions may miss 100% (3 x 33.333% = 99.999%). A
#: selection worth at least 1 - this earns full marks for the same reason.
ROUNDING = Decimal("0.0005")


def several_choices_verdict(fraction: Decimal, chosen: bool) -> str:
    """What review says next to a choice of a several-answers question."""
    if chosen:
        if fraction > ZERO:
            return str(_("Your answer: correct"))
        return str(_("Your answer: incorrect"))
    if fraction > ZERO:
        return str(_("Correct answer, not chosen"))
    return ""


class MultipleResponse(QuestionType):
    """Several answers from a list. Response: sorted list of chosen choice ids."""

    identifier = "multiresponse"
    label = _("Multiple choice (several answers)")
    description = _(
        "The officer ticks every right answer; wrong ticks can take marks off."
    )
    template = "quiz/question_types/multiresponse.html"
    min_choices = 2
    shuffles_choices = True

    def clean_definition(self, options, choices):
        options = super().clean_definition(options, choices)
        positive = sum((fraction_of(c) for c in choices if fraction_of(c) > 0), ZERO)
        if abs(positive - ONE) > ROUNDING:
            raise ValidationError(
                {
                    "choices": _(
                        "The grades of the right answers must add up to 100%%; "
                        "they add up to %(total)s%%."
                    )
                    % {"total": f"{(positive * 100).normalize():f}"}
                }
            )
        return options

    def input_names(self, snapshot, layout):
        return {"choice"}

    def parse_response(self, snapshot, layout, data):
        ids = [choice["id"] for choice in snapshot["choices"]]
        chosen = []
        for value in data.get("choice") or []:
            if value == "":
                continue
            pk = parse_id(value, "choice", ids)
            if pk in chosen:
                raise ResponseError(
                    "choice", _("Choice %(id)d was sent twice.") % {"id": pk}
                )
            chosen.append(pk)
        return sorted(chosen) or None

    def grade(self, snapshot, response) -> Decimal:
        chosen = set(response or ())
        total = sum(
            (fraction_of(c) for c in snapshot["choices"] if c["id"] in chosen), ZERO
        )
        if total >= ONE - ROUNDING:
            return ONE
        return clamp_fraction(total)

    def chosen_choice_ids(self, snapshot, response):
        return set(response or ())

    def correct_answer(self, snapshot, language):
        return "; ".join(
            localized(c, "text", language)
            for c in snapshot["choices"]
            if fraction_of(c) > 0
        )

    def response_text(self, snapshot, response, language):
        chosen = set(response or ())
        return "; ".join(
            localized(c, "text", language)
            for c in snapshot["choices"]
            if c["id"] in chosen
        )

    def get_context(self, snapshot, layout, response, **kwargs):
        context = super().get_context(snapshot, layout, response, **kwargs)
        context["selected"] = list(response or ())
        if context["review"]:
            chosen = self.chosen_choice_ids(snapshot, response)
            context["choices"] = reviewed_choices(
                context, chosen, several_choices_verdict
            )
        return context
