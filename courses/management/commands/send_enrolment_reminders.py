"""Send the due-soon and overdue enrolment reminders (run daily)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Email officers whose course is due soon "
        "(ENROLMENT_REMINDER_DUE_SOON_DAYS, 7 by default) or overdue, and "
        "summarise the overdue officers to their unit's reviewers. Each "
        "reminder goes once per due date, even when the command runs twice or "
        "on two machines. Run it daily from cron, e.g. '0 7 * * * cd /srv/lms "
        "&& .venv/bin/python manage.py send_enrolment_reminders'; --enqueue "
        "hands the work to the task queue instead of doing it here."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="Count the days from this date instead of today.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue courses.tasks.send_enrolment_reminders and return.",
        )

    def handle(self, *args, date=None, enqueue=False, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(
                    f"--date {date!r} is not a date: use YYYY-MM-DD."
                ) from None
        if enqueue:
            from courses.tasks import send_enrolment_reminders

            result = send_enrolment_reminders.enqueue(
                today.isoformat() if today else None
            )
            self.stdout.write(f"Queued enrolment reminders (task {result.id}).")
            return
        from courses.reminders import send_enrolment_reminders

        counts = send_enrolment_reminders(today=today)
        self.stdout.write(
            f"Sent {counts.due_soon} due-soon and {counts.overdue} overdue "
            f"reminder(s), {counts.reviewer_emails} reviewer summary email(s); "
            f"{counts.failed} failed."
        )
