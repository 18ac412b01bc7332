"""GIFT question files, read and written as Moodle does (``qformat_gift``).

Questions are separated by blank lines; lines starting with ``//`` are
comments. ``::name::`` names a question; ``[html]``, ``[moodle]``,
``[plain]`` or ``[markdown]`` before a text gives its format (plain, Moodle
and Markdown text is escaped into HTML; Markdown is not converted, with a
warning). ``\\:``, ``\\#``, ``\\=``, ``\\~``, ``\\{``, ``\\}`` and ``\\\\`` escape
the special characters, ``\\n`` is a line break. ``$CATEGORY: $course$/A/B``
puts the questions that follow into category ``A/B`` (Moodle's context
prefix and its ``top`` category are dropped).

The answers are between ``{`` and ``}``: ``{}`` an essay; ``{T}``,
``{TRUE}``, ``{F}``, ``{FALSE}`` a true/false question, whose ``#`` feedbacks
are for a wrong and then a right answer; ``=`` and ``~`` answers a multiple
choice question (several answers when none has ``=``), ``%50%`` giving a
weight; only ``=`` answers a short answer question; ``{#3:2}``,
``{#1..5}`` or ``{#=3:0 =%50%3:1}`` a numerical question (``~#feedback``
adds Moodle's ``*``, any other number); ``=item -> match`` a matching
question (``= -> match`` adds a distractor). ``#feedback`` follows an
answer; ``####feedback`` at the end is the general feedback (our
explanation). When text follows the ``}``, the answers go where Moodle puts
its blank (``_____``). Weights must be grades Moodle allows.

**What GIFT cannot carry** (Khmer fields, tags, the default mark, short
answer case sensitivity, essay templates, word limits and grader notes)
goes into one comment line before the question, ``// lms-extra: {json}``.
Moodle skips it as a comment; this parser reads it back, so an export
re-imports unchanged. Embedded files cannot be carried: references to
them stay in the text.
"""

from __future__ import annotations

import json
import logging
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plugins.quiz.interchange.base import (
    ImportedCategory,
    ImportedChoice,
    ImportedQuestion,
    ParseResult,
    Problem,
    QuestionFormat,
)
from plugins.quiz.interchange.moodle import (
    HTML,
    MARKDOWN,
    MOODLE,
    PLAIN,
    as_html,
    as_plain,
    blank_options,
    category_path,
    clean_title,
    decode_text,
    default_title,
    read_grade,
)
from plugins.quiz.interchange.richtext import html_to_text

logger = logging.getLogger(__name__)

