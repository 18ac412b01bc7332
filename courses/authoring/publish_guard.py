"""Nothing goes live under a page that is not live.

A lesson approved before its module made the lesson public under a module
that officers could not open. The rule, for every page of the site (the
root's own ``live`` flag does not count):

- **Publishing** a page that is not live yet is refused while any page above
  it is not live, with a message naming the topmost such page: "Publish the
  module “X” first, or submit the module for review as a whole"
  (:class:`ParentNotLive`). Every publication in Wagtail, whichever path
  started it (the edit and create views, a workflow approval, bulk publish
  from the listing, the API, scheduled go-live), ends in
  ``PublishRevisionAction._publish_revision`` saving the page with
  ``live=True``: :func:`refuse_going_live_under_a_draft` checks that save, so
  it is the one place that holds for all of them. It raises
  :class:`ParentNotLive`, a ``PermissionDenied``: a workflow approval runs
  in a transaction (``TaskState.approve``) and is rolled back whole, and
  the person gets a 403 page with the message.
- Some paths are caught earlier, to answer better than a 403:

  - the edit and create views (``before_publish_page``): the draft is kept,
    the page is shown again with the message;
  - bulk publish (``before_bulk_action``): nothing of the selection is
    published, the listing says why;
  - scheduled go-live (``publish_scheduled``): Wagtail clears the schedule
    before it saves, so a refusal at the save would drop it. The course
    pages' ``publish`` (:func:`guarded_publish`) checks first and leaves the
    revision scheduled: the page goes live at the first run after its
    parent has (a warning in the log says why it waits);
  - batch approval (``courses.authoring.batch_review``) publishes parents
    before children, so a whole module or edition goes live in one step.
- **Moving** a live page under a page that is not live is refused
  (``pre_page_move``, which every move sends, and ``before_move_page`` for
  the admin's message): it would be public under a draft. Move it as a
  draft, or publish the destination first.
- **Unpublishing** a page unpublishes its live descendants too
  (:func:`unpublish_descendants`, on ``page_unpublished``, which the
  unpublish view, bulk unpublish and scheduled expiry all send). Wagtail
  offers this as a tick box; we make it the rule, because a live lesson under
  an unpublished module would be reachable by its address while its course
  and module are not, and publishing the module again needs a review anyway.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_save
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Page
from wagtail.signals import page_unpublished, pre_page_move

from courses.models import ActivityPage, CatalogPage, CoursePage, ModulePage

logger = logging.getLogger(__name__)

SCHEDULED_LOG_ACTION = "wagtail.publish.scheduled"


class ParentNotLive(PermissionDenied):
    """``page`` may not go live (or move) while ``parent`` is not live."""

    def __init__(self, message: str, page, parent):
        super().__init__(message)
        self.message = message
        self.page = page
        self.parent = parent

    def __str__(self):
        return self.message


def _title(page) -> str:
    return page.draft_title or page.title


def _kind(page) -> str:
    model = page.specific_class or type(page)
    return str(model._meta.verbose_name)


def blocking_ancestor(page, parent=None) -> Page | None:
    """The topmost page above ``page`` (below the root) that is not live.

    With ``parent``, the page is thought of as placed under ``parent`` (a
    move): ``parent`` and the pages above it are checked. One query.
    """
    if parent is not None:
        path, depth = parent.path + "x" * Page.steplen, parent.depth + 1
    else:
        path, depth = page.path, page.depth
    ancestor_paths = [path[: level * Page.steplen] for level in range(2, depth)]
    if not ancestor_paths:
        return None
    return (
        Page.objects.filter(path__in=ancestor_paths, live=False)
        .order_by("depth")
        .only("pk", "title", "draft_title", "content_type", "path", "depth", "live")
        .first()
    )


def publish_refusal(page, parent) -> str:
    """What we tell someone who tries to publish ``page`` under ``parent``."""
    return _(
        "“%(page)s” cannot go live while the %(kind)s “%(parent)s” is not "
        "live. Publish the %(kind)s “%(parent)s” first, or submit the "
        "%(kind)s for review as a whole."
    ) % {"page": _title(page), "kind": _kind(parent), "parent": _title(parent)}


def move_refusal(page, parent) -> str:
    return _(
        "“%(page)s” is live and cannot move under the %(kind)s “%(parent)s”, "
        "which is not live. Publish the %(kind)s “%(parent)s” first, or "
        "unpublish “%(page)s” before moving it."
    ) % {"page": _title(page), "kind": _kind(parent), "parent": _title(parent)}


def check_can_go_live(page) -> None:
    """Raise :class:`ParentNotLive` if ``page`` may not be published now."""
    parent = blocking_ancestor(page)
    if parent is not None:
        raise ParentNotLive(publish_refusal(page, parent), page, parent)


def _stored_live(page) -> bool:
    return bool(Page.objects.filter(pk=page.pk).values_list("live", flat=True).first())


def refuse_going_live_under_a_draft(sender, instance, raw=False, **kwargs):
    """The one check every publication passes (see the module's docstring).

    Only a page *going* live is checked (saved live, stored not live): new
    pages made in code, draft saves and re-publishing a live page are left
    alone, so data that predates the rule stays editable.
    """
    if raw or not isinstance(instance, Page) or not instance.live or not instance.pk:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "live" not in update_fields:
        return
    if instance.depth is None or instance.depth <= 2 or _stored_live(instance):
        return
    check_can_go_live(instance)


pre_save.connect(
    refuse_going_live_under_a_draft, dispatch_uid="lms-publish-guard-pre-save"
)


_wagtail_publish = Page.publish


def guarded_publish(self, revision, user=None, changed=True, log_action=True, **kw):
    """``Page.publish`` that checks the parents before Wagtail writes anything.

    A scheduled go-live under a page that is not live stays scheduled (see
    the module's docstring); any other publication is refused.
    """
    if not self.live:
        parent = blocking_ancestor(self)
        if parent is not None:
            if log_action == SCHEDULED_LOG_ACTION:
                logger.warning(
                    "Scheduled go-live of page %s (%s) waits: %s",
                    self.pk,
                    _title(self),
                    publish_refusal(self, parent),
                )
                return None
            raise ParentNotLive(publish_refusal(self, parent), self, parent)
    return _wagtail_publish(
        self, revision, user=user, changed=changed, log_action=log_action, **kw
    )


# Revision.publish() (approvals, bulk publish, scheduled go-live) calls the
# specific page's publish(); assigned as page_access assigns
# permissions_for_user, so plugin activity pages are covered too.
for _model in (CatalogPage, CoursePage, ModulePage, ActivityPage):
    _model.publish = guarded_publish


@hooks.register("before_publish_page")
def explain_refused_publish(request, page):
    """The edit and create views: keep the draft, say what to publish first."""
    if page.live:
        return None
    parent = blocking_ancestor(page)
    if parent is None:
        return None
    messages.error(request, publish_refusal(page, parent))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def explain_refused_bulk_publish(request, action_type, objects, action_class):
    """Bulk publish from the listing: refuse the whole selection, saying why.

    Runs inside the bulk action's transaction, before anything is published.
    The selected pages share one parent in the listing, so checking each
    against the pages above it is enough; "include child pages" publishes
    top-down, which the guard lets through.
    """
    if action_type != "publish":
        return None
    for page in objects:
        if not isinstance(page, Page) or page.live:
            continue
        parent = blocking_ancestor(page)
        if parent is not None:
            messages.error(request, publish_refusal(page, parent))
            return redirect(action_class.next_url)
    return None


@hooks.register("before_edit_page")
def explain_refused_approval(request, page):
    """ "Approve" from the edit page's menu: say which parent to publish first.

    (From the dashboard and the workflow views the approval is refused by
    the guard too, and the queue names the parent it waits for:
    ``courses.authoring.review_queue``.)
    """
    if (
        request.method != "POST"
        or not request.POST.get("action-workflow-action")
        or request.POST.get("workflow-action-name") != "approve"
        or page.live
    ):
        return None
    parent = blocking_ancestor(page)
    if parent is None:
        return None
    messages.error(request, publish_refusal(page, parent))
    return redirect("wagtailadmin_pages:edit", page.pk)


def not_live_ancestors(pages) -> dict[int, Page]:
    """``{page pk: topmost page above it that is not live}`` (one query).

    For pages that are not live themselves; pages free to go live are left
    out.
    """
    pages = [page for page in pages if page is not None and not page.live]
    steplen = Page.steplen
    wanted = {
        page.path[: level * steplen]
        for page in pages
        for level in range(2, len(page.path) // steplen)
    }
    if not wanted:
        return {}
    drafts = {
        ancestor.path: ancestor
        for ancestor in Page.objects.filter(path__in=wanted, live=False).only(
            "pk", "title", "draft_title", "content_type", "path", "depth", "live"
        )
    }
    found = {}
    for page in pages:
        for level in range(2, len(page.path) // steplen):
            ancestor = drafts.get(page.path[: level * steplen])
            if ancestor is not None:
                found[page.pk] = ancestor
                break
    return found


def refuse_live_move_under_a_draft(sender, instance, parent_page_after, **kwargs):
    """Every move (the move view, bulk move, code) sends ``pre_page_move``."""
    page = instance
    if not Page.objects.filter(pk=page.pk, live=True).exists():
        return
    parent = blocking_ancestor(page, parent=parent_page_after)
    if parent is not None:
        raise ParentNotLive(move_refusal(page, parent), page, parent)


pre_page_move.connect(
    refuse_live_move_under_a_draft, dispatch_uid="lms-publish-guard-move"
)


@hooks.register("before_move_page")
def explain_refused_move(request, page, destination):
    if not page.live:
        return None
    parent = blocking_ancestor(page, parent=destination)
    if parent is None:
        return None
    messages.error(request, move_refusal(page, parent))
    return redirect("wagtailadmin_explore", page.get_parent().pk)


def unpublish_descendants(sender, instance, **kwargs):
    """A page that goes off line takes its live children with it (recursively:
    each child's unpublishing sends the signal again)."""
    for child in instance.get_children().live().specific():
        child.unpublish(set_expired=False, log_action="wagtail.unpublish")


page_unpublished.connect(
    unpublish_descendants, dispatch_uid="lms-publish-guard-unpublish-descendants"
)
