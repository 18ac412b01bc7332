"""Who may see what: the one place a user's data scope is worked out.

Every view, export, download and background job asks :func:`scope_for` and
filters through the ``visible_to(user)`` querysets built on it
(``User``, ``Organisation``, ``Enrolment``, ``Attempt``, ``Certificate``,
``Job``...). Nothing is visible unless a rule below grants it:

- a platform admin (an active superuser) sees everything;
- every active user sees their own rows;
- an organisation reviewer sees the officers of each organisation they are
  assigned to (``RoleAssignment``), and of every organisation under it, with
  all those officers' enrolments, attempts and certificates;
- a trainer sees, for each course they are assigned to, its enrolments,
  attempts, grades and certificates (and those officers' names), and nothing
  from other courses.

Background jobs call :func:`scope_for` again with the user re-read from the
database when they run, so a role revoked after a job was queued no longer
applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

_CACHE_ATTRIBUTE = "_lms_scope"


@dataclass(frozen=True)
class Scope:
    """What one user may see. Build it with :func:`scope_for`, not directly."""

    user_id: int | None = None
    is_admin: bool = False
    #: Reviewed organisations and everything under them.
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    #: The organisations named in the user's reviewer assignments (the roots).
    reviewed_organisation_ids: frozenset[int] = field(default_factory=frozenset)
    #: Courses the user is a trainer of.
    course_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_reviewer(self) -> bool:
        return bool(self.reviewed_organisation_ids)

    @property
    def is_trainer(self) -> bool:
        return bool(self.course_ids)

    @property
    def sees_anything(self) -> bool:
        return self.is_admin or self.user_id is not None

    def rows_q(self, user: str = "user", course: str | None = "course") -> Q:
        """A ``Q`` over a model with a user path and (optionally) a course path.

        ``user`` and ``course`` are lookups from the filtered model to the
        officer and to the course page (``"user"``, ``"enrolment__course"``).
        The Q grants the user's own rows, rows of officers in reviewed
        organisations, and rows of trained courses; for an admin it is empty
        (everything); for nobody it matches nothing.
        """
        if self.is_admin:
            return Q()
        if self.user_id is None:
            return Q(pk__in=[])
        q = Q(**{f"{user}_id": self.user_id})
        if self.organisation_ids:
            q |= Q(**{f"{user}__organisation_id__in": sorted(self.organisation_ids)})
        if self.course_ids and course is not None:
            q |= Q(**{f"{course}_id__in": sorted(self.course_ids)})
        return q

    def reviewed_q(self, user: str = "user") -> Q:
        """Only rows of officers in the reviewed organisations (and below).

        What the ministry portal answers for: not the user's own rows, not
        their trainees. ``user`` is the lookup to the officer (``""`` for a
        ``User`` queryset). Everything for an admin; nothing for a user who
        reviews nothing.
        """
        if self.is_admin:
            return Q()
        if not self.organisation_ids:
            return Q(pk__in=[])
        lookup = f"{user}__organisation_id__in" if user else "organisation_id__in"
        return Q(**{lookup: sorted(self.organisation_ids)})

    def trained_q(self, course: str = "course") -> Q:
        """Only rows of the courses the user trains (everything for an admin)."""
        if self.is_admin:
            return Q()
        if not self.course_ids:
            return Q(pk__in=[])
        return Q(**{f"{course}_id__in": sorted(self.course_ids)})

    def officers_q(self, prefix: str = "") -> Q:
        """A ``Q`` over users (reached by ``prefix``) this scope may see."""
        if self.is_admin:
            return Q()
        if self.user_id is None:
            return Q(pk__in=[])
        q = Q(**{f"{prefix}pk": self.user_id})
        if self.organisation_ids:
            q |= Q(**{f"{prefix}organisation_id__in": sorted(self.organisation_ids)})
        if self.course_ids:
            from courses.models import Enrolment

            q |= Q(
                **{
                    f"{prefix}pk__in": Enrolment.objects.filter(
                        course_id__in=sorted(self.course_ids)
                    ).values("user_id")
                }
            )
        return q


NOBODY = Scope()


def organisation_ids_under(*roots: int) -> set[int]:
    """Primary keys of the organisations ``roots`` and all below them, any depth.

    One query: the organisation table is small (hundreds of rows), so the
    tree is walked in Python rather than with a recursive query per level.
    """
    from accounts.models import Organisation

    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Organisation.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    frontier = [pk for pk in roots if pk is not None]
    while frontier:
        pk = frontier.pop()
        if pk in found:
            continue
        found.add(pk)
        frontier.extend(children.get(pk, ()))
    return found


def compute_scope(user) -> Scope:
    """Work out ``user``'s scope from the database (three queries at most)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    if user.is_superuser:
        return Scope(user_id=user.pk, is_admin=True)
    from accounts.models import RoleAssignment
    from accounts.roles import GROUP_FOR_ROLE

    # An assignment counts only while the user is also in the role's group:
    # taking someone out of the group in the user admin takes the data away.
    groups = set(user.groups.values_list("name", flat=True))
    reviewed: set[int] = set()
    courses: set[int] = set()
    for role, organisation_id, course_id in RoleAssignment.objects.filter(
        user_id=user.pk
    ).values_list("role", "organisation_id", "course_id"):
        if GROUP_FOR_ROLE.get(role) not in groups:
            continue
        if role == RoleAssignment.Role.REVIEWER:
            reviewed.add(organisation_id)
        elif role == RoleAssignment.Role.TRAINER:
            courses.add(course_id)
    return Scope(
        user_id=user.pk,
        organisation_ids=frozenset(organisation_ids_under(*reviewed))
        if reviewed
        else frozenset(),
        reviewed_organisation_ids=frozenset(reviewed),
        course_ids=frozenset(courses),
    )


def scope_for(user) -> Scope:
    """``user``'s scope, computed once per user object (so once per request).

    Background jobs pass a user freshly read from the database, so they get
    a fresh scope.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return NOBODY
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = compute_scope(user)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_scope(user) -> None:
    """Drop the scope cached on ``user`` (after its roles changed)."""
    if user is not None and hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def fresh_user(user_id: int):
    """The user re-read from the database, for a job that re-checks scope."""
    from accounts.models import User

    return User.objects.filter(pk=user_id).first()


def organisation_ancestor_ids(organisation_id: int) -> list[int]:
    """``organisation_id`` and every organisation above it, nearest first."""
    from accounts.models import Organisation

    parents = dict(Organisation.objects.values_list("pk", "parent_id"))
    chain: list[int] = []
    current: int | None = organisation_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def reviewers_of(organisation_id: int | None):
    """Active users who review ``organisation_id`` (directly or from above it)."""
    from accounts.models import RoleAssignment, User
    from accounts.roles import ORGANISATION_REVIEWERS

    if organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        groups__name=ORGANISATION_REVIEWERS,
        pk__in=RoleAssignment.objects.filter(
            role=RoleAssignment.Role.REVIEWER,
            organisation_id__in=organisation_ancestor_ids(organisation_id),
        ).values("user_id"),
    ).distinct()
