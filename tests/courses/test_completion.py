"""Progress and completion: lessons, modules, courses, plugin rules, races."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from courses.completion import (
    VIEWED,
    UnknownCompletionRule,
    evaluate_course,
    record_event,
    rule_choices,
    rule_for,
)
from courses.enrolment import enrol
from courses.models import ActivityProgress, Enrolment, LessonPage, ModuleCompletion
from tests import factories
from tests.courses.conftest import requires_postgresql, run_concurrently
from tests.courses.study import complete_lesson


def progress_of(enrolment, page):
    return ActivityProgress.objects.get(enrolment=enrolment, page_id=page.pk)


def module_done(enrolment, module):
    return ModuleCompletion.objects.filter(enrolment=enrolment, module=module).exists()


def course_done(enrolment):
    enrolment.refresh_from_db()
    return enrolment.is_complete


# Lessons ---------------------------------------------------------------------


def test_opening_a_lesson_records_it_opened_not_completed(
    officer_client, enrolment, lessons, signal_log
):
    lesson = lessons[0]

    response = officer_client.get(lesson.url)

    assert response.status_code == 200
    progress = progress_of(enrolment, lesson)
    assert VIEWED in progress.events
    assert progress.opened_at is not None
    assert progress.completed_at is None
    assert signal_log.count("lesson_completed") == 0
    enrolment.refresh_from_db()
    assert enrolment.last_page_id == lesson.pk
    assert enrolment.last_accessed_at is not None


def test_clicking_next_through_every_lesson_completes_nothing(
    officer_client, enrolment, lessons, signal_log
):
    for lesson in lessons:
        officer_client.get(lesson.url)

    assert not ActivityProgress.objects.filter(
        enrolment=enrolment, completed_at__isnull=False
    ).exists()
    assert ActivityProgress.objects.filter(
        enrolment=enrolment, opened_at__isnull=False
    ).count() == len(lessons)
    assert not course_done(enrolment)
    assert signal_log.count("lesson_completed") == 0


def test_studying_a_lesson_completes_it_once(enrolment, lessons, signal_log):
    lesson = lessons[0]

    complete_lesson(enrolment, lesson)
    complete_lesson(enrolment, lesson)

    progress = progress_of(enrolment, lesson)
    assert progress.completed_at is not None
    assert progress.reached_end_at is not None
    assert progress.opened_at < progress.completed_at
    assert signal_log.count("lesson_completed") == 1
    call = signal_log.calls["lesson_completed"][0]
    assert call["page"] == lesson and call["enrolment"] == enrolment


def test_viewing_again_keeps_the_first_view_and_opening(
    officer_client, enrolment, lessons
):
    lesson = lessons[0]
    officer_client.get(lesson.url)
    first = progress_of(enrolment, lesson)

    officer_client.get(lesson.url)

    again = progress_of(enrolment, lesson)
    assert again.events[VIEWED] == first.events[VIEWED]
    assert again.opened_at == first.opened_at
    assert ActivityProgress.objects.filter(enrolment=enrolment).count() == 1


def test_a_post_to_a_lesson_records_nothing(officer_client, enrolment, lessons):
    officer_client.post(lessons[0].url)

    assert not ActivityProgress.objects.filter(enrolment=enrolment).exists()


# Modules and courses ---------------------------------------------------------


def test_module_completes_when_all_its_lessons_do(
    enrolment, modules, lessons, signal_log
):
    first_module_lessons = lessons[:2]

    complete_lesson(enrolment, first_module_lessons[0])
    assert not module_done(enrolment, modules[0])

    complete_lesson(enrolment, first_module_lessons[1])
    assert module_done(enrolment, modules[0])
    assert not module_done(enrolment, modules[1])
    assert signal_log.count("module_completed") == 1
    assert signal_log.calls["module_completed"][0]["module"] == modules[0]
    assert not course_done(enrolment)


def test_an_unpublished_lesson_does_not_block_its_module(enrolment, modules, lessons):
    lessons[1].unpublish()

    complete_lesson(enrolment, lessons[0])

    assert module_done(enrolment, modules[0])


def test_a_draft_lesson_added_later_does_not_block(enrolment, modules, lessons):
    modules[0].add_child(instance=LessonPage(title="Draft", slug="draft", live=False))

    complete_lesson(enrolment, lessons[0])
    complete_lesson(enrolment, lessons[1])

    assert module_done(enrolment, modules[0])


def test_course_completes_when_all_live_modules_do(enrolment, lessons, signal_log):
    for lesson in lessons[:-1]:
        complete_lesson(enrolment, lesson)
    assert not course_done(enrolment)
    assert signal_log.count("course_completed") == 0

    complete_lesson(enrolment, lessons[-1])

    assert course_done(enrolment)
    assert signal_log.counts() == {
        "enrolment_created": 0,  # the fixture enrolled before the log started
        "lesson_completed": 4,
        "module_completed": 2,
        "course_completed": 1,
    }
    assert signal_log.calls["course_completed"][0]["enrolment"].pk == enrolment.pk


def test_an_unpublished_module_does_not_block_the_course(enrolment, modules, lessons):
    modules[1].unpublish()

    complete_lesson(enrolment, lessons[0])
    complete_lesson(enrolment, lessons[1])

    assert course_done(enrolment)


def test_a_live_module_left_without_live_lessons_does_not_block_the_course(
    enrolment, modules, lessons, signal_log
):
    lessons[2].unpublish()
    lessons[3].unpublish()  # module 2 is live but has nothing left to do

    complete_lesson(enrolment, lessons[0])
    complete_lesson(enrolment, lessons[1])

    assert module_done(enrolment, modules[1])
    assert course_done(enrolment)
    assert signal_log.count("module_completed") == 2
    assert signal_log.count("course_completed") == 1


def test_a_course_without_modules_is_never_complete(officer, catalog):
    empty = factories.make_course(catalog, modules=0)
    enrolment, _ = enrol(officer, empty)

    assert evaluate_course(enrolment) is False
    assert not course_done(enrolment)


def test_signals_fire_once_each_even_when_everything_is_studied_again(
    officer_client, enrolment, lessons, signal_log
):
    for _round in range(2):
        for lesson in lessons:
            assert officer_client.get(lesson.url).status_code == 200
            complete_lesson(enrolment, lesson)

    assert signal_log.counts() == {
        "enrolment_created": 0,
        "lesson_completed": 4,
        "module_completed": 2,
        "course_completed": 1,
    }
    assert course_done(enrolment)
    assert ModuleCompletion.objects.filter(enrolment=enrolment).count() == 2


def test_progress_is_per_enrolment(officer, other_officer, course, lessons):
    mine, _ = enrol(officer, course)
    theirs, _ = enrol(other_officer, course)

    for lesson in lessons:
        complete_lesson(mine, lesson)

    assert course_done(mine)
    assert not course_done(theirs)
    assert not ActivityProgress.objects.filter(enrolment=theirs).exists()


# Races (PostgreSQL) ----------------------------------------------------------


def enrolled_course_but_last_lesson():
    officer = factories.make_user("officer")
    course = factories.make_course(factories.make_catalog(), modules=2, lessons=2)
    enrolment, _ = enrol(officer, course)
    lessons = factories.lessons_of(course)
    for lesson in lessons[:-1]:
        complete_lesson(enrolment, lesson)
    return officer, enrolment, lessons


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_tabs_finishing_the_last_lesson_complete_the_course_once(
    signal_log, slow_listener
):
    officer, enrolment, lessons = enrolled_course_but_last_lesson()
    signal_log.calls.clear()

    run_concurrently(
        *[lambda: complete_lesson(enrolment, lessons[-1]) for _tab in range(2)]
    )

    assert signal_log.counts() == {
        "enrolment_created": 0,
        "lesson_completed": 1,
        "module_completed": 1,
        "course_completed": 1,
    }
    assert course_done(enrolment)
    assert ActivityProgress.objects.filter(enrolment=enrolment).count() == len(lessons)


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_completion_of_a_modules_last_two_lessons_completes_it(
    signal_log, slow_listener
):
    """Two tabs finish different lessons at once: neither may miss the other."""
    officer = factories.make_user("officer")
    course = factories.make_course(factories.make_catalog(), modules=1, lessons=2)
    enrolment, _ = enrol(officer, course)
    lessons = factories.lessons_of(course)

    run_concurrently(
        *[lambda page=page: complete_lesson(enrolment, page) for page in lessons]
    )

    assert signal_log.count("lesson_completed") == 2
    assert signal_log.count("module_completed") == 1
    assert signal_log.count("course_completed") == 1
    assert course_done(enrolment)


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_acknowledgements_complete_a_viewed_lesson_once(
    signal_log, slow_listener
):
    """The progress row already exists: only its row lock keeps this to one."""
    officer, enrolment, lessons = enrolled_course_but_last_lesson()
    last = lessons[-1]
    last.completion_rule = "sample_acknowledged"
    last.save()
    record_event(enrolment, last)  # viewed, not complete
    clients = [Client(), Client(), Client()]
    for client in clients:
        client.force_login(officer)
    signal_log.calls.clear()

    responses = run_concurrently(
        *[lambda c=c: c.post(acknowledge_url(last)) for c in clients]
    )

    assert [r.json() for r in responses] == [{"completed": True}] * 3
    assert signal_log.counts() == {
        "enrolment_created": 0,
        "lesson_completed": 1,
        "module_completed": 1,
        "course_completed": 1,
    }
    assert course_done(enrolment)


# Completion rules from plugins -----------------------------------------------


@pytest.fixture
def acknowledged_lesson(lessons):
    lesson = lessons[0]
    lesson.completion_rule = "sample_acknowledged"
    lesson.save()
    return lesson


def acknowledge_url(lesson):
    return reverse("sample_plugin:acknowledge", args=[lesson.pk])


def test_plugin_rule_is_offered_to_authors():
    assert ("sample_acknowledged", "Acknowledged by the officer") in rule_choices(
        "activity"
    )
    assert "sample_acknowledged" not in dict(rule_choices("module"))


def test_plugin_rule_needs_the_acknowledgement_not_just_a_view(
    officer_client, enrolment, acknowledged_lesson, signal_log
):
    response = officer_client.get(acknowledged_lesson.url)

    assert response.status_code == 200
    progress = progress_of(enrolment, acknowledged_lesson)
    assert VIEWED in progress.events
    assert progress.completed_at is None
    assert signal_log.count("lesson_completed") == 0

    response = officer_client.post(acknowledge_url(acknowledged_lesson))

    assert response.status_code == 200
    assert response.json() == {"completed": True}
    progress.refresh_from_db()
    assert "acknowledged" in progress.events
    assert progress.completed_at is not None
    assert signal_log.count("lesson_completed") == 1


def test_acknowledging_needs_an_enrolment(client, other_officer, acknowledged_lesson):
    client.force_login(other_officer)

    response = client.post(acknowledge_url(acknowledged_lesson))

    assert response.status_code == 404
    assert not ActivityProgress.objects.exists()


def test_an_uninstalled_rule_is_a_clear_error(officer_client, enrolment, lessons):
    lesson = lessons[0]
    LessonPage.objects.filter(pk=lesson.pk).update(
        completion_rule="removed_plugin_rule"
    )
    lesson.refresh_from_db()

    with pytest.raises(
        UnknownCompletionRule, match="'removed_plugin_rule'.*not installed"
    ):
        rule_for(lesson, "activity")
    with pytest.raises(UnknownCompletionRule, match=f"Page {lesson.pk}"):
        officer_client.get(lesson.url)
    # Nothing half-recorded.
    assert not ActivityProgress.objects.filter(enrolment=enrolment).exists()


def test_a_rule_of_another_scope_is_an_error_too(lessons):
    lesson = lessons[0]
    lesson.completion_rule = "all_modules_complete"

    with pytest.raises(UnknownCompletionRule):
        rule_for(lesson, "activity")


def test_clean_refuses_an_uninstalled_rule_and_names_the_valid_ones(lessons):
    lesson = lessons[0]
    lesson.completion_rule = "removed_plugin_rule"

    with pytest.raises(ValidationError) as error:
        lesson.clean()

    messages = error.value.message_dict["completion_rule"]
    assert len(messages) == 1
    assert "removed_plugin_rule" in messages[0]
    assert "lesson_viewed" in messages[0]
    assert "sample_acknowledged" in messages[0]


def test_clean_refuses_a_rule_of_the_wrong_scope(modules):
    module = modules[0]
    module.completion_rule = "lesson_viewed"

    with pytest.raises(ValidationError) as error:
        module.clean()

    assert "all_activities_complete" in error.value.message_dict["completion_rule"][0]


def test_clean_fills_in_the_default_rule(lessons):
    lesson = lessons[0]
    lesson.completion_rule = ""

    lesson.clean()

    assert lesson.completion_rule == "lesson_studied"


def test_enrolment_is_never_completed_twice(enrolment, lessons):
    for lesson in lessons:
        complete_lesson(enrolment, lesson)
    enrolment.refresh_from_db()
    first = enrolment.completed_at

    assert evaluate_course(enrolment) is True
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at == first
