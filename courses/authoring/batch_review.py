"""Submit and decide a whole module or course edition as one review.

Trainers used to submit module, lesson and quiz one by one, and a lead
trainer could approve a quiz before its module. Here a module or a course
(any page of the course tree) is submitted with everything under it that
has unpublished changes:

- :func:`submit_batch` starts Wagtail's own workflow ("Course review") on
  each of those pages, resuming one that was sent back for changes and
  keeping one already in review, and records the workflow states as one
  :class:`~courses.models.ReviewBatch`. Each page keeps its own history,
  preview, comparison and notifications; a lead trainer may still look at
  (and decide) the pages one by one.
- :func:`decide_batch` approves or requests changes for every page of the
  batch still in review, in one transaction. Approval goes top-down (parents
  before children), so the module is live when its lessons are published
  and ``courses.authoring.publish_guard`` lets them through; if any page is
  refused (a parent outside the batch that is not live, a decision taken
  meanwhile), nothing of the batch is decided.

Who may: submitting needs, on every page, what submitting one page needs
(``can_submit_for_moderation``: the course's trainers, lead trainers,
admins). Deciding needs the workflow task's approval on every page (the
Lead trainers group, admins).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState

from courses.models import ReviewBatch

APPROVE = "approve"
REJECT = "reject"


class BatchRefused(PermissionDenied):
    """The batch cannot be submitted or decided; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


def _title(page) -> str:
    return page.draft_title or page.title


def pages_to_submit(root) -> list[Page]:
    """``root`` and its descendants that have something to review, top-down.

    A page has something to review when it is not live or has unpublished
    changes. Specific pages, in tree order (parents first).
    """
    return list(
        Page.objects.descendant_of(root, inclusive=True)
        .filter(Q(live=False) | Q(has_unpublished_changes=True))
        .order_by("path")
        .specific()
    )


def _in_review(page) -> WorkflowState | None:
    return (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_IN_PROGRESS)
        .first()
    )


def _needing_changes(page) -> WorkflowState | None:
    return (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
        .first()
    )


def submission_refusal(user, root, pages) -> str | None:
    """Why ``user`` may not submit ``pages`` under ``root``, or ``None``."""
    if not user.is_active or not root.permissions_for_user(user).can_edit():
        return _("Only the course's trainers and lead trainers may do this.")
    if not pages:
        return _(
            "Nothing under “%(title)s” has unpublished changes: there is nothing "
            "to review."
        ) % {"title": _title(root)}
    for page in pages:
        if page.get_workflow() is None:
            return _("“%(title)s” has no review workflow.") % {"title": _title(page)}
        if _in_review(page) is not None:
            continue
        if not page.permissions_for_user(user).can_submit_for_moderation():
            return _("You may not submit “%(title)s” for review.") % {
                "title": _title(page)
            }
    return None


@transaction.atomic
def submit_batch(root, user) -> ReviewBatch:
    """Start (or resume) the review of ``root`` and everything under it.

    Raises :class:`BatchRefused` and changes nothing when any page may not
    be submitted.
    """
    root = Page.objects.select_for_update().get(pk=root.pk).specific
    pages = pages_to_submit(root)
    reason = submission_refusal(user, root, pages)
    if reason:
        raise BatchRefused(reason)
    batch = ReviewBatch.objects.create(root=root, requested_by=user)
    states = []
    for page in pages:
        state = _in_review(page)
        if state is None:
            returned = _needing_changes(page)
            if returned is not None:
                returned.resume(user=user)
                state = returned
            else:
                if page.get_latest_revision() is None:
                    page.save_revision(user=user)
                state = page.get_workflow().start(page, user)
        states.append(state)
    batch.workflow_states.add(*states)
    return batch


@dataclass
class BatchItem:
    """One page of a batch with its workflow state and current task state."""

    page: Page
    workflow_state: WorkflowState
    task_state: TaskState | None

    @property
    def in_review(self) -> bool:
        return (
            self.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
            and self.task_state is not None
            and self.task_state.status == TaskState.STATUS_IN_PROGRESS
        )


def batch_items(batch: ReviewBatch) -> list[BatchItem]:
    """The batch's pages, top-down, with their states (three queries)."""
    states = list(
        batch.workflow_states.select_related(
            "current_task_state", "current_task_state__task"
        )
    )
    pages = Page.objects.filter(pk__in=[int(s.object_id) for s in states]).specific()
    by_pk = {page.pk: page for page in pages}
    items = [
        BatchItem(by_pk[int(s.object_id)], s, s.current_task_state)
        for s in states
        if int(s.object_id) in by_pk
    ]
    items.sort(key=lambda item: item.page.path)
    return items


def may_decide(user, items) -> bool:
    """``user`` may approve every page of the batch still in review."""
    pending = [item for item in items if item.in_review]
    if not user.is_active or not pending:
        return False
    for item in pending:
        actions = item.task_state.task.specific.get_actions(item.page, user)
        if APPROVE not in {name for name, _label, _modal in actions}:
            return False
    return True


@transaction.atomic
def decide_batch(batch: ReviewBatch, user, action: str, comment: str = "") -> int:
    """Approve or request changes for every page of ``batch`` still in review.

    Returns how many pages were decided. Approval publishes parents before
    children. Raises :class:`BatchRefused` (or the publish guard's
    ``ParentNotLive``) and decides nothing when any page cannot be decided.
    """
    if action not in (APPROVE, REJECT):
        raise BatchRefused(_("Unknown review decision."))
    # Two decisions at once (a double click, two lead trainers): the second
    # waits here, then finds nothing left in review.
    ReviewBatch.objects.select_for_update().filter(pk=batch.pk).first()
    items = batch_items(batch)
    if not any(item.in_review for item in items):
        raise BatchRefused(_("This review was already decided; nothing was changed."))
    if not may_decide(user, items):
        raise BatchRefused(
            _("Only lead trainers may decide this review, while it is in review.")
        )
    decided = 0
    for item in items:
        if not item.in_review:
            continue
        task = item.task_state.task.specific
        task.on_action(item.task_state.specific, user, action, comment=comment)
        decided += 1
    return decided


def open_batches_for(pages) -> dict[int, ReviewBatch]:
    """The latest batch still in review that holds each of ``pages`` (one query)."""
    ids = [str(page.pk) for page in pages]
    found: dict[int, ReviewBatch] = {}
    rows = (
        ReviewBatch.objects.filter(
            workflow_states__object_id__in=ids,
            workflow_states__status=WorkflowState.STATUS_IN_PROGRESS,
        )
        .values_list("workflow_states__object_id", "pk")
        .order_by("-created_at", "-pk")
    )
    batch_ids: dict[int, int] = {}
    for object_id, batch_pk in rows:
        batch_ids.setdefault(int(object_id), batch_pk)
    batches = ReviewBatch.objects.select_related("root").in_bulk(
        set(batch_ids.values())
    )
    for page_pk, batch_pk in batch_ids.items():
        found[page_pk] = batches[batch_pk]
    return found
