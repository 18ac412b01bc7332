"""Attempts under real concurrency on PostgreSQL: starts, saves and submits racing.

Each racing call runs in its own thread with its own database connection, all
released together by a barrier. SQLite cannot run these (its in-memory test
database refuses a second writer instead of queueing it), so they are skipped
there; ``make test`` runs them on PostgreSQL.
"""

from __future__ import annotations

from collections import Counter

import pytest

from courses.enrolment import enrol
from courses.models import ActivityProgress
from plugins.quiz.models import Attempt, AttemptQuestion, AttemptState
from plugins.quiz.taking import (
    AnswerUpdate,
    AttemptFinished,
    StaleAnswer,
    save_answers,
    start_attempt,
    submit_attempt,
)
from tests.concurrency import run_many
from tests.courses.conftest import requires_postgresql
from tests.factories import make_user
from tests.quiz.factories import make_category, make_question, make_quiz

pytestmark = [
    requires_postgresql,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def quiz_with_questions(count=3, **settings):
    category = make_category()
    questions = [make_question(category=category) for _ in range(count)]
    return make_quiz(questions=questions, **settings), questions


def enrolled(quiz, user=None):
    user = user or make_user()
    return enrol(user, quiz.get_parent().get_parent().specific)[0]


def test_a_hundred_concurrent_starts_make_one_attempt():
    quiz, _ = quiz_with_questions()
    enrolment = enrolled(quiz)

    outcomes = run_many(lambda _i: start_attempt(quiz, enrolment), 100)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert errors == []
    assert len({attempt.pk for attempt, _created in outcomes}) == 1
    assert sum(created for _attempt, created in outcomes) == 1
    assert Attempt.objects.filter(quiz=quiz).count() == 1
    assert AttemptQuestion.objects.filter(attempt__quiz=quiz).count() == 3


def test_fifty_pairs_of_concurrent_submits_grade_once_and_lose_no_answer():
    """Two tabs submit the same attempt at once, for 50 officers in parallel."""
    quiz, questions = quiz_with_questions(pass_mark=60)
    right = [q.choices.get(fraction=1).pk for q in questions]
    attempts = []
    for _ in range(50):
        attempt, _ = start_attempt(quiz, enrolled(quiz))
        # An autosave before the submits: it must survive both of them.
        save_answers(attempt.pk, [AnswerUpdate(1, 0, right[0])])
        attempts.append(attempt)

    def submit(index):
        attempt = attempts[index // 2]
        # Both tabs send what they show: Q1 as autosaved, Q2 and Q3 answered.
        updates = [
            AnswerUpdate(1, 1, right[0]),
            AnswerUpdate(2, 0, right[1]),
            AnswerUpdate(3, 0, right[2]),
        ]
        return submit_attempt(attempt.pk, updates)

    outcomes = run_many(submit, 100)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    finished_now = Counter(
        attempt.pk for attempt, first in outcomes if first
    )  # which calls did the grading
    assert sorted(finished_now.values()) == [1] * 50
    for attempt in Attempt.objects.filter(quiz=quiz).prefetch_related("questions"):
        assert attempt.state == AttemptState.FINISHED
        assert attempt.score == 3 and attempt.passed is True
        assert [q.response for q in attempt.questions.all()] == right
        assert [q.sequence for q in attempt.questions.all()] == [1, 1, 1]
    completed = ActivityProgress.objects.filter(
        page_id=quiz.pk, completed_at__isnull=False
    )
    assert completed.count() == 50


def test_of_two_tabs_saving_on_the_same_version_one_wins_and_one_is_told():
    quiz, questions = quiz_with_questions()
    choices = list(questions[0].choices.order_by("pk").values_list("pk", flat=True))
    pairs = []
    for _ in range(50):
        attempt, _ = start_attempt(quiz, enrolled(quiz))
        pairs.append(attempt)

    def save(index):
        attempt = pairs[index // 2]
        return save_answers(attempt.pk, [AnswerUpdate(1, 0, choices[index % 2])])

    outcomes = run_many(save, 100)

    for pair in range(50):
        results = outcomes[2 * pair : 2 * pair + 2]
        stale = [r for r in results if isinstance(r, StaleAnswer)]
        saved = [r for r in results if isinstance(r, dict)]
        assert len(stale) == 1 and len(saved) == 1, results
        item = pairs[pair].questions.get(position=1)
        # The stored answer is the winner's, at sequence 1: the loser changed nothing.
        winner = choices[0] if isinstance(results[0], dict) else choices[1]
        assert (item.response, item.sequence) == (winner, 1)


def test_saves_racing_a_submit_either_land_before_it_or_are_refused():
    """Autosaves and the submit of one attempt at once: no save lands after grading."""
    quiz, questions = quiz_with_questions()
    right = [q.choices.get(fraction=1).pk for q in questions]
    attempts = [start_attempt(quiz, enrolled(quiz))[0] for _ in range(30)]

    def act(index):
        attempt = attempts[index // 2]
        if index % 2:
            return submit_attempt(attempt.pk)
        return save_answers(attempt.pk, [AnswerUpdate(1, 0, right[0])])

    outcomes = run_many(act, 60)

    for number, attempt in enumerate(attempts):
        save, submit = outcomes[2 * number], outcomes[2 * number + 1]
        assert not isinstance(submit, Exception)
        attempt.refresh_from_db()
        item = attempt.questions.get(position=1)
        if isinstance(save, AttemptFinished):
            assert item.response is None and attempt.score == 0
        else:
            assert save == {1: 1}
            assert item.response == right[0] and attempt.score == 1


# The same races through HTTP: the views, the request parsing and the engine.


def http_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_hundred_concurrent_start_requests_make_one_attempt():
    from django.urls import reverse

    from tests.quiz.view_helpers import post_form

    quiz, _ = quiz_with_questions()
    enrolment = enrolled(quiz)
    clients = [http_client(enrolment.user) for _ in range(4)]
    url = reverse("quiz:start", args=[quiz.pk])

    responses = run_many(lambda i: post_form(clients[i % 4], url, {"number": 1}), 100)

    assert [r for r in responses if isinstance(r, Exception)] == []
    assert {r.status_code for r in responses} == {302}
    attempt = Attempt.objects.get(quiz=quiz)
    assert {r.url for r in responses} == {f"/plugins/quiz/attempts/{attempt.pk}/"}


def test_fifty_pairs_of_two_tabs_submitting_over_http():
    """Each tab posts the whole form with its own answers for the other questions.

    Exactly one submit per attempt grades it; the other is told it was already
    submitted (409, a link to the result); no 500, and no answer is lost: the
    autosaved answer is kept and the grading tab's answers are the ones graded.
    """
    from django.urls import reverse

    from tests.quiz.view_helpers import post_form

    quiz, questions = quiz_with_questions(pass_mark=60)
    right = [q.choices.get(fraction=1).pk for q in questions]
    tabs = []
    for _ in range(50):
        enrolment = enrolled(quiz)
        attempt, _ = start_attempt(quiz, enrolment)
        save_answers(attempt.pk, [AnswerUpdate(1, 0, right[0])])
        client = http_client(enrolment.user)
        tabs.append((attempt, client))

    def submit(index):
        attempt, client = tabs[index // 2]
        form = [
            ("action", "submit"),
            ("q1-sequence", "1"),
            ("q1-choice", str(right[0])),
            ("q2-sequence", "0"),
            ("q2-choice", str(right[1])),
            ("q3-sequence", "0"),
            ("q3-choice", str(right[2])),
        ]
        return post_form(client, reverse("quiz:attempt", args=[attempt.pk]), form)

    responses = run_many(submit, 100)

    assert [r for r in responses if isinstance(r, Exception)] == []
    for pair, (attempt, _client) in enumerate(tabs):
        statuses = sorted(r.status_code for r in responses[2 * pair : 2 * pair + 2])
        assert statuses == [302, 409], statuses
        refused = next(
            r for r in responses[2 * pair : 2 * pair + 2] if r.status_code == 409
        )
        assert reverse("quiz:result", args=[attempt.pk]).encode() in refused.content
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.FINISHED and attempt.score == 3
        assert [q.response for q in attempt.questions.all()] == right


def test_a_stale_autosave_request_is_refused_with_409():
    from django.urls import reverse

    from tests.quiz.view_helpers import post_form

    quiz, questions = quiz_with_questions()
    choices = list(questions[0].choices.order_by("pk").values_list("pk", flat=True))
    pairs = []
    for _ in range(50):
        enrolment = enrolled(quiz)
        attempt, _ = start_attempt(quiz, enrolment)
        pairs.append((attempt, http_client(enrolment.user)))

    def autosave(index):
        attempt, client = pairs[index // 2]
        url = reverse("quiz:autosave", args=[attempt.pk, 1])
        return post_form(
            client, url, {"q1-sequence": "0", "q1-choice": str(choices[index % 2])}
        )

    responses = run_many(autosave, 100)

    for pair, (attempt, _client) in enumerate(pairs):
        both = responses[2 * pair : 2 * pair + 2]
        assert sorted(r.status_code for r in both) == [200, 409]
        won = both.index(next(r for r in both if r.status_code == 200))
        item = attempt.questions.get(position=1)
        assert (item.response, item.sequence) == (choices[won], 1)
        assert both[won].json() == {"sequence": 1}
        assert "another tab" in str(both[1 - won].json()["errors"])
