"""Moodle XML import: Moodle's test files, every mapped type, the types that
cannot be mapped, embedded files, and hostile files (problems, not crashes)."""

from __future__ import annotations

import base64
from decimal import Decimal
from pathlib import Path

import pytest

from plugins.quiz.interchange.base import EmbeddedFile, ImportedCategory, ImportedChoice
from plugins.quiz.interchange.formats import get_format
from plugins.quiz.interchange.moodle import blank_options

FIXTURES = Path("/work/shared/fixtures/moodle")
xml = get_format("moodlexml")


def quiz(*questions: str) -> bytes:
    """A Moodle XML file; each question starts on a known line (see ``lines``)."""
    body = "\n".join(questions)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'.encode()


def question(kind: str, inner: str = "", name: str = "Q") -> str:
    return (
        f'<question type="{kind}">\n'
        f"<name><text>{name}</text></name>\n"
        '<questiontext format="html"><text><![CDATA[<p>Text</p>]]></text>'
        "</questiontext>\n"
        f"{inner}\n</question>"
    )


def answer(fraction, text, feedback="", extra="", fmt="html"):
    return (
        f'<answer fraction="{fraction}" format="{fmt}"><text>{text}</text>'
        f'<feedback format="html"><text><![CDATA[{feedback}]]></text></feedback>'
        f"{extra}</answer>"
    )


def only(*questions: str):
    result = xml.parse(quiz(*questions))
    assert len(result.questions) == 1, result.all_problems
    return result.questions[0]


# Moodle's test files ----------------------------------------------------------


def test_nested_categories_with_questions():
    result = xml.parse((FIXTURES / "nested_categories_with_questions.xml").read_bytes())
    assert result.all_problems == []
    assert result.categories == [
        ImportedCategory(("Iota",), "This is Iota category for test", line=4),
        ImportedCategory(("Iota", "Kappa"), "This is Kappa category for test", line=44),
        ImportedCategory(
            ("Iota", "Kappa", "Lambda"), "This is Lambda category for test", line=112
        ),
        ImportedCategory(("Iota", "Mu"), "This is Mu category for test", line=152),
    ]
    assert [
        (q.title, q.question_type, q.category_path, q.line) for q in result.questions
    ] == [
        ("Iota Question", "truefalse", ("Iota",), 15),
        ("Kappa Essay Question", "essay", ("Iota", "Kappa"), 55),
        ("Kappa Question", "truefalse", ("Iota", "Kappa"), 83),
        ("Lambda Question", "truefalse", ("Iota", "Kappa", "Lambda"), 123),
        ("Mu Question", "truefalse", ("Iota", "Mu"), 163),
    ]
    iota = result.questions[0]
    assert iota.text == "<p>Testing Iota Question</p>"
    assert iota.options == {**blank_options("truefalse"), "correct": True}
    assert iota.default_mark == 1
    essay = result.questions[1]
    # moodle_auto_format text is escaped into HTML, as plain text is.
    assert essay.text == "Testing Kappa Essay Question"
    assert essay.options == blank_options("essay")
    assert essay.choices == []


def test_invalid_grades_are_an_error_naming_the_grade_and_the_question():
    result = xml.parse((FIXTURES / "error_invalid_grades.xml").read_bytes())
    [error] = result.errors
    assert error.line == 4
    assert error.question == "Question with invalid grades : x > 1 & x < 2"
    assert error.message.startswith(
        "Answer 2 has the grade 33%, which Moodle does not allow; "
        "allowed grades include 33.33333%"
    )
    assert str(error).startswith(
        "line 4, “Question with invalid grades : x > 1 & x < 2”: Answer 2"
    )
    [question] = result.questions
    assert question.question_type == "multiresponse"
    assert question.text == "Select all prime numbers :<br>"
    # The HTML answers become their text; the valid grades are Moodle's and
    # the refused one keeps the value the file gave, for the preview.
    assert [(c.text, c.fraction) for c in question.choices] == [
        ("1", Decimal("-0.5")),
        ("2", Decimal("0.33")),
        ("3", Decimal("0.3333333")),
        ("4", Decimal("-0.5")),
        ("5", Decimal("0.3333333")),
    ]


# Every mapped type ----------------------------------------------------------------


def test_multichoice_single_and_multiple():
    single = only(
        question(
            "multichoice",
            "<single>true</single>"
            + answer(100, "Blue", "<p>Yes</p>")
            + answer(0, "<![CDATA[<p>Red &amp; green</p>]]>", "No")
            + answer(-50, "Black"),
        )
    )
    assert single.question_type == "multichoice"
    assert single.choices == [
        ImportedChoice("Blue", Decimal(1), feedback="<p>Yes</p>"),
        ImportedChoice("Red & green", Decimal(0), feedback="No"),
        ImportedChoice("Black", Decimal("-0.5")),
    ]
    multiple = only(
        question(
            "multichoice",
            "<single>false</single>" + answer(50, "A") + answer(50, "B"),
        )
    )
    assert multiple.question_type == "multiresponse"


