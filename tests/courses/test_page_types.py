"""Where each course page type may live in the Wagtail tree."""

import pytest
from wagtail.models import Page

from courses.hooks import activity_page_models, activity_pages
from courses.models import CatalogPage, CoursePage, LessonPage, ModulePage
from tests import factories


@pytest.fixture
def tree(course):
    module = factories.modules_of(course)[0]
    lesson = factories.lessons_of(course)[0]
    return {
        "root": Page.get_first_root_node(),
        "catalog": course.get_parent(),
        "course": course,
        "module": module,
        "lesson": lesson,
    }


@pytest.mark.parametrize(
    "model, allowed_parent",
    [
        (LessonPage, "module"),
        (ModulePage, "course"),
        (CoursePage, "catalog"),
    ],
)
def test_each_page_type_can_only_be_created_under_its_parent_type(
    tree, model, allowed_parent
):
    for name, parent in tree.items():
        expected = name == allowed_parent
        assert model.can_create_at(parent) is expected, (model, name)
        assert model.can_exist_under(parent) is expected, (model, name)


def test_allowed_subpage_models_form_the_catalog_course_module_lesson_chain():
    assert CatalogPage.allowed_subpage_models() == [CoursePage]
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert LessonPage in ModulePage.allowed_subpage_models()
    assert LessonPage.allowed_subpage_models() == []
    assert LessonPage.allowed_parent_page_models() == [ModulePage]
    assert ModulePage.allowed_parent_page_models() == [CoursePage]
    assert CoursePage.allowed_parent_page_models() == [CatalogPage]


def test_there_is_only_one_catalog(tree):
    assert not CatalogPage.can_create_at(tree["root"])


def test_module_subpages_come_from_the_activity_page_registry(tree, monkeypatch):
    assert activity_pages.get("courses.LessonPage") is LessonPage
    assert ModulePage.allowed_subpage_models() == activity_page_models()

    # As if no installed app registered lessons any more (the registry's own
    # ``temporarily()`` swaps its entries the same way).
    without_lessons = {
        key: entry
        for key, entry in activity_pages.entries.items()
        if entry.item is not LessonPage
    }
    monkeypatch.setattr(activity_pages, "_entries", without_lessons)

    assert LessonPage not in ModulePage.allowed_subpage_models()
    assert not LessonPage.can_create_at(tree["module"])

    monkeypatch.undo()
    assert LessonPage.can_create_at(tree["module"])
