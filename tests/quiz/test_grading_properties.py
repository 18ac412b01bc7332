"""Property tests: every auto-graded type grades deterministically within [0, 1].

For random valid questions (each passes its type's ``clean_definition``) and
random posted forms (valid or blank), ``parse_response`` then ``grade`` gives
the same fraction every time, also after the response's round trip through
JSON, always between 0 and 1; the right answer earns full credit.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.richtext import is_blank_text
from plugins.quiz.question_types.base import ResponseError
from plugins.quiz.question_types.matching import Matching, options_of, pairs_of
from plugins.quiz.question_types.multichoice import MultipleChoice
from plugins.quiz.question_types.multiresponse import MultipleResponse
from plugins.quiz.question_types.numerical import Numerical
from plugins.quiz.question_types.shortanswer import ShortAnswer
from plugins.quiz.question_types.truefalse import TrueFalse

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

fractions = st.integers(-100_000, 100_000).map(lambda n: Decimal(n) / 100_000)
texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\\"
    ),
    min_size=1,
    max_size=30,
    # Answers the bank accepts: not blank, nor made only of invisible
    # characters such as a soft hyphen (``lms.richtext.is_blank_text``).
).filter(lambda text: not is_blank_text(text))


def make_snapshot(type_id, choices, options=None):
    return {
        "type": type_id,
        "question_id": 1,
        "version": 1,
        "category_id": None,
        "title": "Q",
        "text": "Q",
        "text_km": "",
        "explanation": "",
        "explanation_km": "",
        "options": options or {},
        "choices": [
            {
                "id": pk,
                "text": c.get("text", f"Answer {pk}"),
                "text_km": "",
                "match_text": c.get("match_text", ""),
                "match_text_km": "",
                "fraction": f"{c.get('fraction', Decimal(0)):.5f}",
                "tolerance": c.get("tolerance"),
                "feedback": "",
                "feedback_km": "",
            }
            for pk, c in zip(c_ids(len(choices)), choices, strict=True)
        ],
    }


def c_ids(count):
    return list(range(101, 101 + count))


def check_definition(question_type, snapshot):
    choices = [{**c, "fraction": Decimal(c["fraction"])} for c in snapshot["choices"]]
    options = question_type.clean_definition(snapshot["options"], choices)
    return {**snapshot, "options": options}


# Valid questions, with the form that answers them right -------------------


@st.composite
def multichoice(draw):
    count = draw(st.integers(2, 6))
    values = draw(st.lists(fractions, min_size=count, max_size=count))
    right = draw(st.integers(0, count - 1))
    values[right] = Decimal(1)
    snapshot = make_snapshot("multichoice", [{"fraction": v} for v in values])
    return snapshot, {"choice": [str(c_ids(count)[right])]}


@st.composite
def multiresponse(draw):
    count = draw(st.integers(2, 7))
    right = draw(st.integers(1, count))
    if draw(st.booleans()):
        # Equal shares rounded down, as an author types 33.333% three times.
        share = (Decimal(1) / right).quantize(Decimal("0.00001"), "ROUND_DOWN")
        positive = [share] * right
    else:
        cuts = sorted(
            draw(
                st.lists(
                    st.integers(1, 99_999),
                    min_size=right - 1,
                    max_size=right - 1,
                    unique=True,
                )
            )
        )
        bounds = [0, *cuts, 100_000]
        positive = [
            Decimal(b - a) / 100_000 for a, b in zip(bounds, bounds[1:], strict=False)
        ]
    negative = draw(
        st.lists(
            st.integers(-100_000, 0).map(lambda n: Decimal(n) / 100_000),
            min_size=count - right,
            max_size=count - right,
        )
    )
    values = positive + negative
    order = draw(st.permutations(range(count)))
    values = [values[i] for i in order]
    snapshot = make_snapshot("multiresponse", [{"fraction": v} for v in values])
    ids = c_ids(count)
    return snapshot, {"choice": [str(ids[i]) for i, v in enumerate(values) if v > 0]}


@st.composite
def truefalse(draw):
    correct = draw(st.booleans())
    snapshot = make_snapshot("truefalse", [], {"correct": correct})
    return snapshot, {"answer": ["true" if correct else "false"]}


@st.composite
def shortanswer(draw):
    answers = draw(st.lists(texts, min_size=1, max_size=4))
    values = draw(st.lists(fractions, min_size=len(answers), max_size=len(answers)))
    right = draw(st.integers(0, len(answers) - 1))
    values[right] = Decimal(1)
    options = {"case_sensitive": draw(st.booleans())}
    snapshot = make_snapshot(
        "shortanswer",
        [{"text": a, "fraction": v} for a, v in zip(answers, values, strict=True)],
        options,
    )
    return snapshot, {"answer": [answers[right]]}


numbers = st.decimals(
    min_value=-1_000_000, max_value=1_000_000, places=3, allow_nan=False
)


@st.composite
def numerical(draw):
    count = draw(st.integers(1, 4))
    answers = draw(st.lists(numbers, min_size=count, max_size=count))
    tolerances = draw(
        st.lists(
            st.none() | st.decimals(min_value=0, max_value=10, places=2),
            min_size=count,
            max_size=count,
        )
    )
    values = draw(st.lists(fractions, min_size=count, max_size=count))
    right = draw(st.integers(0, count - 1))
    values[right] = Decimal(1)
    choices = [
        {"text": f"{a:f}", "fraction": v, "tolerance": None if t is None else f"{t:f}"}
        for a, v, t in zip(answers, values, tolerances, strict=True)
    ]
    return make_snapshot("numerical", choices), {"number": [f"{answers[right]:f}"]}


@st.composite
def matching(draw):
    pool = ["Identity", "Entry", "Work", "Asylum", "Transit"]
    count = draw(st.integers(2, 5))
    matches = draw(st.lists(st.sampled_from(pool), min_size=count, max_size=count))
    distractors = draw(st.lists(st.sampled_from(pool), max_size=2))
    choices = [{"text": f"Item {i}", "match_text": m} for i, m in enumerate(matches)]
    choices += [{"text": "", "match_text": m} for m in distractors]
    snapshot = make_snapshot("matching", choices)
    option_for = {text: c["id"] for text, c in options_of(snapshot).items()}
    right = {
        f"match-{c['id']}": [str(option_for[c["match_text"]])]
        for c in pairs_of(snapshot)
    }
    return snapshot, right


STRATEGIES = {
    "multichoice": (MultipleChoice(), multichoice()),
    "multiresponse": (MultipleResponse(), multiresponse()),
    "truefalse": (TrueFalse(), truefalse()),
    "shortanswer": (ShortAnswer(), shortanswer()),
    "numerical": (Numerical(), numerical()),
    "matching": (Matching(), matching()),
}

try:
    from lms_ordering_plugin.ordering import Ordering
except ImportError:  # the test plugin is not installed: its case is skipped
    Ordering = None
else:

    @st.composite
    def ordering(draw):
        count = draw(st.integers(2, 6))
        snapshot = make_snapshot(
            "ordering", [{"text": f"Step {i}"} for i in range(count)]
        )
        ids = c_ids(count)
        return snapshot, {f"position-{pk}": [str(i)] for i, pk in enumerate(ids, 1)}

    STRATEGIES["ordering"] = (Ordering(), ordering())


# Random forms: any value a real form could post, or nothing ---------------


@st.composite
def random_form(draw, question_type, snapshot, layout):
    """Posted fields for the question's inputs, each blank or a plausible value."""
    ids = [c["id"] for c in snapshot["choices"]]
    data = {}
    for name in sorted(question_type.input_names(snapshot, layout)):
        if draw(st.booleans()):
            continue  # not posted at all
        if name == "choice":
            picks = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
            if question_type.identifier == "multichoice":
                picks = picks[:1]
            data[name] = [str(pk) for pk in picks] or [""]
        elif name == "answer" and question_type.identifier == "truefalse":
            data[name] = [draw(st.sampled_from(["true", "false", ""]))]
        elif name == "answer":
            known = [c["text"] for c in snapshot["choices"]]
            data[name] = [draw(texts | st.sampled_from(known) | st.just(""))]
        elif name == "number":
            near = [Decimal(c["text"]) for c in snapshot["choices"]]
            value = draw(
                numbers
                | st.builds(
                    lambda a, d: a + d,
                    st.sampled_from(near),
                    st.decimals(min_value=-20, max_value=20, places=2),
                )
            )
            data[name] = [f"{value:f}"]
        elif name.startswith("match-"):
            options = layout["match_order"]
            data[name] = [draw(st.sampled_from([str(pk) for pk in options] + [""]))]
        elif name.startswith("position-"):
            data[name] = [str(draw(st.integers(1, len(ids))))]
    return data


