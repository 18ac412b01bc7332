"""A course in Khmer and English: two versions, one course, one record of progress."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from courses.completion import VIEWED, record_event
from courses.enrolment import enrol
from courses.models import ActivityProgress, CoursePage, Enrolment, LessonPage
from courses.translations import (
    ids_in_locale,
    language_versions,
    record_course,
    record_page,
    record_versions,
)
from tests import factories
from tests.courses.study import complete_lesson


@pytest.fixture
def khmer_course(course):
    return factories.make_khmer_course(course)


def khmer_client(user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    if user is not None:
        client.force_login(user)
    return client


def khmer_lessons(khmer_course):
    return list(LessonPage.objects.descendant_of(khmer_course).live().order_by("path"))


def test_the_khmer_version_is_a_translation_under_km(course, khmer_course):
    assert khmer_course.translation_key == course.translation_key
    assert khmer_course.locale.language_code == "km"
    assert khmer_course.title == "វគ្គសិក្សា " + course.title
    assert khmer_course.get_url().startswith("/km/")
    assert not course.get_url().startswith("/km/")
    # Every lesson and module came along, each a translation of its original.
    originals = factories.lessons_of(course)
    copies = khmer_lessons(khmer_course)
    assert [c.translation_key for c in copies] == [o.translation_key for o in originals]


def test_records_belong_to_the_first_version(course, khmer_course):
    lesson = factories.lessons_of(course)[0]
    khmer_lesson = khmer_lessons(khmer_course)[0]

    assert record_course(khmer_course).pk == course.pk
    assert record_course(course).pk == course.pk
    assert record_page(khmer_lesson).pk == lesson.pk
    assert record_page(lesson).pk == lesson.pk
    assert ids_in_locale([lesson.pk], khmer_course.locale_id) == {
        lesson.pk: khmer_lesson.pk
    }
    listed = record_versions(CoursePage.objects.all())
    assert course in listed and khmer_course not in listed


def test_each_version_is_served_at_its_own_address(client, course, khmer_course):
    english = client.get(course.get_url())
    khmer = client.get(khmer_course.get_url())

    assert english.status_code == 200 and khmer.status_code == 200
    assert course.title in english.content.decode()
    assert khmer_course.title in khmer.content.decode()
    # The English page links to its Khmer version and the other way round.
    assert f'href="{khmer_course.get_url()}"' in english.content.decode()
    assert f'href="{course.get_url()}"' in khmer.content.decode()


def test_a_km_address_without_a_khmer_version_is_not_found(client, catalog):
    english_only = factories.make_course(catalog)

    assert client.get(english_only.get_url()).status_code == 200
    assert client.get("/km" + english_only.get_url()).status_code == 404


def test_the_interface_stays_in_the_officers_language(officer, catalog):
    """A Khmer-speaking officer reading an English-only course keeps Khmer menus."""
    english_only = factories.make_course(catalog)

    response = khmer_client(officer).get(english_only.get_url())

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "km"
    assert '<html lang="km"' in response.content.decode()


def test_enrolling_in_the_khmer_version_enrols_in_the_course(
    officer, course, khmer_course
):
    client = khmer_client(officer)
    response = client.post(reverse("courses:enrol", args=[khmer_course.pk]))

    enrolment = Enrolment.objects.get(user=officer)
    assert enrolment.course_id == course.pk
    # ... and the officer goes on in the version they enrolled from.
    assert response.url == khmer_lessons(khmer_course)[0].get_url()
    # Enrolling again from the English version is the same enrolment.
    assert enrol(officer, course) == (enrolment, False)


def test_progress_carries_over_when_the_officer_switches_language(
    officer, course, khmer_course
):
    enrolment, _ = enrol(officer, course)
    english = factories.lessons_of(course)
    khmer = khmer_lessons(khmer_course)
    client = khmer_client(officer)

    # Two lessons studied in Khmer ...
    for lesson in khmer[:2]:
        assert client.get(lesson.get_url()).status_code == 200
        complete_lesson(enrolment, lesson)
    done = set(
        ActivityProgress.objects.filter(completed_at__isnull=False).values_list(
            "page_id", flat=True
        )
    )
    assert done == {english[0].pk, english[1].pk}

    # ... the officer switches to English on the third lesson's Khmer page and
    # lands on its English version, with the two lessons still done.
    response = client.post(
        reverse("set_language"), {"language": "en", "next": khmer[2].get_url()}
    )
    assert response.status_code == 302
    assert response.url == english[2].get_url()
    course_page = client.get(course.get_url())
    assert course_page.context["progress"].completed == 2
    assert course_page.context["completed_ids"] == {english[0].pk, english[1].pk}

    # The Khmer course page shows the same progress, mapped onto its lessons.
    khmer_page = client.get(khmer_course.get_url())
    assert khmer_page.context["completed_ids"] == {khmer[0].pk, khmer[1].pk}

    # Finishing in English completes the course, once.
    for lesson in english[2:]:
        assert client.get(lesson.get_url()).status_code == 200
        complete_lesson(enrolment, lesson)
    enrolment = Enrolment.objects.get(user=officer, course=course)
    assert enrolment.completed_at is not None
    assert Enrolment.objects.filter(user=officer).count() == 1


def test_switching_language_off_a_course_page_stays_put(officer, course):
    client = khmer_client(officer)
    next_url = reverse("courses:dashboard")
    response = client.post(
        reverse("set_language"), {"language": "en", "next": next_url}
    )
    assert response.url == next_url

    # A course with no version in the new language stays where it was too.
    response = client.post(
        reverse("set_language"), {"language": "km", "next": course.get_url()}
    )
    assert response.url == course.get_url()


def test_switching_language_refuses_other_sites(officer, course):
    response = khmer_client(officer).post(
        reverse("set_language"),
        {"language": "en", "next": "https://evil.example/"},
    )
    assert "evil.example" not in response.get("Location", "")


def test_the_catalog_lists_each_course_once_in_the_officers_language(
    officer, catalog, course, khmer_course
):
    english_only = factories.make_course(catalog)

    khmer_listing = khmer_client(officer).get(catalog.get_url())
    english_listing = Client().get(catalog.get_url())

    khmer_ids = [c.pk for c in khmer_listing.context["courses_page"].object_list]
    english_ids = [c.pk for c in english_listing.context["courses_page"].object_list]
    assert sorted(khmer_ids) == sorted([khmer_course.pk, english_only.pk])
    assert sorted(english_ids) == sorted([course.pk, english_only.pk])


def test_the_catalog_shows_the_enrolment_on_every_version(
    officer, catalog, course, khmer_course
):
    enrolment, _ = enrol(officer, course)

    listing = khmer_client(officer).get(catalog.get_url())

    assert khmer_course.pk in listing.context["enrolment_state"]


def test_the_dashboard_links_to_the_officers_version(officer, course, khmer_course):
    enrol(officer, course)
    record_event(
        Enrolment.objects.get(user=officer), factories.lessons_of(course)[0], VIEWED
    )

    response = khmer_client(officer).get(reverse("courses:dashboard"))

    html = response.content.decode()
    assert f'href="{khmer_course.get_url()}"' in html
    assert f'href="{khmer_lessons(khmer_course)[0].get_url()}"' in html


def test_a_prerequisite_done_in_either_language_counts(
    officer, catalog, course, khmer_course
):
    follow_up = factories.make_course(catalog, prerequisites=[course])
    enrolment, _ = enrol(officer, course)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at="2026-01-01T00:00Z")

    _, created = enrol(officer, follow_up)
    assert created


def test_language_versions_lists_live_versions_in_language_order(course, khmer_course):
    assert [code for code, _ in language_versions(course)] == ["en", "km"]
    khmer_course.unpublish()
    fresh = CoursePage.objects.get(pk=course.pk)  # versions are kept per instance
    assert [code for code, _ in language_versions(fresh)] == ["en"]
