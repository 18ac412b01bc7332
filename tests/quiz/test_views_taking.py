"""Taking a quiz through the officer's pages: start, save, check, submit, review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from plugins.quiz.models import Attempt, AttemptState, ClosedBy, QuizPage
from plugins.quiz.translation import khmer_locale, record_page_strings
from tests.factories import make_khmer_course, make_user
from tests.quiz.factories import make_category, make_question, make_quiz
from tests.quiz.view_helpers import (
    attempt_url,
    autosave_url,
    choice_ids,
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


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def items_of(attempt):
    return list(attempt.questions.order_by("position"))


def test_quiz_page_shows_settings_and_start_button(client):
    quiz = make_quiz_with(
        3,
        time_limit_minutes=20,
        attempts_allowed=2,
        pass_mark=70,
        intro="<p>Read carefully.</p>",
    )
    record_page_strings(quiz, {"intro": "<p>សូមអានដោយប្រុងប្រយ័ត្ន។</p>"}, khmer_locale())
    khmer_quiz = (
        make_khmer_course(course_of(quiz))
        .get_descendants()
        .type(QuizPage)
        .get()
        .specific
    )
    enrolled_officer(client, quiz)

    html = client.get(quiz.url).content.decode()

    assert "Read carefully." in html
    assert "<dd>3</dd>" in html
    assert "20 minutes" in html
    assert "0 of 2 used" in html
    assert "70%" in html
    assert "Highest grade" in html
    assert 'name="number" value="1"' in html
    assert "Start attempt" in html

    # The Khmer version (/km/...) has the translated introduction.
    html = client.get(khmer_quiz.url).content.decode()
    assert '<div class="prose" lang="km"><p>សូមអានដោយប្រុងប្រយ័ត្ន។</p></div>' in html


def test_start_then_double_click_gives_one_attempt(client):
    quiz = make_quiz_with(2)
    enrolled_officer(client, quiz)

    first = post_form(client, reverse("quiz:start", args=[quiz.pk]), {"number": 1})
    second = post_form(client, reverse("quiz:start", args=[quiz.pk]), {"number": 1})

    attempt = Attempt.objects.get()
    assert first.url == second.url == attempt_url(attempt)
    html = client.get(quiz.url).content.decode()
    assert "Continue attempt" in html and 'name="number" value="1"' in html


def test_autosave_saves_and_returns_the_new_sequence(client):
    quiz = make_quiz_with(2)
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    right, _wrong = choice_ids(items_of(attempt)[0])

    response = post_form(
        client, autosave_url(attempt, 1), {"q1-sequence": 0, "q1-choice": right}
    )

    assert response.status_code == 200
    assert response.json() == {"sequence": 1}
    item = items_of(attempt)[0]
    assert (item.response, item.sequence) == (right, 1)


def test_stale_autosave_is_refused_and_keeps_the_newer_answer(client):
    quiz = make_quiz_with(1)
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    right, wrong = choice_ids(items_of(attempt)[0])
    post_form(client, autosave_url(attempt, 1), {"q1-sequence": 0, "q1-choice": right})
    before = fingerprint(attempt)

    # A second tab, loaded before that save, still holds sequence 0.
    response = post_form(
        client, autosave_url(attempt, 1), {"q1-sequence": 0, "q1-choice": wrong}
    )

    assert response.status_code == 409
    message = response.json()["errors"]["q1-sequence"]
    assert "newer answer is kept" in message and "reload" in message
    assert fingerprint(attempt) == before


def test_stale_form_save_rerenders_with_409_and_changes_nothing(client):
    quiz = make_quiz_with(2)
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    right, wrong = choice_ids(items_of(attempt)[0])
    stale_form = full_form(attempt, {1: wrong})
    post_form(client, autosave_url(attempt, 1), {"q1-sequence": 0, "q1-choice": right})
    before = fingerprint(attempt)

    response = post_form(client, attempt_url(attempt), stale_form)

    assert response.status_code == 409
    html = response.content.decode()
    assert "newer answer is kept" in html
    assert 'name="q1-sequence" value="1"' in html  # the reloaded form is current
    assert fingerprint(attempt) == before


def test_form_save_without_javascript(client):
    quiz = make_quiz_with(2)
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    right1, _ = choice_ids(items_of(attempt)[0])
    _, wrong2 = choice_ids(items_of(attempt)[1])

    response = post_form(
        client, attempt_url(attempt), full_form(attempt, {1: right1, 2: wrong2})
    )

    assert response.status_code == 302 and response.url == attempt_url(attempt)
    assert [(i.response, i.sequence) for i in items_of(attempt)] == [
        (right1, 1),
        (wrong2, 1),
    ]
    html = client.get(attempt_url(attempt)).content.decode()
    assert f'value="{right1}" checked' in html


def test_submit_grades_once_and_second_submit_is_already_submitted(client):
    quiz = make_quiz_with(2, pass_mark=50, success_text="Well done, officer.")
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    right1, _ = choice_ids(items_of(attempt)[0])
    form = full_form(attempt, {1: right1}, action="submit")

    response = post_form(client, attempt_url(attempt), form)

    assert response.status_code == 302 and response.url == result_url(attempt)
    attempt.refresh_from_db()
    assert (
        attempt.state == AttemptState.FINISHED and attempt.closed_by == ClosedBy.OFFICER
    )
    assert attempt.percent == 50 and attempt.passed
    before = fingerprint(attempt)

    again = post_form(client, attempt_url(attempt), form)

    assert again.status_code == 409
    html = again.content.decode()
    assert "already been submitted" in html
    assert result_url(attempt) in html
    assert fingerprint(attempt) == before
    autosave = post_form(
        client, autosave_url(attempt, 1), {"q1-sequence": 1, "q1-choice": right1}
    )
    assert autosave.status_code == 409
    assert autosave.json()["result_url"] == result_url(attempt)

    result = client.get(result_url(attempt)).content.decode()
    assert "Passed" in result
    assert "Well done, officer." in result
    assert "Score: 1 of 2 (50%" in result


@pytest.mark.parametrize(
    ("timing", "closes_in", "shown"),
    [
        ("immediately", None, True),
        ("end", None, True),
        ("after_close", timedelta(days=1), False),
    ],
)
def test_review_follows_feedback_timing(client, timing, closes_in, shown):
    closes_at = timezone.now() + closes_in if closes_in else None
    quiz = make_quiz_with(1, feedback_timing=timing, closes_at=closes_at)
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    _, wrong = choice_ids(items_of(attempt)[0])
    post_form(
        client, attempt_url(attempt), full_form(attempt, {1: wrong}, action="submit")
    )

    html = client.get(result_url(attempt)).content.decode()

    assert ("SECRET-EXPLANATION-1" in html) is shown
    assert ("SECRET-FEEDBACK-WRONG-1" in html) is shown
    assert "SECRET-FEEDBACK-RIGHT-1" not in html  # feedback of the chosen answer only
    if not shown:
        assert "after the quiz closes" in html


def test_review_after_close_shows_once_the_quiz_has_closed(client):
    quiz = make_quiz_with(
        1, feedback_timing="after_close", closes_at=timezone.now() + timedelta(days=1)
    )
    officer = enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    post_form(client, attempt_url(attempt), full_form(attempt, action="submit"))
    assert (
        "SECRET-EXPLANATION-1" not in client.get(result_url(attempt)).content.decode()
    )

    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save_revision().publish()

    client.force_login(officer)
    assert "SECRET-EXPLANATION-1" in client.get(result_url(attempt)).content.decode()


def test_without_exam_paper_only_the_score_shows(client):
    quiz = make_quiz_with(1, exam_paper=False)
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    right, _ = choice_ids(items_of(attempt)[0])
    post_form(
        client, attempt_url(attempt), full_form(attempt, {1: right}, action="submit")
    )

    html = client.get(result_url(attempt)).content.decode()

    assert "Score: 1 of 1 (100%" in html
    assert "only the score is shown" in html
    assert "SECRET-EXPLANATION-1" not in html and "Right 1" not in html


def test_immediate_feedback_checks_and_locks_one_question(client):
    quiz = make_quiz_with(2, feedback_timing="immediately")
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    _, wrong1 = choice_ids(items_of(attempt)[0])
    right2, _ = choice_ids(items_of(attempt)[1])
    page = client.get(attempt_url(attempt)).content.decode()
    assert 'value="check-1"' in page and "SECRET" not in page

    response = post_form(
        client,
        attempt_url(attempt),
        full_form(attempt, {1: wrong1, 2: right2}, "check-1"),
    )

    assert response.status_code == 302 and response.url.endswith("#q1")
    first, second = items_of(attempt)
    assert first.checked and first.response == wrong1 and first.score == 0
    assert not second.checked and second.response == right2
    html = client.get(attempt_url(attempt)).content.decode()
    assert "SECRET-FEEDBACK-WRONG-1" in html and "SECRET-EXPLANATION-1" in html
    assert "SECRET-EXPLANATION-2" not in html
    assert 'value="check-1"' not in html and 'value="check-2"' in html

    # The JSON endpoint checks one question.
    check = post_form(
        client,
        reverse("quiz:check", args=[attempt.pk, 2]),
        {"q2-sequence": second.sequence, "q2-choice": right2},
        HTTP_ACCEPT="application/json",
    )
    assert check.status_code == 200 and check.json()["checked"] is True
    assert items_of(attempt)[1].checked


def test_check_is_refused_when_feedback_shows_at_the_end(client):
    quiz = make_quiz_with(1, feedback_timing="end")
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    right, _ = choice_ids(items_of(attempt)[0])
    before = fingerprint(attempt)

    response = post_form(
        client,
        reverse("quiz:check", args=[attempt.pk, 1]),
        {"q1-sequence": 0, "q1-choice": right},
    )

    assert response.status_code == 409
    assert "only after the attempt" in response.json()["errors"]["attempt"]
    assert fingerprint(attempt) == before


def test_retry_within_attempts_allowed_then_exhausted(client):
    quiz = make_quiz_with(1, attempts_allowed=2)
    enrolled_officer(client, quiz)
    first = start(client, quiz)
    post_form(client, attempt_url(first), full_form(first, action="submit"))
    assert "Try again" in client.get(result_url(first)).content.decode()

    second = start(client, quiz, number=2)
    assert second.number == 2 and second.pk != first.pk
    post_form(client, attempt_url(second), full_form(second, action="submit"))

    result = client.get(result_url(second)).content.decode()
    assert "Try again" not in result
    page = client.get(quiz.url).content.decode()
    assert "used all 2 of your attempts" in page and "Start attempt" not in page
    refused = post_form(client, reverse("quiz:start", args=[quiz.pk]), {"number": 3})
    assert refused.status_code == 302
    assert any("used all 2" in m for m in messages_of(refused))
    assert Attempt.objects.count() == 2


def test_double_click_on_try_again_after_submit_gives_one_new_attempt(client):
    quiz = make_quiz_with(1)
    enrolled_officer(client, quiz)
    first = start(client, quiz)
    post_form(client, attempt_url(first), full_form(first, action="submit"))

    start(client, quiz, number=2)
    start(client, quiz, number=2)

    assert Attempt.objects.filter(quiz=quiz).count() == 2


def test_draft_quiz_officers_cannot_start_editors_can(client):
    quiz = make_quiz_with(1, draft=True)
    enrolled_officer(client, quiz)

    page = client.get(quiz.url).content.decode()
    refused = post_form(client, reverse("quiz:start", args=[quiz.pk]), {"number": 1})

    assert "not open to officers yet" in page and "Start attempt" not in page
    assert refused.status_code == 302 and not Attempt.objects.exists()

    enrolled_officer(client, quiz, user=make_user("admin"))
    assert "Start attempt" in client.get(quiz.url).content.decode()
    assert start(client, quiz) is not None


@pytest.mark.parametrize(
    ("field", "delta", "message"),
    [
        ("opens_at", timedelta(days=1), "opens on"),
        ("closes_at", -timedelta(days=1), "closed on"),
    ],
)
def test_quiz_not_open_or_closed_says_why(client, field, delta, message):
    quiz = make_quiz_with(1, **{field: timezone.now() + delta})
    enrolled_officer(client, quiz)

    page = client.get(quiz.url).content.decode()
    refused = post_form(client, reverse("quiz:start", args=[quiz.pk]), {"number": 1})

    assert message in page and "Start attempt" not in page
    assert any(message in m for m in messages_of(refused))
    assert not Attempt.objects.exists()


def test_past_the_deadline_the_attempt_closes_with_saved_answers_only(client):
    quiz = make_quiz_with(2, time_limit_minutes=10)
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    right1, _ = choice_ids(items_of(attempt)[0])
    right2, _ = choice_ids(items_of(attempt)[1])
    page = client.get(attempt_url(attempt)).content.decode()
    assert 'data-remaining="' in page and "about 10 minutes" in page
    post_form(client, autosave_url(attempt, 1), {"q1-sequence": 0, "q1-choice": right1})
    late_form = full_form(attempt, {1: right1, 2: right2}, action="submit")
    # Time travel: the deadline passed.
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )

    response = post_form(client, attempt_url(attempt), late_form)

    assert response.status_code == 302 and response.url == result_url(attempt)
    attempt.refresh_from_db()
    assert attempt.closed_by == ClosedBy.TIME_LIMIT
    assert attempt.score == 1  # question 2 came too late
    assert [i.response for i in items_of(attempt)] == [right1, None]
    html = client.get(result_url(attempt)).content.decode()
    assert "time limit was reached" in html


def test_opening_an_overdue_attempt_closes_it_and_shows_the_result(client):
    quiz = make_quiz_with(1, time_limit_minutes=5)
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(attempt_url(attempt))

    assert response.status_code == 302 and response.url == result_url(attempt)
    assert any("Time is up" in m for m in messages_of(response))
    attempt.refresh_from_db()
    assert attempt.is_finished


def test_pages_render_in_khmer(client):
    question = make_question(
        text="<p>Which passport?</p>",
        text_km="<p>លិខិតឆ្លងដែនមួយណា?</p>",
        choices=[
            {"text": "This one", "text_km": "មួយនេះ", "fraction": 1},
            {"text": "That one", "text_km": "មួយនោះ", "fraction": 0},
        ],
    )
    quiz = make_quiz(questions=[question])
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    client.cookies["lms_language"] = "km"

    html = client.get(attempt_url(attempt)).content.decode()

    assert "លិខិតឆ្លងដែនមួយណា?" in html and "មួយនេះ" in html
    assert "Which passport?" not in html


def test_progress_page_shows_results_by_topic(client):
    strong = make_category("Documents", name_km="ឯកសារ")
    weak = make_category("Interviews")
    quiz = make_quiz(
        questions=[
            make_question(category=strong),
            make_question(category=weak),
        ]
    )
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    right1, _ = choice_ids(items_of(attempt)[0])
    post_form(
        client, attempt_url(attempt), full_form(attempt, {1: right1}, action="submit")
    )

    html = client.get(reverse("quiz:progress")).content.decode()

    assert "Documents" in html and "Interviews" in html
    assert html.index("Documents") < html.index("Interviews")
    assert "Strength" in html and "Needs practice" in html
    client.cookies["lms_language"] = "km"
    assert "ឯកសារ" in client.get(reverse("quiz:progress")).content.decode()
