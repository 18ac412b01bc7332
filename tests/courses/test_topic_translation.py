"""Catalog topics are translated with wagtail-localize, like all content.

A topic's Khmer name is its Khmer translation (``km`` locale, same
translation key and slug); courses point at the source topics in every
language version; the catalog shows each topic's name in the reader's
language, fetched for all topics in one query; only those who may edit
topics may translate them.
"""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from courses.demo import curriculum
from courses.demo.loader import LoadReport, _load_topics
from courses.models import CoursePage, Topic
from courses.models.topics import prefetch_names
from courses.translation_saving import save_translation
from tests import factories

pytestmark = pytest.mark.django_db

upgrade = importlib.import_module(
    "courses.migrations.0014_topic_khmer_names_into_translations"
)


def khmer() -> Locale:
    return Locale.objects.get_or_create(language_code="km")[0]


def khmer_client() -> Client:
    client = Client()
    client.cookies["lms_language"] = "km"
    return client


def khmer_row(topic) -> Topic | None:
    return topic.get_translation_or_none(khmer())


@pytest.fixture
def topics(db):
    return {
        "victims": factories.make_topic(
            "Victim identification", slug="victims", name_km="ការកំណត់អត្តសញ្ញាណ"
        ),
        "borders": factories.make_topic(
            "Border management", slug="borders", name_km="ការគ្រប់គ្រងព្រំដែន"
        ),
        # Not translated: Khmer readers see the English name.
        "customs": factories.make_topic("Customs procedures", slug="customs"),
    }


@pytest.fixture
def courses(catalog, topics):
    trafficking = factories.make_course(
        catalog,
        title="Recognising trafficking",
        modules=0,
        topics=[topics["victims"], topics["customs"]],
    )
    documents = factories.make_course(
        catalog, title="Checking documents", modules=0, topics=[topics["borders"]]
    )
    return {
        "trafficking": trafficking,
        "trafficking_km": factories.make_khmer_version(
            trafficking, title="ការទទួលស្គាល់ការជួញដូរ"
        ),
        "documents": documents,
    }


# The model --------------------------------------------------------------------


def test_khmer_name_is_a_wagtail_localize_translation(topics):
    source = topics["victims"]
    target = khmer_row(source)

    assert target.name == "ការកំណត់អត្តសញ្ញាណ"
    assert target.slug == source.slug  # synchronised
    assert target.translation_key == source.translation_key
    translation_record = Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(source),
        target_locale=khmer(),
    )
    assert translation_record.get_progress() == (1, 1)  # translators see it done
    assert khmer_row(topics["customs"]) is None


def test_localized_name_and_its_language(topics):
    victims, customs = topics["victims"], topics["customs"]

    assert (victims.localized_name, victims.localized_name_lang) == (
        "Victim identification",
        "en",
    )
    with translation.override("km"):
        victims.forget_names()
        assert victims.localized_name == "ការកំណត់អត្តសញ្ញាណ"
        assert victims.localized_name_lang == "km"
        assert customs.localized_name == "Customs procedures"
        assert customs.localized_name_lang == "en"
        # A Khmer row shows its own name, whatever it is asked.
        assert khmer_row(victims).localized_name == "ការកំណត់អត្តសញ្ញាណ"
    with translation.override("en"):
        assert khmer_row(victims).localized_name == "Victim identification"


def test_an_untranslated_khmer_row_counts_as_english(topics):
    # wagtail-localize's target of a topic nobody translated yet: the source
    # name falls back into it.
    customs = topics["customs"]
    customs.translate_name("", khmer())
    assert khmer_row(customs).name == "Customs procedures"

    with translation.override("km"):
        customs.forget_names()
        assert customs.localized_name == "Customs procedures"
        assert customs.localized_name_lang == "en"


def test_names_cost_one_query_for_any_number_of_topics(topics):
    listed = list(Topic.objects.filter(locale__language_code="en"))
    assert {topic.language for topic in listed} == {"en"}  # per-process locale map
    with translation.override("km"), CaptureQueriesContext(connection) as queries:
        prefetch_names(listed)
        names = {topic.slug: topic.localized_name for topic in listed}
    assert len(queries) == 1
    assert names == {
        "victims": "ការកំណត់អត្តសញ្ញាណ",
        "borders": "ការគ្រប់គ្រងព្រំដែន",
        "customs": "Customs procedures",
    }
    with CaptureQueriesContext(connection) as queries:
        prefetch_names(listed, "en")  # their own language: nothing to fetch
        assert [topic.localized_name for topic in listed]
    assert len(queries) == 0


def test_slug_is_unique_per_language(topics):
    clash = Topic(name="Other", slug="victims", locale=Locale.get_default())
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "slug" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    # The Khmer translation has the same slug as its source.
    assert Topic.objects.filter(slug="victims").count() == 2


def test_admin_form_answers_a_taken_slug_with_a_message(topics):
    client = Client()
    client.force_login(factories.make_user("admin"))

    response = client.post(
        reverse("wagtailsnippets_courses_topic:add"),
        {"name": "Again", "slug": "victims"},
    )

    assert response.status_code == 200
    assert "Another topic already has this slug." in response.content.decode()
    assert Topic.objects.filter(slug="victims").count() == 2


