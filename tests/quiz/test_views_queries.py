"""The officer's quiz pages run a fixed number of queries, whatever the data.

Each page is measured with a quiz of 3 questions and 1 past attempt, then with
30 questions and 10 past attempts: the counts must be equal and under a bound.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Enrolment
from plugins.quiz.taking import start_attempt, submit_attempt
from tests.quiz.view_helpers import (
    attempt_url,
    autosave_url,
    choice_ids,
    enrolled_officer,
    full_form,
    make_quiz_with,
    post_form,
    result_url,
)

pytestmark = pytest.mark.django_db

#: Measured, plus a little room; an N+1 over 30 questions would add far more.
MAX_QUERIES = {
    "quiz page": 30,
    "attempt page": 6,
    "autosave": 13,
    "form save": 13,
    "submit": 24,
    "result page": 15,
    "progress page": 8,
}


def measure(client, questions: int, past_attempts: int) -> dict[str, int]:
    quiz = make_quiz_with(questions)
    officer = enrolled_officer(client, quiz)
    enrolment = Enrolment.objects.get(user=officer)
    for number in range(1, past_attempts + 1):
        attempt, _ = start_attempt(quiz, enrolment, expected_number=number)
        submit_attempt(attempt.pk)
    attempt, _ = start_attempt(quiz, enrolment, expected_number=past_attempts + 1)
    right, _ = choice_ids(attempt.questions.get(position=1))
    client.get(quiz.url)  # the first view records a "viewed" event
    counts = {}

    def run(name, request):
        with CaptureQueriesContext(connection) as queries:
            response = request()
        assert response.status_code in (200, 302), (name, response.status_code)
        counts[name] = len(queries)

    run("quiz page", lambda: client.get(quiz.url))
    run("attempt page", lambda: client.get(attempt_url(attempt)))
    run(
        "autosave",
        lambda: post_form(
            client, autosave_url(attempt, 1), {"q1-sequence": 0, "q1-choice": right}
        ),
    )
    run(
        "form save",
        lambda: post_form(client, attempt_url(attempt), full_form(attempt, {1: right})),
    )
    run(
        "submit",
        lambda: post_form(
            client, attempt_url(attempt), full_form(attempt, {1: right}, "submit")
        ),
    )
    run("result page", lambda: client.get(result_url(attempt)))
    run("progress page", lambda: client.get(reverse("quiz:progress")))
    return counts


def test_query_counts_do_not_grow_with_questions_or_attempts(client):
    small = measure(client, questions=3, past_attempts=1)
    large = measure(client, questions=30, past_attempts=10)

    for name, bound in MAX_QUERIES.items():
        assert small[name] <= bound, (name, small[name])
    assert large == small


def test_attempt_page_bound_with_django_assert(client, django_assert_max_num_queries):
    quiz = make_quiz_with(30)
    officer = enrolled_officer(client, quiz)
    attempt, _ = start_attempt(quiz, Enrolment.objects.get(user=officer))
    with django_assert_max_num_queries(MAX_QUERIES["attempt page"]):
        client.get(attempt_url(attempt))
