"""Serving the quiz page: its settings, the officer's attempts and the start button."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language

from courses.translations import record_course, record_page
from plugins.quiz.grading import final_grade
from plugins.quiz.models import Attempt
from plugins.quiz.taking import attempts_left, close_if_overdue, refusal_to_start


def question_count(quiz) -> int:
    """How many questions an attempt holds (at most; draws may find fewer)."""
    fixed = quiz.slots.count()
    if quiz.max_questions:
        fixed = min(fixed, quiz.max_questions)
    return fixed + sum(quiz.category_draws.values_list("count", flat=True))


def quiz_page_context(quiz, request, content_fallback=None) -> dict:
    """What the quiz page shows the signed-in, enrolled officer.

    ``quiz`` is the language version shown (its introduction is used); the
    settings, questions and attempts are the record version's.
    ``content_fallback`` is the page's (``courses.content_language``): the
    introduction is marked with the language its text is really in.
    """
    # A quiz being written (not saved yet) is previewed with no attempts.
    shown = quiz
    if quiz.pk is not None:
        # serve_activity found the course (and its versions) already.
        course = getattr(request, "lms_course", None)
        quiz = record_page(quiz, record_course(course) if course else None)
    now = timezone.now()
    attempts = []
    if quiz.pk is not None:
        attempts = list(
            Attempt.objects.filter(quiz=quiz, user=request.user).order_by("number")
        )
    in_progress = next((a for a in attempts if not a.is_finished), None)
    if in_progress is not None and close_if_overdue(in_progress, now=now):
        in_progress = None
    can_edit = quiz.draft and quiz.permissions_for_user(request.user).can_edit()
    refusal = None
    if in_progress is None:
        refusal = refusal_to_start(quiz, used=len(attempts), can_edit=can_edit, now=now)
    intro, intro_lang = shown.localized_text("intro", get_language())
    if content_fallback and intro == (shown.intro or ""):
        # The page's own intro: a Khmer version's untranslated segments are
        # still English (wagtail-localize keeps the source's text).
        intro_lang = content_fallback.field_lang("intro") or intro_lang
    return {
        "quiz": quiz,
        "intro": intro,
        "intro_lang": intro_lang,
        "question_count": question_count(quiz),
        "attempts": attempts,
        "in_progress": in_progress,
        "grade": final_grade(attempts, quiz.grading_method),
        "attempts_left": attempts_left(quiz, len(attempts)),
        "refusal": refusal,
        "offered_number": in_progress.number if in_progress else len(attempts) + 1,
        "is_editor_preview": bool(quiz.draft and can_edit),
    }
