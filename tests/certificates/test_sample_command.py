"""``manage.py certificate_sample``: a specimen PDF of a course's layout."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from certificates import signing
from certificates.models import CertificateDesign
from tests import factories
from tests.certificates.pdf_helpers import (
    compact,
    decode_qr_codes,
    page_png,
    pdffonts,
    pdfinfo,
    pdftotext,
)

pytestmark = pytest.mark.django_db


def sample(tmp_path, **options) -> tuple[bytes, str]:
    output = tmp_path / "sample.pdf"
    out = StringIO()
    call_command("certificate_sample", output=str(output), stdout=out, **options)
    return output.read_bytes(), out.getvalue()


def test_default_specimen_in_khmer(tmp_path):
    pdf, message = sample(tmp_path, language="km")

    assert pdfinfo(pdf)["pages"] == 1
    names = {font["name"].split("+", 1)[-1] for font in pdffonts(pdf)}
    assert {"Noto-Sans-Khmer", "Noto-Sans-Khmer-Bold"} <= names
    text = pdftotext(pdf)
    assert "Sok Dara Chanthou" in text
    assert "SPECIMEN" in compact(text)
    # A specimen is never signed with the platform's key.
    assert signing.validate_pdf(pdf).signed is False
    assert "layout “classic”" in message and "language km" in message
    assert list(tmp_path.glob(".*partial")) == []


def test_specimen_qr_code_reads(tmp_path):
    pdf, _ = sample(tmp_path)

    [url] = decode_qr_codes(page_png(pdf, 150, tmp_path / "page.png"))

    assert url.endswith("/certificates/verify/" + "0" * 28 + "/")


def test_course_and_its_design(tmp_path):
    design = CertificateDesign.objects.create(
        name="Ministry of Interior", issuer_name="Ministry of the Interior"
    )
    course = factories.make_course(
        title="Checking travel documents", certificate_design=design
    )

    pdf, message = sample(tmp_path, course=course.slug, language="en")

    text = pdftotext(pdf)
    assert "Checking travel documents" in text
    assert "MINISTRY OF THE INTERIOR" in text
    assert "design “Ministry of Interior”" in message


def test_named_design_overrides_the_default(tmp_path):
    CertificateDesign.objects.create(
        name="Default", issuer_name="Default Issuer", is_default=True
    )
    CertificateDesign.objects.create(name="Customs", issuer_name="Customs Department")

    default_text = pdftotext(sample(tmp_path)[0])
    named_text = pdftotext(sample(tmp_path, design="Customs")[0])

    assert "DEFAULT ISSUER" in default_text
    assert "CUSTOMS DEPARTMENT" in named_text


def test_design_with_an_uninstalled_layout_prints_classic(tmp_path):
    CertificateDesign.objects.create(
        name="Old", issuer_name="Old Issuer", layout="removed-plugin"
    )

    pdf, message = sample(tmp_path, design="Old")

    assert pdfinfo(pdf)["pages"] == 1
    assert "layout “classic”" in message


@pytest.mark.parametrize(
    "options,message",
    [
        ({"course": "no-such-course"}, "No course has the slug 'no-such-course'"),
        ({"design": "Nope"}, "No certificate design is named 'Nope'"),
        ({"language": "fr"}, "Unknown language 'fr'; choose one of: en, km"),
    ],
)
def test_bad_options_are_command_errors(tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        sample(tmp_path, **options)


def test_output_folder_must_exist(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("certificate_sample", output=str(tmp_path / "nope" / "x.pdf"))