EXTRA_PREFIX = "// lms-extra:"
# Escaped characters become these placeholders while the question is split
# (as Moodle's escapedchar_pre does); they are Unicode non-characters, which
# no real text contains.
_ESCAPES = {":": "\ufdd0", "#": "\ufdd1", "=": "\ufdd2", "{": "\ufdd3", "}": "\ufdd4"}
_ESCAPES.update({"~": "\ufdd5", "n": "\ufdd6"})
_UNESCAPE = {placeholder: char for char, placeholder in _ESCAPES.items()}
_UNESCAPE["\ufdd6"] = "\n"
_PLACEHOLDERS = re.compile("[\ufdd0-\ufdd6]")
_ESCAPE_PAIR = re.compile(r"\\(.)", re.DOTALL)
_FORMATS = {"html": HTML, "moodle": MOODLE, "plain": PLAIN, "markdown": MARKDOWN}
# Moodle's $giftanswerweightregex, a little stricter about the number.
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d*)?)%")
_LOOKS_LIKE_WEIGHT = re.compile(r"^%[^%\s]{0,12}%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
#: Options GIFT writes natively, per type (everything else is an extra).
NATIVE_OPTIONS = {"truefalse": {"correct", "feedback_true", "feedback_false"}}


def _pre(text: str) -> str:
    text = _PLACEHOLDERS.sub("\ufffd", text)

    def replace(match):
        char = match.group(1)
        if char == "\\":
            return "\\"
        return _ESCAPES.get(char, match.group(0))

    return _ESCAPE_PAIR.sub(replace, text)


_POST = str.maketrans(_UNESCAPE)


def _post(text: str) -> str:
    return text.translate(_POST)


def _with_format(text: str, default: str) -> tuple[str, str]:
    """Moodle's parse_text_with_format: ``[html]text`` -> (``text``, html)."""
    text_format = default
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end > 0 else ""
        if name in _FORMATS:
            text_format = _FORMATS[name]
            text = text[end + 1 :]
    return _post(text).strip(), text_format


def _blocks(text: str):
    """(first line number, [(line number, stripped line)]) per question."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if line:
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


class GiftFormat(QuestionFormat):
    """Moodle's GIFT text format (import and export)."""

    identifier = "gift"
    label = gettext_lazy("GIFT (Moodle)")
    extensions = (".txt", ".gift")
    can_export = True

    def parse(self, data: bytes) -> ParseResult:
        result = ParseResult()
        text, problem = decode_text(data)
        if problem is not None:
            result.problems.append(problem)
            return result
        reader = _Reader(result)
        for block in _blocks(text):
            try:
                reader.read_block(block)
            except Exception:  # never crash an import; say where it broke
                logger.exception("GIFT block at line %d", block[0][0])
                result.problems.append(
                    Problem(
                        _("This question could not be read."),
                        line=block[0][0],
                    )
                )
        if not result.questions and not result.categories and not result.errors:
            result.problems.append(Problem(_("The file holds no GIFT questions.")))
        return result

    def export(self, questions: list[ImportedQuestion]) -> str:
        from plugins.quiz.interchange.gift_writer import write_gift

        return write_gift(questions)


class _Reader:
    """Reads blocks of one file, remembering the current category."""

    def __init__(self, result: ParseResult):
        self.result = result
        self.category: tuple[str, ...] = ()

    def read_block(self, block: list[tuple[int, str]]) -> None:
        extra, extra_line, lines = None, None, []
        for number, line in block:
            if line.startswith(EXTRA_PREFIX):
                extra, extra_line = line[len(EXTRA_PREFIX) :].strip(), number
            elif not line.startswith("//"):
                lines.append((number, line))
        if not lines:
            return
        if lines[0][1].startswith("$CATEGORY:"):
            number, line = lines.pop(0)
            self.category = category_path(_post(_pre(line[len("$CATEGORY:") :])))
            if self.category:
                self.result.categories.append(
                    ImportedCategory(path=self.category, line=number)
                )
            if not lines:
                return
        line_number = lines[0][0]
        text = _pre("\n".join(line for _number, line in lines))
        question = self.read_question(text, line_number)
        if question is None:
            return
        if extra is not None:
            _apply_extra(question, extra, extra_line)
        self.result.questions.append(question)

    def file_problem(self, message, line, name=None, is_error=True):
        self.result.problems.append(
            Problem(message, line=line, question=name, is_error=is_error)
        )

    def read_question(self, text: str, line: int) -> ImportedQuestion | None:
        name = None
        if text.startswith("::"):
            end = text.find("::", 2)
            if end >= 0:
                name = _post(text[2:end]).strip()
                text = text[end + 2 :].strip()
            else:
                text = text[2:]
        shown = name or html_to_text(_post(text))[:60]
        start, finish = text.find("{"), text.find("}")
        if start < 0 and finish < 0:
            self.file_problem(
                _(
                    "This has no answers between { and }, so it is a description, "
                    "not a question. It was left out."
                ),
                line,
                shown,
                is_error=False,
            )
            return None
        if start < 0 or finish < 0 or finish < start:
            message = (
                _("The answers start with “{” but no “}” closes them.")
                if finish < 0
                else _("There is a “}” without a “{” before it.")
            )
            self.file_problem(
                message + " " + _("Write \\{ and \\} for braces in text."), line, shown
            )
            return None
        if "{" in text[finish + 1 :] or "}" in text[finish + 1 :]:
            self.file_problem(
                _(
                    "There is more than one {…} block; a GIFT question has one. "
                    "Write \\{ and \\} for braces in text."
                ),
                line,
                shown,
            )
            return None
        answers = text[start + 1 : finish].strip()
        if text.endswith("}"):
            question_text = text[:start] + text[finish + 1 :]
        else:
            question_text = text[:start] + "_____" + text[finish + 1 :]
        general = ""
        separator = answers.rfind("####")
        if separator >= 0:
            general = answers[separator + 4 :]
            answers = answers[:separator].strip()

        problems: list[Problem] = []
        where = {"line": line, "question": shown}
        body, text_format = _with_format(question_text.strip(), MOODLE)
        explanation, general_format = _with_format(general.strip(), text_format)
        question = ImportedQuestion(
            question_type="",
            title="",
            text=as_html(body, text_format, problems, **where),
            category_path=self.category,
            explanation=as_html(explanation, general_format, problems, **where),
            line=line,
            problems=problems,
        )
        question.title = (
            clean_title(name, problems, **where) if name else ""
        ) or default_title(question.text)
        where["question"] = name or question.title
        for problem in problems:
            problem.question = where["question"]
        _AnswerReader(question, text_format, where).read(answers)
        question.options = {**blank_options(question.question_type), **question.options}
        return question


class _AnswerReader:
    """Reads the part between ``{`` and ``}`` into ``question``."""

    def __init__(self, question: ImportedQuestion, text_format: str, where: dict):
        self.question = question
        self.format = text_format
        self.where = where

    def error(self, message: str) -> None:
        self.question.problems.append(Problem(message, **self.where))

    def html(self, text: str) -> str:
        body, text_format = _with_format(text, self.format)
        return as_html(body, text_format, self.question.problems, **self.where)

    def plain(self, text: str) -> str:
        body, text_format = _with_format(text, self.format)
        return as_plain(body, text_format, self.question.problems, **self.where)

    def weight(self, answer: str, position: int, default: Decimal):
        """(fraction, rest of the answer) for an answer that may start ``%n%``."""
        match = _WEIGHT.match(answer)
        if match:
            problems = self.question.problems
            fraction = read_grade(match.group(1), position, problems, **self.where)
            return fraction, answer[match.end() :]
        if _LOOKS_LIKE_WEIGHT.match(answer):
            self.error(
                _(
                    "Answer %(position)d starts with “%(weight)s”, which is not a "
                    "weight: write a percentage such as %%50%%."
                )
                % {"position": position, "weight": _LOOKS_LIKE_WEIGHT.match(answer)[0]}
            )
        return default, answer

    def read(self, answers: str) -> None:
        question = self.question
        if answers == "":
            question.question_type = "essay"
        elif answers.startswith("#"):
            question.question_type = "numerical"
            self.numerical(answers[1:])
        elif "~" in answers:
            question.question_type = (
                "multichoice" if "=" in answers else "multiresponse"
            )
            self.multichoice(answers)
        elif "=" in answers and "->" in answers:
            question.question_type = "matching"
            self.matching(answers)
        else:
            statement = answers.split("#", 1)[0].strip()
            if _post(statement) in _TRUE_FALSE:
                question.question_type = "truefalse"
                self.truefalse(answers)
            else:
                question.question_type = "shortanswer"
                self.shortanswer(answers)

    def split(self, answers: str, separator: str, minimum: int) -> list[str]:
        parts = answers.split(separator)
        if parts and not parts[0].strip():
            parts.pop(0)
        if len(parts) < minimum:
            self.error(
                _("This question needs at least %(n)d answers; it has %(count)d.")
                % {"n": minimum, "count": len(parts)}
            )
        return [part.strip() for part in parts]

    def comment(self, answer: str) -> tuple[str, str]:
        text, _hash, feedback = answer.partition("#")
        return text.strip(), (self.html(feedback.strip()) if _hash else "")

    def multichoice(self, answers: str) -> None:
        parts = self.split(answers.replace("=", "~="), "~", 2)
        for position, answer in enumerate(parts, start=1):
            if answer.startswith("="):
                # Moodle reads "=%50%x" as the answer "%50%x"; a weight is meant.
                fraction, answer = self.weight(answer[1:].lstrip(), position, None)
                fraction = Decimal(1) if fraction is None else fraction
            else:
                fraction, answer = self.weight(answer, position, Decimal(0))
            text, feedback = self.comment(answer)
            self.question.choices.append(
                ImportedChoice(
                    text=self.plain(text), fraction=fraction, feedback=feedback
                )
            )

    def shortanswer(self, answers: str) -> None:
        for position, answer in enumerate(self.split(answers, "=", 1), start=1):
            fraction, answer = self.weight(answer, position, Decimal(1))
            text, feedback = self.comment(answer)
            self.question.choices.append(
                ImportedChoice(
                    text=self.plain(text), fraction=fraction, feedback=feedback
                )
            )

    def numerical(self, answers: str) -> None:
        wrong = None
        if "~" in answers:
            answers, wrong = answers[: answers.find("~")], answers[answers.find("~") :]
        parts = self.split(answers, "=", 1)
        for position, answer in enumerate(parts, start=1):
            fraction, answer = self.weight(answer, position, Decimal(1))
            text, feedback = self.comment(answer)
            number, tolerance = self.number(_with_format(text, PLAIN)[0], position)
            self.question.choices.append(
                ImportedChoice(
                    text=number,
                    fraction=fraction,
                    feedback=feedback,
                    tolerance=tolerance,
                )
            )
        if wrong is not None:
            # Moodle's "any other answer" (*), with the feedback after "~".
            self.question.choices.append(
                ImportedChoice(text="*", feedback=self.comment(wrong[1:])[1])
            )

    def number(self, text: str, position: int) -> tuple[str, Decimal | None]:
        """(answer, tolerance) of ``3``, ``3:2`` or ``1..5``."""
        try:
            if text.find("..") > 0:
                low, high = (Decimal(part.strip()) for part in text.split("..", 1))
                middle = (low + high) / 2
                return number_text(middle), abs(high - middle)
            if text.find(":") > 0:
                answer, tolerance = text.split(":", 1)
                Decimal(answer.strip())
                return answer.strip(), Decimal(tolerance.strip())
            if text != "*":
                Decimal(text)
            return text, None
        except (InvalidOperation, ValueError):
            self.error(
                _(
                    "Answer %(position)d (“%(answer)s”) is not a number, a number "
                    "with an error margin (3:0.5) or a range (1..5)."
                )
                % {"position": position, "answer": text[:40]}
            )
            return text, None

    def matching(self, answers: str) -> None:
        for position, answer in enumerate(self.split(answers, "=", 2), start=1):
            left, arrow, right = answer.partition("->")
            if not arrow:
                self.error(
                    _("Answer %(position)d has no “->” between an item and its match.")
                    % {"position": position}
                )
                continue
            self.question.choices.append(
                ImportedChoice(
                    text=self.plain(left.strip()), match_text=_post(right).strip()
                )
            )

    def truefalse(self, answers: str) -> None:
        statement, wrong, right = [*answers.split("#", 2), "", ""][:3]
        correct = _TRUE_FALSE[_post(statement.strip())]
        wrong, right = self.plain(wrong.strip()), self.plain(right.strip())
        self.question.options = {
            "correct": correct,
            "feedback_true": right if correct else wrong,
            "feedback_false": wrong if correct else right,
        }


def number_text(number: Decimal) -> str:
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "0") else text


