"""How complete a course's Khmer translation is, page by page and object by
object, and which segments changed since they were translated
(``courses.translation_status``)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    TranslationSource,
)
from wagtail_localize.operations import TranslationCreator

from courses.hooks import PAGE_TRANSLATABLE_OBJECTS_HOOK, page_translatable_objects
from courses.models import CoursePage, LessonPage, ModulePage
from courses.translation_status import (
    OUTDATED,
    TRANSLATED,
    course_translation_status,
    segment_status,
)
from tests import factories

pytestmark = pytest.mark.django_db


# Builders shared with test_course_po.py -------------------------------------


def build_course(modules=1, lessons=1, title="Identifying victims"):
    """A live course of ``modules`` x ``lessons`` lessons, each lesson with two
    paragraphs (the second one with bold text), built without the Khmer
    fields that issue 16 removes."""
    catalog = factories.make_catalog()
    course = CoursePage(
        title=title, slug=factories.unique("course"), summary=f"About {title}."
    )
    catalog.add_child(instance=course)
    for m in range(1, modules + 1):
        module = course.add_child(
            instance=ModulePage(title=f"Module {m}", slug=factories.unique("module"))
        )
        for n in range(1, lessons + 1):
            module.add_child(
                instance=LessonPage(
                    title=f"Lesson {m}.{n}",
                    slug=factories.unique("lesson"),
                    body=[
                        ("text", f"<p>Lesson {m}.{n} opens here.</p>"),
                        ("text", f"<p>Check the <b>passport</b> of {m}.{n}.</p>"),
                    ],
                )
            )
    return course


def khmer():
    return Locale.objects.get(language_code="km")


def start_khmer(*objects, user=None):
    """Khmer versions made the way the admin's "Translate" action makes them."""
    creator = TranslationCreator(user, [khmer()])
    for obj in objects:
        creator.create_translations(obj)


def khmer_text(source_text: str) -> str:
    # Keeps inline tags, as a translator must.
    return "ខ្មែរ " + source_text


def translate_all(obj, locale=None):
    """Write a Khmer StringTranslation for every segment of ``obj``'s source."""
    locale = locale or khmer()
    source = TranslationSource.objects.get_for_instance(obj)
    for segment in StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            context=segment.context,
            locale=locale,
            defaults={"data": khmer_text(segment.string.data)},
        )


def pages_of(course):
    return [
        page.specific
        for page in Page.objects.filter(
            path__startswith=course.path, locale_id=course.locale_id
        ).order_by("path")
    ]


def edit_paragraph(lesson, index, html):
    """Publish a new version of ``lesson`` with paragraph ``index`` replaced,
    as the page editor does (the block keeps its id)."""
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.body[index] = ("text", html, lesson.body[index].id)
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


# segment_status -----------------------------------------------------------


def test_a_page_never_submitted_is_not_started():
    course = build_course()
    lesson = LessonPage.objects.descendant_of(course).first()

    status = segment_status(lesson, "km")

    assert not status.exists and not status.submitted
    assert (status.total, status.translated, status.percent) == (0, 0, 0)
    assert status.label == "not started"
    assert status.edit_url == reverse(
        "wagtail_localize:submit_page_translation", args=[lesson.pk]
    )


def test_a_new_khmer_version_has_everything_to_translate():
    course = build_course()
    lesson = LessonPage.objects.descendant_of(course).first()
    start_khmer(course, lesson.get_parent(), lesson)

    status = segment_status(lesson, khmer())

    khmer_lesson = LessonPage.objects.get(
        translation_key=lesson.translation_key, locale=khmer()
    )
    blocks = [block.id for block in lesson.body]
    assert status.exists and status.submitted
    assert status.target_pk == khmer_lesson.pk
    assert status.edit_url == reverse("wagtailadmin_pages:edit", args=[khmer_lesson.pk])
    assert status.translated == 0 and status.outdated == 0
    assert {"title", f"body.{blocks[0]}", f"body.{blocks[1]}"} <= (
        status.untranslated_paths
    )
    assert status.total == len(status.untranslated_paths)
    assert status.percent == 0 and status.label == "0%"
    assert not status.source_changed


