"""A plugin's ``urls.py`` is mounted at ``plugins/<label>/`` automatically."""

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from courses.enrolment import enrol
from courses.models import ActivityProgress
from lms.plugin_urls import plugin_urlpatterns
from tests.factories import lessons_of, make_course


def test_sample_plugin_url_is_mounted_under_its_label():
    url = reverse("sample_plugin:acknowledge", args=[42])

    assert url == "/plugins/sample_plugin/acknowledge/42/"
    match = resolve(url)
    assert match.namespace == "sample_plugin"
    assert match.url_name == "acknowledge"
    assert match.kwargs == {"page_id": 42}
    assert match.func.__module__ == "lms_sample_plugin.urls"


def test_only_plugins_with_urls_are_mounted():
    routes = [str(pattern.pattern) for pattern in plugin_urlpatterns()]

    assert "plugins/sample_plugin/" in routes
    assert all(route.startswith("plugins/") for route in routes)
    assert "plugins/courses/" not in routes  # courses is an app, not a plugin


@pytest.mark.django_db
def test_anonymous_post_is_redirected_to_login(client):
    url = reverse("sample_plugin:acknowledge", args=[1])

    response = client.post(url)

    assert response.status_code == 302
    login = reverse(settings.LOGIN_URL)
    assert response["Location"] == f"{login}?next={url}"


@pytest.mark.django_db
def test_get_is_not_allowed(officer_client):
    response = officer_client.get(reverse("sample_plugin:acknowledge", args=[1]))

    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.django_db
def test_plugin_view_completes_a_lesson_through_its_own_rule(officer, officer_client):
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]
    lesson.completion_rule = "sample_acknowledged"
    lesson.save()
    enrolment, _ = enrol(officer, course)

    response = officer_client.post(
        reverse("sample_plugin:acknowledge", args=[lesson.pk])
    )

    assert response.status_code == 200
    assert response.json() == {"completed": True}
    progress = ActivityProgress.objects.get(enrolment=enrolment, page_id=lesson.pk)
    assert "acknowledged" in progress.events
    assert progress.completed_at is not None
