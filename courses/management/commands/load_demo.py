import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.demo.loader import DEMO_USERS, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo curriculum, organisations and one demo user per role. "
        "Idempotent: a second run changes nothing. Refused outside development."
    )

    def handle(self, *args, **options):
        if not settings.LMS_DEMO_ALLOWED:
            raise CommandError(
                "The demo (with its published passwords) is only loaded where "
                "LMS_DEMO_ALLOWED is true, i.e. with lms.settings.dev or test."
            )
        # Wagtail logs every page created and published at INFO: 80 lines of noise here.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        report = load_demo()
        if report.changed:
            made = ", ".join(
                f"{n} {kind}" for kind, n in sorted(report.created.items())
            )
            self.stdout.write(self.style.SUCCESS(f"Demo loaded: created {made}."))
        else:
            self.stdout.write("Demo already loaded: nothing changed.")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"Skipped: {warning}"))
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo accounts (demo only):"))
        width = max(len(u.username) for u in DEMO_USERS)
        password_width = max(len(u.password) for u in DEMO_USERS)
        for user in DEMO_USERS:
            name = user.username.ljust(width)
            password = user.password.ljust(password_width)
            self.stdout.write(f"  {name}  password: {password} {user.role}")
        if settings.LMS_MFA_REQUIRED_ROLES:
            self.stdout.write(
                "Two-step sign-in: the staff accounts ("
                + ", ".join(sorted(settings.LMS_MFA_REQUIRED_ROLES))
                + ") set up an authenticator app or a passkey at their first "
                "sign-in (LMS_MFA_REQUIRED_ROLES= turns this off)."
            )
        self.stdout.write("")
        self.stdout.write(
            "Open http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/)"
        )
