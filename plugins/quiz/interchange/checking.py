"""Checking parsed questions against the bank before anything is saved.

A format reads a file into plain objects (``interchange.base``); this module
says whether the bank can hold them: the question type is installed, the
type's own ``clean_definition`` accepts the options and answers, names and
marks fit the database, embedded files can become Wagtail images and
documents, and no category in the file clashes with one the bank already
has.

:func:`check` adds a :class:`CheckProblem` to the question (or, for the file
and its categories, to the :class:`ParseResult`) for each problem and returns
them. It can be called again on the same result (``interchange.saving`` does,
inside its transaction): problems from an earlier check are replaced, those
from the format are kept. Errors refuse the whole import; warnings say what
the import repairs (a name shortened, a mark rounded).

:func:`definition` gives the values that are saved, repaired as the warnings
say, so the checked and the saved question are the same.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from lms.richtext import MEDIA_TAGS, is_blank_richtext
from plugins.quiz.hooks import question_types
from plugins.quiz.interchange.base import (
    ImportedQuestion,
    ParseResult,
    Problem,
)
from plugins.quiz.models import Choice, Question, QuestionCategory
from plugins.quiz.question_types.base import CHOICE_FIELD_DEFAULTS


def _field(model, name):
    return model._meta.get_field(name)


#: Database limits, read from the models so they cannot drift apart.
CATEGORY_NAME_MAX = _field(QuestionCategory, "name").max_length
TITLE_MAX = _field(Question, "title").max_length
MATCH_TEXT_MAX = _field(Choice, "match_text").max_length
TAG_MAX = 100  # taggit's Tag.name
MARK_PLACES = Decimal(1).scaleb(-_field(Question, "default_mark").decimal_places)
FRACTION_PLACES = Decimal(1).scaleb(-_field(Choice, "fraction").decimal_places)
_TOLERANCE = _field(Choice, "tolerance")
TOLERANCE_PLACES = Decimal(1).scaleb(-_TOLERANCE.decimal_places)
TOLERANCE_MAX = Decimal(10) ** (_TOLERANCE.max_digits - _TOLERANCE.decimal_places)
MARK_MIN, MARK_MAX = Decimal("0.001"), Decimal(1000)
#: Wagtail's defaults when the settings do not say otherwise.
IMAGE_MAX_BYTES_DEFAULT = 10 * 1024 * 1024
IMAGE_MAX_PIXELS_DEFAULT = 128_000_000

logger = logging.getLogger(__name__)


@dataclass
class CheckProblem(Problem):
    """A problem found by :func:`check` (not by the format that read the file)."""


def check(result: ParseResult, *, target_path: Sequence[str] = ()) -> list[Problem]:
    """Check ``result`` for an import into the category at ``target_path``.

    ``target_path`` is the names from the top of the bank down to the target
    category (it may not exist yet). Returns the problems found, which are
    also attached to their questions (or to ``result`` for the file).
    """
    result.problems[:] = [p for p in result.problems if not isinstance(p, CheckProblem)]
    for question in result.questions:
        question.problems[:] = [
            p for p in question.problems if not isinstance(p, CheckProblem)
        ]
    found: list[Problem] = []

    for problem in _category_problems(result, tuple(target_path)):
        result.problems.append(problem)
        found.append(problem)

    images = _ImageChecker()
    for question in result.questions:
        problems = list(_question_problems(question, images))
        question.problems.extend(problems)
        found.extend(problems)
    return found


def path_problems(names: Sequence[str]) -> list[str]:
    """What is wrong with a category path typed by a trainer (empty: nothing)."""
    if not names:
        return [_("Give the category's name.")]
    found = (_name_problem(name, tuple(names)) for name in names)
    return [message for message in found if message]


def split_path(text: str, separator: str = "/") -> tuple[str, ...]:
    """``"A / B/C"`` -> ``("A", "B", "C")`` (names trimmed, empty ones kept)."""
    text = text.strip()
    if not text:
        return ()
    return tuple(part.strip() for part in text.split(separator))


def guess_format(file_name: str) -> str | None:
    """The identifier of the format a file name suggests (``None``: unknown).

    Formats are tried in ``FORMATS`` order, so ``.txt`` means GIFT (Aiken
    files are ``.txt`` too: choose that format explicitly).
    """
    from plugins.quiz.interchange.formats import FORMATS

    name = file_name.lower()
    for identifier, question_format in FORMATS.items():
        if any(name.endswith(ending) for ending in question_format.extensions):
            return identifier
    return None


def read(data: bytes, identifier: str, target_path: Sequence[str]) -> ParseResult:
    """Parse ``data`` in the format ``identifier`` and :func:`check` it."""
    from plugins.quiz.interchange.formats import FORMATS

    question_format = FORMATS.get(identifier)
    if question_format is None:
        return ParseResult(
            problems=[
                Problem(
                    _("“%(format)s” is not a question file format known here.")
                    % {"format": identifier}
                )
            ]
        )
    try:
        result = question_format.parse(data)
    except Exception:  # a format must not raise; if one does, refuse the file
        logger.exception("The %s format failed to read a file", identifier)
        result = ParseResult(
            problems=[
                Problem(
                    _(
                        "The file could not be read as %(format)s. Nothing was "
                        "saved; check that the format is right."
                    )
                    % {"format": question_format.label}
                )
            ]
        )
    check(result, target_path=target_path)
    return result


# Questions -----------------------------------------------------------------


def _question_problems(question: ImportedQuestion, images: _ImageChecker):
    def problem(message, *, error=True):
        return CheckProblem(
            str(message),
            line=question.line,
            question=question.title or None,
            is_error=error,
        )

    question_type = question_types.get(question.question_type)
    if question_type is None:
        installed = ", ".join(question_types.identifiers())
        yield problem(
            _(
                "“%(type)s” questions cannot be imported: no such question type "
                "is installed (installed: %(installed)s)."
            )
            % {"type": question.question_type, "installed": installed}
        )
    title = question.title.strip()
    if not title:
        yield problem(_("The question has no name."))
    elif len(title) > TITLE_MAX:
        yield problem(
            _("The name is longer than %(max)d characters; it is shortened.")
            % {"max": TITLE_MAX},
            error=False,
        )
    if is_blank_richtext(question.text):
        yield problem(_("Question text is empty: write the question."))

    mark = question.default_mark
    if not (isinstance(mark, Decimal) and mark.is_finite()):
        yield problem(_("The default mark is not a number."))
    elif not (MARK_MIN <= _rounded(mark, MARK_PLACES) <= MARK_MAX):
        yield problem(
            _("The default mark is %(mark)s; it must be between 0.001 and 1000.")
            % {"mark": _plain(mark)}
        )
    elif _rounded(mark, MARK_PLACES) != mark:
        yield problem(
            _("The default mark %(mark)s is rounded to %(rounded)s.")
            % {"mark": _plain(mark), "rounded": _plain(_rounded(mark, MARK_PLACES))},
            error=False,
        )

    for name in ("text", "explanation"):
        if _media_count(getattr(question, f"{name}_km")) > _media_count(
            getattr(question, name)
        ):
            yield problem(_khmer_media_warning(name), error=False)

    for message in _choice_problems(question):
        yield problem(message)
    for choice in question.choices:
        if _is_any_other_answer(question, choice):
            yield problem(
                _(
                    "The answer “*” (any other number) is left out: it earns "
                    "nothing, as any answer that matches no other does here. "
                    "Its feedback is not kept."
                ),
                error=False,
            )
        elif question.question_type == "numerical" and choice.text.strip() == "*":
            yield problem(
                _(
                    "The answer “*” (any other number) earns %(grade)s%%; here "
                    "only the numbers given can earn marks. Give it the grade 0%% "
                    "or remove it."
                )
                % {"grade": _plain(choice.fraction * 100)}
            )
    for tag in question.tags:
        if not tag.strip():
            yield problem(_("A tag is empty; it is left out."), error=False)
        elif len(tag) > TAG_MAX:
            yield problem(
                _("The tag “%(tag)s…” is longer than %(max)d characters.")
                % {"tag": tag[:40], "max": TAG_MAX}
            )
    for embedded in question.files:
        message = images.problem(embedded)
        if message:
            yield problem(message)

    # A question the format already refused (a grade Moodle does not allow,
    # say) would only get follow-on errors from its type ("the grades add up
    # to ..."): it is checked by its type once the file is corrected.
    refused_by_format = any(
        p.is_error and not isinstance(p, CheckProblem) for p in question.problems
    )
    if question_type is not None and not refused_by_format:
        try:
            definition(question, question_type)
        except ValidationError as error:
            for message in _messages(error, question_type):
                yield problem(message)
        except (TypeError, ValueError, InvalidOperation, ArithmeticError):
            yield problem(_("The question's answers or settings cannot be read."))


class _MediaCounter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += tag in MEDIA_TAGS


def _media_count(html: str) -> int:
    if not html or "<" not in html:
        return 0
    counter = _MediaCounter()
    counter.feed(html)
    counter.close()
    return counter.count


def _khmer_media_warning(name: str) -> str:
    # The Khmer text becomes a wagtail-localize translation, which is the
    # English text's structure with its words translated: images, embeds and
    # links come from the English. An image only the Khmer has cannot be kept.
    if name == "text":
        message = _(
            "The Khmer question text has an image the English text lacks: it "
            "is left out (the Khmer version shows the English text's images). "
            "Put the image in the English text to keep it."
        )
    else:
        message = _(
            "The Khmer explanation has an image the English explanation lacks: "
            "it is left out (the Khmer version shows the English explanation's "
            "images). Put the image in the English explanation to keep it."
        )
    return message


def _choice_problems(question: ImportedQuestion) -> Iterable[str]:
    for position, choice in enumerate(question.choices, start=1):
        fraction = choice.fraction
        if not (isinstance(fraction, Decimal) and fraction.is_finite()):
            yield _("Answer %(position)d has a grade that is not a number.") % {
                "position": position
            }
        tolerance = choice.tolerance
        if tolerance is not None and not (
            isinstance(tolerance, Decimal)
            and tolerance.is_finite()
            and abs(tolerance) < TOLERANCE_MAX
        ):
            yield _("Answer %(position)d has a tolerance that is not a number.") % {
                "position": position
            }
        for value in (choice.match_text, choice.match_text_km):
            if len(value) > MATCH_TEXT_MAX:
                yield _(
                    "Answer %(position)d pairs with a text longer than %(max)d "
                    "characters."
                ) % {"position": position, "max": MATCH_TEXT_MAX}


def definition(
    question: ImportedQuestion, question_type=None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The options (normalised by the type, JSON-ready) and choices to save.

    Fractions and tolerances are rounded to what the database keeps, before
    the type checks them, so the type judges what will be stored. Raises the
    type's ``ValidationError``.
    """
    question_type = question_type or question_types[question.question_type]
    used = question_type.answer_fields()
    choices = [
        {
            "id": None,
            **{
                # As in the admin form: fields the type does not use are empty.
                name: value if name in used else CHOICE_FIELD_DEFAULTS[name]
                for name, value in {
                    "text": choice.text,
                    "text_km": choice.text_km,
                    "match_text": choice.match_text,
                    "match_text_km": choice.match_text_km,
                    "fraction": _rounded(choice.fraction, FRACTION_PLACES),
                    "tolerance": (
                        None
                        if choice.tolerance is None
                        else _rounded(choice.tolerance, TOLERANCE_PLACES)
                    ),
                    "feedback": choice.feedback,
                    "feedback_km": choice.feedback_km,
                }.items()
            },
        }
        for choice in question.choices
        if not _is_any_other_answer(question, choice)
    ]
    options = question_type.clean_definition(dict(question.options), choices)
    # Options are stored as JSON: Decimals and dates become text (as the form).
    return json.loads(json.dumps(options, cls=DjangoJSONEncoder)), choices


