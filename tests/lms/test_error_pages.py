"""403, 404 and CSRF-failure pages: styled, translated, and say what to do next.

A signed-out visitor is offered to sign in (coming back to the page); a
signed-in person is told what the page is for and who grants it, and shown
their own places. The Wagtail admin keeps its own refusals.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db

PORTAL = reverse("portal:dashboard")
LOGIN_URL = reverse("accounts:login")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def client_in(language: str, user=None) -> Client:
    client = Client()
    client.cookies["lms_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def khmer(message: str) -> str:
    with translation.override("km"):
        translated = translation.gettext(message)
    assert translated != message, f"no Khmer for {message!r}"
    return translated


def assert_site_page(response, language: str):
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html  # base.html, with the stylesheet
    assert "/static/lms/css/site.css" in html or "site." in html
    assert response["Content-Language"] == language


@pytest.fixture
def unit(db):
    return factories.make_organisation(name="Poipet checkpoint unit")


@pytest.fixture
def people(unit, course):
    return {
        "officer": factories.make_user("officer", organisation=unit),
        "trainer": factories.make_user("trainer", trains=[course]),
        "lead_trainer": factories.make_user("lead_trainer"),
        "reviewer": factories.make_user("reviewer", organisation=unit),
        "other_reviewer": factories.make_user(
            "reviewer", organisation=factories.make_organisation(name="Customs")
        ),
        "admin": factories.make_user("admin"),
    }


# 403 -------------------------------------------------------------------------

#: Who may open the portal's dashboard (reviewers of any organisation, admins).
PORTAL_STATUS = {
    "officer": 403,
    "trainer": 403,
    "lead_trainer": 403,
    "reviewer": 200,
    "other_reviewer": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", list(PORTAL_STATUS))
def test_the_portal_refuses_with_a_page_that_explains(people, role):
    response = client_in("en", people[role]).get(PORTAL)

    assert response.status_code == PORTAL_STATUS[role]
    if response.status_code == 403:
        assert_site_page(response, "en")
        page = text(response)
        assert "You do not have access to this page" in page
        assert "organisation reviewers of ministries and departments" in page
        assert "ask your platform administrator" in page
        # Their own places, and not the portal.
        assert "Where you can go" in page
        assert 'href="/accounts/profile/"' in page
        assert 'href="/portal/" data-nav' not in page


def test_a_trainer_is_pointed_to_the_admin_from_the_portal(people):
    response = client_in("en", people["trainer"]).get(PORTAL)

    assert response.status_code == 403
    places = re.search(r'<ul class="places">.*?</ul>', text(response)).group(0)
    assert 'href="/admin/"' in places and "Authoring" in places


def test_the_refusal_is_in_khmer(people):
    response = client_in("km", people["officer"]).get(PORTAL)

    assert response.status_code == 403
    assert_site_page(response, "km")
    page = text(response)
    assert khmer("You do not have access to this page") in page
    assert "organisation reviewers" not in page
    assert khmer("Where you can go") in page


@pytest.mark.parametrize("language", ["en", "km"])
def test_a_visitor_is_asked_to_sign_in_and_come_back(rf, db, language):
    # The portal sends visitors to sign in itself; the 403 page does the same
    # for any refusal a visitor meets (a plugin's, a view's own check).
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from lms.error_pages import permission_denied

    request = rf.get("/learn/somewhere/?tab=2")
    request.user = AnonymousUser()
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = permission_denied(request, PermissionDenied())
        page = text(response)
        assert response.status_code == 403
        assert f'<html lang="{language}">' in page
        assert translation.gettext("Please sign in") in page
    link = re.search(r'<a class="btn" href="([^"]+)"', page).group(1)
    split = urlsplit(link.replace("&amp;", "&"))
    assert split.path == LOGIN_URL
    assert parse_qs(split.query)["next"] == ["/learn/somewhere/?tab=2"]


def test_a_bare_refusal_shows_no_internal_message(people, rf):
    from django.core.exceptions import PermissionDenied

    from lms.error_pages import permission_denied

    request = rf.get("/x/")
    request.user = people["officer"]
    response = permission_denied(request, PermissionDenied({"debug": "internal"}))

    assert response.status_code == 403
    assert "internal" not in text(response)
    assert "Your account does not have the role this page needs" in text(response)


def test_a_courses_refusal_shows_its_reason_on_the_page(people, course):
    # courses raises PermissionDenied with a reason written for the officer.
    lesson = factories.lessons_of(course)[0]
    client = client_in("en", people["officer"])

    response = client.post(reverse("courses:confirm", args=[lesson.pk]))

    assert response.status_code == 403
    assert_site_page(response, "en")
    page = text(response)
    assert "You are not enrolled in this lesson" in page
    assert "Where you can go" in page


def test_the_wagtail_admin_keeps_its_own_refusal(people):
    response = client_in("en", people["officer"]).get("/admin/")

    # Wagtail sends someone without admin access to its sign-in, with a
    # message; our 403 page does not take over.
    assert response.status_code == 302
    assert "/admin/login/" in response.url or LOGIN_URL in response.url


# 404 -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize("role", [None, "officer", "reviewer", "admin"])
def test_a_missing_page_is_styled_and_translated(people, catalog, language, role):
    user = people[role] if role else None
    response = client_in(language, user).get("/no-such-page/at-all/")

    assert response.status_code == 404
    assert_site_page(response, language)
    page = text(response)
    with translation.override(language):
        assert translation.gettext("Page not found") in page
        if user is None:
            assert translation.gettext("Sign in") in page
            assert "next=/no-such-page/at-all/" in page
        else:
            assert translation.gettext("Where you can go") in page


def test_a_missing_certificate_is_the_same_page(people):
    response = client_in("en", people["officer"]).get(
        reverse("certificates:download", args=["NOPE-NOPE"])
    )

    assert response.status_code == 404
    page = text(response)
    assert "Page not found" in page
    assert "No such certificate" not in page  # internals stay out


# CSRF ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "km"])
def test_an_expired_form_says_go_back_and_reload(people, language):
    client = Client(enforce_csrf_checks=True)
    client.cookies["lms_language"] = language
    client.force_login(people["officer"])

    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Changed"},
        HTTP_REFERER="http://testserver/accounts/profile/",
    )

    assert response.status_code == 403
    assert_site_page(response, language)
    page = text(response)
    with translation.override(language):
        assert translation.gettext("This form has expired") in page
        assert translation.gettext("Back to the form") in page
    assert 'href="http://testserver/accounts/profile/"' in page
    people["officer"].refresh_from_db()
    assert people["officer"].full_name != "Changed"


def test_an_expired_form_never_links_to_another_site(db, catalog):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("accounts:login"),
        {"username": "x", "password": "y"},
        HTTP_REFERER="https://evil.example/phish",
    )

    assert response.status_code == 403
    assert "evil.example" not in text(response)
    assert "This form has expired" in text(response)
