"""The built-in question types: parsing, grading, authoring checks and rendering."""

from __future__ import annotations

import time
from decimal import Decimal
from html.parser import HTMLParser
from random import Random

import pytest
from django.core.exceptions import ValidationError

from courses.enrolment import enrol
from plugins.quiz.hooks import question_types
from plugins.quiz.question_types import builtin_question_types
from plugins.quiz.question_types.base import ResponseError
from plugins.quiz.question_types.essay import Essay
from plugins.quiz.question_types.matching import Matching
from plugins.quiz.question_types.multichoice import MultipleChoice
from plugins.quiz.question_types.multiresponse import MultipleResponse
from plugins.quiz.question_types.numerical import Numerical
from plugins.quiz.question_types.shortanswer import ShortAnswer, matches
from plugins.quiz.question_types.truefalse import TrueFalse
from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
from tests.factories import make_user
from tests.quiz.factories import make_question, make_quiz

SECRET = "FEEDBACK-7f3a9c"


def choice(pk, text="", fraction="0", **fields):
    return {
        "id": pk,
        "text": text,
        "text_km": fields.get("text_km", ""),
        "match_text": fields.get("match_text", ""),
        "match_text_km": fields.get("match_text_km", ""),
        "fraction": f"{Decimal(str(fraction)):.5f}",  # as snapshots store it
        "tolerance": fields.get("tolerance"),
        "feedback": fields.get("feedback", f"{SECRET}-{pk}"),
        "feedback_km": "",
    }


def snap(type_id, choices=(), options=None):
    return {
        "type": type_id,
        "question_id": 1,
        "version": 1,
        "category_id": None,
        "title": "Q",
        "text": "<p>Q</p>",
        "text_km": "",
        "explanation": "",
        "explanation_km": "",
        "options": options or {},
        "choices": list(choices),
    }


def definition(choices):
    """Snapshot choices as ``clean_definition`` receives them (Decimal fractions)."""
    return [{**c, "fraction": Decimal(c["fraction"])} for c in choices]


def error_field(excinfo):
    return excinfo.value.field


def test_builtin_types_in_order_and_registered():
    identifiers = [t.identifier for t in builtin_question_types()]
    assert identifiers == [
        "multichoice",
        "multiresponse",
        "truefalse",
        "shortanswer",
        "numerical",
        "matching",
        "essay",
    ]
    for identifier in identifiers:
        assert identifier in question_types


# Multiple choice -------------------------------------------------------------

MC = snap(
    "multichoice",
    [choice(11, "Right", 1), choice(12, "Half", "0.5"), choice(13, "Bad", "-0.5")],
)


def test_multichoice_parse_and_grade():
    qt = MultipleChoice()
    layout = {"choice_order": [11, 12, 13]}
    assert qt.parse_response(MC, layout, {}) is None
    assert qt.parse_response(MC, layout, {"choice": [""]}) is None
    assert qt.parse_response(MC, layout, {"choice": ["12"]}) == 12
    for bad in (["99"], ["x"], ["11", "12"]):
        with pytest.raises(ResponseError) as excinfo:
            qt.parse_response(MC, layout, {"choice": bad})
        assert error_field(excinfo) == "choice"
    assert qt.grade(MC, 11) == 1
    assert qt.grade(MC, 12) == Decimal("0.5")
    assert qt.grade(MC, 13) == 0
    assert qt.grade(MC, None) == 0
    assert qt.correct_answer(MC, "en") == "Right"
    assert qt.response_text(MC, 12, "en") == "Half"


def test_multichoice_definition_needs_a_full_mark_answer():
    qt = MultipleChoice()
    with pytest.raises(ValidationError, match="100%"):
        qt.clean_definition({}, definition([choice(1, "a", "0.5"), choice(2, "b")]))
    with pytest.raises(ValidationError, match="at least 2"):
        qt.clean_definition({}, definition([choice(1, "a", 1)]))