def test_truefalse_feedback():
    tf = only(
        question(
            "truefalse",
            answer(0, "true", "<p>No, it is <b>false</b>.</p>")
            + answer(100, "false", "Right."),
        )
    )
    assert tf.options == {
        **blank_options("truefalse"),
        "correct": False,
        "feedback_true": "No, it is false.",
        "feedback_false": "Right.",
    }


def test_shortanswer_case_sensitivity():
    short = only(
        question(
            "shortanswer",
            "<usecase>1</usecase>" + answer(100, "Phnom Penh") + answer(50, "*Penh"),
        )
    )
    assert short.options == {"case_sensitive": True}
    assert [(c.text, c.fraction) for c in short.choices] == [
        ("Phnom Penh", Decimal(1)),
        ("*Penh", Decimal("0.5")),
    ]
    assert only(question("shortanswer", answer(100, "x"))).options == {
        "case_sensitive": False
    }


def test_numerical_tolerance_and_units():
    result = xml.parse(
        quiz(
            question(
                "numerical",
                answer(100, "3", extra="<tolerance>0.5</tolerance>")
                + answer(0, "", "Anything else", extra="<tolerance>0</tolerance>")
                + "<units><unit><multiplier>1</multiplier><unit_name>m</unit_name>"
                "</unit></units>",
            )
        )
    )
    [numerical] = result.questions
    assert numerical.choices == [
        ImportedChoice("3", Decimal(1), tolerance=Decimal("0.5")),
        ImportedChoice("*", Decimal(0), feedback="Anything else", tolerance=Decimal(0)),
    ]
    [warning] = numerical.problems
    assert not warning.is_error and "Units" in warning.message


def test_matching_with_a_distractor():
    matching = only(
        question(
            "matching",
            '<subquestion format="html"><text><![CDATA[<p>Passport</p>]]></text>'
            "<answer><text>Travel</text></answer></subquestion>"
            '<subquestion format="html"><text>ID card</text>'
            "<answer><text>Identity</text></answer></subquestion>"
            '<subquestion format="html"><text></text>'
            "<answer><text>Fishing</text></answer></subquestion>",
        )
    )
    assert [(c.text, c.match_text) for c in matching.choices] == [
        ("Passport", "Travel"),
        ("ID card", "Identity"),
        ("", "Fishing"),
    ]


def test_essay_options():
    essay = only(
        question(
            "essay",
            "<maxwordlimit>150</maxwordlimit>"
            '<graderinfo format="html"><text><![CDATA[<p>Check the <b>photo</b>.</p>]]>'
            "</text></graderinfo>"
            '<responsetemplate format="plain_text"><text>Steps:</text>'
            "</responsetemplate>",
        )
    )
    assert essay.options == {
        **blank_options("essay"),
        "max_words": 150,
        "grader_info": "Check the photo.",
        "response_template": "Steps:",
    }


def test_headers_tags_mark_explanation_and_khmer():
    q = only(
        '<question type="truefalse">\n'
        "<name><text>ទិដ្ឋាការ</text></name>\n"
        '<questiontext format="html"><text>&lt;p&gt;តើ​ត្រូវ​ការ​ទិដ្ឋាការ?&lt;/p&gt;'
        "</text></questiontext>\n"
        '<generalfeedback format="plain_text"><text>See rule 1 &amp; 2.</text>'
        "</generalfeedback>\n"
        "<defaultgrade>2.5000000</defaultgrade>\n"
        + answer(100, "true")
        + answer(0, "false")
        + "<tags><tag><text>visa</text></tag><tag><text>ទិដ្ឋាការ</text></tag></tags>"
        "</question>"
    )
    assert q.title == "ទិដ្ឋាការ"
    assert q.text == "<p>តើ​ត្រូវ​ការ​ទិដ្ឋាការ?</p>"
    assert q.explanation == "See rule 1 &amp; 2."
    assert q.default_mark == Decimal("2.5")
    assert q.tags == ["visa", "ទិដ្ឋាការ"]


# Files ---------------------------------------------------------------------------


