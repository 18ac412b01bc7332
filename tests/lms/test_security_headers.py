"""Content-Security-Policy and Permissions-Policy on every kind of page.

What browsers do with the headers is checked in Chromium
(tests/e2e/test_csp.py); here, which header each response gets.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from courses.enrolment import enrol
from lms.security_headers import (
    ContentSecurityPolicyMiddleware,
    PermissionsPolicyMiddleware,
    permissions_policy,
)
from portal.models import Job
from tests import factories
from tests.certificates.factories import make_certificate

NONCE_IN_HEADER = re.compile(r"'nonce-([^']+)'")
NONCE_IN_PAGE = re.compile(r'<script[^>]*\snonce="([^"]+)"')


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer_job(db):
    organisation = factories.make_organisation()
    reviewer = factories.make_user("reviewer", organisation=organisation)
    job = Job.objects.create(
        kind=Job.Kind.OFFICER_IMPORT,
        requested_by=reviewer,
        status=Job.Status.RUNNING,
        params={"stage": "check"},
        progress_done=1,
        progress_total=10,
        source_name="officers.csv",
    )
    return reviewer, job


def assert_strict(policy: dict[str, list[str]]) -> None:
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    # Nothing from another host, in any directive.
    assert not any("://" in value for values in policy.values() for value in values)


def test_learner_pages_get_the_strict_policy(officer, officer_client, course):
    enrol(officer, course)
    lesson = factories.lessons_of(course)[0]
    for url in (course.get_parent().url, course.url, lesson.url, "/learn/dashboard/"):
        response = officer_client.get(url)
        assert response.status_code == 200, url
        assert_strict(directives(response))
        assert "Permissions-Policy" in response.headers


def test_the_public_verification_page_gets_the_strict_policy(db):
    certificate = make_certificate()
    response = Client().get(reverse("certificates:verify", args=[certificate.code]))
    assert response.status_code == 200
    assert_strict(directives(response))
    assert "Permissions-Policy" in response.headers


def test_portal_pages_get_the_strict_policy_with_a_fresh_nonce(reviewer_job):
    reviewer, job = reviewer_job
    client = client_for(reviewer)
    url = reverse("portal:import", args=[job.pk])
    nonces = []
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        policy = directives(response)
        assert_strict(policy)
        (nonce,) = NONCE_IN_HEADER.findall(" ".join(policy["script-src"]))
        scripts = NONCE_IN_PAGE.findall(response.text)
        assert scripts and set(scripts) == {nonce}
        nonces.append(nonce)
        assert "Permissions-Policy" in response.headers
    assert nonces[0] != nonces[1]
    assert len(base64.b64decode(nonces[0])) == 16

    dashboard = client.get(reverse("portal:dashboard"))
    assert dashboard.status_code == 200
    assert_strict(directives(dashboard))


def test_the_admin_gets_its_own_policy(db):
    admin = factories.make_user("admin")
    response = client_for(admin).get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    # Wagtail's inline scripts and Draftail's <style> elements; a nonce would
    # switch 'unsafe-inline' off, so there is none.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]
    assert not any("://" in value for values in policy.values() for value in values)
    # No avatar from gravatar.com on the page.
    assert "gravatar" not in response.text
    assert "Permissions-Policy" in response.headers


def test_the_admin_sign_in_page_and_outside_pages_are_told_apart(client, db):
    admin_login = client.get("/admin/login/")
    site_login = client.get(reverse("accounts:login"))
    assert "'unsafe-inline'" in directives(admin_login)["script-src"]
    assert "'unsafe-inline'" not in directives(site_login)["script-src"]


def _policy_for(request, response) -> dict[str, list[str]]:
    middleware = ContentSecurityPolicyMiddleware(lambda r: response)
    middleware.process_request(request)
    return directives(middleware.process_response(request, response))


def test_page_previews_may_be_framed_by_the_admin():
    # Wagtail renders a preview by sending a made-up request for the page's own
    # URL through the middleware, flagged ``is_preview``.
    request = RequestFactory().get("/some-course/some-lesson/")
    request.is_preview = True
    policy = _policy_for(request, HttpResponse("<p>preview</p>"))
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_sameorigin_responses_may_be_framed_by_this_origin_only():
    framed = HttpResponse()
    framed["X-Frame-Options"] = "SAMEORIGIN"
    request = RequestFactory().get("/admin/block-preview/")
    assert _policy_for(request, framed)["frame-ancestors"] == ["'self'"]
    request = RequestFactory().get("/admin/pages/")
    assert _policy_for(request, HttpResponse())["frame-ancestors"] == ["'none'"]


def test_the_error_page_style_is_allowed_by_its_hash():
    template = settings.PROJECT_DIR / "templates" / "500.html"
    (style,) = re.findall(r"<style>(.*?)</style>", template.read_text(), re.S)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert settings.LMS_CSP_ERROR_PAGE_STYLE == f"'sha256-{digest}'"
    assert (
        settings.LMS_CSP_ERROR_PAGE_STYLE
        in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    )


def test_permissions_policy_denies_devices_and_keeps_passkeys(client, db):
    header = client.get(reverse("accounts:login")).headers["Permissions-Policy"]
    features = dict(item.split("=", 1) for item in header.split(", "))
    for denied in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[denied] == "()"
    assert features["publickey-credentials-get"] == "(self)"
    assert features["publickey-credentials-create"] == "(self)"


def test_permissions_policy_syntax_and_a_views_own_header():
    assert (
        permissions_policy(
            {"camera": [], "fullscreen": ["self", "https://a.example"], "usb": ["*"]}
        )
        == 'camera=(), fullscreen=(self "https://a.example"), usb=*'
    )
    own = HttpResponse()
    own["Permissions-Policy"] = "camera=(self)"
    middleware = PermissionsPolicyMiddleware(lambda request: own)
    response = middleware(RequestFactory().get("/"))
    assert response["Permissions-Policy"] == "camera=(self)"


def test_pdfs_go_out_without_a_policy_their_viewer_would_trip_on():
    pdf = HttpResponse(b"%PDF-1.7", content_type="application/pdf")
    middleware = ContentSecurityPolicyMiddleware(lambda r: pdf)
    request = RequestFactory().get("/documents/1/handbook.pdf")
    middleware.process_request(request)
    assert "Content-Security-Policy" not in middleware.process_response(request, pdf)
