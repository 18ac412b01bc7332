"""Per-course page permissions: a trainer works only on the courses they train.

Wagtail's page permissions belong to groups and cover a page and everything
below it. The Trainers group holds ``add`` and ``change`` on the root page
(``accounts`` migration 0005): that says *what* a trainer may do. *Where* is
said by the user's trainer ``RoleAssignment`` rows (``accounts.scope``):

- inside a course the user trains, or a translation of it (a page with the
  same ``translation_key`` in another locale), the Trainers group's
  permissions apply: edit, submit for review, add modules and lessons, and
  delete, move or copy pages that are not live;
- on a catalog page, only ``add``: a trainer may start a new course, and
  becomes its trainer (:func:`make_creator_the_trainer`);
- anywhere else (another trainer's course, the root, any other page), the
  Trainers group gives nothing. Other courses stay visible in the explorer,
  read-only: trainers read each other's courses to align and reuse content,
  and the catalog is public anyway; every button and view follows the same
  rules, so nothing there is offered that would then be refused.

Permissions from any other group (Lead trainers, Wagtail's Editors and
Moderators, a group an administrator made) apply as Wagtail grants them, and
superusers are not restricted. Trainers never hold ``publish``, so they
cannot publish, unpublish, reorder, or delete and move live pages: those go
through the review workflow or a lead trainer (``courses.authoring.review``).

:class:`CoursePagePermissionTester` takes the place of Wagtail's
``PagePermissionTester`` for the course tree's page classes (catalog,
course, module and every activity page, plugins' included), so that every
admin surface asking ``page.permissions_for_user()`` (edit, create, delete,
move, copy, unpublish, the explorer's buttons, bulk actions, the workflow,
preview and the quiz views) gets the same answer. The ``before_*_page`` hooks
below ask again with the same rules and answer 403: a safety net for a view
that would not ask, and for pages of other classes (Wagtail's placeholder
page under the root) that the Trainers group's root permissions reach.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail import hooks
from wagtail.models import GroupPagePermission, Page, PagePermissionTester
from wagtail.permissions import policy_registry

from accounts.roles import TRAINERS, grant
from accounts.scope import Scope, scope_for
from courses.models import ActivityPage, CatalogPage, CoursePage, ModulePage

_CACHE_ATTRIBUTE = "_lms_page_grants"


@dataclass(frozen=True)
class PageGrants:
    """One user's page permission rows and trained subtrees, read once a request."""

    #: The scope these were worked out from (a new scope means new grants).
    scope: Scope
    #: ``(page path, action, from the Trainers group)`` for each group row.
    rows: tuple[tuple[str, str, bool], ...]
    #: Paths of the trained courses and of all their translations.
    trained_paths: tuple[str, ...]

    def actions_on(self, page) -> set[str]:
        """The actions (``add``, ``change``, ``publish``...) granted on ``page``."""
        path = page.path
        in_trained_course = any(path.startswith(p) for p in self.trained_paths)
        page_class = page.specific_class or type(page)
        is_catalog = issubclass(page_class, CatalogPage)
        actions = set()
        for row_path, action, from_trainers in self.rows:
            if not path.startswith(row_path):
                continue
            if (
                not from_trainers
                or in_trained_course
                or (is_catalog and action == "add")
            ):
                actions.add(action)
        return actions


def page_grants(user) -> PageGrants:
    """``user``'s :class:`PageGrants` (two queries, then kept on the user object).

    Kept until the user's scope changes: ``accounts.roles.grant`` forgets the
    scope, so a course granted during a request counts at once.
    """
    scope = scope_for(user)
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None and cached.scope is scope:
        return cached
    rows = tuple(
        (path, codename.rsplit("_", 1)[0], group_name == TRAINERS)
        for path, codename, group_name in GroupPagePermission.objects.filter(
            group__user=user
        ).values_list("page__path", "permission__codename", "group__name")
    )
    trained_paths: tuple[str, ...] = ()
    if scope.course_ids:
        keys = Page.objects.filter(pk__in=sorted(scope.course_ids)).values(
            "translation_key"
        )
        trained_paths = tuple(
            Page.objects.filter(translation_key__in=keys).values_list("path", flat=True)
        )
    grants = PageGrants(scope=scope, rows=rows, trained_paths=trained_paths)
    setattr(user, _CACHE_ATTRIBUTE, grants)
    return grants


