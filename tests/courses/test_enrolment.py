"""Enrolling: once per officer and course, through the view and under races."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from courses.enrolment import EnrolmentRefused, enrol
from courses.models import Enrolment
from tests import factories
from tests.courses.conftest import requires_postgresql, run_concurrently


def enrol_url(course):
    return reverse("courses:enrol", args=[course.pk])


def test_enrol_creates_one_enrolment_and_signals(officer, course, signal_log):
    enrolment, created = enrol(officer, course)

    assert created is True
    assert enrolment.user == officer and enrolment.course_id == course.pk
    assert enrolment.completed_at is None
    assert signal_log.count("enrolment_created") == 1
    assert signal_log.calls["enrolment_created"][0]["enrolment"] == enrolment


def test_enrolling_twice_returns_the_same_row(officer, course, signal_log):
    first, _ = enrol(officer, course)
    second, created = enrol(officer, course)

    assert created is False
    assert second.pk == first.pk
    assert Enrolment.objects.filter(user=officer, course=course).count() == 1
    assert signal_log.count("enrolment_created") == 1


def test_enrol_view_enrols_and_goes_to_the_first_lesson(
    officer_client, officer, course
):
    response = officer_client.post(enrol_url(course))

    first_lesson = factories.lessons_of(course)[0]
    assert response.status_code == 302
    assert response.url == first_lesson.url
    assert Enrolment.objects.filter(user=officer, course=course).count() == 1
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("You are enrolled" in m for m in messages)


def test_double_click_leaves_one_enrolment(officer_client, officer, course, signal_log):
    first = officer_client.post(enrol_url(course))
    second = officer_client.post(enrol_url(course))

    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Enrolment.objects.filter(user=officer, course=course).count() == 1
    assert signal_log.count("enrolment_created") == 1


def test_unpublished_course_refuses_enrolment(officer, officer_client, catalog):
    course = factories.make_course(catalog, live=False)

    with pytest.raises(EnrolmentRefused, match="not open for enrolment"):
        enrol(officer, course)
    response = officer_client.post(enrol_url(course))
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_course_unpublished_after_creation_refuses(officer, course):
    course.unpublish()

    with pytest.raises(EnrolmentRefused):
        enrol(officer, course)
    assert not Enrolment.objects.exists()


def test_anonymous_post_is_sent_to_sign_in(client, course):
    response = client.post(enrol_url(course))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")
    assert not Enrolment.objects.exists()


def test_get_is_not_allowed(officer_client, course):
    response = officer_client.get(enrol_url(course))

    assert response.status_code == 405
    assert not Enrolment.objects.exists()


def test_unknown_course_is_404(officer_client, course):
    lesson = factories.lessons_of(course)[0]
    response = officer_client.post(reverse("courses:enrol", args=[lesson.pk]))

    assert response.status_code == 404


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_enrolment_leaves_one_row_and_one_signal(signal_log):
    course = factories.make_course(factories.make_catalog(), modules=1, lessons=1)
    officer = factories.make_user("officer")

    for _attempt in range(3):
        Enrolment.objects.all().delete()
        signal_log.calls.clear()
        results = run_concurrently(*[lambda: enrol(officer, course)] * 4)

        assert Enrolment.objects.filter(user=officer, course=course).count() == 1
        assert sorted(created for _, created in results) == [False, False, False, True]
        assert len({enrolment.pk for enrolment, _ in results}) == 1
        assert signal_log.count("enrolment_created") == 1


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_double_click_through_the_view_leaves_one_row(signal_log):
    course = factories.make_course(factories.make_catalog(), modules=1, lessons=1)
    officer = factories.make_user("officer")
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(officer)

    responses = run_concurrently(
        *[lambda c=c: c.post(enrol_url(course)) for c in clients]
    )

    assert [r.status_code for r in responses] == [302, 302]
    assert Enrolment.objects.filter(user=officer, course=course).count() == 1
    assert signal_log.count("enrolment_created") == 1