# Courses point at the source topics ---------------------------------------------


def test_translating_a_course_keeps_the_source_topics(courses, topics):
    khmer_course = courses["trafficking_km"]

    # Made without translating "customs" first, and not re-pointed at the
    # Khmer topic of "victims".
    assert set(khmer_course.topics.all()) == {topics["victims"], topics["customs"]}
    assert khmer_row(topics["customs"]) is None


def test_topics_follow_the_source_when_the_translation_is_synced(courses, topics):
    english = courses["trafficking"]
    english.topics.set([topics["borders"]])
    english.save_revision().publish()

    source, _created = TranslationSource.update_or_create_from_instance(english)
    save_translation(
        Translation.objects.get(source=source, target_locale=khmer()), publish=True
    )

    khmer_course = CoursePage.objects.get(pk=courses["trafficking_km"].pk)
    assert list(khmer_course.topics.all()) == [topics["borders"]]
    assert khmer_course.get_latest_revision().as_object().topics.count() == 1


# The catalog ------------------------------------------------------------------------


def option(slug, name, content) -> bool:
    """Is there a filter option for ``slug`` showing ``name``?"""
    return bool(
        re.search(rf'<option value="{slug}"[^>]*>{re.escape(name)}</option>', content)
    )


def catalog_html(client, catalog, **params):
    response = client.get(catalog.url, params, follow=True)
    assert response.status_code == 200
    return response


def test_khmer_catalog_shows_khmer_topic_names(courses, catalog):
    for page in (catalog, factories.make_khmer_version(catalog, title="វគ្គសិក្សា")):
        response = catalog_html(khmer_client(), page)
        content = response.content.decode()

        assert '<html lang="km"' in content
        assert option("victims", "ការកំណត់អត្តសញ្ញាណ", content)
        assert option("borders", "ការគ្រប់គ្រងព្រំដែន", content)
        assert option("customs", "Customs procedures", content)
        card = content.split(f'id="course-{courses["trafficking_km"].pk}"')[1]
        tags = card.split('<ul class="tags"')[1].split("</ul>")[0]
        assert re.search(r"<li[^>]*>ការកំណត់អត្តសញ្ញាណ</li>", tags)
        assert re.search(r"<li[^>]*>Customs procedures</li>", tags)


def test_english_catalog_shows_english_names(courses, catalog):
    content = catalog_html(Client(), catalog).content.decode()

    assert option("victims", "Victim identification", content)
    assert "ការកំណត់អត្តសញ្ញាណ" not in content


def test_an_english_name_in_the_khmer_catalog_is_marked_english(courses, catalog):
    content = catalog_html(khmer_client(), catalog).content.decode()

    assert '<option value="customs" lang="en">' in content
    assert '<li lang="en">Customs procedures</li>' in content


@pytest.mark.parametrize("language", ["en", "km"])
def test_topic_filter_works_on_both_language_versions(
    courses, catalog, topics, language
):
    khmer_catalog = factories.make_khmer_version(catalog, title="វគ្គសិក្សា")
    client = Client()
    client.cookies["lms_language"] = language
    trafficking = {"en": courses["trafficking"], "km": courses["trafficking_km"]}

    for page in (catalog, khmer_catalog):
        response = catalog_html(client, page, topic="customs")
        shown = list(response.context["courses_page"].object_list)
        assert shown == [trafficking[language]]
        assert response.context["selected_topic"] == topics["customs"]

        response = catalog_html(client, page, topic="borders")
        assert list(response.context["courses_page"].object_list) == [
            courses["documents"]
        ]


def test_a_course_linked_to_a_translation_is_filtered_with_its_source(
    courses, catalog, topics
):
    # A course saved with the Khmer row of a topic (ticked in an old form):
    # it is still one topic, filtered by its slug.
    courses["documents"].topics.set([khmer_row(topics["victims"])])
    courses["documents"].save()

    response = catalog_html(Client(), catalog, topic="victims")

    offered = response.context["topics"]
    assert [t.slug for t in offered].count("victims") == 1
    assert {c.pk for c in response.context["courses_page"].object_list} == {
        courses["trafficking"].pk,
        courses["documents"].pk,
    }


def catalog_queries(client, catalog) -> int:
    client.get(catalog.url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(catalog.url).status_code == 200
    return len(queries)


def test_khmer_topic_names_cost_no_query_per_topic(courses, catalog):
    client = khmer_client()
    few = catalog_queries(client, catalog)
    for n in range(6):
        topic = factories.make_topic(f"Topic {n}", name_km=f"ប្រធានបទ {n}")
        factories.make_course(catalog, modules=0, topics=[topic])

    assert catalog_queries(client, catalog) == few
    english = catalog_queries(Client(), catalog)
    assert english < few  # the Khmer names: one query more, here and there


# Who may translate topics (wagtail-localize's "Translate") -------------------------


def user_with_topic_rights(*codenames):
    user = factories.make_user("trainer")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="courses", codename__in=codenames
        )
    )
    return user


