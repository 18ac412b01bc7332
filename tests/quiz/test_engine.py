"""The attempt engine (plugins.quiz.taking and grading) on the real database."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from random import Random

import pytest
from django.utils import timezone

from courses.enrolment import enrol
from courses.models import ActivityProgress
from plugins.quiz.grading import final_grade, quiz_grade, regrade_question
from plugins.quiz.models import Attempt, AttemptState, ClosedBy, Question
from plugins.quiz.selection import draw_questions
from plugins.quiz.taking import (
    AnswerUpdate,
    AttemptFinished,
    QuizUnavailable,
    StaleAnswer,
    close_overdue_attempts,
    save_answers,
    start_attempt,
    submit_attempt,
)
from tests.factories import make_user
from tests.quiz.factories import make_category, make_question, make_quiz

pytestmark = pytest.mark.django_db


def course_of(quiz):
    return quiz.get_parent().get_parent().specific


def enrolled(quiz, user=None):
    user = user or make_user()
    return enrol(user, course_of(quiz))[0]


def right_choice(question) -> int:
    return question.choices.get(fraction=1).pk


def wrong_choice(question) -> int:
    return question.choices.filter(fraction=0).first().pk


def answers(attempt, choices: list[int]) -> list[AnswerUpdate]:
    items = {item.position: item for item in attempt.questions.all()}
    return [
        AnswerUpdate(position, items[position].sequence, choice)
        for position, choice in enumerate(choices, start=1)
    ]


@pytest.fixture
def two_questions():
    category = make_category("Documents")
    return [make_question(category=category), make_question(category=category)]


# Starting ------------------------------------------------------------------


def test_a_second_start_returns_the_attempt_in_progress(two_questions):
    quiz = make_quiz(questions=two_questions)
    enrolment = enrolled(quiz)

    first, created = start_attempt(quiz, enrolment)
    second, created_again = start_attempt(quiz, enrolment)

    assert (created, created_again) == (True, False)
    assert second.pk == first.pk
    assert Attempt.objects.filter(quiz=quiz).count() == 1
    assert [item.position for item in first.questions.all()] == [1, 2]


def test_a_late_double_click_on_start_returns_the_attempt_it_offered(two_questions):
    """The first click started and submitted attempt 1; the second, which also
    offered attempt 1, must not start attempt 2."""
    quiz = make_quiz(questions=two_questions)
    enrolment = enrolled(quiz)
    attempt, _ = start_attempt(quiz, enrolment, expected_number=1)
    submit_attempt(attempt.pk)

    again, created = start_attempt(quiz, enrolment, expected_number=1)

    assert (again.pk, created) == (attempt.pk, False)
    retry, created = start_attempt(quiz, enrolment, expected_number=2)
    assert created and retry.number == 2


def test_attempts_allowed_and_single_attempt_are_enforced(two_questions):
    quiz = make_quiz(questions=two_questions, attempts_allowed=2)
    enrolment = enrolled(quiz)
    for _ in range(2):
        attempt, _ = start_attempt(quiz, enrolment)
        submit_attempt(attempt.pk)
    with pytest.raises(QuizUnavailable, match="all 2 of your attempts"):
        start_attempt(quiz, enrolment)

    single = make_quiz(questions=two_questions, single_attempt=True)
    enrolment = enrolled(single)
    attempt, _ = start_attempt(single, enrolment)
    submit_attempt(attempt.pk)
    with pytest.raises(QuizUnavailable, match="all 1 of your attempts"):
        start_attempt(single, enrolment)


def test_draft_open_and_close_dates_refuse_a_start(two_questions):
    now = timezone.now()
    draft = make_quiz(questions=two_questions, draft=True)
    with pytest.raises(QuizUnavailable, match="not open to officers"):
        start_attempt(draft, enrolled(draft))
    assert start_attempt(draft, enrolled(draft), can_edit=True)[1]

    later = make_quiz(questions=two_questions, opens_at=now + timedelta(days=1))
    with pytest.raises(QuizUnavailable, match="opens on"):
        start_attempt(later, enrolled(later))
    closed = make_quiz(questions=two_questions, closes_at=now - timedelta(minutes=1))
    with pytest.raises(QuizUnavailable, match="closed on"):
        start_attempt(closed, enrolled(closed))
    assert Attempt.objects.count() == 1


def test_a_quiz_without_questions_cannot_start():
    quiz = make_quiz()
    with pytest.raises(QuizUnavailable, match="no questions"):
        start_attempt(quiz, enrolled(quiz))
    assert not Attempt.objects.exists()


# Question selection --------------------------------------------------------


def test_max_questions_draws_that_many_of_the_quiz_questions():
    questions = [make_question() for _ in range(6)]
    quiz = make_quiz(questions=questions, max_questions=3)

    drawn = [d.question.pk for d in draw_questions(quiz, Random(1))]

    assert len(drawn) == 3 and set(drawn) <= {q.pk for q in questions}
    # Without random order, the drawn questions keep the quiz's order.
    assert drawn == sorted(drawn, key=[q.pk for q in questions].index)
    assert drawn == [d.question.pk for d in draw_questions(quiz, Random(1))]


def test_category_draws_include_sub_categories_and_never_repeat_a_question():
    parent = make_category("Travel documents")
    child = make_category("Visas", parent=parent)
    fixed = make_question(category=parent)
    in_child = [make_question(category=child) for _ in range(3)]
    quiz = make_quiz(questions=[fixed], draws=[(parent, 3)])

    drawn = [d.question.pk for d in draw_questions(quiz, Random(7))]

    assert drawn[0] == fixed.pk
    assert len(drawn) == 4 and len(set(drawn)) == 4
    assert set(drawn[1:]) == {q.pk for q in in_child}


def test_random_order_shuffles_per_seed_and_is_reproducible():
    questions = [make_question() for _ in range(8)]
    quiz = make_quiz(questions=questions, random_order=True)
    orders = {
        tuple(d.question.pk for d in draw_questions(quiz, Random(seed)))
        for seed in range(5)
    }
    assert len(orders) > 1
    again = tuple(d.question.pk for d in draw_questions(quiz, Random(3)))
    assert again == tuple(d.question.pk for d in draw_questions(quiz, Random(3)))


# Saving --------------------------------------------------------------------


def test_a_save_based_on_an_old_sequence_is_refused_and_changes_nothing(
    two_questions,
):
    quiz = make_quiz(questions=two_questions)
    attempt, _ = start_attempt(quiz, enrolled(quiz))
    first, second = two_questions
    save_answers(attempt.pk, [AnswerUpdate(1, 0, right_choice(first))])

    with pytest.raises(StaleAnswer) as refused:
        save_answers(
            attempt.pk,
            [
                AnswerUpdate(2, 0, right_choice(second)),
                AnswerUpdate(1, 0, wrong_choice(first)),
            ],
        )

    assert refused.value.position == 1 and refused.value.current_sequence == 1
    item1, item2 = attempt.questions.all()
    assert (item1.response, item1.sequence) == (right_choice(first), 1)
    assert (item2.response, item2.sequence) == (None, 0)  # all or nothing


def test_an_unchanged_answer_keeps_its_sequence(two_questions):
    quiz = make_quiz(questions=two_questions)
    attempt, _ = start_attempt(quiz, enrolled(quiz))
    choice = right_choice(two_questions[0])
    assert save_answers(attempt.pk, [AnswerUpdate(1, 0, choice)])[1] == 1
    assert save_answers(attempt.pk, [AnswerUpdate(1, 1, choice)])[1] == 1


def test_editing_a_question_does_not_change_a_started_attempt(two_questions):
    quiz = make_quiz(questions=two_questions)
    attempt, _ = start_attempt(quiz, enrolled(quiz))
    question = two_questions[0]
    question.text = "<p>Rewritten</p>"
    question.version += 1
    question.save()
    question.choices.all().delete()

    item = attempt.questions.get(position=1)
    assert item.snapshot["text"] == "<p>Which document is genuine?</p>"
    assert len(item.snapshot["choices"]) == 3
    assert item.question_version == 1


# Submitting and time -------------------------------------------------------


def test_submit_scores_once_and_a_second_submit_changes_nothing(two_questions):
    quiz = make_quiz(questions=two_questions, pass_mark=50)
    attempt, _ = start_attempt(quiz, enrolled(quiz))
    first, second = two_questions

    done, finished_now = submit_attempt(
        attempt.pk, answers(attempt, [right_choice(first), wrong_choice(second)])
    )
    again, finished_again = submit_attempt(
        attempt.pk, answers(attempt, [wrong_choice(first), right_choice(second)])
    )

    assert (finished_now, finished_again) == (True, False)
    assert (done.score, done.max_score, done.percent) == (1, 2, Decimal("50.000"))
    assert done.passed is True and done.closed_by == ClosedBy.OFFICER
    again.refresh_from_db()
    assert again.score == 1
    assert [i.response for i in again.questions.all()] == [
        right_choice(first),
        wrong_choice(second),
    ]


def test_past_the_deadline_the_attempt_closes_with_the_answers_saved_before(
    two_questions,
):
    quiz = make_quiz(questions=two_questions, time_limit_minutes=10)
    started = timezone.now() - timedelta(minutes=30)
    attempt, _ = start_attempt(quiz, enrolled(quiz), now=started)
    assert attempt.deadline == started + timedelta(minutes=10)
    first, second = two_questions
    save_answers(
        attempt.pk,
        [AnswerUpdate(1, 0, right_choice(first))],
        now=started + timedelta(minutes=5),
    )

    with pytest.raises(AttemptFinished, match="Time is up"):
        save_answers(attempt.pk, [AnswerUpdate(2, 0, right_choice(second))])
    done, finished_now = submit_attempt(
        attempt.pk, answers(attempt, [right_choice(first), right_choice(second)])
    )

    assert not finished_now
    assert done.state == AttemptState.FINISHED
    assert done.closed_by == ClosedBy.TIME_LIMIT
    assert done.submitted_at == attempt.deadline
    assert done.score == 1  # the answer saved in time, not the late one
    assert done.questions.get(position=2).response is None


def test_overdue_attempts_are_closed_by_the_sweep(two_questions):
    quiz = make_quiz(questions=two_questions, time_limit_minutes=5)
    started = timezone.now() - timedelta(minutes=6)
    attempt, _ = start_attempt(quiz, enrolled(quiz), now=started)
    fresh, _ = start_attempt(quiz, enrolled(quiz))

    assert close_overdue_attempts() == 1
    attempt.refresh_from_db()
    fresh.refresh_from_db()
    assert attempt.is_finished and not fresh.is_finished


def test_an_overdue_attempt_is_closed_before_a_new_one_starts(two_questions):
    quiz = make_quiz(questions=two_questions, time_limit_minutes=5)
    enrolment = enrolled(quiz)
    old, _ = start_attempt(quiz, enrolment, now=timezone.now() - timedelta(hours=1))

    new, created = start_attempt(quiz, enrolment)

    old.refresh_from_db()
    assert created and new.number == 2
    assert old.closed_by == ClosedBy.TIME_LIMIT


def test_the_close_date_caps_the_deadline(two_questions):
    closes = timezone.now() + timedelta(minutes=3)
    quiz = make_quiz(questions=two_questions, time_limit_minutes=60, closes_at=closes)
    attempt, _ = start_attempt(quiz, enrolled(quiz))
    assert attempt.deadline == closes
    close_overdue_attempts(now=closes)
    attempt.refresh_from_db()
    assert attempt.closed_by == ClosedBy.QUIZ_CLOSED


# Grades and completion -----------------------------------------------------


def finished(number, percent, pending=0):
    return Attempt(
        number=number,
        state=AttemptState.FINISHED,
        percent=Decimal(percent),
        pending_marking=pending,
    )


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", "80"), ("last", "60"), ("first", "40"), ("average", "60.000")],
)
def test_grading_methods(method, expected):
    attempts = [finished(2, 80), finished(1, 40), finished(3, 60), finished(4, 100, 1)]
    assert final_grade(attempts, method) == Decimal(expected)
    assert final_grade([], method) is None


def test_passing_completes_the_quiz_activity_and_failing_does_not(two_questions):
    quiz = make_quiz(questions=two_questions, pass_mark=100)
    enrolment = enrolled(quiz)
    first, second = two_questions

    attempt, _ = start_attempt(quiz, enrolment)
    submit_attempt(
        attempt.pk, answers(attempt, [right_choice(first), wrong_choice(second)])
    )
    progress = ActivityProgress.objects.get(enrolment=enrolment, page_id=quiz.pk)
    assert progress.completed_at is None and "quiz_finished" in progress.events

    retry, _ = start_attempt(quiz, enrolment)
    submit_attempt(
        retry.pk, answers(retry, [right_choice(first), right_choice(second)])
    )
    progress.refresh_from_db()
    assert progress.completed_at is not None
    assert quiz_grade(quiz, enrolment.user) == Decimal(100)


def test_regrade_rescores_finished_attempts_on_the_new_version(two_questions):
    quiz = make_quiz(questions=two_questions, pass_mark=100)
    enrolment = enrolled(quiz)
    first, second = two_questions
    attempt, _ = start_attempt(quiz, enrolment)
    # The officer picks what the key (wrongly) marks as wrong.
    picked = wrong_choice(first)
    submit_attempt(attempt.pk, answers(attempt, [picked, right_choice(second)]))
    attempt.refresh_from_db()
    assert attempt.score == 1 and attempt.passed is False

    # The trainer fixes the key: the officer's choice was right after all.
    first.choices.filter(pk=picked).update(fraction=1)
    first.choices.exclude(pk=picked).update(fraction=0)
    first.version += 1
    first.save()
    question = Question.objects.get(pk=first.pk)

    assert regrade_question(question) == 1
    attempt.refresh_from_db()
    item = attempt.questions.get(position=1)
    assert item.question_version == 2 and item.regraded_at is not None
    assert item.response == picked
    assert (attempt.score, attempt.passed) == (2, True)
    progress = ActivityProgress.objects.get(enrolment=enrolment, page_id=quiz.pk)
    assert progress.completed_at is not None
    assert regrade_question(question) == 0  # nothing left on an old version


def test_without_exam_paper_answers_are_discarded_but_scores_kept(two_questions):
    quiz = make_quiz(questions=two_questions, exam_paper=False)
    attempt, _ = start_attempt(quiz, enrolled(quiz))
    first, second = two_questions
    done, _ = submit_attempt(
        attempt.pk, answers(attempt, [right_choice(first), right_choice(second)])
    )
    assert done.answers_discarded and done.score == 2
    assert [i.response for i in done.questions.all()] == [None, None]
    assert [i.score for i in done.questions.all()] == [1, 1]


def test_the_close_overdue_attempts_command_reports_what_it_closed(two_questions):
    from io import StringIO

    from django.core.management import call_command

    quiz = make_quiz(questions=two_questions, time_limit_minutes=5)
    start_attempt(quiz, enrolled(quiz), now=timezone.now() - timedelta(minutes=9))
    out = StringIO()
    call_command("close_overdue_attempts", stdout=out)
    assert out.getvalue().strip() == "Closed 1 overdue attempt(s)."
    assert Attempt.objects.get(quiz=quiz).closed_by == ClosedBy.TIME_LIMIT


def test_feedback_after_close_needs_a_close_date():
    from django.core.exceptions import ValidationError

    from plugins.quiz.models import QuizPage

    quiz = QuizPage(title="Final", slug="final", feedback_timing="after_close")
    with pytest.raises(ValidationError) as refused:
        quiz.clean()
    assert "close date" in str(refused.value.message_dict["closes_at"])
    quiz.closes_at = timezone.now() + timedelta(days=7)
    quiz.clean()
