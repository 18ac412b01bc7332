"""CSV question files: one question per row, for trainers who write questions
in a spreadsheet (import only).

**The file.** UTF-8, with or without a byte order mark (Excel's "CSV UTF-8"
and "Unicode text" both work, so Khmer text does). Cells are separated by
commas, semicolons or tabs (found from the header row). The first row names
the columns; their order does not matter, names ignore case, and columns
this page does not list are ignored with a warning. Blank rows are skipped.
Text is plain: it is shown as typed, line breaks kept.

**Columns for every question.**

``type`` (required)
    ``multichoice`` (one right answer), ``multiresponse`` (several),
    ``truefalse``, ``shortanswer``, ``numerical``, ``matching`` or ``essay``.
``question`` (required), ``question_km``
    The question text, in English (or the main language) and in Khmer.
``name``
    A short name to find the question in the bank; made from the text when
    empty.
``category``
    Where the question goes, below the category imported into: ``Passports``
    or ``Passports/Visas`` (``/`` separates levels; write ``//`` for a slash
    in a name). Empty: the category imported into.
``explanation``, ``explanation_km``
    Shown after the question is answered.
``default_mark``
    The mark of the question (default 1).
``tags``
    Comma-separated: ``passport, visa``.

**Answers** (``N`` = 1, 2, 3 ...; as many as the question needs):

``answer_N``, ``answer_N_km``
    The answer text. Numerical questions: a number.
``grade_N``
    Its grade in percent: ``100``, ``50``, ``-33.33333`` (a ``%`` sign is
    allowed). It must be a grade Moodle allows. Empty means 0 for
    multiple choice and 100 for short answer and numerical questions.
``feedback_N``, ``feedback_N_km``
    Shown to an officer who gave this answer.
``match_N``, ``match_N_km``
    Matching questions: what ``answer_N`` pairs with. A row with a
    ``match_N`` and no ``answer_N`` is a distractor.
``tolerance_N``
    Numerical questions: the accepted error, ± this value.

**Options of some types.**

``correct``
    True/false questions (required): ``true`` or ``false``.
``feedback_true``, ``feedback_true_km``, ``feedback_false``, ``feedback_false_km``
    True/false questions: shown to an officer who answered "True" / "False".
``case_sensitive``
    Short answer questions: ``true`` when case matters.
``max_words``, ``response_template``, ``response_template_km``,
``grader_info``, ``grader_info_km``
    Essays: word limit, text the answer box starts with, notes for markers.

Yes/no cells accept ``true``/``false``, ``yes``/``no``, ``1``/``0``. Numbers
may use a comma as the decimal mark. Problems name the row (the header is
row 1, as in a spreadsheet) and the column.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plugins.quiz.interchange.base import (
    ImportedChoice,
    ImportedQuestion,
    ParseResult,
    Problem,
    QuestionFormat,
)
from plugins.quiz.interchange.moodle import (
    blank_options,
    category_path,
    clean_title,
    decode_text,
    default_title,
    read_grade,
)
from plugins.quiz.interchange.richtext import plain_to_html

logger = logging.getLogger(__name__)

TYPES = (
    "multichoice",
    "multiresponse",
    "truefalse",
    "shortanswer",
    "numerical",
    "matching",
    "essay",
)
_QUESTION_COLUMNS = {
    "type",
    "question",
    "question_km",
    "name",
    "category",
    "explanation",
    "explanation_km",
    "default_mark",
    "tags",
    "correct",
    "feedback_true",
    "feedback_true_km",
    "feedback_false",
    "feedback_false_km",
    "case_sensitive",
    "max_words",
    "response_template",
    "response_template_km",
    "grader_info",
    "grader_info_km",
}
_ANSWER_COLUMN = re.compile(
    r"^(answer|grade|feedback|match|tolerance)_(\d{1,3})(_km)?$"
)
_YES = {"true", "yes", "1", "t", "y"}
_NO = {"false", "no", "0", "f", "n", ""}
#: Types whose answers are right unless a grade says otherwise.
_FULL_BY_DEFAULT = {"shortanswer", "numerical"}


def _column_name(header: str) -> str:
    return re.sub(r"[\s-]+", "_", header.strip().lower())


def _dialect(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=counts.get)


class CsvFormat(QuestionFormat):
    """One question per row (see the module doc for the columns)."""

    identifier = "csv"
    label = gettext_lazy("CSV (spreadsheet)")
    extensions = (".csv", ".tsv", ".txt")

    def parse(self, data: bytes) -> ParseResult:
        result = ParseResult()
        text, problem = decode_text(data)
        if problem is not None:
            result.problems.append(problem)
            return result
        if not text.strip():
            result.problems.append(Problem(_("The file is empty.")))
            return result
        # strict: an unclosed quote is an error, not a cell that eats the file.
        rows = csv.reader(
            io.StringIO(text, newline=""), delimiter=_dialect(text), strict=True
        )
        try:
            header = [_column_name(cell) for cell in next(rows)]
            missing = [name for name in ("type", "question") if name not in header]
            if missing:
                result.problems.append(
                    Problem(
                        _(
                            "The first row must name the columns; “%(missing)s” is "
                            "missing. See the column list in the help."
                        )
                        % {"missing": "”, “".join(missing)},
                        line=1,
                    )
                )
                return result
            unknown = [
                name
                for name in header
                if name
                and name not in _QUESTION_COLUMNS
                and not _ANSWER_COLUMN.match(name)
            ]
            if unknown:
                result.problems.append(
                    Problem(
                        _("These columns are not used and were ignored: %(names)s.")
                        % {"names": ", ".join(unknown)},
                        line=1,
                        is_error=False,
                    )
                )
            for row_number, row in enumerate(rows, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                cells = {
                    name: value.strip()
                    for name, value in zip(header, row, strict=False)
                    if name
                }
                if len(row) > len(header) and any(
                    c.strip() for c in row[len(header) :]
                ):
                    result.problems.append(
                        Problem(
                            _("Row %(row)d has more cells than the header row names.")
                            % {"row": row_number},
                            line=row_number,
                        )
                    )
                    continue
                try:
                    result.questions.append(_RowReader(cells, row_number).read())
                except Exception:  # never crash an import; say where it broke
                    logger.exception("CSV row %d", row_number)
                    result.problems.append(
                        Problem(
                            _("Row %(row)d could not be read.") % {"row": row_number},
                            line=row_number,
                        )
                    )
        except csv.Error as error:
            result.problems.append(
                Problem(
                    _("The file could not be read as CSV: %(message)s")
                    % {"message": error},
                    line=rows.line_num or None,
                )
            )
        if not result.questions and not result.categories and not result.errors:
            result.problems.append(Problem(_("The file holds no questions.")))
        return result


class _RowReader:
    def __init__(self, cells: dict[str, str], row: int):
        self.cells = cells
        self.row = row
        self.problems: list[Problem] = []
        self.where = {"line": row, "question": cells.get("name") or None}

    def get(self, name: str) -> str:
        return self.cells.get(name, "")

    def error(self, column: str, message: str) -> None:
        self.problems.append(
            Problem(
                _("Row %(row)d, column “%(column)s”: %(problem)s")
                % {"row": self.row, "column": column, "problem": message},
                **self.where,
            )
        )

    def number(self, column: str) -> Decimal | None:
        value = self.get(column).replace(",", ".")
        if not value:
            return None
        try:
            number = Decimal(value)
            if number.is_finite():
                return number
        except InvalidOperation:
            pass
        self.error(column, _("“%(value)s” is not a number.") % {"value": value[:40]})
        return None

    def yes_no(self, column: str) -> bool | None:
        value = self.get(column).lower()
        if value in _YES:
            return True
        if value in _NO:
            return False
        self.error(
            column, _("Write true or false, not “%(value)s”.") % {"value": value[:40]}
        )
        return None

    def read(self) -> ImportedQuestion:
        kind = self.get("type").lower()
        text = plain_to_html(self.get("question"))
        title = clean_title(self.get("name"), self.problems, **self.where)
        question = ImportedQuestion(
            question_type=kind,
            title=title or default_title(text),
            text=text,
            text_km=plain_to_html(self.get("question_km")),
            explanation=plain_to_html(self.get("explanation")),
            explanation_km=plain_to_html(self.get("explanation_km")),
            category_path=category_path(self.get("category")),
            tags=[tag.strip() for tag in self.get("tags").split(",") if tag.strip()],
            line=self.row,
            problems=self.problems,
        )
        self.where["question"] = question.title
        for problem in self.problems:
            problem.question = question.title
        if kind not in TYPES:
            self.error(
                "type",
                _("“%(type)s” is not a question type; use one of %(types)s.")
                % {"type": kind[:40], "types": ", ".join(TYPES)},
            )
            return question
        if not self.get("question"):
            self.error("question", _("The question text is empty."))
        mark = self.number("default_mark")
        if mark is not None:
            question.default_mark = mark
        question.options = blank_options(kind)
        self.options(question)
        if kind not in ("truefalse", "essay"):
            question.choices = self.choices(kind)
        return question

    def options(self, question: ImportedQuestion) -> None:
        kind, options = question.question_type, question.options
        if kind == "truefalse":
            if not self.get("correct"):
                self.error("correct", _("Say whether the statement is true or false."))
            else:
                options["correct"] = bool(self.yes_no("correct"))
        elif kind == "shortanswer":
            options["case_sensitive"] = bool(self.yes_no("case_sensitive"))
        elif kind == "essay" and self.get("max_words"):
            value = self.get("max_words")
            if value.isdigit() and int(value) > 0:
                options["max_words"] = int(value)
            else:
                self.error("max_words", _("Write a whole number above 0."))
        for key in options:
            if isinstance(options[key], str):
                options[key] = self.get(key)

    def choices(self, kind: str) -> list[ImportedChoice]:
        numbers = sorted(
            {int(m.group(2)) for m in map(_ANSWER_COLUMN.match, self.cells) if m}
        )
        choices = []
        for n in numbers:
            answer, match = self.get(f"answer_{n}"), self.get(f"match_{n}")
            if not answer and not (kind == "matching" and match):
                filled = [
                    name
                    for name in self.cells
                    if self.cells[name]
                    and (m := _ANSWER_COLUMN.match(name))
                    and int(m.group(2)) == n
                ]
                if filled:
                    self.error(
                        filled[0],
                        _("There is no answer_%(n)d for this value.") % {"n": n},
                    )
                continue
            written = self.get(f"grade_{n}").rstrip("%").strip().replace(",", ".")
            if written:
                grade_problems: list[Problem] = []
                fraction = read_grade(
                    written, len(choices) + 1, grade_problems, **self.where
                )
                for problem in grade_problems:
                    self.error(f"grade_{n}", problem.message)
            else:
                fraction = Decimal(1 if kind in _FULL_BY_DEFAULT else 0)
            choice = ImportedChoice(
                text=answer,
                fraction=fraction,
                feedback=plain_to_html(self.get(f"feedback_{n}")),
                match_text=match,
                text_km=self.get(f"answer_{n}_km"),
                feedback_km=plain_to_html(self.get(f"feedback_{n}_km")),
                match_text_km=self.get(f"match_{n}_km"),
            )
            if kind == "numerical":
                choice.tolerance = self.number(f"tolerance_{n}")
                if answer != "*":
                    self.number(f"answer_{n}")
            choices.append(choice)
        return choices
