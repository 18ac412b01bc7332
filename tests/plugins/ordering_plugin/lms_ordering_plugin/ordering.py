"""Ordering: the choices, in their authored (sort) order, are the right order.

Layout: the items are always shuffled (in authored order they would give the
answer away); a shuffle that lands on the right order is rotated by one.

Without JavaScript the form posts one select per item, ``position-<id>`` =
its rank (1..n). Every item needs a rank and no two may share one. The
response is the list of choice ids in the officer's order, ``None`` when no
rank was given.

Score: the share of items in their right position. It is the simplest rule
to explain to an officer ("3 of 4 in the right place"); it is stricter than
a longest-common-subsequence score when one item is misplaced early and the
rest shift.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plugins.quiz.question_types.base import (
    ZERO,
    QuestionType,
    ResponseError,
    clamp_fraction,
    localized,
    single_value,
)


def field_name(pk: int) -> str:
    return f"position-{pk}"


class Ordering(QuestionType):
    """Items to put in order. Response: choice ids in the officer's order."""

    identifier = "ordering"
    label = _("Ordering")
    description = _("The officer puts the items in the right order.")
    template = "lms_ordering_plugin/ordering.html"
    min_choices = 2
    shuffles_choices = True

    def clean_definition(self, options, choices):
        options = super().clean_definition(options, choices)
        for position, choice in enumerate(choices, start=1):
            if not (choice.get("text") or "").strip():
                raise ValidationError(
                    {
                        "choices": _("Item %(position)d is empty.")
                        % {"position": position}
                    }
                )
        return options

    def make_layout(self, snapshot, rng, shuffle):
        right = [c["id"] for c in snapshot["choices"]]
        order = list(right)
        rng.shuffle(order)
        if order == right and len(order) > 1:
            order = order[1:] + order[:1]
        return {"choice_order": order}

    def _ids(self, snapshot, layout) -> list[int]:
        wanted = [c["id"] for c in snapshot["choices"]]
        ordered = [pk for pk in layout.get("choice_order", []) if pk in wanted]
        return ordered + [pk for pk in wanted if pk not in ordered]

    def input_names(self, snapshot, layout):
        return {field_name(c["id"]) for c in snapshot["choices"]}

    def parse_response(self, snapshot, layout, data):
        ids = self._ids(snapshot, layout)
        count = len(ids)
        ranks: dict[int, int] = {}
        missing = None
        for pk in ids:
            name = field_name(pk)
            value = single_value(data, name)
            if value is None:
                missing = missing or name
                continue
            try:
                rank = int(value)
            except ValueError:
                rank = 0
            if not 1 <= rank <= count:
                raise ResponseError(
                    name,
                    _("Choose a position from 1 to %(n)d.") % {"n": count},
                )
            if rank in ranks:
                raise ResponseError(
                    name,
                    _("Position %(rank)d is given to two items.") % {"rank": rank},
                )
            ranks[rank] = pk
        if not ranks:
            return None
        if missing:
            raise ResponseError(missing, _("Give every item a position."))
        return [ranks[rank] for rank in range(1, count + 1)]

    def grade(self, snapshot, response) -> Decimal:
        right = [c["id"] for c in snapshot["choices"]]
        if not response or not right:
            return ZERO
        placed = sum(1 for a, b in zip(right, response, strict=False) if a == b)
        return clamp_fraction(Decimal(placed) / Decimal(len(right)))

    def chosen_choice_ids(self, snapshot, response):
        return set(response or ())

    def feedback(self, snapshot, response):
        return []

    def correct_answer(self, snapshot, language):
        return "; ".join(localized(c, "text", language) for c in snapshot["choices"])

    def response_text(self, snapshot, response, language):
        by_id = {c["id"]: c for c in snapshot["choices"]}
        return "; ".join(
            localized(by_id[pk], "text", language)
            for pk in response or ()
            if pk in by_id
        )

    def get_context(self, snapshot, layout, response, **kwargs):
        context = super().get_context(snapshot, layout, response, **kwargs)
        rank_of = {pk: rank for rank, pk in enumerate(response or (), start=1)}
        right_rank = {c["id"]: i for i, c in enumerate(snapshot["choices"], start=1)}
        items = []
        for choice in context["choices"]:
            item = {**choice, "name": field_name(choice["id"])}
            item["rank"] = rank_of.get(choice["id"])
            if context["review"]:
                item["correct"] = item["rank"] == right_rank[choice["id"]]
                item["verdict"] = (
                    _("Right position")
                    if item["correct"]
                    else _("Wrong position; it belongs at %(rank)d.")
                    % {"rank": right_rank[choice["id"]]}
                )
            items.append(item)
        context["items"] = items
        context["positions"] = list(range(1, len(items) + 1))
        context.pop("choice_review", None)
        return context
