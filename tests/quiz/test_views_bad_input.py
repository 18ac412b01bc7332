"""Bad input to the attempt form and autosave: 400 naming the field, no change."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from plugins.quiz.models import Attempt
from tests.factories import make_user
from tests.quiz.view_helpers import (
    attempt_url,
    autosave_url,
    choice_ids,
    enrolled_officer,
    fingerprint,
    make_quiz_with,
    post_form,
    start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def taking(client):
    """An officer in an attempt of 2 questions, question 1 already answered once."""
    quiz = make_quiz_with(2)
    enrolled_officer(client, quiz)
    attempt = start(client, quiz)
    items = list(attempt.questions.order_by("position"))
    right1, wrong1 = choice_ids(items[0])
    right2, _ = choice_ids(items[1])
    post_form(client, autosave_url(attempt, 1), {"q1-sequence": 0, "q1-choice": wrong1})
    return {
        "client": client,
        "attempt": attempt,
        "right1": right1,
        "right2": right2,
    }


def good_form(t, **replace):
    """A valid full form (sequence of q1 is 1 after the fixture's save)."""
    fields = {
        "csrfmiddlewaretoken": "x",
        "action": "save",
        "q1-sequence": "1",
        "q1-choice": str(t["right1"]),
        "q2-sequence": "0",
        "q2-choice": str(t["right2"]),
    }
    for name, value in replace.items():
        name = name.replace("_", "-")
        if value is None:
            fields.pop(name)
        else:
            fields[name] = value
    return fields


def assert_refused(response, field, t, before, status=400):
    assert response.status_code == status, response.content[:300]
    if response["Content-Type"].startswith("application/json"):
        errors = response.json()["errors"]
        assert field in errors, errors
    else:
        html = response.content.decode()
        assert field in html
        assert "Nothing was saved" in html or "could not be handled" in html
    assert fingerprint(t["attempt"]) == before


# The full form (no JavaScript) -------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"q1_sequence": None}, "q1-sequence"),
        ({"q2_sequence": None}, "q2-sequence"),
        ({"q1_sequence": "abc"}, "q1-sequence"),
        ({"q1_sequence": "-1"}, "q1-sequence"),
        ({"q1_sequence": "9" * 40}, "q1-sequence"),
        ({"q1_hack": "1"}, "q1-hack"),
        ({"is_admin": "1"}, "is-admin"),
        ({"q3_choice": "1"}, "q3-choice"),
        ({"q1_choice": "NaN"}, "q1-choice"),
        ({"q1_choice": "1e999"}, "q1-choice"),
        ({"q1_choice": "9" * 50_000}, "q1-choice"),
        ({"action": None}, "action"),
        ({"action": "delete"}, "action"),
        ({"action": "check-1"}, "check"),  # feedback shows at the end here
    ],
)
def test_form_bad_field(taking, change, field):
    t = taking
    before = fingerprint(t["attempt"])
    response = post_form(t["client"], attempt_url(t["attempt"]), good_form(t, **change))
    status = 409 if change.get("action") == "check-1" else 400
    assert_refused(response, field, t, before, status=status)


def test_form_another_questions_choice_id(taking):
    t = taking
    before = fingerprint(t["attempt"])
    form = good_form(t, q1_choice=str(t["right2"]))
    response = post_form(t["client"], attempt_url(t["attempt"]), form)
    assert_refused(response, "q1-choice", t, before)
    assert "does not belong to this question" in response.content.decode()


def test_form_one_bad_question_saves_none_of_them(taking):
    t = taking
    before = fingerprint(t["attempt"])
    # q1 changes to a valid answer, q2 is malformed: q1 must not be saved either.
    form = good_form(t, q2_choice="not-a-number")
    response = post_form(t["client"], attempt_url(t["attempt"]), form)
    assert_refused(response, "q2-choice", t, before)


def test_form_field_sent_twice(taking):
    t = taking
    before = fingerprint(t["attempt"])
    pairs = list(good_form(t).items()) + [("q1-choice", str(t["right1"]))]
    response = post_form(t["client"], attempt_url(t["attempt"]), pairs)
    assert_refused(response, "q1-choice", t, before)


