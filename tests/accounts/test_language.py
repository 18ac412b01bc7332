"""Switching the interface language, remembered for signed-in users."""

from django.urls import reverse

from accounts.models import User
from tests import factories

SET_LANGUAGE_URL = reverse("set_language")


def test_signed_in_user_keeps_the_choice_and_gets_the_cookie(officer_client, officer):
    response = officer_client.post(SET_LANGUAGE_URL, {"language": "km", "next": "/"})

    assert response.status_code == 302
    assert response.url == "/"
    assert response.cookies["lms_language"].value == "km"
    assert User.objects.get(pk=officer.pk).preferred_language == "km"


def test_anonymous_visitor_gets_only_the_cookie(client, officer):
    response = client.post(SET_LANGUAGE_URL, {"language": "km", "next": "/"})

    assert response.cookies["lms_language"].value == "km"
    assert User.objects.get(pk=officer.pk).preferred_language == "en"


def test_unknown_language_changes_nothing(officer_client, officer):
    response = officer_client.post(SET_LANGUAGE_URL, {"language": "xx", "next": "/"})

    assert response.status_code == 302
    assert "lms_language" not in response.cookies
    assert User.objects.get(pk=officer.pk).preferred_language == "en"


def test_set_language_is_post_only(officer_client, officer):
    response = officer_client.get(SET_LANGUAGE_URL, {"language": "km"})

    assert response.status_code == 405
    assert User.objects.get(pk=officer.pk).preferred_language == "en"


def test_next_must_stay_on_this_site(officer_client):
    response = officer_client.post(
        SET_LANGUAGE_URL, {"language": "km", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response.url


def test_signing_in_sets_the_cookie_from_the_preferred_language(client, db):
    user = factories.make_user("officer", preferred_language="km")

    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": factories.PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("courses:dashboard")
    assert response.cookies["lms_language"].value == "km"
    assert int(client.session["_auth_user_id"]) == user.pk


def test_failed_sign_in_sets_no_cookie(client, db):
    user = factories.make_user("officer", preferred_language="km")

    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "wrong"}
    )

    assert response.status_code == 200
    assert "lms_language" not in response.cookies
    assert "_auth_user_id" not in client.session


def test_pages_follow_the_cookie(client, catalog):
    client.cookies["lms_language"] = "km"

    response = client.get(catalog.url)

    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "km"
