from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from courses.models import CoursePage
from courses.translation_po import export_course_po


class Command(BaseCommand):
    help = (
        "Write a course (every page and the objects translated with them, such "
        "as quiz questions) as one PO file to translate into a language."
    )

    def add_arguments(self, parser):
        parser.add_argument("course_id", type=int, help="The course page's id.")
        parser.add_argument(
            "--language", default="km", help="Language code of the translation."
        )
        parser.add_argument(
            "-o", "--output", help="File to write (default: standard output)."
        )

    def handle(self, *args, course_id, language, output, **options):
        course = CoursePage.objects.filter(pk=course_id).first()
        if course is None:
            raise CommandError(f"There is no course with id {course_id}.")
        if not Locale.objects.filter(language_code=language).exists():
            raise CommandError(f"There is no locale for the language {language!r}.")
        po = export_course_po(course, language)
        if output:
            po.save(output)
            self.stderr.write(
                f"Wrote {len(po)} strings of “{course.title}” to {output}."
            )
        else:
            self.stdout.write(str(po))
