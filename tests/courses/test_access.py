"""Who may open what on the learning path (deny by default)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from courses.enrolment import enrol
from courses.models import ActivityProgress, Enrolment
from tests import factories

LOGIN_URL = reverse("accounts:login")
DASHBOARD_URL = reverse("courses:dashboard")


@pytest.fixture
def lesson(course):
    return factories.lessons_of(course)[0]


def test_anonymous_visitor_is_sent_to_sign_in(client, lesson):
    response = client.get(lesson.url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={lesson.url}"
    assert not ActivityProgress.objects.exists()


@pytest.mark.parametrize("role", ["officer", "trainer", "reviewer", "admin"])
def test_signed_in_but_not_enrolled_goes_to_the_course_page(
    client, course, lesson, role
):
    client.force_login(factories.make_user(role))

    response = client.get(lesson.url)

    assert response.status_code == 302
    assert response.url == course.url
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Enrol in this course to open its lessons."]
    assert not ActivityProgress.objects.exists()
    assert not Enrolment.objects.exists()


def test_enrolled_officer_sees_the_lesson(officer_client, enrolment, lesson):
    response = officer_client.get(lesson.url)

    assert response.status_code == 200
    assert response.context["page"] == lesson
    assert lesson.title in response.content.decode()


def test_enrolment_in_one_course_does_not_open_another(
    officer, officer_client, catalog, course
):
    other_course = factories.make_course(catalog, title="Customs procedures")
    enrol(officer, course)
    other_lesson = factories.lessons_of(other_course)[0]

    response = officer_client.get(other_lesson.url)

    assert response.status_code == 302
    assert response.url == other_course.url
    assert not ActivityProgress.objects.exists()


def test_a_module_has_no_page_of_its_own(officer_client, enrolment, course):
    module = factories.modules_of(course)[0]

    response = officer_client.get(module.url)

    assert response.status_code == 302
    assert response.url == f"{course.url}#module-{module.pk}"


def test_unpublished_lesson_is_404_even_when_enrolled(
    officer_client, enrolment, lesson
):
    url = lesson.url
    lesson.unpublish()

    assert officer_client.get(url).status_code == 404


def test_course_page_is_public(client, course):
    response = client.get(course.url)

    assert response.status_code == 200
    assert response.context["enrolment"] is None


def test_dashboard_needs_sign_in(client):
    response = client.get(DASHBOARD_URL)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={DASHBOARD_URL}"


def test_each_officer_sees_only_their_own_enrolments(
    client, catalog, officer, other_officer
):
    mine = factories.make_course(catalog, title="Mine: victim identification")
    theirs = factories.make_course(catalog, title="Theirs: border checks")
    enrol(officer, mine)
    enrol(other_officer, theirs)

    for user, own, foreign in [(officer, mine, theirs), (other_officer, theirs, mine)]:
        client.force_login(user)
        response = client.get(DASHBOARD_URL)

        assert response.status_code == 200
        shown = [entry.enrolment for entry in response.context["in_progress"]]
        assert [e.course_id for e in shown] == [own.pk]
        assert all(e.user_id == user.pk for e in shown)
        content = response.content.decode()
        assert own.title in content
        assert foreign.title not in content
