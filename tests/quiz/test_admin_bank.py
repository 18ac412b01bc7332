"""The question bank in the admin: categories, questions, versions, regrades."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from courses.enrolment import enrol
from plugins.quiz.models import Choice, Question, QuestionCategory
from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
from tests.factories import make_user
from tests.quiz.admin_helpers import make_trainer, question_post
from tests.quiz.factories import make_category, make_question, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin"))
    return client


@pytest.fixture
def trainer_client(client):
    client.force_login(make_trainer())
    return client


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# Categories ----------------------------------------------------------------


def test_category_list_shows_full_paths(trainer_client, django_assert_max_num_queries):
    parent = make_category("Documents")
    make_category("Passports", parent=parent)
    for n in range(5):
        make_category(f"Topic {n}", parent=parent)
    with django_assert_max_num_queries(25):
        response = trainer_client.get(reverse("quiz_categories:index"))
    assert response.status_code == 200
    assert "Documents / Passports" in response.content.decode()


def test_category_create_edit_and_cycle_refused(trainer_client):
    response = trainer_client.post(
        reverse("quiz_categories:add"),
        {"name": "Documents", "name_km": "", "parent": "", "description": ""},
    )
    assert response.status_code == 302
    parent = QuestionCategory.objects.get(name="Documents")
    response = trainer_client.post(
        reverse("quiz_categories:add"),
        {"name": "Visas", "parent": str(parent.pk), "description": ""},
    )
    child = QuestionCategory.objects.get(name="Visas")
    assert child.parent == parent

    # A category cannot move under its own sub-category.
    response = trainer_client.post(
        reverse("quiz_categories:edit", args=[parent.pk]),
        {"name": "Documents", "parent": str(child.pk), "description": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    parent.refresh_from_db()
    assert parent.parent is None


def test_category_delete_refused_while_it_holds_questions(trainer_client):
    category = make_category("Documents")
    make_category("Visas", parent=category)
    make_question(category=category)
    url = reverse("quiz_categories:delete", args=[category.pk])

    page = trainer_client.get(url)
    assert "still holds 1 question" in page.content.decode()
    assert "sub-category" in page.content.decode()

    response = trainer_client.post(url, follow=True)
    assert QuestionCategory.objects.filter(pk=category.pk).exists()
    assert "cannot be deleted" in messages_of(response)


def test_empty_category_is_deleted(trainer_client):
    category = make_category("Empty")
    response = trainer_client.post(
        reverse("quiz_categories:delete", args=[category.pk])
    )
    assert response.status_code == 302
    assert not QuestionCategory.objects.filter(pk=category.pk).exists()


def test_officer_gets_no_bank(client):
    client.force_login(make_user("officer"))
    response = client.get(reverse("quiz_categories:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_trainer_without_bank_permissions_is_refused(client):
    client.force_login(make_trainer(bank=False))
    response = client.get(reverse("quiz_questions:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


# Questions -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "trainer"])
def test_create_multichoice_question_with_answers(client, who):
    user = make_user("admin") if who == "admin" else make_trainer()
    client.force_login(user)
    category = make_category()
    chooser = client.get(reverse("quiz_questions:add"))
    add_url = reverse("quiz_questions:add_type", args=["multichoice"])
    assert add_url in chooser.content.decode()
    assert client.get(add_url).status_code == 200

    response = client.post(
        add_url,
        question_post(
            category,
            [
                {"text": "The one with a hologram", "fraction": "1"},
                {"text": "The one without", "fraction": "0", "feedback": "Look again"},
            ],
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    question = Question.objects.get(title="Genuine passport")
    assert question.question_type == "multichoice"
    assert question.version == 1
    assert question.created_by == user
    assert [(c.text, c.fraction) for c in question.choices.order_by("sort_order")] == [
        ("The one with a hologram", Decimal(1)),
        ("The one without", Decimal(0)),
    ]


def test_bad_definition_is_refused_and_nothing_saved(trainer_client):
    category = make_category()
    response = trainer_client.post(
        reverse("quiz_questions:add_type", args=["multichoice"]),
        question_post(
            category,
            [
                {"text": "Half right", "fraction": "0.5"},
                {"text": "Wrong", "fraction": "0"},
            ],
        ),
    )
    assert response.status_code == 200
    assert "One answer must have the grade 100%." in response.content.decode()
    assert not Question.objects.exists()
    assert not Choice.objects.exists()


def test_unknown_type_is_not_found(trainer_client):
    url = reverse("quiz_questions:add_type", args=["no-such-type"])
    assert trainer_client.get(url).status_code == 404


def test_question_list_filters_by_category(trainer_client):
    first, second = make_category("Alpha"), make_category("Beta")
    make_question(category=first, title="In alpha")
    make_question(category=second, title="In beta")
    response = trainer_client.get(
        reverse("quiz_questions:index"), {"category": first.pk}
    )
    content = response.content.decode()
    assert "In alpha" in content and "In beta" not in content
    response = trainer_client.get(reverse("quiz_questions:index"), {"q": "beta"})
    content = response.content.decode()
    assert "In beta" in content and "In alpha" not in content


def _edit_post(question, **changes):
    choices = [
        {"id": c.pk, "text": c.text, "fraction": c.fraction}
        for c in question.choices.order_by("sort_order")
    ]
    for position, fraction in changes.pop("fractions", {}).items():
        choices[position]["fraction"] = fraction
    return question_post(
        question.category,
        choices,
        title=changes.pop("title", question.title),
        text=changes.pop("text", question.text),
        mark=changes.pop("mark", str(question.default_mark)),
    )


def test_edit_bumps_version_only_on_change(trainer_client):
    question = make_question()
    choice_ids = set(question.choices.values_list("pk", flat=True))
    url = reverse("quiz_questions:edit", args=[question.pk])
    assert trainer_client.get(url).status_code == 200

    response = trainer_client.post(url, _edit_post(question, title="Renamed"))
    assert response.status_code == 302, response.context["form"].errors
    question.refresh_from_db()
    assert question.title == "Renamed" and question.version == 1

    response = trainer_client.post(url, _edit_post(question, mark="2"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.version == 2
    assert set(question.choices.values_list("pk", flat=True)) == choice_ids


def test_regrade_after_correct_answer_changes(client):
    question = make_question(choices=[("Right", 1), ("Wrong", 0)])
    quiz = make_quiz(questions=[question], pass_mark=50)
    officer = make_user()
    enrolment, _ = enrol(officer, quiz.get_parent().get_parent().specific)
    attempt, _ = start_attempt(quiz, enrolment)
    wrong = question.choices.get(text="Wrong").pk
    attempt, _ = submit_attempt(
        attempt.pk, [AnswerUpdate(position=1, sequence=0, response=wrong)]
    )
    assert attempt.score == 0

    # The quiz's course's trainer (the bank's course rule: course_scope).
    trainer = make_trainer(edit_pages=[quiz.get_parent().get_parent()])
    client.force_login(trainer)
    edit_url = reverse("quiz_questions:edit", args=[question.pk])
    # "Wrong" was in fact the right answer.
    response = client.post(edit_url, _edit_post(question, fractions={0: "0", 1: "1"}))
    assert response.status_code == 302, response.context["form"].errors
    question.refresh_from_db()
    assert question.version == 2

    page = client.get(edit_url).content.decode()
    assert "1 finished attempt used an earlier version" in page
    response = client.post(
        reverse("quiz_questions:regrade", args=[question.pk]), follow=True
    )
    assert "Regraded 1 answer" in messages_of(response)
    attempt.refresh_from_db()
    assert attempt.score == 1 and attempt.passed
    assert "earlier version" not in client.get(edit_url).content.decode()


def test_regrade_needs_change_permission(client):
    question = make_question()
    client.force_login(make_trainer(bank=False))
    response = client.post(reverse("quiz_questions:regrade", args=[question.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_question_used_by_a_quiz_cannot_be_deleted(client):
    question = make_question()
    quiz = make_quiz(questions=[question])
    client.force_login(make_trainer(edit_pages=[quiz.get_parent().get_parent()]))
    response = client.post(
        reverse("quiz_questions:delete", args=[question.pk]), follow=True
    )
    assert Question.objects.filter(pk=question.pk).exists()
    assert "1 quiz uses it" in messages_of(response)
