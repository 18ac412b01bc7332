import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from courses.models import CoursePage
from courses.translation_po import PORefused, import_course_po, read_po


class Command(BaseCommand):
    help = (
        "Import a PO file made by export_course_po (and translated) into the "
        "course's translation in the file's language. Translated versions are "
        "saved as drafts unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("course_id", type=int, help="The course page's id.")
        parser.add_argument("path", help="The PO file.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the translated pages."
        )

    def handle(self, *args, course_id, path, publish, **options):
        course = CoursePage.objects.filter(pk=course_id).first()
        if course is None:
            raise CommandError(f"There is no course with id {course_id}.")
        try:
            po = read_po(Path(path).read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except PORefused as error:
            raise CommandError(str(error)) from error
        language = po.metadata.get("Language", "")
        locale = Locale.objects.filter(language_code=language.split("_")[0]).first()
        if locale is None:
            raise CommandError(
                f"The file's Language header ({language!r}) names no locale."
            )
        # Wagtail logs every page saved at INFO: noise here.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        try:
            report = import_course_po(course, locale, po, publish=publish)
        except PORefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.written} translations written, {report.unchanged} unchanged, "
            f"{report.empty} empty and {report.fuzzy} fuzzy entries skipped."
        )
        if report.created:
            self.stdout.write(f"New versions: {', '.join(report.created)}.")
        if report.published:
            self.stdout.write(f"Published: {len(report.published)}.")
        if report.drafts:
            self.stdout.write(f"Saved as drafts: {len(report.drafts)}.")
        for problem in report.problems:
            self.stdout.write(self.style.WARNING(str(problem)))
