"""The question-type contract, which built-in and plugin question types implement.

A question type is a stateless object registered through the
``lms_quiz_register_question_types`` hook (see ``plugins.quiz.hooks``). It never
touches the database: it works on plain data.

**Authoring.** A question in the bank has rich text, a type identifier, a dict
of type-specific ``options`` and an ordered list of choices (Moodle's
"answers"), each with ``text``, an optional ``match_text`` (the right-hand side
of a matching pair), a ``fraction`` of the mark in [-1, 1], an optional
``tolerance`` and per-choice ``feedback``. A type says which of these it uses
(:attr:`QuestionType.uses_choices`, :attr:`QuestionType.choice_fields`,
:meth:`option_fields`) and checks a definition with :meth:`clean_definition`.
The admin's answer rows hold only the type's ``choice_fields``: a value posted
for another field is ignored.

**Snapshots.** When an attempt starts, each question is frozen into a snapshot
(a JSON dict; see :class:`Snapshot`), so editing the bank never changes what an
officer answered. Every method below that concerns an attempt receives the
snapshot, never the live question.

**Layouts.** :meth:`make_layout` fixes, once per attempt, what varies between
attempts (the order of choices); it is stored with the snapshot.

**Responses.** The browser posts form fields named ``<prefix>-<name>``; the
view strips the prefix and hands the type a mapping of name -> list of strings.
:meth:`parse_response` turns that into a JSON-able response (or ``None`` for
"not answered") and raises :class:`ResponseError` naming the field for
anything malformed. :meth:`input_names` lists the names a question accepts;
any other name is refused by the view before the type sees it.

**Scoring.** :meth:`grade` returns the fraction of the mark earned, a
``Decimal`` in [0, 1], deterministically from (snapshot, response) alone. Types
with ``auto_graded = False`` (essays) are marked by hand; ``grade`` is not
called for them.

**Rendering.** :attr:`template` renders the question's inputs. Its context holds
only what the officer may see: choices without fractions or feedback, unless
``review`` is set (after submission, as the quiz's settings allow). Correct
answers never reach the browser before then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from random import Random
from typing import Any, ClassVar, TypedDict

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from lms.richtext import is_blank_richtext, is_blank_text

#: The language of the bank's own texts (``text``; ``text_km`` is Khmer).
SOURCE_LANGUAGE = settings.LANGUAGE_CODE
#: Largest text a single response field accepts (characters). Essays may set less.
MAX_TEXT_LENGTH = 20_000
#: Numbers beyond this magnitude are refused as input.
MAX_NUMBER_MAGNITUDE = Decimal("1e15")

ZERO = Decimal(0)
ONE = Decimal(1)
#: Fractions and scores are kept to this precision.
FRACTION_PLACES = Decimal("0.00001")

#: Every field of an answer row (a ``Choice``), in the order the admin shows them.
CHOICE_FIELDS = (
    "text",
    "text_km",
    "match_text",
    "match_text_km",
    "fraction",
    "tolerance",
    "feedback",
    "feedback_km",
)
#: What an answer field holds when the question's type does not use it.
CHOICE_FIELD_DEFAULTS = {
    "text": "",
    "text_km": "",
    "match_text": "",
    "match_text_km": "",
    "fraction": ZERO,
    "tolerance": None,
    "feedback": "",
    "feedback_km": "",
}


class ChoiceSnapshot(TypedDict):
    """One choice of a question, as frozen in an attempt."""

    id: int
    text: str
    text_km: str
    match_text: str
    match_text_km: str
    fraction: str  # a Decimal in [-1, 1], as text
    tolerance: str | None  # a Decimal >= 0, as text, or None
    feedback: str
    feedback_km: str


class Snapshot(TypedDict):
    """A question as frozen when an attempt started (stored as JSON)."""

    type: str
    question_id: int | None
    version: int
    category_id: int | None
    title: str
    text: str
    text_km: str
    explanation: str
    explanation_km: str
    options: dict[str, Any]
    choices: list[ChoiceSnapshot]


class ResponseError(ValueError):
    """A response field is malformed. ``field`` names it (without the prefix)."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = str(message)
        super().__init__(f"{field}: {self.message}")


# Helpers types share -------------------------------------------------------


def fraction_of(choice: Mapping[str, Any]) -> Decimal:
    """A choice's fraction as a Decimal."""
    return Decimal(str(choice["fraction"]))