ROLES = {
    "admin": lambda: factories.make_user("admin"),
    "trainer": lambda: factories.make_user("trainer"),
    "lead_trainer": lambda: factories.make_user("lead_trainer"),
    "officer": lambda: factories.make_user("officer"),
    "trainer who may edit topics": lambda: user_with_topic_rights(
        "view_topic", "change_topic"
    ),
    "trainer who may only view topics": lambda: user_with_topic_rights("view_topic"),
}
MAY_TRANSLATE = {"admin", "trainer who may edit topics"}


@pytest.mark.parametrize("role", list(ROLES))
def test_who_may_translate_topics(role, db):
    topic = factories.make_topic("Customs procedures", slug="customs")
    khmer_locale = khmer()
    client = Client()
    client.force_login(ROLES[role]())
    submit = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["courses", "topic", topic.pk],
    )
    may = role in MAY_TRANSLATE

    listing = client.get(reverse("wagtailsnippets_courses_topic:list"))
    if listing.status_code == 200:
        assert (submit in listing.content.decode()) is may
    else:
        assert role in {"trainer", "lead_trainer", "officer"}

    assert (client.get(submit).status_code == 200) is may
    response = client.post(submit, {"locales": [khmer_locale.pk]})
    assert (khmer_row(topic) is not None) is may
    if may:
        target = khmer_row(topic)
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "wagtailsnippets_courses_topic:edit", args=[target.pk]
        )
        # Its translator edits it in wagtail-localize's editor.
        editor = client.get(response["Location"])
        assert editor.status_code == 200
        assert "wagtail-localize" in editor.content.decode().lower()


# Upgrading: the old "name (Khmer)" column --------------------------------------------


@pytest.fixture
def old_column(db):
    """The column as it was before the migrations dropped it (rolled back
    with the test). Added before anything is written: PostgreSQL refuses to
    alter a table with pending trigger events."""
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE courses_topic ADD COLUMN name_km varchar(120) "
            "NOT NULL DEFAULT ''"
        )

    def set_khmer(topic, name):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE courses_topic SET name_km = %s WHERE id = %s", [name, topic.pk]
            )

    return set_khmer


def test_upgrade_moves_khmer_names_into_translations(old_column, catalog):
    victims = factories.make_topic("Victims & referral", slug="victims")
    borders = factories.make_topic("Border management", slug="borders")
    customs = factories.make_topic("Customs", slug="customs")
    old_column(victims, "ការកំណត់អត្តសញ្ញាណ & ការបញ្ជូន")
    old_column(borders, "ការគ្រប់គ្រងព្រំដែន")
    old_column(customs, "   ")
    course = factories.make_course(catalog, modules=0, topics=[victims])

    assert upgrade.move_khmer_names(connection) == 2

    assert khmer_row(victims).name == "ការកំណត់អត្តសញ្ញាណ & ការបញ្ជូន"
    assert khmer_row(victims).slug == "victims"
    assert khmer_row(borders).name == "ការគ្រប់គ្រងព្រំដែន"
    assert khmer_row(customs) is None
    assert StringTranslation.objects.filter(locale=khmer()).count() == 2
    assert list(course.topics.all()) == [victims]  # still the source
    with translation.override("km"):
        assert Topic.objects.get(pk=victims.pk).localized_name == (
            "ការកំណត់អត្តសញ្ញាណ & ការបញ្ជូន"
        )
    # Run again (a migration re-run by hand): updated, not duplicated.
    assert upgrade.move_khmer_names(connection) == 2
    assert Topic.objects.filter(slug="victims").count() == 2


def test_upgrade_on_a_database_without_khmer_names_does_nothing(old_column, topics):
    before = Topic.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert upgrade.move_khmer_names(connection) == 0
    assert len(queries) == 1
    assert Topic.objects.count() == before


def test_upgrade_points_every_course_version_at_its_source_topics(courses, topics):
    # Before issue 16 a Khmer version's topics were edited on their own.
    khmer_course = courses["trafficking_km"]
    khmer_course.topics.set([topics["borders"]])
    khmer_course.save()

    assert upgrade.align_course_topics(apps) == 1

    assert set(CoursePage.objects.get(pk=khmer_course.pk).topics.all()) == {
        topics["victims"],
        topics["customs"],
    }
    assert set(courses["trafficking"].topics.all()) == {
        topics["victims"],
        topics["customs"],
    }
    assert upgrade.align_course_topics(apps) == 0


# The demo ---------------------------------------------------------------------------


def test_demo_topics_have_their_khmer_names_as_translations(db):
    report = LoadReport()
    _load_topics(report)
    again = LoadReport()
    _load_topics(again)

    assert report.created == {
        "topics": len(curriculum.TOPICS),
        "topic translations": len(curriculum.TOPICS),
    }
    assert again.created == {}
    for row in curriculum.TOPICS:
        source = Topic.objects.get(slug=row["slug"], locale__language_code="en")
        assert source.name == row["name"]
        assert khmer_row(source).name == row["name_km"]
