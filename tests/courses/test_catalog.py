"""The catalog: filters by topic and language, English and Khmer search, pages."""

import pytest

from courses.catalog import PAGE_SIZE
from courses.enrolment import enrol
from tests import factories


@pytest.fixture
def topics(db):
    return {
        "victims": factories.make_topic("Victim identification", slug="victims"),
        "borders": factories.make_topic("Border management", slug="borders"),
    }


def make(catalog, *, title_km=None, summary_km=None, **fields):
    """A course, with a Khmer version (wagtail-localize) when ``title_km`` is
    given: complete when its summary is translated too (the courses here have
    no modules, so title and summary are all there is to translate)."""
    course = factories.make_course(catalog, **fields)
    if title_km:
        factories.make_khmer_version(course, title=title_km, summary=summary_km)
    return course


@pytest.fixture
def courses(catalog, topics):
    return {
        "trafficking": make(
            catalog,
            title="Recognising human trafficking",
            modules=0,
            title_km="ការទទួលស្គាល់ការជួញដូរមនុស្ស",
            topics=[topics["victims"]],
        ),
        "interviews": make(
            catalog,
            title="Interviewing children",
            modules=0,
            title_km="ការសម្ភាសន៍កុមារ",
            summary_km="របៀបសម្ភាសន៍កុមារដោយសុវត្ថិភាព។",
            topics=[topics["victims"]],
        ),
        "documents": make(
            catalog,
            title="Checking travel documents",
            modules=0,
            title_km="ការត្រួតពិនិត្យឯកសារធ្វើដំណើរ",
            summary_km="ការពិនិត្យលិខិតឆ្លងដែន និងទិដ្ឋាការ។",
            topics=[topics["borders"]],
        ),
        "customs": make(
            catalog,
            title="Customs basics",
            modules=0,
        ),
    }


def shown(client, catalog, **params):
    response = client.get(catalog.url, params)
    assert response.status_code == 200
    return {c.title for c in response.context["courses_page"].object_list}, response


def titles(courses, *keys):
    return {courses[k].title for k in keys}


def test_lists_every_live_course_in_tree_order(client, catalog, courses):
    factories.make_course(catalog, title="Draft course", modules=0, live=False)

    response = client.get(catalog.url)

    listed = [c.title for c in response.context["courses_page"].object_list]
    assert listed == [c.title for c in courses.values()]
    assert response.context["is_filtered"] is False
    content = response.content.decode()
    assert "Draft course" not in content
    assert "Recognising human trafficking" in content


def test_filter_by_topic(client, catalog, courses, topics):
    found, response = shown(client, catalog, topic="victims")

    assert found == titles(courses, "trafficking", "interviews")
    assert response.context["selected_topic"] == topics["victims"]
    assert response.context["is_filtered"] is True


def test_only_topics_with_courses_are_offered(client, catalog, courses, topics):
    unused = factories.make_topic("Unused topic", slug="unused")

    _, response = shown(client, catalog)

    offered = response.context["topics"]
    assert topics["victims"] in offered and topics["borders"] in offered
    assert unused not in offered


def test_filter_by_language_follows_what_exists(client, catalog, courses):
    # Taught in Khmer: a complete Khmer version. "trafficking" has a Khmer
    # title only (a translation in progress), "customs" no Khmer version.
    assert shown(client, catalog, language="km")[0] == titles(
        courses, "interviews", "documents"
    )
    assert shown(client, catalog, language="en")[0] == titles(courses, *courses)


def test_cards_say_what_each_language_really_has(client, catalog, courses):
    content = client.get(catalog.url).content.decode()
    cards = {
        key: content.split(f'id="course-{course.pk}"')[1].split("</article>")[0]
        for key, course in courses.items()
    }
    assert "Taught in English and Khmer" in cards["interviews"]
    assert "Taught in English" in cards["trafficking"]
    assert "and Khmer" not in cards["trafficking"]
    assert "Khmer translation: 50% done" in cards["trafficking"]
    assert "Khmer" not in cards["customs"]