def clamp_fraction(value: Decimal) -> Decimal:
    """``value`` floored at 0, capped at 1 and rounded to :data:`FRACTION_PLACES`."""
    return min(ONE, max(ZERO, value)).quantize(FRACTION_PLACES)


class LocalizedText(str):
    """A text that knows the language it is written in (``lang``).

    Templates mark it with ``lang`` where that differs from the page's
    (``{{ text|lang_attr }}``, ``plugins.quiz.templatetags.quiz_tags``), so a
    Khmer reader's screen reader reads an English fallback as English.
    """

    lang: str = ""

    def __new__(cls, text: str, lang: str):
        instance = super().__new__(cls, text)
        instance.lang = lang
        return instance


def localized(data: Mapping[str, Any], key: str, language: str | None) -> str:
    """``data[key + "_km"]`` for Khmer when it is filled in, else ``data[key]``,
    as a :class:`LocalizedText` saying which.

    A Khmer text that shows nothing (an empty paragraph the editor saved)
    is not filled in: the reader gets the English rather than a blank.
    """
    khmer = data.get(f"{key}_km") if language == "km" else None
    if khmer and not is_blank_richtext(khmer):
        return LocalizedText(khmer, "km")
    return LocalizedText(data.get(key) or "", SOURCE_LANGUAGE)


def single_value(data: Mapping[str, Sequence[str]], name: str) -> str | None:
    """The one value posted as ``name``; ``None`` when absent or blank.

    Raises :class:`ResponseError` when the field was posted more than once.
    """
    values = data.get(name) or []
    if len(values) > 1:
        raise ResponseError(name, _("Send one value, not %(n)d.") % {"n": len(values)})
    if not values or values[0] == "":
        return None
    return values[0]


