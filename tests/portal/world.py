"""A small, known data set for the portal's tests: two organisations, a
department with a unit under it, two courses, officers at every stage."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from courses.models import ActivityProgress, Enrolment
from tests import factories
from tests.certificates.factories import make_certificate


@dataclass
class World:
    """Ministry A > department D > unit U, and organisation B.

    a1 (D, Phnom Penh): X complete (certificate this month), Y overdue.
    a2 (U, Siem Reap): X in progress, Y complete (certificate last month).
    a3 (U, no province): X not started, due later (revoked certificate).
    a4 (U): enrolled in nothing.
    b1 (B, Banteay Meanchey): X complete (certificate this month), Y overdue.
    """

    ministry: object
    department: object
    unit: object
    other: object
    x: object
    y: object
    a1: object
    a2: object
    a3: object
    a4: object
    b1: object
    reviewer_a: object
    reviewer_d: object
    reviewer_u: object
    reviewer_b: object
    trainer: object
    officer: object
    admin: object


def enrolment(user, course, *, complete=False, started=True, due_on=None):
    now = timezone.now()
    return Enrolment.objects.create(
        user=user,
        course=course,
        completed_at=now if complete else None,
        last_accessed_at=now if started or complete else None,
        due_on=due_on,
    )


def build_world() -> World:
    today = timezone.localdate()
    ministry = factories.make_organisation(name="Ministry of Interior")
    department = factories.make_organisation(name="Immigration Department")
    department.parent = ministry
    department.save()
    unit = factories.make_organisation(name="Poipet Border Unit")
    unit.parent = department
    unit.save()
    other = factories.make_organisation(name="Customs Department")
    x = factories.make_course(title="Border checks", modules=1, lessons=2)
    y = factories.make_course(title="Victim identification", modules=1, lessons=2)
    a1 = factories.make_user(
        "officer",
        full_name="Sok Dara",
        full_name_km="សុខ ដារា",
        staff_id="A-001",
        organisation=department,
        province="12",
    )
    a2 = factories.make_user(
        "officer",
        full_name="Chan Thy",
        full_name_km="ចាន់ ធី",
        staff_id="A-002",
        organisation=unit,
        province="17",
    )
    a3 = factories.make_user(
        "officer", full_name="Keo Lina", staff_id="A-003", organisation=unit
    )
    a4 = factories.make_user(
        "officer", full_name="Meas Sophea", staff_id="A-004", organisation=unit
    )
    b1 = factories.make_user(
        "officer",
        full_name="Outsider Bora",
        full_name_km="បូរ៉ា ក្រៅ",
        staff_id="B-999",
        organisation=other,
        province="01",
    )
    past, later = today - datetime.timedelta(days=3), today + datetime.timedelta(30)
    enrolment(a1, x, complete=True)
    enrolment(a1, y, due_on=past)
    in_progress = enrolment(a2, x)
    ActivityProgress.objects.create(
        enrolment=in_progress,
        page=factories.lessons_of(x)[0],
        completed_at=timezone.now(),
    )
    enrolment(a2, y, complete=True)
    enrolment(a3, x, started=False, due_on=later)
    enrolment(b1, x, complete=True)
    enrolment(b1, y, due_on=past)
    make_certificate(user=a1, course=x)
    make_certificate(
        user=a2, course=y, issued_on=today.replace(day=1) - datetime.timedelta(days=1)
    )
    make_certificate(user=a3, course=x, revoked_at=timezone.now())
    make_certificate(user=b1, course=x)
    return World(
        ministry=ministry,
        department=department,
        unit=unit,
        other=other,
        x=x,
        y=y,
        a1=a1,
        a2=a2,
        a3=a3,
        a4=a4,
        b1=b1,
        reviewer_a=factories.make_user("reviewer", reviews=ministry),
        reviewer_d=factories.make_user("reviewer", reviews=department),
        reviewer_u=factories.make_user("reviewer", reviews=unit),
        reviewer_b=factories.make_user("reviewer", reviews=other),
        trainer=factories.make_user("trainer", trains=[x]),
        officer=a1,
        admin=factories.make_user("admin"),
    )