class CoursePagePermissionTester(PagePermissionTester):
    """Wagtail's tester, with the Trainers group narrowed to trained courses."""

    def __init__(self, user, page):
        # Not super().__init__: it would read the group rows a second way.
        self.user = user
        self.page = page
        self.permission_policy = policy_registry.get(page)
        self.page_is_root = page.depth == 1
        if user.is_active and not user.is_superuser:
            self.permissions = page_grants(user).actions_on(page)

    def can_delete(self, ignore_bulk=False):
        # Wagtail's rule for a user without "publish": nothing live may go,
        # and with only "add", nothing owned by someone else. For a leaf page
        # that is the page itself, so answer without a query: the explorer
        # asks this for every row, and trainers never hold "publish".
        if (
            self.user.is_active
            and not self.user.is_superuser
            and not self.page_is_root
            and "publish" not in self.permissions
            and self.page.is_leaf()
        ):
            if "change" in self.permissions:
                return not self.page.live
            if "add" in self.permissions:
                return not self.page.live and self.page.owner_id == self.user.pk
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_submit_for_moderation(self):
        # Wagtail leaves "may edit at all" to the edit view; ask it here too so
        # that no listing offers a submission the edit view would refuse.
        return super().can_submit_for_moderation() and self.can_edit()


def course_permissions_for_user(page, user) -> CoursePagePermissionTester:
    """``page.permissions_for_user(user)`` for the course tree's page classes."""
    return CoursePagePermissionTester(user, page)


# Wagtail asks ``page.permissions_for_user(user)`` everywhere and, for a plain
# ``Page`` instance, casts to the specific class when that class overrides
# the method. Subclasses of ActivityPage (lessons, quizzes...) inherit it.
# This module is imported with the other hooks modules, which the admin's
# URLconf loads before any request is served.
for _model in (CatalogPage, CoursePage, ModulePage, ActivityPage):
    _model.permissions_for_user = course_permissions_for_user


def _refuse(request, message):
    return permission_denied(request, PermissionDenied(message))


def _tester(request, page) -> CoursePagePermissionTester:
    return CoursePagePermissionTester(request.user, page)


NOT_YOURS = _("Only the course's trainers and lead trainers may do this.")


@hooks.register("before_edit_page")
def check_edit(request, page):
    if not _tester(request, page).can_edit():
        return _refuse(request, NOT_YOURS)
    return None


@hooks.register("before_create_page")
def check_create(request, parent_page, page_class):
    if not _tester(request, parent_page).can_add_subpage():
        return _refuse(request, NOT_YOURS)
    return None


@hooks.register("before_delete_page")
def check_delete(request, page):
    if not _tester(request, page).can_delete():
        return _refuse(request, NOT_YOURS)
    return None


@hooks.register("before_move_page")
def check_move(request, page, destination):
    if not _tester(request, page).can_move_to(destination):
        return _refuse(request, NOT_YOURS)
    return None


@hooks.register("before_copy_page")
def check_copy(request, page):
    if not _tester(request, page).can_copy():
        return _refuse(request, NOT_YOURS)
    return None


@hooks.register("before_unpublish_page")
def check_unpublish(request, page):
    if not _tester(request, page).can_unpublish():
        return _refuse(request, NOT_YOURS)
    return None


def make_creator_the_trainer(user, page) -> None:
    """A trainer who makes a new course (by adding or copying) trains it.

    Only members of the Trainers group: lead trainers and admins are not
    restricted, so they need no assignment. Granted through
    ``accounts.roles.grant``, so the audit log says who and when.
    """
    course = page.specific
    if not isinstance(course, CoursePage) or user.is_superuser:
        return
    if user.groups.filter(name=TRAINERS).exists():
        grant(user, "trainer", course=course, by=user)


@hooks.register("after_create_page")
def trainer_of_new_course(request, page):
    make_creator_the_trainer(request.user, page)


@hooks.register("after_copy_page")
def trainer_of_copied_course(request, page, new_page):
    make_creator_the_trainer(request.user, new_page)
