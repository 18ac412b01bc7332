"""Cohort enrolment: a unit, or a list of officers, enrolled in a course with a
due date, by a reviewer (or an admin) for officers in their scope.

:func:`enrol_cohort` is all or nothing: officers outside the caller's scope
refuse the whole cohort, and everything else happens in one transaction. It
keeps the semantics of ``courses.enrolment.enrol``: one enrolment per officer
and course, prerequisites enforced (officers who lack one are skipped and
named), ``enrolment_created`` sent once for each new enrolment. Officers
already enrolled keep their progress; those without a due date take the
cohort's (and join the cohort).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.enrolment import live_prerequisites
from courses.models import Cohort, CoursePage, Enrolment
from lms import signals

BATCH = 500


class CohortRefused(Exception):
    """Nothing was enrolled; ``message`` says why (``outside``: the officers
    outside the caller's scope)."""

    def __init__(self, message: str, outside=()):
        super().__init__(message)
        self.message = message
        self.outside = list(outside)


@dataclass
class Skipped:
    officer: object
    reason: str


@dataclass
class CohortResult:
    """What :func:`enrol_cohort` did. ``created`` is False when an identical
    cohort (a double submit) was found and completed instead."""

    cohort: Cohort
    created: bool
    enrolled: list = field(default_factory=list)
    already_enrolled: list = field(default_factory=list)
    due_date_set: list = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "enrolled": len(self.enrolled),
            "already_enrolled": len(self.already_enrolled),
            "due_date_set": len(self.due_date_set),
            "skipped": len(self.skipped),
        }


def officers_in_scope(by):
    """The active or inactive users ``by`` may enrol: everyone for an admin,
    else the officers of the organisations ``by`` reviews (and units below).

    Stricter than ``User.objects.visible_to``: a trainer's learners are
    visible to them, but only reviewers enrol officers.
    """
    from accounts.models import User
    from accounts.scope import scope_for

    return User.objects.filter(scope_for(by).reviewed_q(user=""))


def check_due_date(due_on: datetime.date, today: datetime.date | None = None):
    today = today or timezone.localdate()
    if due_on is None:
        raise CohortRefused(_("Give a due date."))
    if due_on < today:
        raise CohortRefused(_("The due date cannot be in the past."))


def _officers(officers, unit, by) -> list:
    from accounts.models import User
    from accounts.scope import organisation_ids_under, scope_for

    if (officers is None) == (unit is None):
        raise CohortRefused(_("Enrol either a unit or a list of officers."))
    allowed = officers_in_scope(by)
    if unit is not None:
        scope = scope_for(by)
        if not (scope.is_admin or unit.pk in scope.organisation_ids):
            raise CohortRefused(
                _("You cannot enrol the officers of “%(unit)s”.")
                % {"unit": unit.localized_name}
            )
        unit_ids = organisation_ids_under(unit.pk)
        found = list(
            allowed.filter(
                organisation_id__in=sorted(unit_ids), is_active=True
            ).order_by("full_name", "pk")
        )
        if not found:
            raise CohortRefused(
                _("“%(unit)s” and its units have no active officers to enrol.")
                % {"unit": unit.localized_name}
            )
        return found
    wanted = {getattr(o, "pk", o) for o in officers}
    if not wanted:
        raise CohortRefused(_("Name at least one officer."))
    found = list(allowed.filter(pk__in=wanted).order_by("full_name", "pk"))
    outside_ids = wanted - {o.pk for o in found}
    if outside_ids:
        outside = list(User.objects.filter(pk__in=outside_ids).order_by("full_name"))
        names = ", ".join(o.get_full_name() for o in outside) or ", ".join(
            str(pk) for pk in sorted(outside_ids, key=str)
        )
        raise CohortRefused(
            _("These officers are not in your units, so nothing was enrolled: %s")
            % names,
            outside,
        )
    return found


def _audit_organisation(unit, officers):
    if unit is not None:
        return unit
    organisations = {o.organisation_id for o in officers}
    if len(organisations) == 1 and None not in organisations:
        return officers[0].organisation
    return None


def _existing_cohort(course, name, unit, due_on, by):
    return (
        Cohort.objects.filter(
            course=course,
            name__iexact=name,
            organisation=unit,
            due_on=due_on,
            created_by=by,
        )
        .order_by("pk")
        .first()
    )


