"""The audit log records the client's address, behind a trusted proxy too."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def failed_sign_in(**headers) -> AuditEvent:
    Client(REMOTE_ADDR=PROXY, **headers).post(
        reverse("accounts:login"), {"username": "someone", "password": "guess"}
    )
    return AuditEvent.objects.filter(action="signin.failed").latest("pk")


def test_behind_the_trusted_proxy_the_event_has_the_client_not_the_proxy(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1

    event = failed_sign_in(HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7")

    # The right-most entry is the one our proxy wrote; the left one the client.
    assert event.ip_address == "203.0.113.7"


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 0

    event = failed_sign_in(HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert event.ip_address == PROXY
