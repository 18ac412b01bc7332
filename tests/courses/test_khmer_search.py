"""Search that finds Khmer words (issue 16), on SQLite and PostgreSQL.

The Khmer versions are wagtail-localize translations of an English course,
filled segment by segment as a translator fills them.
"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from courses.models import CoursePage, LessonPage, ModulePage
from courses.search import (
    SearchText,
    _index_on_save,
    index_page,
    parse_query,
    refresh_index,
    search_pages,
)
from tests import factories

ZWSP = "\u200b"

# A lesson sentence with its Khmer translation: the words searched for sit in
# the middle of unspaced Khmer, a year in Khmer digits, a fee in Latin ones.
EN_CHECK = "Officers must check the passport of every traveller at the border post."
KM_CHECK = "មន្ត្រីត្រូវពិនិត្យលិខិតឆ្លងដែនរបស់អ្នកដំណើរគ្រប់រូបនៅច្រកព្រំដែន។"
EN_HOURS = "Since 2024 the border post opens at 7 in the morning."
KM_HOURS = "ចាប់ពីឆ្នាំ២០២៤ ច្រកព្រំដែនបើកនៅម៉ោង៧ព្រឹក។"
EN_FEE = "Travellers pay a visa fee of 25 dollars."
KM_FEE = "អ្នកដំណើរត្រូវបង់ថ្លៃទិដ្ឋាការ 25 ដុល្លារ។"

KHMER = {
    "Courses": "វគ្គសិក្សា",
    "Checking travel documents": "ការត្រួតពិនិត្យឯកសារធ្វើដំណើរ",
    "How officers check documents at a border post.": (
        "របៀបដែលមន្ត្រីត្រួតពិនិត្យឯកសារនៅច្រកព្រំដែន។"
    ),
    "At the checkpoint": "នៅច្រកត្រួតពិនិត្យ",
    "Passports and visas": "លិខិតឆ្លងដែន និងទិដ្ឋាការ",
    "What to check first.": "អ្វីដែលត្រូវពិនិត្យមុនគេ។",
    EN_CHECK: KM_CHECK,
    EN_HOURS: KM_HOURS,
    EN_FEE: KM_FEE,
}


def translate(page, locale):
    """``page``'s Khmer version, made by wagtail-localize from :data:`KHMER`."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    segments = StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    )
    for segment in segments:
        text = KHMER.get(segment.string.data)
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": text},
            )
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale
    )
    translation.save_target(publish=True)
    return page.get_translation(locale).specific


@pytest.fixture
def pages(db, django_capture_on_commit_callbacks):
    """An English course of one lesson and its Khmer translation."""
    catalog = factories.make_catalog()
    course = catalog.add_child(
        instance=CoursePage(
            title="Checking travel documents",
            slug="checking-travel-documents",
            summary="How officers check documents at a border post.",
        )
    )
    module = course.add_child(
        instance=ModulePage(title="At the checkpoint", slug="at-the-checkpoint")
    )
    lesson = module.add_child(
        instance=LessonPage(
            title="Passports and visas",
            slug="passports-and-visas",
            summary="What to check first.",
            body=[
                ("text", f"<p>{EN_CHECK}</p>"),
                ("text", f"<p>{EN_HOURS}</p>"),
                ("text", f"<p>{EN_FEE}</p>"),
            ],
        )
    )
    khmer = Locale.objects.get(language_code="km")
    versions = {"en_course": course, "en_lesson": lesson}
    # wagtail-localize publishes a translation once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        if not catalog.has_translation(khmer):
            translate(catalog, khmer)
        versions["km_course"] = translate(course, khmer)
        translate(module, khmer)
        versions["km_lesson"] = translate(lesson, khmer)
    for key in ("km_course", "km_lesson"):
        versions[key].refresh_from_db()
    return versions


def found(query, language="km"):
    hits = search_pages(Page.objects.live().public(), query, language=language)
    return [hit.page_id for hit in hits]


def khmer_client():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    return client


def test_the_khmer_lesson_is_indexed_in_words(pages):
    km_lesson = pages["km_lesson"]
    assert KM_CHECK in km_lesson.body.render_as_block()  # a real translation
    entry = SearchText.objects.get(page=km_lesson)
    assert " លិខិត ឆ្លង ដែន " in entry.words
    assert " 2024 " in entry.words and " 7 " in entry.words  # Khmer digits
    assert ZWSP not in entry.words
    assert entry.title == " " + "លិខិត ឆ្លង ដែន និង ទិដ្ឋាការ" + " "


