"""Public verification: the page, the form and the JSON variant.

Anyone may check a code without signing in; the answer shows what the
certificate prints and the file hashes, nothing private; unknown codes get the
same shape and time; nothing is cached or indexed.
"""

from __future__ import annotations

import datetime
import re
import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import formats, timezone

from certificates import codes
from certificates.models import Certificate
from tests import factories
from tests.certificates.factories import attach_pdf, make_certificate, minimal_pdf

pytestmark = pytest.mark.django_db

UNKNOWN = "0" * codes.LENGTH


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    # The rate limit counts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer():
    organisation = factories.make_organisation(name="Provincial Police")
    return factories.make_user(
        "officer",
        username="dara.private",
        full_name="Sok Dara",
        full_name_km="សុខ ដារា",
        organisation=organisation,
    )


@pytest.fixture
def certificate(officer):
    course = factories.make_course(
        modules=1, lessons=1, title="Identifying victims", edition="2026"
    )
    return attach_pdf(
        make_certificate(
            user=officer,
            course=course,
            score=Decimal("87.25"),
            issued_on=datetime.date(2026, 3, 14),
        )
    )


def verify_url(code: str) -> str:
    return reverse("certificates:verify", args=[code])


def json_url(code: str) -> str:
    return reverse("certificates:verify_json", args=[code])


def shown(day: datetime.date) -> str:
    """``day`` as the pages print it (``DATE_FORMAT``: "22 Dec 2026")."""
    return formats.date_format(day, "DATE_FORMAT")


def text_of(response) -> str:
    return response.content.decode()


def assert_public_headers(response):
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_a_valid_certificate_shows_what_it_prints_without_signing_in(
    client, certificate
):
    response = client.get(verify_url(certificate.code))

    assert response.status_code == 200
    page = text_of(response)
    assert "This certificate is valid" in page
    assert "It does not expire." in page
    assert "Sok Dara" in page
    assert '<span lang="km">សុខ ដារា</span>' in page
    assert "Identifying victims" in page
    assert f'<span lang="km">{certificate.course_title_km}</span>' in page
    assert "2026" in page
    assert "Frontline Officer Learning" in page
    assert '<span lang="km">ការសិក្សាមន្ត្រីជួរមុខ</span>' in page
    assert certificate.display_code in page
    assert certificate.pdf_sha256 in page
    assert "14 Mar 2026" in page  # date of issue, day first (lms.formats)
    assert_public_headers(response)
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert json_url(certificate.code) in page  # rel="alternate" for machines


def test_the_page_shows_nothing_private(client, certificate, officer):
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = "Exam taken by Chann Vuthy (internal case 42)"
    certificate.save()

    page = text_of(client.get(verify_url(certificate.code)))

    assert "This certificate has been revoked" in page
    for private in (
        officer.email,
        officer.username,
        officer.organisation.name,
        "Chann Vuthy",
        "internal case",
        "87.25",
        "87.2",
    ):
        assert private not in page
    data = client.get(json_url(certificate.code)).json()
    flat = repr(data)
    for private in (officer.email, officer.username, "Chann Vuthy", "87.2"):
        assert private not in flat
    assert "score" not in data and "reason" not in repr(list(data))


def test_an_expiring_certificate_shows_until_when_it_is_valid(client, officer):
    today = timezone.localdate()
    certificate = make_certificate(
        user=officer, expires_on=today + datetime.timedelta(days=30)
    )

    page = text_of(client.get(verify_url(certificate.code)))

    assert "This certificate is valid" in page
    assert f"Valid until {shown(today + datetime.timedelta(days=30))}." in page


def test_an_expired_certificate_says_so_with_the_date(client, officer):
    expired_on = timezone.localdate() - datetime.timedelta(days=1)
    certificate = make_certificate(user=officer, expires_on=expired_on)

    response = client.get(verify_url(certificate.code))

    assert response.status_code == 200
    page = text_of(response)
    assert "This certificate has expired" in page
    assert f"It was valid until {shown(expired_on)}." in page
    assert "This certificate is valid" not in page
    assert client.get(json_url(certificate.code)).json()["status"] == "expired"


def test_revocation_shows_at_once_with_its_date(client, certificate):
    assert "This certificate is valid" in text_of(
        client.get(verify_url(certificate.code))
    )

    revoked_at = timezone.make_aware(datetime.datetime(2026, 4, 2, 10, 30))
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_at=revoked_at, revoked_reason="Issued by mistake"
    )
    response = client.get(verify_url(certificate.code))

    page = text_of(response)
    assert response.status_code == 200
    assert "This certificate has been revoked" in page
    assert "Revoked on 2 Apr 2026. It is no longer valid." in page
    assert "This certificate is valid" not in page
    assert "Issued by mistake" not in page
    data = client.get(json_url(certificate.code)).json()
    assert data["status"] == "revoked"
    assert data["revoked_on"] == "2026-04-02"


@pytest.mark.parametrize(
    "code",
    [UNKNOWN, "not-a-code", "A" * 27, "<img src=x onerror=alert(1)>"],
    ids=["well-formed but unknown", "words", "too short", "markup"],
)
def test_an_unknown_or_impossible_code_gets_the_same_page_and_a_404(client, code):
    response = client.get(verify_url(code))

    assert response.status_code == 404
    assert response.templates[0].name == "certificates/verify.html"
    page = text_of(response)
    assert "No certificate has this code" in page
    assert "<img src=x" not in page
    assert_public_headers(response)


