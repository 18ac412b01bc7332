"""parse(export(questions)) == questions, for every question type, in GIFT and
Moodle XML (the formats that export), with Khmer text and awkward characters."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plugins.quiz.interchange.base import (
    EmbeddedFile,
    ImportedChoice,
    ImportedQuestion,
)
from plugins.quiz.interchange.formats import FORMATS, get_format
from plugins.quiz.interchange.moodle import blank_options
from tests.quiz.interchange.transfer_helpers import png_bytes

PNG = png_bytes()
#: Every character GIFT treats specially, and HTML's.
AWKWARD = r"a = b: {c} #d ~e \ f -> g & <h> %50% [html] //i ####j"


def options(question_type, **values):
    return {**blank_options(question_type), **values}


def every_type() -> list[ImportedQuestion]:
    return [
        ImportedQuestion(
            question_type="multichoice",
            title="ពិនិត្យលិខិតឆ្លងដែន: passport check",
            text="<p>តើ​លិខិតឆ្លងដែន​មួយណា​ពិត? Which passport is genuine?</p>",
            text_km="<p>តើ​លិខិតឆ្លងដែន​មួយណា​ពិត?</p>",
            explanation="<p>The <b>genuine</b> one has a hologram.</p>",
            explanation_km="<p>លិខិតឆ្លងដែន​ពិត​មាន​រូប​ហូឡូក្រាម។</p>",
            category_path=("Passports", "ឯកសារ"),
            default_mark=Decimal("2"),
            tags=["passport", "ឯកសារ"],
            choices=[
                ImportedChoice(
                    "The one with a hologram",
                    Decimal(1),
                    feedback="<p>Right: look for the hologram.</p>",
                    text_km="លិខិតឆ្លងដែន​ដែល​មាន​ហូឡូក្រាម",
                    feedback_km="ត្រឹមត្រូវ",
                ),
                ImportedChoice(AWKWARD, Decimal("0.3333333"), feedback=AWKWARD),
                ImportedChoice("The laminated one", Decimal("-0.5")),
                ImportedChoice("Two  spaces\nand a line", Decimal(0)),
            ],
        ),
        ImportedQuestion(
            question_type="multiresponse",
            title="Valid entry documents",
            text="<p>Tick every document that allows entry.</p>",
            category_path=("Passports",),
            choices=[
                ImportedChoice("Passport with visa", Decimal("0.5"), feedback="Yes"),
                ImportedChoice("Border pass", Decimal("0.5")),
                ImportedChoice("Library card", Decimal(-1), feedback="<i>No</i>"),
                ImportedChoice("Expired passport", Decimal(0)),
            ],
        ),
        ImportedQuestion(
            question_type="truefalse",
            title="Visa on arrival",
            text="<p>Every visitor gets a visa on arrival.</p>",
            explanation="<p>Some nationalities need a visa in advance.</p>",
            options=options(
                "truefalse",
                correct=False,
                feedback_true="Not every nationality: check the list.",
                feedback_true_km="មិន​មែន​គ្រប់​សញ្ជាតិ​ទេ",
                feedback_false="Right: " + AWKWARD,
            ),
        ),
        ImportedQuestion(
            question_type="truefalse",
            title="Stamps",
            text="<p>An entry stamp shows the date.</p>",
            options=options("truefalse", correct=True),
        ),
        ImportedQuestion(
            question_type="shortanswer",
            title="Capital",
            text="<p>What is the capital of Cambodia?</p>",
            options=options("shortanswer", case_sensitive=True),
            choices=[
                ImportedChoice("Phnom Penh", Decimal(1), feedback="Yes"),
                ImportedChoice("ភ្នំពេញ", Decimal(1), text_km="ភ្នំពេញ"),
                ImportedChoice("*penh*", Decimal("0.5"), feedback="Spelling?"),
            ],
        ),
        ImportedQuestion(
            question_type="numerical",
            title="Days",
            text="<p>How many days may a tourist visa last?</p>",
            choices=[
                ImportedChoice("30", Decimal(1), tolerance=Decimal(0)),
                ImportedChoice("30", Decimal("0.5"), tolerance=Decimal("2.5")),
                ImportedChoice("-1.25", Decimal("0.1"), feedback="Odd"),
                ImportedChoice("*", Decimal(0), feedback="<p>No.</p>"),
            ],
        ),
        ImportedQuestion(
            question_type="matching",
            title="Match the documents",
            text="<p>Match each document with its use.</p>",
            choices=[
                ImportedChoice(
                    "Passport",
                    match_text="Travel abroad",
                    text_km="លិខិតឆ្លងដែន",
                    match_text_km="ធ្វើដំណើរ​ទៅ​បរទេស",
                ),
                ImportedChoice("ID card", match_text="Identity at home"),
                ImportedChoice("Visa", match_text="Permission: to enter {a country}"),
                ImportedChoice("", match_text="Fishing"),
            ],
        ),
        ImportedQuestion(
            question_type="essay",
            title="Report",
            text="<p>Describe how you check a passport.</p>",
            explanation="<p>Mention the photo page.</p>",
            options=options(
                "essay",
                max_words=200,
                response_template="Steps:\n1.",
                response_template_km="ជំហាន:",
                grader_info="Look for the photo page and the hologram.",
                grader_info_km="រក​ទំព័រ​រូបថត",
            ),
        ),
        ImportedQuestion(
            question_type="essay",
            title="Plain essay",
            text="<p>Why?</p>",
            options=options("essay"),
        ),
    ]


def with_files() -> ImportedQuestion:
    return ImportedQuestion(
        question_type="multichoice",
        title="Photo",
        text='<p>Which stamp is this? <img src="@@PLUGINFILE@@/my%20stamp.png" '
        'alt="stamp"></p>',
        explanation='<p>See <a href="@@PLUGINFILE@@/rules.pdf">the rules</a>.</p>',
        files=[
            EmbeddedFile("my stamp.png", PNG),
            EmbeddedFile("rules.pdf", b"%PDF-1.4 rules"),
        ],
        choices=[
            ImportedChoice("Entry", Decimal(1), feedback="<p>Yes</p>"),
            ImportedChoice("Exit", Decimal(0)),
        ],
    )


@pytest.mark.parametrize("identifier", ["gift", "moodlexml"])
def test_every_type_survives_export_and_parse(identifier):
    fmt = get_format(identifier)
    questions = every_type()
    exported = fmt.export(questions)
    result = fmt.parse(exported.encode("utf-8"))
    assert result.errors == []
    assert [p for p in result.all_problems] == []
    assert result.questions == questions
    # Equality is field by field: check one that == could hide behind.
    assert [q.question_type for q in result.questions] == [
        q.question_type for q in questions
    ]


@pytest.mark.parametrize("identifier", ["gift", "moodlexml"])
def test_each_question_alone(identifier):
    fmt = get_format(identifier)
    for question in every_type():
        result = fmt.parse(fmt.export([question]).encode("utf-8"))
        assert result.questions == [question], question.title


def test_moodle_xml_carries_embedded_files():
    fmt = get_format("moodlexml")
    question = with_files()
    exported = fmt.export([question])
    assert 'name="my stamp.png" path="/" encoding="base64"' in exported
    result = fmt.parse(exported.encode())
    assert result.all_problems == []
    assert result.questions == [question]
    assert result.questions[0].files[0].content == PNG


def test_export_twice_is_stable():
    for identifier in ("gift", "moodlexml"):
        fmt = get_format(identifier)
        once = fmt.export(every_type())
        assert fmt.export(fmt.parse(once.encode()).questions) == once


def test_formats_are_listed():
    assert set(FORMATS) == {"gift", "moodlexml", "aiken", "csv"}
    assert [f for f in FORMATS.values() if f.can_export] == [
        FORMATS["gift"],
        FORMATS["moodlexml"],
    ]
    with pytest.raises(KeyError):
        get_format("qti")


# From the bank --------------------------------------------------------------------


@pytest.fixture
def bank(db, settings, tmp_path):
    """Bank > Passports > Visas, with a question of each type and an image."""
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from tests.quiz.factories import make_category, make_question

    settings.MEDIA_ROOT = tmp_path
    image = get_image_model().objects.create(
        title="stamp", file=ImageFile(ContentFile(PNG), "stamp.png")
    )
    document = get_document_model().objects.create(
        title="rules", file=ContentFile(b"%PDF-1.4 rules", "rules.pdf")
    )
    root = make_category("Bank")
    passports = make_category("Passports", parent=root)
    visas = make_category("Visas", parent=passports)
    make_category("Elsewhere")
    mc = make_question(
        "multichoice",
        category=visas,
        title="Stamp",
        text=f'<p>Which stamp?</p><embed alt="Stamp" embedtype="image" '
        f'format="fullwidth" id="{image.pk}"/>',
        text_km="<p>តើ​ត្រា​មួយណា?</p>",
        explanation=f'<p>See <a id="{document.pk}" linktype="document">rules</a>.</p>',
        default_mark=Decimal("2.000"),
        choices=[
            {
                "text": "Entry",
                "fraction": Decimal("1.00000"),
                "feedback": "Yes & well done",
                "text_km": "ចូល",
            },
            {"text": "Exit", "fraction": Decimal("0.33333"), "feedback": ""},
            {"text": "Transit", "fraction": Decimal("-0.50000")},
        ],
    )
    mc.tags.add("stamp", "ត្រា")
    mc.save()
    make_question(
        "truefalse",
        category=passports,
        title="Visa on arrival",
        text="<p>Everyone gets one.</p>",
        options={**blank_options("truefalse"), "correct": False, "feedback_true": "No"},
    )
    make_question(
        "numerical",
        category=passports,
        title="Days",
        text="<p>How many days?</p>",
        choices=[{"text": "30", "fraction": 1, "tolerance": Decimal("2.500000")}],
    )
    make_question(
        "matching",
        category=root,
        title="Match",
        text="<p>Match.</p>",
        choices=[
            {"text": "Passport", "match_text": "Travel", "match_text_km": "ដំណើរ"},
            {"text": "ID card", "match_text": "Identity"},
            {"text": "", "match_text": "Fishing"},
        ],
    )
    make_question(
        "essay",
        category=root,
        title="Report",
        text="<p>Describe.</p>",
        options={**blank_options("essay"), "max_words": 100},
    )
    make_question(
        "shortanswer",
        category=root,
        title="Capital",
        text="<p>Capital?</p>",
        options={"case_sensitive": False},
        choices=[{"text": "Phnom Penh", "fraction": 1}],
    )
    return {"root": root, "passports": passports, "visas": visas, "mc": mc}


def test_to_imported_reads_a_bank_question(bank):
    from plugins.quiz.interchange.from_bank import to_imported

    imported = to_imported(bank["mc"], bank["passports"])
    assert imported.category_path == ("Visas",)
    assert imported.question_type == "multichoice"
    assert imported.title == "Stamp"
    assert imported.text == (
        '<p>Which stamp?</p><img alt="Stamp" src="@@PLUGINFILE@@/stamp.png"/>'
    )
    # The Khmer text is a wagtail-localize translation: the English text's
    # structure with its words translated, so it shows the English's image.
    assert imported.text_km == (
        '<p>តើ​ត្រា​មួយណា?</p><img alt="Stamp" src="@@PLUGINFILE@@/stamp.png"/>'
    )
    assert imported.explanation == (
        '<p>See <a href="@@PLUGINFILE@@/rules.pdf">rules</a>.</p>'
    )
    assert imported.files == [
        EmbeddedFile("stamp.png", PNG),
        EmbeddedFile("rules.pdf", b"%PDF-1.4 rules"),
    ]
    assert imported.choices == [
        ImportedChoice(
            "Entry", Decimal(1), feedback="Yes &amp; well done", text_km="ចូល"
        ),
        # 0.33333 in the bank is Moodle's 0.3333333 in files.
        ImportedChoice("Exit", Decimal("0.3333333")),
        ImportedChoice("Transit", Decimal("-0.5")),
    ]
    assert imported.tags == ["stamp", "ត្រា"]
    assert imported.default_mark == 2
    assert to_imported(bank["mc"], None).category_path == ("Bank", "Passports", "Visas")


def test_category_questions_with_and_without_subcategories(bank):
    from plugins.quiz.interchange.from_bank import category_questions

    titles = [q.title for q in category_questions(bank["root"])]
    # The category's own questions by title, then each sub-category depth first.
    assert titles == ["Capital", "Match", "Report", "Days", "Visa on arrival", "Stamp"]
    alone = category_questions(bank["root"], include_subcategories=False)
    assert [q.title for q in alone] == ["Capital", "Match", "Report"]


@pytest.mark.parametrize("identifier", ["moodlexml", "gift"])
def test_a_bank_category_exports_and_parses_back(bank, identifier):
    from plugins.quiz.interchange.from_bank import category_questions, to_imported

    imported = [to_imported(q, bank["root"]) for q in category_questions(bank["root"])]
    fmt = get_format(identifier)
    result = fmt.parse(fmt.export(imported).encode())
    assert result.errors == []
    if identifier == "gift":  # GIFT cannot carry files; the references stay.
        for question in imported:
            question.files = []
    assert result.questions == imported
    assert [c.path for c in result.categories] == [
        ("Passports",),
        ("Passports", "Visas"),
    ]


def test_listing_and_converting_costs_the_same_queries_for_more_questions(
    bank, django_assert_max_num_queries
):
    from plugins.quiz.interchange.from_bank import category_questions, to_imported
    from tests.quiz.factories import make_question

    def export_all():
        return [to_imported(q, bank["root"]) for q in category_questions(bank["root"])]

    # categories, questions, choices, tagged items, tags, images, documents,
    # and two for the Khmer translations (questions, their choices): 7 + 2.
    with django_assert_max_num_queries(9):
        assert len(export_all()) == 6
    for n in range(20):
        question = make_question(
            category=bank["visas"],
            title=f"More {n}",
            text=bank["mc"].text,
            explanation=bank["mc"].explanation,
        )
        question.tags.add(f"tag{n}")
        question.save()
    with django_assert_max_num_queries(9):
        assert len(export_all()) == 26


def test_quiz_questions_follow_the_slots(bank, django_assert_max_num_queries):
    from plugins.quiz.interchange.from_bank import quiz_questions, to_imported
    from plugins.quiz.models import Question
    from tests.quiz.factories import make_quiz

    chosen = [
        Question.objects.sources().get(title=title)
        for title in ("Report", "Stamp", "Days")
    ]
    quiz = make_quiz(questions=chosen)
    # The slots, then as for a category (with the two queries for the Khmer
    # translations: 8 + 2).
    with django_assert_max_num_queries(10):
        questions = quiz_questions(quiz)
        imported = [to_imported(q, None) for q in questions]
    assert [q.title for q in imported] == ["Report", "Stamp", "Days"]
    assert imported[1].category_path == ("Bank", "Passports", "Visas")
    assert imported[1].files[0].content == PNG
