"""Background work for courses, on Django's Tasks API (``django_tasks``).

Tasks take JSON-serialisable arguments and re-read the database when they
run (they may run on another machine, later).
"""

from __future__ import annotations

import datetime

from django_tasks import task


@task()
def send_enrolment_reminders(today: str | None = None) -> dict[str, int]:
    """Send the due-soon and overdue enrolment reminders; return the counts.

    ``today`` is an ISO date (``YYYY-MM-DD``) to count from, today if empty.
    Safe to run twice or on several workers: each reminder goes once.
    """
    from courses.reminders import send_enrolment_reminders as send

    day = datetime.date.fromisoformat(today) if today else None
    return send(today=day).as_dict()
