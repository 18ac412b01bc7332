"""Migration 0008: the bank's old "(Khmer)" columns become wagtail-localize
translations (``plugins.quiz.khmer_columns.move_khmer_columns``).

The columns are gone from today's schema, so each test adds them back to the
tables (inside the test's transaction, rolled back after it), fills them as
a database from before issue 16 held them, and runs the migration's function.
"""

from __future__ import annotations

import pytest
from django.db import connection
from wagtail_localize.models import StringTranslation, Translation

from plugins.quiz.khmer_columns import move_khmer_columns
from plugins.quiz.models import Choice, Question, QuestionCategory, QuizPage
from plugins.quiz.snapshot import snapshot_question
from plugins.quiz.translation import khmer_locale, progress
from tests.factories import make_khmer_course
from tests.quiz.factories import make_category, make_question, make_quiz
from tests.quiz.view_helpers import course_of

pytestmark = pytest.mark.django_db

OLD_COLUMNS = {
    "quiz_questioncategory": ["name_km"],
    "quiz_question": ["text_km", "explanation_km"],
    "quiz_choice": ["text_km", "match_text_km", "feedback_km"],
    "quiz_quizpage": ["intro_km", "success_text_km", "fail_text_km"],
}


@pytest.fixture
def old_columns():
    """The Khmer columns as they were, empty ("" for every row)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, columns in OLD_COLUMNS.items():
            for column in columns:
                cursor.execute(
                    f"ALTER TABLE {quote(table)} ADD COLUMN {quote(column)} "
                    "TEXT NOT NULL DEFAULT ''"
                )

    def fill(table, pk, **values):
        key = "page_ptr_id" if table == "quiz_quizpage" else "id"
        assignments = ", ".join(f"{quote(name)} = %s" for name in values)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(table)} SET {assignments} WHERE {quote(key)} = %s",
                [*values.values(), pk],
            )

    return fill


def test_nothing_to_move_touches_nothing(old_columns, django_assert_num_queries):
    make_question()
    with django_assert_num_queries(4):  # one read per table
        assert move_khmer_columns() == {"categories": 0, "questions": 0, "pages": 0}
    assert not Translation.objects.exists()


def test_old_khmer_texts_become_wagtail_localize_translations(old_columns):
    category = make_category("Documents")
    question = make_question(
        category=category,
        text="<p>Which passport is genuine?</p><p>Look closely.</p>",
        explanation="<p>Check the hologram.</p>",
        choices=[
            {"text": "With a hologram", "fraction": 1, "feedback": "Right."},
            {"text": "Without a photo", "fraction": 0},
        ],
    )
    untouched = make_question(title="English only")
    right, wrong = question.choices.order_by("sort_order")
    old_columns("quiz_questioncategory", category.pk, name_km="ឯកសារ")
    old_columns(
        "quiz_question",
        question.pk,
        text_km="<p>តើលិខិតឆ្លងដែនមួយណាពិត?</p><p>មើលឱ្យច្បាស់។</p>",
        explanation_km="<p>ពិនិត្យហូឡូក្រាម។</p>",
    )
    old_columns("quiz_choice", right.pk, text_km="មានហូឡូក្រាម", feedback_km="ត្រូវ។")

    assert move_khmer_columns() == {"categories": 1, "questions": 1, "pages": 0}

    khmer = question.get_translation(khmer_locale())
    assert khmer.text == "<p>តើលិខិតឆ្លងដែនមួយណាពិត?</p><p>មើលឱ្យច្បាស់។</p>"
    assert khmer.explanation == "<p>ពិនិត្យហូឡូក្រាម។</p>"
    # The choices are translated with the question, grading fields copied.
    twins = {c.translation_key: c for c in khmer.choices.all()}
    assert twins[right.translation_key].text == "មានហូឡូក្រាម"
    assert twins[right.translation_key].fraction == right.fraction
    assert twins[wrong.translation_key].text == "Without a photo"  # falls back
    assert khmer.category_id == category.pk  # the source's place in the tree
    # Made by wagtail-localize: its editor shows the texts as translated.
    assert Translation.objects.filter(
        source__object_id=question.translation_key, enabled=True
    ).exists()
    assert StringTranslation.objects.filter(data="មើលឱ្យច្បាស់។").exists()
    assert 0 < progress([question])[question.pk] < 100
    snapshot = snapshot_question(question)
    assert snapshot["choices"][0]["feedback_km"] == "ត្រូវ។"
    assert snapshot["choices"][1]["text_km"] == ""
    assert category.get_translation(khmer_locale()).name == "ឯកសារ"
    assert not untouched.get_translations().exists()
    # The bank itself still lists only its own rows.
    assert Question.objects.sources().count() == 2
    assert QuestionCategory.objects.sources().count() == 2
    assert Choice.objects.filter(locale=khmer_locale()).count() == 2


def test_a_quiz_pages_khmer_texts_go_to_its_khmer_version(old_columns):
    quiz = make_quiz(
        questions=[make_question()],
        intro="<p>Read carefully.</p>",
        success_text="Well done.",
    )
    old_columns(
        "quiz_quizpage",
        quiz.pk,
        intro_km="<p>សូមអានដោយប្រុងប្រយ័ត្ន។</p>",
        success_text_km="ល្អណាស់។",
    )
    # Its Khmer version (wagtail-localize's, synced) gets the texts.
    make_khmer_course(course_of(quiz))
    assert move_khmer_columns()["pages"] == 1
    khmer = QuizPage.objects.get(
        translation_key=quiz.translation_key, locale=khmer_locale()
    )
    assert khmer.intro == "<p>សូមអានដោយប្រុងប្រយ័ត្ន។</p>"
    assert khmer.success_text == "ល្អណាស់។"
    assert khmer.fail_text == quiz.fail_text


def test_moving_twice_changes_nothing_more(old_columns):
    question = make_question(text="<p>Which one?</p>")
    old_columns("quiz_question", question.pk, text_km="<p>មួយណា?</p>")
    move_khmer_columns()
    move_khmer_columns()
    assert (
        Question.objects.filter(translation_key=question.translation_key).count() == 2
    )
    assert (
        StringTranslation.objects.filter(locale=khmer_locale(), data="មួយណា?").count()
        == 1
    )
