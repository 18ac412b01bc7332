from decimal import Decimal

import pytest

from courses.enrolment import enrol
from courses.models import ActivityProgress
from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
from tests.factories import make_user
from tests.quiz.factories import make_question, make_quiz


@pytest.mark.django_db
def test_start_save_submit_completes_activity():
    question = make_question()
    quiz = make_quiz(questions=[question], pass_mark=50)
    officer = make_user()
    enrolment, _ = enrol(officer, quiz.get_parent().get_parent().specific)
    attempt, created = start_attempt(quiz, enrolment)
    assert created
    again, created_again = start_attempt(quiz, enrolment)
    assert again.pk == attempt.pk and not created_again
    right = question.choices.get(fraction=1).pk
    attempt, finished = submit_attempt(
        attempt.pk, [AnswerUpdate(position=1, sequence=0, response=right)]
    )
    assert finished and attempt.score == Decimal(1) and attempt.passed
    progress = ActivityProgress.objects.get(enrolment=enrolment, page_id=quiz.pk)
    assert progress.completed_at is not None
