"""Moodle XML question files (``qformat_xml``), read and written.

Reading uses defusedxml's SAX parser: entity declarations (the "billion
laughs"), external entities and DTD tricks are refused, and every element
knows its line, so problems name the line where its ``<question>`` starts.

Mapped types: ``category`` (``$course$/A/B`` with ``<info>`` as the
description), ``multichoice`` (``<single>true`` -> multichoice, else
multiresponse), ``truefalse``, ``shortanswer`` (``<usecase>`` -> case
sensitive), ``numerical`` (``<tolerance>``; units are dropped with a
warning), ``matching`` (``<subquestion>``; an empty one is a distractor) and
``essay`` (``<graderinfo>``, ``<responsetemplate>``, ``<maxwordlimit>``).
A ``description`` is skipped with a warning; Cloze, calculated, drag and
drop and any other type are errors that say why they cannot be mapped.
Grades must be ones Moodle allows. ``<file>`` elements (base64) become
:class:`EmbeddedFile` objects; ``<tags>`` tags; ``<defaultgrade>`` the
default mark; ``<generalfeedback>`` the explanation.

**Khmer.** Moodle has no Khmer fields. Export writes them into ``<khmer>``
elements (in a question, an answer or a subquestion) that Moodle ignores and
this parser reads back, so an export re-imports unchanged.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import re
from decimal import Decimal, InvalidOperation
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler, ErrorHandler
from xml.sax.xmlreader import InputSource

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plugins.quiz.interchange.base import (
    EmbeddedFile,
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
    default_title,
    read_grade,
)
from plugins.quiz.interchange.richtext import plugin_file_url, referenced_files

logger = logging.getLogger(__name__)

_FORMATS = {
    "html": HTML,
    "moodle_auto_format": MOODLE,
    "plain_text": PLAIN,
    "wiki_like": PLAIN,
    "markdown": MARKDOWN,
}
#: Why Moodle types we do not have cannot be imported.
UNSUPPORTED = {
    "cloze": gettext_lazy(
        "Embedded answers (Cloze) questions hide several answers in their text; "
        "no question type here can hold them."
    ),
    "calculated": gettext_lazy(
        "Calculated questions compute their answers from random values; no "
        "question type here does that."
    ),
    "ddwtos": gettext_lazy(
        "Drag and drop into text questions have no question type here."
    ),
    "gapselect": gettext_lazy(
        "Select missing words questions have no question type here."
    ),
    "randomsamatch": gettext_lazy(
        "Random short-answer matching questions draw from other questions; no "
        "question type here does that."
    ),
}
for _alias, _reason in (
    ("multianswer", "cloze"),
    ("calculatedsimple", "calculated"),
    ("calculatedmulti", "calculated"),
    ("ddimageortext", "ddwtos"),
    ("ddmarker", "ddwtos"),
):
    UNSUPPORTED[_alias] = UNSUPPORTED[_reason]


class _Node:
    """An element: name, attributes, children, text and the line it starts on."""

    __slots__ = ("name", "attrs", "children", "chunks", "line")

    def __init__(self, name, attrs, line):
        self.name, self.attrs, self.line = name, attrs, line
        self.children: list[_Node] = []
        self.chunks: list[str] = []

    def child(self, *path: str) -> _Node | None:
        node = self
        for name in path:
            node = next((c for c in node.children if c.name == name), None)
            if node is None:
                return None
        return node

    def all(self, name: str) -> list[_Node]:
        return [child for child in self.children if child.name == name]

    @property
    def text(self) -> str:
        return "".join(self.chunks).strip()

    def text_at(self, *path: str, default: str = "") -> str:
        node = self.child(*path)
        return default if node is None else node.text


class _TreeBuilder(ContentHandler):
    def __init__(self):
        super().__init__()
        self.locator = None
        self.root = _Node("", {}, 1)
        self.stack = [self.root]

    def setDocumentLocator(self, locator):
        self.locator = locator

    def line(self) -> int | None:
        return self.locator.getLineNumber() if self.locator else None

    def startElement(self, name, attrs):
        node = _Node(name, dict(attrs), self.line())
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def endElement(self, name):
        self.stack.pop()

    def characters(self, content):
        self.stack[-1].chunks.append(content)


def _read_tree(data: bytes) -> tuple[_Node | None, Problem | None]:
    builder = _TreeBuilder()
    parser = make_parser()
    parser.setContentHandler(builder)
    parser.setErrorHandler(ErrorHandler())
    source = InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except SAXParseException as error:
        return None, Problem(
            _("The file is not well-formed XML: %(message)s (column %(column)s).")
            % {"message": error.getMessage(), "column": error.getColumnNumber()},
            line=error.getLineNumber(),
        )
    except DefusedXmlException:
        return None, Problem(
            _(
                "The file declares XML entities or a document type, which are "
                "refused for safety. Moodle's exports have none."
            ),
            line=builder.line(),
        )
    except (SAXException, ValueError, LookupError) as error:
        return None, Problem(
            _("The file could not be read as XML: %(message)s") % {"message": error},
            line=builder.line(),
        )
    return builder.root, None


class MoodleXmlFormat(QuestionFormat):
    """Moodle's XML format (import and export)."""

    identifier = "moodlexml"
    label = gettext_lazy("Moodle XML")
    extensions = (".xml",)
    can_export = True
    content_type = "application/xml; charset=utf-8"

    def parse(self, data: bytes) -> ParseResult:
        result = ParseResult()
        if not data.strip():
            result.problems.append(Problem(_("The file is empty.")))
            return result
        root, problem = _read_tree(data)
        if problem is not None:
            result.problems.append(problem)
            return result
        quiz = root.children[0] if root.children else None
        if quiz is None or quiz.name != "quiz":
            result.problems.append(
                Problem(
                    _(
                        "This is not a Moodle XML question file: it must start with "
                        "<quiz>."
                    ),
                    line=quiz.line if quiz else None,
                )
            )
            return result
        reader = _Reader(result)
        for node in quiz.all("question"):
            try:
                reader.read(node)
            except Exception:  # never crash an import; say where it broke
                logger.exception("Moodle XML question at line %s", node.line)
                result.problems.append(
                    Problem(_("This question could not be read."), line=node.line)
                )
        if not result.questions and not result.categories and not result.errors:
            result.problems.append(Problem(_("The file holds no questions.")))
        return result

    def export(self, questions: list[ImportedQuestion]) -> str:
        from plugins.quiz.interchange.moodlexml_writer import write_moodle_xml

        return write_moodle_xml(questions)


