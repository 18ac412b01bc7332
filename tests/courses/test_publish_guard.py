"""Nothing goes live under a page that is not live (``publish_guard``).

Each publishing path is driven as the admin drives it (or as cron runs it),
and the effect is checked in the database.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.move_page import MovePageAction
from wagtail.models import TaskState

from courses.authoring.publish_guard import ParentNotLive
from courses.models import LessonPage, ModulePage
from tests.courses.test_page_access import (
    World,
    action_url,
    build_world,
    client_for,
    edit_form,
    edit_url,
    fresh,
    submit,
)

pytestmark = pytest.mark.django_db

REFUSAL = "Publish the module “Draft module” first"


@pytest.fixture
def world(catalog) -> World:
    world = build_world(catalog)
    module = ModulePage(title="Draft module", slug="draft-module", live=False)
    world.x.add_child(instance=module)
    module.save_revision(user=world.people["trainer_x"])
    lesson = LessonPage(title="Draft lesson", slug="draft-lesson", live=False)
    module.add_child(instance=lesson)
    lesson.save_revision(user=world.people["trainer_x"])
    world.draft_module, world.draft_lesson = module, lesson
    return world


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_edit_and_publish_under_a_draft_module_keeps_a_draft_and_says_why(world):
    lesson = world.draft_lesson
    data = edit_form(world, lesson, title="Lesson, revised", **{"action-publish": "1"})

    response = client_for(world.people["lead"]).post(edit_url(lesson), data)

    assert response.status_code == 302 and response["Location"] == edit_url(lesson)
    [message] = [m for m in texts(response) if REFUSAL in m]
    assert "“Lesson, revised” cannot go live" in message
    assert "or submit the module for review as a whole" in message
    lesson = fresh(lesson)
    assert not lesson.live and lesson.live_revision is None
    assert lesson.get_latest_revision().as_object().title == "Lesson, revised"


def test_publishing_under_a_live_module_still_works(world):
    lesson = LessonPage(title="New lesson", slug="new-lesson", live=False)
    world.module_x.add_child(instance=lesson)
    data = edit_form(world, lesson, **{"action-publish": "1"})

    response = client_for(world.people["lead"]).post(edit_url(lesson), data)

    assert response.status_code == 302
    assert fresh(lesson).live


def test_approving_a_lesson_alone_under_a_draft_module_is_refused(world):
    lesson = world.draft_lesson
    task_state = submit(world, lesson, "Reviewed lesson")
    lead = client_for(world.people["lead"])
    url = action_url(lesson, "approve", task_state)

    # The dashboard's modal posts with XMLHttpRequest: a 403 with the reason.
    modal = lead.post(
        url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    # A plain post: the admin's own refusal (back to the dashboard).
    plain = lead.post(url, {"comment": ""})
    # "Approve" from the edit page's menu: the reason, on the page.
    data = edit_form(
        world,
        lesson,
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    from_editor = lead.post(edit_url(lesson), data)

    assert modal.status_code == 403 and REFUSAL in modal.content.decode()
    assert plain.status_code == 302 and plain["Location"] == reverse(
        "wagtailadmin_home"
    )
    assert from_editor.status_code == 302
    assert any(REFUSAL in m for m in texts(from_editor))
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS  # rolled back
    assert not fresh(lesson).live


def test_approval_in_code_raises_and_publishes_nothing(world):
    lesson = world.draft_lesson
    task_state = submit(world, lesson, "Reviewed lesson")

    with pytest.raises(ParentNotLive) as refused:
        task_state.task.specific.on_action(task_state, world.people["lead"], "approve")

    assert refused.value.parent.pk == world.draft_module.pk
    assert not fresh(lesson).live


def bulk_publish_url(*pages) -> str:
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    ids = "&".join(f"id={page.pk}" for page in pages)
    listing = reverse("wagtailadmin_explore", args=[pages[0].get_parent().pk])
    return f"{url}?{ids}&next={listing}"


def test_bulk_publish_of_a_lesson_under_a_draft_module_is_refused(world):
    response = client_for(world.people["lead"]).post(
        bulk_publish_url(world.draft_lesson), {"include_descendants": ""}
    )

    assert response.status_code == 302
    assert any(REFUSAL in m for m in texts(response))
    assert not fresh(world.draft_lesson).live


def test_bulk_publish_of_the_module_with_its_pages_goes_top_down(world):
    response = client_for(world.people["lead"]).post(
        bulk_publish_url(world.draft_module), {"include_descendants": "on"}
    )

    assert response.status_code == 302
    assert fresh(world.draft_module).live and fresh(world.draft_lesson).live


def test_scheduled_go_live_waits_for_the_module(world):
    lesson = world.draft_lesson
    revision = lesson.get_latest_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()

    call_command("publish_scheduled")

    assert not fresh(lesson).live
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None  # still scheduled

    world.draft_module.get_latest_revision().publish(user=world.people["lead"])
    call_command("publish_scheduled")

    assert fresh(lesson).live
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None


def test_moving_a_live_lesson_under_a_draft_module_is_refused(world):
    live_lesson = world.module_x.get_children().live().first()
    url = reverse(
        "wagtailadmin_pages:move_confirm", args=[live_lesson.pk, world.draft_module.pk]
    )

    response = client_for(world.people["lead"]).post(url)

    assert response.status_code == 302
    assert any(
        "is live and cannot move under the module “Draft module”" in m
        for m in texts(response)
    )
    assert fresh(live_lesson).get_parent().pk == world.module_x.pk

    with pytest.raises(ParentNotLive):
        MovePageAction(live_lesson, world.draft_module, pos="last-child").execute()
    assert fresh(live_lesson).get_parent().pk == world.module_x.pk


def test_moving_a_draft_lesson_under_a_draft_module_is_allowed(world):
    lesson = LessonPage(title="Loose draft", slug="loose-draft", live=False)
    world.module_x.add_child(instance=lesson)

    MovePageAction(lesson, world.draft_module, pos="last-child").execute()

    assert fresh(lesson).get_parent().pk == world.draft_module.pk


def test_unpublishing_a_module_unpublishes_its_pages(world):
    lessons = list(world.module_x.get_children().live())
    assert lessons

    response = client_for(world.people["lead"]).post(
        reverse("wagtailadmin_pages:unpublish", args=[world.module_x.pk])
    )

    assert response.status_code == 302
    assert not fresh(world.module_x).live
    assert not any(fresh(lesson).live for lesson in lessons)
