"""Turning a posted attempt form into answer updates, or saying what is wrong.

Every question of the form is checked before anything is saved: a field that
no question asks for, a missing ``q<n>-sequence``, a malformed answer. The
first problem found is reported as :class:`FormError` naming the field as it
was posted (``q2-choice``), and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from plugins.quiz.models import AttemptQuestion
from plugins.quiz.question_types.base import ResponseError
from plugins.quiz.taking import AnswerUpdate

#: Fields every quiz form may post besides the questions' own.
FORM_FIELDS = {"csrfmiddlewaretoken", "action"}
#: A sequence is a count of saves; nine digits is far beyond any real one.
MAX_SEQUENCE_DIGITS = 9


class FormError(ValueError):
    """A posted field is wrong; ``field`` is its full name, ``message`` says why."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = str(message)
        super().__init__(f"{field}: {self.message}")


def prefix_of(item: AttemptQuestion) -> str:
    return f"q{item.position}"


def allowed_names(item: AttemptQuestion) -> set[str]:
    """Every field name (with prefix) the question at ``item`` may post."""
    prefix = prefix_of(item)
    names = {f"{prefix}-sequence"}
    if item.type is not None:
        names |= {
            f"{prefix}-{name}"
            for name in item.type.input_names(item.snapshot, item.layout)
        }
    return names


def parse_sequence(data: Mapping[str, list[str]], name: str) -> int:
    values = data.get(name)
    if not values:
        raise FormError(
            name, _("This field is missing: reload the page and answer again.")
        )
    if len(values) > 1:
        raise FormError(name, _("Send one value, not %(n)d.") % {"n": len(values)})
    value = values[0]
    if not value.isascii() or not value.isdigit() or len(value) > MAX_SEQUENCE_DIGITS:
        raise FormError(
            name, _("“%(value)s” is not a save counter.") % {"value": value[:20]}
        )
    return int(value)


def collect_updates(
    items: Iterable[AttemptQuestion],
    data: Mapping[str, list[str]],
    *,
    extra_fields: Iterable[str] = (),
) -> list[AnswerUpdate]:
    """The updates a form posts for ``items`` (every question it must carry).

    Raises :class:`FormError` for an unknown field, a missing sequence or a
    malformed answer. Questions that were checked (immediate feedback) or whose
    type is not installed give no update: their inputs are disabled or absent.
    """
    items = list(items)
    allowed = set(FORM_FIELDS) | set(extra_fields)
    for item in items:
        allowed |= allowed_names(item)
    for name in data:
        if name not in allowed:
            raise FormError(
                name[:60] or "-",
                _("This form does not ask for a field named “%(name)s”.")
                % {"name": name[:60]},
            )
    updates = []
    for item in items:
        prefix = prefix_of(item)
        sequence = parse_sequence(data, f"{prefix}-sequence")
        if item.type is None:
            continue
        start = f"{prefix}-"
        fields = {
            name[len(start) :]: values
            for name, values in data.items()
            if name.startswith(start) and name != f"{prefix}-sequence"
        }
        try:
            response = item.type.parse_response(item.snapshot, item.layout, fields)
        except ResponseError as error:
            raise FormError(f"{prefix}-{error.field}", error.message) from None
        if item.checked:
            if fields and response != item.response:
                raise FormError(
                    f"{prefix}-sequence",
                    _("Question %(position)d has been checked and cannot change.")
                    % {"position": item.position},
                )
            continue
        updates.append(AnswerUpdate(item.position, sequence, response))
    return updates
