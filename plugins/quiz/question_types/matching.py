"""Matching: pair each item on the left with an option on the right.

Authoring: each choice is a pair, ``text`` -> ``match_text``. A choice with
an empty ``text`` and a ``match_text`` is a distractor: an extra option on
the right that matches nothing (as in Moodle). At least two pairs.

Layout: ``choice_order`` holds the left items (shuffled when the quiz
shuffles answers); ``match_order`` holds the right-hand options, always
shuffled, since in authoring order they would give the answer away.

Duplicate right-hand texts collapse into one option. Two items may share a
match ("passport" -> "identity document", "ID card" -> "identity document"),
and listing "identity document" twice would be confusing and would let the
officer tell the pairs apart by which copy is which. An option is named by
the id of the first choice (in authoring order) with that ``match_text``;
any choice whose ``match_text`` is the option's text is matched by it.

The form posts one select per left item, ``match-<left id>`` = option id;
the response is ``{"<left id>": <option id>}`` for the answered items,
``None`` when none is. Score: the share of left items matched correctly.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.richtext import is_blank_text
from plugins.quiz.question_types.base import (
    ZERO,
    QuestionType,
    clamp_fraction,
    localized,
    parse_id,
    single_value,
)


def _key(text: str) -> str:
    # Invisible characters alone are no item (a distractor) and no match.
    return "" if is_blank_text(text) else text.strip()


def pairs_of(snapshot) -> list[dict]:
    """The choices that are left items (not distractors), in authoring order."""
    return [c for c in snapshot["choices"] if _key(c["text"])]


def options_of(snapshot) -> dict[str, dict]:
    """Right-hand options: match text -> the first choice that carries it."""
    options: dict[str, dict] = {}
    for choice in snapshot["choices"]:
        key = _key(choice["match_text"])
        if key and key not in options:
            options[key] = choice
    return options


def field_name(pk: int) -> str:
    return f"match-{pk}"


class Matching(QuestionType):
    """Pairs to match. Response: ``{"<left id>": <option id>}``."""

    identifier = "matching"
    label = _("Matching")
    description = _("The officer matches each item with one of a list of options.")
    template = "quiz/question_types/matching.html"
    min_choices = 2
    shuffles_choices = True
    # Pairs score as a share of the pairs: no grade and no feedback per answer.
    choice_fields = ("text", "text_km", "match_text", "match_text_km")
    choice_field_labels = {
        "text": _("Item to match"),
        "text_km": _("Item to match (Khmer)"),
    }
    # An answer without an item is a distractor; ``clean_definition`` asks
    # for the match of each.
    required_choice_fields = ()

    def clean_definition(self, options, choices):
        options = super().clean_definition(options, choices)
        khmer_of: dict[str, tuple[int, str]] = {}
        pairs = 0
        for position, choice in enumerate(choices, start=1):
            text, match = _key(choice.get("text")), _key(choice.get("match_text"))
            if not match:
                raise ValidationError(
                    {
                        "choices": _(
                            "Answer %(position)d has no match: fill in what it "
                            "pairs with."
                        )
                        % {"position": position}
                    }
                )
            pairs += bool(text)
            khmer = _key(choice.get("match_text_km"))
            first = khmer_of.setdefault(match, (position, khmer))
            if first[1] != khmer:
                raise ValidationError(
                    {
                        "choices": _(
                            "Answers %(first)d and %(position)d match the same text "
                            "“%(match)s” but have different Khmer matches; make "
                            "them the same."
                        )
                        % {"first": first[0], "position": position, "match": match}
                    }
                )
        if pairs < 2:
            raise ValidationError(
                {
                    "choices": _(
                        "Matching questions need at least 2 pairs (an answer with "
                        "its match); this one has %(count)d."
                    )
                    % {"count": pairs}
                }
            )
        return options

    def make_layout(self, snapshot, rng, shuffle):
        order = [c["id"] for c in pairs_of(snapshot)]
        if shuffle:
            rng.shuffle(order)
        match_order = [c["id"] for c in options_of(snapshot).values()]
        rng.shuffle(match_order)
        return {"choice_order": order, "match_order": match_order}

    def _option_ids(self, snapshot, layout) -> list[int]:
        """Option ids in layout order, tolerating layouts a regrade extended."""
        wanted = [c["id"] for c in options_of(snapshot).values()]
        ordered = [pk for pk in layout.get("match_order", []) if pk in wanted]
        return ordered + [pk for pk in wanted if pk not in ordered]

    def _left_ids(self, snapshot, layout) -> list[int]:
        wanted = [c["id"] for c in pairs_of(snapshot)]
        ordered = [pk for pk in layout.get("choice_order", []) if pk in wanted]
        return ordered + [pk for pk in wanted if pk not in ordered]

    def input_names(self, snapshot, layout):
        return {field_name(c["id"]) for c in pairs_of(snapshot)}

    def parse_response(self, snapshot, layout, data):
        allowed = self._option_ids(snapshot, layout)
        response = {}
        for pk in self._left_ids(snapshot, layout):
            name = field_name(pk)
            value = single_value(data, name)
            if value is not None:
                response[str(pk)] = parse_id(value, name, allowed)
        return response or None

    def _is_right(self, by_id, left, response) -> bool:
        picked = by_id.get((response or {}).get(str(left["id"])))
        return picked is not None and _key(picked["match_text"]) == _key(
            left["match_text"]
        )

    def grade(self, snapshot, response) -> Decimal:
        pairs = pairs_of(snapshot)
        if not response or not pairs:
            return ZERO
        by_id = {c["id"]: c for c in snapshot["choices"]}
        right = sum(1 for left in pairs if self._is_right(by_id, left, response))
        return clamp_fraction(Decimal(right) / Decimal(len(pairs)))

    def chosen_choice_ids(self, snapshot, response):
        return {int(pk) for pk in (response or {})}

    def feedback(self, snapshot, response):
        return []

    def correct_answer(self, snapshot, language):
        return "; ".join(
            f"{localized(c, 'text', language)} → {localized(c, 'match_text', language)}"
            for c in pairs_of(snapshot)
        )

    def response_text(self, snapshot, response, language):
        by_id = {c["id"]: c for c in snapshot["choices"]}
        parts = []
        for left in pairs_of(snapshot):
            picked = by_id.get((response or {}).get(str(left["id"])))
            if picked is not None:
                parts.append(
                    f"{localized(left, 'text', language)} → "
                    f"{localized(picked, 'match_text', language)}"
                )
        return "; ".join(parts)

    def get_context(self, snapshot, layout, response, **kwargs):
        context = super().get_context(snapshot, layout, response, **kwargs)
        language = context["language"]
        by_id = {c["id"]: c for c in snapshot["choices"]}
        context["options"] = [
            {"id": pk, "text": localized(by_id[pk], "match_text", language)}
            for pk in self._option_ids(snapshot, layout)
        ]
        pairs = []
        for pk in self._left_ids(snapshot, layout):
            left = by_id[pk]
            item = {
                "id": pk,
                "name": field_name(pk),
                "text": localized(left, "text", language),
                "selected": (response or {}).get(str(pk)),
            }
            if context["review"]:
                right = self._is_right(by_id, left, response)
                item["verdict"] = (
                    _("Your answer: correct") if right else _("Your answer: incorrect")
                )
                item["correct"] = right
                item["correct_match"] = localized(left, "match_text", language)
            pairs.append(item)
        context["pairs"] = pairs
        context["choices"] = []
        context.pop("choice_review", None)
        return context
