"""Writing Moodle XML files (see ``interchange.moodlexml`` for the format).

The output is what Moodle's own export writes for these types, so Moodle
imports it: a ``category`` question before the questions of each category,
texts in CDATA where needed, every embedded file base64-encoded inside the
``<questiontext>`` (and again in each other part that shows it, because
Moodle keeps files per part). Khmer fields go into ``<khmer>`` elements,
which Moodle ignores and :mod:`interchange.moodlexml` reads back.
"""

from __future__ import annotations

import base64
import re
from decimal import Decimal
from xml.sax.saxutils import quoteattr

from plugins.quiz.interchange.base import EmbeddedFile, ImportedQuestion
from plugins.quiz.interchange.moodle import percent, write_category_path
from plugins.quiz.interchange.richtext import referenced_files

#: Characters XML 1.0 cannot hold at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _cdata(value: str) -> str:
    """Moodle's xml_escape: CDATA when the text has markup characters."""
    value = _NOT_XML.sub("", value or "")
    if any(char in value for char in "<>&\"'"):
        return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return value


def _text(value: str) -> str:
    return f"<text>{_cdata(value)}</text>"


def _number(value: Decimal) -> str:
    text = f"{Decimal(value).normalize():f}"
    return "0" if text in ("-0", "0") else text


