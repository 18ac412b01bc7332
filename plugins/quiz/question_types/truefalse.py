"""True or false: the officer says whether the question's statement is true.

Moodle-like and authored without answer rows (``uses_choices = False``):

``options``
    ``{"correct": true|false, "feedback_true": "...", "feedback_false": "..."}``
    (each feedback also as ``feedback_true_km`` / ``feedback_false_km``).
    ``feedback_true`` is shown to an officer who answered "True", whether or
    not that was right; likewise ``feedback_false``.

The form posts ``answer`` = ``"true"`` or ``"false"``; the response is the
JSON boolean.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plugins.quiz.question_types.base import (
    ONE,
    ZERO,
    QuestionType,
    ResponseError,
    single_value,
)

VALUES = {"true": True, "false": False}
FEEDBACK_KEYS = (
    "feedback_true",
    "feedback_true_km",
    "feedback_false",
    "feedback_false_km",
)


def _word(value: bool, language: str | None) -> str:
    with translation.override(language or translation.get_language()):
        return str(_("True") if value else _("False"))


class TrueFalse(QuestionType):
    """A statement to judge. Response: ``True`` or ``False``."""

    identifier = "truefalse"
    label = _("True or false")
    description = _("The officer says whether a statement is true or false.")
    template = "quiz/question_types/truefalse.html"
    uses_choices = False
    min_choices = 0

    def option_fields(self):
        return {
            "correct": forms.TypedChoiceField(
                label=_("The statement is"),
                # Bool keys render as "True"/"False", so a stored option
                # shows as the checked radio when the question is edited.
                choices=[(True, _("True")), (False, _("False"))],
                coerce=lambda value: value in (True, "True"),
                widget=forms.RadioSelect,
            ),
            "feedback_true": forms.CharField(
                label=_("Feedback for the answer “True”"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
            "feedback_true_km": forms.CharField(
                label=_("Feedback for the answer “True” (Khmer)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
            "feedback_false": forms.CharField(
                label=_("Feedback for the answer “False”"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
            "feedback_false_km": forms.CharField(
                label=_("Feedback for the answer “False” (Khmer)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
        }

    def clean_definition(self, options, choices):
        options = super().clean_definition(options, choices)
        correct = options.get("correct")
        if isinstance(correct, str):
            correct = VALUES.get(correct.strip().lower(), correct)
        if not isinstance(correct, bool):
            raise ValidationError(
                {"correct": _("Say whether the statement is true or false.")}
            )
        cleaned = {"correct": correct}
        for key in FEEDBACK_KEYS:
            cleaned[key] = str(options.get(key) or "").strip()
        return cleaned

    def input_names(self, snapshot, layout):
        return {"answer"}

    def parse_response(self, snapshot, layout, data):
        value = single_value(data, "answer")
        if value is None:
            return None
        if value not in VALUES:
            raise ResponseError(
                "answer",
                _("Answer “true” or “false”, not “%(value)s”.") % {"value": value[:40]},
            )
        return VALUES[value]

    def grade(self, snapshot, response) -> Decimal:
        if response is None:
            return ZERO
        return ONE if response is snapshot["options"].get("correct") else ZERO

    def feedback(self, snapshot, response):
        if response is None:
            return []
        key = "feedback_true" if response else "feedback_false"
        options = snapshot["options"]
        item = {
            "feedback": options.get(key) or "",
            "feedback_km": options.get(f"{key}_km") or "",
        }
        return [item] if item["feedback"] or item["feedback_km"] else []

    def correct_answer(self, snapshot, language):
        return _word(bool(snapshot["options"].get("correct")), language)

    def response_text(self, snapshot, response, language):
        return "" if response is None else _word(response, language)

    def get_context(self, snapshot, layout, response, **kwargs):
        context = super().get_context(snapshot, layout, response, **kwargs)
        correct = snapshot["options"].get("correct")
        review = context["review"]
        context["choices"] = []
        for value, text in ((True, _("True")), (False, _("False"))):
            item = {"value": "true" if value else "false", "text": text}
            item["checked"] = response is value
            if review:
                item["correct"] = value is correct
                if item["checked"]:
                    item["verdict"] = (
                        _("Your answer: correct")
                        if item["correct"]
                        else _("Your answer: incorrect")
                    )
                elif item["correct"]:
                    item["verdict"] = _("Correct answer")
            context["choices"].append(item)
        return context
