"""The certificate's whole path, in a real browser, on the demo curriculum.

The demo officer completes the first course (lessons, then the final quiz),
downloads the certificate from the dashboard, and a QR decoder reads the
verification URL off the rendered page image. That URL says "valid"; after an
admin revokes the certificate, the same URL says "revoked".
"""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from certificates.revocation import revoke
from courses.demo.loader import DEMO_USERS
from courses.models import CoursePage, LessonPage
from plugins.quiz.models import QuizPage
from tests.certificates.pdf_helpers import decode_qr_codes, page_png, pdffonts
from tests.e2e.quiz_helpers import take_attempt
from tests.e2e.study_helpers import shorten_study, study_lesson
from tests.e2e.test_officer_path import FIRST_COURSE, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICER = next(u for u in DEMO_USERS if u.username == "officer")


def test_officer_completes_downloads_and_anyone_verifies_by_qr(
    browser_page, live_server, settings, tmp_path
):
    # The QR code and emails carry the public address: here, the live server.
    settings.LMS_PUBLIC_BASE_URL = live_server.url
    page = browser_page
    course = CoursePage.objects.get(title=FIRST_COURSE)

    sign_in(page)
    page.goto(course.url)
    page.get_by_role("button", name=re.compile("^enrol", re.I)).click()
    expect(page.locator("main h1")).to_be_visible()
    shorten_study(course)
    for lesson in LessonPage.objects.live().descendant_of(course).order_by("path"):
        page.goto(lesson.url)
        study_lesson(page)
    quiz = QuizPage.objects.live().descendant_of(course).get()
    page.goto(quiz.url)
    page.get_by_role("button", name=re.compile("start attempt", re.I)).click()
    take_attempt(page, OFFICER.username, right=True)
    # Submitting grades, completes the course and issues the certificate in the
    # same request (rendered in process here): slow on a busy machine.
    expect(page.get_by_text(re.compile(r"^Passed$")).first).to_be_visible(
        timeout=30_000
    )

    # The dashboard offers the certificate, rendered in the background.
    page.goto("/learn/dashboard/")
    link = page.get_by_role("link", name=re.compile("download your certificate", re.I))
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click()
    pdf_path = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf_path)
    pdf = pdf_path.read_bytes()

    certificate = Certificate.objects.get(user__username=OFFICER.username)
    assert hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256
    assert certificate.officer_name_km  # the demo officer has a Khmer name
    embedded = {
        font["name"].split("+")[-1] for font in pdffonts(pdf) if font["embedded"]
    }
    assert "Noto-Sans-Khmer-Bold" in embedded  # the Khmer name, in the Khmer font

    # A QR decoder reads the exact verification URL off the page image.
    urls = decode_qr_codes(page_png(pdf, 150, tmp_path / "page.png"))
    assert urls == [certificate.get_verification_url()]
    url = urls[0]
    assert url.startswith(live_server.url)

    # Anyone (signed out) opens it: valid, with the name as printed.
    visitor = page.context.browser.new_context()
    try:
        check = visitor.new_page()
        check.goto(url)
        expect(
            check.get_by_role("heading", name=re.compile("is valid", re.I))
        ).to_be_visible()
        expect(check.get_by_text(certificate.officer_name).first).to_be_visible()
        expect(check.get_by_text(certificate.pdf_sha256)).to_be_visible()

        admin = certificate.user.__class__.objects.get(username="admin")
        revoke(certificate, reason="Issued in error", by=admin)

        check.goto(url)
        expect(
            check.get_by_role("heading", name=re.compile("has been revoked", re.I))
        ).to_be_visible()
        expect(check.get_by_text(re.compile("is valid", re.I))).to_have_count(0)
    finally:
        visitor.close()