# Multiple response -----------------------------------------------------------

MR = snap(
    "multiresponse",
    [
        choice(21, "A", "0.5"),
        choice(22, "B", "0.5"),
        choice(23, "C", "-0.5"),
        choice(24, "D", "-1"),
    ],
)


def test_multiresponse_parse():
    qt = MultipleResponse()
    layout = {}
    assert qt.parse_response(MR, layout, {}) is None
    assert qt.parse_response(MR, layout, {"choice": ["22", "21"]}) == [21, 22]
    for bad in (["21", "21"], ["21", "7"], ["one"]):
        with pytest.raises(ResponseError) as excinfo:
            qt.parse_response(MR, layout, {"choice": bad})
        assert error_field(excinfo) == "choice"


def test_multiresponse_grade_adds_fractions_and_penalises_wrong_picks():
    qt = MultipleResponse()
    assert qt.grade(MR, [21, 22]) == 1
    assert qt.grade(MR, [21]) == Decimal("0.5")
    assert qt.grade(MR, [21, 22, 23]) == Decimal("0.5")
    assert qt.grade(MR, [21, 22, 23, 24]) == 0  # ticking every box does not pay
    assert qt.grade(MR, [23]) == 0
    assert qt.grade(MR, None) == 0
    assert qt.correct_answer(MR, "en") == "A; B"


def test_multiresponse_thirds_give_full_credit_and_pass_the_definition():
    qt = MultipleResponse()
    thirds = [choice(pk, str(pk), "0.33333") for pk in (1, 2, 3)] + [choice(4, "x")]
    qt.clean_definition({}, definition(thirds))
    assert qt.grade(snap("multiresponse", thirds), [1, 2, 3]) == 1


def test_multiresponse_definition_needs_positive_fractions_summing_to_100():
    qt = MultipleResponse()
    with pytest.raises(ValidationError, match="add up to 80%"):
        qt.clean_definition(
            {}, definition([choice(1, "a", "0.5"), choice(2, "b", "0.3")])
        )


# True/false ------------------------------------------------------------------

TF = snap(
    "truefalse",
    options={"correct": False, "feedback_true": f"{SECRET}-t", "feedback_false": "ok"},
)


def test_truefalse_parse_grade_feedback():
    qt = TrueFalse()
    assert qt.parse_response(TF, {}, {"answer": ["true"]}) is True
    assert qt.parse_response(TF, {}, {"answer": ["false"]}) is False
    assert qt.parse_response(TF, {}, {"answer": [""]}) is None
    for bad in (["maybe"], ["true", "false"]):
        with pytest.raises(ResponseError) as excinfo:
            qt.parse_response(TF, {}, {"answer": bad})
        assert error_field(excinfo) == "answer"
    assert qt.grade(TF, False) == 1
    assert qt.grade(TF, True) == 0
    assert qt.grade(TF, None) == 0
    assert qt.feedback(TF, True)[0]["feedback"] == f"{SECRET}-t"
    assert qt.feedback(TF, None) == []
    assert qt.correct_answer(TF, "en") == "False"


def test_truefalse_definition():
    qt = TrueFalse()
    assert qt.clean_definition({"correct": "true"}, [])["correct"] is True
    with pytest.raises(ValidationError) as excinfo:
        qt.clean_definition({}, [])
    assert "correct" in excinfo.value.message_dict
    with pytest.raises(ValidationError, match="have no list of answers"):
        qt.clean_definition({"correct": True}, definition([choice(1, "x", 1)]))


# Short answer ----------------------------------------------------------------

SA = snap(
    "shortanswer",
    [
        choice(31, "passport", 1),
        choice(32, "travel *", "0.5"),
        choice(33, "visa", 0),
        choice(34, "លិខិតឆ្លងដែន", 1),
    ],
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("passport", 1),
        ("  PassPort ", 1),
        ("travel document", Decimal("0.5")),
        ("travel   papers", Decimal("0.5")),
        ("travel", 0),  # "travel *" needs the space and something after it
        ("visa", 0),
        ("pass port", 0),
        (" លិខិតឆ្លងដែន ", 1),
    ],
)
def test_shortanswer_matching(typed, expected):
    qt = ShortAnswer()
    response = qt.parse_response(SA, {}, {"answer": [typed]})
    assert qt.grade(SA, response) == expected


