"""“Preview as officer”: a bank question rendered and checked as in a quiz."""

from __future__ import annotations

import re
from decimal import Decimal
from random import Random

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import LEAD_TRAINERS
from plugins.quiz.hooks import question_types
from plugins.quiz.models import Attempt, AttemptQuestion, Question
from plugins.quiz.snapshot import snapshot_question
from tests.factories import make_course, make_user, unique
from tests.quiz.admin_helpers import make_trainer, permission
from tests.quiz.answers import correct_form_data, wrong_form_data
from tests.quiz.factories import make_question
from tests.quiz.view_helpers import post_form

pytestmark = pytest.mark.django_db


def preview_url(question) -> str:
    return reverse("quiz_questions:preview", args=[question.pk])


def frame(response) -> str:
    """The officer's part of the page: what the question type rendered."""
    page = response.content.decode()
    start = page.index('<div class="quiz-preview"')
    return page[start : page.index("</form>", start)]


def passport_question(**fields):
    return make_question(
        title="Genuine passport",
        text="<p>Which passport is genuine?</p>",
        text_km="<p>លិខិតឆ្លងដែនមួយណាពិត?</p>",
        explanation="<p>SECRET-EXPLANATION: look for the hologram.</p>",
        explanation_km="<p>មើលហូឡូក្រាម</p>",
        choices=[
            {
                "text": "With a hologram",
                "text_km": "មានហូឡូក្រាម",
                "fraction": Decimal(1),
                "feedback": "SECRET-RIGHT: well spotted",
                "feedback_km": "ត្រឹមត្រូវ",
            },
            {
                "text": "Without a hologram",
                "text_km": "គ្មានហូឡូក្រាម",
                "fraction": Decimal(0),
                "feedback": "SECRET-WRONG: look again",
            },
        ],
        **fields,
    )


@pytest.fixture
def trainer_client(client):
    client.force_login(make_trainer())
    return client


def test_preview_renders_the_officers_template_without_answers(trainer_client):
    question = passport_question()
    response = trainer_client.get(preview_url(question), {"lang": "en"})
    assert response.status_code == 200
    html = frame(response)
    assert 'lang="en"' in html
    assert "Which passport is genuine?" in html
    assert 'class="quiz-choices"' in html  # the multiple-choice template
    for choice in question.choices.all():
        assert (
            f'name="q1-choice" id="q1-choice-{choice.pk}" value="{choice.pk}"' in html
        )
        assert choice.text in html
    # Before checking, nothing tells the right answer.
    page = response.content.decode()
    assert "SECRET" not in page
    assert "Correct answer" not in page and "fraction" not in html
    assert 'value="check"' in html


def test_khmer_preview(trainer_client):
    question = passport_question()
    response = trainer_client.get(preview_url(question), {"lang": "km"})
    html = frame(response)
    assert '<div class="quiz-preview" lang="km">' in html
    assert "លិខិតឆ្លងដែនមួយណាពិត?" in html
    assert "មានហូឡូក្រាម" in html and "គ្មានហូឡូក្រាម" in html
    assert "Which passport is genuine?" not in html
    # The type template's own words are the officer's language too.
    assert "ជ្រើសរើសចម្លើយមួយ" in html
    assert "No Khmer text for" not in response.content.decode()
    # The switch links to both languages, the current one marked.
    page = response.content.decode()
    assert re.search(r'href="[^"]*lang=en[^"]*" class="button button-secondary"', page)
    assert re.search(
        r'href="[^"]*lang=km[^"]*" class="button" aria-current="page"', page
    )


def test_khmer_preview_says_what_is_not_translated(trainer_client):
    question = make_question(
        text_km="",
        choices=[("Right", 1), ("Wrong", 0)],
    )
    page = trainer_client.get(preview_url(question), {"lang": "km"}).content.decode()
    assert "No Khmer text for the question text, 2 answers" in page
    # Officers reading Khmer see the English text.
    assert "Which document is genuine?" in page