def _is_any_other_answer(question: ImportedQuestion, choice) -> bool:
    """Moodle's numerical ``*`` answer worth nothing, which the bank leaves
    out: an answer that matches no other already earns nothing."""
    return (
        question.question_type == "numerical"
        and choice.text.strip() == "*"
        and isinstance(choice.fraction, Decimal)
        and choice.fraction == 0
    )


def rounded_mark(mark: Decimal) -> Decimal:
    return _rounded(mark, MARK_PLACES)


def _messages(error: ValidationError, question_type) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [str(message) for message in error.messages]
    messages = []
    option_fields = question_type.option_fields()
    for key, errors in error.error_dict.items():
        for message in ValidationError(errors).messages:
            if key in option_fields:
                label = option_fields[key].label or key
                messages.append(f"{label}: {message}")
            else:
                messages.append(str(message))
    return messages


def _rounded(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


# Embedded files ------------------------------------------------------------


class _ImageChecker:
    """Checks each distinct embedded file once (the same image may be in many
    questions)."""

    def __init__(self):
        self.seen: dict[tuple[str, str], str | None] = {}

    def problem(self, embedded) -> str | None:
        key = (embedded.name, hashlib.sha1(embedded.content).hexdigest())  # noqa: S324
        if key not in self.seen:
            self.seen[key] = self._check(embedded)
        return self.seen[key]

    def _check(self, embedded) -> str | None:
        if not embedded.content:
            return _("The file “%(name)s” is empty.") % {"name": embedded.name}
        if not embedded.is_image:
            allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
            if allowed is not None and embedded.extension not in allowed:
                return _(
                    "The file “%(name)s” is of a type documents may not have here "
                    "(allowed: %(allowed)s)."
                ) % {"name": embedded.name, "allowed": ", ".join(allowed)}
            max_bytes = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
            if max_bytes and len(embedded.content) > max_bytes:
                return _("The file “%(name)s” is too large.") % {"name": embedded.name}
            return None
        max_bytes = getattr(
            settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", IMAGE_MAX_BYTES_DEFAULT
        )
        if max_bytes and len(embedded.content) > max_bytes:
            return _("The image “%(name)s” is larger than %(limit)d MB.") % {
                "name": embedded.name,
                "limit": max_bytes // (1024 * 1024),
            }
        try:
            width, height = _image_size(embedded.content)
        except Exception:  # noqa: BLE001 - any decoder failure means unreadable
            return _("The image “%(name)s” cannot be read as an image.") % {
                "name": embedded.name
            }
        max_pixels = getattr(
            settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", IMAGE_MAX_PIXELS_DEFAULT
        )
        if max_pixels and width * height > max_pixels:
            return _("The image “%(name)s” has too many pixels.") % {
                "name": embedded.name
            }
        return None


def _image_size(content: bytes) -> tuple[int, int]:
    """Width and height, after checking the whole image decodes."""
    from PIL import Image as PillowImage

    with PillowImage.open(io.BytesIO(content)) as image:
        image.verify()
    with PillowImage.open(io.BytesIO(content)) as image:
        return image.size


# Categories ----------------------------------------------------------------


def _category_problems(result: ParseResult, target: tuple[str, ...]):
    """Clashes between the file's categories and the bank's, and bad names.

    Existing categories are reused by exact name under the same parent. A
    name that differs from an existing sibling (or from another name in the
    file under the same parent) only in capitals or spaces would make a
    near-duplicate category; that is an error, so the trainer renames one.
    """
    lines: dict[tuple[str, ...], int | None] = {}
    for category in result.categories:
        lines.setdefault(tuple(category.path), category.line)
    for question in result.questions:
        lines.setdefault(tuple(question.category_path), question.line)

    existing: dict[int | None, dict[str, int]] = {}
    for pk, name, parent_id in QuestionCategory.objects.sources().values_list(
        "pk", "name", "parent_id"
    ):
        existing.setdefault(parent_id, {})[name] = pk
    # Categories the import would create: parent path -> folded name -> name.
    created: dict[tuple[str, ...], dict[str, str]] = {}
    reported: set[tuple[str, ...]] = set()

    for relative in sorted({(), *lines}):
        full = target + relative
        parent: int | None = None
        is_new = False
        for depth, name in enumerate(full):
            here = full[: depth + 1]
            if not is_new:
                siblings = existing.get(parent, {})
                if name in siblings:
                    parent = siblings[name]
                    continue
                is_new = True
                clash = _near(name, siblings)
            else:
                clash = None
            if here in reported:
                break
            spelled = created.setdefault(full[:depth], {})
            message = _name_problem(name, here)
            if message is None:
                clash = clash or _near(name, spelled.values())
                if clash is not None:
                    message = _(
                        "The category “%(path)s” would clash with “%(other)s”: the "
                        "names differ only in capitals or spaces. Use the same "
                        "name, or a clearly different one."
                    ) % {
                        "path": " / ".join(here),
                        "other": " / ".join((*full[:depth], clash)),
                    }
            if message is not None:
                reported.add(here)
                yield CheckProblem(message, line=lines.get(relative))
                break
            spelled.setdefault(_fold(name), name)


def _name_problem(name: str, path: tuple[str, ...]) -> str | None:
    if not name.strip():
        return _("The category “%(path)s” has an empty name.") % {
            "path": " / ".join(path)
        }
    if len(name) > CATEGORY_NAME_MAX:
        return _("The category name “%(name)s…” is longer than %(max)d characters.") % {
            "name": name[:40],
            "max": CATEGORY_NAME_MAX,
        }
    return None


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _near(name: str, others: Iterable[str]) -> str | None:
    """Another name that is ``name`` but for capitals or spaces."""
    folded = _fold(name)
    for other in others:
        if other != name and _fold(other) == folded:
            return other
    return None
