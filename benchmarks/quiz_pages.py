"""Quiz pages: time and queries with 50 questions and 10 past attempts, as a
ratio of the same pages with 5 questions and 1 past attempt, measured in the
same run. Called by ``run.py`` after Django is set up."""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

RENDERS = 7


def _timed(call) -> tuple[float, int]:
    call()  # warm caches
    times = []
    for _ in range(RENDERS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
    return statistics.median(times), len(queries.captured_queries)


def _quiz_with(n_questions: int, past_attempts: int):
    """A quiz of ``n_questions`` (one of each type, in turn), an officer with
    ``past_attempts`` finished attempts and one in progress, all answered."""
    from courses.enrolment import enrol
    from plugins.quiz.taking import (
        AnswerUpdate,
        save_answers,
        start_attempt,
        submit_attempt,
    )
    from tests import factories
    from tests.quiz.answers import correct_response
    from tests.quiz.factories import make_category, make_question, make_quiz

    category = make_category()
    kinds = [
        ("multichoice", None, {}),
        ("truefalse", [], {"correct": True}),
        ("shortanswer", [("passport", 1)], {}),
        ("numerical", [{"text": "42", "fraction": 1}], {}),
    ]
    questions = []
    for index in range(n_questions):
        kind, choices, options = kinds[index % len(kinds)]
        questions.append(
            make_question(kind, category=category, choices=choices, options=options)
        )
    quiz = make_quiz(questions=questions)
    officer = factories.make_user("officer")
    enrolment, _ = enrol(officer, quiz.get_parent().get_parent().specific)

    def answered_attempt():
        attempt, _ = start_attempt(quiz, enrolment)
        save_answers(
            attempt.pk,
            [
                AnswerUpdate(item.position, 0, correct_response(item.snapshot))
                for item in attempt.questions.all()
            ],
        )
        return attempt

    for _ in range(past_attempts):
        submit_attempt(answered_attempt().pk)
    finished = quiz.attempts.filter(state="finished").last()
    current = answered_attempt()
    client = Client()
    client.force_login(officer)
    return quiz, client, current, finished


def main() -> None:
    from urllib.parse import urlencode

    from django.urls import reverse

    small = _quiz_with(5, 1)
    large = _quiz_with(50, 10)

    def pages(quiz, client, current, finished):
        autosave = reverse("quiz:autosave", args=[current.pk, 1])
        first = current.questions.get(position=1)
        body = urlencode({"q1-sequence": first.sequence, "q1-choice": ""})
        form = "application/x-www-form-urlencoded"
        return {
            "quiz page": lambda: client.get(quiz.url),
            "attempt page": lambda: client.get(
                reverse("quiz:attempt", args=[current.pk])
            ),
            "autosave": lambda: client.post(autosave, body, content_type=form),
            "result page": lambda: client.get(
                reverse("quiz:result", args=[finished.pk])
            ),
        }

    baseline = {name: _timed(call) for name, call in pages(*small).items()}
    grown = {name: _timed(call) for name, call in pages(*large).items()}

    print("\nQuiz pages with 50 questions and 10 past attempts vs 5 and 1, same run:")
    print(
        f"  {'page':<16}{'small':>12}{'large':>12}{'ratio':>8}"
        f"{'queries':>10}{'queries':>10}"
    )
    for name in baseline:
        (t0, q0), (t1, q1) = baseline[name], grown[name]
        print(
            f"  {name:<16}{t0 * 1000:10.1f}ms{t1 * 1000:10.1f}ms{t1 / t0:8.2f}"
            f"{q0:10d}{q1:10d}"
        )
