from pathlib import Path

from django.core.management.base import BaseCommand

from lms.fonts import (
    CERTIFICATE_FONTS_DIR,
    KHMER_BOLD_FONT_PATH,
    KHMER_FONT_PATH,
    build_certificate_fonts,
    build_khmer_subset,
    missing_certificate_fonts,
)


class Command(BaseCommand):
    # The system checks warn that these very fonts are missing (lms.W001 and
    # the certificates' font check): running them first would print those
    # warnings just before the fonts are built (make install, make run).
    requires_system_checks = []
    help = (
        "Build the fonts made from the fontpkg-noto-sans* packages: the self-hosted "
        "Khmer subsets for web pages (WOFF2, Regular and Bold) and the static Noto "
        "Sans Khmer and Noto Sans fonts (Regular, Bold) that certificates embed, "
        "with their licences."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Build only the files that do not exist; do nothing when all do.",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=KHMER_FONT_PATH,
            help=f"Where to write the Regular WOFF2 (default: {KHMER_FONT_PATH}).",
        )
        parser.add_argument(
            "--bold-output",
            type=Path,
            default=KHMER_BOLD_FONT_PATH,
            help=f"Where to write the Bold WOFF2 (default: {KHMER_BOLD_FONT_PATH}).",
        )
        parser.add_argument(
            "--certificate-fonts-dir",
            type=Path,
            default=CERTIFICATE_FONTS_DIR,
            help="Where to write the static certificate fonts "
            f"(default: {CERTIFICATE_FONTS_DIR}).",
        )

    def handle(
        self,
        *args,
        if_missing=False,
        output=KHMER_FONT_PATH,
        bold_output=KHMER_BOLD_FONT_PATH,
        certificate_fonts_dir=CERTIFICATE_FONTS_DIR,
        **options,
    ):
        fonts_dir = Path(certificate_fonts_dir)
        for weight, destination in ((400, Path(output)), (700, Path(bold_output))):
            if not (if_missing and destination.exists()):
                path = build_khmer_subset(destination, weight)
                self.stdout.write(f"Wrote {path} ({path.stat().st_size / 1024:.1f} KB)")
        if if_missing and not missing_certificate_fonts(fonts_dir):
            return
        for path in build_certificate_fonts(fonts_dir, only_missing=if_missing):
            self.stdout.write(f"Wrote {path} ({path.stat().st_size / 1024:.1f} KB)")
