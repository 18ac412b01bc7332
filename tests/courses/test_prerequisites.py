"""Prerequisites: who may enrol, what they are told, and loops refused in the admin."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.enrolment import EnrolmentRefused, enrol, prerequisite_cycle
from courses.models import CoursePage, Enrolment
from tests import factories
from tests.courses.study import complete_lesson


@pytest.fixture
def course_a(catalog):
    return factories.make_course(
        catalog, title="Basics of victim identification", modules=1, lessons=2
    )


@pytest.fixture
def course_b(catalog, course_a):
    return factories.make_course(
        catalog,
        title="Interviewing victims",
        prerequisites=[course_a],
        modules=1,
        lessons=1,
    )


def complete_course(user, course):
    enrolment, _ = enrol(user, course)
    for lesson in factories.lessons_of(course):
        complete_lesson(enrolment, lesson)
    enrolment.refresh_from_db()
    assert enrolment.is_complete
    return enrolment


def test_officer_without_the_prerequisite_is_refused_with_its_name(
    officer, course_a, course_b
):
    with pytest.raises(EnrolmentRefused) as refusal:
        enrol(officer, course_b)

    assert refusal.value.missing == [course_a]
    assert "Basics of victim identification" in refusal.value.message
    assert "Interviewing victims" in refusal.value.message
    assert not Enrolment.objects.filter(course=course_b).exists()


def test_enrolled_but_unfinished_prerequisite_still_refuses(
    officer, course_a, course_b
):
    enrolment, _ = enrol(officer, course_a)
    complete_lesson(enrolment, factories.lessons_of(course_a)[0])  # one of two lessons

    with pytest.raises(EnrolmentRefused):
        enrol(officer, course_b)


def test_enrol_view_refuses_and_says_why(officer_client, course_a, course_b):
    response = officer_client.post(reverse("courses:enrol", args=[course_b.pk]))

    assert response.status_code == 302
    assert response.url == course_b.url
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(messages) == 1
    assert "Basics of victim identification" in messages[0]
    assert not Enrolment.objects.filter(course=course_b).exists()


def test_after_completing_the_prerequisite_the_officer_can_enrol(
    officer, officer_client, course_a, course_b
):
    complete_course(officer, course_a)

    response = officer_client.post(reverse("courses:enrol", args=[course_b.pk]))

    assert response.status_code == 302
    assert response.url == factories.lessons_of(course_b)[0].url
    assert Enrolment.objects.filter(user=officer, course=course_b).exists()


def test_unpublished_prerequisite_is_not_required(officer, course_a, course_b):
    course_a.unpublish()

    _, created = enrol(officer, course_b)

    assert created


def test_course_page_shows_the_refusal_message(officer_client, course_a, course_b):
    response = officer_client.get(course_b.url)

    assert response.status_code == 200
    assert response.context["missing_prerequisites"] == [course_a]
    message = response.context["refusal_message"]
    assert "Basics of victim identification" in message
    assert message in response.content.decode()


def test_course_page_has_no_refusal_once_the_prerequisite_is_done(
    officer, officer_client, course_a, course_b
):
    complete_course(officer, course_a)

    response = officer_client.get(course_b.url)

    assert response.status_code == 200
    assert response.context["refusal_message"] == ""
    assert "You cannot enrol" not in response.content.decode()


def test_prerequisite_cycle_names_the_loop(catalog):
    a = factories.make_course(catalog, title="A", modules=0)
    b = factories.make_course(catalog, title="B", modules=0, prerequisites=[a])
    c = factories.make_course(catalog, title="C", modules=0, prerequisites=[b])

    assert prerequisite_cycle(a, [c]) == ["A", "C", "B", "A"]
    assert prerequisite_cycle(a, []) == []
    assert prerequisite_cycle(c, [a]) == []  # a second path is not a loop


def edit_form_data(course, prerequisites):
    data = nested_form_data(
        {
            "title": course.title,
            "summary": course.summary,
            "learning_outcomes": streamfield([]),
            "audience": "",
            "estimated_hours": "1.0",
            "completion_rule": "all_modules_complete",
            "slug": course.slug,
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )
    data["prerequisites"] = [p.pk for p in prerequisites]  # a multiple choice
    return data


@pytest.fixture
def admin_client(client, db):
    client.force_login(factories.make_user("admin"))
    return client


def test_admin_form_refuses_a_prerequisite_loop(admin_client, course_a, course_b):
    url = reverse("wagtailadmin_pages:edit", args=[course_a.pk])

    response = admin_client.post(url, edit_form_data(course_a, [course_b]))

    assert response.status_code == 200  # the form again, not a redirect
    errors = response.context["form"].errors["prerequisites"]
    assert errors == [
        "These prerequisites make a loop, so no officer could ever enrol: "
        "Basics of victim identification → Interviewing victims → "
        "Basics of victim identification."
    ]
    assert list(CoursePage.objects.get(pk=course_a.pk).prerequisites.all()) == []
    assert course_a.get_latest_revision() is None  # nothing saved, not even a draft


def test_the_loop_message_reaches_khmer_speaking_authors(client, course_a, course_b):
    from wagtail.users.models import UserProfile

    author = factories.make_user("admin")
    profile = UserProfile.get_for_user(author)
    profile.preferred_language = "km"
    profile.save()
    client.force_login(author)
    url = reverse("wagtailadmin_pages:edit", args=[course_a.pk])

    response = client.post(url, edit_form_data(course_a, [course_b]))

    [error] = response.context["form"].errors["prerequisites"]
    assert "These prerequisites" not in error  # translated, not the English msgid
    assert any("\u1780" <= ch <= "\u17ff" for ch in error)
    assert "Basics of victim identification → Interviewing victims" in error


def test_admin_form_refuses_a_course_as_its_own_prerequisite(admin_client, course_a):
    url = reverse("wagtailadmin_pages:edit", args=[course_a.pk])

    response = admin_client.post(url, edit_form_data(course_a, [course_a]))

    assert response.status_code == 200
    assert response.context["form"].errors["prerequisites"] == [
        "A course cannot be its own prerequisite."
    ]


def test_admin_form_accepts_prerequisites_without_a_loop(
    admin_client, catalog, course_a
):
    other = factories.make_course(catalog, title="Border procedures", modules=0)
    url = reverse("wagtailadmin_pages:edit", args=[course_a.pk])

    response = admin_client.post(url, edit_form_data(course_a, [other]))

    assert response.status_code == 302, response.context["form"].errors
    course_a = CoursePage.objects.get(pk=course_a.pk)
    assert list(course_a.prerequisites.all()) == [other]
