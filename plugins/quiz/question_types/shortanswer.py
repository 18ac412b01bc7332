"""Short answer: the officer types a word or phrase, compared with accepted answers.

Each choice is an accepted answer with a fraction; the best matching one
scores. An answer matches in any language version: the English accepted
answer or its Khmer translation (``text_km`` in the snapshot, so grading
later or regrading needs nothing else). Both sides are compared after
``lms.khmer.normalise_khmer`` (the same Khmer text typed on two keyboards can
differ in code points, not in what it says: NFC, zero-width characters
removed, coeng and vowel order unified, Khmer digits read as Latin ones),
ignoring surrounding whitespace and runs of spaces, and ignoring case unless
``options`` has ``"case_sensitive": true``. As in Moodle, ``*`` in an
accepted answer matches any run of characters (``*passport*``); write ``\\*``
for a literal asterisk.

The form posts ``answer``; the response is the text as typed (at most
:data:`MAX_ANSWER_LENGTH` characters), ``None`` when blank.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.khmer import normalise_for_matching, normalise_khmer
from plugins.quiz.question_types.base import (
    ONE,
    ZERO,
    BestMatchQuestionType,
    bounded_text,
    fraction_of,
    localized,
    single_value,
)

MAX_ANSWER_LENGTH = 500
# An asterisk not preceded by a backslash.
_WILDCARD = re.compile(r"(?<!\\)\*")


def normalise(text: str, case_sensitive: bool) -> str:
    """``text`` as compared: Khmer-normalised, trimmed, single spaces, and
    case-folded unless case matters."""
    if case_sensitive:
        return " ".join(normalise_khmer(text).split())
    return normalise_for_matching(text)


def _pieces(answer: str, case_sensitive: bool) -> list[str]:
    """The literal parts of an accepted answer between its ``*`` wildcards."""
    return [
        part.replace("\\*", "*")
        for part in _WILDCARD.split(normalise(answer, case_sensitive))
    ]


def matches(response: str, answer: str, case_sensitive: bool = False) -> bool:
    """Whether ``response`` matches the accepted ``answer`` (with wildcards).

    A linear scan instead of a regular expression: many wildcards can make a
    backtracking regex take exponential time on a 500-character answer.
    """
    text = normalise(response, case_sensitive)
    pieces = _pieces(answer, case_sensitive)
    if len(pieces) == 1:
        return text == pieces[0]
    first, *middle, last = pieces
    if len(text) < len(first) + len(last):
        return False
    if not (text.startswith(first) and text.endswith(last)):
        return False
    position, end = len(first), len(text) - len(last)
    for piece in middle:
        found = text.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def typed_verdict(response, best) -> str:
    """What review says about a typed answer whose best match is ``best``."""
    fraction = ZERO if best is None else fraction_of(best)
    if response is None:
        return str(_("Not answered"))
    if fraction >= ONE:
        return str(_("Your answer: correct"))
    if fraction > ZERO:
        return str(_("Your answer: partly correct"))
    return str(_("Your answer: incorrect"))


class ShortAnswer(BestMatchQuestionType):
    """A typed answer. Response: the text as typed."""

    identifier = "shortanswer"
    label = _("Short answer")
    description = _("The officer types a word or short phrase.")
    template = "quiz/question_types/shortanswer.html"
    choice_field_labels = {
        "text": _("Accepted answer"),
    }

    def option_fields(self):
        return {
            "case_sensitive": forms.BooleanField(
                label=_("Case matters"),
                required=False,
                help_text=_("Off: “Passport” and “passport” are the same answer."),
            )
        }

    def clean_definition(self, options, choices):
        options = super().clean_definition(options, choices)
        for position, choice in enumerate(choices, start=1):
            if not normalise(choice.get("text") or "", True):
                raise ValidationError(
                    {
                        "choices": _(
                            "Answer %(position)d is empty; type an accepted answer."
                        )
                        % {"position": position}
                    }
                )
        if max(fraction_of(c) for c in choices) != ONE:
            raise ValidationError(
                {"choices": _("One accepted answer must have the grade 100%.")}
            )
        return {"case_sensitive": bool(options.get("case_sensitive", False))}

    def input_names(self, snapshot, layout):
        return {"answer"}

    def parse_response(self, snapshot, layout, data):
        value = single_value(data, "answer")
        if value is None:
            return None
        value = bounded_text(value, "answer", MAX_ANSWER_LENGTH).strip()
        return value or None

    def best_match(self, snapshot, response):
        """The accepted answer with the highest fraction that ``response`` matches."""
        if not response:
            return None
        case_sensitive = bool(snapshot["options"].get("case_sensitive"))
        best = None
        for choice in snapshot["choices"]:
            if matches(response, choice["text"], case_sensitive) or (
                choice.get("text_km")
                and matches(response, choice["text_km"], case_sensitive)
            ):
                if best is None or fraction_of(choice) > fraction_of(best):
                    best = choice
        return best

    def correct_answer(self, snapshot, language):
        best = max(snapshot["choices"], key=fraction_of)
        return localized(best, "text", language)

    def response_text(self, snapshot, response, language):
        return response or ""

    def get_context(self, snapshot, layout, response, **kwargs):
        context = super().get_context(snapshot, layout, response, **kwargs)
        # Accepted answers are the right answers: never in the public context.
        context["choices"] = []
        context["max_length"] = MAX_ANSWER_LENGTH
        if context["review"]:
            best = self.best_match(snapshot, response)
            context["verdict"] = typed_verdict(response, best)
            context["correct"] = best is not None and fraction_of(best) >= ONE
        return context