def test_embedded_files_in_text_feedback_and_answers():
    png = b"\x89PNG fake image"
    encoded = base64.b64encode(png).decode()
    other = base64.b64encode(b"another picture").decode()
    q = only(
        question(
            "multichoice",
            answer(
                100,
                "Yes",
                '<img src="@@PLUGINFILE@@/a.png">',
                # The same name in another part, different bytes: renamed.
                extra="",
            ).replace(
                "</feedback>",
                f'<file name="a.png" path="/" encoding="base64">{other}</file>'
                "</feedback>",
            )
            + answer(0, "No"),
        ).replace(
            "</questiontext>",
            f'<file name="a.png" path="/" encoding="base64">{encoded}</file>'
            "</questiontext>",
        )
    )
    assert q.files == [
        EmbeddedFile("a.png", png),
        EmbeddedFile("a-2.png", b"another picture"),
    ]
    assert q.choices[0].feedback == '<img src="@@PLUGINFILE@@/a-2.png">'
    assert q.problems == []


def test_bad_base64_is_an_error_naming_the_file():
    q = only(
        question("truefalse", answer(100, "true") + answer(0, "false")).replace(
            "</questiontext>",
            '<file name="x.png" path="/" encoding="base64">*** not base64 ***</file>'
            "</questiontext>",
        )
    )
    [error] = q.problems
    assert error.is_error and "“x.png”" in error.message
    assert q.files == []


def test_a_reference_to_a_missing_file_is_a_warning():
    q = only(
        question("truefalse", answer(100, "true") + answer(0, "false")).replace(
            "<p>Text</p>", '<p><img src="@@PLUGINFILE@@/gone.png"></p>'
        )
    )
    [warning] = q.problems
    assert not warning.is_error and "“gone.png”" in warning.message


# What cannot be mapped ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("cloze", "Cloze"),
        ("multianswer", "Cloze"),
        ("calculated", "Calculated"),
        ("calculatedmulti", "Calculated"),
        ("ddwtos", "Drag and drop"),
        ("gapselect", "missing words"),
        ("randomsamatch", "matching"),
        ("ordering", "No question type here matches it"),
    ],
)
def test_types_we_cannot_map_are_errors_that_say_why(kind, reason):
    result = xml.parse(
        quiz(
            question("truefalse", answer(100, "true") + answer(0, "false"), "Before"),
            question(kind, "", "Unmappable"),
            question("truefalse", answer(100, "true") + answer(0, "false"), "After"),
        )
    )
    assert [q.title for q in result.questions] == ["Before", "After"]
    [error] = result.errors
    assert error.question == "Unmappable"
    # <quiz> is line 2; each question above is 5 lines long.
    assert error.line == 8
    assert f"“{kind}”" in error.message and reason in error.message


def test_a_description_is_left_out_with_a_warning():
    result = xml.parse(
        quiz(
            question("description", "", "Read this"),
            question("truefalse", answer(100, "true") + answer(0, "false")),
        )
    )
    [warning] = result.problems
    assert not warning.is_error and warning.question == "Read this"
    assert warning.line == 3
    assert [q.question_type for q in result.questions] == ["truefalse"]
    # A file of descriptions alone imports nothing: that is an error.
    result = xml.parse(quiz(question("description", "", "Read this")))
    assert [p.is_error for p in result.problems] == [False, True]


# Hostile files ----------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<quiz><question type="essay"><name><text>&lol9;</text></name></question></quiz>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><name><text>&secret;</text></name></question></quiz>
"""


@pytest.mark.parametrize(
    "data", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"]
)
def test_entity_attacks_are_refused(data):
    result = xml.parse(data)
    assert result.questions == []
    [problem] = result.problems
    assert problem.is_error and "entities" in problem.message


def test_malformed_xml_names_the_line():
    data = quiz(question("truefalse", answer(100, "true") + answer(0, "false")))
    broken = data.replace(b"</name>", b"</nam>", 1)
    result = xml.parse(broken)
    [problem] = result.problems
    assert problem.line == 4 and "not well-formed" in problem.message


def test_a_truncated_file_is_a_problem():
    data = (FIXTURES / "nested_categories_with_questions.xml").read_bytes()
    result = xml.parse(data[: len(data) // 2])
    assert result.questions == []
    [problem] = result.problems
    assert problem.is_error and problem.line


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b"\x00\x01\x02garbage\xff\xfe" * 100, b"<html><body/></html>"],
    ids=["empty", "blank", "binary", "other-xml"],
)
def test_files_that_are_not_moodle_xml(data):
    result = xml.parse(data)
    assert result.questions == []
    assert result.errors


def test_a_5_mb_file_is_read():
    one = question(
        "multichoice",
        "<single>true</single>" + answer(100, "Blue" * 100) + answer(0, "Red" * 100),
    )
    count = 5_500
    data = quiz(*[one] * count)
    assert len(data) > 5_000_000
    result = xml.parse(data)
    assert result.all_problems == []
    assert len(result.questions) == count
    assert result.questions[-1].line == 3 + 5 * (count - 1)
