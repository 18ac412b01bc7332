"""The result of one attempt: score, pass or fail, and review as the quiz allows."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from courses.activity_view import activity_context
from plugins.quiz.grading import final_grade
from plugins.quiz.models import Attempt
from plugins.quiz.taking import attempts_left, close_if_overdue, refusal_to_start
from plugins.quiz.views.access import attempt_url, own_attempts
from plugins.quiz.views.rendering import question_view, review_allowed


@require_GET
def result(request, attempt_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = get_object_or_404(own_attempts(request.user), pk=attempt_id)
    if not attempt.is_finished and not close_if_overdue(attempt):
        return redirect(attempt_url(attempt))
    quiz = attempt.quiz
    language = get_language()
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
        "result_text": quiz.result_text(bool(attempt.passed), language)
        if attempt.passed is not None
        else "",
        "grade": final_grade(attempts, quiz.grading_method),
        "attempts_left": attempts_left(quiz, len(attempts)),
        "can_retry": can_retry,
        "next_number": len(attempts) + 1,
        **activity_context(quiz, request),
    }
    return render(request, "quiz/result.html", context)
