"""Essay: a free text that a trainer marks by hand (``auto_graded = False``).

``options`` (all optional):

``max_words``
    Refuse answers longer than this many words (a positive integer).
``response_template`` / ``response_template_km``
    Text the answer box starts with (headings to fill in, say).
``grader_info`` / ``grader_info_km``
    Notes for the trainer who marks; never shown to the officer.

The form posts ``text`` (at most :data:`MAX_ESSAY_LENGTH` characters); the
response is the text, ``None`` when blank. :meth:`Essay.grade` is never
called by the engine and raises if it is.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plugins.quiz.question_types.base import (
    MAX_TEXT_LENGTH,
    QuestionType,
    ResponseError,
    bounded_text,
    localized,
    single_value,
)

MAX_ESSAY_LENGTH = MAX_TEXT_LENGTH
TEXT_OPTIONS = (
    "response_template",
    "response_template_km",
    "grader_info",
    "grader_info_km",
)


def _textarea(label):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class Essay(QuestionType):
    """A written answer marked by a trainer. Response: the text."""

    identifier = "essay"
    label = _("Essay")
    description = _("The officer writes an answer; a trainer marks it.")
    template = "quiz/question_types/essay.html"
    auto_graded = False
    uses_choices = False
    min_choices = 0

    def option_fields(self):
        return {
            "max_words": forms.IntegerField(
                label=_("Word limit"), required=False, min_value=1, max_value=5000
            ),
            "response_template": _textarea(_("Answer template")),
            "response_template_km": _textarea(_("Answer template (Khmer)")),
            "grader_info": _textarea(_("Information for markers")),
            "grader_info_km": _textarea(_("Information for markers (Khmer)")),
        }

    def clean_definition(self, options, choices):
        options = super().clean_definition(options, choices)
        cleaned = {key: str(options.get(key) or "") for key in TEXT_OPTIONS}
        max_words = options.get("max_words")
        if max_words not in (None, ""):
            try:
                max_words = int(max_words)
            except (TypeError, ValueError):
                max_words = 0
            if max_words < 1:
                raise ValidationError(
                    {"max_words": _("The word limit must be a whole number above 0.")}
                )
            cleaned["max_words"] = max_words
        for key in ("response_template", "response_template_km"):
            if len(cleaned[key]) > MAX_ESSAY_LENGTH:
                raise ValidationError(
                    {key: _("The answer template is longer than an answer may be.")}
                )
        return cleaned

    def input_names(self, snapshot, layout):
        return {"text"}

    def parse_response(self, snapshot, layout, data):
        value = single_value(data, "text")
        if value is None:
            return None
        value = bounded_text(value, "text", MAX_ESSAY_LENGTH)
        if not value.strip():
            return None
        max_words = snapshot["options"].get("max_words")
        words = len(value.split())
        if max_words and words > max_words:
            raise ResponseError(
                "text",
                _("This answer has %(words)d words; the limit is %(limit)d.")
                % {"words": words, "limit": max_words},
            )
        return value

    def grade(self, snapshot, response):
        raise TypeError("Essays are marked by a trainer; grade() is not called.")

    def correct_answer(self, snapshot, language):
        return ""

    def response_text(self, snapshot, response, language):
        return response or ""

    def get_context(self, snapshot, layout, response, **kwargs):
        context = super().get_context(snapshot, layout, response, **kwargs)
        options = snapshot["options"]
        context["choices"] = []
        context["max_length"] = MAX_ESSAY_LENGTH
        context["max_words"] = options.get("max_words")
        if response is None and not context["review"]:
            context["initial"] = localized(
                options, "response_template", context["language"]
            )
        else:
            context["initial"] = response or ""
        return context
