"""Import officers from a CSV or XLSX file (the layout: ``accounts.importing``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.importing import apply_import, preview_import
from accounts.importing.units import units_in_scope
from accounts.scope import Scope, scope_for


class Command(BaseCommand):
    help = (
        "Create and update officers from a CSV or XLSX file (columns: staff_id, "
        "email, full_name, full_name_km, unit, rank, position, duty_station, "
        "province, preferred_language). The unit is its code, English name or "
        "Khmer name (--list-units shows them). Nothing is saved if any row is "
        "wrong; each bad row is listed. Importing the same file again changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", metavar="FILE", nargs="?", help="A .csv or .xlsx file."
        )
        parser.add_argument(
            "--list-units",
            action="store_true",
            help="List the units the importer may name (code, English name, "
            "Khmer name) instead of importing.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change, without saving.",
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="Import with this user's scope (a reviewer may only import into "
            "the organisations they review). Default: unrestricted, as a "
            "platform admin.",
        )

    def handle(self, *args, file, dry_run, username, list_units, **options):
        if list_units:
            _actor, scope = self.importer(username)
            for unit in units_in_scope(scope):
                self.stdout.write(unit.describe())
            return
        if not file:
            raise CommandError("Give the FILE to import (or --list-units).")
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        actor, scope = self.importer(username)

        run = preview_import if dry_run else apply_import
        result = run(data, scope=scope, name=path.name, actor=actor, source="command")
        if result.file_error:
            raise CommandError(result.file_error)

        counts = result.counts
        verb = "would be" if dry_run else "were"
        if result.ok:
            self.stdout.write(
                f"{counts['rows']} row(s): {counts['created']} {verb} created, "
                f"{counts['updated']} {verb} updated, "
                f"{counts['unchanged']} unchanged."
            )
            if dry_run and options["verbosity"] > 1:
                for plan in result.rows:
                    if plan.changes:
                        listed = "; ".join(
                            f"{name}: {old!r} -> {new!r}"
                            for name, old, new in plan.changes
                        )
                        self.stdout.write(f"row {plan.row} ({plan.label}): {listed}")
            if dry_run:
                self.stdout.write("Dry run: nothing was saved.")
            else:
                self.stdout.write(self.style.SUCCESS("Import saved."))
            return

        for error in result.errors:
            self.stderr.write(str(error))
        bad_rows = len({error.row for error in result.errors})
        raise CommandError(
            f"{bad_rows} of {counts['rows']} row(s) have errors "
            f"({counts['errors']} in all); nothing was saved. "
            "Fix the rows above and run the command again."
        )

    def importer(self, username: str | None):
        """The acting user and scope: ``--as USERNAME``, or unrestricted."""
        if not username:
            # The command line is trusted like a platform admin.
            return None, Scope(is_admin=True)
        from accounts.models import User

        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        scope = scope_for(user)
        if not (scope.is_admin or scope.is_reviewer):
            raise CommandError(
                f"{username} is neither a platform admin nor an organisation "
                "reviewer, so may not import officers."
            )
        return user, scope
