"""Freezing a bank question into the plain data an attempt keeps (``Snapshot``)."""

from __future__ import annotations

from plugins.quiz.models import Question
from plugins.quiz.question_types.base import Snapshot


def snapshot_question(question: Question) -> Snapshot:
    """The question as it is now: text, options and choices, with its version.

    Reads ``question.choices`` through ``.all()`` so a prefetch is used.
    """
    return {
        "type": question.question_type,
        "question_id": question.pk,
        "version": question.version,
        "category_id": question.category_id,
        "title": question.title,
        "text": question.text,
        "text_km": question.text_km,
        "explanation": question.explanation,
        "explanation_km": question.explanation_km,
        "options": dict(question.options or {}),
        "choices": [
            {
                "id": choice.pk,
                "text": choice.text,
                "text_km": choice.text_km,
                "match_text": choice.match_text,
                "match_text_km": choice.match_text_km,
                "fraction": str(choice.fraction),
                "tolerance": None
                if choice.tolerance is None
                else str(choice.tolerance),
                "feedback": choice.feedback,
                "feedback_km": choice.feedback_km,
            }
            for choice in sorted(
                question.choices.all(), key=lambda c: (c.sort_order or 0, c.pk)
            )
        ],
    }
