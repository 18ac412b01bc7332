"""The question file formats the bank can import (and some export).

``FORMATS`` maps a format's identifier to an instance; the admin and the
``import_questions`` command look formats up with :func:`get_format`.

What every format hands over (see ``interchange.base`` for the contract):

* ``ImportedQuestion.text``, ``explanation`` and choice ``feedback`` are HTML
  (plain, Moodle-auto and Markdown text from a file is escaped into HTML).
* Choice ``text`` and ``match_text`` are plain text (HTML answers are turned
  into text), as the bank stores and shows them.
* ``options`` are the question type's own options, plain values, ready for
  the type's ``clean_definition`` (true/false feedback, essay templates and
  grader information are plain text).
* Grades (choice fractions) are Moodle's allowed grades (``0.3333333``, not
  ``0.33333``); any other grade is an error naming the grade as written.
* ``options`` always hold every key of the type (``moodle.blank_options``),
  so questions from different formats compare equal.

Modules: ``gift`` (read) and ``gift_writer``; ``moodlexml`` (read) and
``moodlexml_writer``; ``aiken``; ``csv_format`` (its docstring is the column
reference for trainers); ``moodle`` (Moodle's grades, category paths, text
formats, shared by the formats); ``richtext`` (file HTML <-> Wagtail rich
text); ``from_bank`` (bank questions -> ImportedQuestion, for export).
"""

from __future__ import annotations

from plugins.quiz.interchange.aiken import AikenFormat
from plugins.quiz.interchange.base import QuestionFormat
from plugins.quiz.interchange.csv_format import CsvFormat
from plugins.quiz.interchange.gift import GiftFormat
from plugins.quiz.interchange.moodlexml import MoodleXmlFormat

FORMATS: dict[str, QuestionFormat] = {
    fmt.identifier: fmt
    for fmt in (GiftFormat(), MoodleXmlFormat(), AikenFormat(), CsvFormat())
}


def get_format(identifier: str) -> QuestionFormat:
    """The format called ``identifier``; ``KeyError`` when there is none."""
    return FORMATS[identifier]
