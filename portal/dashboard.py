"""The numbers on the portal's dashboard, each a fixed number of queries.

Everything here is counted in the database (``GROUP BY`` through
``values(...).annotate(...)``), so the dashboard runs the same handful of
queries for ten officers or ten thousand. Every queryset starts from a
``visible_to(user)`` queryset; for a reviewer it is narrowed further to the
officers *of the reviewed organisations* (and the units under them): the
dashboard is about an organisation, not about the reviewer's own courses or,
for a reviewer who also trains, other organisations' learners.

:func:`dashboard_for` keeps its result in the cache for
``PORTAL_DASHBOARD_CACHE_SECONDS`` (60 s by default). The key holds the user,
the organisations their scope covers, the unit filter and the day, so a
changed role or a new day never shows someone else's or yesterday's numbers.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.geography import province_name
from accounts.models import Organisation, User
from accounts.scope import organisation_ids_under, scope_for
from certificates.models import Certificate
from courses.models import CoursePage, Enrolment
from courses.models.progress import overdue_q
from courses.translations import titles_by_key

#: How many overdue enrolments the dashboard lists by name.
OVERDUE_LISTED = 10


# Scoped querysets ----------------------------------------------------------------


def officers_in_scope(user) -> QuerySet[User]:
    """The officers the portal shows ``user``: all for an admin, else the
    members of the organisations they review (and the units under them)."""
    return User.objects.filter(scope_for(user).reviewed_q(user=""))


def enrolments_in_scope(user) -> QuerySet[Enrolment]:
    """Enrolments of :func:`officers_in_scope`'s officers."""
    return Enrolment.objects.filter(scope_for(user).reviewed_q())


def certificates_in_scope(user) -> QuerySet[Certificate]:
    """Certificates of :func:`officers_in_scope`'s officers."""
    return Certificate.objects.filter(scope_for(user).reviewed_q())


def units_for(user) -> QuerySet[Organisation]:
    """The organisations ``user`` may filter by (their scope, nothing else)."""
    return Organisation.objects.visible_to(user).order_by("name")


def unit_ids(unit: Organisation | None) -> list[int] | None:
    """``unit`` and every unit under it, or None for "no filter"."""
    if unit is None:
        return None
    return sorted(organisation_ids_under(unit.pk))


# What the dashboard shows ----------------------------------------------------------


def _localized(english: str, khmer: str) -> str:
    return khmer if get_language() == "km" and khmer else english


def _percent(part: int, whole: int) -> int:
    """Whole per cent, rounded down so that 100 means everyone."""
    return part * 100 // whole if whole else 0


@dataclass(frozen=True)
class CourseRate:
    course_id: int
    title_en: str
    title_km: str
    enrolled: int
    completed: int
    overdue: int = 0

    @property
    def title(self) -> str:
        return _localized(self.title_en, self.title_km)

    @property
    def title_lang(self) -> str:
        return "km" if get_language() == "km" and self.title_km else "en"

    @property
    def percent(self) -> int:
        return _percent(self.completed, self.enrolled)


@dataclass(frozen=True)
class ProvinceRate:
    #: The officers' province code; "" when it is not recorded.
    code: str
    officers: int
    enrolled: int
    completed: int
    overdue_officers: int = 0

    @property
    def name(self) -> str:
        return province_name(self.code) or str(_("Province not recorded"))

    @property
    def percent(self) -> int:
        return _percent(self.completed, self.enrolled)


@dataclass(frozen=True)
class OverdueEnrolment:
    officer_id: int
    name: str
    name_km: str
    staff_id: str
    course_en: str
    course_km: str
    due_on: datetime.date

    @property
    def course(self) -> str:
        return _localized(self.course_en, self.course_km)

    @property
    def course_lang(self) -> str:
        return "km" if get_language() == "km" and self.course_km else "en"


@dataclass(frozen=True)
class CertificateCount:
    course_id: int
    title_en: str
    title_km: str
    issued: int

    @property
    def title(self) -> str:
        return _localized(self.title_en, self.title_km)

    @property
    def title_lang(self) -> str:
        return "km" if get_language() == "km" and self.title_km else "en"


@dataclass(frozen=True)
class Dashboard:
    """Plain numbers (picklable, language-neutral): names are looked up when shown."""

    today: datetime.date
    courses: list[CourseRate] = field(default_factory=list)
    provinces: list[ProvinceRate] = field(default_factory=list)
    overdue: list[OverdueEnrolment] = field(default_factory=list)
    certificates: list[CertificateCount] = field(default_factory=list)

    @property
    def month_start(self) -> datetime.date:
        return self.today.replace(day=1)

    @property
    def overdue_officers(self) -> int:
        # Each officer has one province, so the provinces' counts add up.
        return sum(row.overdue_officers for row in self.provinces)

    @property
    def overdue_enrolments(self) -> int:
        return sum(row.overdue for row in self.courses)

    @property
    def certificates_this_month(self) -> int:
        return sum(row.issued for row in self.certificates)

    @property
    def enrolled(self) -> int:
        return sum(row.enrolled for row in self.courses)

    @property
    def completed(self) -> int:
        return sum(row.completed for row in self.courses)

    @property
    def percent(self) -> int:
        return _percent(self.completed, self.enrolled)