def test_translated_segments_count_and_complete_at_100():
    course = build_course()
    lesson = LessonPage.objects.descendant_of(course).first()
    start_khmer(course, lesson.get_parent(), lesson)
    source = TranslationSource.objects.get_for_instance(lesson)
    title = StringSegment.objects.get(source=source, context__path="title")
    StringTranslation.objects.create(
        translation_of=title.string,
        context=title.context,
        locale=khmer(),
        data="មេរៀន ១.១",
    )

    partly = segment_status(lesson, "km")
    assert partly.translated == 1
    assert "title" not in partly.untranslated_paths
    assert partly.percent == 100 // partly.total
    assert not partly.complete

    translate_all(lesson)
    done = segment_status(lesson, "km")
    assert done.translated == done.total > 0
    assert done.untranslated_paths == set() and done.percent == 100
    assert done.complete and done.label == "complete"
    assert all(s.state == TRANSLATED for s in done.segments)


def test_a_translation_with_broken_html_does_not_count():
    course = build_course()
    lesson = LessonPage.objects.descendant_of(course).first()
    start_khmer(course, lesson.get_parent(), lesson)
    translate_all(lesson)
    second = f"body.{lesson.body[1].id}"
    source = TranslationSource.objects.get_for_instance(lesson)
    segment = StringSegment.objects.get(source=source, context__path=second)
    translation = StringTranslation.objects.get(
        translation_of=segment.string, context=segment.context, locale=khmer()
    )
    translation.data = "ពិនិត្យ <p>លិខិតឆ្លងដែន</p>"  # a block tag
    translation.save()

    status = segment_status(lesson, "km")

    assert status.untranslated_paths == {second}
    (detail,) = status.untranslated_segments
    assert detail.error_translation == "ពិនិត្យ <p>លិខិតឆ្លងដែន</p>"
    assert not status.complete


def test_a_changed_paragraph_is_flagged_then_outdated_after_sync():
    course = build_course()
    lesson = LessonPage.objects.descendant_of(course).first()
    start_khmer(course, lesson.get_parent(), lesson)
    translate_all(lesson)
    first = f"body.{lesson.body[0].id}"

    lesson = edit_paragraph(lesson, 0, "<p>Lesson 1.1 now opens differently.</p>")

    # Published after the last sync: the status says so before any sync.
    before_sync = segment_status(lesson, "km")
    assert before_sync.source_changed
    assert not before_sync.complete
    assert before_sync.outdated == 0

    TranslationSource.objects.get_for_instance(lesson).update_from_db()
    status = segment_status(lesson, "km")

    assert not status.source_changed
    assert status.outdated == 1 and status.outdated_paths == {first}
    assert first not in status.untranslated_paths
    assert status.translated == status.total - 1
    (detail,) = status.outdated_segments
    assert detail.state == OUTDATED
    assert detail.source_text == "Lesson 1.1 now opens differently."
    assert detail.old_source_text == "Lesson 1.1 opens here."
    assert detail.old_translation == khmer_text("Lesson 1.1 opens here.")
    assert detail.translation is None

    # Translating the new text makes it current again.
    source = TranslationSource.objects.get_for_instance(lesson)
    segment = StringSegment.objects.get(source=source, context__path=first)
    StringTranslation.objects.create(
        translation_of=segment.string,
        context=segment.context,
        locale=khmer(),
        data="មេរៀន ១.១ ចាប់ផ្ដើមខុសពីមុន។",
    )
    again = segment_status(lesson, "km")
    assert again.outdated == 0 and again.complete


def test_a_draft_of_the_source_is_shown_but_not_a_change_to_sync():
    course = build_course()
    lesson = LessonPage.objects.descendant_of(course).first()
    start_khmer(course, lesson.get_parent(), lesson)
    translate_all(lesson)
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.body[0] = ("text", "<p>Not published yet.</p>", draft.body[0].id)
    draft.save_revision()

    status = segment_status(LessonPage.objects.get(pk=lesson.pk), "km")

    assert status.source_draft and not status.source_changed
    assert status.complete


def test_a_khmer_page_made_by_hand_exists_without_segments():
    course = build_course()
    course.copy_for_translation(khmer(), copy_parents=True)

    status = segment_status(course, "km")

    assert status.exists and not status.submitted
    assert status.total == 0 and status.percent == 100


# course_translation_status -------------------------------------------------


def test_rows_follow_the_outline_with_totals():
    course = build_course(modules=2, lessons=2)
    pages = pages_of(course)
    start_khmer(*pages)
    for page in pages[:3]:  # the course, module 1 and lesson 1.1
        translate_all(page)

    status = course_translation_status(course, "km")

    assert [row.obj.pk for row in status.rows] == [page.pk for page in pages]
    assert [row.level for row in status.rows] == [0, 1, 2, 2, 1, 2, 2]
    assert [row.title for row in status.rows][:3] == [
        "Identifying victims",
        "Module 1",
        "Lesson 1.1",
    ]
    assert [row.status.complete for row in status.rows] == [
        True, True, True, False, False, False, False,
    ]  # fmt: skip
    assert status.total == sum(row.status.total for row in status.rows)
    assert status.translated == sum(row.status.total for row in status.rows[:3])
    assert 0 < status.percent < 100 and not status.complete

    for page in pages[3:]:
        translate_all(page)
    assert course_translation_status(course, "km").complete