def _files_of(node: _Node | None, problems: list[Problem], where: dict):
    """The base64 ``<file>`` children of ``node`` as EmbeddedFile objects."""
    found = []
    for element in node.all("file") if node is not None else ():
        name = (element.attrs.get("path", "/") + element.attrs.get("name", "")).lstrip(
            "/"
        )
        if not name:
            problems.append(Problem(_("A <file> element has no name."), **where))
            continue
        encoding = element.attrs.get("encoding", "base64")
        try:
            if encoding != "base64":
                raise ValueError
            content = base64.b64decode(re.sub(r"\s+", "", element.text), validate=True)
        except (binascii.Error, ValueError):
            problems.append(
                Problem(
                    _("The file “%(name)s” is not valid base64 data.") % {"name": name},
                    **where,
                )
            )
            continue
        found.append(EmbeddedFile(name=name, content=content))
    return found


class _Reader:
    def __init__(self, result: ParseResult):
        self.result = result
        self.category: tuple[str, ...] = ()

    def read(self, node: _Node) -> None:
        kind = node.attrs.get("type", "")
        name = node.text_at("name", "text")
        if kind == "category":
            self.category = category_path(node.text_at("category", "text"))
            info = node.child("info")
            description = ""
            if info is not None:
                text_format = _FORMATS.get(info.attrs.get("format", ""), HTML)
                description = as_plain(info.text_at("text"), text_format, [])
            if self.category:
                self.result.categories.append(
                    ImportedCategory(self.category, description, line=node.line)
                )
            return
        if kind == "description":
            self.result.problems.append(
                Problem(
                    _(
                        "A description is not a question (it has no answer); it was "
                        "left out."
                    ),
                    line=node.line,
                    question=name,
                    is_error=False,
                )
            )
            return
        reader = _QUESTION_TYPES.get(kind)
        if reader is None:
            if not kind:
                self.result.problems.append(
                    Problem(
                        _("The <question> has no type attribute."),
                        line=node.line,
                        question=name or None,
                    )
                )
                return
            reason = UNSUPPORTED.get(kind) or _("No question type here matches it.")
            self.result.problems.append(
                Problem(
                    _("The Moodle question type “%(type)s” cannot be imported. %(why)s")
                    % {"type": kind, "why": reason},
                    line=node.line,
                    question=name or None,
                )
            )
            return
        self.result.questions.append(_QuestionReader(node, self.category).read(reader))


