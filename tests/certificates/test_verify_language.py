"""The public verification page changes language, in both directions, and is
served under /km/ (and /en/) too, while the QR code's address keeps working
and the code never leaves for another site in a ``Referer``.

The bug: the page sent ``Referrer-Policy: no-referrer``, so Chromium sent
``Origin: null`` with the header's language form (a POST), and Django's CSRF
check refused it ("Origin null"). The fix: the verification pages switch
language with plain links (GET) to their /km/ and /en/ addresses, and send
``Referrer-Policy: same-origin`` (nothing to other sites; a same-site POST
such as "Sign out" carries its real origin).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import resolve, reverse

from certificates.views.verify import REFERRER_POLICY
from tests import factories
from tests.certificates.factories import attach_pdf, make_certificate

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"  # what Chromium sends from a same-origin page
KHMER_TITLE = "ការផ្ទៀងផ្ទាត់វិញ្ញាបនបត្រ"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate():
    officer = factories.make_user(
        "officer", full_name="Sok Dara", full_name_km="សុខ ដារា"
    )
    course = factories.make_course(modules=1, lessons=1, title="Identifying victims")
    return attach_pdf(
        make_certificate(
            user=officer, course=course, issued_on=datetime.date(2026, 3, 14)
        )
    )


def qr_url(code: str) -> str:
    return reverse("certificates:verify", args=[code])


def in_language(language: str, code: str) -> str:
    return reverse(
        "certificates_in:verify", kwargs={"language": language, "code": code}
    )


def language_links(html: str) -> dict[str, str]:
    """The page's language switch: ``{language: href}`` of its plain links."""
    nav = re.search(r'<nav class="lang lang-links".*?</nav>', html, re.S)
    assert nav, "the page has no language links"
    return dict(
        (lang, href)
        for href, lang in re.findall(
            r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+"', nav.group(0)
        )
    )


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([\w-]+)"', html).group(1)


def test_the_qr_address_is_unchanged_and_still_resolves(certificate):
    url = certificate.get_verification_url()

    assert url.endswith(f"/certificates/verify/{certificate.code}/")
    assert resolve(qr_url(certificate.code)).url_name == "verify"


@pytest.mark.parametrize("language", ["km", "en"])
def test_the_page_is_served_under_a_language_prefix(certificate, language):
    client = Client()
    # The other language in the cookie: the prefix wins.
    client.cookies["lms_language"] = "en" if language == "km" else "km"

    response = client.get(in_language(language, certificate.code))

    html = response.content.decode()
    assert response.status_code == 200
    assert html_lang(html) == language
    assert response["Content-Language"] == language
    assert (KHMER_TITLE in html) == (language == "km")
    assert ("Certificate verification" in html) == (language == "en")
    assert "Sok Dara" in html and "សុខ ដារា" in html


def test_the_qr_address_answers_in_the_browsers_language(certificate):
    khmer_phone = Client(HTTP_ACCEPT_LANGUAGE="km,en;q=0.5")
    english_phone = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert KHMER_TITLE in khmer_phone.get(qr_url(certificate.code)).text
    english = english_phone.get(qr_url(certificate.code)).text
    assert "Certificate verification" in english and KHMER_TITLE not in english


def test_the_language_switch_is_links_not_a_form(certificate):
    html = Client().get(qr_url(certificate.code)).content.decode()

    assert reverse("set_language") not in html  # no POST form to fail CSRF
    links = language_links(html)
    assert links == {"km": in_language("km", certificate.code)}
    assert re.search(r'<span aria-current="true" lang="en">English</span>', html)


def test_the_language_round_trip_needs_no_csrf_token(certificate):
    # As a phone that scanned the QR code: CSRF checks on, no cookie.
    phone = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")

    english = phone.get(qr_url(certificate.code))
    to_khmer = language_links(english.content.decode())["km"]
    khmer = phone.get(to_khmer, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    to_english = language_links(khmer.content.decode())["en"]
    back = phone.get(to_english, HTTP_SEC_FETCH_SITE="same-origin")

    assert english.status_code == khmer.status_code == back.status_code == 200
    assert KHMER_TITLE in khmer.text and html_lang(khmer.text) == "km"
    assert "Certificate verification" in back.text and html_lang(back.text) == "en"
    assert to_english == in_language("en", certificate.code)


def test_the_referrer_policy_keeps_the_code_on_this_site(certificate):
    for url in (qr_url(certificate.code), in_language("km", certificate.code)):
        response = Client().get(url)
        html = response.content.decode()

        assert response["Referrer-Policy"] == REFERRER_POLICY == "same-origin"
        assert '<meta name="referrer" content="same-origin">' in html
        # No link or form on the page leads to another site.
        for target in re.findall(r'(?:href|action|src)="([^"]+)"', html):
            assert not re.match(r"^(https?:)?//", target), target


def test_a_post_from_the_page_passes_csrf_with_the_origin_chromium_sends(
    certificate,
):
    """Signed in, the header's forms are POSTs ("Sign out"). Under the page's
    ``same-origin`` policy Chromium sends the real origin, and it passes;
    ``Origin: null`` (what ``no-referrer`` made it send) is refused."""
    officer = certificate.user
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    page = browser.get(in_language("km", certificate.code)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    refused = browser.post(
        reverse("set_language"),
        {"language": "en", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="null",
    )
    accepted = browser.post(
        reverse("set_language"),
        {
            "language": "en",
            "next": qr_url(certificate.code),
            "csrfmiddlewaretoken": token,
        },
        HTTP_ORIGIN=ORIGIN,
    )

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert browser.get(qr_url(certificate.code)).text.count("Certificate verification")


def test_a_typed_code_under_km_stays_in_khmer(certificate):
    client = Client()
    form_url = reverse("certificates_in:verify_form", kwargs={"language": "km"})

    form_page = client.get(form_url)
    typed = client.get(form_url, {"code": certificate.display_code.lower()})
    lowercase = client.get(in_language("km", certificate.code.lower()))

    assert form_page.status_code == 200
    assert f'action="{form_url}"' in form_page.text
    assert html_lang(form_page.text) == "km"
    assert typed.status_code == 302
    assert typed["Location"] == in_language("km", certificate.code)
    assert lowercase["Location"] == in_language("km", certificate.code)


def test_an_unknown_code_under_km_is_a_khmer_404(certificate):
    response = Client().get(in_language("km", "0" * 28))

    assert response.status_code == 404
    assert html_lang(response.text) == "km"
    assert "Sok Dara" not in response.text


def test_only_known_languages_have_a_prefix(certificate):
    response = Client().get(f"/fr/certificates/verify/{certificate.code}/")
    assert response.status_code == 404
