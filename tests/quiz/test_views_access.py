"""Who may open which quiz page: anonymous, not enrolled, another officer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plugins.quiz.models import Attempt
from tests.factories import make_user
from tests.quiz.view_helpers import (
    attempt_url,
    autosave_url,
    course_of,
    enrolled_officer,
    fingerprint,
    full_form,
    make_quiz_with,
    post_form,
    result_url,
    start,
)

pytestmark = pytest.mark.django_db
LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def attempt(client):
    quiz = make_quiz_with(2)
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    client.logout()
    return attempt


def test_anonymous_is_sent_to_sign_in(client, attempt):
    quiz = attempt.quiz
    for url in [
        quiz.url,
        attempt_url(attempt),
        result_url(attempt),
        reverse("quiz:progress"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(LOGIN_URL), url
    start_response = post_form(
        client, reverse("quiz:start", args=[quiz.pk]), {"number": 2}
    )
    assert start_response.status_code == 302 and start_response.url.startswith(
        LOGIN_URL
    )
    save = post_form(client, autosave_url(attempt, 1), {"q1-sequence": 0})
    assert save.status_code == 403 and "user" in save.json()["errors"]
    assert Attempt.objects.count() == 1


def test_not_enrolled_goes_to_the_course_page(client, attempt):
    quiz = attempt.quiz
    client.force_login(make_user())

    page = client.get(quiz.url)
    started = post_form(client, reverse("quiz:start", args=[quiz.pk]), {"number": 1})

    course_url = course_of(quiz).url
    assert page.status_code == 302 and page.url == course_url
    assert started.status_code == 302 and started.url == course_url
    assert Attempt.objects.count() == 1


def test_another_officer_cannot_see_or_change_an_attempt(client, attempt):
    before = fingerprint(attempt)
    other = make_user()
    enrolled_officer(client, attempt.quiz, user=other)

    assert client.get(attempt_url(attempt)).status_code == 404
    assert client.get(result_url(attempt)).status_code == 404
    for action in ("save", "submit"):
        response = post_form(
            client, attempt_url(attempt), full_form(attempt, action=action)
        )
        assert response.status_code == 400 and "attempt" in response.content.decode()
    check = post_form(
        client, reverse("quiz:check", args=[attempt.pk, 1]), {"q1-sequence": 0}
    )
    assert check.status_code == 400 and "attempt" in check.json()["errors"]
    assert fingerprint(attempt) == before
    # Their own quiz page does not list someone else's attempt.
    assert "Start attempt" in client.get(attempt.quiz.url).content.decode()


def test_attempt_page_never_holds_right_answers_or_feedback(client):
    quiz = make_quiz_with(3, feedback_timing="immediately")
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)

    html = client.get(attempt_url(attempt)).content.decode()

    assert "Right 1" in html  # the choices are there...
    assert "SECRET" not in html  # ...but no feedback or explanation
    assert "fraction" not in html and "1.00000" not in html
    assert "Correct answer" not in html
    assert "SECRET" not in client.get(quiz.url).content.decode()
