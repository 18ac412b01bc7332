"""Where each person works: the header's links and where sign-in lands.

One place decides both, from the person's roles (``accounts.roles``, read as
``accounts.scope`` reads them: an assignment counts only while its user is in
the role's group). The links themselves come from the apps that own the
places, through the ``lms_register_header_links`` hook (``accounts.hooks``),
because ``accounts`` sits below them and cannot import them.

Cost: none per page in the steady state. The roles are read in one query
(:func:`viewer_for`) and kept in the cache for ``CACHE_SECONDS``; any change
of roles, groups or permissions (:func:`connect`) makes every kept entry stale
at once. A process that does not share the cache (local memory, several
workers) may show a changed role's links up to ``CACHE_SECONDS`` late: the
links only show the way, every view still checks access itself. A link never
adds a query of its own (``Viewer.remember`` shares a fact between links).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from uuid import uuid4

from django.core.cache import cache
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme

_CACHE_ATTRIBUTE = "_lms_viewer"
#: How long one person's roles are kept for the header (seconds).
CACHE_SECONDS = 300
#: A token that changes whenever any role changes; part of every cache key.
_VERSION_KEY = "lms:navigation:roles-version"
_FACTS = ("is_reviewer", "is_trainer", "is_lead_trainer", "admin_access")

#: Landing ranks (lowest wins) of the built-in places. A platform admin's
#: work is the admin; an organisation reviewer's the portal, even when they
#: also write courses; a trainer's and lead trainer's the admin; everyone
#: else's their learning.
LANDING_ADMIN = 0
LANDING_REVIEWER = 10
LANDING_AUTHOR = 20
LANDING_LEARNER = 100


@dataclass
class Viewer:
    """The facts about one person that the header and the landing need."""

    user_id: int | None = None
    is_admin: bool = False
    #: In the reviewers' group with at least one reviewer assignment.
    is_reviewer: bool = False
    #: In the trainers' group with at least one trainer assignment.
    is_trainer: bool = False
    is_lead_trainer: bool = False
    #: May open the Wagtail admin (``wagtailadmin.access_admin``, any group).
    may_author: bool = False
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def has_staff_role(self) -> bool:
        """Reviews, trains, approves or administers (anything but learning)."""
        return (
            self.is_admin
            or self.is_reviewer
            or self.is_trainer
            or self.is_lead_trainer
            or self.may_author
        )

    @property
    def is_officer_only(self) -> bool:
        """Signed in with no other role: every signed-in person is an officer."""
        return self.is_authenticated and not self.has_staff_role

    def remember(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per request, for a fact several links share."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


ANONYMOUS = Viewer()


def _read_facts(user) -> dict | None:
    """One query: the user's roles as ``accounts.scope`` counts them."""
    from django.contrib.auth.models import Permission
    from django.db.models import Exists, OuterRef, Q

    from accounts.models import RoleAssignment, User
    from accounts.roles import LEAD_TRAINERS, ORGANISATION_REVIEWERS, TRAINERS

    memberships = User.groups.through.objects

    def in_group(name):
        return Exists(memberships.filter(user_id=OuterRef("pk"), group__name=name))

    def assigned(role):
        return Exists(RoleAssignment.objects.filter(user_id=OuterRef("pk"), role=role))

    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).filter(Q(group__user=OuterRef("pk")) | Q(user=OuterRef("pk")))
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            in_reviewers=in_group(ORGANISATION_REVIEWERS),
            reviews=assigned(RoleAssignment.Role.REVIEWER),
            in_trainers=in_group(TRAINERS),
            trains=assigned(RoleAssignment.Role.TRAINER),
            in_lead_trainers=in_group(LEAD_TRAINERS),
            admin_access=Exists(admin_access),
        )
        .values(
            "in_reviewers",
            "reviews",
            "in_trainers",
            "trains",
            "in_lead_trainers",
            "admin_access",
        )
        .first()
    )
    if row is None:
        return None
    return {
        "is_reviewer": bool(row["in_reviewers"] and row["reviews"]),
        "is_trainer": bool(row["in_trainers"] and row["trains"]),
        "is_lead_trainer": bool(row["in_lead_trainers"]),
        "admin_access": bool(row["admin_access"]),
    }


def _cache_key(user) -> str:
    version = cache.get_or_set(_VERSION_KEY, lambda: uuid4().hex, None)
    return f"lms:navigation:{version}:{user.pk}"