def test_the_khmer_course_answers_for_its_source():
    course = build_course()
    start_khmer(*pages_of(course))
    khmer_course = CoursePage.objects.get(
        translation_key=course.translation_key, locale=khmer()
    )

    status = course_translation_status(khmer_course, "km")

    assert status.course.pk == course.pk
    assert status.rows[0].obj.pk == course.pk


def test_query_count_does_not_grow_with_pages(django_assert_max_num_queries):
    small = build_course(modules=1, lessons=1, title="Small")
    start_khmer(*pages_of(small))
    translate_all(small)
    big = build_course(modules=3, lessons=3, title="Big")
    start_khmer(*pages_of(big))
    for page in pages_of(big)[::2]:
        translate_all(page)

    with CaptureQueriesContext(connection) as small_queries:
        course_translation_status(CoursePage.objects.get(pk=small.pk), "km")
    with django_assert_max_num_queries(len(small_queries)):
        status = course_translation_status(CoursePage.objects.get(pk=big.pk), "km")
    assert len(status.rows) == 1 + 3 + 9


# lms_page_translatable_objects ---------------------------------------------


def test_the_hook_refuses_pages_and_untranslatable_objects():
    course = build_course()

    def returns_a_page(page):
        return [course]

    with hooks.register_temporarily(PAGE_TRANSLATABLE_OBJECTS_HOOK, returns_a_page):
        with pytest.raises(TypeError, match="returns_a_page"):
            page_translatable_objects(course)

    def returns_a_user(page):
        return [factories.make_user("officer")]

    with hooks.register_temporarily(PAGE_TRANSLATABLE_OBJECTS_HOOK, returns_a_user):
        with pytest.raises(TypeError, match="not pages"):
            page_translatable_objects(course)


def test_a_failing_hook_is_not_silenced():
    course = build_course()

    def broken(page):
        raise RuntimeError("plugin bug")

    with hooks.register_temporarily(PAGE_TRANSLATABLE_OBJECTS_HOOK, broken):
        with pytest.raises(RuntimeError, match="plugin bug"):
            course_translation_status(course, "km")


# The Translations view and the "My courses" panel ---------------------------


def status_url(course, language="km"):
    return reverse("courses_translations", args=[course.pk]) + f"?language={language}"


def test_the_view_lists_pages_with_their_status_and_changed_segments(client):
    course = build_course(modules=1, lessons=2)
    pages = pages_of(course)
    start_khmer(*pages)
    for page in pages:
        translate_all(page)
    lesson = pages[2]
    lesson = edit_paragraph(lesson, 0, "<p>A new first paragraph.</p>")
    TranslationSource.objects.get_for_instance(lesson).update_from_db()
    client.force_login(factories.make_user("trainer", trains=[course]))

    response = client.get(status_url(course))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Module 1") < html.index("Lesson 1.1") < html.index("Lesson 1.2")
    assert "A new first paragraph." in html
    assert khmer_text("Lesson 1.1 opens here.") in html
    assert "lesson “Lesson 1.1” › Body" in html
    khmer_lesson = LessonPage.objects.get(
        translation_key=lesson.translation_key, locale=khmer()
    )
    assert reverse("wagtailadmin_pages:edit", args=[khmer_lesson.pk]) in html
    assert reverse("courses_translations_export", args=[course.pk, "km"]) in html


def test_the_view_syncs_a_changed_source(client):
    course = build_course()
    pages = pages_of(course)
    start_khmer(*pages)
    translate_all(pages[2])
    lesson = edit_paragraph(pages[2], 0, "<p>A new first paragraph.</p>")
    client.force_login(factories.make_user("lead_trainer"))
    html = client.get(status_url(course)).content.decode()
    assert "The source changed since its last sync." in html

    response = client.post(
        reverse("courses_translations_sync", args=[course.pk, "km"]),
        {"source": TranslationSource.objects.get_for_instance(lesson).pk},
    )

    assert response.status_code == 302
    status = segment_status(LessonPage.objects.get(pk=lesson.pk), "km")
    assert not status.source_changed and status.outdated == 1