def test_a_word_from_the_middle_of_a_sentence_is_found(pages):
    # "traveller" and "passport", inside an unspaced Khmer sentence.
    assert found("អ្នកដំណើរ") == [pages["km_lesson"].pk]
    assert found("លិខិតឆ្លងដែន")[0] == pages["km_lesson"].pk
    # The course's Khmer summary: "border post" in the middle of it.
    assert pages["km_course"].pk in found("ច្រកព្រំដែន")


def test_a_query_typed_with_a_zero_width_space_is_found(pages):
    assert found("អ្នក" + ZWSP + "ដំណើរ") == [pages["km_lesson"].pk]
    assert found(ZWSP + "ទិដ្ឋា" + ZWSP + "ការ" + ZWSP) == [pages["km_lesson"].pk]


def test_numbers_match_in_khmer_and_latin_digits(pages):
    km_lesson, en_lesson = pages["km_lesson"].pk, pages["en_lesson"].pk
    # ២០២៤ typed in Khmer digits; the Khmer text has ២០២៤, the English 2024.
    assert found("២០២៤ ច្រកព្រំដែន") == [km_lesson]
    assert found("2024 ច្រកព្រំដែន") == [km_lesson]
    # The fee is in Latin digits in the Khmer text: typed in Khmer digits.
    assert found("២៥ ដុល្លារ") == [km_lesson]
    # A number matches whole: 202 is not 2024.
    assert found("202") == []
    # English query, English interface: the English lesson (one version each).
    assert found("2024", language="en") == [en_lesson]


def test_only_whole_words_match(pages):
    # ក (one letter) and ដុល (the start of ដុល្លារ) are inside words, not words.
    assert found("ក") == []
    assert found("ដុល") == []
    # Every term must be found.
    assert found("អ្នកដំណើរ ដំរី") == []


def test_title_hits_come_first(pages, django_capture_on_commit_callbacks):
    # The course (first in the tree, and courses come before lessons) has
    # "ទិដ្ឋាការ" (visa) in its summary; the lesson has it in its title.
    course = pages["km_course"]
    course.summary = "វគ្គនេះពន្យល់អំពីទិដ្ឋាការ និងអ្នកដំណើរនៅច្រកព្រំដែន។"
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    hits = search_pages(Page.objects.live().public(), "ទិដ្ឋាការ", language="km")
    assert [(h.page_id, h.title_hit) for h in hits] == [
        (pages["km_lesson"].pk, True),
        (course.pk, False),
    ]
    # Without a title hit, the tree order: the course, then its lesson.
    hits = search_pages(Page.objects.live().public(), "ច្រកព្រំដែន", language="km")
    assert [h.page_id for h in hits] == [course.pk, pages["km_lesson"].pk]


def test_the_version_in_the_reader_language_is_listed(pages):
    # "passport" is only in English: the English lesson, even for a Khmer
    # reader; a Khmer word finds the Khmer version for an English reader too.
    assert found("passport") == [pages["en_lesson"].pk]
    assert found("អ្នកដំណើរ", language="en") == [pages["km_lesson"].pk]
    # A word in both versions: one result, in the reader's language.
    assert found("25", language="km") == [pages["km_lesson"].pk]
    assert found("25", language="en") == [pages["en_lesson"].pk]


def test_a_new_revision_is_indexed_and_a_draft_is_not(pages):
    lesson = pages["km_lesson"]
    lesson.title = "ទិដ្ឋាការ​ថ្មី"
    lesson.save_revision()  # a draft: the live page is unchanged
    assert found("ថ្មី") == []
    lesson.save_revision().publish()
    assert found("ថ្មី") == [lesson.pk]
    lesson.unpublish()
    assert found("ថ្មី") == []


def test_pages_without_a_search_text_are_indexed_by_the_search(pages):
    SearchText.objects.all().delete()
    assert found("អ្នកដំណើរ") == [pages["km_lesson"].pk]
    assert SearchText.objects.count() >= 4
    # Up to date now: the next search indexes nothing.
    assert refresh_index(Page.objects.live()) == 0


def test_a_revision_published_without_the_receiver_is_indexed_by_the_search(
    pages,
):
    # A process where courses.search was never imported (a worker, a
    # command) publishes a revision: the row is older than the live revision.
    lesson = pages["km_lesson"]
    post_save.disconnect(dispatch_uid="courses.search.index_on_save")
    try:
        lesson.summary = "ដំរីនៅច្រកព្រំដែន។"
        lesson.save_revision().publish()
    finally:
        post_save.connect(_index_on_save, dispatch_uid="courses.search.index_on_save")
    assert "ដំរី" not in SearchText.objects.get(page=lesson).words
    assert found("ដំរី") == [lesson.pk]
    lesson.refresh_from_db()
    assert SearchText.objects.get(page=lesson).revision == lesson.live_revision_id


