"""GIFT import: Moodle's own test files question by question, then the
syntax corners and hostile files (which give problems, never exceptions)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from plugins.quiz.interchange.base import ImportedCategory, ImportedChoice
from plugins.quiz.interchange.formats import get_format
from plugins.quiz.interchange.moodle import blank_options

FIXTURES = Path("/work/shared/fixtures/moodle")
gift = get_format("gift")


def parse(text: str):
    return gift.parse(text.encode("utf-8"))


def only(text: str):
    result = parse(text)
    assert len(result.questions) == 1, result.all_problems
    return result.questions[0]


def choices(question):
    return [(c.text, c.fraction, c.feedback) for c in question.choices]


# Moodle's test files ----------------------------------------------------------


@pytest.fixture(scope="module")
def questions():
    result = gift.parse((FIXTURES / "questions.gift.txt").read_bytes())
    assert result.problems == []
    return result.questions


def test_the_file_gives_nine_questions_in_order(questions):
    assert [(q.title, q.question_type, q.line) for q in questions] == [
        ("Q8", "essay", 2),
        ("Moodle activities", "matching", 5),
        ("Q2", "multichoice", 14),
        ("colours", "multiresponse", 22),
        ("Q5", "numerical", 31),
        ("Shortanswer", "shortanswer", 34),
        ("Q1", "truefalse", 41),
        ("2-08 TSL", "truefalse", 46),
        ("2-08 TSL", "truefalse", 49),
    ]
    assert all(q.category_path == () for q in questions)


def test_essay(questions):
    essay = questions[0]
    assert essay.text == "How are you?"
    assert essay.choices == []
    assert essay.options == blank_options("essay")
    assert essay.problems == []


def test_matching_with_a_distractor(questions):
    matching = questions[1]
    assert matching.text == "Match the <b>activity</b> to the description."
    assert [(c.text, c.match_text) for c in matching.choices] == [
        ("An activity supporting asynchronous discussions.", "Forum"),
        (
            "A teacher asks a question and specifies a choice of multiple responses.",
            "Choice",
        ),
        ("A bank of record entries which participants can add to.", "Database"),
        ("A collection of web pages that anyone can add to or edit.", "Wiki"),
        # An empty left side: Chat is a distractor, as our matching type stores it.
        ("", "Chat"),
    ]
    # The [markdown] item is kept as plain text, with a warning (not an error).
    [warning] = matching.problems
    assert not warning.is_error and "Markdown" in warning.message
    assert warning.line == 5 and warning.question == "Moodle activities"


def test_multichoice_with_feedback(questions):
    q2 = questions[2]
    assert q2.text == "What's between orange and green in the spectrum?"
    assert choices(q2) == [
        ("yellow", Decimal(1), "right; good!"),
        ("red", Decimal(0), "wrong, it's yellow"),  # [html] feedback
        ("blue", Decimal(0), "wrong, it's yellow"),  # [plain] answer
    ]
    assert q2.problems == []


def test_multiresponse_weights(questions):
    colours = questions[3]
    assert [c.fraction for c in colours.choices] == [
        Decimal("0.5"),
        Decimal(-1),
        Decimal("0.5"),
        Decimal(-1),
    ]
    assert [c.text for c in colours.choices] == ["yellow", "red", "off-beige", "blue"]
    assert [c.feedback for c in colours.choices] == [
        "right; good!",
        "wrong",
        "right; good!",
        "wrong",
    ]


def test_numerical_range_and_any_other_answer(questions):
    q5 = questions[4]
    # The fixture keeps '";' from the PHP test string after the "}", so Moodle
    # reads it as a missing-word question and inserts its blank.
    assert q5.text == 'What is a number from 1 to 5? _____";'
    assert q5.choices == [
        ImportedChoice("3", Decimal(1), tolerance=Decimal(2)),
        ImportedChoice("*", Decimal(0), feedback="Completely wrong"),
    ]


def test_shortanswer_weights_and_wildcard(questions):
    short = questions[5]
    assert short.text == "Which is the best animal?"
    assert choices(short) == [
        ("Frog", Decimal(1), "Good!"),
        ("Cat", Decimal("0.5"), "What is it with Moodlers and cats?"),
        ("*", Decimal(0), "Completely wrong"),
    ]
    assert short.options == {"case_sensitive": False}


def test_truefalse_with_feedback_and_general_feedback(questions):
    q1 = questions[6]
    assert q1.options == {
        **blank_options("truefalse"),
        "correct": False,
        # "FALSE#wrong#right": the wrong answer here is "True".
        "feedback_true": "42 is the Ultimate Answer.",
        "feedback_false": "You gave the right answer.",
    }
    assert q1.explanation == (
        "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    )
    assert q1.choices == []


def test_true_false_short_forms(questions):
    for question in questions[7:]:
        assert question.text == "TSL is blablabla."
        assert question.options["correct"] is True
        assert question.options["feedback_true"] == ""


def test_questions_in_a_category():
    result = gift.parse((FIXTURES / "questions_in_category.gift.txt").read_bytes())
    assert result.all_problems == []
    assert result.categories == [
        ImportedCategory(("Default for New Features",), line=2)
    ]
    assert [(q.title, q.question_type, q.line) for q in result.questions] == [
        ("Moodle activities", "matching", 5),
        ("Greeting", "multichoice", 14),
        ("Moodle user", "shortanswer", 22),
        ("Moodle acronym", "truefalse", 27),
    ]
    assert all(
        q.category_path == ("Default for New Features",) for q in result.questions
    )
    greeting = result.questions[1]
    # Escaped "=" and ":" in [html] text come back as the characters.
    assert greeting.text == (
        '<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to '
        "this greeting:</a><br /><br />What language is being spoken?"
    )
    assert choices(greeting) == [
        ("English", Decimal(0), "Sorry, listen again."),
        ("French", Decimal(1), "Yes, well done!"),
        ("German", Decimal(0), "Sorry, listen again."),
        ("Spanish", Decimal(0), "Sorry, listen again."),
    ]
    user = result.questions[2]
    assert choices(user) == [("Moodler", Decimal(1), "")]
    acronym = result.questions[3]
    assert acronym.options["correct"] is True
    assert acronym.text.startswith("Moodle is an acronym for <span style=")


# Syntax -------------------------------------------------------------------------


def test_categories_drop_the_context_and_top_and_keep_double_slashes():
    result = parse(
        "$CATEGORY: $system$/top/Border/Entry//Exit\n\n"
        "::A::Q{T}\n\n"
        "$CATEGORY: $course$\n\n"
        "::B::Q{F}\n"
    )
    assert result.categories == [ImportedCategory(("Border", "Entry/Exit"), line=1)]
    assert [q.category_path for q in result.questions] == [("Border", "Entry/Exit"), ()]


def test_escapes_names_and_comments():
    question = only(
        "// a comment\n"
        "::Ratio\\: 1\\=1::What is 2 \\{x\\} \\# \\~ \\\\ ?\\nNext line{\n"
        "// a comment inside\n"
        "=yes\\#1 # fine \\= good\n"
        "~no\n"
        "}\n"
    )
    assert question.title == "Ratio: 1=1"
    assert question.text == "What is 2 {x} # ~ \\ ?<br>Next line"
    assert choices(question) == [
        ("yes#1", Decimal(1), "fine = good"),
        ("no", Decimal(0), ""),
    ]
    assert question.line == 2


def test_plain_and_moodle_text_is_escaped_into_html():
    question = only("::T::[plain]Is 1 < 2 & 3 > 2?{T}")
    assert question.text == "Is 1 &lt; 2 &amp; 3 &gt; 2?"
    question = only("::T::Is <b>this</b> bold?{T}")
    assert question.text == "Is &lt;b&gt;this&lt;/b&gt; bold?"
    question = only("::T::[html]Is <b>this</b> bold?{T}")
    assert question.text == "Is <b>this</b> bold?"


def test_missing_word_questions_get_moodles_blank():
    question = only("::Grant::Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert question.text == "Grant is _____ in Grant's tomb."
    assert question.question_type == "multichoice"


def test_a_question_without_a_name_is_named_after_its_text():
    question = only("Who is buried in Grant's tomb?{=no one =nobody}")
    assert question.title == "Who is buried in Grant's tomb?"
    assert question.question_type == "shortanswer"
    assert [c.text for c in question.choices] == ["no one", "nobody"]


def test_numerical_forms():
    question = only("::N::Pick{#=3:0 =%50%3:1#close}")
    assert question.choices == [
        ImportedChoice("3", Decimal(1), tolerance=Decimal(0)),
        ImportedChoice("3", Decimal("0.5"), feedback="close", tolerance=Decimal(1)),
    ]
    question = only("::N::Pick{#1..5}")
    assert question.choices == [ImportedChoice("3", Decimal(1), tolerance=Decimal(2))]
    question = only("::N::Pick{#1822}")
    assert question.choices == [ImportedChoice("1822", Decimal(1))]
    question = only("::N::Pick{#abc}")
    [problem] = question.problems
    assert problem.is_error and "(“abc”) is not a number" in problem.message


def test_truefalse_feedback_goes_to_the_answer_it_follows():
    question = only("::T::Grass is green.{TRUE#Look again.#Yes.}")
    assert question.options["correct"] is True
    assert question.options["feedback_true"] == "Yes."
    assert question.options["feedback_false"] == "Look again."


def test_a_weight_moodle_does_not_allow_is_an_error_naming_it():
    result = parse("\n\n::Primes::Pick the primes{\n~%33%2\n~%33.33333%3\n~%-100%4\n}")
    [question] = result.questions
    [error] = result.errors
    assert error.line == 3 and error.question == "Primes"
    assert "Answer 1 has the grade 33%" in error.message
    assert "33.33333%" in error.message
    # The allowed grades are read with Moodle's tolerance.
    assert question.choices[1].fraction == Decimal("0.3333333")


def test_a_weight_that_is_not_a_number_is_an_error():
    question = only("::W::Q{~%abc%yes ~no}")
    [error] = question.problems
    assert "“%abc%”" in error.message and "Answer 1" in error.message


def test_markdown_is_kept_as_plain_text_with_a_warning():
    question = only("::M::[markdown]Is *this* **bold**?{T}")
    assert question.text == "Is *this* **bold**?"
    [warning] = question.problems
    assert not warning.is_error


def test_khmer_text():
    question = only("::សំណួរ::តើ​រាជធានី​កម្ពុជា​ជា​អ្វី?{=ភ្នំពេញ#ត្រឹមត្រូវ =%50%Phnom Penh}")
    assert question.title == "សំណួរ"
    assert question.text == "តើ​រាជធានី​កម្ពុជា​ជា​អ្វី?"
    assert choices(question) == [
        ("ភ្នំពេញ", Decimal(1), "ត្រឹមត្រូវ"),
        ("Phnom Penh", Decimal("0.5"), ""),
    ]


def test_lms_extra_carries_khmer_tags_mark_and_options():
    question = only(
        '// lms-extra: {"text_km": "<p>ខ</p>", "tags": ["visa"], '
        '"default_mark": "2.5", "options": {"case_sensitive": true, "bogus": 1}, '
        '"choices": [{"text_km": "ក"}]}\n'
        "::S::Capital?{=Phnom Penh}"
    )
    assert question.text_km == "<p>ខ</p>"
    assert question.tags == ["visa"]
    assert question.default_mark == Decimal("2.5")
    assert question.options == {"case_sensitive": True}
    assert question.choices[0].text_km == "ក"


def test_a_broken_lms_extra_comment_is_a_warning():
    question = only("// lms-extra: {not json\n::S::Capital?{=Phnom Penh}")
    [warning] = question.problems
    assert not warning.is_error and "lms-extra" in warning.message


def test_a_description_is_left_out_with_a_warning():
    result = parse("::Intro::Read this first.\n\n::Q::Q{T}")
    [warning] = result.problems
    assert not warning.is_error
    assert warning.question == "Intro" and warning.line == 1
    assert [q.title for q in result.questions] == ["Q"]


def test_too_few_answers_and_a_matching_answer_without_arrow():
    question = only("::M::Match{=a -> b =c}")
    assert "Answer 2 has no “->”" in question.problems[0].message
    question = only("::C::Pick{~only one}")
    assert "at least 2 answers" in question.problems[0].message


# Hostile files ------------------------------------------------------------------


def test_an_unclosed_brace_is_a_problem_and_the_rest_is_read():
    result = parse(
        "::Good::Q{T}\n\n"
        "// the next question is broken\n"
        "::Broken::What is\n"
        "{=this\n"
        "~that\n\n"
        "::Also good::Q{F}\n"
    )
    assert [q.title for q in result.questions] == ["Good", "Also good"]
    [error] = result.errors
    assert error.line == 4 and error.question == "Broken"
    assert "no “}”" in error.message
    assert [q.line for q in result.questions] == [1, 8]


def test_a_closing_brace_without_opening():
    result = parse("::X::Q} oops")
    [error] = result.errors
    assert "without a “{”" in error.message and error.line == 1


def test_two_answer_blocks_are_an_error():
    [error] = parse("::X::Q{T} and {F}").errors
    assert "more than one" in error.message


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\n  ", b"// only a comment\n"],
    ids=["empty", "blank", "comment"],
)
def test_a_file_without_questions_says_so(data):
    result = gift.parse(data)
    assert result.questions == []
    assert result.errors


def test_binary_garbage_is_refused_with_a_problem():
    import random

    rng = random.Random(4)
    noise = bytes(rng.randrange(256) for _ in range(4096))
    result = gift.parse(noise)
    assert result.questions == []
    [problem] = result.problems
    assert problem.is_error


def test_text_that_is_not_gift_is_an_error():
    result = gift.parse(b"Just some notes.\nNo questions here.")
    assert result.questions == []
    assert [p.is_error for p in result.problems] == [False, True]


def test_latin1_text_names_the_line_of_the_first_bad_byte():
    result = gift.parse("::A::Q{T}\n\n::B::Caf\xe9?{T}".encode("latin-1"))
    [problem] = result.problems
    assert problem.line == 3 and "UTF-8" in problem.message


def test_a_utf8_byte_order_mark_is_ignored():
    result = gift.parse("\ufeff::A::Q{T}".encode())
    assert [q.title for q in result.questions] == ["A"]


def test_a_5_mb_file_is_read():
    filler = "Which passport is genuine? " * 8
    block = "::Q{n}::[html]<p>" + filler + "</p>{{=Blue ~Red ~Green}}\n\n"
    text = "".join(block.format(n=n) for n in range(20_000))
    assert len(text.encode()) > 5_000_000
    result = gift.parse(text.encode())
    assert result.problems == []
    assert len(result.questions) == 20_000
    assert result.questions[-1].title == "Q19999"
    assert result.questions[-1].line == 39_999


def test_a_single_huge_question_does_not_crash():
    result = gift.parse(b"::Big::" + b"x{" * 2_500_000)
    assert result.errors
