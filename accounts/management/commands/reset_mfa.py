from django.core.management.base import BaseCommand, CommandError

from accounts.mfa import devices
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Remove every two-step sign-in device (authenticator apps, passkeys, "
        "recovery codes) of a user who lost them. At their next sign-in they "
        "set up a new one if their role requires it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc
        count = devices.reset(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Two-step sign-in reset for {user.get_username()}: "
                f"{count} device(s) removed."
            )
        )