def test_shortanswer_case_sensitive_and_nfc():
    qt = ShortAnswer()
    strict = snap("shortanswer", [choice(1, "Café", 1)], {"case_sensitive": True})
    assert qt.grade(strict, "Café") == 1
    assert qt.grade(strict, "Cafe\u0301") == 1  # decomposed é is the same text
    assert qt.grade(strict, "café") == 0
    assert qt.grade({**strict, "options": {}}, "CAFÉ") == 1


def test_shortanswer_wildcards_and_escaped_asterisk():
    assert matches("red car", "red*")
    assert matches("a1b2c", "a*b*c")
    assert not matches("ab", "a*b*c")
    assert matches("5*3", r"5\*3")
    assert not matches("553", r"5\*3")
    assert matches("anything", "*")
    started = time.monotonic()
    assert not matches("a" * 500, "*a" * 30 + "b")
    assert time.monotonic() - started < 0.5


def test_shortanswer_refuses_long_answers_and_best_match_wins():
    qt = ShortAnswer()
    with pytest.raises(ResponseError) as excinfo:
        qt.parse_response(SA, {}, {"answer": ["x" * 501]})
    assert error_field(excinfo) == "answer"
    both = snap("shortanswer", [choice(1, "*port", "0.5"), choice(2, "passport", 1)])
    assert qt.grade(both, "passport") == 1
    assert qt.chosen_choice_ids(both, "passport") == {2}


def test_shortanswer_definition():
    qt = ShortAnswer()
    assert qt.clean_definition({}, definition([choice(1, "a", 1)])) == {
        "case_sensitive": False
    }
    with pytest.raises(ValidationError, match="Answer 2 is empty"):
        qt.clean_definition({}, definition([choice(1, "a", 1), choice(2, "  ", 0)]))
    with pytest.raises(ValidationError, match="100%"):
        qt.clean_definition({}, definition([choice(1, "a", "0.5")]))


# Numerical -------------------------------------------------------------------

NUM = snap(
    "numerical",
    [choice(41, "12.5", 1, tolerance="0.5"), choice(42, "12", "0.5", tolerance="2")],
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12.5", 1), ("12,9", 1), ("13", 1), ("13.1", Decimal("0.5")), ("15", 0)],
)
def test_numerical_tolerance_best_wins(typed, expected):
    qt = Numerical()
    assert qt.grade(NUM, qt.parse_response(NUM, {}, {"number": [typed]})) == expected


def test_numerical_parse():
    qt = Numerical()
    assert qt.parse_response(NUM, {}, {"number": ["១២.៥"]}) == "12.5"
    assert qt.parse_response(NUM, {}, {"number": ["1.20E+1"]}) == "12"
    assert qt.parse_response(NUM, {}, {"number": ["  "]}) is None
    for bad in ("NaN", "inf", "-Infinity", "1e16", "twelve", "1" * 50):
        with pytest.raises(ResponseError) as excinfo:
            qt.parse_response(NUM, {}, {"number": [bad]})
        assert error_field(excinfo) == "number"
    assert qt.correct_answer(NUM, "en") == "12.5 ± 0.5"


def test_numerical_definition_names_the_answer():
    qt = Numerical()
    with pytest.raises(ValidationError, match="Answer 2: .*not a number"):
        qt.clean_definition({}, definition([choice(1, "1", 1), choice(2, "abc")]))
    with pytest.raises(ValidationError, match="Answer 1: .*negative"):
        qt.clean_definition({}, definition([choice(1, "1", 1, tolerance="-1")]))
    with pytest.raises(ValidationError, match="Answer 1: .*finite"):
        qt.clean_definition({}, definition([choice(1, "NaN", 1)]))


