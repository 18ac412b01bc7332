"""Through the database and back: import, save, export, import again, compare.

A file holding one question of every type (with nested categories, tags,
Khmer text, feedback and an embedded image) is read, saved to the bank,
exported from the bank (``from_bank`` and the format's ``export``) as Moodle
XML and as GIFT, and read again: the questions must be the same. Texts are
compared as HTML (attribute order and ``<img>`` vs ``<img/>`` do not count).
"""

from __future__ import annotations

import dataclasses
import uuid
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from wagtail.images import get_image_model

from plugins.quiz.interchange.base import (
    EmbeddedFile,
    ImportedChoice,
    ImportedQuestion,
)
from plugins.quiz.interchange.checking import read
from plugins.quiz.interchange.formats import FORMATS
from plugins.quiz.interchange.from_bank import category_questions, to_imported
from plugins.quiz.interchange.saving import save_import
from plugins.quiz.models import Question, QuestionCategory
from plugins.quiz.question_types import builtin_question_types
from plugins.quiz.translation import khmer_locale
from tests.quiz.interchange.transfer_helpers import png_bytes

pytestmark = pytest.mark.django_db

TARGET = ("Round trip", "Moodle")
KHMER = "តើលិខិតឆ្លងដែនណាមួយពិត?"


def choice(text, fraction, feedback="", **fields):
    return ImportedChoice(text, Decimal(str(fraction)), feedback=feedback, **fields)


def bank_file_questions(image_name: str) -> list[ImportedQuestion]:
    """One question of every built-in type, as a trainer's file holds them."""
    return [
        ImportedQuestion(
            "multichoice",
            "Genuine passport",
            "<p>Which passport is <strong>genuine</strong>?</p>",
            category_path=("Documents", "Passports"),
            explanation="<p>Check the hologram.</p>",
            default_mark=Decimal(2),
            choices=[
                choice("The one with a hologram", 1, "Right.", text_km="មានហូឡូក្រាម"),
                choice("The one with no photo", "-0.5", "No photo, no passport."),
                choice("Both", 0, "Look again."),
            ],
            tags=["documents", "passport"],
            text_km=f"<p>{KHMER}</p>",
            explanation_km="<p>ពិនិត្យហូឡូក្រាម។</p>",
        ),
        ImportedQuestion(
            "multiresponse",
            "Documents at the border",
            "<p>Which documents may a traveller show?</p>",
            category_path=("Documents",),
            choices=[
                choice("Passport", "0.5", "Yes."),
                choice("Border pass", "0.5", "Yes."),
                choice("Library card", -1, "No."),
            ],
        ),
        ImportedQuestion(
            "truefalse",
            "Visa on arrival",
            "<p>Cambodia grants visas on arrival at Poipet.</p>",
            category_path=("Visas",),
            options={
                "correct": True,
                "feedback_true": "Yes, at the international checkpoint.",
                "feedback_true_km": "បាទ/ចាស",
                "feedback_false": "It does.",
                "feedback_false_km": "",
            },
            tags=["visa"],
        ),
        ImportedQuestion(
            "shortanswer",
            "Form name",
            "<p>Name the arrival form.</p>",
            category_path=("Visas",),
            options={"case_sensitive": False},
            choices=[
                choice("arrival card", 1, "Right."),
                choice("*card*", "0.5", "Nearly."),
            ],
        ),
        ImportedQuestion(
            "numerical",
            "Stay in days",
            "<p>How many days does a tourist visa allow?</p>",
            category_path=("Visas",),
            choices=[
                ImportedChoice("30", Decimal(1), "Right.", tolerance=Decimal(0)),
                ImportedChoice("31", Decimal("0.5"), "Close.", tolerance=Decimal("1")),
            ],
        ),
        ImportedQuestion(
            "matching",
            "Stamps",
            "<p>Match each stamp to its meaning.</p>",
            category_path=("Documents", "Stamps"),
            choices=[
                choice("Red stamp", 1, match_text="Refused"),
                choice("Green stamp", 1, match_text="Admitted"),
                choice("", 0, match_text="Deported"),
            ],
        ),
        ImportedQuestion(
            "essay",
            "Interview report",
            "<p>Describe how you would interview a traveller.</p>",
            options={
                "max_words": 300,
                "response_template": "Greeting:\nQuestions:",
                "response_template_km": "",
                "grader_info": "Look for open questions.",
                "grader_info_km": "",
            },
        ),
        ImportedQuestion(
            "multichoice",
            "Entry stamp",
            (
                "<p>Which stamp is this?</p>"
                f'<p><img alt="An entry stamp" src="@@PLUGINFILE@@/{image_name}"></p>'
            ),
            text_km=f"<p>{KHMER}</p>",
            category_path=("Documents", "Stamps"),
            choices=[choice("Entry", 1, "Right."), choice("Exit", 0, "No.")],
            files=[EmbeddedFile(image_name, png_bytes((12, 34, 56)))],
        ),
    ]