def test_form_oversized_body(taking):
    t = taking
    before = fingerprint(t["attempt"])
    form = good_form(t, q2_choice="1" * 120_000)
    response = post_form(t["client"], attempt_url(t["attempt"]), form)
    assert_refused(response, "q2-choice", t, before)
    assert "over the limit of 100 KB" in response.content.decode()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"action=save&q1-sequence=1&q1-choice=%FF%FE&q2-sequence=0", "q1-choice"),
        (b"action=save&q1-sequence=1&q2-sequence=%C3%28", "q2-sequence"),
        (b"action=save&q1-sequence=1&q2-sequence=0&bad%FFname=1", "bad"),
        (
            "action=save&q1-sequence=1&q2-sequence=0&q1-choice=\u00e9".encode(),
            "q1-choice",
        ),
    ],
)
def test_form_invalid_utf8(taking, body, field):
    t = taking
    before = fingerprint(t["attempt"])
    response = post_form(t["client"], attempt_url(t["attempt"]), body)
    assert_refused(response, field, t, before)


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data; boundary=xyz", "application/json", "text/plain"],
)
def test_form_other_content_types_are_refused(taking, content_type):
    t = taking
    before = fingerprint(t["attempt"])
    response = t["client"].post(
        attempt_url(t["attempt"]), data=b"{}", content_type=content_type
    )
    assert_refused(response, "content_type", t, before, status=415)


def test_form_latin1_charset_is_refused(taking):
    t = taking
    before = fingerprint(t["attempt"])
    response = t["client"].post(
        attempt_url(t["attempt"]),
        data="action=save",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert_refused(response, "content_type", t, before, status=415)


def test_form_another_officers_attempt(taking, client):
    t = taking
    before = fingerprint(t["attempt"])
    client.force_login(make_user())
    response = post_form(client, attempt_url(t["attempt"]), good_form(t))
    assert_refused(response, "attempt", t, before)
    missing = post_form(client, reverse("quiz:attempt", args=[987654]), good_form(t))
    assert missing.status_code == 400 and "attempt" in missing.content.decode()


# Autosave (one question, JSON) -------------------------------------------


def autosave_form(t, **replace):
    fields = {"q1-sequence": "1", "q1-choice": str(t["right1"])}
    for name, value in replace.items():
        name = name.replace("_", "-")
        if value is None:
            fields.pop(name)
        else:
            fields[name] = value
    return fields


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"q1_sequence": None}, "q1-sequence"),
        ({"q1_sequence": "1.5"}, "q1-sequence"),
        ({"q2_choice": "1"}, "q2-choice"),  # another question's field
        ({"q2_sequence": "0"}, "q2-sequence"),
        ({"q1_choice": "NaN"}, "q1-choice"),
        ({"q1_choice": "1e999"}, "q1-choice"),
        ({"q1_choice": "-0"}, "q1-choice"),
        ({"q1_choice": "1" * 120_000}, "q1-choice"),
    ],
)
def test_autosave_bad_field(taking, change, field):
    t = taking
    before = fingerprint(t["attempt"])
    response = post_form(
        t["client"], autosave_url(t["attempt"], 1), autosave_form(t, **change)
    )
    assert_refused(response, field, t, before)


def test_autosave_another_questions_choice_id(taking):
    t = taking
    before = fingerprint(t["attempt"])
    form = autosave_form(t, q1_choice=str(t["right2"]))
    response = post_form(t["client"], autosave_url(t["attempt"], 1), form)
    assert_refused(response, "q1-choice", t, before)


def test_autosave_invalid_utf8(taking):
    t = taking
    before = fingerprint(t["attempt"])
    body = b"q1-sequence=1&q1-choice=" + quote(b"\xff\xfe1").encode()
    response = post_form(t["client"], autosave_url(t["attempt"], 1), body)
    assert_refused(response, "q1-choice", t, before)


def test_autosave_unknown_position(taking):
    t = taking
    before = fingerprint(t["attempt"])
    response = post_form(
        t["client"], autosave_url(t["attempt"], 7), {"q7-sequence": "0"}
    )
    assert_refused(response, "position", t, before)


def test_autosave_json_body_is_refused(taking):
    t = taking
    before = fingerprint(t["attempt"])
    response = t["client"].post(
        autosave_url(t["attempt"], 1),
        data={"q1-sequence": 1, "q1-choice": t["right1"]},
        content_type="application/json",
    )
    assert_refused(response, "content_type", t, before, status=415)


def test_autosave_another_officers_attempt(taking, client):
    t = taking
    before = fingerprint(t["attempt"])
    client.force_login(make_user())
    response = post_form(client, autosave_url(t["attempt"], 1), autosave_form(t))
    assert_refused(response, "attempt", t, before)


def test_start_with_bad_number(taking):
    t = taking
    quiz = t["attempt"].quiz
    url = reverse("quiz:start", args=[quiz.pk])
    for form, field in [
        ({}, "number"),
        ({"number": "x"}, "number"),
        ({"number": "1", "extra": "1"}, "extra"),
    ]:
        response = post_form(t["client"], url, form)
        assert response.status_code == 400
        assert field in response.content.decode()
    assert Attempt.objects.count() == 1
