"""Freezing a bank question into the plain data an attempt keeps (``Snapshot``).

The snapshot keeps the English texts and, as ``*_km``, the texts of the
question's Khmer translation (``plugins.quiz.translation``), empty where a
text is not translated: grading, review and regrading work from the snapshot
alone, whichever language the officer reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from plugins.quiz.models import Question
from plugins.quiz.question_types.base import Snapshot
from plugins.quiz.translation import khmer_versions, translated

_UNSET = object()


def snapshot_question(question: Question, khmer=_UNSET) -> Snapshot:
    """The question as it is now: text, options and choices, with its version.

    ``khmer`` is the question's Khmer translation (``None`` for none); when
    it is not given it is looked up (two queries): callers freezing many
    questions use :func:`snapshot_questions`. Reads ``question.choices``
    through ``.all()`` so a prefetch is used.
    """
    if khmer is _UNSET:
        khmer = khmer_versions([question]).get(question.translation_key)
    khmer_choices = {c.translation_key: c for c in khmer.choices.all()} if khmer else {}

    def km(source, field):
        twin = khmer_choices.get(source.translation_key)
        if twin is None:
            return ""
        return translated(getattr(source, field), getattr(twin, field))

    return {
        "type": question.question_type,
        "question_id": question.pk,
        "version": question.version,
        "category_id": question.category_id,
        "title": question.title,
        "text": question.text,
        "text_km": translated(question.text, khmer.text) if khmer else "",
        "explanation": question.explanation,
        "explanation_km": (
            translated(question.explanation, khmer.explanation) if khmer else ""
        ),
        "options": dict(question.options or {}),
        "choices": [
            {
                "id": choice.pk,
                "text": choice.text,
                "text_km": km(choice, "text"),
                "match_text": choice.match_text,
                "match_text_km": km(choice, "match_text"),
                "fraction": str(choice.fraction),
                "tolerance": None
                if choice.tolerance is None
                else str(choice.tolerance),
                "feedback": choice.feedback,
                "feedback_km": km(choice, "feedback"),
            }
            for choice in sorted(
                question.choices.all(), key=lambda c: (c.sort_order or 0, c.pk)
            )
        ],
    }


def snapshot_questions(questions: Iterable[Question]) -> list[Snapshot]:
    """:func:`snapshot_question` for many questions: their Khmer translations
    are read in two queries for all of them."""
    questions = list(questions)
    khmer = khmer_versions(questions)
    return [snapshot_question(q, khmer.get(q.translation_key)) for q in questions]
