"""Checking parsed questions against their types and the bank's categories."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plugins.quiz.interchange.base import (
    EmbeddedFile,
    ImportedCategory,
    ImportedChoice,
    ImportedQuestion,
    Problem,
)
from plugins.quiz.interchange.checking import CheckProblem, check, definition
from tests.quiz.factories import make_category
from tests.quiz.interchange.transfer_helpers import (
    FIXTURES,
    multichoice,
    png_bytes,
    result_of,
    truefalse,
    with_image,
)

pytestmark = pytest.mark.django_db


def errors_of(question):
    return [p for p in question.problems if p.is_error]


def test_good_questions_have_no_problem():
    result = result_of(multichoice(), truefalse(line=9), with_image(line=20))
    assert check(result, target_path=["Documents"]) == []
    assert result.ok


def test_a_refused_grade_gets_no_follow_on_errors_and_shows_as_written():
    """error_invalid_grades.xml: one error (the 33%), not also "the grades add
    up to ..." computed from a grade the file never gave."""
    from pathlib import Path

    from plugins.quiz.interchange.formats import get_format

    data = (Path(FIXTURES) / "error_invalid_grades.xml").read_bytes()
    result = get_format("moodlexml").parse(data)
    check(result, target_path=["Moodle"])
    [error] = result.errors
    assert "grade 33%" in error.message
    assert result.questions[0].choices[1].fraction == Decimal("0.33")


def test_an_unknown_type_is_an_error_naming_the_type_and_line():
    question = ImportedQuestion("calculated", "Fees", "<p>Add the fees.</p>", line=42)
    result = result_of(question)
    [problem] = check(result, target_path=["Fees"])
    assert problem.is_error
    assert problem.line == 42 and problem.question == "Fees"
    assert "calculated" in problem.message
    assert "multichoice" in problem.message  # says what is installed
    assert not result.ok


def test_the_types_own_checks_become_problems_with_line_and_name():
    no_right_answer = multichoice(
        "Red cover",
        line=7,
        choices=[ImportedChoice("A", Decimal("0.5")), ImportedChoice("B", Decimal(0))],
    )
    over_full = ImportedQuestion(
        "multiresponse",
        "Primes",
        "<p>Select the primes.</p>",
        line=30,
        choices=[
            ImportedChoice("2", Decimal("0.5")),
            ImportedChoice("3", Decimal("0.75")),
            ImportedChoice("4", Decimal("-1")),
        ],
    )
    undecided = ImportedQuestion("truefalse", "Undecided", "<p>Is it?</p>", line=50)
    result = result_of(no_right_answer, over_full, undecided)
    problems = check(result, target_path=["Bank"])

    assert [(p.line, p.question) for p in problems] == [
        (7, "Red cover"),
        (30, "Primes"),
        (50, "Undecided"),
    ]
    assert "100%" in errors_of(no_right_answer)[0].message
    assert "125%" in errors_of(over_full)[0].message
    # An option's error names the option as authors see it.
    assert errors_of(undecided)[0].message.startswith("The statement is:")
    assert str(problems[0]).startswith("line 7, “Red cover”: ")


def test_fields_the_bank_cannot_hold_are_errors():
    question = multichoice(
        "",
        line=3,
        text="<p>  </p>",
        default_mark=Decimal(0),
        tags=["x" * 101],
        choices=[
            ImportedChoice("A", Decimal(1), match_text="m" * 501),
            ImportedChoice("B", Decimal("NaN")),
        ],
    )
    result = result_of(question)
    messages = " | ".join(p.message for p in check(result, target_path=["Bank"]))
    assert "no name" in messages
    assert "Question text is empty: write the question." in messages
    assert "between 0.001 and 1000" in messages
    assert "longer than 100 characters" in messages  # the tag
    assert "longer than 500 characters" in messages  # the match text
    assert "Answer 2 has a grade that is not a number" in messages
    assert all(p.is_error for p in question.problems)


