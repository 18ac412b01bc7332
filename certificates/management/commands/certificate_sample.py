"""``manage.py certificate_sample``: a specimen PDF, for checking a layout."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import translation


class Command(BaseCommand):
    help = (
        "Render a specimen certificate with a sample officer (Khmer and Latin "
        "names) in the layout of a course's design, a named design or the default "
        "one, so that a trainer can check it. The specimen is marked as such and "
        "is not signed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            required=True,
            type=Path,
            help="Where to write the PDF (e.g. sample.pdf).",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="Language of the layout's translated strings: "
            + ", ".join(code for code, _ in settings.LANGUAGES)
            + f" (default {settings.LANGUAGE_CODE}).",
        )
        parser.add_argument(
            "--course", metavar="SLUG", help="Use this course's title and design."
        )
        parser.add_argument(
            "--design",
            metavar="NAME",
            help="Use this certificate design (overrides the course's).",
        )

    def handle(self, *args, output, language, course=None, design=None, **options):
        from certificates.data import sample_data
        from certificates.rendering import RenderError, get_layout, render_pdf

        languages = [code for code, _ in settings.LANGUAGES]
        if language not in languages:
            raise CommandError(
                f"Unknown language {language!r}; choose one of: {', '.join(languages)}."
            )
        output = Path(output)
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")

        try:
            course_page = self._course(course) if course else None
            chosen = self._design(design, course_page)
        except DatabaseError as error:
            raise CommandError(
                f"Could not read courses and designs from the database ({error}). "
                "Run python manage.py migrate first."
            ) from error
        layout = get_layout(chosen.layout if chosen else None)
        with translation.override(language):
            data = sample_data(chosen, course_page)
            try:
                pdf = render_pdf(data, layout=layout.identifier)
            except RenderError as error:
                raise CommandError(
                    f"The specimen could not be rendered: {error}"
                ) from error

        partial = output.with_name(f".{output.name}.{os.getpid()}.partial")
        try:
            partial.write_bytes(pdf)
            os.replace(partial, output)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error}") from error
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(
            f"Wrote {output} ({len(pdf) / 1024:.0f} KB): layout “{layout.identifier}”, "
            f"design “{chosen.name if chosen else 'built-in defaults'}”, "
            f"language {language}."
        )

    def _course(self, slug: str):
        from courses.models import CoursePage

        matches = list(CoursePage.objects.filter(slug=slug)[:2])
        if not matches:
            raise CommandError(f"No course has the slug {slug!r}.")
        if len(matches) > 1:
            raise CommandError(
                f"Several courses have the slug {slug!r}; use --design to choose the "
                "design instead."
            )
        return matches[0]

    def _design(self, name: str | None, course):
        from certificates.issuing import design_for
        from certificates.models import CertificateDesign

        if name:
            try:
                return CertificateDesign.objects.get(name=name)
            except CertificateDesign.DoesNotExist:
                known = ", ".join(
                    CertificateDesign.objects.values_list("name", flat=True)[:20]
                )
                raise CommandError(
                    f"No certificate design is named {name!r}. "
                    f"Designs: {known or 'none yet'}."
                ) from None
        if course is not None:
            return design_for(course)
        return CertificateDesign.default()
