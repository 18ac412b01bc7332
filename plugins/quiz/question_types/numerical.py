"""Numerical: the officer types a number; accepted answers have a tolerance.

Each choice's ``text`` is a number and its ``tolerance`` (optional, default
0) the accepted error either side. A response within the tolerance of an
answer earns that answer's fraction; the best such answer wins.

The form posts ``number``. A comma is read as the decimal mark and Khmer
digits (០-៩) as digits. The response is the number as a canonical string
(JSON has no decimals), ``None`` when blank.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plugins.quiz.question_types.base import (
    ONE,
    ZERO,
    BestMatchQuestionType,
    ResponseError,
    fraction_of,
    localized,
    parse_decimal,
    single_value,
)
from plugins.quiz.question_types.shortanswer import typed_verdict


def tolerance_of(choice) -> Decimal:
    tolerance = choice.get("tolerance")
    return ZERO if tolerance in (None, "") else Decimal(str(tolerance))


def _as_text(number: Decimal) -> str:
    """``2.50`` -> ``"2.5"``, ``1E+2`` -> ``"100"``: plain, without exponent."""
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "0") else text


class Numerical(BestMatchQuestionType):
    """A typed number. Response: the number as text ("12.5")."""

    identifier = "numerical"
    label = _("Numerical")
    description = _("The officer types a number; an error margin can be accepted.")
    template = "quiz/question_types/numerical.html"
    # A number reads the same in both languages: no Khmer text.
    choice_fields = ("text", "fraction", "tolerance", "feedback", "feedback_km")
    choice_field_labels = {"text": _("Number")}

    def clean_definition(self, options, choices):
        options = super().clean_definition(options, choices)
        for position, choice in enumerate(choices, start=1):
            try:
                parse_decimal(str(choice.get("text") or ""), "text")
            except ResponseError as error:
                raise ValidationError(
                    {
                        "choices": _("Answer %(position)d: %(problem)s")
                        % {"position": position, "problem": error.message}
                    }
                ) from None
            tolerance = choice.get("tolerance")
            if tolerance in (None, ""):
                continue
            try:
                problem = None
                if parse_decimal(str(tolerance), "tolerance") < 0:
                    problem = _("The tolerance cannot be negative.")
            except ResponseError as error:
                problem = error.message
            if problem:
                raise ValidationError(
                    {
                        "choices": _("Answer %(position)d: %(problem)s")
                        % {"position": position, "problem": problem}
                    }
                )
        if max(fraction_of(c) for c in choices) != ONE:
            raise ValidationError(
                {"choices": _("One answer must have the grade 100%.")}
            )
        return options

    def input_names(self, snapshot, layout):
        return {"number"}

    def parse_response(self, snapshot, layout, data):
        value = single_value(data, "number")
        if value is None or not value.strip():
            return None
        return _as_text(parse_decimal(value, "number"))

    def best_match(self, snapshot, response):
        """The answer with the highest fraction whose tolerance holds ``response``."""
        if response is None:
            return None
        number = Decimal(response)
        best = None
        for choice in snapshot["choices"]:
            try:
                answer = parse_decimal(str(choice["text"]), "text")
            except ResponseError:
                continue  # clean_definition refuses these; never crash a grade
            if abs(number - answer) <= tolerance_of(choice):
                if best is None or fraction_of(choice) > fraction_of(best):
                    best = choice
        return best

    def correct_answer(self, snapshot, language):
        best = max(snapshot["choices"], key=fraction_of)
        text = localized(best, "text", language)
        tolerance = tolerance_of(best)
        if tolerance:
            return f"{text} ± {_as_text(tolerance)}"
        return text

    def response_text(self, snapshot, response, language):
        return response or ""

    def get_context(self, snapshot, layout, response, **kwargs):
        context = super().get_context(snapshot, layout, response, **kwargs)
        # The answers are the right numbers: never in the public context.
        context["choices"] = []
        if context["review"]:
            best = self.best_match(snapshot, response)
            context["verdict"] = typed_verdict(response, best)
            context["correct"] = best is not None and fraction_of(best) >= ONE
        return context
