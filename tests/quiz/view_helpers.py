"""Helpers for the officer-facing quiz view tests: a quiz, an enrolled officer,
form posts encoded as browsers send them, and a fingerprint of an attempt."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from courses.enrolment import enrol
from plugins.quiz.models import Attempt
from tests.factories import make_user
from tests.quiz.factories import make_question, make_quiz

FORM = "application/x-www-form-urlencoded"


def course_of(quiz):
    return quiz.get_parent().get_parent().specific


def make_quiz_with(count=3, *, questions=None, **settings):
    """A quiz of ``count`` multiple-choice questions (first choice right)."""
    questions = questions or [
        make_question(
            choices=[
                {
                    "text": f"Right {n}",
                    "fraction": 1,
                    "feedback": f"SECRET-FEEDBACK-RIGHT-{n}",
                },
                {
                    "text": f"Wrong {n}",
                    "fraction": 0,
                    "feedback": f"SECRET-FEEDBACK-WRONG-{n}",
                },
            ],
            explanation=f"<p>SECRET-EXPLANATION-{n}</p>",
        )
        for n in range(1, count + 1)
    ]
    return make_quiz(questions=questions, **settings)


def enrolled_officer(client, quiz, user=None):
    user = user or make_user()
    enrol(user, course_of(quiz))
    client.force_login(user)
    return user


def post_form(client, url, pairs, **extra):
    """POST ``pairs`` (a dict or list of pairs) url-encoded, as a browser does."""
    if isinstance(pairs, dict):
        pairs = list(pairs.items())
    body = pairs if isinstance(pairs, (bytes, str)) else urlencode(pairs, doseq=True)
    return client.post(url, data=body, content_type=FORM, **extra)


def start(client, quiz, number=1):
    response = post_form(
        client, reverse("quiz:start", args=[quiz.pk]), {"number": number}
    )
    assert response.status_code == 302, response.content[:500]
    return Attempt.objects.filter(quiz=quiz).order_by("-pk").first()


def choice_ids(item):
    """(right id, wrong id) of a question of ``make_quiz_with``."""
    right = next(
        c["id"] for c in item.snapshot["choices"] if c["fraction"] == "1.00000"
    )
    wrong = next(c["id"] for c in item.snapshot["choices"] if c["id"] != right)
    return right, wrong


def full_form(attempt, answers=None, action="save"):
    """Every field of the attempt page: sequences as stored, ``answers`` by position."""
    answers = answers or {}
    pairs = [("action", action)]
    for item in attempt.questions.order_by("position"):
        pairs.append((f"q{item.position}-sequence", str(item.sequence)))
        if item.position in answers:
            pairs.append((f"q{item.position}-choice", str(answers[item.position])))
    return pairs


def fingerprint(attempt):
    """Everything a refused request must leave as it was."""
    attempt = Attempt.objects.get(pk=attempt.pk)
    return (
        attempt.state,
        attempt.score,
        attempt.submitted_at,
        [
            (q.position, q.response, q.sequence, q.checked, q.score)
            for q in attempt.questions.order_by("position")
        ],
    )


def attempt_url(attempt):
    return reverse("quiz:attempt", args=[attempt.pk])


def autosave_url(attempt, position):
    return reverse("quiz:autosave", args=[attempt.pk, position])


def result_url(attempt):
    return reverse("quiz:result", args=[attempt.pk])