class _QuestionReader:
    """Reads one ``<question>`` of a mapped type."""

    def __init__(self, node: _Node, category: tuple[str, ...]):
        self.node = node
        self.problems: list[Problem] = []
        self.where = {"line": node.line, "question": node.text_at("name", "text")}
        self.question = ImportedQuestion(
            question_type="",
            title="",
            text="",
            category_path=category,
            line=node.line,
            problems=self.problems,
        )
        self.text_format = _FORMATS.get(
            node.child("questiontext").attrs.get("format", "html")
            if node.child("questiontext") is not None
            else "html",
            HTML,
        )

    def field(self, element: _Node | None, plain: bool = False) -> str:
        """The text of ``element`` (as HTML, or plain), its files collected."""
        if element is None:
            return ""
        text_format = _FORMATS.get(element.attrs.get("format", ""), self.text_format)
        text = element.text_at("text")
        for embedded in _files_of(element, self.problems, self.where):
            text = self.add_file(embedded, text)
        if plain:
            if text_format == HTML and "<img" in text:
                self.problems.append(
                    Problem(
                        _(
                            "An answer holds an image, which answers cannot show; it "
                            "was left out."
                        ),
                        is_error=False,
                        **self.where,
                    )
                )
            return as_plain(text, text_format, self.problems, **self.where)
        return as_html(text, text_format, self.problems, **self.where)

    def add_file(self, embedded: EmbeddedFile, text: str) -> str:
        """Keep ``embedded``; a different file of a name already taken is
        renamed, and ``text``'s references to it follow."""
        files = {existing.name: existing for existing in self.question.files}
        name, number = embedded.name, 1
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, ""
        while name in files and files[name].content != embedded.content:
            number += 1
            name = f"{stem}-{number}{dot}{extension}"
        if name not in files:
            self.question.files.append(
                EmbeddedFile(name=name, content=embedded.content)
            )
        if name != embedded.name:
            for old in {
                plugin_file_url(embedded.name),
                f"@@PLUGINFILE@@/{embedded.name}",
            }:
                text = text.replace(old, plugin_file_url(name))
        return text

    def read(self, reader) -> ImportedQuestion:
        node, question = self.node, self.question
        title = clean_title(self.where["question"], self.problems, **self.where)
        question.text = self.field(node.child("questiontext"))
        question.title = title or default_title(question.text)
        if not title:
            self.problems.append(
                Problem(
                    _("The question has no name; it was named after its text."),
                    is_error=False,
                    **self.where,
                )
            )
        self.where["question"] = question.title
        for problem in self.problems:
            problem.question = question.title
        question.explanation = self.field(node.child("generalfeedback"))
        mark = node.text_at("defaultgrade")
        if mark:
            try:
                question.default_mark = Decimal(mark)
            except InvalidOperation:
                self.problems.append(
                    Problem(
                        _("The default mark “%(mark)s” is not a number.")
                        % {"mark": mark[:40]},
                        **self.where,
                    )
                )
        question.tags = (
            [tag.text_at("text") for tag in node.child("tags").all("tag")]
            if node.child("tags") is not None
            else []
        )
        question.tags = [tag for tag in question.tags if tag]
        reader(self)
        question.options = {**blank_options(question.question_type), **question.options}
        self.khmer(node.child("khmer"))
        self.check_references()
        return question

    def answers(self) -> list[tuple[int, _Node]]:
        return list(enumerate(self.node.all("answer"), start=1))

    def grade(self, answer: _Node, position: int) -> Decimal:
        written = answer.attrs.get("fraction", "0")
        return read_grade(written, position, self.problems, **self.where)

    def khmer_of(self, node: _Node, choice: ImportedChoice) -> None:
        khmer = node.child("khmer")
        if khmer is not None:
            choice.text_km = khmer.text_at("text")
            choice.feedback_km = khmer.text_at("feedback")
            choice.match_text_km = khmer.text_at("match_text")

    def khmer(self, khmer: _Node | None) -> None:
        if khmer is None:
            return
        self.question.text_km = khmer.text_at("text")
        self.question.explanation_km = khmer.text_at("explanation")
        allowed = set(blank_options(self.question.question_type))
        for option in khmer.all("option"):
            key = option.attrs.get("name", "")
            if key in allowed and key.endswith("_km"):
                self.question.options[key] = option.text

    def check_references(self) -> None:
        question = self.question
        texts = [question.text, question.explanation, question.text_km]
        texts += [question.explanation_km]
        texts += [choice.feedback for choice in question.choices]
        texts += [choice.feedback_km for choice in question.choices]
        names = {embedded.name for embedded in question.files}
        for missing in sorted(set().union(*map(referenced_files, texts)) - names):
            self.problems.append(
                Problem(
                    _(
                        "The text shows the file “%(name)s”, which is not in the "
                        "question file."
                    )
                    % {"name": missing},
                    is_error=False,
                    **self.where,
                )
            )