def test_the_layout_is_an_attempts_and_follows_the_seed(trainer_client):
    question = make_question(
        choices=[(f"Answer {n}", 1 if n == 0 else 0) for n in range(6)]
    )
    snapshot = snapshot_question(question)
    multichoice = question_types["multichoice"]
    orders = set()
    for seed in (1, 2, 3, 4):
        html = frame(trainer_client.get(preview_url(question), {"seed": seed}))
        shown = [
            int(pk)
            for pk in re.findall(r'name="q1-choice" id="[^"]+" value="(\d+)"', html)
        ]
        expected = multichoice.make_layout(snapshot, Random(seed), True)["choice_order"]
        assert shown == expected
        orders.add(tuple(shown))
    assert len(orders) > 1  # answers are shuffled, as in a quiz
    again = frame(trainer_client.get(preview_url(question), {"seed": 1}))
    first = frame(trainer_client.get(preview_url(question), {"seed": 1}))
    assert again == first


def _check(client, question, data, *, lang="en", seed=7):
    pairs = [("seed", str(seed)), ("lang", lang), ("action", "check")]
    for name, values in data.items():
        pairs += [(f"q1-{name}", value) for value in values]
    return post_form(client, preview_url(question), pairs)


def test_check_answer_scores_and_shows_feedback_saving_nothing(trainer_client):
    question = passport_question()
    snapshot = snapshot_question(question)
    before = Question.objects.filter(pk=question.pk).values().get()

    with CaptureQueriesContext(connection) as queries:
        right = _check(trainer_client, question, correct_form_data(snapshot))
    assert right.status_code == 200
    html = frame(right)
    assert "Score:</strong> 1 / 1" in html
    assert "SECRET-RIGHT: well spotted" in html
    assert "SECRET-EXPLANATION" in html
    assert "Your answer: correct" in html
    assert "disabled" in html and 'value="check"' not in html
    assert "Try again" in html

    wrong = _check(trainer_client, question, wrong_form_data(snapshot))
    html = frame(wrong)
    assert "Score:</strong> 0 / 1" in html
    assert "SECRET-WRONG: look again" in html
    assert "Your answer: incorrect" in html

    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []
    assert not Attempt.objects.exists() and not AttemptQuestion.objects.exists()
    assert Question.objects.filter(pk=question.pk).values().get() == before


def test_check_in_khmer_gives_khmer_feedback(trainer_client):
    question = passport_question()
    snapshot = snapshot_question(question)
    html = frame(
        _check(trainer_client, question, correct_form_data(snapshot), lang="km")
    )
    assert '<div class="quiz-preview" lang="km">' in html
    assert "ត្រឹមត្រូវ" in html  # the Khmer feedback
    assert "SECRET-RIGHT" not in html
    assert "ពិន្ទុ៖" in html  # "Score:" in Khmer


def test_no_answer_scores_zero(trainer_client):
    question = passport_question()
    html = frame(_check(trainer_client, question, {}))
    assert "Score:</strong> 0 / 1" in html


@pytest.mark.parametrize(
    "kind, fields",
    [
        ("truefalse", {"options": {"correct": True}, "choices": []}),
        (
            "shortanswer",
            {"choices": [("Passport", 1), ("Visa", Decimal("0.5"))], "options": {}},
        ),
        (
            "numerical",
            {"choices": [{"text": "42", "fraction": 1, "tolerance": Decimal("0.5")}]},
        ),
        (
            "matching",
            {
                "choices": [
                    {"text": "Passport", "match_text": "Travel", "fraction": 0},
                    {"text": "ID card", "match_text": "Identity", "fraction": 0},
                    {"text": "", "match_text": "Distractor", "fraction": 0},
                ]
            },
        ),
        (
            "multiresponse",
            {
                "choices": [
                    ("Photo", Decimal("0.5")),
                    ("Chip", Decimal("0.5")),
                    ("Coffee stain", -1),
                ]
            },
        ),
    ],
)
def test_every_type_checks_right_and_wrong(trainer_client, kind, fields):
    question = make_question(kind, **fields)
    snapshot = snapshot_question(question)
    assert "Score:</strong> 1 / 1" in frame(
        _check(trainer_client, question, correct_form_data(snapshot))
    )
    assert "Score:</strong> 0 / 1" in frame(
        _check(trainer_client, question, wrong_form_data(snapshot))
    )