def _apply_extra(question: ImportedQuestion, raw: str, line: int | None) -> None:
    """Read the ``// lms-extra:`` comment into ``question``."""
    where = {"line": line, "question": question.title, "is_error": False}
    try:
        extra = json.loads(raw)
        if not isinstance(extra, dict):
            raise ValueError
    except ValueError:
        question.problems.append(
            Problem(
                _("The lms-extra comment is not valid JSON; it was ignored."), **where
            )
        )
        return
    for key in ("text_km", "explanation_km"):
        if isinstance(extra.get(key), str):
            setattr(question, key, extra[key])
    if isinstance(extra.get("tags"), list):
        question.tags = [str(tag) for tag in extra["tags"] if str(tag).strip()]
    if "default_mark" in extra:
        try:
            question.default_mark = Decimal(str(extra["default_mark"]))
        except InvalidOperation:
            question.problems.append(
                Problem(_("The default mark in lms-extra is not a number."), **where)
            )
    allowed = set(blank_options(question.question_type))
    if question.question_type == "essay":
        allowed.add("max_words")
    options = extra.get("options")
    if isinstance(options, dict):
        question.options.update(
            {key: value for key, value in options.items() if key in allowed}
        )
    choices = extra.get("choices")
    if isinstance(choices, list):
        if len(choices) != len(question.choices):
            question.problems.append(
                Problem(
                    _(
                        "The lms-extra comment has Khmer text for %(extra)d answers "
                        "but the question has %(count)d; it was ignored."
                    )
                    % {"extra": len(choices), "count": len(question.choices)},
                    **where,
                )
            )
            return
        for choice, khmer in zip(question.choices, choices, strict=True):
            if isinstance(khmer, dict):
                for key in ("text_km", "feedback_km", "match_text_km"):
                    if isinstance(khmer.get(key), str):
                        setattr(choice, key, khmer[key])
