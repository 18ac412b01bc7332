from django.core.management.base import BaseCommand

from lms.fonts import KHMER_FONT_PATH, build_khmer_subset


class Command(BaseCommand):
    help = "Build the self-hosted Khmer font subset (WOFF2) from fontpkg-noto-sans-khmer."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing when the subset exists."
        )

    def handle(self, *args, if_missing=False, **options):
        if if_missing and KHMER_FONT_PATH.exists():
            return
        path = build_khmer_subset()
        self.stdout.write(f"Wrote {path} ({path.stat().st_size / 1024:.1f} KB)")
