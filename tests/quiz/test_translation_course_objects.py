"""A quiz's bank questions are translated with its course
(``lms_page_translatable_objects``): they show in the course's translation
status and in its PO file, after the pages they belong to."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from courses.hooks import page_translatable_objects
from courses.translation_po import export_course_po
from courses.translation_status import course_translation_status
from plugins.quiz.models import Question, QuestionCategory
from plugins.quiz.translation import khmer_locale, translate
from tests.factories import make_course, make_khmer_course, modules_of
from tests.quiz.factories import make_category, make_question, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz_world():
    """A course whose quiz has two fixed questions and draws from a category
    tree (one draw with, one without sub-categories)."""
    course = make_course(modules=1, lessons=1)
    module = modules_of(course)[0]
    documents = make_category("Documents")
    stamps = make_category("Stamps", parent=documents)
    interviews = make_category("Interviews")
    fixed_b = make_question(title="B fixed", text="<p>Second fixed?</p>")
    fixed_a = make_question(title="A fixed", text="<p>First fixed?</p>")
    in_documents = make_question(category=documents, title="Passport")
    in_stamps = make_question(category=stamps, title="Entry stamp")
    in_interviews = make_question(category=interviews, title="Greeting")
    make_question(category=make_category("Unused"), title="Not in the quiz")
    quiz = make_quiz(
        module,
        questions=[fixed_b, fixed_a],
        draws=[(documents, 1), (interviews, 1)],
    )
    draw = quiz.category_draws.get(category=documents)
    draw.include_subcategories = True
    draw.save()
    draw = quiz.category_draws.get(category=interviews)
    draw.include_subcategories = False
    draw.save()
    # A question in a sub-category of the draw without sub-categories.
    make_question(
        category=make_category("Follow-up", parent=interviews), title="Not drawn"
    )
    return {
        "course": course,
        "quiz": quiz,
        "questions": [fixed_b, fixed_a, in_documents, in_stamps, in_interviews],
        "categories": [documents, stamps, interviews],
    }


def test_a_quiz_gives_its_slot_and_drawn_questions_then_its_categories(
    quiz_world, django_assert_max_num_queries
):
    quiz = Page.objects.get(pk=quiz_world["quiz"].pk).specific
    page_translatable_objects(quiz)  # reads the locales once per process
    quiz = Page.objects.get(pk=quiz.pk).specific
    with django_assert_max_num_queries(5):
        objects = page_translatable_objects(quiz)
        titles = [str(obj) for obj in objects]
        for obj in objects:  # what the status and the PO file read: no query
            if isinstance(obj, Question):
                list(obj.choices.all())
    expected = quiz_world["questions"] + quiz_world["categories"]
    assert objects == expected
    assert titles[:5] == ["B fixed", "A fixed", "Passport", "Entry stamp", "Greeting"]


def test_other_pages_give_nothing_without_a_query(
    quiz_world, django_assert_num_queries
):
    course = quiz_world["course"]
    module = modules_of(course)[0]
    lesson = module.get_children().first().specific
    with django_assert_num_queries(0):
        for page in (course, module, lesson):
            assert page_translatable_objects(page) == []


def test_the_khmer_quiz_gives_the_source_questions(quiz_world):
    make_khmer_course(quiz_world["course"])
    source = quiz_world["quiz"]
    khmer = source.get_translation(khmer_locale())
    translate(quiz_world["questions"][0], {"text": "<p>ទីពីរ?</p>"})
    objects = page_translatable_objects(khmer)
    assert objects == page_translatable_objects(source)
    assert all(obj.locale.language_code == "en" for obj in objects)
    # The quiz's Khmer version asks the same (source) questions.
    assert list(khmer.slots.values_list("question_id", flat=True)) == [
        q.pk for q in quiz_world["questions"][:2]
    ]


def test_the_course_status_counts_the_questions(quiz_world):
    course = quiz_world["course"]
    first = quiz_world["questions"][0]
    translate(
        first,
        {
            "text": "<p>សំណួរទីពីរ?</p>",
            "choices": {
                first.choices.order_by("sort_order").first().pk: {"text": "ត្រូវ"}
            },
        },
    )
    translate(quiz_world["categories"][0], {"name": "ឯកសារ"})
    status = course_translation_status(course, "km")
    rows = {row.obj: row for row in status.rows if not row.is_page}
    assert list(rows) == quiz_world["questions"] + quiz_world["categories"]
    quiz_row = next(row for row in status.rows if row.obj == quiz_world["quiz"])
    assert all(row.level == quiz_row.level + 1 for row in rows.values())
    assert all(row.page == quiz_row.obj for row in rows.values())
    # "B fixed": its text and one of three answers translated (2 of 4 strings).
    first_status = rows[first].status
    assert first_status.exists and first_status.total == 4
    assert first_status.translated == 2
    assert not rows[quiz_world["questions"][1]].status.exists
    assert rows[quiz_world["categories"][0]].status.translated == 1


def test_the_course_po_file_carries_the_question_strings(quiz_world):
    first = quiz_world["questions"][0]
    translate(first, {"text": "<p>សំណួរទីពីរ?</p>"})
    po = export_course_po(quiz_world["course"], "km")
    by_id = {entry.msgid: entry for entry in po}
    assert by_id["Second fixed?"].msgstr == "សំណួរទីពីរ?"
    assert by_id["First fixed?"].msgstr == ""
    assert "Documents" in by_id and "Stamps" in by_id  # drawn categories
    assert "Not in the quiz" not in {e.msgid for e in po}
    unused = QuestionCategory.objects.sources().get(name="Unused")
    assert unused.name not in by_id
    # The bank's grading values are not strings to translate.
    assert "1.00000" not in by_id
    # Question strings come after the quiz page's own.
    quiz_title = quiz_world["quiz"].title
    entries = [entry.msgid for entry in po]
    assert entries.index(quiz_title) < entries.index("Second fixed?")