def _facts_for(user) -> dict | None:
    if not user.pk:
        # The trainers' "view as officer" preview stands in an unsaved officer
        # (courses.authoring.officer_preview): no roles, nothing to read.
        return None
    key = _cache_key(user)
    facts = cache.get(key)
    if facts is None:
        facts = _read_facts(user)
        if facts is not None:
            cache.set(key, facts, CACHE_SECONDS)
    return facts


def viewer_for(user) -> Viewer:
    """``user``'s :class:`Viewer`: cached per user object and in the cache."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    if not user.is_active:
        return ANONYMOUS
    viewer = getattr(user, _CACHE_ATTRIBUTE, None)
    if viewer is None:
        facts = _facts_for(user) or dict.fromkeys(_FACTS, False)
        # Superuser and active flags are read from the user object itself.
        is_admin = bool(user.is_superuser)
        viewer = Viewer(
            user_id=user.pk,
            is_admin=is_admin,
            is_reviewer=facts["is_reviewer"],
            is_trainer=facts["is_trainer"],
            is_lead_trainer=facts["is_lead_trainer"],
            may_author=is_admin or facts["admin_access"],
        )
        setattr(user, _CACHE_ATTRIBUTE, viewer)
    return viewer


def roles_changed(**kwargs) -> None:
    """Make every kept viewer stale (a signal receiver; see :func:`connect`)."""
    cache.set(_VERSION_KEY, uuid4().hex, None)


def connect() -> None:
    """Forget kept roles whenever roles, groups or permissions change.

    Called from ``AccountsConfig.ready``. Group membership, a group's name or
    permissions, a user's own permissions and role assignments all decide
    the links.
    """
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from accounts.models import RoleAssignment, User

    uid = "accounts.navigation.roles_changed"
    for model in (RoleAssignment, Group):
        post_save.connect(roles_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(roles_changed, sender=model, dispatch_uid=f"{uid}.del")
    for through in (
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(roles_changed, sender=through, dispatch_uid=uid)


@dataclass(frozen=True)
class HeaderLink:
    """One place in the header, contributed through ``lms_register_header_links``.

    :param identifier: unique and stable (the header's ``data-nav``).
    :param label: shown text, translated lazily (``gettext_lazy``).
    :param url: a URL name (``"portal:dashboard"``) or a path (``"/admin/"``).
        A URL name that does not resolve hides the link.
    :param shown_to: ``viewer -> bool``; only places the viewer can open.
    :param lands: ``viewer -> rank or None``; see ``accounts.hooks``.
    :param order: position in the header, ascending.
    """

    identifier: str
    label: Any
    url: str
    shown_to: Callable[[Viewer], bool]
    lands: Callable[[Viewer], int | None] = lambda viewer: None
    order: int = 100

    def resolve(self) -> str | None:
        if self.url.startswith("/"):
            return self.url
        try:
            return reverse(self.url)
        except NoReverseMatch:
            return None


def _registered_links() -> list[HeaderLink]:
    from accounts.hooks import header_links

    return sorted(header_links, key=lambda link: (link.order, link.identifier))


def links_for(viewer: Viewer) -> list[tuple[HeaderLink, str]]:
    """The viewer's links with their URLs, in header order."""
    if not viewer.is_authenticated:
        return []
    shown = []
    for link in _registered_links():
        if not link.shown_to(viewer):
            continue
        url = link.resolve()
        if url is not None:
            shown.append((link, url))
    return shown


def landing_url(user) -> str:
    """Where sign-in takes ``user`` when no (safe) ``next`` says otherwise.

    The lowest ``lands`` rank over the links the user is shown; the profile
    when no link claims them (a place everyone signed in can open).
    """
    viewer = viewer_for(user)
    best: tuple[int, str] | None = None
    for link, url in links_for(viewer):
        rank = link.lands(viewer)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, url)
    return best[1] if best else reverse("accounts:profile")


def next_or_landing(request, url: str | None) -> str:
    """``url`` if it stays on this site, else the signed-in user's landing."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    if request.user.is_authenticated:
        return landing_url(request.user)
    return resolve_url("/")


class Header:
    """The header's links for one request (a template reads ``header.links``).

    Lazy: pages that never render the header read nothing.
    """

    def __init__(self, request):
        self.request = request

    @cached_property
    def viewer(self) -> Viewer:
        return viewer_for(getattr(self.request, "user", None))

    @cached_property
    def links(self) -> list[dict]:
        path = self.request.path
        return [
            {
                "identifier": link.identifier,
                "label": link.label,
                "url": url,
                "current": path == url or (url != "/" and path.startswith(url)),
            }
            for link, url in links_for(self.viewer)
        ]


def header(request) -> dict:
    """Context processor: ``header`` (see :class:`Header`)."""
    return {"header": Header(request)}
