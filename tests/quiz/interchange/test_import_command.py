"""``manage.py import_questions``: the Moodle fixture files, dry runs and real runs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from plugins.quiz.models import Question, QuestionCategory
from tests.factories import make_user
from tests.quiz.interchange.transfer_helpers import FIXTURES

pytestmark = pytest.mark.django_db

#: What each fixture holds, counted by hand from the files: type -> questions.
GOOD_FILES = {
    "questions.gift.txt": {
        "Essay (essay): 1",
        "Matching (matching): 1",
        "Multiple choice (one answer) (multichoice): 1",
        "Multiple choice (several answers) (multiresponse): 1",
        "Numerical (numerical): 1",
        "Short answer (shortanswer): 1",
        "True or false (truefalse): 3",
    },
    "questions_in_category.gift.txt": {
        "Matching (matching): 1",
        "Multiple choice (one answer) (multichoice): 1",
        "Short answer (shortanswer): 1",
        "True or false (truefalse): 1",
    },
    "nested_categories_with_questions.xml": {
        "Essay (essay): 1",
        "True or false (truefalse): 4",
    },
}
QUESTIONS = {
    "questions.gift.txt": 9,
    "questions_in_category.gift.txt": 4,
    "nested_categories_with_questions.xml": 5,
}


def run(*args):
    """The command's stdout and stderr; raises its CommandError."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_questions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def exit_code(*args) -> tuple[int, str]:
    """(exit code, stdout + stderr) as ``manage.py`` would give them.

    Django's ``run_from_argv`` prints a ``CommandError`` to stderr and exits
    with its ``returncode`` (not called here: it closes the database
    connections, which would end the test's transaction).
    """
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_questions", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue() + err.getvalue() + str(error)
    return 0, out.getvalue() + err.getvalue()


def counted_lines(output: str) -> set[str]:
    return {line.strip() for line in output.splitlines() if line.startswith("  ")}


@pytest.mark.parametrize("name", sorted(GOOD_FILES))
def test_a_dry_run_of_each_good_file_counts_every_question(name):
    code, output = exit_code(
        str(Path(FIXTURES) / name),
        "--dry-run",
        "--category",
        "Moodle/Test",
    )
    assert code == 0, output
    assert f"{QUESTIONS[name]} question(s)" in output
    # Every question is counted under its type, and nothing else is.
    by_type = output.split("By question type:")[1].split("By category:")[0]
    assert counted_lines(by_type) == GOOD_FILES[name]
    assert "Dry run: nothing was saved." in output
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()


def test_the_problems_are_printed_with_line_and_question():
    code, output = exit_code(
        str(Path(FIXTURES) / "questions.gift.txt"),
        "--dry-run",
        "--category",
        "T",
    )
    assert code == 0
    # Moodle's "any other answer" of the numerical question is reported.
    assert "warning: line 31, “Q5”: The answer “*”" in output
    assert "0 error(s), 2 warning(s)." in output


def test_the_invalid_grades_file_fails_naming_the_grade():
    code, output = exit_code(
        str(Path(FIXTURES) / "error_invalid_grades.xml"),
        "--dry-run",
        "--category",
        "Moodle/Test",
    )
    assert code == 1
    assert "error: line 4, “Question with invalid grades" in output
    assert "33%" in output
    assert "Multiple choice (several answers) (multiresponse): 1" in output
    assert "nothing was saved" in output
    assert not Question.objects.exists()
    assert AuditEvent.objects.filter(action="question_import.refused").count() == 1


def test_a_real_run_fails_on_errors_and_saves_nothing():
    with pytest.raises(CommandError, match="nothing was saved"):
        run(str(Path(FIXTURES) / "error_invalid_grades.xml"), "--category", "Bad")
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()


def test_a_real_run_saves_the_nested_categories_and_questions():
    trainer = make_user("trainer")
    out, _err = run(
        str(Path(FIXTURES) / "nested_categories_with_questions.xml"),
        "--category",
        "Moodle/Nested",
        "--as",
        trainer.username,
    )
    assert "Imported 5 question(s) into “Moodle / Nested”." in out
    nested = QuestionCategory.objects.get(name="Nested", parent__name="Moodle")
    iota = nested.children.get(name="Iota")
    kappa = iota.children.get(name="Kappa")
    assert iota.description == "This is Iota category for test"
    assert kappa.children.get(name="Lambda").questions.get().title == (
        "Lambda Question"
    )
    assert sorted(kappa.questions.values_list("title", flat=True)) == [
        "Kappa Essay Question",
        "Kappa Question",
    ]
    assert iota.children.get(name="Mu").questions.count() == 1
    assert Question.objects.count() == 5
    assert set(Question.objects.values_list("created_by", flat=True)) == {trainer.pk}
    event = AuditEvent.objects.get(action="question_import.applied")
    assert event.actor == trainer
    assert event.details["questions"] == 5
    assert event.details["source"] == "command"

    # Again: the categories are reused, the questions added a second time.
    run(
        str(Path(FIXTURES) / "nested_categories_with_questions.xml"),
        "--category",
        "Moodle/Nested",
    )
    assert QuestionCategory.objects.filter(name="Iota").count() == 1
    assert Question.objects.count() == 10


def test_the_gift_category_line_puts_questions_below_the_target():
    run(str(Path(FIXTURES) / "questions_in_category.gift.txt"), "--category", "Bank")
    category = QuestionCategory.objects.get(name="Default for New Features")
    assert category.parent.name == "Bank"
    assert category.questions.count() == 4


def test_bad_arguments_are_refused_with_a_reason(tmp_path):
    unknown = tmp_path / "bank.dat"
    unknown.write_text("Question?")
    with pytest.raises(CommandError, match="--format"):
        run(str(unknown), "--category", "Bank")
    with pytest.raises(CommandError, match="empty"):
        run(str(Path(FIXTURES) / "questions.gift.txt"), "--category", "A//B")
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.xml"), "--category", "Bank")
    with pytest.raises(CommandError, match="No user is called"):
        run(str(Path(FIXTURES) / "questions.gift.txt"), "--category", "A", "--as", "x")
    officer = make_user("officer")
    with pytest.raises(CommandError, match="may not add questions"):
        run(
            str(Path(FIXTURES) / "questions.gift.txt"),
            "--category",
            "A",
            "--as",
            officer.username,
        )
    assert not Question.objects.exists()


def test_the_format_can_be_given(tmp_path):
    aiken = tmp_path / "passports.txt"
    aiken.write_text(
        "Which document proves nationality?\nA. A passport\nB. A bus ticket\n"
        "ANSWER: A\n",
        encoding="utf-8",
    )
    out, _err = run(str(aiken), "--format", "aiken", "--category", "Aiken")
    assert "Multiple choice (one answer) (multichoice): 1" in out
    question = Question.objects.get()
    assert question.choices.get(fraction=1).text == "A passport"