def write_moodle_xml(questions: list[ImportedQuestion]) -> str:
    """``questions`` as a Moodle XML file."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    category = None
    for question in questions:
        path = tuple(question.category_path)
        if path != category:
            category = path
            out += [
                '  <question type="category">',
                f"    <category>{_text(write_category_path(path))}</category>",
                '    <info format="html"><text></text></info>',
                "  </question>",
            ]
        out += _Writer(question).lines()
    out.append("</quiz>")
    return "\n".join(out) + "\n"


class _Writer:
    def __init__(self, question: ImportedQuestion):
        self.question = question

    def files(self, *texts: str, everything: bool = False) -> list[str]:
        """``<file>`` elements of the files ``texts`` show (or of all files)."""
        shown = set().union(*(referenced_files(text) for text in texts if text))
        return [
            self.file(embedded)
            for embedded in self.question.files
            if everything or embedded.name in shown
        ]

    @staticmethod
    def file(embedded: EmbeddedFile) -> str:
        path, _slash, name = embedded.name.rpartition("/")
        path = f"/{path}/" if path else "/"
        content = base64.b64encode(embedded.content).decode("ascii")
        return (
            f"<file name={quoteattr(name)} path={quoteattr(path)} "
            f'encoding="base64">{content}</file>'
        )

    def lines(self) -> list[str]:
        question = self.question
        kind = question.question_type
        moodle_type = "matching" if kind == "matching" else kind
        if kind == "multiresponse":
            moodle_type = "multichoice"
        out = [
            f'  <question type="{moodle_type}">',
            f"    <name>{_text(question.title)}</name>",
            '    <questiontext format="html">',
            f"      {_text(question.text)}",
            *(f"      {element}" for element in self.files(everything=True)),
            "    </questiontext>",
            '    <generalfeedback format="html">',
            f"      {_text(question.explanation)}",
            *(f"      {element}" for element in self.files(question.explanation)),
            "    </generalfeedback>",
            f"    <defaultgrade>{_number(question.default_mark)}</defaultgrade>",
            "    <penalty>0.3333333</penalty>",
            "    <hidden>0</hidden>",
            "    <idnumber></idnumber>",
        ]
        out += getattr(self, kind, self.unknown)()
        if question.tags:
            out.append("    <tags>")
            out += [f"      <tag>{_text(tag)}</tag>" for tag in question.tags]
            out.append("    </tags>")
        out += self.khmer()
        out.append("  </question>")
        return out

    def unknown(self) -> list[str]:
        return []

    def answer(self, choice, attrs: str, extra: list[str] = ()) -> list[str]:
        return [
            f'    <answer fraction="{percent(choice.fraction)}"{attrs}>',
            f"      {_text(choice.text)}",
            '      <feedback format="html">',
            f"        {_text(choice.feedback)}",
            *(f"        {element}" for element in self.files(choice.feedback)),
            "      </feedback>",
            *extra,
            *self.choice_khmer(choice),
            "    </answer>",
        ]

    @staticmethod
    def choice_khmer(choice) -> list[str]:
        parts = [
            f"<{key.removesuffix('_km')}>{_cdata(getattr(choice, key))}"
            f"</{key.removesuffix('_km')}>"
            for key in ("text_km", "feedback_km", "match_text_km")
            if getattr(choice, key)
        ]
        return [f"      <khmer>{''.join(parts)}</khmer>"] if parts else []

    def khmer(self) -> list[str]:
        question = self.question
        parts = []
        if question.text_km:
            parts.append(f"      <text>{_cdata(question.text_km)}</text>")
        if question.explanation_km:
            parts.append(
                f"      <explanation>{_cdata(question.explanation_km)}</explanation>"
            )
        for key, value in question.options.items():
            if key.endswith("_km") and value:
                parts.append(
                    f"      <option name={quoteattr(key)}>{_cdata(value)}</option>"
                )
        return ["    <khmer>", *parts, "    </khmer>"] if parts else []

    def choice_lines(self, attrs: str) -> list[str]:
        out = []
        for choice in self.question.choices:
            out += self.answer(choice, attrs)
        return out

    def _combined_feedback(self) -> list[str]:
        return [
            f'    <{name} format="html"><text></text></{name}>'
            for name in (
                "correctfeedback",
                "partiallycorrectfeedback",
                "incorrectfeedback",
            )
        ]

    def multichoice(self, single: bool = True) -> list[str]:
        return [
            f"    <single>{'true' if single else 'false'}</single>",
            "    <shuffleanswers>true</shuffleanswers>",
            "    <answernumbering>abc</answernumbering>",
            "    <showstandardinstruction>0</showstandardinstruction>",
            *self._combined_feedback(),
            *self.choice_lines(' format="plain_text"'),
        ]

    def multiresponse(self) -> list[str]:
        return self.multichoice(single=False)

    def truefalse(self) -> list[str]:
        options = self.question.options
        correct = bool(options.get("correct"))
        out = []
        for value in (True, False):
            word = "true" if value else "false"
            out += [
                f'    <answer fraction="{100 if value is correct else 0}" '
                'format="moodle_auto_format">',
                f"      <text>{word}</text>",
                '      <feedback format="plain_text">',
                f"        {_text(options.get(f'feedback_{word}') or '')}",
                "      </feedback>",
                "    </answer>",
            ]
        return out

    def shortanswer(self) -> list[str]:
        usecase = 1 if self.question.options.get("case_sensitive") else 0
        return [
            f"    <usecase>{usecase}</usecase>",
            *self.choice_lines(' format="moodle_auto_format"'),
        ]

    def numerical(self) -> list[str]:
        out = []
        for choice in self.question.choices:
            extra = []
            if choice.tolerance is not None:
                extra = [f"      <tolerance>{_number(choice.tolerance)}</tolerance>"]
            out += self.answer(choice, ' format="moodle_auto_format"', extra)
        return out

    def matching(self) -> list[str]:
        out = ["    <shuffleanswers>true</shuffleanswers>", *self._combined_feedback()]
        for choice in self.question.choices:
            out += [
                '    <subquestion format="plain_text">',
                f"      {_text(choice.text)}",
                f"      <answer>{_text(choice.match_text)}</answer>",
                *self.choice_khmer(choice),
                "    </subquestion>",
            ]
        return out

    def essay(self) -> list[str]:
        options = self.question.options
        max_words = options.get("max_words") or ""
        return [
            "    <responseformat>editor</responseformat>",
            "    <responserequired>1</responserequired>",
            "    <responsefieldlines>15</responsefieldlines>",
            "    <minwordlimit></minwordlimit>",
            f"    <maxwordlimit>{max_words}</maxwordlimit>",
            "    <attachments>0</attachments>",
            "    <attachmentsrequired>0</attachmentsrequired>",
            '    <graderinfo format="plain_text">',
            f"      {_text(options.get('grader_info') or '')}",
            "    </graderinfo>",
            '    <responsetemplate format="plain_text">',
            f"      {_text(options.get('response_template') or '')}",
            "    </responsetemplate>",
        ]
