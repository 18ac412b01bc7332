"""The ordering question type of the test plugin, installed as an external plugin.

The plugin (tests/plugins/ordering_plugin) is a separate package found through
the ``lms.plugins`` entry point; install it with
``pip install --no-deps ./tests/plugins/ordering_plugin``.
"""

from __future__ import annotations

import io
import json
from random import Random

import pytest
from django.core.management import call_command

from courses.enrolment import enrol
from plugins.quiz.hooks import question_types
from plugins.quiz.question_types.base import ResponseError
from plugins.quiz.taking import (
    AnswerUpdate,
    save_answers,
    start_attempt,
    submit_attempt,
)
from tests.factories import make_user
from tests.quiz.factories import make_question, make_quiz

pytest.importorskip(
    "lms_ordering_plugin",
    reason="the ordering test plugin is not installed "
    "(pip install --no-deps ./tests/plugins/ordering_plugin)",
)

from lms_ordering_plugin.ordering import Ordering  # noqa: E402

STEPS = ["Greet the traveller", "Ask for the passport", "Check the visa", "Stamp"]


def snapshot(count=4):
    return {
        "type": "ordering",
        "options": {},
        "choices": [
            {"id": 10 + i, "text": STEPS[i], "text_km": "", "fraction": "0.00000"}
            for i in range(count)
        ],
    }


def ranks(order):
    """The form a browser posts for ``order`` (choice ids, first to last)."""
    return {f"position-{pk}": [str(rank)] for rank, pk in enumerate(order, 1)}


def test_lms_plugins_lists_the_ordering_type_and_the_seven_builtin_ones():
    out = io.StringIO()
    call_command("lms_plugins", "--json", stdout=out)
    plugins = {p["label"]: p for p in json.loads(out.getvalue())["plugins"]}
    hook = "lms_quiz_register_question_types"
    ordering = plugins["ordering_question"]
    assert ordering["app"] == "lms_ordering_plugin" and ordering["compatible"]
    assert ordering["registers"] == {hook: ["ordering"]}
    assert plugins["quiz"]["registers"][hook] == [
        "multichoice",
        "multiresponse",
        "truefalse",
        "shortanswer",
        "numerical",
        "matching",
        "essay",
    ]
    assert isinstance(question_types["ordering"], Ordering)


def test_layout_never_shows_the_right_order():
    qt = Ordering()
    right = [10, 11]
    for seed in range(20):
        layout = qt.make_layout(snapshot(2), Random(seed), False)
        assert sorted(layout["choice_order"]) == right
        assert layout["choice_order"] != right


def test_parse_and_grade_share_of_items_in_place():
    qt, snap = Ordering(), snapshot()
    layout = qt.make_layout(snap, Random(1), True)
    assert qt.parse_response(snap, layout, {}) is None
    assert qt.parse_response(snap, layout, ranks([13, 12, 11, 10])) == [
        13,
        12,
        11,
        10,
    ]
    assert qt.grade(snap, [10, 11, 12, 13]) == 1
    assert qt.grade(snap, [10, 11, 13, 12]) == 0.5
    assert qt.grade(snap, [13, 10, 11, 12]) == 0
    assert qt.grade(snap, None) == 0
    assert qt.response_text(snap, [11, 10], "en").startswith("Ask for the passport")


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({**ranks([10, 11, 12, 13]), "position-12": ["1"]}, "position-12"),
        ({**ranks([10, 11, 12, 13]), "position-13": [""]}, "position-13"),
        ({**ranks([10, 11, 12, 13]), "position-11": ["5"]}, "position-11"),
        ({**ranks([10, 11, 12, 13]), "position-11": ["two"]}, "position-11"),
        ({**ranks([10, 11, 12, 13]), "position-10": ["1", "2"]}, "position-10"),
    ],
    ids=["duplicate", "missing", "out-of-range", "not-a-number", "sent-twice"],
)
def test_bad_ranks_are_refused_naming_the_field(form, field):
    qt, snap = Ordering(), snapshot()
    layout = {"choice_order": [10, 11, 12, 13]}
    with pytest.raises(ResponseError) as excinfo:
        qt.parse_response(snap, layout, form)
    assert excinfo.value.field == field


def test_render_hides_the_order_until_review():
    qt, snap = Ordering(), snapshot()
    layout = {"choice_order": [12, 10, 13, 11]}
    html = qt.render(snap, layout, [10, 11, 13, 12], prefix="q1", language="en")
    assert html.index(STEPS[2]) < html.index(STEPS[0])  # layout order
    assert "quiz-verdict" not in html
    assert "Right position" not in html and "belongs" not in html
    assert '<option value="4" selected>' in html
    for pk in (10, 11, 12, 13):
        assert f'<label for="q1-position-{pk}">' in html
    reviewed = qt.render(
        snap, layout, [10, 11, 13, 12], prefix="q1", language="en", review=True
    )
    assert reviewed.count("Right position") == 2
    assert "it belongs at 3" in reviewed and " disabled" in reviewed


@pytest.mark.django_db
def test_an_attempt_with_an_ordering_question_starts_saves_and_submits():
    question = make_question(
        "ordering", choices=[(step, 0) for step in STEPS], title="Arrival steps"
    )
    question.type.clean_definition(
        {}, list(question.choices.values("id", "text", "fraction"))
    )
    quiz = make_quiz(questions=[question], pass_mark=100, exam_paper=True)
    enrolment, _ = enrol(make_user(), quiz.get_parent().get_parent().specific)
    attempt, created = start_attempt(quiz, enrolment)
    assert created
    item = attempt.questions.get()
    assert item.question_type == "ordering"
    right = [c.pk for c in question.choices.order_by("sort_order")]
    assert item.layout["choice_order"] != right
    qt = item.type
    wrong = qt.parse_response(item.snapshot, item.layout, ranks(right[::-1]))
    sequences = save_answers(attempt.pk, [AnswerUpdate(1, item.sequence, wrong)])
    response = qt.parse_response(item.snapshot, item.layout, ranks(right))
    attempt, finished = submit_attempt(
        attempt.pk, [AnswerUpdate(1, sequences[1], response)]
    )
    assert finished and attempt.score == 1 and attempt.passed
    item.refresh_from_db()
    assert item.response == right
