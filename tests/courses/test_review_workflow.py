"""Review before publishing (``courses.authoring.review``, ``accounts`` 0005).

Trainers submit, lead trainers approve or request changes, Wagtail publishes
and keeps the whole history; its notifications go out by email.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    PageLogEntry,
    TaskState,
    WorkflowState,
)

from courses.authoring.review import TASK_NAME, WORKFLOW_NAME, AlreadyDecided
from tests import factories
from tests.courses.conftest import requires_postgresql, run_concurrently
from tests.courses.test_page_access import (
    World,
    action_url,
    build_world,
    client_for,
    edit_form,
    edit_url,
    fresh,
    refused,
    submit,
)

pytestmark = pytest.mark.django_db

COMMENT = "Add the referral steps to the first module."


@pytest.fixture
def world(catalog) -> World:
    return build_world(catalog)


def actions(page) -> list[str]:
    return list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def decide(world: World, page, action: str, comment="", who="lead"):
    task_state = fresh(page).current_workflow_task_state
    return client_for(world.people[who]).post(
        action_url(page, action, task_state), {"comment": comment}
    )


def test_every_page_of_every_locale_goes_through_course_review(world):
    locale = Locale.objects.get(language_code="km")
    world.catalog.copy_for_translation(locale)
    course_km = world.x.copy_for_translation(locale)
    lesson = factories.lessons_of(world.x)[0]

    for page in (world.catalog, world.x, world.module_x, lesson, course_km):
        workflow = page.get_workflow()
        assert workflow is not None and workflow.name == WORKFLOW_NAME, page
    tasks = [task.specific for task in workflow.tasks]
    assert [(type(task), task.name) for task in tasks] == [
        (GroupApprovalTask, TASK_NAME)
    ]
    assert list(tasks[0].groups.values_list("name", flat=True)) == ["Lead trainers"]


def test_submit_request_changes_resubmit_approve(world, mailoutbox):
    trainer, lead = world.people["trainer_x"], world.people["lead"]
    course = world.x

    # The trainer submits a first version: lead trainers are told.
    first = submit(world, course, "Identifying victims, second edition")
    assert first.task.name == TASK_NAME
    submitted = [m for m in mailoutbox if "submitted for approval" in m.subject]
    recipients = {address for m in submitted for address in m.to}
    assert lead.email in recipients
    assert trainer.email not in recipients  # not told of their own submission
    assert world.people["trainer_y"].email not in recipients
    assert "Identifying victims, second edition" in submitted[0].subject
    mailoutbox.clear()

    # While in review, the page is locked for its trainer.
    before = course.revisions.count()
    locked = client_for(trainer).post(
        edit_url(course), edit_form(world, course, title="Sneaky change")
    )
    assert locked.status_code == 200  # the form again, with the lock message
    assert course.revisions.count() == before

    # The lead trainer asks for changes, with a comment the trainer is sent.
    response = decide(world, course, "reject", COMMENT)
    assert response.status_code == 302 and not refused(response)
    first.refresh_from_db()
    assert (first.status, first.comment) == (TaskState.STATUS_REJECTED, COMMENT)
    state = first.workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert fresh(course).title == "Identifying victims"  # nothing published
    [rejection] = mailoutbox
    assert rejection.to == [trainer.email]
    assert COMMENT in rejection.body
    mailoutbox.clear()

    # The trainer sees the comment on the edit page (workflow status), in the
    # page's history and in its workflow history.
    editor = client_for(trainer).get(edit_url(course))
    assert editor.status_code == 200 and COMMENT in editor.content.decode()
    history = client_for(trainer).get(
        reverse("wagtailadmin_pages:history", args=[course.pk])
    )
    assert history.status_code == 200 and COMMENT in history.content.decode()
    detail = client_for(trainer).get(
        reverse(
            "wagtailadmin_pages:workflow_history_detail", args=[course.pk, state.pk]
        )
    )
    assert detail.status_code == 200 and COMMENT in detail.content.decode()

    # ... edits and submits again: the same workflow resumes.
    second = submit(world, course, "Identifying victims, 2nd edition")
    assert second.pk != first.pk and second.workflow_state_id == state.pk
    assert second.status == TaskState.STATUS_IN_PROGRESS
    assert lead.email in {address for m in mailoutbox for address in m.to}
    mailoutbox.clear()

    # The lead trainer approves: Wagtail publishes, the trainer is told.
    response = decide(world, course, "approve")
    assert response.status_code == 302 and not refused(response)
    published = fresh(course)
    assert published.title == "Identifying victims, 2nd edition" and published.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    [approval] = mailoutbox
    assert approval.to == [trainer.email]
    assert "approved" in approval.subject

    # The history keeps both revisions, the submissions, the comment and the
    # approval, after publishing.
    revisions = list(published.revisions.order_by("created_at", "pk"))
    titles = [revision.as_object().title for revision in revisions]
    assert titles == [
        "Identifying victims, second edition",
        "Identifying victims, 2nd edition",
    ]
    assert {revision.user for revision in revisions} == {trainer}
    assert published.live_revision == revisions[-1]
    review = ("wagtail.edit", "wagtail.workflow.", "wagtail.publish")
    assert [a for a in actions(course) if a.startswith(review)] == [
        "wagtail.edit",
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.edit",
        "wagtail.workflow.resume",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ]
    rejection_entry = PageLogEntry.objects.get(
        page=course, action="wagtail.workflow.reject"
    )
    assert rejection_entry.data["comment"] == COMMENT
    assert rejection_entry.user == lead
    approval_entry = PageLogEntry.objects.get(
        page=course, action="wagtail.workflow.approve"
    )
    assert approval_entry.user == lead and approval_entry.revision == revisions[-1]


def test_a_trainers_publish_button_only_saves_a_draft(world):
    data = edit_form(
        world, world.module_x, title="Straight to live", **{"action-publish": "1"}
    )

    response = client_for(world.people["trainer_x"]).post(
        edit_url(world.module_x), data
    )

    assert response.status_code == 302 and not refused(response)
    module = fresh(world.module_x)
    assert module.title == "Module 1 of Identifying victims"
    assert module.live_revision is None
    assert module.get_latest_revision().as_object().title == "Straight to live"
    assert "wagtail.publish" not in actions(module)


def test_a_double_click_on_approve_approves_once(world, mailoutbox):
    first = submit(world, world.module_x, "Reviewed module")
    lead = client_for(world.people["lead"])
    url = action_url(world.module_x, "approve", first)

    responses = [lead.post(url, {"comment": ""}) for _ in range(2)]

    assert [r.status_code for r in responses] == [302, 302]
    assert actions(world.module_x).count("wagtail.workflow.approve") == 1
    assert actions(world.module_x).count("wagtail.publish") == 1
    assert len([m for m in mailoutbox if "approved" in m.subject]) == 1


def test_an_approval_read_before_another_one_is_refused(world):
    """What the slower of two simultaneous approvals does, step by step."""
    first = submit(world, world.module_x, "Reviewed module")
    stale = TaskState.objects.get(pk=first.pk)  # read while still in progress
    assert decide(world, world.module_x, "approve").status_code == 302

    with pytest.raises(AlreadyDecided):
        stale.task.specific.on_action(stale, world.people["admin"], "approve")

    stale.refresh_from_db()
    assert stale.finished_by == world.people["lead"]
    assert actions(world.module_x).count("wagtail.workflow.approve") == 1
    assert actions(world.module_x).count("wagtail.publish") == 1


def test_an_approval_cannot_follow_a_request_for_changes(world):
    """The second of two different decisions on one task is refused too."""
    first = submit(world, world.module_x, "Reviewed module")
    assert decide(world, world.module_x, "reject", COMMENT).status_code == 302

    response = client_for(world.people["admin"]).post(
        action_url(world.module_x, "approve", first), {"comment": ""}
    )

    assert response.status_code == 302  # "not awaiting moderation"
    first.refresh_from_db()
    assert first.status == TaskState.STATUS_REJECTED
    assert fresh(world.module_x).title == "Module 1 of Identifying victims"


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_lead_trainers_approving_at_once_publish_once(world):
    first = submit(world, world.module_x, "Reviewed module")
    second_lead = factories.make_user("lead_trainer")
    url = action_url(world.module_x, "approve", first)
    clients = [client_for(world.people["lead"]), client_for(second_lead)]

    statuses = run_concurrently(
        *[lambda c=c: c.post(url, {"comment": ""}).status_code for c in clients]
    )

    assert sorted(statuses) in ([302, 302], [302, 403])
    assert actions(world.module_x).count("wagtail.workflow.approve") == 1
    assert actions(world.module_x).count("wagtail.publish") == 1
    first.refresh_from_db()
    assert first.status == TaskState.STATUS_APPROVED
    assert fresh(world.module_x).title == "Reviewed module"