def test_an_essay_is_left_for_a_trainer(trainer_client):
    question = make_question(
        "essay",
        choices=[],
        options={"grader_info": "Full marks if they mention consent.", "max_words": 50},
    )
    page = trainer_client.get(preview_url(question)).content.decode()
    assert "mention consent" not in page  # notes for markers stay hidden until checked
    response = _check(trainer_client, question, {"text": ["I would ask first."]})
    html = frame(response)
    assert "A trainer will mark this answer." in html
    assert "I would ask first." in html
    assert "Full marks if they mention consent." in response.content.decode()
    assert not AttemptQuestion.objects.exists()


def test_bad_answers_are_refused_with_a_message(trainer_client):
    question = passport_question()
    other = make_question()
    foreign = other.choices.first().pk
    response = _check(trainer_client, question, {"choice": [str(foreign)]})
    assert response.status_code == 400
    assert f"Choice {foreign} does not belong to this question." in frame(response)

    response = _check(trainer_client, question, {"choice": ["1", "2"]})
    assert response.status_code == 400
    assert "Send one value, not 2." in frame(response)

    response = post_form(
        trainer_client, preview_url(question), {"seed": "1", "q2-choice": "1"}
    )
    assert response.status_code == 400
    assert "does not ask for a field named “q2-choice”" in frame(response)

    response = post_form(trainer_client, preview_url(question), b"seed=1&q1-choice=%FF")
    assert response.status_code == 400
    assert "q1-choice: This field is not valid UTF-8 text." in frame(response)


def test_question_whose_type_is_not_installed(trainer_client):
    question = make_question("no_longer_installed", choices=[])
    response = trainer_client.get(preview_url(question))
    assert response.status_code == 200
    assert "question type is no longer installed" in frame(response)
    response = _check(trainer_client, question, {})
    assert response.status_code == 400
    assert "type is not installed" in frame(response)


def test_links_to_the_preview(trainer_client):
    question = passport_question()
    url = preview_url(question)
    assert url in trainer_client.get(reverse("quiz_questions:index")).content.decode()
    edit = trainer_client.get(reverse("quiz_questions:edit", args=[question.pk]))
    assert url in edit.content.decode()


def test_access_by_role(client):
    question = passport_question()
    url = preview_url(question)
    data = {"seed": "1", "q1-choice": str(question.choices.first().pk)}

    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]

    for user in (make_user("officer"), make_user("reviewer")):
        client.force_login(user)
        for response in (client.get(url), post_form(client, url, data)):
            assert response.status_code == 302 and "login" in response["Location"]
            assert "Genuine passport" not in response.content.decode()

    client.force_login(make_trainer(bank=False))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")

    course = make_course(modules=0, lessons=0)
    lead = make_user("trainer")
    lead.groups.add(Group.objects.get_or_create(name=LEAD_TRAINERS)[0])
    viewer = make_user("officer")
    group = Group.objects.create(name=unique("Bank viewers"))
    group.permissions.add(
        permission("wagtailadmin", "access_admin"), permission("quiz", "view_question")
    )
    viewer.groups.add(group)
    for user in (
        make_user("trainer", trains=[course]),
        make_user("trainer"),
        lead,
        viewer,
        make_user("admin"),
    ):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert post_form(client, url, data).status_code == 200

    client.force_login(make_user("admin"))
    assert (
        client.get(reverse("quiz_questions:preview", args=[999999])).status_code == 404
    )
