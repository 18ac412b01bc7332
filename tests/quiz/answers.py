"""Right and wrong answers to any question, built from its attempt snapshot.

For tests that take a quiz as an officer would: ``correct_form_data`` and
``wrong_form_data`` give the form fields a browser posts for one question
(names without the ``<prefix>-``), and ``correct_response`` and
``wrong_response`` run them through the question type's own
``parse_response``, giving what ``AnswerUpdate.response`` takes.

Essays have no right answer: both give a short text, which a trainer marks.
"""

from __future__ import annotations

from decimal import Decimal

from plugins.quiz.hooks import question_types
from plugins.quiz.question_types.base import fraction_of

ESSAY_TEXT = "I would speak with her in private and explain her choices."
WRONG_TEXT = "no such answer"


def correct_form_data(snapshot, layout=None) -> dict[str, list[str]]:
    """The fields that answer the question fully right."""
    kind, choices = snapshot["type"], snapshot["choices"]
    if kind == "multichoice":
        return {"choice": [str(max(choices, key=fraction_of)["id"])]}
    if kind == "multiresponse":
        return {"choice": [str(c["id"]) for c in choices if fraction_of(c) > 0]}
    if kind == "truefalse":
        return {"answer": ["true" if snapshot["options"]["correct"] else "false"]}
    if kind == "shortanswer":
        best = max(choices, key=fraction_of)
        # A wildcard matches any run of characters, including none.
        text = best["text"].replace("\\*", "\0").replace("*", "").replace("\0", "*")
        return {"answer": [text]}
    if kind == "numerical":
        return {"number": [max(choices, key=fraction_of)["text"]]}
    if kind == "matching":
        return {
            f"match-{left['id']}": [str(_option_id(snapshot, left["match_text"]))]
            for left in _left_items(snapshot)
        }
    if kind == "essay":
        return {"text": [ESSAY_TEXT]}
    raise ValueError(f"no right answer known for {kind!r} questions")


def wrong_form_data(snapshot, layout=None) -> dict[str, list[str]]:
    """The fields that answer the question wrongly (scoring 0)."""
    kind, choices = snapshot["type"], snapshot["choices"]
    if kind == "multichoice":
        return {"choice": [str(min(choices, key=fraction_of)["id"])]}
    if kind == "multiresponse":
        return {"choice": [str(c["id"]) for c in choices if fraction_of(c) <= 0]}
    if kind == "truefalse":
        return {"answer": ["false" if snapshot["options"]["correct"] else "true"]}
    if kind == "shortanswer":
        return {"answer": [WRONG_TEXT]}
    if kind == "numerical":
        farthest = max(
            abs(Decimal(c["text"])) + Decimal(c["tolerance"] or 0) for c in choices
        )
        return {"number": [str(farthest * 2 + 1000)]}
    if kind == "matching":
        lefts = _left_items(snapshot)
        options = list(dict.fromkeys(c["match_text"].strip() for c in choices))
        data = {}
        for left in lefts:
            other = next(t for t in options if t != left["match_text"].strip())
            data[f"match-{left['id']}"] = [str(_option_id(snapshot, other))]
        return data
    if kind == "essay":
        return {"text": [ESSAY_TEXT]}
    raise ValueError(f"no wrong answer known for {kind!r} questions")


def correct_response(snapshot, layout=None):
    """The parsed response that answers the question fully right."""
    return _parse(snapshot, layout, correct_form_data(snapshot, layout))


def wrong_response(snapshot, layout=None):
    """The parsed response that answers the question wrongly."""
    return _parse(snapshot, layout, wrong_form_data(snapshot, layout))


def _parse(snapshot, layout, data):
    question_type = question_types.get(snapshot["type"])
    return question_type.parse_response(snapshot, layout or {}, data)


def _left_items(snapshot) -> list[dict]:
    return [c for c in snapshot["choices"] if (c["text"] or "").strip()]


def _option_id(snapshot, match_text: str) -> int:
    """The right-hand option showing ``match_text``: its first choice's id."""
    return next(
        c["id"]
        for c in snapshot["choices"]
        if c["match_text"].strip() == match_text.strip()
    )


def attempt_form_data(attempt, answer=correct_form_data) -> dict[str, list[str]]:
    """Every field a browser posts to answer ``attempt`` (``q<position>-<name>``).

    ``answer`` is :func:`correct_form_data` or :func:`wrong_form_data`. For
    end-to-end tests: fill each field by its name.
    """
    data = {}
    for item in attempt.questions.order_by("position"):
        for name, values in answer(item.snapshot, item.layout).items():
            data[f"q{item.position}-{name}"] = values
    return data