# Matching --------------------------------------------------------------------

MATCH = snap(
    "matching",
    [
        choice(51, "Passport", match_text="Identity document"),
        choice(52, "ID card", match_text="Identity document"),
        choice(53, "Visa", match_text="Permission to enter"),
        choice(54, "", match_text="Work permit"),  # a distractor
    ],
)


def test_matching_layout_collapses_duplicate_options_and_shuffles_them():
    qt = Matching()
    layouts = [qt.make_layout(MATCH, Random(seed), False) for seed in range(30)]
    for layout in layouts:
        assert layout["choice_order"] == [51, 52, 53]
        assert sorted(layout["match_order"]) == [51, 53, 54]
    assert len({tuple(layout["match_order"]) for layout in layouts}) > 1
    assert qt.input_names(MATCH, layouts[0]) == {"match-51", "match-52", "match-53"}


def test_matching_parse_and_grade():
    qt = Matching()
    layout = qt.make_layout(MATCH, Random(1), True)
    data = {"match-51": ["51"], "match-52": ["51"], "match-53": ["54"]}
    response = qt.parse_response(MATCH, layout, data)
    assert response == {"51": 51, "52": 51, "53": 54}
    assert qt.grade(MATCH, response) == Decimal("0.66667")
    assert qt.grade(MATCH, {"51": 51, "52": 51, "53": 53}) == 1
    assert qt.grade(MATCH, {"53": 53}) == Decimal("0.33333")
    assert qt.parse_response(MATCH, layout, {"match-51": [""]}) is None
    # 52 is not an option (its text collapsed into 51's); 99 is another question's.
    for value in (["52"], ["99"], ["x"], ["51", "53"]):
        with pytest.raises(ResponseError) as excinfo:
            qt.parse_response(MATCH, layout, {"match-53": value})
        assert error_field(excinfo) == "match-53"


def test_matching_tolerates_a_layout_extended_by_a_regrade():
    qt = Matching()
    layout = {"choice_order": [53, 51, 52, 54], "match_order": [54, 51, 52, 53]}
    context = qt.get_context(MATCH, layout, None, prefix="q1", language="en")
    assert [o["id"] for o in context["options"]] == [54, 51, 53]
    assert [p["id"] for p in context["pairs"]] == [53, 51, 52]


def test_matching_definition():
    qt = Matching()
    with pytest.raises(ValidationError, match="at least 2 pairs"):
        qt.clean_definition(
            {},
            definition([choice(1, "a", match_text="x"), choice(2, "", match_text="y")]),
        )
    with pytest.raises(ValidationError, match="Answer 2 has no match"):
        qt.clean_definition(
            {}, definition([choice(1, "a", match_text="x"), choice(2, "b")])
        )
    with pytest.raises(ValidationError, match="Answers 1 and 2"):
        qt.clean_definition(
            {},
            definition(
                [
                    choice(1, "a", match_text="x", match_text_km="ក"),
                    choice(2, "b", match_text="x", match_text_km="ខ"),
                    choice(3, "c", match_text="y"),
                ]
            ),
        )


# Essay -----------------------------------------------------------------------

ESSAY = snap(
    "essay",
    options={
        "max_words": 5,
        "response_template": "Facts:",
        "grader_info": f"{SECRET}-grader",
    },
)


def test_essay_parse_and_definition():
    qt = Essay()
    assert not qt.auto_graded
    assert qt.parse_response(ESSAY, {}, {"text": ["One two three"]}) == "One two three"
    assert qt.parse_response(ESSAY, {}, {"text": ["  \n "]}) is None
    for bad in (["one two three four five six"], ["x" * 20_001], ["a", "b"]):
        with pytest.raises(ResponseError) as excinfo:
            qt.parse_response(ESSAY, {}, {"text": bad})
        assert error_field(excinfo) == "text"
    with pytest.raises(TypeError):
        qt.grade(ESSAY, "text")
    with pytest.raises(ValidationError) as excinfo:
        qt.clean_definition({"max_words": 0}, [])
    assert "max_words" in excinfo.value.message_dict
    assert qt.clean_definition({"max_words": "40"}, [])["max_words"] == 40


