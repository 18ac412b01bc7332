"""A module or a whole edition reviewed as one unit (``batch_review``).

Through the admin's views: a trainer submits a module with everything under
it; a lead trainer approves (parents published before children) or asks
for changes in one step; Wagtail's own workflow states record each page.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from courses.models import LessonPage, ModulePage, ReviewBatch
from tests import factories
from tests.courses.conftest import requires_postgresql, run_concurrently
from tests.courses.test_page_access import (
    ROLES,
    World,
    build_world,
    client_for,
    edit_form,
    fresh,
    refused,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(catalog) -> World:
    world = build_world(catalog)
    trainer = world.people["trainer_x"]
    module = ModulePage(title="Referral", slug="referral", live=False)
    world.x.add_child(instance=module)
    module.save_revision(user=trainer)
    lessons = []
    for n in (1, 2):
        lesson = LessonPage(title=f"Referral step {n}", slug=f"step-{n}", live=False)
        module.add_child(instance=lesson)
        lesson.save_revision(user=trainer)
        lessons.append(lesson)
    world.new_module, world.new_lessons = module, lessons
    return world


def submit_url(page) -> str:
    return reverse("courses_submit_batch", args=[page.pk])


def batch_url(batch) -> str:
    return reverse("courses_review_batch", args=[batch.pk])


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def submit_module(world, who="trainer_x") -> ReviewBatch:
    response = client_for(world.people[who]).post(submit_url(world.new_module))
    assert response.status_code == 302, response
    batch = ReviewBatch.objects.get()
    assert response["Location"] == batch_url(batch)
    return batch


def in_review(page) -> bool:
    return (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_IN_PROGRESS)
        .exists()
    )


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_who_may_submit_a_module_as_a_whole(world, role):
    client = client_for(world.people[role]) if role != "anonymous" else Client()

    page = client.get(submit_url(world.new_module))
    response = client.post(submit_url(world.new_module))

    pages = [world.new_module, *world.new_lessons]
    if world.may_edit(role, "x"):
        assert page.status_code == 200
        body = page.content.decode()
        assert "Referral step 2" in body
        assert "Identifying victims › Referral" in body  # the lesson's trail
        assert response.status_code == 302
        batch = ReviewBatch.objects.get()
        assert batch.requested_by == world.people[role]
        assert batch.root_id == world.new_module.pk
        assert batch.workflow_states.count() == 3
        assert all(in_review(p) for p in pages)
    else:
        assert refused(page) and refused(response)
        assert not ReviewBatch.objects.exists()
        assert not any(in_review(p) for p in pages)


def test_an_edition_takes_every_page_with_unpublished_changes(world):
    live_lesson = factories.lessons_of(world.x)[0]
    live_lesson.title = "Lesson 1.1, revised"
    live_lesson.save_revision(user=world.people["trainer_x"])

    response = client_for(world.people["trainer_x"]).post(submit_url(world.x))

    assert response.status_code == 302
    batch = ReviewBatch.objects.get()
    submitted = {int(s.object_id) for s in batch.workflow_states.all()}
    # The course itself is live and unchanged: it is the batch's root only.
    assert submitted == {
        world.new_module.pk,
        *(lesson.pk for lesson in world.new_lessons),
        live_lesson.pk,
    }
    assert batch.root_id == world.x.pk


def test_nothing_to_submit_is_said_without_a_review(world):
    module = world.module_x  # live, no changes, nor its lessons

    response = client_for(world.people["trainer_x"]).post(submit_url(module))

    assert response.status_code == 302
    assert any("there is nothing to review" in m for m in texts(response))
    assert not ReviewBatch.objects.exists()


def test_a_lesson_is_not_a_batch_root(world):
    response = client_for(world.people["lead"]).get(submit_url(world.new_lessons[0]))
    assert refused(response)


@pytest.mark.parametrize("role", [*ROLES])
def test_who_may_see_and_decide_a_batch(world, role):
    batch = submit_module(world)
    client = client_for(world.people[role])

    page = client.get(batch_url(batch))
    response = client.post(batch_url(batch), {"decision": "approve", "comment": ""})

    module = fresh(world.new_module)
    if role in {"lead", "admin"}:
        assert (
            page.status_code == 200 and "Decide for all pages" in page.content.decode()
        )
        assert response.status_code == 302
        assert module.live
        assert all(fresh(lesson).live for lesson in world.new_lessons)
    else:
        if role == "trainer_x":
            assert page.status_code == 200  # sees the batch, cannot decide
            assert "Decide for all pages" not in page.content.decode()
            assert response.status_code == 403
        else:
            assert refused(page) and refused(response)
        assert not module.live
        assert not any(fresh(lesson).live for lesson in world.new_lessons)
        assert all(in_review(p) for p in [world.new_module, *world.new_lessons])


def test_approval_publishes_the_module_before_its_lessons(world, mailoutbox):
    batch = submit_module(world)
    mailoutbox.clear()

    response = client_for(world.people["lead"]).post(
        batch_url(batch), {"decision": "approve", "comment": "Well done"}
    )

    assert response.status_code == 302
    assert any("Approved and published 3 pages" in m for m in texts(response))
    publishes = list(
        PageLogEntry.objects.filter(action="wagtail.publish")
        .order_by("timestamp", "pk")
        .values_list("page_id", flat=True)
    )
    assert publishes == [world.new_module.pk, *(p.pk for p in world.new_lessons)]
    for state in batch.workflow_states.all():
        assert state.status == WorkflowState.STATUS_APPROVED
        assert state.current_task_state.finished_by == world.people["lead"]
    # The trainer is told (Wagtail's notification, once per page).
    assert world.people["trainer_x"].email in {a for m in mailoutbox for a in m.to}


def test_request_changes_needs_a_comment_then_returns_every_page(world):
    batch = submit_module(world)
    lead = client_for(world.people["lead"])

    blank = lead.post(batch_url(batch), {"decision": "reject", "comment": "  "})

    assert blank.status_code == 200
    assert "Say what needs to change" in blank.content.decode()
    assert all(in_review(p) for p in [world.new_module, *world.new_lessons])

    response = lead.post(
        batch_url(batch), {"decision": "reject", "comment": "Add the hotline."}
    )

    assert response.status_code == 302
    states = list(batch.workflow_states.all())
    assert {s.status for s in states} == {WorkflowState.STATUS_NEEDS_CHANGES}
    assert {s.current_task_state.comment for s in states} == {"Add the hotline."}
    assert not fresh(world.new_module).live

    # The trainer submits the module again: the same workflows resume.
    again = client_for(world.people["trainer_x"]).post(submit_url(world.new_module))
    assert again.status_code == 302
    second = ReviewBatch.objects.exclude(pk=batch.pk).get()
    assert {s.pk for s in second.workflow_states.all()} == {s.pk for s in states}
    assert all(in_review(p) for p in [world.new_module, *world.new_lessons])


def test_a_batch_under_a_draft_course_is_refused_whole(world):
    course = factories.make_course(world.catalog, title="Draft course", live=False)
    module = ModulePage(title="Orphan module", slug="orphan", live=False)
    course.add_child(instance=module)
    lesson = LessonPage(title="Orphan lesson", slug="orphan-lesson", live=False)
    module.add_child(instance=lesson)
    for page in (module, lesson):
        page.save_revision(user=world.people["admin"])
    client_for(world.people["admin"]).post(submit_url(module))
    batch = ReviewBatch.objects.get(root=module)

    response = client_for(world.people["lead"]).post(
        batch_url(batch), {"decision": "approve", "comment": ""}
    )

    assert response.status_code == 302
    assert any("Publish the course “Draft course” first" in m for m in texts(response))
    assert not fresh(module).live and not fresh(lesson).live
    assert all(
        s.current_task_state.status == TaskState.STATUS_IN_PROGRESS
        for s in batch.workflow_states.all()
    )


def test_buttons_follow_the_rules(world):
    edit = reverse("wagtailadmin_pages:edit", args=[world.new_module.pk])
    course_edit = reverse("wagtailadmin_pages:edit", args=[world.x.pk])

    own = client_for(world.people["trainer_x"]).get(edit).content.decode()
    course = client_for(world.people["trainer_x"]).get(course_edit).content.decode()
    other = client_for(world.people["trainer_y"]).get(edit).content.decode()

    assert submit_url(world.new_module) in own
    assert "Submit the whole module for review" in own
    assert "Submit the whole edition for review" in course
    assert submit_url(world.new_module) not in other

    batch = submit_module(world)
    lead_view = client_for(world.people["lead"]).get(edit).content.decode()
    assert batch_url(batch) in lead_view and "Review as a whole" in lead_view


def test_the_dashboard_queue_names_course_and_module_and_groups_the_batch(world):
    batch = submit_module(world)
    single = factories.lessons_of(world.y)[0]
    single.title = "Border lesson, revised"
    single.save_revision(user=world.people["trainer_y"])
    client_for(world.people["trainer_y"]).post(
        reverse("wagtailadmin_pages:edit", args=[single.pk]),
        edit_form(world, single, **{"action-submit": "1"}),
    )
    assert in_review(single)

    body = client_for(world.people["lead"]).get(reverse("wagtailadmin_home"))
    html = body.content.decode()

    assert "Submitted as a whole: “Referral”" in html
    assert batch_url(batch) in html
    assert "Identifying victims › Referral" in html  # a lesson of the batch
    assert "Border risk › Module 1 of Border risk" in html  # the single page
    # A lesson of the batch cannot be approved alone yet: the queue says why.
    assert "Publish the module “Referral” first" in html
    assert html.index("Submitted as a whole") < html.index("Border lesson, revised")


def publishes() -> int:
    return PageLogEntry.objects.filter(action="wagtail.publish").count()


def test_a_second_decision_on_a_batch_changes_nothing(world):
    batch = submit_module(world)
    lead = client_for(world.people["lead"])
    lead.post(batch_url(batch), {"decision": "approve", "comment": ""})
    before = publishes()

    again = client_for(world.people["admin"]).post(
        batch_url(batch), {"decision": "reject", "comment": "Too late"}
    )

    assert again.status_code == 302
    assert any("already decided" in m for m in texts(again))
    assert publishes() == before
    assert {s.status for s in batch.workflow_states.all()} == {
        WorkflowState.STATUS_APPROVED
    }


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_lead_trainers_approving_a_batch_at_once_publish_once(world):
    batch = submit_module(world)
    clients = [client_for(world.people["lead"]), client_for(world.people["admin"])]
    before = publishes()

    run_concurrently(
        *[
            lambda c=c: c.post(batch_url(batch), {"decision": "approve"}).status_code
            for c in clients
        ]
    )

    assert publishes() - before == 3  # the module and its two lessons, once
    assert fresh(world.new_module).live
