"""Review before publishing: trainers submit, lead trainers approve.

Wagtail's own workflow does the work. ``accounts`` migration 0005 creates the
"Course review" workflow with one group approval task, "Lead trainer
approval" (group: Lead trainers), and assigns it to the root page, so every
page of every locale's catalog goes through it:

- a trainer saves drafts and submits them ("Submit to Course review"); they
  cannot publish (``courses.authoring.page_access``), so a "publish" they
  post is saved as a draft and nothing goes live;
- while the page is in review it is locked for everyone but lead trainers
  (and admins);
- a lead trainer approves (Wagtail publishes the latest revision) or
  requests changes with a comment; the trainer sees the comment in the
  page's history and workflow history and by email, edits, and submits
  again (the same workflow resumes);
- every revision, and every submission, decision and comment, stays in the
  page's history after publishing.

Wagtail's notifications send the emails: on submission to the Lead trainers
(and superusers), on approval or rejection to whoever submitted. A user who
turned the notification off in their Wagtail account settings, or who has no
email address, gets none.

This module adds one guard: a decision is taken once. Two approvals of the
same task (a double click, two lead trainers at the same moment) would each
see the task in progress and both publish; :func:`decide_once` locks the
task's row and refuses the second.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_init, pre_save
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, Workflow

#: Names stored in the database by ``accounts`` migration 0005.
WORKFLOW_NAME = "Course review"
TASK_NAME = "Lead trainer approval"

_DECISIONS = {TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED}
_LOADED_STATUS = "_lms_loaded_status"


class AlreadyDecided(PermissionDenied):
    """Someone else approved or rejected this task a moment ago."""


def course_review_workflow() -> Workflow | None:
    return Workflow.objects.filter(name=WORKFLOW_NAME).first()


def remember_status(sender, instance, **kwargs):
    # From __dict__: a deferred status must not cost a query per row.
    setattr(instance, _LOADED_STATUS, instance.__dict__.get("status"))


def decide_once(sender, instance, raw=False, **kwargs):
    """Refuse to approve or reject a task state that is no longer in progress.

    Runs inside ``TaskState.approve``/``reject`` (atomic): the row stays
    locked until the decision and the publishing it triggers are committed,
    so a second decision waits, then finds the task decided.
    """
    if raw or instance.pk is None:
        return
    loaded = getattr(instance, _LOADED_STATUS, None)
    if loaded != TaskState.STATUS_IN_PROGRESS or instance.status not in _DECISIONS:
        return
    current = (
        TaskState.objects.select_for_update()
        .filter(pk=instance.pk)
        .values_list("status", flat=True)
        .first()
    )
    if current != TaskState.STATUS_IN_PROGRESS:
        raise AlreadyDecided(_("This review was already decided; nothing was changed."))


# Group approval tasks keep their states as plain TaskState rows.
post_init.connect(
    remember_status, sender=TaskState, dispatch_uid="lms-review-remember-status"
)
pre_save.connect(decide_once, sender=TaskState, dispatch_uid="lms-review-decide-once")
