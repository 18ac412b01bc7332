"""Import a question file (GIFT, Moodle XML, Aiken or CSV) into the question bank."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plugins.quiz.interchange.checking import (
    guess_format,
    path_problems,
    read,
    split_path,
)
from plugins.quiz.interchange.formats import FORMATS
from plugins.quiz.interchange.saving import (
    ImportRefused,
    ImportSummary,
    audit,
    save_import,
    summarize,
)


class Command(BaseCommand):
    help = (
        "Import the questions of a GIFT, Moodle XML, Aiken or CSV file into a "
        "category of the question bank (created if missing), with the file's "
        "own categories below it. Every problem is listed with its line; if any "
        "is an error, nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="The question file.")
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS),
            help="The file's format. Default: guessed from the file name "
            "(.xml Moodle XML, .txt/.gift GIFT, .csv CSV).",
        )
        parser.add_argument(
            "--category",
            required=True,
            metavar="PATH",
            help='The target category, names separated by "/" from the top of '
            'the bank, e.g. "Border control/Passports".',
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what it holds, without saving.",
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="Import as this user (who must be allowed to add questions); "
            "recorded as the questions' author and in the audit log.",
        )

    def handle(self, *args, file, format, category, dry_run, username, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        identifier = format or guess_format(path.name)
        if identifier is None:
            raise CommandError(
                f"Cannot tell the format of {path.name} from its name: give "
                f"--format ({', '.join(sorted(FORMATS))})."
            )
        target = split_path(category)
        problems = path_problems(target)
        if problems:
            raise CommandError(f"--category {category!r}: {' '.join(problems)}")
        user = self.importer(username)
        label = FORMATS[identifier].label

        result = read(data, identifier, target)
        summary = summarize(result, target)
        details = {
            "actor": user,
            "file_name": path.name,
            "format": identifier,
            "source": "command",
        }
        self.stdout.write(
            f"{path.name} ({label}): {summary.questions} question(s) for "
            f"“{summary.target}”."
        )
        for problem in result.all_problems:
            stream = self.stderr if problem.is_error else self.stdout
            kind = "error" if problem.is_error else "warning"
            stream.write(f"{kind}: {problem}")
        self.write_counts(summary)

        if not result.ok:
            audit(
                "question_import.refused",
                summary=summary,
                problems=result.errors,
                dry_run=dry_run,
                **details,
            )
            bad = {id(q) for q in result.questions if q.has_errors}
            raise CommandError(
                f"{len(result.errors)} error(s) in {len(bad)} of "
                f"{summary.questions} question(s) and the file; nothing was "
                "saved. Fix the lines above and run the command again."
            )
        if dry_run:
            audit("question_import.checked", summary=summary, dry_run=True, **details)
            self.stdout.write("Dry run: nothing was saved.")
            return
        try:
            saved = save_import(result, target_path=target, user=user)
        except ImportRefused as refusal:
            for problem in refusal.problems:
                self.stderr.write(f"error: {problem}")
            audit(
                "question_import.refused",
                summary=summary,
                problems=refusal.problems,
                **details,
            )
            raise CommandError(
                "The bank changed meanwhile; nothing was saved."
            ) from None
        audit("question_import.applied", summary=saved, **details)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {saved.questions} question(s) into “{saved.target}”."
            )
        )

    def write_counts(self, summary: ImportSummary) -> None:
        if summary.by_type:
            self.stdout.write("By question type:")
            for identifier, label, count in summary.type_rows():
                self.stdout.write(f"  {label} ({identifier}): {count}")
        if summary.by_category:
            self.stdout.write("By category:")
            for path, count in sorted(summary.by_category.items()):
                self.stdout.write(f"  {path}: {count}")
        if summary.new_categories:
            self.stdout.write("New categories:")
            for path in summary.new_categories:
                self.stdout.write(f"  {path}")
        if summary.warnings or summary.errors:
            self.stdout.write(
                f"{summary.errors} error(s), {summary.warnings} warning(s)."
            )

    def importer(self, username: str | None):
        """The acting user (``--as``), or ``None``: the command line is trusted."""
        if not username:
            return None
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        if not (user.is_active and user.has_perm("quiz.add_question")):
            raise CommandError(f"{username} may not add questions to the bank.")
        return user
