"""Dates and scores on certificates and their pages: the PDF prints long dates
day first and scores to one decimal (Khmer digits on its Khmer half); the
verification and "my certificates" pages are day first with Latin digits."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from certificates import bulk, rendering
from certificates.layouts.classic import ClassicLayout
from tests import factories
from tests.certificates.factories import attach_pdf, make_certificate
from tests.certificates.pdf_helpers import fixed_data, pdftotext

DAY = datetime.date(2026, 12, 7)
KHMER_DIGIT = re.compile("[០-៩]")


def test_the_pdf_prints_day_first_and_one_decimal():
    data = fixed_data(
        issued_on=DAY,
        expires_on=datetime.date(2028, 1, 5),
        score=Decimal("92.25"),
        is_sample=False,
    )
    text = pdftotext(rendering.render_pdf(data))

    assert "Date: 7 December 2026" in text
    assert "Valid until: 5 January 2028" in text
    assert "Score: 92.3%" in text
    assert "92.25" not in text


def test_the_khmer_half_prints_khmer_dates_and_digits():
    data = fixed_data(
        issued_on=DAY, expires_on=datetime.date(2028, 1, 5), score=Decimal("92.25")
    )
    context = ClassicLayout().get_context(data)

    assert context["issued_on_km"] == "ថ្ងៃទី០៧ ខែធ្នូ ឆ្នាំ២០២៦"
    assert context["expires_on_km"] == "ថ្ងៃទី០៥ ខែមករា ឆ្នាំ២០២៨"
    assert context["score_km"] == "៩២,៣%"
    assert context["score_en"] == "92.3%"
    # The page the PDF is drawn from (Khmer text extraction from the PDF itself
    # is unreliable, see pdf_helpers).
    layout = ClassicLayout()
    html = render_to_string(
        layout.template_name, rendering._template_context(layout, data)
    )
    assert "ថ្ងៃទី០៧ ខែធ្នូ ឆ្នាំ២០២៦" in html
    assert "<b>៩២,៣%</b>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "issued", "until"),
    [("en", "7 Dec 2026", "5 Jan 2028"), ("km", "7 ធ្នូ 2026", "5 មករា 2028")],
)
def test_the_verification_page_is_day_first(client, language, issued, until):
    certificate = attach_pdf(
        make_certificate(issued_on=DAY, expires_on=datetime.date(2028, 1, 5))
    )
    client.cookies["lms_language"] = language

    response = client.get(reverse("certificates:verify", args=[certificate.code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<dd>{issued}</dd>" in html
    assert until in html
    if language == "km":
        assert KHMER_DIGIT.findall(html) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "issued"), [("en", "7 Dec 2026"), ("km", "7 ធ្នូ 2026")]
)
def test_my_certificates_are_day_first(client, language, issued):
    officer = factories.make_user("officer")
    attach_pdf(make_certificate(user=officer, issued_on=DAY))
    client.force_login(officer)
    client.cookies["lms_language"] = language

    html = client.get(reverse("certificates:mine")).content.decode()

    assert f"<td>{issued}</td>" in html
    if language == "km":
        assert KHMER_DIGIT.findall(html) == []


@pytest.mark.django_db
def test_the_zip_manifest_writes_iso_dates():
    certificate = make_certificate(issued_on=DAY, expires_on=datetime.date(2028, 1, 5))

    row = bulk.manifest_row(certificate, "", DAY)

    assert "2026-12-07" in row and "2028-01-05" in row
    assert not any(re.fullmatch(r"\d+/\d+/\d{4}", cell) for cell in row)