def canonical_html(value: str) -> str:
    soup = BeautifulSoup(value or "", "html.parser")
    for tag in soup.find_all(True):
        tag.attrs = dict(sorted(tag.attrs.items()))
    return str(soup)


def canonical(question: ImportedQuestion, *, with_files=True) -> ImportedQuestion:
    texts = {
        name: canonical_html(getattr(question, name))
        for name in ("text", "text_km", "explanation", "explanation_km")
    }
    return dataclasses.replace(
        question,
        **texts,
        files=sorted(question.files, key=lambda f: f.name) if with_files else [],
    )


@pytest.fixture
def imported():
    """The file read and saved; returns (first parse, target category)."""
    image_name = f"stamp-{uuid.uuid4().hex[:8]}.png"
    source = FORMATS["moodlexml"].export(bank_file_questions(image_name))
    first = read(source.encode(), "moodlexml", TARGET)
    assert first.ok, first.all_problems
    assert len(first.questions) == 8
    save_import(first, target_path=TARGET)
    target = QuestionCategory.objects.get(name="Moodle", parent__name="Round trip")
    return first, target


def exported_again(identifier: str, target) -> list[ImportedQuestion]:
    questions = [to_imported(q, target) for q in category_questions(target)]
    text = FORMATS[identifier].export(questions)
    again = FORMATS[identifier].parse(text.encode())
    assert again.ok, again.all_problems
    return again.questions


def by_title(questions):
    return sorted(questions, key=lambda q: q.title)


def test_every_question_type_is_in_the_file():
    assert {q.question_type for q in bank_file_questions("x.png")} == {
        qt.identifier for qt in builtin_question_types()
    }


def as_translated(question: ImportedQuestion) -> ImportedQuestion:
    """What the bank gives back for ``question``'s Khmer text: a
    wagtail-localize translation is the English text's structure with its
    words translated, so a Khmer text without the English's image shows it
    (the "Entry stamp" question of the file)."""
    if question.title != "Entry stamp":
        return question
    return dataclasses.replace(
        question,
        text_km=question.text.replace("Which stamp is this?", KHMER),
    )


def test_moodle_xml_round_trip_through_the_bank(imported):
    first, target = imported
    again = exported_again("moodlexml", target)
    assert [canonical(q) for q in by_title(again)] == [
        canonical(as_translated(q)) for q in by_title(first.questions)
    ]


def test_gift_round_trip_through_the_bank(imported):
    first, target = imported
    again = exported_again("gift", target)
    # GIFT carries no files: the image stays a reference by name in the text.
    assert [canonical(q, with_files=False) for q in by_title(again)] == [
        canonical(as_translated(q), with_files=False) for q in by_title(first.questions)
    ]


def test_a_khmer_image_the_english_lacks_is_announced_and_left_out():
    """An image only in the Khmer text cannot be part of a translation (its
    structure is the English's): the check warns, and the Khmer version keeps
    the words."""
    image_name = f"seal-{uuid.uuid4().hex[:8]}.png"
    question = ImportedQuestion(
        "multichoice",
        "Seal",
        "<p>Which seal is this?</p>",
        text_km=(
            f'<p>{KHMER}</p><p><img alt="A seal" src="@@PLUGINFILE@@/{image_name}"></p>'
        ),
        category_path=("Seals",),
        choices=[choice("Entry", 1), choice("Exit", 0)],
        files=[EmbeddedFile(image_name, png_bytes((1, 2, 3)))],
    )
    source = FORMATS["moodlexml"].export([question])
    result = read(source.encode(), "moodlexml", TARGET)
    assert result.ok, result.all_problems
    [warning] = [p for p in result.all_problems if not p.is_error]
    assert "image the English text lacks" in warning.message
    assert warning.question == "Seal"
    save_import(result, target_path=TARGET)
    saved = Question.objects.sources().get(title="Seal")
    khmer = to_imported(saved, None)
    assert KHMER in khmer.text_km
    assert "<img" not in khmer.text_km and "<embed" not in khmer.text_km


def test_the_bank_holds_the_image_and_the_khmer_text(imported):
    _first, target = imported
    question = Question.objects.sources().get(title="Entry stamp")
    image = get_image_model().objects.get()
    embed = BeautifulSoup(question.text, "html.parser").find("embed")
    assert embed["id"] == str(image.pk)
    khmer = question.get_translation(khmer_locale())
    assert KHMER in khmer.text
    assert BeautifulSoup(khmer.text, "html.parser").find("embed")["id"] == str(image.pk)
    genuine = Question.objects.sources().get(title="Genuine passport")
    assert genuine.category.path == "Round trip / Moodle / Documents / Passports"
    assert sorted(genuine.tags.names()) == ["documents", "passport"]
    right = genuine.choices.get(fraction=1)
    assert right.get_translation(khmer_locale()).text == "មានហូឡូក្រាម"
    exported = [to_imported(q, target) for q in category_questions(target)]
    stamp = next(q for q in exported if q.title == "Entry stamp")
    [embedded] = stamp.files
    with image.file.open("rb") as stored:
        assert embedded.content == stored.read()