def compute_dashboard(
    user, unit: Organisation | None = None, today: datetime.date | None = None
) -> Dashboard:
    """The dashboard's numbers for ``user``, optionally for one unit, uncached.

    Five queries (plus one for the units under ``unit``), whatever the data.
    """
    today = today or timezone.localdate()
    enrolments = enrolments_in_scope(user)
    certificates = certificates_in_scope(user)
    ids = unit_ids(unit)
    if ids is not None:
        enrolments = enrolments.filter(user__organisation_id__in=ids)
        certificates = certificates.filter(user__organisation_id__in=ids)
    done = Q(completed_at__isnull=False)
    late = overdue_q(today)
    # Khmer titles are the Khmer versions' own (wagtail-localize translations).
    khmer_titles = titles_by_key(CoursePage, "km")

    courses = [
        CourseRate(
            course_id=row["course_id"],
            title_en=row["course__title"],
            title_km=khmer_titles.get(row["course__translation_key"], ""),
            enrolled=row["enrolled"],
            completed=row["completed"],
            overdue=row["overdue"],
        )
        for row in enrolments.order_by()
        .values("course_id", "course__title", "course__translation_key")
        .annotate(
            enrolled=Count("id"),
            completed=Count("id", filter=done),
            overdue=Count("id", filter=late),
        )
    ]
    courses.sort(key=lambda row: (row.title_en.casefold(), row.course_id))

    provinces = [
        ProvinceRate(
            code=row["user__province"] or "",
            officers=row["officers"],
            enrolled=row["enrolled"],
            completed=row["completed"],
            overdue_officers=row["overdue_officers"],
        )
        for row in enrolments.order_by()
        .values("user__province")
        .annotate(
            officers=Count("user_id", distinct=True),
            enrolled=Count("id"),
            completed=Count("id", filter=done),
            overdue_officers=Count("user_id", distinct=True, filter=late),
        )
    ]
    # Ministry order (codes "01".."25"); officers without a province last.
    provinces.sort(key=lambda row: (row.code == "", row.code))

    overdue = enrolments.overdue(today)
    overdue_rows = [
        OverdueEnrolment(
            officer_id=row["user_id"],
            name=row["user__full_name"] or row["user__username"],
            name_km=row["user__full_name_km"],
            staff_id=row["user__staff_id"] or "",
            course_en=row["course__title"],
            course_km=khmer_titles.get(row["course__translation_key"], ""),
            due_on=row["due_on"],
        )
        for row in overdue.order_by("due_on", "user__full_name", "pk").values(
            "user_id",
            "user__full_name",
            "user__full_name_km",
            "user__username",
            "user__staff_id",
            "course__title",
            "course__translation_key",
            "due_on",
        )[:OVERDUE_LISTED]
    ]

    issued = [
        CertificateCount(
            course_id=row["course_id"],
            title_en=row["course_title"],
            title_km=row["course_title_km"],
            issued=row["issued"],
        )
        for row in certificates.filter(
            revoked_at__isnull=True,
            issued_on__gte=today.replace(day=1),
            issued_on__lte=today,
        )
        .order_by()
        .values("course_id")
        .annotate(
            issued=Count("id"),
            # The title as printed; one per course edition (near enough
            # for a label if it was ever edited between issues).
            course_title=Max("course_title"),
            course_title_km=Max("course_title_km"),
        )
    ]
    issued.sort(key=lambda row: (-row.issued, row.title_en.casefold()))

    return Dashboard(
        today=today,
        courses=courses,
        provinces=provinces,
        overdue=overdue_rows,
        certificates=issued,
    )


def cache_key(user, unit: Organisation | None, today: datetime.date) -> str:
    scope = scope_for(user)
    reach = (
        "all" if scope.is_admin else ",".join(map(str, sorted(scope.organisation_ids)))
    )
    digest = hashlib.sha256(reach.encode()).hexdigest()[:16]
    unit_part = unit.pk if unit is not None else "-"
    return f"portal:dashboard:{user.pk}:{digest}:{unit_part}:{today.isoformat()}"


def dashboard_for(
    user, unit: Organisation | None = None, today: datetime.date | None = None
) -> Dashboard:
    """:func:`compute_dashboard`, kept in the cache for a minute per user and unit."""
    today = today or timezone.localdate()
    seconds = getattr(settings, "PORTAL_DASHBOARD_CACHE_SECONDS", 60)
    if not seconds:
        return compute_dashboard(user, unit, today)
    key = cache_key(user, unit, today)
    found = cache.get(key)
    if found is None:
        found = compute_dashboard(user, unit, today)
        cache.set(key, found, seconds)
    return found
