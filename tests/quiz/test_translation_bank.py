"""Khmer versions of bank questions: made by wagtail-localize, read by attempts.

A Khmer question is the wagtail-localize target of its English source (locale
``km``, same translation key); the snapshot an attempt keeps reads the Khmer
texts from it, and short answers are accepted in either language after
Khmer normalisation.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from plugins.quiz.models import Choice, Question, QuestionCategory
from plugins.quiz.question_types.shortanswer import ShortAnswer
from plugins.quiz.selection import category_descendants
from plugins.quiz.snapshot import snapshot_question, snapshot_questions
from plugins.quiz.translation import progress, start_translation, translate
from tests.quiz.factories import make_category, make_question

pytestmark = pytest.mark.django_db


def khmer_question(**extra):
    return make_question(
        "multichoice",
        text="<p>Which passport is genuine?</p><p>Look closely.</p>",
        text_km="<p>លិខិតឆ្លងដែនមួយណាពិត?</p><p>មើលឱ្យជិត។</p>",
        explanation="<p>Check the hologram.</p>",
        choices=[
            {
                "text": "With hologram",
                "text_km": "មានហូឡូក្រាម",
                "fraction": 1,
                "feedback": "Right",
                "feedback_km": "ត្រឹមត្រូវ",
            },
            {"text": "Without hologram", "fraction": 0},
        ],
        **extra,
    )


def test_khmer_version_is_a_wagtail_localize_translation():
    question = khmer_question()
    khmer = Question.objects.get(
        translation_key=question.translation_key, locale__language_code="km"
    )
    assert khmer.pk != question.pk
    source = TranslationSource.objects.get(object_id=question.translation_key)
    translation = Translation.objects.get(source=source)
    assert translation.target_locale.language_code == "km" and translation.enabled
    assert translation.get_target_instance() == khmer
    # The texts given are recorded segment by segment, as the editor shows them.
    translated = set(
        StringTranslation.objects.filter(locale__language_code="km").values_list(
            "data", flat=True
        )
    )
    assert {"លិខិតឆ្លងដែនមួយណាពិត?", "មើលឱ្យជិត។", "មានហូឡូក្រាម"} <= translated
    assert "លិខិតឆ្លងដែនមួយណាពិត?" in khmer.text
    # Choices are translated with their question and keep their source's key.
    by_key = {c.translation_key: c for c in khmer.choices.all()}
    right, wrong = question.choices.order_by("sort_order")
    assert by_key[right.translation_key].text == "មានហូឡូក្រាម"
    assert by_key[right.translation_key].feedback == "ត្រឹមត្រូវ"
    # Untranslated: the source text, until a translator fills it.
    assert by_key[wrong.translation_key].text == "Without hologram"
    # Grading fields are synchronised from the source.
    assert by_key[right.translation_key].fraction == Decimal(1)
    assert khmer.category_id == question.category_id
    assert khmer.question_type == question.question_type


def test_progress_counts_translated_segments():
    question = khmer_question()
    untouched = make_question()
    percent = progress([question, untouched])
    assert untouched.pk not in percent
    # text: 2 of 2, explanation 0 of 1, choices: text 1 of 2, feedback 1 of 1.
    assert percent[question.pk] == 100 * 4 // 6
    started = start_translation(untouched)
    assert started.locale.language_code == "km"
    assert progress([untouched])[untouched.pk] == 0


def test_bank_queries_keep_to_source_rows():
    category = make_category("Documents", name_km="ឯកសារ")
    question = khmer_question(category=category)
    assert Question.objects.count() == 2
    assert list(Question.objects.sources()) == [question]
    assert list(QuestionCategory.objects.sources()) == [category]
    # The tree and draws see the source categories only.
    assert set(category_descendants()) == {category.pk}
    assert category.localized_name("km") == "ឯកសារ"
    assert category.localized_name("en") == "Documents"


def test_deleting_a_source_deletes_its_translation():
    question = khmer_question()
    question.delete()
    assert not Question.objects.exists()
    assert not Choice.objects.exists()


def test_snapshot_reads_the_khmer_translation():
    question = khmer_question()
    snapshot = snapshot_question(question)
    assert snapshot["text_km"].count("<p") == 2
    assert "លិខិតឆ្លងដែនមួយណាពិត?" in snapshot["text_km"]
    # Not translated: empty, so readers get the English (and its lang).
    assert snapshot["explanation_km"] == ""
    right, wrong = snapshot["choices"]
    assert right["id"] == question.choices.get(sort_order=0).pk  # source ids
    assert (right["text_km"], right["feedback_km"]) == ("មានហូឡូក្រាម", "ត្រឹមត្រូវ")
    assert wrong["text_km"] == ""
    assert snapshot_question(make_question())["text_km"] == ""


def test_snapshots_of_many_questions_cost_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    questions = [khmer_question() for _ in range(4)]
    listed = list(Question.objects.sources().prefetch_related("choices"))
    with django_assert_max_num_queries(2):
        snapshots = snapshot_questions(listed)
    assert len(snapshots) == len(questions)
    assert all(s["text_km"] for s in snapshots)


# Short answers in every language ------------------------------------------------

KHMER_ANSWER = "ភ្នំពេញ"  # Phnom Penh


def short_answer_snapshot(**options):
    question = make_question(
        "shortanswer",
        options={"case_sensitive": False, **options},
        choices=[
            {"text": "Phnom Penh", "text_km": KHMER_ANSWER, "fraction": 1},
            {"text": "Passport 12", "text_km": "លិខិតឆ្លងដែន ១២", "fraction": 1},
            {"text": "*Siem Reap*", "fraction": Decimal("0.5")},
        ],
    )
    return snapshot_question(question)


@pytest.mark.parametrize(
    "response",
    [
        "Phnom Penh",
        "  phnom   PENH ",
        KHMER_ANSWER,
        "ភ្នំ\u200bពេញ",  # a zero-width space typed between the words
        "\u200bភ្នំពេញ\u200d",
        "លិខិតឆ្លងដែន 12",  # Latin digits for Khmer ones
        "Passport ១២",  # Khmer digits for Latin ones
    ],
)
def test_short_answer_accepts_every_language_version(response):
    snapshot = short_answer_snapshot()
    assert ShortAnswer().grade(snapshot, response) == Decimal(1)


def test_short_answer_unifies_khmer_spelling_variants():
    # ើ typed in two parts (េ + ី) and a vowel typed before the subscript.
    question = make_question(
        "shortanswer",
        choices=[{"text": "walk", "text_km": "ដើរ", "fraction": 1}],
    )
    snapshot = snapshot_question(question)
    assert ShortAnswer().grade(snapshot, "ដេីរ") == Decimal(1)
    question = make_question(
        "shortanswer",
        choices=[{"text": "border", "text_km": "ព្រំដែន", "fraction": 1}],
    )
    snapshot = snapshot_question(question)
    reordered = "ពំ្រដែន"  # ំ before the subscript ្រ
    assert ShortAnswer().grade(snapshot, reordered) == Decimal(1)
    assert ShortAnswer().grade(snapshot, "ព្រំដែន".replace("ំ", "")) == Decimal(0)


def test_short_answer_normalises_nfd_input():
    import unicodedata

    question = make_question("shortanswer", choices=[{"text": "Café", "fraction": 1}])
    snapshot = snapshot_question(question)
    assert ShortAnswer().grade(snapshot, unicodedata.normalize("NFD", "café")) == 1


def test_short_answer_wildcards_and_grading_from_the_snapshot_alone():
    snapshot = short_answer_snapshot()
    assert ShortAnswer().grade(snapshot, "near Siem Reap city") == Decimal("0.5")
    assert ShortAnswer().grade(snapshot, "Battambang") == Decimal(0)
    # The bank can change (or lose the translation): the snapshot still grades.
    Question.objects.filter(locale__language_code="km").delete()
    assert ShortAnswer().grade(snapshot, KHMER_ANSWER) == Decimal(1)


def test_case_sensitive_short_answer_still_normalises_khmer():
    snapshot = short_answer_snapshot(case_sensitive=True)
    assert ShortAnswer().grade(snapshot, "phnom penh") == Decimal(0)
    assert ShortAnswer().grade(snapshot, "ភ្នំ\u200bពេញ") == Decimal(1)


def test_translate_updates_an_existing_translation():
    question = khmer_question()
    translate(
        Question.objects.prefetch_related("choices").get(pk=question.pk),
        {"explanation": "<p>ពិនិត្យហូឡូក្រាម។</p>"},
    )
    snapshot = snapshot_question(question)
    assert "ពិនិត្យហូឡូក្រាម។" in snapshot["explanation_km"]
    assert "លិខិតឆ្លងដែនមួយណាពិត?" in snapshot["text_km"]  # kept
    assert Locale.objects.filter(language_code="km").count() == 1
