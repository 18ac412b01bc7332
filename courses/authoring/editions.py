"""A new edition of a course: the course copied with everything in it.

“New edition” (a button on a course in the page explorer and in its header)
opens a small form: new title, slug and edition label, whether the copy stays
live (default: a draft) and whether completing it renews the old course's
certificates (default: no). :func:`make_edition` then copies, in one
transaction:

- the course with its modules, lessons and activities (Wagtail's recursive
  ``copy``; inline children such as a quiz's question slots and random draws
  come along), with no revisions: the edition's history starts here;
- each of its translations (Wagtail i18n), under that translation's own
  parent, and links the copies as translations of each other page by page
  (a copied page takes the translation key of its counterparts' copies).
  Versions are copied oldest first, so the new edition's record version
  (``courses.translations``) is the copy of the old one's.

Enrolments, progress, attempts and certificates belong to officers, not to
pages: none is copied, and the old course's stay where they are.

Who may: a user who may add a course under the parent of every version and
edit (in Wagtail, open) every version; keeping the copy live also needs
publish permission there. Two submissions of the same form (a double click)
make one edition: the parents are locked while the slugs are checked and the
copies made, and the second finds its slug taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.copy_page import CopyPageAction
from wagtail.models import Page

from courses.authoring.page_access import make_creator_the_trainer
from courses.translations import page_language


class EditionRefused(Exception):
    """The edition cannot be made; ``message`` says why, ``field`` where."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class Version:
    """One language version of the source course, and where its copy goes."""

    page: Page
    parent: Page

    @property
    def language(self) -> str:
        return page_language(self.page)


def versions_of(course) -> list[Version]:
    """``course`` and its translations, oldest first, with their parents."""
    from courses.models import CoursePage

    pages = list(
        CoursePage.objects.filter(translation_key=course.translation_key).order_by("pk")
    )
    if not any(page.pk == course.pk for page in pages):
        pages.append(course)
    parents = {
        parent.path: parent
        for parent in Page.objects.filter(
            path__in=[page.path[: -Page.steplen] for page in pages]
        ).specific()
    }
    return [Version(page, parents[page.path[: -Page.steplen]]) for page in pages]


def refusal(user, versions, *, keep_live: bool) -> str | None:
    """Why ``user`` may not make an edition of these versions, or ``None``."""
    from courses.models import CoursePage

    for version in versions:
        parent_perms = version.parent.permissions_for_user(user)
        if not version.page.permissions_for_user(user).can_edit():
            return _("You cannot open “%(course)s” in the editor.") % {
                "course": version.page.title
            }
        if not (
            CoursePage.can_create_at(version.parent) and parent_perms.can_add_subpage()
        ):
            return _("You cannot add a course under “%(parent)s”.") % {
                "parent": version.parent.title
            }
        if keep_live and not parent_perms.can_publish_subpage():
            return _(
                "You cannot publish courses under “%(parent)s”: leave “Keep live” "
                "unticked to make the new edition a draft."
            ) % {"parent": version.parent.title}
    return None


def may_make_edition(user, course) -> bool:
    return (
        user.is_active and refusal(user, versions_of(course), keep_live=False) is None
    )


def _tree(page) -> list[Page]:
    return list(Page.objects.descendant_of(page, inclusive=True).order_by("path"))


def _link_translations(source, copy, keys: dict) -> None:
    """Give each page of ``copy`` the translation key of its counterparts.

    ``keys`` maps a source page's translation key to the key of its copies;
    the first version copied fills it, the others follow it. The recursive
    copy reproduces the tree in order, so the trees pair up page by page.
    """
    old, new = _tree(source), _tree(copy)
    if len(old) != len(new) or any(
        a.content_type_id != b.content_type_id for a, b in zip(old, new, strict=True)
    ):
        raise RuntimeError(f"the copy of page {source.pk} does not match its tree")
    changed = []
    for original, page in zip(old, new, strict=True):
        key = keys.setdefault(original.translation_key, page.translation_key)
        if page.translation_key != key:
            page.translation_key = key
            changed.append(page)
    Page.objects.bulk_update(changed, ["translation_key"])


@transaction.atomic
def make_edition(
    course,
    *,
    user,
    slug: str,
    edition: str,
    titles: dict[int, str],
    keep_live: bool = False,
    renews: bool = False,
):
    """Copy ``course`` and its translations as a new edition; return the copy
    of ``course``.

    ``titles`` maps each version's page id to its copy's title (a version
    left out keeps its title). Raises :class:`EditionRefused` when ``user``
    may not, or when ``slug`` is taken under a version's parent.
    """
    versions = versions_of(course)
    # Lock the parents (in id order, as every edition does): a second
    # submission waits here, then finds the slug taken.
    list(
        Page.objects.select_for_update()
        .filter(pk__in=sorted({v.parent.pk for v in versions}))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    reason = refusal(user, versions, keep_live=keep_live)
    if reason:
        raise EditionRefused(reason)
    for version in versions:
        taken = version.parent.get_children().filter(slug=slug).first()
        if taken is not None:
            raise EditionRefused(
                _(
                    "“%(parent)s” already has a page with the slug “%(slug)s” "
                    "(“%(title)s”). If you have just made this edition, it is "
                    "there; otherwise choose another slug."
                )
                % {"parent": version.parent.title, "slug": slug, "title": taken.title},
                field="slug",
            )
    keys: dict = {}
    copies = {}
    for version in versions:
        source = version.page
        action = CopyPageAction(
            source,
            to=version.parent,
            recursive=True,
            copy_revisions=False,
            keep_live=keep_live,
            user=user,
            update_attrs={
                "title": titles.get(source.pk, source.title),
                "slug": slug,
                "edition": edition,
                "renews": source if renews else None,
            },
        )
        try:
            # Permissions: checked above for every version, by the same rules
            # (Wagtail's copy asks "edit", "add" and, to keep live, "publish").
            copy = action.execute(skip_permission_checks=True)
        except ValidationError as error:
            # A copy the model refuses (a page that took the slug without the
            # parents' lock, a script say): refused, nothing kept.
            field = "slug" if "slug" in getattr(error, "error_dict", {}) else None
            raise EditionRefused(" ".join(error.messages), field=field) from error
        _link_translations(source, copy, keys)
        copies[source.pk] = copy
    edition_copy = copies[course.pk].specific
    # As after Wagtail's own copy: a trainer trains the course they made.
    make_creator_the_trainer(user, edition_copy)
    return edition_copy


# The form, view and explorer buttons register their hooks when imported.
from courses.authoring import edition_admin  # noqa: E402, F401