def bounded_text(value: str, name: str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """``value`` if it is at most ``max_length`` characters, else a ResponseError."""
    if len(value) > max_length:
        raise ResponseError(
            name,
            _("This answer is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(value), "limit": max_length},
        )
    if "\x00" in value:
        raise ResponseError(name, _("The answer contains a NUL character."))
    return value


def parse_id(value: str, name: str, allowed: Sequence[int]) -> int:
    """``value`` as one of the ``allowed`` ids, else a ResponseError naming ``name``."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ResponseError(
            name, _("“%(value)s” is not a choice id.") % {"value": value[:40]}
        ) from None
    if number not in allowed:
        raise ResponseError(
            name,
            _("Choice %(id)d does not belong to this question.") % {"id": number},
        )
    return number


def parse_decimal(value: str, name: str) -> Decimal:
    """A finite number of reasonable size, else a ResponseError naming ``name``.

    Accepts a comma as the decimal mark (officers type ``2,5``).
    """
    text = value.strip().replace(",", ".")
    if len(text) > 40:
        raise ResponseError(name, _("This number is too long."))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ResponseError(
            name, _("“%(value)s” is not a number.") % {"value": value[:40]}
        ) from None
    if not number.is_finite():
        raise ResponseError(name, _("Enter a finite number."))
    if abs(number) > MAX_NUMBER_MAGNITUDE:
        raise ResponseError(name, _("This number is too large."))
    return number


# The contract --------------------------------------------------------------


class QuestionType:
    """Base class for question types. Subclass it and register an instance.

    Class attributes to set:

    ``identifier``
        Stable, unique, stored on questions and snapshots. Never rename it.
    ``label``
        Translatable name shown to authors ("Multiple choice").
    ``description``
        One translatable sentence for authors.
    ``template``
        Template that renders the question's inputs (see :meth:`render`).
    ``auto_graded``
        ``False`` for types a trainer marks by hand (essays).
    ``uses_choices``
        Whether authors give choices. ``min_choices`` bounds how many.
    ``choice_fields``
        The fields of :data:`CHOICE_FIELDS` an answer row of this type has, in
        form order. The admin form has only these (values posted for others
        are ignored; new answers get :data:`CHOICE_FIELD_DEFAULTS`), and
        :meth:`clean_definition` receives the others at their defaults.
    ``choice_field_labels``
        Labels that replace a field's generic one for this type (a numerical
        answer is a "Number"), by field name.
    ``required_choice_fields``
        Fields of every answer that must show text; blank ones (spaces,
        zero-width characters) are refused by :meth:`clean_definition`.
    ``shuffles_choices``
        Whether the quiz's "shuffle answers" setting reorders the choices.
    """

    identifier: ClassVar[str]
    label: ClassVar[str]
    description: ClassVar[str] = ""
    template: ClassVar[str]
    auto_graded: ClassVar[bool] = True
    uses_choices: ClassVar[bool] = True
    min_choices: ClassVar[int] = 1
    shuffles_choices: ClassVar[bool] = False
    choice_fields: ClassVar[tuple[str, ...]] = (
        "text",
        "text_km",
        "fraction",
        "feedback",
        "feedback_km",
    )
    choice_field_labels: ClassVar[dict[str, Any]] = {}
    required_choice_fields: ClassVar[tuple[str, ...]] = ("text",)

    def check_definition(self) -> None:
        """Raise ``TypeError`` if the subclass misses a required attribute."""
        for attribute in ("identifier", "label", "template"):
            if not getattr(self, attribute, None):
                raise TypeError(
                    f"{type(self).__name__} must set the {attribute!r} attribute"
                )
        fields = self.choice_fields
        unknown = [name for name in fields if name not in CHOICE_FIELDS]
        unknown += [n for n in self.required_choice_fields if n not in fields]
        if unknown:
            raise TypeError(
                f"{type(self).__name__}.choice_fields names unknown or unused "
                f"answer fields: {unknown!r} (known: {CHOICE_FIELDS!r})"
            )

    def answer_fields(self) -> tuple[str, ...]:
        """The answer fields authors fill in: ``choice_fields``, none without
        choices."""
        return tuple(self.choice_fields) if self.uses_choices else ()

    # Authoring -------------------------------------------------------------

    def option_fields(self) -> dict[str, forms.Field]:
        """Form fields for the type's ``options`` (name -> field). Default: none."""
        return {}

    def clean_definition(
        self, options: dict[str, Any], choices: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """Check an authored question and return its normalised ``options``.

        ``choices`` are dicts with the keys of :class:`ChoiceSnapshot` (``id``
        may be ``None`` for new ones; ``fraction`` a Decimal). Raise
        ``ValidationError`` with a message that says what to change; key it by
        ``"choices"`` or an option name when it concerns one. The default checks
        the number of choices and that each fraction is in [-1, 1].
        """
        if self.uses_choices and len(choices) < self.min_choices:
            raise ValidationError(
                {
                    "choices": _(
                        "%(type)s questions need at least %(n)d answers; this one "
                        "has %(count)d."
                    )
                    % {"type": self.label, "n": self.min_choices, "count": len(choices)}
                }
            )
        if not self.uses_choices and choices:
            raise ValidationError(
                {
                    "choices": _(
                        "%(type)s questions have no list of answers: "
                        "remove the answers."
                    )
                    % {"type": self.label}
                }
            )
        for position, choice in enumerate(choices, start=1):
            for name in self.required_choice_fields:
                if not is_blank_text(choice.get(name)):
                    continue
                if name == "text":
                    message = _(
                        "Answer %(position)d is empty: write the answer (spaces "
                        "alone do not count)."
                    ) % {"position": position}
                else:
                    message = _("Answer %(position)d: “%(field)s” is empty.") % {
                        "position": position,
                        "field": self.choice_field_labels.get(name, name),
                    }
                raise ValidationError({"choices": message})
            fraction = Decimal(str(choice.get("fraction", 0)))
            if not (-ONE <= fraction <= ONE):
                raise ValidationError(
                    {
                        "choices": _(
                            "Answer %(position)d has the grade %(fraction)s%%; grades "
                            "must be between -100%% and 100%%."
                        )
                        % {
                            "position": position,
                            "fraction": f"{(fraction * 100).normalize():f}",
                        }
                    }
                )
        return dict(options)

    # Attempts --------------------------------------------------------------

    def make_layout(self, snapshot: Snapshot, rng: Random, shuffle: bool) -> dict:
        """What is fixed per attempt: by default the order of the choices."""
        order = [choice["id"] for choice in snapshot["choices"]]
        if shuffle and self.shuffles_choices:
            rng.shuffle(order)
        return {"choice_order": order}

    def input_names(self, snapshot: Snapshot, layout: dict) -> set[str]:
        """Every field name (without prefix) this question's form may post."""
        raise NotImplementedError

    def parse_response(
        self, snapshot: Snapshot, layout: dict, data: Mapping[str, Sequence[str]]
    ) -> Any:
        """Turn posted fields into a JSON-able response; ``None`` means unanswered.

        Only names from :meth:`input_names` are present in ``data``. Raise
        :class:`ResponseError` for a malformed value (another question's choice
        id, a number that is not finite, an oversized text...).
        """
        raise NotImplementedError

    def grade(self, snapshot: Snapshot, response: Any) -> Decimal:
        """The fraction of the mark earned, in [0, 1]; deterministic.

        ``response`` is ``None`` or a value :meth:`parse_response` returned.
        """
        raise NotImplementedError

    def feedback(self, snapshot: Snapshot, response: Any) -> list[dict[str, str]]:
        """Per-choice feedback for what the officer answered (for review).

        Returns the matched choices as dicts with ``feedback`` and
        ``feedback_km``. The default: every chosen choice with feedback.
        """
        chosen = self.chosen_choice_ids(snapshot, response)
        return [
            choice
            for choice in snapshot["choices"]
            if choice["id"] in chosen and (choice["feedback"] or choice["feedback_km"])
        ]

    def chosen_choice_ids(self, snapshot: Snapshot, response: Any) -> set[int]:
        """Ids of the choices a response selected (for feedback and statistics)."""
        return set()

    def correct_answer(self, snapshot: Snapshot, language: str | None) -> str:
        """A short text of the right answer, shown in review when allowed."""
        raise NotImplementedError

    def response_text(self, snapshot: Snapshot, response: Any, language) -> str:
        """The officer's response as text (for trainers' views and exports)."""
        raise NotImplementedError

    # Rendering -------------------------------------------------------------

    def public_choices(
        self, snapshot: Snapshot, layout: dict, language: str | None
    ) -> list[dict[str, Any]]:
        """Choices in layout order with only ``id`` and ``text``: safe to send."""
        by_id = {choice["id"]: choice for choice in snapshot["choices"]}
        return [
            {"id": pk, "text": localized(by_id[pk], "text", language)}
            for pk in layout.get("choice_order", by_id)
            if pk in by_id
        ]

    def get_context(
        self,
        snapshot: Snapshot,
        layout: dict,
        response: Any,
        *,
        prefix: str,
        language: str | None,
        disabled: bool = False,
        review: bool = False,
    ) -> dict[str, Any]:
        """Context for :attr:`template`. Subclasses add to it.

        Keys: ``prefix`` (field names are ``prefix-name``), ``choices`` (public),
        ``response``, ``disabled``, ``review``, and in review ``correct_answer``
        and ``choice_review`` (choice id -> {"fraction", "correct", "feedback"}).
        """
        context = {
            "question_type": self,
            "prefix": prefix,
            "choices": self.public_choices(snapshot, layout, language),
            "response": response,
            "disabled": disabled or review,
            "review": review,
            "language": language,
        }
        if review:
            context["correct_answer"] = self.correct_answer(snapshot, language)
            context["choice_review"] = {
                choice["id"]: {
                    "fraction": fraction_of(choice),
                    "correct": fraction_of(choice) > 0,
                    "feedback": localized(choice, "feedback", language),
                }
                for choice in snapshot["choices"]
            }
        return context

    def render(self, snapshot: Snapshot, layout: dict, response: Any, **kwargs) -> str:
        """HTML of the question's inputs (see :meth:`get_context` for ``kwargs``)."""
        context = self.get_context(snapshot, layout, response, **kwargs)
        return render_to_string(self.template, context)

    def __repr__(self):
        return f"<{type(self).__name__} {getattr(self, 'identifier', '?')!r}>"


class BestMatchQuestionType(QuestionType):
    """A type whose response earns the fraction of the best choice it matches.

    Short answer and numerical questions work this way (Moodle's "answers"):
    subclasses implement :meth:`best_match`; grading and the chosen choice
    follow from it.
    """

    def best_match(self, snapshot: Snapshot, response: Any) -> ChoiceSnapshot | None:
        """The highest-graded choice ``response`` matches, or ``None``."""
        raise NotImplementedError

    def grade(self, snapshot: Snapshot, response: Any) -> Decimal:
        best = self.best_match(snapshot, response)
        return ZERO if best is None else clamp_fraction(fraction_of(best))

    def chosen_choice_ids(self, snapshot: Snapshot, response: Any) -> set[int]:
        best = self.best_match(snapshot, response)
        return set() if best is None else {best["id"]}
