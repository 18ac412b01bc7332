"""Writing GIFT files (see ``interchange.gift`` for the format).

Every question is written as ``::name::[html]text{answers}``; plain-text
parts (answers, matches, true/false feedback) get ``[plain]`` where reading
them as HTML would change them. What GIFT cannot say goes into the
``// lms-extra:`` comment, so :func:`write_gift` output parses back into
equal questions (embedded files aside: GIFT cannot carry them).
"""

from __future__ import annotations

import json
from decimal import Decimal

from plugins.quiz.interchange.base import ImportedQuestion
from plugins.quiz.interchange.gift import EXTRA_PREFIX, NATIVE_OPTIONS, number_text
from plugins.quiz.interchange.moodle import (
    blank_options,
    percent,
    write_category_path,
)
from plugins.quiz.interchange.richtext import html_to_text

_RESERVED = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


def _escape(text: str) -> str:
    """Moodle's repchar: GIFT's special characters escaped, one line."""
    return text.translate(_RESERVED)


def _html_field(value: str) -> str:
    """HTML inside an ``[html]`` question: no prefix unless it starts with ``[``."""
    return ("[html]" if value.startswith("[") else "") + _escape(value)


def _plain_field(value: str) -> str:
    """Plain text inside an ``[html]`` question: ``[plain]`` when reading it
    as HTML would change it, or when it starts like a format or a weight."""
    needs_prefix = value.startswith(("[", "%")) or html_to_text(value) != value
    return ("[plain]" if needs_prefix else "") + _escape(value)


def _feedback(value: str) -> str:
    return "#" + _html_field(value) if value else ""


def write_gift(questions: list[ImportedQuestion]) -> str:
    """``questions`` as a GIFT file (category switches where paths change)."""
    return _Writer().write(questions)


class _Writer:
    def write(self, questions: list[ImportedQuestion]) -> str:
        blocks, category = [], ()
        for question in questions:
            if tuple(question.category_path) != category:
                category = tuple(question.category_path)
                blocks.append(f"$CATEGORY: {write_category_path(category)}\n")
            blocks.append(self.question(question))
        return "\n".join(blocks)

    def question(self, question: ImportedQuestion) -> str:
        lines = []
        extra = _extra(question)
        if extra:
            lines.append(f"{EXTRA_PREFIX} {json.dumps(extra, ensure_ascii=False)}")
        head = f"::{_escape(question.title)}::[html]{_escape(question.text)}"
        general = ""
        if question.explanation:
            general = "####" + _html_field(question.explanation)
        kind = question.question_type
        if kind == "essay":
            lines.append(head + "{" + general + "}")
        elif kind == "truefalse":
            lines.append(head + "{" + self.truefalse(question.options) + general + "}")
        else:
            lines.append(head + ("{#" if kind == "numerical" else "{"))
            lines.extend("\t" + answer for answer in self.answers(question))
            if general:
                lines.append("\t" + general)
            lines.append("}")
        return "\n".join(lines) + "\n"

    def truefalse(self, options: dict) -> str:
        correct = bool(options.get("correct"))
        right = options.get("feedback_true" if correct else "feedback_false") or ""
        wrong = options.get("feedback_false" if correct else "feedback_true") or ""
        out = "TRUE" if correct else "FALSE"
        if wrong or right:
            out += "#" + _plain_field(wrong)
        if right:
            out += "#" + _plain_field(right)
        return out

    def answers(self, question: ImportedQuestion):
        kind = question.question_type
        for choice in question.choices:
            feedback = _feedback(choice.feedback)
            if kind == "matching":
                yield f"={_plain_field(choice.text)} -> {_escape(choice.match_text)}"
            elif kind == "numerical" and choice.text == "*":
                yield "~" + (feedback or "#")
            elif kind == "numerical":
                number = choice.text
                if choice.tolerance is not None:
                    number += ":" + number_text(choice.tolerance)
                yield f"=%{percent(choice.fraction)}%{number}{feedback}"
            elif kind == "shortanswer":
                text = _plain_field(choice.text)
                yield f"=%{percent(choice.fraction)}%{text}{feedback}"
            elif choice.fraction == 1 and kind == "multichoice":
                yield f"={_plain_field(choice.text)}{feedback}"
            elif choice.fraction == 0:
                yield f"~{_plain_field(choice.text)}{feedback}"
            else:
                text = _plain_field(choice.text)
                yield f"~%{percent(choice.fraction)}%{text}{feedback}"


def _extra(question: ImportedQuestion) -> dict:
    """What the question holds that GIFT cannot say (see the module doc)."""
    extra = {}
    for key in ("text_km", "explanation_km"):
        if getattr(question, key):
            extra[key] = getattr(question, key)
    if question.tags:
        extra["tags"] = list(question.tags)
    if question.default_mark != 1:
        extra["default_mark"] = number_text(Decimal(question.default_mark))
    native = NATIVE_OPTIONS.get(question.question_type, set())
    blank = blank_options(question.question_type)
    options = {
        key: value
        for key, value in question.options.items()
        if key not in native and value != blank.get(key) and value is not None
    }
    if options:
        extra["options"] = options
    khmer = [
        {
            key: getattr(choice, key)
            for key in ("text_km", "feedback_km", "match_text_km")
            if getattr(choice, key)
        }
        for choice in question.choices
    ]
    if any(khmer):
        extra["choices"] = khmer
    return extra