def test_essay_renders_template_and_never_grader_info():
    qt = Essay()
    for review in (False, True):
        html = qt.render(ESSAY, {}, None, prefix="q1", language="en", review=review)
        assert SECRET not in html
    html = qt.render(ESSAY, {}, None, prefix="q1", language="en")
    assert ">Facts:</textarea>" in html
    html = qt.render(ESSAY, {}, "Mine", prefix="q1", language="en")
    assert ">Mine</textarea>" in html


# Rendering -------------------------------------------------------------------


class FormInventory(HTMLParser):
    """Inputs, their labels, and what is checked or selected."""

    def __init__(self):
        super().__init__()
        self.inputs, self.labels, self.checked = [], set(), set()
        self.fieldsets = self.legends = 0
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea"):
            self.inputs.append(attrs)
            if tag == "select":
                self._select = attrs["name"]
            if "checked" in attrs:
                self.checked.add((attrs["name"], attrs["value"]))
        elif tag == "option" and "selected" in attrs:
            self.checked.add((self._select, attrs["value"]))
        elif tag == "label":
            self.labels.add(attrs.get("for"))
        elif tag == "fieldset":
            self.fieldsets += 1
        elif tag == "legend":
            self.legends += 1


CASES = [
    (MultipleChoice(), MC, 11, [("q1-choice", "11")]),
    (MultipleResponse(), MR, [21, 22], [("q1-choice", "21"), ("q1-choice", "22")]),
    (TrueFalse(), TF, False, [("q1-answer", "false")]),
    (ShortAnswer(), SA, "Passport", []),
    (Numerical(), NUM, "12.5", []),
    (
        Matching(),
        MATCH,
        {"51": 51, "52": 51, "53": 53},
        [("q1-match-51", "51"), ("q1-match-52", "51"), ("q1-match-53", "53")],
    ),
    (Essay(), ESSAY, "My essay", []),
]


@pytest.mark.parametrize(
    ("qt", "snapshot", "response", "checked"),
    CASES,
    ids=[case[0].identifier for case in CASES],
)
def test_rendering_is_accessible_refilled_and_keeps_answers_secret(
    qt, snapshot, response, checked
):
    layout = qt.make_layout(snapshot, Random(3), True)
    html = qt.render(snapshot, layout, response, prefix="q1", language="en")
    form = FormInventory()
    form.feed(html)
    assert form.inputs
    for field in form.inputs:
        assert field["name"].startswith("q1-")
        assert field["name"][3:] in qt.input_names(snapshot, layout)
        assert field["id"] in form.labels, f"{field['id']} has no label"
        assert "disabled" not in field
    assert set(checked) <= form.checked
    if len(form.inputs) > 1:
        assert form.fieldsets == form.legends == 1
    # Nothing that tells right from wrong before review.
    assert SECRET not in html
    assert "quiz-verdict" not in html
    assert "Correct" not in html and "correct" not in html
    for item in snapshot["choices"]:
        assert item["fraction"] not in html
        typed = qt.identifier in ("shortanswer", "numerical")
        if typed and item["text"].casefold() not in str(response).casefold():
            assert item["text"] not in html
    if isinstance(response, str):
        assert response in html

    disabled = qt.render(
        snapshot, layout, response, prefix="q1", language="en", disabled=True
    )
    inventory = FormInventory()
    inventory.feed(disabled)
    assert all("disabled" in field for field in inventory.inputs)

    reviewed = qt.render(
        snapshot, layout, response, prefix="q1", language="en", review=True
    )
    inventory = FormInventory()
    inventory.feed(reviewed)
    assert all("disabled" in field for field in inventory.inputs)
    if qt.auto_graded:
        assert "quiz-verdict" in reviewed
        assert "Your answer: correct" in reviewed


