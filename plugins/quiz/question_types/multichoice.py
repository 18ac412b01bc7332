"""Multiple choice, one answer: a radio list; the chosen answer's fraction scores."""

from __future__ import annotations

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


class MultipleChoice(QuestionType):
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