def test_repairs_are_warnings_and_definition_gives_the_repaired_values():
    question = multichoice(
        "N" * 300,
        default_mark=Decimal("2.00049"),
        choices=[
            ImportedChoice("A", Decimal("1.000001")),  # rounds to 100%
            ImportedChoice("B", Decimal("0.3333333")),
        ],
    )
    result = result_of(question)
    problems = check(result, target_path=["Bank"])
    assert result.ok
    assert sorted(p.message for p in problems) == [
        "The default mark 2.00049 is rounded to 2.",
        "The name is longer than 255 characters; it is shortened.",
    ]
    assert not any(p.is_error for p in problems)
    _options, choices = definition(question)
    assert [c["fraction"] for c in choices] == [Decimal("1.00000"), Decimal("0.33333")]


def test_a_question_made_only_of_an_image_has_text():
    question = with_image(line=4)
    question.text = '<p><img src="@@PLUGINFILE@@/stamp.png"></p>'
    assert check(result_of(question), target_path=["Bank"]) == []


def test_embedded_files_must_be_readable_images_or_allowed_documents():
    broken = with_image("Broken", "broken.png", b"not a png at all", line=1)
    script = multichoice(
        "Script", line=9, files=[EmbeddedFile("run.exe", b"MZ\x90\x00")]
    )
    empty = multichoice("Empty", line=12, files=[EmbeddedFile("notes.pdf", b"")])
    fine = multichoice(
        "Fine", line=15, files=[EmbeddedFile("rules.pdf", b"%PDF-1.4 rules")]
    )
    result = result_of(broken, script, empty, fine)
    check(result, target_path=["Bank"])
    assert "cannot be read as an image" in errors_of(broken)[0].message
    assert "run.exe" in errors_of(script)[0].message
    assert "is empty" in errors_of(empty)[0].message
    assert fine.problems == []


def test_check_again_replaces_its_own_problems_and_keeps_the_formats():
    question = multichoice(
        "Red cover",
        choices=[ImportedChoice("A", Decimal("0.5")), ImportedChoice("B", Decimal(0))],
    )
    from_format = Problem("Moodle's penalty is left out.", line=1, is_error=False)
    question.problems.append(from_format)
    result = result_of(question)
    check(result, target_path=["Bank"])
    check(result, target_path=["Bank"])
    assert question.problems[0] is from_format
    assert len(question.problems) == 2
    assert isinstance(question.problems[1], CheckProblem)

    question.choices[0].fraction = Decimal(1)
    assert check(result, target_path=["Bank"]) == []
    assert question.problems == [from_format]
    assert result.ok


def test_existing_categories_are_reused_but_near_duplicates_clash():
    documents = make_category("Documents")
    make_category("Passports", parent=documents)
    reuse = multichoice("Reuse", line=2, path=["Passports"])
    clash = multichoice("Clash", line=8, path=["passports "])
    fresh = multichoice("Fresh", line=14, path=["Visas", "Tourist"])
    result = result_of(reuse, clash, fresh)
    [problem] = check(result, target_path=["Documents"])
    assert problem in result.problems  # a file-level problem
    assert problem.is_error and problem.line == 8
    assert "Documents / passports" in problem.message
    assert "Documents / Passports" in problem.message
    assert not result.ok


def test_two_spellings_of_a_new_category_in_one_file_clash():
    categories = [
        ImportedCategory(("Iota",), line=3),
        ImportedCategory(("iota",), line=40),
    ]
    result = result_of(
        multichoice("A", line=5, path=["Iota"]),
        multichoice("B", line=45, path=["iota"]),
        categories=categories,
    )
    problems = check(result, target_path=["New bank"])
    assert len(problems) == 1
    assert "New bank / iota" in problems[0].message
    assert "New bank / Iota" in problems[0].message


def test_the_target_path_itself_is_checked():
    make_category("Border control")
    result = result_of(multichoice())
    [problem] = check(result, target_path=["Border Control", "Passports"])
    assert "Border Control" in problem.message and "Border control" in problem.message
    [problem] = check(result, target_path=["Bank", " ", "Deep"])
    assert "empty name" in problem.message
    [problem] = check(result, target_path=["Bank", "L" * 201])
    assert "longer than 200 characters" in problem.message


def test_the_same_image_is_checked_once(django_assert_max_num_queries):
    content = png_bytes()
    questions = [with_image(f"Q{n}", content=content, line=n) for n in range(50)]
    with django_assert_max_num_queries(1):  # the categories, once
        assert check(result_of(*questions), target_path=["Bank"]) == []
