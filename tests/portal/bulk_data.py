"""A large, known data set for the portal, built with ``bulk_create`` in batches.

Shared by the scale tests (``tests/portal/test_dashboard.py``,
``test_officers.py``) and ``benchmarks/portal.py``. Call :func:`build`, then
:func:`add_officers` as often as wanted; each officer brings exactly
:data:`PROGRESS_PER_OFFICER` activity-progress rows, so 10,000 officers make
the issue's 50,000.

Two ministries: A (four departments of five units each) and B (one unit).
Nine officers in ten belong to A's units, the tenth to B's. Every officer
(number ``i``) is enrolled in two courses of four lessons:

- the first, course ``i % courses``, with all four lessons opened; complete
  (and certified) unless ``i % 3 == 0``, when only two lessons are done;
- the second, course ``(i + 1) % courses``, with one lesson opened; due in the
  past (overdue) when ``i % 4 == 0``, in the future when ``i % 4 == 1``.

Certificates of officers with ``i % 2 == 0`` were issued this month, the
others 60 days ago. Province codes cycle "01".."25"; every 50th officer has
none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Organisation, User
from certificates.models import Certificate
from courses.models import ActivityProgress, Enrolment
from tests import factories

PROGRESS_PER_OFFICER = 5
BATCH = 2000


@dataclass
class BulkData:
    prefix: str
    ministry_a: Organisation = None
    ministry_b: Organisation = None
    units_a: list[Organisation] = field(default_factory=list)
    unit_b: Organisation = None
    courses: list = field(default_factory=list)
    #: Lesson ids per course, in reading order.
    lessons: dict[int, list[int]] = field(default_factory=dict)
    reviewer_a: User = None
    reviewer_b: User = None
    admin: User = None
    officers: int = 0
    today: datetime.date = None


def _organisation(code, name, kind, parent=None, province=""):
    return Organisation.objects.create(
        code=code,
        name=name,
        name_km=f"អង្គភាព {name}",
        kind=kind,
        parent=parent,
        province=province,
    )


def build(officers: int = 0, *, courses: int = 5, prefix: str = "bulk") -> BulkData:
    """Organisations, ``courses`` courses, three portal users and ``officers``."""
    data = BulkData(prefix=prefix, today=timezone.localdate())
    data.ministry_a = _organisation(f"{prefix}-a", f"{prefix} Ministry A", "ministry")
    data.ministry_b = _organisation(f"{prefix}-b", f"{prefix} Ministry B", "ministry")
    for d in range(4):
        department = _organisation(
            f"{prefix}-a{d}", f"{prefix} Department A{d}", "department", data.ministry_a
        )
        for u in range(5):
            data.units_a.append(
                _organisation(
                    f"{prefix}-a{d}-{u}",
                    f"{prefix} Unit A{d}.{u}",
                    "unit",
                    department,
                    province=f"{(d * 5 + u) % 25 + 1:02d}",
                )
            )
    data.unit_b = _organisation(
        f"{prefix}-b0", f"{prefix} Unit B0", "unit", data.ministry_b, province="12"
    )
    catalog = factories.make_catalog()
    for c in range(courses):
        course = factories.make_course(
            catalog, title=f"{prefix} course {c}", modules=2, lessons=2
        )
        data.courses.append(course)
        data.lessons[course.pk] = [lesson.pk for lesson in factories.lessons_of(course)]
    data.reviewer_a = factories.make_user(
        "reviewer", reviews=data.ministry_a, username=f"{prefix}-reviewer-a"
    )
    data.reviewer_b = factories.make_user(
        "reviewer", reviews=data.ministry_b, username=f"{prefix}-reviewer-b"
    )
    data.admin = factories.make_user("admin", username=f"{prefix}-admin")
    if officers:
        add_officers(data, officers)
    return data


def officer_unit(data: BulkData, i: int) -> Organisation:
    if i % 10 == 9:
        return data.unit_b
    return data.units_a[i % len(data.units_a)]


def add_officers(data: BulkData, count: int) -> None:
    """``count`` more officers with their enrolments, progress and certificates."""
    start, stop = data.officers, data.officers + count
    now = timezone.now()
    User.objects.bulk_create(
        (
            User(
                username=f"{data.prefix}-{i:06d}",
                # Unusable: nobody signs in as these officers.
                password="!bulk",
                email=f"{data.prefix}-{i:06d}@example.org",
                full_name=f"Officer {i:06d} {data.prefix}",
                full_name_km=f"មន្ត្រី {i:06d}",
                staff_id=f"{data.prefix.upper()}{i:06d}",
                rank="Lieutenant" if i % 2 else "Captain",
                organisation=officer_unit(data, i),
                province="" if i % 50 == 49 else f"{i % 25 + 1:02d}",
            )
            for i in range(start, stop)
        ),
        batch_size=BATCH,
    )
    users = dict(
        User.objects.filter(
            username__in=[f"{data.prefix}-{i:06d}" for i in range(start, stop)]
        ).values_list("username", "pk")
    )
    user_ids = [users[f"{data.prefix}-{i:06d}"] for i in range(start, stop)]
    n_courses = len(data.courses)
    overdue_on = data.today - datetime.timedelta(days=7)
    due_later = data.today + datetime.timedelta(days=30)
    enrolments = []
    for i, user_id in zip(range(start, stop), user_ids, strict=True):
        first = data.courses[i % n_courses]
        second = data.courses[(i + 1) % n_courses]
        enrolments.append(
            Enrolment(
                user_id=user_id,
                course=first,
                completed_at=None if i % 3 == 0 else now,
                last_accessed_at=now,
            )
        )
        enrolments.append(
            Enrolment(
                user_id=user_id,
                course=second,
                last_accessed_at=now,
                due_on={0: overdue_on, 1: due_later}.get(i % 4),
            )
        )
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
    by_key = {
        (user_id, course_id): pk
        for pk, user_id, course_id in Enrolment.objects.filter(
            user_id__in=user_ids
        ).values_list("pk", "user_id", "course_id")
    }
    progress = []
    certificates = []
    month_start = data.today.replace(day=1)
    for i, user_id in zip(range(start, stop), user_ids, strict=True):
        first = data.courses[i % n_courses]
        second = data.courses[(i + 1) % n_courses]
        first_lessons = data.lessons[first.pk]
        done = len(first_lessons) if i % 3 else 2
        for n, page_id in enumerate(first_lessons):
            progress.append(
                ActivityProgress(
                    enrolment_id=by_key[(user_id, first.pk)],
                    page_id=page_id,
                    events={"viewed": now.isoformat()},
                    last_event_at=now,
                    completed_at=now if n < done else None,
                )
            )
        progress.append(
            ActivityProgress(
                enrolment_id=by_key[(user_id, second.pk)],
                page_id=data.lessons[second.pk][0],
                events={"viewed": now.isoformat()},
                last_event_at=now,
            )
        )
        if i % 3:
            issued_on = (
                month_start if i % 2 == 0 else data.today - datetime.timedelta(days=60)
            )
            certificates.append(
                Certificate(
                    user_id=user_id,
                    course=first,
                    enrolment_id=by_key[(user_id, first.pk)],
                    officer_name=f"Officer {i:06d} {data.prefix}",
                    officer_name_km=f"មន្ត្រី {i:06d}",
                    course_title=first.title,
                    course_title_km="វគ្គសិក្សា " + first.title,
                    completed_at=now,
                    issued_on=issued_on,
                    issuer_name="Frontline Officer Learning",
                )
            )
    ActivityProgress.objects.bulk_create(progress, batch_size=BATCH)
    Certificate.objects.bulk_create(certificates, batch_size=BATCH)
    data.officers = stop
