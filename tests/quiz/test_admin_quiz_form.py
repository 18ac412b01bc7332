"""The quiz page's admin form: draws and essays checked against the settings."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from plugins.quiz.hooks import question_types
from plugins.quiz.models import QuizCategoryDraw, QuizPage
from tests.factories import make_user
from tests.quiz.factories import make_category, make_question, make_quiz
from tests.quiz.test_admin_marking import HandMarked

pytestmark = pytest.mark.django_db


def edit_data(client, quiz):
    """The quiz page's edit form as the browser would post it, unchanged."""
    page = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))
    assert page.status_code == 200
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form")
    data = data.copy()
    data.pop("action-publish", None)
    return data


def save(client, quiz, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[quiz.pk]), data)


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin"))
    return client


def test_question_chooser_lists_the_bank(admin_client):
    make_question(title="Hologram check", category=make_category("Documents"))
    response = admin_client.get(reverse("quiz_question_chooser:choose"))
    assert response.status_code == 200
    assert "Hologram check" in response.content.decode()


def test_draw_larger_than_its_category_is_refused(admin_client):
    category = make_category("Visas")
    make_question(category=category)
    make_question(category=category)
    quiz = make_quiz(questions=[make_question()], draws=[(category, 2)])
    data = edit_data(admin_client, quiz)
    assert save(admin_client, quiz, data).status_code == 302  # unchanged: valid

    data["category_draws-0-count"] = "3"
    response = save(admin_client, quiz, data)
    assert response.status_code == 200
    assert "Random draw 1 asks for 3 questions from “Visas”, which holds 2" in (
        response.content.decode()
    )
    assert QuizCategoryDraw.objects.get(quiz=quiz).count == 2


def test_essays_need_the_exam_paper(admin_client):
    with question_types.temporarily(HandMarked()):
        essay = make_question("test_hand_marked")
        quiz = make_quiz(questions=[essay])
        data = edit_data(admin_client, quiz)
        data.pop("exam_paper", None)  # an unticked checkbox is not posted
        response = save(admin_client, quiz, data)
        assert response.status_code == 200
        assert "essays need the exam paper kept to be marked" in (
            response.content.decode()
        )
        assert QuizPage.objects.get(pk=quiz.pk).exam_paper is True
