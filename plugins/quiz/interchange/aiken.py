"""Aiken question files: multiple choice questions as plain text (import only).

::

    Which document lets a traveller enter the country?
    A. A library card
    B) A passport with a valid visa
    C. A bus ticket
    ANSWER: B

A question is its text (one or more lines), two or more options labelled
``A.`` or ``A)`` with capital letters, and an ``ANSWER:`` line naming the
right option; the right option scores 100%, the others 0. Blank lines are
ignored. The text is plain (it is escaped into HTML); the file is UTF-8, so
Khmer works. Problems: a question without ``ANSWER:``, an answer letter
that is not one of the options, fewer than two options, a text line among
the options.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plugins.quiz.interchange.base import (
    ImportedChoice,
    ImportedQuestion,
    ParseResult,
    Problem,
    QuestionFormat,
)
from plugins.quiz.interchange.moodle import decode_text, default_title
from plugins.quiz.interchange.richtext import plain_to_html

logger = logging.getLogger(__name__)

_OPTION = re.compile(r"^([A-Z])[.)][ \t]+(\S.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)


class AikenFormat(QuestionFormat):
    """Moodle's Aiken format (import only)."""

    identifier = "aiken"
    label = gettext_lazy("Aiken")
    extensions = (".txt",)

    def parse(self, data: bytes) -> ParseResult:
        result = ParseResult()
        text, problem = decode_text(data)
        if problem is not None:
            result.problems.append(problem)
            return result
        try:
            self._read(text, result)
        except Exception:  # never crash an import
            logger.exception("Aiken file")
            result.problems.append(Problem(_("The file could not be read.")))
        if not result.questions and not result.categories and not result.errors:
            result.problems.append(Problem(_("The file holds no Aiken questions.")))
        return result

    def _read(self, text: str, result: ParseResult) -> None:
        current: _Question | None = None
        for number, line in enumerate(text.split("\n"), start=1):
            line = line.strip()
            if not line:
                continue
            answer = _ANSWER.match(line)
            option = _OPTION.match(line)
            if answer:
                if current is None:
                    result.problems.append(
                        Problem(
                            _("“ANSWER:” comes before any question text."), line=number
                        )
                    )
                    continue
                result.questions.append(current.finish(answer.group(1).strip()))
                current = None
            elif option and current is not None:
                current.add_option(option.group(1), option.group(2), number)
            elif option:
                result.problems.append(
                    Problem(_("An option comes before any question text."), line=number)
                )
            elif current is not None and current.options:
                # Text after the options: the question had no ANSWER line.
                result.questions.append(current.finish(None))
                current = _Question(line, number)
            elif current is None:
                current = _Question(line, number)
            else:
                current.lines.append(line)
        if current is not None:
            result.questions.append(current.finish(None))


class _Question:
    def __init__(self, first_line: str, number: int):
        self.lines = [first_line]
        self.line = number
        self.options: dict[str, str] = {}
        self.problems: list[Problem] = []

    def add_option(self, letter: str, text: str, number: int) -> None:
        if letter in self.options:
            self.problems.append(
                Problem(
                    _("Line %(line)d repeats the option letter %(letter)s.")
                    % {"line": number, "letter": letter},
                    line=self.line,
                )
            )
            return
        self.options[letter] = text.strip()

    def finish(self, answer: str | None) -> ImportedQuestion:
        text = plain_to_html("\n".join(self.lines))
        question = ImportedQuestion(
            question_type="multichoice",
            title=default_title(text),
            text=text,
            line=self.line,
            problems=self.problems,
        )
        question.choices = [
            ImportedChoice(text=option, fraction=Decimal(0))
            for option in self.options.values()
        ]
        where = {"line": self.line, "question": question.title}
        for problem in self.problems:
            problem.question = question.title
        if len(self.options) < 2:
            self.problems.append(
                Problem(
                    _(
                        "A question needs at least 2 options (A. …, B. …); this one "
                        "has %(count)d."
                    )
                    % {"count": len(self.options)},
                    **where,
                )
            )
        if answer is None:
            self.problems.append(
                Problem(
                    _("The question has no “ANSWER:” line naming the right option."),
                    **where,
                )
            )
        elif answer.upper() not in self.options:
            self.problems.append(
                Problem(
                    _(
                        "The answer “%(answer)s” is not one of the options "
                        "(%(letters)s)."
                    )
                    % {
                        "answer": answer[:20],
                        "letters": ", ".join(self.options) or "-",
                    },
                    **where,
                )
            )
        else:
            position = list(self.options).index(answer.upper())
            question.choices[position].fraction = Decimal(1)
        return question
