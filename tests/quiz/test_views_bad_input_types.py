"""Bad input to typed questions: numbers that are not finite or too large, and
texts beyond the type's limit. Each is a 400 naming the field; nothing changes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.quiz.factories import make_question, make_quiz
from tests.quiz.view_helpers import (
    autosave_url,
    enrolled_officer,
    fingerprint,
    post_form,
    start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def typed_attempt(client):
    numerical = make_question(
        "numerical",
        choices=[{"text": "42", "fraction": Decimal(1), "tolerance": Decimal("0.5")}],
    )
    short = make_question("shortanswer", choices=[("passport", 1)])
    essay = make_question("essay")
    quiz = make_quiz(questions=[numerical, short, essay])
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    post_form(client, autosave_url(attempt, 1), {"q1-sequence": 0, "q1-number": "41.8"})
    return client, attempt


@pytest.mark.parametrize(
    ("position", "field", "value"),
    [
        (1, "number", "NaN"),
        (1, "number", "nan"),
        (1, "number", "Infinity"),
        (1, "number", "-inf"),
        (1, "number", "1e999"),
        (1, "number", "9" * 30),
        (1, "number", "forty-two"),
        (2, "answer", "p" * 501),
        (3, "text", "word " * 5000),
    ],
)
def test_autosave_refuses_bad_values_naming_the_field(
    typed_attempt, position, field, value
):
    client, attempt = typed_attempt
    before = fingerprint(attempt)
    sequence = 1 if position == 1 else 0

    response = post_form(
        client,
        autosave_url(attempt, position),
        {f"q{position}-sequence": sequence, f"q{position}-{field}": value},
    )

    assert response.status_code == 400, response.content[:300]
    assert list(response.json()["errors"]) == [f"q{position}-{field}"]
    assert fingerprint(attempt) == before


def test_the_saved_number_is_kept_and_graded(typed_attempt):
    client, attempt = typed_attempt
    item = attempt.questions.get(position=1)
    assert item.response is not None and item.sequence == 1
    response = post_form(
        client,
        f"/plugins/quiz/attempts/{attempt.pk}/",
        [
            ("action", "submit"),
            ("q1-sequence", "1"),
            ("q1-number", "41.8"),
            ("q2-sequence", "0"),
            ("q3-sequence", "0"),
        ],
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.questions.get(position=1).score == 1  # 41.8 is within 42 ± 0.5
    assert attempt.pending_marking == 1  # the essay, blank, still goes to a trainer
