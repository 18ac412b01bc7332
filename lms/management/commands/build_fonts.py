from pathlib import Path

from django.core.management.base import BaseCommand

from lms.fonts import KHMER_FONT_PATH, build_khmer_subset


class Command(BaseCommand):
    help = (
        "Build the self-hosted Khmer font subset (WOFF2) from fontpkg-noto-sans-khmer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when the subset exists.",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=KHMER_FONT_PATH,
            help=f"Where to write the WOFF2 (default: {KHMER_FONT_PATH}).",
        )

    def handle(self, *args, if_missing=False, output=KHMER_FONT_PATH, **options):
        output = Path(output)
        if if_missing and output.exists():
            return
        path = build_khmer_subset(output)
        self.stdout.write(f"Wrote {path} ({path.stat().st_size / 1024:.1f} KB)")
