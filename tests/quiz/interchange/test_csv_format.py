"""CSV import: the documented columns for every type, separators, encodings,
Khmer, problems naming row and column, hostile files."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from plugins.quiz.interchange import csv_format
from plugins.quiz.interchange.base import ImportedChoice
from plugins.quiz.interchange.formats import get_format
from plugins.quiz.interchange.moodle import blank_options

csv_in = get_format("csv")


def table(rows: list[dict], delimiter=",", bom=False, encoding="utf-8") -> bytes:
    header = []
    for row in rows:
        header += [name for name in row if name not in header]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def parse_rows(*rows: dict, **options):
    return csv_in.parse(table(list(rows), **options))


EVERY_TYPE = [
    {
        "type": "multichoice",
        "name": "Genuine",
        "question": "Which passport is genuine?\nLook closely.",
        "question_km": "តើ​លិខិតឆ្លងដែន​មួយណា​ពិត?",
        "category": "Passports/ឯកសារ",
        "tags": "passport, ឯកសារ",
        "default_mark": "2,5",
        "explanation": "The hologram & the chip.",
        "answer_1": "With hologram",
        "answer_1_km": "មាន​ហូឡូក្រាម",
        "grade_1": "100",
        "feedback_1": "Yes",
        "answer_2": "Laminated",
        "grade_2": "-33.33333%",
        "feedback_2": "No",
        "feedback_2_km": "ទេ",
    },
    {
        "type": "multiresponse",
        "question": "Valid documents?",
        "answer_1": "Passport",
        "grade_1": "50",
        "answer_2": "Border pass",
        "grade_2": "50",
        "answer_3": "Library card",
        "grade_3": "-100",
    },
    {
        "type": "truefalse",
        "question": "Visas on arrival for all.",
        "correct": "FALSE",
        "feedback_true": "Not all.",
        "feedback_false_km": "ត្រឹមត្រូវ",
    },
    {
        "type": "shortanswer",
        "question": "Capital?",
        "case_sensitive": "yes",
        "answer_1": "Phnom Penh",
        "answer_2": "*Penh",
        "grade_2": "50",
    },
    {
        "type": "numerical",
        "question": "Days?",
        "answer_1": "30",
        "tolerance_1": "2,5",
        "answer_2": "*",
        "grade_2": "0",
        "feedback_2": "No",
    },
    {
        "type": "matching",
        "question": "Match.",
        "answer_1": "Passport",
        "match_1": "Travel",
        "match_1_km": "ធ្វើដំណើរ",
        "answer_2": "ID card",
        "match_2": "Identity",
        "match_3": "Fishing",
    },
    {
        "type": "essay",
        "question": "Describe.",
        "max_words": "200",
        "response_template": "Steps:",
        "grader_info": "Photo page.",
        "grader_info_km": "ទំព័រ​រូបថត",
    },
]


@pytest.mark.parametrize(
    ("delimiter", "bom"),
    [(",", False), (";", True), ("\t", True)],
    ids=["comma", "semicolon-bom", "tab-bom"],
)
def test_every_type(delimiter, bom):
    result = csv_in.parse(table(EVERY_TYPE, delimiter=delimiter, bom=bom))
    assert result.all_problems == []
    mc, mr, tf, short, number, matching, essay = result.questions
    # Rows as a spreadsheet numbers them (the first question's text spans
    # two lines of the file, but it is one row).
    assert [q.line for q in result.questions] == [2, 3, 4, 5, 6, 7, 8]
    assert (mc.title, mc.question_type) == ("Genuine", "multichoice")
    assert mc.text == "Which passport is genuine?<br>Look closely."
    assert mc.text_km == "តើ​លិខិតឆ្លងដែន​មួយណា​ពិត?"
    assert mc.category_path == ("Passports", "ឯកសារ")
    assert mc.tags == ["passport", "ឯកសារ"]
    assert mc.default_mark == Decimal("2.5")
    assert mc.explanation == "The hologram &amp; the chip."
    assert mc.choices == [
        ImportedChoice(
            "With hologram", Decimal(1), feedback="Yes", text_km="មាន​ហូឡូក្រាម"
        ),
        ImportedChoice(
            "Laminated", Decimal("-0.3333333"), feedback="No", feedback_km="ទេ"
        ),
    ]
    assert [c.fraction for c in mr.choices] == [
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal(-1),
    ]
    assert tf.title == "Visas on arrival for all."
    assert tf.options == {
        **blank_options("truefalse"),
        "correct": False,
        "feedback_true": "Not all.",
        "feedback_false_km": "ត្រឹមត្រូវ",
    }
    assert short.options == {"case_sensitive": True}
    assert [(c.text, c.fraction) for c in short.choices] == [
        ("Phnom Penh", Decimal(1)),  # an empty grade is 100% for short answers
        ("*Penh", Decimal("0.5")),
    ]
    assert number.choices == [
        ImportedChoice("30", Decimal(1), tolerance=Decimal("2.5")),
        ImportedChoice("*", Decimal(0), feedback="No"),
    ]
    assert [(c.text, c.match_text, c.match_text_km) for c in matching.choices] == [
        ("Passport", "Travel", "ធ្វើដំណើរ"),
        ("ID card", "Identity", ""),
        ("", "Fishing", ""),
    ]
    assert essay.options == {
        **blank_options("essay"),
        "max_words": 200,
        "response_template": "Steps:",
        "grader_info": "Photo page.",
        "grader_info_km": "ទំព័រ​រូបថត",
    }


def test_utf16_from_excel_unicode_text():
    data = table(EVERY_TYPE[:1], delimiter="\t", bom=True, encoding="utf-16")
    result = csv_in.parse(data)
    assert result.all_problems == []
    assert result.questions[0].text_km == "តើ​លិខិតឆ្លងដែន​មួយណា​ពិត?"


def test_problems_name_the_row_and_the_column():
    result = parse_rows(
        {
            "type": "multichoice",
            "question": "Fine",
            "answer_1": "a",
            "grade_1": "100",
            "answer_2": "b",
        },
        {
            "type": "multichoice",
            "question": "Bad grade",
            "answer_1": "a",
            "grade_1": "33",
            "answer_2": "b",
        },
        {
            "type": "truefalse",
            "question": "No verdict",
            "answer_1": "",
            "grade_1": "",
            "answer_2": "",
        },
        {"type": "quiz", "question": "Bad type", "answer_1": "", "answer_2": ""},
        {
            "type": "numerical",
            "question": "Bad number",
            "answer_1": "thirty",
            "grade_1": "",
            "answer_2": "",
            "tolerance_2": "1",
        },
    )
    messages = [(p.line, p.message) for p in result.errors]
    assert messages[0][0] == 3
    assert messages[0][1].startswith(
        "Row 3, column “grade_1”: Answer 1 has the grade 33%"
    )
    assert messages[1] == (
        4,
        "Row 4, column “correct”: Say whether the statement is true or false.",
    )
    assert messages[2][0] == 5 and "column “type”" in messages[2][1]
    assert "“quiz” is not a question type" in messages[2][1]
    assert messages[3] == (6, "Row 6, column “answer_1”: “thirty” is not a number.")
    assert messages[4] == (
        6,
        "Row 6, column “tolerance_2”: There is no answer_2 for this value.",
    )
    assert len(messages) == 5
    assert result.errors[0].question == "Bad grade"


def test_missing_columns_and_unknown_columns():
    result = csv_in.parse(b"name,text\nA,B\n")
    [error] = result.errors
    assert error.line == 1 and "“type”, “question”" in error.message
    result = parse_rows(
        {"type": "truefalse", "question": "Q", "correct": "true", "colour": "red"}
    )
    [warning] = result.problems
    assert not warning.is_error and "colour" in warning.message


def test_blank_rows_are_skipped_and_extra_cells_refused():
    data = b"type,question,correct\n\n,,\ntruefalse,Q,true\ntruefalse,R,false,oops\n"
    result = csv_in.parse(data)
    assert [q.line for q in result.questions] == [4]
    [error] = result.errors
    assert error.line == 5 and "more cells" in error.message


def test_the_column_list_is_documented():
    doc = csv_format.__doc__
    for column in (
        "type",
        "question",
        "question_km",
        "answer_N",
        "grade_N",
        "feedback_N",
        "match_N",
        "tolerance_N",
        "correct",
        "tags",
        "default_mark",
        "explanation",
        "category",
    ):
        assert f"``{column}``" in doc


@pytest.mark.parametrize(
    "data",
    [b"", b"\n\n", b"\x00\x01binary\xff" * 50, "type,question\nCafé".encode("latin-1")],
    ids=["empty", "blank", "binary", "latin-1"],
)
def test_files_that_are_not_csv(data):
    result = csv_in.parse(data)
    assert result.questions == []
    assert result.errors


def test_a_truncated_file_with_an_open_quote_names_the_line():
    data = b'type,question,correct\ntruefalse,Q,true\ntruefalse,"unclosed,true\n'
    result = csv_in.parse(data)
    [error] = result.errors
    assert error.line == 3 and "could not be read as CSV" in error.message
    # Nothing half-read: the caller refuses the file because of the error.
    assert not result.ok


def test_an_oversized_cell_is_a_problem_not_a_crash():
    data = b'type,question\ntruefalse,"' + b"x" * 200_000 + b'"\n'
    result = csv_in.parse(data)
    assert result.errors
    assert result.errors[0].line == 2


def test_a_5_mb_file():
    row = {
        "type": "multichoice",
        "question": "Which passport is genuine? " * 8,
        "answer_1": "Blue",
        "grade_1": "100",
        "answer_2": "Red",
    }
    data = table([row] * 21_000)
    assert len(data) > 5_000_000
    result = csv_in.parse(data)
    assert result.all_problems == []
    assert len(result.questions) == 21_000
    assert result.questions[-1].line == 21_001