def test_search_by_english_word(client, catalog, courses):
    found, response = shown(client, catalog, q="trafficking")

    assert found == titles(courses, "trafficking")
    assert response.context["query"] == "trafficking"


def test_search_by_english_word_in_the_summary(client, catalog, courses):
    courses["customs"].summary = "Tariffs and declarations at the border post."
    courses["customs"].save_revision().publish()

    assert shown(client, catalog, q="declarations")[0] == titles(courses, "customs")


def test_search_by_khmer_substring(client, catalog, courses):
    # "ជួញដូរ" (trafficking) sits inside a longer Khmer title with no spaces.
    assert shown(client, catalog, q="ជួញដូរ")[0] == titles(courses, "trafficking")
    assert shown(client, catalog, q="កុមារ")[0] == titles(courses, "interviews")


def test_combined_filters(client, catalog, courses):
    assert shown(client, catalog, topic="victims", language="km")[0] == titles(
        courses, "interviews"
    )
    assert shown(client, catalog, topic="victims", q="trafficking")[0] == titles(
        courses, "trafficking"
    )
    assert shown(client, catalog, topic="victims", language="en", q="ជួញដូរ")[
        0
    ] == titles(courses, "trafficking")
    assert shown(client, catalog, topic="borders", q="trafficking")[0] == set()


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "no-such-topic"},
        {"language": "fr"},
        {"topic": "", "language": ""},
        {"topic": "<script>", "language": "' OR 1=1 --"},
        {"page": "not-a-number"},
    ],
)
def test_unknown_filter_values_are_ignored(client, catalog, courses, params):
    found, response = shown(client, catalog, **params)

    assert found == titles(courses, *courses)
    assert response.context["selected_topic"] is None
    assert response.context["selected_language"] == ""


@pytest.mark.parametrize(
    "query", ['"', 'human "trafficking', "\x00", "*", "(", "AND", "'; DROP TABLE", "%_"]
)
def test_odd_search_text_is_answered_not_crashed(client, catalog, courses, query):
    found, _ = shown(client, catalog, q=query)

    assert found <= titles(courses, *courses)


@pytest.mark.parametrize(
    "query",
    ['"trafficking"', 'trafficking"', '"human trafficking', "human trafficking"],
)
def test_quotes_in_a_search_are_ignored(client, catalog, courses, query):
    assert shown(client, catalog, q=query)[0] == titles(courses, "trafficking")


def test_pagination(client, catalog, db):
    total = PAGE_SIZE + 5
    made = [
        factories.make_course(catalog, title=f"Course {n:02d}", modules=0)
        for n in range(total)
    ]

    first, response = shown(client, catalog)
    assert len(first) == PAGE_SIZE
    assert response.context["courses_page"].paginator.count == total
    assert 'rel="next"' in response.content.decode()

    second, response = shown(client, catalog, page=2)
    assert len(second) == 5
    assert first | second == {c.title for c in made}
    assert not first & second

    assert shown(client, catalog, page=99)[0] == second  # past the end: last page
    assert shown(client, catalog, page="x")[0] == first


def test_pagination_keeps_the_filters(client, catalog, topics):
    for _ in range(PAGE_SIZE + 1):
        factories.make_course(catalog, modules=0, topics=[topics["borders"]])
    factories.make_course(catalog, modules=0, topics=[topics["victims"]])

    _, response = shown(client, catalog, topic="borders", page=2)

    assert len(response.context["courses_page"].object_list) == 1
    assert "topic=borders" in response.content.decode()


def test_signed_in_officer_sees_enrolled_and_completed_badges(
    client, catalog, courses, officer
):
    enrolment, _ = enrol(officer, courses["trafficking"])
    done, _ = enrol(officer, courses["customs"])
    type(done).objects.filter(pk=done.pk).update(completed_at="2026-01-01T00:00Z")
    client.force_login(officer)

    _, response = shown(client, catalog)

    state = response.context["enrolment_state"]
    assert set(state) == {courses["trafficking"].pk, courses["customs"].pk}
    assert state[courses["trafficking"].pk] is None
    assert state[courses["customs"].pk] is not None
    content = response.content.decode()
    assert "Enrolled" in content and "Completed" in content
