"""Other sites cannot make a signed-in browser fetch our pages (lms.fetch_metadata)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from certificates.models import CertificateEvent
from tests import factories
from tests.certificates.factories import attach_pdf, make_certificate

pytestmark = pytest.mark.django_db

#: What Chromium sends for ``<img src=...>`` on another site.
CROSS_SITE_IMAGE = {
    "HTTP_SEC_FETCH_SITE": "cross-site",
    "HTTP_SEC_FETCH_MODE": "no-cors",
    "HTTP_SEC_FETCH_DEST": "image",
}
#: ... for ``fetch(url, {credentials: "include"})`` from another site.
CROSS_SITE_FETCH = {
    "HTTP_SEC_FETCH_SITE": "cross-site",
    "HTTP_SEC_FETCH_MODE": "cors",
    "HTTP_SEC_FETCH_DEST": "empty",
}
#: ... for an ``<iframe>`` on another site.
CROSS_SITE_FRAME = {
    "HTTP_SEC_FETCH_SITE": "cross-site",
    "HTTP_SEC_FETCH_MODE": "navigate",
    "HTTP_SEC_FETCH_DEST": "iframe",
}
#: ... when the person follows a link in a webmail.
CROSS_SITE_LINK = {
    "HTTP_SEC_FETCH_SITE": "cross-site",
    "HTTP_SEC_FETCH_MODE": "navigate",
    "HTTP_SEC_FETCH_DEST": "document",
    "HTTP_SEC_FETCH_USER": "?1",
}
SAME_ORIGIN_FETCH = {
    "HTTP_SEC_FETCH_SITE": "same-origin",
    "HTTP_SEC_FETCH_MODE": "cors",
    "HTTP_SEC_FETCH_DEST": "empty",
}


@pytest.fixture
def owner_and_certificate():
    owner = factories.make_user("officer")
    certificate = attach_pdf(make_certificate(user=owner))
    client = Client()
    client.force_login(owner)
    return client, certificate


def downloads(certificate) -> int:
    return CertificateEvent.objects.filter(
        certificate=certificate, action=CertificateEvent.Action.DOWNLOADED
    ).count()


@pytest.mark.parametrize(
    "headers", [CROSS_SITE_IMAGE, CROSS_SITE_FETCH, CROSS_SITE_FRAME]
)
def test_another_site_cannot_set_off_a_download(owner_and_certificate, headers):
    client, certificate = owner_and_certificate
    url = reverse("certificates:download", args=[certificate.code])

    response = client.get(url, **headers)

    assert response.status_code == 403
    assert downloads(certificate) == 0


@pytest.mark.parametrize("headers", [CROSS_SITE_LINK, SAME_ORIGIN_FETCH, {}])
def test_links_same_origin_requests_and_older_browsers_still_work(
    owner_and_certificate, headers
):
    client, certificate = owner_and_certificate
    url = reverse("certificates:download", args=[certificate.code])

    response = client.get(url, **headers)

    assert response.status_code == 200
    assert downloads(certificate) == 1


def test_reports_and_the_portal_are_refused_to_other_sites_too():
    reviewer = factories.make_user(
        "reviewer", organisation=factories.make_organisation()
    )
    client = Client()
    client.force_login(reviewer)

    assert (
        client.get(reverse("portal:dashboard"), **CROSS_SITE_FETCH).status_code == 403
    )
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_public_verification_may_be_fetched_from_anywhere():
    certificate = make_certificate()

    response = Client().get(
        reverse("certificates:verify_json", args=[certificate.code]), **CROSS_SITE_FETCH
    )

    assert response.status_code == 200
    assert response.json()["code"] == certificate.code
