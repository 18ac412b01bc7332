"""Aiken import: questions, their problems with the right lines, hostile files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plugins.quiz.interchange.formats import get_format

aiken = get_format("aiken")


def parse(text: str):
    return aiken.parse(text.encode("utf-8"))


def test_questions_with_both_option_styles():
    result = parse(
        "Which document lets a traveller enter?\n"
        "A. A library card\n"
        "B) A passport with a valid visa\n"
        "C. A bus ticket\n"
        "ANSWER: B\n"
        "\n"
        "Is 1 < 2 & 3?\n"
        "A. Yes\n"
        "B. No\n"
        "ANSWER: A\n"
    )
    assert result.all_problems == []
    first, second = result.questions
    assert (first.question_type, first.line, first.title) == (
        "multichoice",
        1,
        "Which document lets a traveller enter?",
    )
    assert [(c.text, c.fraction) for c in first.choices] == [
        ("A library card", Decimal(0)),
        ("A passport with a valid visa", Decimal(1)),
        ("A bus ticket", Decimal(0)),
    ]
    assert second.line == 7
    assert second.text == "Is 1 &lt; 2 &amp; 3?"


def test_khmer_and_a_question_over_two_lines():
    [question] = parse("តើ​រាជធានី​កម្ពុជា\nជា​អ្វី?\nA. ភ្នំពេញ\nB. សៀមរាប\nANSWER: A").questions
    assert question.text == "តើ​រាជធានី​កម្ពុជា<br>ជា​អ្វី?"
    assert [c.text for c in question.choices] == ["ភ្នំពេញ", "សៀមរាប"]
    assert question.choices[0].fraction == 1
    assert question.problems == []


def test_a_missing_answer_line():
    result = parse(
        "First?\nA. x\nB. y\n\nSecond?\nA. x\nB. y\nANSWER: B\n\nThird?\nA. x\nB. y\n"
    )
    assert [q.line for q in result.questions] == [1, 5, 10]
    errors = result.errors
    assert [(e.line, e.question) for e in errors] == [(1, "First?"), (10, "Third?")]
    assert all("ANSWER" in e.message for e in errors)
    assert result.questions[1].problems == []


def test_an_answer_that_is_not_an_option():
    result = parse("\n\nPick?\nA. x\nB. y\nANSWER: D\n")
    [error] = result.errors
    assert error.line == 3 and "“D”" in error.message and "A, B" in error.message


def test_fewer_than_two_options():
    result = parse("Pick?\nA. only\nANSWER: A\n")
    [error] = result.errors
    assert "at least 2 options" in error.message and error.line == 1


def test_a_repeated_option_letter():
    result = parse("Pick?\nA. x\nA. y\nB. z\nANSWER: B\n")
    [error] = result.errors
    assert "repeats" in error.message and "Line 3" in error.message


def test_answer_and_options_before_any_question():
    result = parse("ANSWER: A\nA. stray\n")
    assert [e.line for e in result.errors] == [1, 2]
    assert result.questions == []


@pytest.mark.parametrize(
    "data",
    [b"", b"\n\n", b"\x00\x01binary\xff" * 50, "Café".encode("latin-1")],
    ids=["empty", "blank", "binary", "latin-1"],
)
def test_files_that_are_not_aiken(data):
    result = aiken.parse(data)
    assert result.questions == []
    assert result.errors


def test_a_5_mb_file():
    block = "Which passport is genuine? " * 10 + "\nA. Blue\nB. Red\nANSWER: A\n\n"
    data = (block * 18_000).encode()
    assert len(data) > 5_000_000
    result = aiken.parse(data)
    assert result.all_problems == []
    assert len(result.questions) == 18_000
    assert result.questions[-1].line == 5 * 17_999 + 1
