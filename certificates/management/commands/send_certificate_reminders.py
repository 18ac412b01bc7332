"""Send the due certificate expiry reminders (run daily)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Email officers and their organisation reviewers about certificates that "
        "expire in 60 or 7 days (CERTIFICATE_REMINDER_DAYS). Each reminder goes "
        "once, even when the command runs twice or on two machines; a missed "
        "day is caught up by the next run. Run it once a day, e.g. from cron: "
        "'30 7 * * * cd /srv/lms && .venv/bin/python manage.py "
        "send_certificate_reminders' (07:30 Phnom Penh time, if the server "
        "runs on it), or queue certificates.tasks.send_expiry_reminders."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="Count the days from this date instead of today (to catch up).",
        )

    def handle(self, *args, date=None, **options):
        from certificates.notifications import send_due_reminders

        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(
                    f"--date {date!r} is not a date: use YYYY-MM-DD."
                ) from None
        sent = send_due_reminders(today=today)
        self.stdout.write(f"Sent {sent} expiry reminder(s).")
