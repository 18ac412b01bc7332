"""Rate limits on public verification: per client, per minute, on the cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from certificates import codes
from lms import ratelimit
from lms.client_ip import client_bucket
from tests.certificates.factories import make_certificate

pytestmark = pytest.mark.django_db

UNKNOWN = "0" * codes.LENGTH
MESSAGE = "You have checked too many certificates in a short time."


@pytest.fixture(autouse=True)
def fresh_rate_limit(settings):
    settings.CERTIFICATE_VERIFY_RATE = 3
    settings.CERTIFICATE_VERIFY_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def verify_url(code: str) -> str:
    return reverse("certificates:verify", args=[code])


def json_url(code: str) -> str:
    return reverse("certificates:verify_json", args=[code])


def test_the_lookup_after_the_limit_gets_429_with_a_message(client):
    certificate = make_certificate()
    for _ in range(3):
        assert client.get(verify_url(certificate.code)).status_code == 200

    response = client.get(verify_url(certificate.code))

    assert response.status_code == 429
    page = response.content.decode()
    assert MESSAGE in page
    assert "Please wait a minute, then try again." in page
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert certificate.officer_name not in page


def test_unknown_codes_count_too(client):
    # Guessing codes is what the limit is for.
    for code in (UNKNOWN, "nonsense", "1" * codes.LENGTH):
        assert client.get(verify_url(code)).status_code == 404

    assert client.get(verify_url("2" * codes.LENGTH)).status_code == 429


def test_json_gets_a_json_429_and_shares_the_count_with_the_page(client):
    for _ in range(2):
        client.get(verify_url(UNKNOWN))
    assert client.get(json_url(UNKNOWN)).status_code == 404

    response = client.get(json_url(UNKNOWN))

    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["error"] == "rate_limited"
    assert data["message"].startswith(MESSAGE)
    assert data["retry_after"] == int(response["Retry-After"])


def test_each_client_has_its_own_count(client):
    for _ in range(3):
        client.get(verify_url(UNKNOWN), REMOTE_ADDR="203.0.113.7")
    assert client.get(verify_url(UNKNOWN), REMOTE_ADDR="203.0.113.7").status_code == 429

    assert client.get(verify_url(UNKNOWN), REMOTE_ADDR="203.0.113.8").status_code == 404


def test_the_form_and_typed_addresses_are_not_lookups(client):
    certificate = make_certificate()
    for _ in range(5):
        response = client.get(
            reverse("certificates:verify_form"), {"code": certificate.display_code}
        )
        assert response.status_code == 302
        assert client.get(verify_url(certificate.code.lower())).status_code == 302

    assert client.get(verify_url(certificate.code)).status_code == 200


def test_a_new_minute_starts_a_new_count():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.1")
    start = 1_800_000_000 - 1_800_000_000 % 60  # the first second of a minute

    verdicts = [ratelimit.hit(request, "test", 2, now=start + s) for s in (0, 1, 2)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert verdicts[2].retry_after == 58
    assert verdicts[0].remaining == 1

    assert ratelimit.hit(request, "test", 2, now=start + 60).allowed
    assert ratelimit.hit(request, "other-scope", 2, now=start + 2).allowed


def test_a_rate_of_zero_switches_the_limit_off(client, settings):
    settings.CERTIFICATE_VERIFY_RATE = 0
    for _ in range(10):
        assert client.get(verify_url(UNKNOWN)).status_code == 404


def test_forwarded_addresses_are_ignored_unless_a_proxy_is_trusted(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.10"
    )
    assert client_bucket(request) == "10.0.0.2"

    settings.LMS_TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4" itself; our proxy appended the real address.
    assert client_bucket(request) == "192.0.2.10"

    settings.LMS_TRUSTED_PROXY_COUNT = 2
    assert client_bucket(request) == "1.2.3.4"

    garbage = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not an address"
    )
    assert client_bucket(garbage) == "10.0.0.2"


def test_ipv6_clients_are_counted_per_64_network():
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    same_network = factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    other = factory.get("/", REMOTE_ADDR="2001:db8:1:3::1")
    mapped = factory.get("/", REMOTE_ADDR="::ffff:192.0.2.1")

    assert client_bucket(one) == client_bucket(same_network)
    assert client_bucket(one) != client_bucket(other)
    assert client_bucket(mapped) == "192.0.2.1"
