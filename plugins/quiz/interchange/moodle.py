"""Moodle's conventions that several formats share.

Grades (Moodle allows only a fixed list of fractions), category paths
(``$course$/top/A/B``), text formats (``html``, ``moodle``, ``plain``,
``markdown``), default question names, the options each of our question
types starts with, and reading uploaded text files.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from plugins.quiz.interchange.base import Problem
from plugins.quiz.interchange.richtext import html_to_text, plain_to_html

# Grades ---------------------------------------------------------------------

_POSITIVE = [
    Decimal(text)
    for text in (
        "1",
        "0.9",
        "0.8333333",
        "0.8",
        "0.75",
        "0.7",
        "0.6666667",
        "0.6",
        "0.5",
        "0.4",
        "0.3333333",
        "0.3",
        "0.25",
        "0.2",
        "0.1666667",
        "0.1428571",
        "0.125",
        "0.1111111",
        "0.1",
        "0.05",
    )
]
#: ``question_bank::fraction_options_full()``: the only grades Moodle allows.
MOODLE_GRADES: tuple[Decimal, ...] = (
    *_POSITIVE,
    Decimal(0),
    *(-fraction for fraction in reversed(_POSITIVE)),
)
#: Moodle's ``match_grade_options`` accepts a grade this close to an allowed one.
GRADE_TOLERANCE = Decimal("0.00001")


def moodle_grade(fraction: Decimal) -> Decimal | None:
    """The allowed Moodle grade ``fraction`` stands for, or ``None``."""
    for allowed in MOODLE_GRADES:
        if abs(fraction - allowed) < GRADE_TOLERANCE:
            return allowed
    return None


def percent(fraction: Decimal) -> str:
    """``Decimal("0.3333333")`` -> ``"33.33333"``: a grade as Moodle writes it."""
    text = f"{(fraction * 100).normalize():f}"
    return "0" if text in ("-0", "0") else text


def read_grade(
    written: str, position: int, problems: list[Problem], **where
) -> Decimal:
    """The fraction of the percentage ``written`` (``"50"``, ``"-33.33333"``).

    A grade that is not a number, or not one Moodle allows, adds an error to
    ``problems`` (naming answer ``position`` and the grade as written). One
    that is not a number reads as 0; one Moodle does not allow keeps its value,
    so the preview shows the grade the file gave. Either way the import is
    refused.
    """
    try:
        fraction = Decimal(written.strip()) / 100
    except (InvalidOperation, ValueError):
        fraction = None
    if fraction is None or not fraction.is_finite():
        problems.append(
            Problem(
                _(
                    "Answer %(position)d has the grade “%(grade)s”, which is not a "
                    "number."
                )
                % {"position": position, "grade": written[:40]},
                **where,
            )
        )
        return Decimal(0)
    allowed = moodle_grade(fraction)
    if allowed is None:
        nearest = sorted(MOODLE_GRADES, key=lambda grade: abs(grade - fraction))[:2]
        problems.append(
            Problem(
                _(
                    "Answer %(position)d has the grade %(grade)s%%, which Moodle does "
                    "not allow; allowed grades include %(nearest)s, 100%%, 50%%, 0%% "
                    "and their negatives."
                )
                % {
                    "position": position,
                    "grade": written.strip()[:40],
                    "nearest": ", ".join(f"{percent(grade)}%" for grade in nearest),
                },
                **where,
            )
        )
        return fraction
    return allowed


# Category paths ---------------------------------------------------------------

_CONTEXT = re.compile(r"^\$[a-z0-9]*\$$")
_SEPARATOR = re.compile(r"(?<!/)/(?!/)")


def category_path(raw: str) -> tuple[str, ...]:
    """``"$course$/top/A/B"`` -> ``("A", "B")``.

    Moodle's context prefix (``$course$``, ``$system$``, ``$module$`` ...)
    and its ``top`` category are dropped; ``//`` is a slash inside a name.
    """
    parts = [part.replace("//", "/").strip() for part in _SEPARATOR.split(raw.strip())]
    if parts and _CONTEXT.match(parts[0]):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return tuple(part for part in parts if part)


def write_category_path(path: tuple[str, ...]) -> str:
    """``("A", "B")`` -> ``"$course$/top/A/B"`` (``top`` is where Moodle 3.5+
    keeps a course's categories)."""
    return "/".join(["$course$", "top", *(name.replace("/", "//") for name in path)])


# Text formats -----------------------------------------------------------------

HTML, MOODLE, PLAIN, MARKDOWN = "html", "moodle", "plain", "markdown"


def as_html(text: str, text_format: str, problems: list[Problem], **where) -> str:
    """File text in ``text_format`` as HTML. Plain and Moodle-auto text is
    escaped; Markdown is not converted (a warning says so) but escaped too."""
    if text_format == HTML:
        return text
    if text_format == MARKDOWN:
        markdown_warning(problems, **where)
    return plain_to_html(text)


def as_plain(text: str, text_format: str, problems: list[Problem], **where) -> str:
    """File text in ``text_format`` as plain text (for answers, options)."""
    if text_format == HTML:
        return html_to_text(text)
    if text_format == MARKDOWN:
        markdown_warning(problems, **where)
    return text


def markdown_warning(problems: list[Problem], **where) -> None:
    message = _("Markdown is not converted: the text is kept as plain text.")
    if not any(problem.message == message for problem in problems):
        problems.append(Problem(message, is_error=False, **where))


# Questions ----------------------------------------------------------------------

#: The longest question name the bank keeps (``Question.title``).
MAX_TITLE_LENGTH = 255
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def clean_title(name: str, problems: list[Problem], **where) -> str:
    """A question name without tags and at most :data:`MAX_TITLE_LENGTH` long."""
    name = re.sub(r"\s+", " ", _TAG.sub("", name)).strip()
    if len(name) > MAX_TITLE_LENGTH:
        problems.append(
            Problem(
                _("The name is longer than %(limit)d characters and was shortened.")
                % {"limit": MAX_TITLE_LENGTH},
                is_error=False,
                **where,
            )
        )
        name = name[: MAX_TITLE_LENGTH - 1].rstrip() + "…"
    return name


def default_title(text_html: str) -> str:
    """A name made from the question text, as Moodle makes one (80 characters)."""
    text = re.sub(r"\s+", " ", html_to_text(text_html)).strip()
    if len(text) > 80:
        text = text[:77].rstrip() + "..."
    return text or _("Question")


def blank_options(question_type: str) -> dict:
    """The options of ``question_type`` with nothing set, as its
    ``clean_definition`` returns them, so parsed questions compare equal
    whichever format they came from."""
    if question_type == "truefalse":
        return {
            "correct": True,
            "feedback_true": "",
            "feedback_true_km": "",
            "feedback_false": "",
            "feedback_false_km": "",
        }
    if question_type == "shortanswer":
        return {"case_sensitive": False}
    if question_type == "essay":
        return {
            "response_template": "",
            "response_template_km": "",
            "grader_info": "",
            "grader_info_km": "",
        }
    return {}


# Files ----------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str | None, Problem | None]:
    """Uploaded bytes as text (UTF-8, with or without a byte order mark).

    Returns the text with line ends made ``\\n``, or a file problem saying
    why the bytes are not a text file.
    """
    if b"\x00" in data[:65536]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                text = data.decode("utf-16")
            except UnicodeDecodeError:
                text = None
            if text is not None:
                return _lines(text.lstrip("\ufeff")), None
        return None, Problem(
            _(
                "This is not a text file (it contains binary data). Save it as UTF-8 "
                "text."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(
            _(
                "The file is not UTF-8 text (the first bad byte is on line %(line)d). "
                "Save it as UTF-8 and upload it again."
            )
            % {"line": line},
            line=line,
        )
    return _lines(text), None


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