def test_a_typed_code_in_the_address_goes_to_the_canonical_page(client, certificate):
    typed = certificate.display_code.lower()  # hyphens and lower case

    response = client.get(verify_url(typed))

    assert response.status_code == 302
    assert response["Location"] == verify_url(certificate.code)
    assert_public_headers(response)


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c.display_code.lower(),
        lambda c: " ".join(c.display_code.split("-")),
        lambda c: f"  {c.code.lower()}  ",
        lambda c: c.display_code.replace("0", "O").replace("1", "l"),
    ],
    ids=["hyphens and lower case", "spaces", "padded", "O for 0, l for 1"],
)
def test_the_form_accepts_a_typed_code_and_redirects_to_its_page(
    client, certificate, typed
):
    response = client.get(
        reverse("certificates:verify_form"), {"code": typed(certificate)}
    )

    assert response.status_code == 302
    assert response["Location"] == verify_url(certificate.code)
    assert "This certificate is valid" in text_of(client.get(response["Location"]))


def test_the_form_explains_a_code_that_cannot_be_one(client):
    response = client.get(reverse("certificates:verify_form"), {"code": "ABC-123"})

    assert response.status_code == 200
    page = text_of(response)
    assert "This cannot be a certificate code." in page
    assert 'aria-invalid="true"' in page
    assert "There is a problem" in page


def test_the_empty_form_is_labelled(client):
    response = client.get(reverse("certificates:verify_form"))

    assert response.status_code == 200
    page = text_of(response)
    assert '<label for="id_code">Verification code</label>' in page
    assert 'method="get"' in page
    assert "There is a problem" not in page


def test_json_has_the_same_keys_for_known_and_unknown_codes(client, certificate):
    known = client.get(json_url(certificate.code))
    unknown = client.get(json_url(UNKNOWN))
    impossible = client.get(json_url("nonsense"))

    assert known.status_code == 200
    assert unknown.status_code == impossible.status_code == 404
    assert known["Content-Type"].startswith("application/json")
    assert_public_headers(known)
    assert_public_headers(unknown)
    assert set(known.json()) == set(unknown.json()) == set(impossible.json())
    for data in (unknown.json(), impossible.json()):
        assert data["status"] == "unknown"
        assert data["earlier_pdfs"] == []
        assert data["version"] == 1
        assert data["checked_at"]
        nulls = set(data) - {"status", "earlier_pdfs", "version", "checked_at"}
        assert all(data[key] is None for key in nulls)


def test_json_gives_the_printed_record(client, certificate):
    data = client.get(json_url(certificate.code.lower())).json()

    assert data == {
        "version": 1,
        "code": certificate.code,
        "display_code": certificate.display_code,
        "status": "valid",
        "officer_name": "Sok Dara",
        "officer_name_km": "សុខ ដារា",
        "course_title": "Identifying victims",
        "course_title_km": certificate.course_title_km,
        "edition": "2026",
        "issued_on": "2026-03-14",
        "valid_until": None,
        "revoked_on": None,
        "issuer_name": "Frontline Officer Learning",
        "issuer_name_km": "ការសិក្សាមន្ត្រីជួរមុខ",
        "pdf_sha256": certificate.pdf_sha256,
        "earlier_pdfs": [],
        "verification_url": certificate.get_verification_url(),
        "checked_at": data["checked_at"],
    }
    assert datetime.datetime.fromisoformat(data["checked_at"])
    # Khmer goes out as UTF-8, not \\u escapes.
    assert "សុខ ដារា".encode() in client.get(json_url(certificate.code)).content


def test_superseded_files_stay_checkable(client, certificate):
    first = certificate.pdf_sha256
    attach_pdf(certificate, minimal_pdf("second design"), reason="design")
    second = certificate.pdf_sha256
    assert first != second

    page = text_of(client.get(verify_url(certificate.code)))
    data = client.get(json_url(certificate.code)).json()

    assert data["pdf_sha256"] == second
    assert [pdf["sha256"] for pdf in data["earlier_pdfs"]] == [first]
    assert data["earlier_pdfs"][0]["superseded_at"]
    assert "Earlier files of this certificate" in page
    assert re.search(rf"<code class=\"hash\">{first}</code>", page)
    assert page.index(second) < page.index(first)


def test_a_certificate_whose_pdf_is_being_prepared_says_so(client, officer):
    certificate = make_certificate(user=officer)

    page = text_of(client.get(verify_url(certificate.code)))

    assert "This certificate is valid" in page
    assert "still being prepared" in page
    assert client.get(json_url(certificate.code)).json()["pdf_sha256"] is None


def test_known_and_unknown_codes_take_at_least_the_minimum_time(
    client, certificate, settings
):
    settings.CERTIFICATE_VERIFY_MIN_SECONDS = 0.2
    for url in (
        verify_url(certificate.code),
        verify_url(UNKNOWN),
        verify_url("nonsense"),
        json_url(certificate.code),
        json_url(UNKNOWN),
    ):
        started = time.monotonic()
        client.get(url)
        assert time.monotonic() - started >= 0.2, url


def test_the_page_is_served_in_khmer_with_the_record_unchanged(client, certificate):
    client.cookies["lms_language"] = "km"

    response = client.get(verify_url(certificate.code))

    assert response.status_code == 200
    page = text_of(response)
    assert '<html lang="km">' in page
    assert '<span lang="en">Sok Dara</span>' in page
    assert '<span lang="km">សុខ ដារា</span>' in page


def test_a_lookup_runs_a_fixed_number_of_queries(
    client, certificate, django_assert_max_num_queries
):
    for number in range(3):
        attach_pdf(certificate, minimal_pdf(f"file {number}"))
    with django_assert_max_num_queries(2):
        client.get(verify_url(certificate.code))
    # The lookup itself, then Wagtail's redirect middleware, which looks up
    # the site and its redirects for every 404.
    with django_assert_max_num_queries(3):
        client.get(verify_url(UNKNOWN))
