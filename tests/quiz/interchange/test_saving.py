"""Saving a checked file into the bank: categories, files, questions; all or none."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from plugins.quiz.interchange.base import (
    EmbeddedFile,
    ImportedCategory,
    ImportedChoice,
    ImportedQuestion,
)
from plugins.quiz.interchange.saving import ImportRefused, save_import, summarize
from plugins.quiz.models import Choice, Question, QuestionCategory
from plugins.quiz.snapshot import snapshot_question
from tests.factories import make_user
from tests.quiz.factories import make_category
from tests.quiz.interchange.transfer_helpers import (
    multichoice,
    png_bytes,
    result_of,
    truefalse,
    with_image,
)

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


def nested_file():
    """As Moodle XML declares ``$course$/Iota/Kappa/Lambda`` (relative paths)."""
    return result_of(
        truefalse("Iota Question", line=14, path=["Iota"]),
        truefalse("Kappa Question", line=80, path=["Iota", "Kappa"]),
        truefalse("Lambda Question", line=118, path=["Iota", "Kappa", "Lambda"]),
        categories=[
            ImportedCategory(("Iota",), "This is Iota", line=3),
            ImportedCategory(("Iota", "Kappa"), "This is Kappa", line=40),
            ImportedCategory(("Iota", "Kappa", "Lambda"), "This is Lambda", line=105),
            ImportedCategory(("Iota", "Mu"), "Empty", line=150),
        ],
    )


def test_nested_categories_are_created_under_the_target():
    trainer = make_user("trainer")
    summary = save_import(nested_file(), target_path=["Border", "Moodle"], user=trainer)

    moodle = QuestionCategory.objects.get(name="Moodle", parent__name="Border")
    iota = moodle.children.get(name="Iota")
    kappa = iota.children.get(name="Kappa")
    lambda_ = kappa.children.get(name="Lambda")
    assert iota.description == "This is Iota"
    assert lambda_.description == "This is Lambda"
    # Declared but empty categories are created too (Moodle keeps them).
    assert iota.children.filter(name="Mu").exists()
    assert Question.objects.get(title="Lambda Question").category == lambda_
    assert Question.objects.get(title="Iota Question").category == iota

    assert summary.category_id == moodle.pk
    assert summary.questions == 3
    assert summary.by_type == {"truefalse": 3}
    assert summary.by_category == {
        "Border / Moodle / Iota": 1,
        "Border / Moodle / Iota / Kappa": 1,
        "Border / Moodle / Iota / Kappa / Lambda": 1,
    }
    assert summary.new_categories == [
        "Border",
        "Border / Moodle",
        "Border / Moodle / Iota",
        "Border / Moodle / Iota / Kappa",
        "Border / Moodle / Iota / Kappa / Lambda",
        "Border / Moodle / Iota / Mu",
    ]
    question = Question.objects.get(title="Kappa Question")
    assert question.created_by == trainer
    assert question.options["correct"] is True
    assert question.version == 1


def test_existing_categories_are_reused_by_name():
    border = make_category("Border")
    moodle = make_category("Moodle", parent=border, description="Kept")
    iota = make_category("Iota", parent=moodle)
    make_category("Iota", parent=None)  # same name elsewhere: not this one
    before = QuestionCategory.objects.count()

    summary = save_import(nested_file(), target_path=["Border", "Moodle"])

    assert QuestionCategory.objects.count() == before + 3  # Kappa, Lambda, Mu
    assert Question.objects.get(title="Iota Question").category == iota
    moodle.refresh_from_db()
    iota.refresh_from_db()
    assert moodle.description == "Kept"
    assert iota.description == ""  # existing categories are not rewritten
    assert summary.new_categories == [
        "Border / Moodle / Iota / Kappa",
        "Border / Moodle / Iota / Kappa / Lambda",
        "Border / Moodle / Iota / Mu",
    ]
    assert summary.category_id == moodle.pk


def test_an_error_in_the_tenth_question_saves_nothing():
    images_before = Image.objects.count()
    collections_before = Collection.objects.count()
    questions = [
        with_image(
            f"Q{n}",
            f"img{n}.png",
            png_bytes((n, 0, 0)),
            line=n * 10,
            path=["Iota", f"Sub {n}"],
        )
        for n in range(1, 10)
    ]
    tenth = multichoice(
        "Q10",
        line=100,
        path=["Iota", "Kappa"],
        choices=[ImportedChoice("A", Decimal("0.5")), ImportedChoice("B", Decimal(0))],
    )
    result = result_of(*questions, tenth)

    with pytest.raises(ImportRefused) as refused:
        save_import(result, target_path=["Imported"])

    [error] = refused.value.problems
    assert error.line == 100 and error.question == "Q10"
    assert "100%" in error.message
    assert not Question.objects.exists()
    assert not Choice.objects.exists()
    assert not QuestionCategory.objects.exists()
    assert Image.objects.count() == images_before
    assert Collection.objects.count() == collections_before


def test_a_category_created_meanwhile_is_checked_again_inside_the_save():
    result = result_of(multichoice(path=["Visas"]))
    assert summarize(result, ["Bank"]).new_categories == ["Bank", "Bank / Visas"]
    bank = make_category("Bank")
    make_category("VISAS", parent=bank)  # between the preview and the confirm
    with pytest.raises(ImportRefused) as refused:
        save_import(result, target_path=["Bank"])
    assert "would clash" in refused.value.problems[0].message
    assert not Question.objects.exists()


def test_embedded_images_become_wagtail_images_in_the_question_text():
    content = png_bytes((10, 120, 200))
    question = with_image("Stamp", "entry stamp.png", content)
    question.text = (
        '<p>Which stamp is this?</p><p><img src="@@PLUGINFILE@@/entry%20stamp.png" '
        'alt="An entry stamp"></p>'
    )
    summary = save_import(result_of(question), target_path=["Stamps"])

    image = Image.objects.get()
    assert image.collection.name == "Imported questions"
    assert image.file_hash and image.width == 4 and image.height == 3
    with image.file.open("rb") as stored:
        assert stored.read() == content
    saved = Question.objects.get(title="Stamp")
    [embed] = BeautifulSoup(saved.text, "html.parser").find_all("embed")
    assert embed["embedtype"] == "image"
    assert embed["id"] == str(image.pk)
    assert embed["alt"] == "An entry stamp"
    assert "@@PLUGINFILE@@" not in saved.text
    assert summary.images_created == 1 and summary.images_reused == 0


def test_a_second_import_of_the_same_file_reuses_the_image():
    content = png_bytes((1, 2, 3))

    def upload():
        return result_of(
            with_image("First", "a.png", content, line=1),
            # The same picture under another name in the same file.
            with_image("Second", "copy-of-a.png", content, line=9),
        )

    first = save_import(upload(), target_path=["Stamps"])
    second = save_import(upload(), target_path=["Stamps"])

    image = Image.objects.get()
    assert (first.images_created, first.images_reused) == (1, 0)
    assert (second.images_created, second.images_reused) == (0, 1)
    assert Collection.objects.filter(name="Imported questions").count() == 1
    for question in Question.objects.all():
        [embed] = BeautifulSoup(question.text, "html.parser").find_all("embed")
        assert embed["id"] == str(image.pk)
    assert Question.objects.count() == 4


def test_other_files_become_documents_linked_from_the_text():
    question = multichoice(
        "Rules",
        text='<p>Read <a href="@@PLUGINFILE@@/rules.pdf">the rules</a>.</p>',
        files=[EmbeddedFile("rules.pdf", b"%PDF-1.4 the rules")],
    )
    summary = save_import(result_of(question), target_path=["Rules"])
    document = Document.objects.get()
    assert document.file_hash
    assert document.collection.name == "Imported questions"
    saved = Question.objects.get()
    [link] = BeautifulSoup(saved.text, "html.parser").find_all("a")
    assert (link["linktype"], link["id"]) == ("document", str(document.pk))
    assert link.get_text() == "the rules"
    assert summary.documents_created == 1


def test_questions_keep_answers_tags_texts_and_marks():
    question = ImportedQuestion(
        "multiresponse",
        "Documents to check",
        "<p>Which documents does an officer check?</p>",
        text_km="<p>តើមន្ត្រីពិនិត្យឯកសារណាខ្លះ?</p>",
        explanation="<p>Both.</p>",
        default_mark=Decimal("2.5"),
        tags=["passport", "Passport ", "visa"],
        choices=[
            ImportedChoice(
                "Passport",
                Decimal("0.5"),
                feedback="<p>Yes, <b>always</b>.</p>",
                text_km="លិខិតឆ្លងដែន",
            ),
            ImportedChoice("Visa", Decimal("0.5"), feedback="Yes."),
            ImportedChoice("Library card", Decimal("-1"), feedback="No."),
        ],
    )
    save_import(result_of(question), target_path=["Documents"])
    saved = Question.objects.sources().get()
    assert saved.question_type == "multiresponse"
    assert saved.default_mark == Decimal("2.5")
    # The Khmer texts are the question's Khmer translation (wagtail-localize).
    khmer = snapshot_question(saved)
    assert "តើមន្ត្រីពិនិត្យឯកសារណាខ្លះ?" in khmer["text_km"]
    assert "Both." in saved.explanation
    assert sorted(saved.tags.names()) == ["passport", "visa"]
    choices = list(saved.choices.order_by("sort_order"))
    assert [(c.text, c.fraction) for c in choices] == [
        ("Passport", Decimal("0.5")),
        ("Visa", Decimal("0.5")),
        ("Library card", Decimal("-1")),
    ]
    assert choices[0].feedback == "Yes, always."  # answer feedback is plain text
    assert [c["text_km"] for c in khmer["choices"]] == ["លិខិតឆ្លងដែន", "", ""]


def test_repairs_announced_as_warnings_are_what_is_saved():
    question = multichoice("N" * 300, default_mark=Decimal("1.23456"))
    save_import(result_of(question), target_path=["Bank"])
    saved = Question.objects.get()
    assert saved.title == "N" * 255
    assert saved.default_mark == Decimal("1.235")


def test_saving_costs_a_bounded_number_of_queries_per_question(
    django_assert_max_num_queries,
):
    # Loading the admin registers Question with Wagtail's reference index (as
    # on a running site), which then records each saved question's references.
    reverse("quiz_questions:index")
    questions = [multichoice(f"Q{n}", line=n, tags=["passport"]) for n in range(30)]
    # Per question: the question, its choices (one insert), its tag rows and
    # the reference index; none of it grows with the bank's size.
    with django_assert_max_num_queries(30 * 13 + 20):
        save_import(result_of(*questions), target_path=["Bank", "Many"])
    assert Question.objects.count() == 30
