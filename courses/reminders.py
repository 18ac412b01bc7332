"""Due-date reminders for enrolments: "due soon" and "overdue".

An incomplete enrolment with a due date is *due soon* from
``ENROLMENT_REMINDER_DUE_SOON_DAYS`` (7 by default) days before its due date
until that date, and *overdue* after it. The officer is emailed once for
each (enrolment, kind, due date), in their preferred language, with a link
to the course; the reviewers of the officer's unit get one email per run
listing their officers who became overdue.

Each reminder is claimed by inserting its ``EnrolmentReminder`` row in the
transaction that sends it: a second worker's insert waits for the first and
then fails on the unique constraint, so two workers never send the same
reminder; if sending fails the claim rolls back and the next run retries.
Moving the due date allows new reminders. Run daily
(``manage.py send_enrolment_reminders`` or ``courses.tasks``).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import Enrolment, EnrolmentReminder
from courses.models.progress import overdue_q

logger = logging.getLogger(__name__)

Kind = EnrolmentReminder.Kind
BATCH = 200


def due_soon_days() -> int:
    return int(getattr(settings, "ENROLMENT_REMINDER_DUE_SOON_DAYS", 7))


@dataclass
class ReminderCounts:
    due_soon: int = 0
    overdue: int = 0
    reviewer_emails: int = 0
    failed: int = 0
    #: Enrolments newly reminded as overdue in this run, for the reviewers.
    overdue_enrolments: list = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, int]:
        return {
            "due_soon": self.due_soon,
            "overdue": self.overdue,
            "reviewer_emails": self.reviewer_emails,
            "failed": self.failed,
        }


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.LMS_PUBLIC_BASE_URL.rstrip("/") + path


def build_email(template: str, context: dict, *, to: str, language: str):
    """Plain text with an HTML alternative from ``courses/email/<template>*``,
    rendered in ``language`` (one template per email, translated)."""
    base = f"courses/email/{template}"
    with translation.override(language):
        context = {
            **context,
            "language": translation.get_language(),
            "site_url": settings.LMS_PUBLIC_BASE_URL.rstrip("/"),
        }
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def language_of(user) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def course_url(course) -> str:
    url = course.get_url()
    return absolute(url) if url else absolute(reverse("courses:dashboard"))


def candidates(kind: str, today: datetime.date):
    """Incomplete enrolments of active officers in live courses that are due
    a ``kind`` reminder today and have not had it for their due date."""
    enrolments = Enrolment.objects.filter(
        completed_at__isnull=True,
        due_on__isnull=False,
        user__is_active=True,
        course__live=True,
    )
    if kind == Kind.OVERDUE:
        enrolments = enrolments.filter(overdue_q(today))
    else:
        enrolments = enrolments.filter(
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=due_soon_days()),
        )
    sent = EnrolmentReminder.objects.filter(
        enrolment=OuterRef("pk"), kind=kind, due_on=OuterRef("due_on")
    )
    return enrolments.filter(~Exists(sent))


def batches(queryset):
    """``queryset`` in primary-key order, ``BATCH`` rows (one query) at a time."""
    last = 0
    while True:
        chunk = list(
            queryset.filter(pk__gt=last)
            .select_related("user", "course")
            .order_by("pk")[:BATCH]
        )
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def officer_message(enrolment, kind: str, today: datetime.date):
    officer = enrolment.user
    if not officer.email:
        return None
    return build_email(
        "reminder",
        {
            "officer": officer,
            "course": enrolment.course,
            "due_on": enrolment.due_on,
            "overdue": kind == Kind.OVERDUE,
            "days_left": (enrolment.due_on - today).days,
            "days_late": (today - enrolment.due_on).days,
            "course_url": course_url(enrolment.course),
        },
        to=officer.email,
        language=language_of(officer),
    )


def claim_and_send(enrolment, kind: str, today: datetime.date, connection) -> bool:
    """Send one reminder unless another run claimed it; ``True`` if this one did."""
    try:
        with transaction.atomic():
            EnrolmentReminder.objects.create(
                enrolment=enrolment, kind=kind, due_on=enrolment.due_on
            )
            message = officer_message(enrolment, kind, today)
            if message is not None:
                connection.send_messages([message])
    except IntegrityError:
        return False  # another worker has it
    return True


def send_kind(kind: str, today: datetime.date, counts: ReminderCounts, connection):
    for chunk in batches(candidates(kind, today)):
        for enrolment in chunk:
            try:
                sent = claim_and_send(enrolment, kind, today, connection)
            except Exception:
                # One bad address or a mail server hiccup must not stop the
                # others; this reminder is retried on the next run.
                logger.exception(
                    "Enrolment reminder (%s) for enrolment %s not sent",
                    kind,
                    enrolment.pk,
                )
                counts.failed += 1
                continue
            if not sent:
                continue
            if kind == Kind.OVERDUE:
                counts.overdue += 1
                counts.overdue_enrolments.append(enrolment)
            else:
                counts.due_soon += 1


def reviewer_summaries(enrolments: list, today: datetime.date) -> list:
    """One email per reviewer, listing their officers among ``enrolments``."""
    from accounts.scope import reviewers_of

    reviewers: dict[int, object] = {}
    listed: dict[int, list] = {}
    by_unit: dict[int | None, list] = {}
    for enrolment in enrolments:
        by_unit.setdefault(enrolment.user.organisation_id, []).append(enrolment)
    for organisation_id, unit_enrolments in by_unit.items():
        if organisation_id is None:
            continue
        for reviewer in reviewers_of(organisation_id).exclude(email=""):
            reviewers.setdefault(reviewer.pk, reviewer)
            listed.setdefault(reviewer.pk, []).extend(
                e for e in unit_enrolments if e.user_id != reviewer.pk
            )
    messages = []
    for reviewer_id, reviewer_enrolments in listed.items():
        if not reviewer_enrolments:
            continue
        reviewer = reviewers[reviewer_id]
        rows = sorted(
            reviewer_enrolments, key=lambda e: (e.due_on, e.user.get_full_name())
        )
        messages.append(
            build_email(
                "reviewer_overdue",
                {
                    "reviewer": reviewer,
                    "enrolments": rows,
                    "today": today,
                    "portal_url": absolute(reverse("portal:cohorts")),
                },
                to=reviewer.email,
                language=language_of(reviewer),
            )
        )
    return messages


def send_enrolment_reminders(today: datetime.date | None = None) -> ReminderCounts:
    """Send every due-soon and overdue reminder due ``today``; return counts.

    Safe to run twice a day or on several machines at once: each reminder
    goes once. Reviewers hear about each overdue officer once, from the run
    that sent the officer's overdue reminder.
    """
    today = today or timezone.localdate()
    counts = ReminderCounts()
    connection = get_connection()
    send_kind(Kind.OVERDUE, today, counts, connection)
    send_kind(Kind.DUE_SOON, today, counts, connection)
    if counts.overdue_enrolments:
        for message in reviewer_summaries(counts.overdue_enrolments, today):
            try:
                connection.send_messages([message])
                counts.reviewer_emails += 1
            except Exception:
                logger.exception("Overdue summary to %s not sent", message.to)
                counts.failed += 1
    return counts
