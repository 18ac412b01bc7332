"""The result of one attempt: score, pass or fail, and review as the quiz allows."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from courses.activity_view import activity_context
from plugins.quiz.grading import final_grade
from plugins.quiz.models import Attempt
from plugins.quiz.question_types.base import LocalizedText
from plugins.quiz.taking import attempts_left, close_if_overdue, refusal_to_start
from plugins.quiz.views.access import attempt_url, own_attempts
from plugins.quiz.views.rendering import (
    content_notice,
    question_view,
    reading_language,
    review_allowed,
)


class _ResultText:
    """The result text, counted like a question's text by ``content_notice``."""

    def __init__(self, text):
        self.text, self.explanation, self.feedback = text, "", []


def result_text(quiz, attempt, language) -> str:
    """The quiz's success or fail text in ``language`` (its translation's, as a
    ``LocalizedText``), "" while the attempt waits for marking."""
    if attempt.passed is None:
        return ""
    name = "success_text" if attempt.passed else "fail_text"
    text, lang = quiz.localized_text(name, language)
    return LocalizedText(text, lang) if text else ""


@require_GET
def result(request, attempt_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = get_object_or_404(own_attempts(request.user), pk=attempt_id)
    if not attempt.is_finished and not close_if_overdue(attempt):
        return redirect(attempt_url(attempt))
    quiz = attempt.quiz
    language = reading_language(attempt)
    review = review_allowed(attempt)
    questions = []
    if review:
        questions = [
            question_view(item, language, review=True, disabled=True)
            for item in attempt.questions.all()
        ]
    attempts = list(
        Attempt.objects.filter(quiz=quiz, user=request.user).only(
            "number", "state", "percent", "pending_marking"
        )
    )
    can_retry = not any(not a.is_finished for a in attempts) and not refusal_to_start(
        quiz, used=len(attempts), can_edit=False, now=timezone.now()
    )
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "page": quiz,
        "review": review,
        "review_later": not review
        and not attempt.answers_discarded
        and not quiz.is_closed(),
        "questions": questions,
        "result_text": result_text(quiz, attempt, language),
        "grade": final_grade(attempts, quiz.grading_method),
        "attempts_left": attempts_left(quiz, len(attempts)),
        "can_retry": can_retry,
        "next_number": len(attempts) + 1,
        **activity_context(quiz, request),
    }
    # The notice about untranslated parts is this page's (questions, result
    # text), not the quiz page's that activity_context may bring.
    context["content_fallback"] = content_notice(
        [*questions, _ResultText(context["result_text"])], language
    )
    return render(request, "quiz/result.html", context)
