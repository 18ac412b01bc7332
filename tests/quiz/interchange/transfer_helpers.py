"""Builders shared by the import and export tests (question objects, images)."""

from __future__ import annotations

import io
from decimal import Decimal

from plugins.quiz.interchange.base import (
    EmbeddedFile,
    ImportedChoice,
    ImportedQuestion,
    ParseResult,
)

FIXTURES = "/work/shared/fixtures/moodle"


def png_bytes(colour=(200, 30, 30), size=(4, 3)) -> bytes:
    """A small, valid PNG (each colour gives different bytes)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def multichoice(title="Genuine passport", *, line=1, path=(), **fields):
    fields.setdefault(
        "choices",
        [
            ImportedChoice("Blue cover", Decimal(1), feedback="Right."),
            ImportedChoice("Red cover", Decimal(0), feedback="Wrong."),
        ],
    )
    return ImportedQuestion(
        question_type="multichoice",
        title=title,
        text=fields.pop("text", "<p>Which passport is genuine?</p>"),
        category_path=tuple(path),
        line=line,
        **fields,
    )


def truefalse(title="Visa on arrival", *, correct=True, line=1, path=(), **fields):
    return ImportedQuestion(
        question_type="truefalse",
        title=title,
        text=fields.pop("text", "<p>Cambodia grants visas on arrival.</p>"),
        options={"correct": correct},
        category_path=tuple(path),
        line=line,
        **fields,
    )


def with_image(title="Stamp", name="stamp.png", content=None, *, line=1, path=()):
    content = content or png_bytes()
    return multichoice(
        title,
        line=line,
        path=path,
        text=(
            f'<p>Which stamp is this? <img src="@@PLUGINFILE@@/{name}" '
            'alt="A stamp"></p>'
        ),
        files=[EmbeddedFile(name, content)],
    )


def result_of(*questions, categories=()) -> ParseResult:
    return ParseResult(questions=list(questions), categories=list(categories))
