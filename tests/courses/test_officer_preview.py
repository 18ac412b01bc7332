"""“View as officer”: the preview mode trainers use before publishing."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from certificates.models import Certificate
from courses.authoring.officer_preview import OFFICER
from courses.models import (
    ActivityProgress,
    CoursePage,
    Enrolment,
    LessonPage,
    ModuleCompletion,
)
from plugins.quiz.models import Attempt, QuizPage
from tests import factories
from tests.quiz.factories import make_question, make_quiz

pytestmark = pytest.mark.django_db


def record_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Enrolment,
            ActivityProgress,
            ModuleCompletion,
            Attempt,
            Certificate,
        )
    }


@pytest.fixture
def trainer(course):
    return factories.make_user("trainer", trains=[course])


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


@pytest.fixture
def draft_lesson(course):
    """A lesson never published, under the course's first (live) module."""
    module = factories.modules_of(course)[0]
    lesson = module.add_child(
        instance=LessonPage(
            title="Screening travellers",
            slug="screening-travellers",
            live=False,
            body=[("text", "<p>Ask every traveller where they are going.</p>")],
        )
    )
    lesson.save_revision()
    return lesson


def view_draft(client, page, mode=OFFICER):
    url = reverse("wagtailadmin_pages:view_draft", args=[page.pk])
    return client.get(url, {"mode": mode})


def test_course_and_activity_pages_offer_the_officer_mode_first():
    for model in (CoursePage, LessonPage, QuizPage):
        modes = [name for name, _label in model.preview_modes]
        assert modes == [OFFICER, ""], model
        assert model().default_preview_mode == OFFICER


def test_a_draft_lesson_previews_as_an_enrolled_officer_sees_it(
    trainer_client, course, draft_lesson
):
    before = record_counts()

    response = view_draft(trainer_client, draft_lesson)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ask every traveller where they are going." in html  # the body
    # The officer layout: the site header with the officer's menu, the
    # breadcrumb back to the course and its module, the way back.
    assert 'class="site-header"' in html
    assert "My learning" in html and "Sign out" in html
    assert 'class="crumbs"' in html and course.title in html
    assert "Module 1 of Identifying victims" in html
    assert "Back to the course" in html
    # Nothing only editors see.
    assert 'href="/admin/"' not in html
    assert "wagtail-userbar" not in html
    assert record_counts() == before
    assert not draft_lesson.live


def lesson_form(lesson, paragraph, minutes=15):
    """The lesson's edit form, its body one paragraph (Draftail's JSON)."""
    draftail = json.dumps(
        {
            "blocks": [
                {
                    "key": "a",
                    "type": "unstyled",
                    "text": paragraph,
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    )
    return nested_form_data(
        {
            "title": lesson.title,
            "summary": "",
            "estimated_minutes": str(minutes),
            "completion_rule": "lesson_viewed",
            "slug": lesson.slug,
            "seo_title": "",
            "search_description": "",
            "body": streamfield([("text", draftail)]),
        }
    )


def test_the_officer_preview_shows_unsaved_edits(trainer_client, draft_lesson):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft_lesson.pk])
    form = lesson_form(draft_lesson, "Not saved yet: a new paragraph.", minutes=20)
    before = record_counts()

    posted = trainer_client.post(url, form)
    response = trainer_client.get(url, {"mode": OFFICER})

    assert posted.json()["is_valid"] is True
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not saved yet: a new paragraph." in html
    assert "About 20 minutes" in html
    assert 'href="/admin/"' not in html
    assert record_counts() == before


def test_the_course_previews_as_just_enrolled_with_no_progress(trainer_client, course):
    before = record_counts()

    html = view_draft(trainer_client, course).content.decode()

    assert "Your progress" in html and "Start the course" in html
    assert "Enrol</button>" not in html
    assert "Not done yet" in html and "✓ </span>Done" not in html
    # Enrolled: the outline links to the lessons.
    for lesson in factories.lessons_of(course):
        assert f'href="{lesson.url}"' in html
    assert 'href="/admin/"' not in html
    assert record_counts() == before


def test_the_editors_own_view_stays_available(trainer_client, course, trainer):
    html = view_draft(trainer_client, course, mode="").content.decode()

    assert "Enrol</button>" in html  # the trainer is not enrolled
    assert 'href="/admin/"' in html


def test_an_officer_preview_hides_and_keeps_the_editors_messages(
    trainer_client, draft_lesson
):
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft_lesson.pk])
    saved = trainer_client.post(edit_url, lesson_form(draft_lesson, "Saved draft."))
    assert saved.status_code == 302  # "Page … has been updated." is queued

    html = view_draft(trainer_client, draft_lesson).content.decode()
    admin = trainer_client.get(edit_url)

    assert "Saved draft." in html
    assert "has been updated" not in html
    assert any("has been updated" in str(m) for m in admin.context["messages"])


@pytest.mark.parametrize("draft", [False, True])
def test_a_quiz_previews_with_no_attempts_and_records_none(
    trainer_client, course, draft
):
    module = factories.modules_of(course)[0]
    quiz = make_quiz(
        module, questions=[make_question()], title="Checkpoint quiz", draft=draft
    )
    before = record_counts()

    response = view_draft(trainer_client, quiz)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Checkpoint quiz" in html
    # A draft quiz is closed to officers, and the preview says so as they see it.
    assert ("This quiz is not open to officers yet." in html) is draft
    assert "only editors of the page can try it" not in html
    assert "Your attempts" not in html
    assert 'href="/admin/"' not in html
    assert record_counts() == before


def test_someone_elses_officers_view_is_not_for_other_trainers(
    client, course, draft_lesson
):
    other = factories.make_user(
        "trainer", trains=[factories.make_course(modules=1, lessons=1)]
    )
    client.force_login(other)

    response = view_draft(client, draft_lesson)

    assert response.status_code in (302, 403)
    assert "Ask every traveller" not in response.content.decode()


def test_officers_cannot_preview(officer_client, draft_lesson):
    response = view_draft(officer_client, draft_lesson)

    assert response.status_code == 302
    assert "Ask every traveller" not in response.content.decode()