def _create_enrolments(course, cohort, officers, due_on) -> tuple[list, list]:
    """Insert enrolments for ``officers``; return (created, lost to a race)."""
    created, raced = [], []
    for start in range(0, len(officers), BATCH):
        chunk = officers[start : start + BATCH]
        rows = [
            Enrolment(user=o, course=course, due_on=due_on, cohort=cohort)
            for o in chunk
        ]
        try:
            with transaction.atomic():
                Enrolment.objects.bulk_create(rows)
            created.extend(rows)
        except IntegrityError:
            # An officer enrolled themselves meanwhile: one by one for this batch.
            for row, officer in zip(rows, chunk, strict=True):
                row.pk = None
                try:
                    with transaction.atomic():
                        row.save(force_insert=True)
                    created.append(row)
                except IntegrityError:
                    raced.append(officer)
    return created, raced


def enrol_cohort(
    course,
    *,
    officers=None,
    unit=None,
    due_on: datetime.date,
    name: str,
    by,
    request=None,
) -> CohortResult:
    """Enrol ``unit`` (every active officer in it and its units) or ``officers``
    (users or primary keys) in ``course``, due on ``due_on``.

    Raises :class:`CohortRefused` (and saves nothing) when the course is not
    live, the due date is in the past, or any officer is outside ``by``'s
    scope. Submitting the same cohort twice (same course, name, unit, due
    date and person) completes the first one instead of making another.
    Records ``cohort.enrolled`` in the audit log.
    """
    from audit.log import record

    name = (name or "").strip()
    if not name:
        raise CohortRefused(_("Give the cohort a name."))
    check_due_date(due_on)
    with transaction.atomic():
        # The course row lock puts cohort enrolments of one course in a line,
        # so a double submit finds the first one's cohort and enrolments.
        locked = (
            CoursePage.objects.select_for_update(of=("self",))
            .filter(pk=course.pk, live=True)
            .first()
        )
        if locked is None:
            raise CohortRefused(_("This course is not open for enrolment."))
        chosen = _officers(officers, unit, by)
        cohort = _existing_cohort(course, name, unit, due_on, by)
        result = CohortResult(cohort=cohort, created=cohort is None)
        if cohort is None:
            cohort = result.cohort = Cohort.objects.create(
                course=course,
                name=name,
                organisation=unit,
                due_on=due_on,
                created_by=by,
            )
        existing = {
            e.user_id: e
            for e in Enrolment.objects.filter(
                course=course, user_id__in=[o.pk for o in chosen]
            ).only("pk", "user_id", "due_on", "cohort_id")
        }
        newcomers = [o for o in chosen if o.pk not in existing and o.is_active]
        ready, result.skipped = _check_prerequisites(course, newcomers)
        result.skipped += [
            Skipped(o, _("the account is not active"))
            for o in chosen
            if not o.is_active and o.pk not in existing
        ]
        created, raced = _create_enrolments(course, cohort, ready, due_on)
        result.enrolled = [e.user for e in created]
        result.already_enrolled = [o for o in chosen if o.pk in existing] + raced
        undated = [
            e.pk
            for e in existing.values()
            if e.due_on is None and e.cohort_id in (None, cohort.pk)
        ]
        if undated:
            Enrolment.objects.filter(pk__in=undated, due_on__isnull=True).update(
                due_on=due_on, cohort=cohort
            )
            dated = {e.user_id for e in existing.values() if e.pk in set(undated)}
            result.due_date_set = [o for o in chosen if o.pk in dated]
        for enrolment in created:
            signals.enrolment_created.send(sender=Enrolment, enrolment=enrolment)
        if result.created or result.enrolled or result.due_date_set:
            record(
                "cohort.enrolled",
                actor=by,
                target=cohort,
                organisation=_audit_organisation(unit, chosen),
                request=request,
                course_id=course.pk,
                cohort_id=cohort.pk,
                due_on=due_on.isoformat(),
                unit_id=getattr(unit, "pk", None),
                **result.counts,
                skipped_officers=[s.officer.pk for s in result.skipped],
            )
    return result


def _check_prerequisites(course, officers) -> tuple[list, list[Skipped]]:
    """Split ``officers`` into those who may enrol and those who lack a
    prerequisite (two queries whatever the number of officers)."""
    required = live_prerequisites(course)
    if not required or not officers:
        return list(officers), []
    done: dict[int, set[int]] = {}
    for user_id, course_id in Enrolment.objects.filter(
        user_id__in=[o.pk for o in officers],
        course__in=required,
        completed_at__isnull=False,
    ).values_list("user_id", "course_id"):
        done.setdefault(user_id, set()).add(course_id)
    ready, skipped = [], []
    for officer in officers:
        missing = [c for c in required if c.pk not in done.get(officer.pk, set())]
        if missing:
            titles = ", ".join(f"“{c.localized_title}”" for c in missing)
            skipped.append(
                Skipped(
                    officer,
                    _("has not completed %(missing)s") % {"missing": titles},
                )
            )
        else:
            ready.append(officer)
    return ready, skipped
