"""What the admin offers under each page of the course tree ("Add child page")."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Page

from courses.hooks import activity_page_models
from courses.models import CatalogPage, CoursePage, LessonPage, ModulePage
from plugins.quiz.models import QuizPage
from tests import factories
from tests.quiz.factories import make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(factories.make_user("admin"))
    return client


@pytest.fixture
def tree(course):
    module = factories.modules_of(course)[0]
    return {
        "root": Page.get_first_root_node(),
        "catalog": course.get_parent(),
        "course": course,
        "module": module,
        "lesson": factories.lessons_of(course)[0],
        "quiz": make_quiz(module),
    }


def offered(client, parent):
    """The page types "Add child page" offers under ``parent`` (labels), or
    the one it goes straight to, or ``None`` when it refuses."""
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    if refused(response):
        return None
    if response.status_code == 302:
        return [response["Location"]]
    assert response.status_code == 200
    return sorted(
        f"{app}.{model}" for _name, app, model, _desc in response.context["page_types"]
    )


def refused(response) -> bool:
    """The admin's refusal: back to the dashboard with "no permission"."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == reverse(
        "wagtailadmin_home"
    )


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def test_the_root_offers_no_course_page_type(admin_client, tree):
    choices = offered(admin_client, tree["root"]) or []
    for model in (CatalogPage, CoursePage, ModulePage, LessonPage, QuizPage):
        assert model._meta.label_lower not in choices  # one catalog, already made


def test_the_catalog_goes_straight_to_a_new_course(admin_client, tree):
    assert offered(admin_client, tree["catalog"]) == [
        add_url(CoursePage, tree["catalog"])
    ]


def test_a_course_goes_straight_to_a_new_module(admin_client, tree):
    assert offered(admin_client, tree["course"]) == [
        add_url(ModulePage, tree["course"])
    ]


def test_a_module_offers_the_lesson_and_every_activity_page(admin_client, tree):
    choices = offered(admin_client, tree["module"])

    expected = sorted(model._meta.label_lower for model in activity_page_models())
    assert choices == expected
    assert "courses.lessonpage" in choices and "quiz.quizpage" in choices
    assert "courses.modulepage" not in choices and "courses.coursepage" not in choices


@pytest.mark.parametrize("leaf", ["lesson", "quiz"])
def test_lessons_and_activities_take_no_child_pages(admin_client, tree, leaf):
    assert offered(admin_client, tree[leaf]) is None


@pytest.mark.parametrize(
    "model, parent",
    [
        (LessonPage, "course"),
        (LessonPage, "catalog"),
        (ModulePage, "catalog"),
        (ModulePage, "module"),
        (CoursePage, "course"),
        (CoursePage, "root"),
        (QuizPage, "course"),
        (LessonPage, "lesson"),
    ],
)
def test_the_create_form_refuses_a_page_type_out_of_place(
    admin_client, tree, model, parent
):
    response = admin_client.get(add_url(model, tree[parent]))

    assert refused(response)


def test_a_trainer_is_offered_the_same_under_their_course(client, tree):
    client.force_login(factories.make_user("trainer", trains=[tree["course"]]))

    assert offered(client, tree["course"]) == [add_url(ModulePage, tree["course"])]
    assert "courses.lessonpage" in offered(client, tree["module"])
    assert offered(client, tree["lesson"]) is None
