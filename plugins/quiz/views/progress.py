"""The officer's results by topic across every quiz (django-quiz's "progress")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from courses.translations import prefetch_localized
from plugins.quiz.grading import category_results, final_grade
from plugins.quiz.models import Attempt, AttemptState, QuestionCategory
from plugins.quiz.translation import category_names

#: At or above this percentage a topic counts as a strength...
STRENGTH_PERCENT = 80
#: ...and below this one as a gap to work on.
GAP_PERCENT = 50


@require_GET
@login_required
def progress(request):
    language = get_language()
    attempts = list(
        Attempt.objects.filter(user=request.user, state=AttemptState.FINISHED)
        .select_related("quiz")
        .order_by("quiz__path", "number")
    )
    results = category_results(attempts)
    categories = list(
        QuestionCategory.objects.filter(
            pk__in=[row["category_id"] for row in results if row["category_id"]]
        )
    )
    # Names in the reader's language (the categories' translations) and the
    # quizzes' titles in it: one query each, however many topics and quizzes.
    khmer_names = category_names(categories, language)
    names = {c.pk: khmer_names.get(c.pk, c.name) for c in categories}
    prefetch_localized([attempt.quiz for attempt in attempts], language)
    topics = []
    for row in results:
        percent = row["percent"]
        topics.append(
            {
                **row,
                "name": names.get(row["category_id"], ""),
                "strength": percent is not None and percent >= STRENGTH_PERCENT,
                "gap": percent is not None and percent < GAP_PERCENT,
            }
        )
    topics.sort(key=lambda t: (-(t["percent"] or 0), t["name"]))
    quizzes = {}
    for attempt in attempts:
        quizzes.setdefault(attempt.quiz_id, (attempt.quiz, []))[1].append(attempt)
    quiz_rows = [
        {
            "quiz": quiz,
            "attempts": len(quiz_attempts),
            "grade": final_grade(quiz_attempts, quiz.grading_method),
            "pass_mark": quiz.pass_mark,
        }
        for quiz, quiz_attempts in quizzes.values()
    ]
    return render(
        request,
        "quiz/progress.html",
        {"topics": topics, "quiz_rows": quiz_rows},
    )
