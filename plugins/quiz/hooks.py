"""Extension points that the quiz plugin offers to other plugins.

``lms_quiz_register_question_types``
    Implemented in a plugin's ``wagtail_hooks.py`` by a function that takes no
    arguments and returns a list of
    :class:`plugins.quiz.question_types.base.QuestionType` instances. Wagtail's
    ``order=`` decides the order in which authors see them.
    Identifier: ``question_type.identifier``; it is stored on every question and
    every attempt snapshot, so it must never be renamed. Two types with the same
    identifier are refused (system check ``lms.E003``).

A question whose type is no longer installed keeps its data; it cannot be added
to a new attempt, and attempts that already hold it show it as unavailable.
"""

from __future__ import annotations

from lms.registry import Registry

QUESTION_TYPES_HOOK = "lms_quiz_register_question_types"


def _validate_question_type(item):
    from plugins.quiz.question_types.base import QuestionType

    if not isinstance(item, QuestionType):
        raise TypeError(
            f"{QUESTION_TYPES_HOOK} must return QuestionType instances, got {item!r}"
        )
    item.check_definition()


question_types = Registry(
    QUESTION_TYPES_HOOK,
    kind="question type",
    identify=lambda item: item.identifier,
    validate=_validate_question_type,
)


def question_type_choices() -> list[tuple[str, str]]:
    """``(identifier, label)`` of every installed question type, for forms."""
    return [(qt.identifier, str(qt.label)) for qt in question_types]