def test_the_view_costs_the_same_for_a_bigger_course(
    client, django_assert_max_num_queries
):
    small = build_course(modules=1, lessons=1, title="Small")
    start_khmer(*pages_of(small))
    big = build_course(modules=3, lessons=3, title="Big")
    start_khmer(*pages_of(big))
    client.force_login(factories.make_user("admin"))
    client.get(status_url(small))  # warm the per-process caches

    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(status_url(small)).status_code == 200
    with django_assert_max_num_queries(len(small_queries)):
        assert client.get(status_url(big)).status_code == 200


def test_the_course_header_and_my_courses_link_to_the_view(client):
    course = build_course(modules=1, lessons=1)
    pages = pages_of(course)
    start_khmer(*pages)
    translate_all(pages[0])
    trainer = factories.make_user("trainer", trains=[course])
    client.force_login(trainer)

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse("courses_translations", args=[course.pk]) in edit.content.decode()
    percent = course_translation_status(course, "km").percent
    assert 0 < percent < 100
    assert f"Khmer: {percent}%" in home
    assert status_url(course) in home


# Objects translated with a page: a quiz's questions -------------------------


def quiz_questions(page):
    """What the quiz plugin's ``lms_page_translatable_objects`` gives: the
    quiz's own questions, in its order (one query per quiz)."""
    from plugins.quiz.models import Question, QuizPage

    if not isinstance(page, QuizPage):
        return []
    return list(
        Question.objects.filter(quiz_slots__quiz=page)
        .order_by("quiz_slots__sort_order")
        .prefetch_related("choices")
    )


def course_with_quiz(modules, lessons, questions, title):
    from tests.quiz.factories import make_question, make_quiz

    course = build_course(modules=modules, lessons=lessons, title=title)
    module = ModulePage.objects.child_of(course).order_by("path").last()
    quiz = make_quiz(
        module,
        questions=[make_question(title=f"{title} Q{n}") for n in range(questions)],
        title=f"{title} quiz",
    )
    return course, quiz


def test_a_quizs_questions_follow_it_with_their_own_status():
    from plugins.quiz.models import Question

    with hooks.register_temporarily(PAGE_TRANSLATABLE_OBJECTS_HOOK, quiz_questions):
        course, quiz = course_with_quiz(1, 1, 2, "Borders")
        first, second = quiz_questions(quiz)
        start_khmer(*pages_of(course), first)
        translate_all(first)

        status = course_translation_status(course, "km")

    titles = [(row.title, row.level) for row in status.rows]
    assert titles[-3:] == [("Borders quiz", 2), ("Borders Q0", 3), ("Borders Q1", 3)]
    rows = {row.title: row for row in status.rows}
    assert rows["Borders Q0"].page.pk == quiz.pk
    assert rows["Borders Q0"].status.complete
    assert "text" not in rows["Borders Q0"].status.untranslated_paths
    khmer_question = Question.objects.get(
        translation_key=first.translation_key, locale=khmer()
    )
    assert str(khmer_question.pk) in rows["Borders Q0"].status.edit_url
    assert rows["Borders Q1"].status.label == "not started"
    assert not rows["Borders Q1"].status.exists


def test_a_changed_question_is_flagged_without_a_sync():
    with hooks.register_temporarily(PAGE_TRANSLATABLE_OBJECTS_HOOK, quiz_questions):
        course, quiz = course_with_quiz(1, 1, 1, "Borders")
        (question,) = quiz_questions(quiz)
        start_khmer(question)
        translate_all(question)
        assert segment_status(question, "km").complete
        question.text = "<p>Which document is forged?</p>"
        question.save()

        status = segment_status(question, "km")

    assert status.source_changed and not status.complete


def test_query_count_with_a_quiz_of_ten_questions(django_assert_max_num_queries):
    with hooks.register_temporarily(PAGE_TRANSLATABLE_OBJECTS_HOOK, quiz_questions):
        small, small_quiz = course_with_quiz(1, 1, 1, "Small")
        start_khmer(*pages_of(small), *quiz_questions(small_quiz))
        big, big_quiz = course_with_quiz(3, 3, 10, "Big")
        start_khmer(*pages_of(big), *quiz_questions(big_quiz)[::2])

        with CaptureQueriesContext(connection) as small_queries:
            course_translation_status(CoursePage.objects.get(pk=small.pk), "km")
        with django_assert_max_num_queries(len(small_queries)):
            status = course_translation_status(CoursePage.objects.get(pk=big.pk), "km")

    assert len(status.rows) == 1 + 3 + 9 + 1 + 10
    assert sum(1 for row in status.rows if row.status.exists) == 1 + 3 + 9 + 1 + 5