def test_the_search_page_lists_lessons_with_an_excerpt(
    pages, django_assert_max_num_queries
):
    client = khmer_client()
    url = reverse("courses:search")
    with django_assert_max_num_queries(14):
        response = client.get(url, {"q": "អ្នក" + ZWSP + "ដំណើរ"})
    html = response.content.decode()
    assert response.status_code == 200
    lesson = pages["km_lesson"]
    assert f'href="{lesson.get_url()}"' in html
    assert "<mark>អ្នកដំណើរ</mark>" in html
    assert pages["km_course"].title in html  # the lesson's course
    assert 'lang="km"' in html


def test_the_query_count_does_not_grow_with_results(
    pages, django_assert_max_num_queries
):
    catalog = factories.make_catalog()
    for number in range(6):
        course = catalog.add_child(
            instance=CoursePage(
                title=f"Border course {number}", slug=f"border-{number}"
            )
        )
        module = course.add_child(instance=ModulePage(title="M", slug=f"m-{number}"))
        module.add_child(
            instance=LessonPage(
                title=f"Border lesson {number}",
                slug=f"l-{number}",
                body=[("text", "<p>The border post.</p>")],
            )
        )
    client = Client()
    with django_assert_max_num_queries(14):
        response = client.get(reverse("courses:search"), {"q": "border"})
    assert response.content.decode().count('class="card"') >= 13


@pytest.mark.parametrize(
    "query",
    [
        "\x00",
        "a\x00b\x01",
        "x" * 10_000,
        "ក" * 10_000,
        "។៕៖!?.,;:()[]{}",
        ZWSP * 30,
        "' OR 1=1 --",
        '"unbalanced',
        "NEAR(border post) AND * OR NOT -x",
        "border*",
        "%_%",
        "\\d+.*(",
    ],
)
def test_hostile_queries_are_answered(pages, query):
    client = khmer_client()
    response = client.get(reverse("courses:search"), {"q": query})
    assert response.status_code == 200
    catalog = pages["en_course"].get_parent()
    response = client.get(catalog.get_url(), {"q": query})
    assert response.status_code == 200


def test_query_terms_are_safe_patterns():
    for query in ["' OR 1=1", "NEAR(x*)", "%_", "a\\b", "(?i)x", ZWSP]:
        for term in parse_query(query):
            assert re.fullmatch(r" [\w ?]+ ?", term.pattern), term.pattern


def test_the_catalog_finds_a_course_by_a_khmer_word(pages):
    client = khmer_client()
    catalog = pages["km_course"].get_parent()
    client.get(catalog.get_url())  # warm the per-process caches
    with CaptureQueriesContext(connection) as plain:
        client.get(catalog.get_url())
    # "documents" in the middle of the Khmer course title.
    with CaptureQueriesContext(connection) as searched:
        response = client.get(catalog.get_url(), {"q": "ឯកសារ"})
    # Searching costs a fixed few queries (index check, match, versions).
    assert len(searched) <= len(plain) + 4
    html = response.content.decode()
    assert pages["km_course"].title in html
    assert reverse("courses:search") + "?q=" in html  # the lesson search link
    # "elephant" is in no course.
    response = client.get(catalog.get_url(), {"q": "ដំរី"})
    listing = response.content.decode().split("</form>", 1)[1]
    assert pages["km_course"].title not in listing


def test_index_page_reads_every_searched_field(pages):
    entry = index_page(pages["en_lesson"])
    assert " passports and visas " in entry.title
    assert " what to check first " in entry.words  # summary
    assert " traveller " in entry.words  # body
    assert "<p>" not in entry.text


@pytest.mark.skipif(
    not connection.vendor == "postgresql", reason="runs when DATABASE_URL is PostgreSQL"
)
def test_postgresql_full_text_would_not_find_the_word(pages):
    # Why courses.search keeps its own words: PostgreSQL's parser sees the
    # unspaced sentence as one word.
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('simple', %s)::text", [KM_CHECK])
        vector = cursor.fetchone()[0]
    assert "'អ្នកដំណើរ'" not in vector
    assert found("អ្នកដំណើរ") == [pages["km_lesson"].pk]
