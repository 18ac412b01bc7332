"""The quiz's completion rule and how attempts report to the completion engine."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from courses.completion import ACTIVITY, CompletionRule, record_event

#: Event recorded on the quiz's progress row when the officer's grade passes.
QUIZ_PASSED = "quiz_passed"
#: Event recorded when an attempt is finished (passed or not).
QUIZ_FINISHED = "quiz_finished"


class QuizPassedRule(CompletionRule):
    identifier = "quiz_passed"
    label = _("Quiz passed")
    scope = ACTIVITY
    page_types = ("quiz.QuizPage",)
    description = _(
        "Complete when the officer's grade (by the quiz's grading method) reaches "
        "the pass mark."
    )

    def is_complete(self, state) -> bool:
        return QUIZ_PASSED in state.progress.events


class QuizFinishedRule(CompletionRule):
    identifier = "quiz_finished"
    label = _("Quiz attempted")
    scope = ACTIVITY
    page_types = ("quiz.QuizPage",)
    description = _("Complete when the officer has finished one attempt.")

    def is_complete(self, state) -> bool:
        return QUIZ_FINISHED in state.progress.events


def record_outcome(attempt) -> None:
    """Tell the completion engine about a finished or newly graded attempt.

    Records ``quiz_finished`` once the attempt is finished and ``quiz_passed``
    when the officer's grade reaches the pass mark. Completion is stored once
    and is not taken back by a later, lower attempt.
    """
    from plugins.quiz.grading import has_passed

    if not attempt.is_finished:
        return
    quiz = attempt.quiz
    record_event(attempt.enrolment, quiz, QUIZ_FINISHED)
    if has_passed(quiz, attempt.user_id):
        record_event(attempt.enrolment, quiz, QUIZ_PASSED)
