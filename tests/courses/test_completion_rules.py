"""Which completion rules apply to which pages, and the honest migration of
progress recorded under the old "opened is done" rule."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from courses.completion import VIEWED, CompletionRule, record_event, rule_choices
from courses.enrolment import enrol
from courses.hooks import completion_rules
from courses.models import ActivityProgress, LessonPage, ModuleCompletion
from plugins.quiz.models import QuizPage
from tests import factories
from tests.quiz.factories import make_quiz

pytestmark = pytest.mark.django_db


def test_lessons_are_not_offered_quiz_rules():
    lesson_rules = dict(rule_choices("activity", LessonPage))

    assert "quiz_passed" not in lesson_rules
    assert "quiz_finished" not in lesson_rules
    assert {"lesson_studied", "lesson_confirmed", "lesson_viewed"} <= set(lesson_rules)


def test_quizzes_are_offered_quiz_rules_and_not_lesson_rules():
    quiz_rules = dict(rule_choices("activity", QuizPage))

    assert {"quiz_passed", "quiz_finished"} <= set(quiz_rules)
    assert "lesson_studied" not in quiz_rules
    assert "lesson_confirmed" not in quiz_rules


def test_the_lesson_editor_offers_only_lesson_rules(lessons):
    form_class = LessonPage.get_edit_handler().get_form_class()
    form = form_class(instance=lessons[0], for_user=factories.make_user("admin"))

    offered = [value for value, _label in form.fields["completion_rule"].widget.choices]

    assert "quiz_passed" not in offered
    assert "lesson_studied" in offered


def test_a_lesson_refuses_a_quiz_rule_with_a_clear_message(lessons):
    lesson = lessons[0]
    lesson.completion_rule = "quiz_passed"

    with pytest.raises(ValidationError) as error:
        lesson.full_clean()

    message = error.value.message_dict["completion_rule"][0]
    assert "“Quiz passed” does not apply to a lesson" in message
    assert "Studied" in message


def test_a_quiz_refuses_a_lesson_only_rule(lessons):
    quiz = make_quiz(lessons[0].get_parent().specific)
    quiz.completion_rule = "lesson_studied"

    with pytest.raises(ValidationError) as error:
        quiz.full_clean()

    assert "does not apply to a quiz" in error.value.message_dict["completion_rule"][0]


def test_a_rule_applies_to_every_page_type_unless_it_says_otherwise():
    class Anywhere(CompletionRule):
        identifier = "test_anywhere"
        label = "Anywhere"
        scope = "activity"

    class QuizOnly(Anywhere):
        identifier = "test_quiz_only"
        page_types = ("quiz.QuizPage",)

    assert Anywhere().applies_to(LessonPage) and Anywhere().applies_to(QuizPage)
    assert QuizOnly().applies_to(QuizPage) and not QuizOnly().applies_to(LessonPage)
    with completion_rules.temporarily(Anywhere(), QuizOnly()):
        assert "test_anywhere" in dict(rule_choices("activity", LessonPage))
        assert "test_quiz_only" not in dict(rule_choices("activity", LessonPage))


def test_new_lessons_default_to_studied(lessons):
    assert lessons[0].completion_rule == "lesson_studied"


# The data migration ---------------------------------------------------------------


def migrate_forwards():
    module = importlib.import_module(
        "courses.migrations.0007_lesson_opened_not_completed"
    )
    module.forwards(apps, None)


def old_style_progress(enrolment, lesson):
    """A lesson marked done by the old rule: viewed, hence completed."""
    return ActivityProgress.objects.create(
        enrolment=enrolment,
        page_id=lesson.pk,
        events={VIEWED: "2026-01-01T00:00:00+00:00"},
        completed_at="2026-01-01T00:00:00Z",
    )


def test_lessons_done_by_opening_become_opened(officer, course, lessons):
    enrolment, _ = enrol(officer, course)
    progress = old_style_progress(enrolment, lessons[0])
    ModuleCompletion.objects.create(
        enrolment=enrolment,
        module=lessons[0].get_parent().specific,
        completed_at=progress.started_at,
    )
    LessonPage.objects.filter(pk=lessons[0].pk).update(completion_rule="lesson_viewed")

    migrate_forwards()

    progress.refresh_from_db()
    assert progress.completed_at is None
    assert progress.opened_at == progress.started_at
    # Module and course completions recorded before stay recorded.
    assert ModuleCompletion.objects.filter(enrolment=enrolment).count() == 1
    assert LessonPage.objects.get(pk=lessons[0].pk).completion_rule == "lesson_studied"


def test_lessons_of_a_completed_course_stay_completed(officer, course, lessons):
    enrolment, _ = enrol(officer, course)
    rows = [old_style_progress(enrolment, lesson) for lesson in lessons]
    type(enrolment).objects.filter(pk=enrolment.pk).update(
        completed_at="2026-01-02T00:00:00Z"
    )

    migrate_forwards()

    for row in rows:
        row.refresh_from_db()
        assert row.completed_at is not None
        assert row.opened_at is not None
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_quiz_progress_is_left_as_it_was(officer, lessons):
    quiz = make_quiz(lessons[0].get_parent().specific)
    enrolment, _ = enrol(officer, lessons[0].get_parent().get_parent().specific)
    record_event(enrolment, quiz, "quiz_passed")
    done = ActivityProgress.objects.get(page_id=quiz.pk)
    assert done.completed_at is not None

    migrate_forwards()

    done.refresh_from_db()
    assert done.completed_at is not None


def test_revisions_of_lessons_get_the_new_rule(lessons):
    lesson = lessons[0]
    LessonPage.objects.filter(pk=lesson.pk).update(completion_rule="lesson_viewed")
    lesson.completion_rule = "lesson_viewed"
    revision = lesson.save_revision(clean=False)

    migrate_forwards()

    revision.refresh_from_db()
    assert revision.content["completion_rule"] == "lesson_studied"