def _multichoice(reader: _QuestionReader) -> None:
    single = reader.node.text_at("single", default="true")
    reader.question.question_type = (
        "multiresponse" if single in ("false", "", "0") else "multichoice"
    )
    for position, answer in reader.answers():
        choice = ImportedChoice(
            text=reader.field(answer, plain=True),
            fraction=reader.grade(answer, position),
            feedback=reader.field(answer.child("feedback")),
        )
        reader.khmer_of(answer, choice)
        reader.question.choices.append(choice)


def _truefalse(reader: _QuestionReader) -> None:
    question = reader.question
    question.question_type = "truefalse"
    options = {"correct": True}
    answers = reader.answers()
    for position, answer in answers:
        text = answer.text_at("text")
        if text not in ("true", "false"):
            text = "true" if position == 1 else "false"  # Moodle's old files
        fraction = reader.grade(answer, position)
        if text == "true":
            options["correct"] = fraction == 1
        else:
            options["correct"] = fraction != 1
        options[f"feedback_{text}"] = reader.field(answer.child("feedback"), plain=True)
    if not answers:
        reader.problems.append(
            Problem(_("The true/false question has no answers."), **reader.where)
        )
    question.options = options


def _shortanswer(reader: _QuestionReader) -> None:
    question = reader.question
    question.question_type = "shortanswer"
    question.options = {
        "case_sensitive": reader.node.text_at("usecase") in ("1", "true")
    }
    for position, answer in reader.answers():
        choice = ImportedChoice(
            text=answer.text_at("text"),
            fraction=reader.grade(answer, position),
            feedback=reader.field(answer.child("feedback")),
        )
        reader.khmer_of(answer, choice)
        question.choices.append(choice)


def _numerical(reader: _QuestionReader) -> None:
    question = reader.question
    question.question_type = "numerical"
    for position, answer in reader.answers():
        text = answer.text_at("text") or "*"
        tolerance = None
        if answer.child("tolerance") is not None:
            try:
                tolerance = Decimal(answer.text_at("tolerance") or "0")
            except InvalidOperation:
                reader.problems.append(
                    Problem(
                        _("Answer %(position)d has a tolerance that is not a number.")
                        % {"position": position},
                        **reader.where,
                    )
                )
        choice = ImportedChoice(
            text=text,
            fraction=reader.grade(answer, position),
            feedback=reader.field(answer.child("feedback")),
            tolerance=tolerance,
        )
        reader.khmer_of(answer, choice)
        question.choices.append(choice)
    units = reader.node.child("units")
    if units is not None and units.all("unit"):
        reader.problems.append(
            Problem(
                _("Units are not supported; the answers are plain numbers."),
                is_error=False,
                **reader.where,
            )
        )


def _matching(reader: _QuestionReader) -> None:
    question = reader.question
    question.question_type = "matching"
    for subquestion in reader.node.all("subquestion"):
        choice = ImportedChoice(
            text=reader.field(subquestion, plain=True),
            match_text=subquestion.text_at("answer", "text"),
        )
        reader.khmer_of(subquestion, choice)
        question.choices.append(choice)


def _essay(reader: _QuestionReader) -> None:
    node, question = reader.node, reader.question
    question.question_type = "essay"
    options = {
        "grader_info": reader.field(node.child("graderinfo"), plain=True),
        "response_template": reader.field(node.child("responsetemplate"), plain=True),
    }
    limit = node.text_at("maxwordlimit")
    if limit:
        if limit.isdigit() and int(limit) > 0:
            options["max_words"] = int(limit)
        else:
            reader.problems.append(
                Problem(
                    _("The word limit “%(limit)s” is not a whole number above 0.")
                    % {"limit": limit[:40]},
                    **reader.where,
                )
            )
    if node.text_at("responseformat") == "noinline" or node.text_at(
        "attachments", default="0"
    ) not in ("0", ""):
        reader.problems.append(
            Problem(
                _("Attachments are not supported: officers answer with text."),
                is_error=False,
                **reader.where,
            )
        )
    question.options = options


_QUESTION_TYPES = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "match": _matching,
    "essay": _essay,
}
