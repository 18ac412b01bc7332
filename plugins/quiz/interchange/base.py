"""The interchange contract: what every question file format reads and writes.

A format (GIFT, Moodle XML, Aiken, CSV) turns bytes into a :class:`ParseResult`
of plain :class:`ImportedQuestion` objects and, if it can export, turns such
objects back into text. Formats never touch the database: checking a parsed
question against its question type and saving it is ``interchange.checking``
and ``interchange.saving``; turning bank questions into ImportedQuestion for
export is ``interchange.from_bank``.

**Never crash, never drop silently.** ``parse`` must not raise on bad input.
A file it cannot read at all gives a file-level :class:`Problem`; a question
it cannot map (an unknown Moodle type, a cloze question, a broken answer
block) gives a :class:`Problem` naming the question and its line, and the
rest of the file is still read. The caller refuses the whole import when any
problem is an error, so nothing is half-saved.

**Text.** ``text``, ``explanation`` and choice ``feedback`` are HTML as the
file gave it (plain and Markdown text are escaped into HTML by the format).
Embedded files stay referenced as ``@@PLUGINFILE@@/<name>`` (Moodle's token)
and travel in :attr:`ImportedQuestion.files`; ``interchange.richtext`` maps
them to Wagtail images and documents.

**Equality.** ``ImportedQuestion`` compares equal when the question is the
same, whatever line it came from (``line`` and ``problems`` are excluded),
so a round trip (import -> save -> export -> import) can be asserted with ``==``.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

#: Moodle's marker for a file embedded in the question file.
PLUGINFILE = "@@PLUGINFILE@@"

IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "avif"})


@dataclass
class Problem:
    """Something wrong with the file or with one question.

    ``line`` is 1-based in the uploaded file (``None`` when it cannot be
    known); ``question`` is the question's name as the file gave it.
    Errors refuse the import; warnings (``is_error=False``) say what the
    importer repaired or left out, and are shown in the preview.
    """

    message: str
    line: int | None = None
    question: str | None = None
    is_error: bool = True

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.question:
            where.append(f"“{self.question}”")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


@dataclass(eq=True)
class EmbeddedFile:
    """A file that came inside the question file (``@@PLUGINFILE@@/name``)."""

    name: str
    content: bytes = field(repr=False)

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""

    @property
    def is_image(self) -> bool:
        """Images become Wagtail images; everything else a Wagtail document."""
        return self.extension in IMAGE_EXTENSIONS

    @property
    def mime_type(self) -> str:
        return mimetypes.guess_type(self.name)[0] or "application/octet-stream"


@dataclass(eq=True)
class ImportedChoice:
    """One answer, with the keys of ``question_types.base.ChoiceSnapshot``."""

    text: str
    fraction: Decimal = Decimal(0)
    feedback: str = ""
    match_text: str = ""
    tolerance: Decimal | None = None
    text_km: str = ""
    feedback_km: str = ""
    match_text_km: str = ""


@dataclass(eq=True)
class ImportedQuestion:
    """A question read from a file, in the bank's terms.

    ``question_type`` is one of our question type identifiers (``multichoice``,
    ``multiresponse``, ``truefalse``, ``shortanswer``, ``numerical``,
    ``matching``, ``essay``); ``options`` are that type's options as its
    ``option_fields`` name them. ``category_path`` is relative to the category
    the trainer imports into (Moodle's ``$course$/A/B`` becomes ``("A", "B")``;
    empty means the target category itself).
    """

    question_type: str
    title: str
    text: str
    category_path: tuple[str, ...] = ()
    explanation: str = ""
    default_mark: Decimal = Decimal(1)
    options: dict[str, Any] = field(default_factory=dict)
    choices: list[ImportedChoice] = field(default_factory=list)
    files: list[EmbeddedFile] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    text_km: str = ""
    explanation_km: str = ""
    line: int | None = field(default=None, compare=False)
    problems: list[Problem] = field(default_factory=list, compare=False)

    @property
    def has_errors(self) -> bool:
        return any(problem.is_error for problem in self.problems)


@dataclass
class ImportedCategory:
    """A category the file declares (it may hold no question of its own)."""

    path: tuple[str, ...]
    description: str = ""
    line: int | None = None


@dataclass
class ParseResult:
    """What a format read from one file."""

    questions: list[ImportedQuestion] = field(default_factory=list)
    categories: list[ImportedCategory] = field(default_factory=list)
    #: Problems with the file itself (not readable, not this format ...).
    problems: list[Problem] = field(default_factory=list)

    @property
    def all_problems(self) -> list[Problem]:
        """File problems, then each question's, in file order."""
        found = list(self.problems)
        for question in self.questions:
            found.extend(question.problems)
        return found

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.all_problems if problem.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


class QuestionFormat:
    """Base class of a question file format. Subclass it and list it in
    ``interchange.formats.FORMATS``.

    ``identifier``
        Stable name used on the command line and in the admin (``gift``).
    ``label``
        Translatable name shown to trainers.
    ``extensions``
        File name endings the admin suggests (``(".txt", ".gift")``).
    ``can_export``
        Whether :meth:`export` is implemented.
    """

    identifier: ClassVar[str]
    label: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()
    can_export: ClassVar[bool] = False
    #: Content type of exported files.
    content_type: ClassVar[str] = "text/plain; charset=utf-8"

    def parse(self, data: bytes) -> ParseResult:
        """Read ``data`` (the uploaded bytes). Never raises on bad input."""
        raise NotImplementedError

    def export(self, questions: list[ImportedQuestion]) -> str:
        """Write ``questions`` (category paths relative to the exported
        category) as one file; embedded files go inside it where the format
        allows (Moodle XML), else they are referenced by name."""
        raise NotImplementedError(f"{self.identifier} cannot export")
