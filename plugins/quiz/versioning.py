"""A question's version: it goes up when what an officer answers changes.

Attempts freeze a question with its version (``plugins.quiz.snapshot``). An
edit that changes the text, the explanation, the options, the choices or the
default mark makes a new version, so trainers can see which finished attempts
used an older one and regrade them. Renaming a question or moving it to
another category does not: officers never see either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F

from plugins.quiz.models import Question
from plugins.quiz.snapshot import snapshot_question

#: Snapshot keys that do not change what an officer answers.
_NOT_CONTENT = ("question_id", "version", "category_id", "title")
_RICH_TEXT = ("text", "text_km", "explanation", "explanation_km")
# The rich text editor adds a random block key to every paragraph the first
# time it saves text written elsewhere (a factory, an import): not a change.
_BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def content_state(question_id: int) -> dict[str, Any] | None:
    """What officers answer of the stored question (two queries); ``None`` if absent."""
    question = (
        Question.objects.filter(pk=question_id).prefetch_related("choices").first()
    )
    if question is None:
        return None
    state = dict(snapshot_question(question))
    for key in _NOT_CONTENT:
        state.pop(key, None)
    for key in _RICH_TEXT:
        state[key] = _BLOCK_KEY.sub("", state[key] or "")
    state["default_mark"] = str(question.default_mark.normalize())
    return state


def save_with_version(question: Question, save: Callable[[], Any]) -> bool:
    """Run ``save()`` (which stores ``question``) and bump its version on change.

    The stored content is read before and after the save, inside one
    transaction, so a save that changes nothing keeps the version. Returns
    whether the version went up; ``question.version`` is updated in place.
    """
    with transaction.atomic():
        before = content_state(question.pk) if question.pk else None
        save()
        if before is None or content_state(question.pk) == before:
            return False
        Question.objects.filter(pk=question.pk).update(version=F("version") + 1)
        question.version = (
            Question.objects.filter(pk=question.pk)
            .values_list("version", flat=True)
            .get()
        )
    return True