def grade_twice(question_type, snapshot, response):
    first = question_type.grade(snapshot, response)
    stored = json.loads(json.dumps(response))
    second = question_type.grade(copy.deepcopy(snapshot), stored)
    assert first == second
    assert isinstance(first, Decimal)
    assert 0 <= first <= 1
    return first


@pytest.mark.parametrize("identifier", sorted(STRATEGIES))
def test_right_answer_earns_full_credit(identifier):
    question_type, strategy = STRATEGIES[identifier]

    @SETTINGS
    @given(strategy, st.integers(0, 2**32), st.booleans())
    def check(case, seed, shuffle):
        snapshot, right_form = case
        snapshot = check_definition(question_type, snapshot)
        layout = question_type.make_layout(snapshot, Random(seed), shuffle)
        assert layout == question_type.make_layout(snapshot, Random(seed), shuffle)
        response = question_type.parse_response(snapshot, layout, right_form)
        assert grade_twice(question_type, snapshot, response) == 1
        assert question_type.grade(snapshot, None) == 0

    check()


@pytest.mark.parametrize("identifier", sorted(STRATEGIES))
def test_any_response_grades_deterministically_within_bounds(identifier):
    question_type, strategy = STRATEGIES[identifier]

    @SETTINGS
    @given(strategy, st.integers(0, 2**32), st.data())
    def check(case, seed, data):
        snapshot, _right = case
        snapshot = check_definition(question_type, snapshot)
        layout = question_type.make_layout(snapshot, Random(seed), True)
        form = data.draw(random_form(question_type, snapshot, layout))
        try:
            response = question_type.parse_response(snapshot, layout, form)
        except ResponseError as error:
            # Only the ordering type refuses a plausible form: repeated or
            # missing ranks. The error names a field of this question.
            assert question_type.identifier == "ordering"
            assert error.field in question_type.input_names(snapshot, layout)
            return
        grade_twice(question_type, snapshot, response)
        question_type.response_text(snapshot, response, "en")
        assert question_type.chosen_choice_ids(snapshot, response) <= {
            c["id"] for c in snapshot["choices"]
        }

    check()