def test_review_names_the_wrong_choice_and_the_right_one_in_words():
    html = MultipleChoice().render(
        MC, {"choice_order": [11, 12, 13]}, 13, prefix="q1", language="en", review=True
    )
    assert "Your answer: incorrect" in html
    assert "Correct answer" in html
    html = Matching().render(
        MATCH,
        {"choice_order": [51, 52, 53], "match_order": [53, 54, 51]},
        {"51": 53},
        prefix="q1",
        language="en",
        review=True,
    )
    assert html.count("Your answer: incorrect") == 3
    assert "Correct match: Identity document" in html


def test_khmer_texts_are_used_for_khmer():
    km = snap("multichoice", [choice(1, "Yes", 1, text_km="បាទ"), choice(2, "No")])
    html = MultipleChoice().render(km, {}, None, prefix="q1", language="km")
    assert "បាទ" in html and "Yes" not in html and "No" in html


# Every built-in type through a real attempt ------------------------------------


@pytest.mark.django_db
def test_an_attempt_with_every_builtin_type_scores_right_answers_in_full():
    questions = [
        make_question("multichoice"),
        make_question("multiresponse", choices=[("A", "0.5"), ("B", "0.5"), ("C", -1)]),
        make_question("truefalse", options={"correct": True}),
        make_question("shortanswer", choices=[("pass*", 1)]),
        make_question(
            "numerical", choices=[{"text": "3.5", "fraction": 1, "tolerance": "0.1"}]
        ),
        make_question(
            "matching",
            choices=[
                {"text": "Passport", "match_text": "Identity"},
                {"text": "Visa", "match_text": "Entry"},
            ],
        ),
        make_question("essay"),
    ]
    for question in questions:
        choices = [
            {**c, "fraction": c["fraction"]}
            for c in question.choices.values(
                "id", "text", "match_text", "fraction", "tolerance"
            )
        ]
        question.type.clean_definition(question.options, choices)
    quiz = make_quiz(questions=questions, exam_paper=True, shuffle_answers=True)
    enrolment, _ = enrol(make_user(), quiz.get_parent().get_parent().specific)
    attempt, _ = start_attempt(quiz, enrolment)
    items = {item.question_type: item for item in attempt.questions.all()}
    by_text = {
        c.text: c.pk
        for q in questions
        for c in q.choices.all()  # ids by text, for the posted fields
    }
    posted = {
        "multichoice": {"choice": [str(by_text["Right"])]},
        "multiresponse": {"choice": [str(by_text["A"]), str(by_text["B"])]},
        "truefalse": {"answer": ["true"]},
        "shortanswer": {"answer": ["Passport control"]},
        "numerical": {"number": ["3,45"]},
        "matching": {
            f"match-{by_text['Passport']}": [str(by_text["Passport"])],
            f"match-{by_text['Visa']}": [str(by_text["Visa"])],
        },
        "essay": {"text": ["The officer should ask for the passport."]},
    }
    updates = []
    for identifier, data in posted.items():
        item = items[identifier]
        assert set(data) <= item.type.input_names(item.snapshot, item.layout)
        response = item.type.parse_response(item.snapshot, item.layout, data)
        updates.append(AnswerUpdate(item.position, item.sequence, response))
    attempt, finished = submit_attempt(attempt.pk, updates)
    assert finished
    assert attempt.score == 6 and attempt.max_score == 7
    assert attempt.pending_marking == 1 and attempt.passed is None


def test_truefalse_option_field_round_trips_the_stored_option():
    field = TrueFalse().option_fields()["correct"]
    assert field.clean("False") is False and field.clean("True") is True
    form = FormInventory()
    form.feed(field.widget.render("correct", True))
    assert form.checked == {("correct", "True")}
