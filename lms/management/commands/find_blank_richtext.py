"""``manage.py find_blank_richtext [APP_LABEL ...] [--json]``

Lists every stored required rich text that shows nothing (an empty
paragraph, spaces, zero-width characters), in every installed app and
plugin, and exits with status 1 when it finds any, so CI or an operator's
cron can use it. See ``lms.richtext_audit``.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.richtext_audit import checked_fields, find_blank_richtext


class Command(BaseCommand):
    help = (
        "List stored required rich text that is blank (empty paragraphs, spaces, "
        "zero-width characters). Exits with status 1 when any is found."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "app_labels", nargs="*", help="Only these apps (default: all)."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        labels = options["app_labels"] or None
        try:
            found = find_blank_richtext(labels)
        except LookupError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"blank": [item.as_dict() for item in found]},
                    indent=2,
                    ensure_ascii=False,
                    default=str,
                )
            )
        else:
            for item in found:
                place = f"{item.field}{' › ' + item.where if item.where else ''}"
                line = f"{item.model} pk={item.pk} “{item.title}”: {place}"
                if item.admin_url:
                    line += f"  {item.admin_url}"
                self.stdout.write(line)
        if found:
            raise CommandError(
                ngettext(
                    "%(count)d required text is empty: write it, or remove it.",
                    "%(count)d required texts are empty: write them, or remove them.",
                    len(found),
                )
                % {"count": len(found)},
                returncode=1,
            )
        if not options["json"]:
            self.stdout.write(
                _("No blank required rich text (%(fields)d fields checked).")
                % {"fields": len(checked_fields(labels))}
            )
