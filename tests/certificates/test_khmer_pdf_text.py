"""Khmer copied or searched in our PDFs is the exact source text; PDFs are tagged.

Certificates go through the real path: a completed course, ``issue_certificate``,
then ``store_pdf`` (render process, signature, storage), and the stored file is
read back. ``pdftotext`` (poppler) must print every Khmer name and the Khmer
course title exactly as typed: names with subscript consonants (coeng), split
vowels, robat and bantoc, which WeasyPrint's own glyph-to-text map gets wrong
(see ``docs/weasyprint-khmer-text-mapping.md`` and ``certificates.pdf_text``).
Only NFC is applied to both sides; nothing else is normalised.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
from io import BytesIO
from pathlib import Path

import pytest
import weasyprint

from certificates import pdf_text, rendering
from certificates.issuing import issue_certificate
from certificates.models import Certificate, CertificateDesign, DesignSignatory
from certificates.storing import store_pdf
from courses.enrolment import enrol
from tests import factories
from tests.certificates.pdf_helpers import fixed_data
from tests.courses.study import complete_lesson

KHMER_NAMES = [
    "ចាន់ សុខា",  # bantoc (the name pdftotext printed as "ចា ់ សុខា")
    "ស្រីពៅ",  # coeng RO, a pre-base subscript
    "សុខ ស្រីនិច្ច",  # coeng RO and coeng CHA
    "កៅ",  # split vowel AU
    "សៀវ",  # split vowel IE
    "ចៅ",
    "ស្រើ",  # coeng RO and split vowel OE
    "ធម៌",  # robat
    "សម៌",
    "កម្ពុជា",  # coeng PA under MO, vowel U
]
#: Coeng, robat, split vowels and bantoc; short enough for one line.
COURSE_TITLE_KM = "ធម៌ និងច្បាប់ព្រំដែនកម្ពុជា"
COURSE_TITLE = "Border law and ethics"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def run(command: list[str], pdf: bytes) -> str:
    """``command`` on ``pdf`` (its last argument); its standard output."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            [*command, str(path)], capture_output=True, check=True, text=True
        ).stdout


def pdftotext(pdf: bytes) -> str:
    """What a reader copying the page gets (poppler's reading order), in NFC."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftotext", str(path)], check=True)
        return nfc(path.with_suffix(".txt").read_text(encoding="utf-8"))


def catalog_and_languages(pdf: bytes) -> tuple[str, list[tuple[str, str]]]:
    """The catalog's ``/Lang`` and (structure type, ``/Lang``) of every
    structure element that has one."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

    root = PdfFileReader(BytesIO(pdf), strict=False).root
    found = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, generic.DictionaryObject):
            return
        if "/Lang" in node and node.get("/Type") == "/StructElem":
            found.append((str(node["/S"]), str(node["/Lang"])))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, generic.IndirectObject | generic.DictionaryObject):
                walk(kid)

    walk(root["/StructTreeRoot"])
    return str(root.get("/Lang", "")), found


# The patch of WeasyPrint ---------------------------------------------------------


def test_the_actualtext_patch_applies_to_the_installed_weasyprint():
    # Fails after a WeasyPrint upgrade: check certificates/pdf_text.py against
    # the new Stream.marked (or drop the patch if WeasyPrint writes ActualText),
    # then update SUPPORTED_WEASYPRINT_VERSIONS and MARKED_SOURCE_SHA256.
    ok, reason = pdf_text.patchable()
    assert ok, reason
    rendering.render_state()
    assert pdf_text.installed()
    assert weasyprint.__version__ in pdf_text.SUPPORTED_WEASYPRINT_VERSIONS


def test_without_the_patch_weasyprint_gets_khmer_wrong():
    # Keeps the reason for the patch on record: the day this fails, WeasyPrint
    # maps Khmer itself, and the patch can go (docs/weasyprint-khmer-text-mapping.md).
    document = rendering.render_document(fixed_data(officer_name_km="ស្រើ កម្ពុជា"))
    pdf_text.uninstall()
    try:
        plain = document.write_pdf()
    finally:
        pdf_text.install()
    assert nfc("ស្រើ កម្ពុជា") not in pdftotext(plain)
    patched = rendering.render_pdf(fixed_data(officer_name_km="ស្រើ កម្ពុជា"))
    assert nfc("ស្រើ កម្ពុជា") in pdftotext(patched)


# Certificates, issued for real ----------------------------------------------------


@pytest.fixture
def design(db):
    design = CertificateDesign.objects.create(
        name="Border police",
        issuer_name="General Department of Immigration",
        issuer_name_km="អគ្គនាយកដ្ឋានអន្តោប្រវេសន៍",
        is_default=True,
    )
    DesignSignatory.objects.create(
        design=design,
        name="Chief of Training",
        name_km="ប្រធានការិយាល័យបណ្តុះបណ្តាល",
        title="Training Office",
        title_km="ការិយាល័យបណ្តុះបណ្តាល",
    )
    return design


@pytest.fixture
def course(db):
    """A one-lesson course with a published Khmer version (its title is what the
    certificate prints in Khmer)."""
    from wagtail.models import Locale

    course = factories.make_course(title=COURSE_TITLE, modules=1, lessons=1)
    khmer = Locale.objects.get(language_code="km")
    course_km = course.copy_for_translation(khmer, copy_parents=True)
    course_km.title = COURSE_TITLE_KM
    course_km.save_revision().publish()
    return course


def issued_pdf(course, name_km: str) -> bytes:
    officer = factories.make_user(full_name="Chan Sokha", full_name_km=name_km)
    enrolment, _ = enrol(officer, course)
    complete_lesson(enrolment, factories.lessons_of(course)[0])
    certificate = issue_certificate(enrolment)
    assert store_pdf(certificate.pk, "issue")
    certificate.refresh_from_db()
    assert certificate.render_state == Certificate.RenderState.READY
    with certificate.pdf.open("rb") as file:
        return file.read()


@pytest.mark.django_db
@pytest.mark.parametrize("name_km", KHMER_NAMES)
def test_the_khmer_name_and_course_title_copy_out_exactly(design, course, name_km):
    pdf = issued_pdf(course, name_km)

    text = pdftotext(pdf)
    assert nfc(name_km) in text
    assert nfc(COURSE_TITLE_KM) in text
    assert nfc("អគ្គនាយកដ្ឋានអន្តោប្រវេសន៍") in text
    assert nfc("ប្រធានការិយាល័យបណ្តុះបណ្តាល") in text
    assert "Chan Sokha" in text and COURSE_TITLE in text


@pytest.mark.django_db
def test_an_issued_certificate_is_tagged_khmer_with_english_parts(design, course):
    pdf = issued_pdf(course, "ចាន់ សុខា")

    assert re.search(r"^Tagged:\s+yes$", run(["pdfinfo"], pdf), re.M)
    lang, elements = catalog_and_languages(pdf)
    assert lang == "km"
    languages = {element_lang for _type, element_lang in elements}
    # English parts say so; Khmer parts inherit the document's language.
    assert languages == {"en"}
    assert len(elements) >= 8  # titles, name, course, facts, footer


@pytest.mark.django_db
def test_the_signature_still_covers_the_tagged_pdf(design, course):
    from certificates import signing

    pdf = issued_pdf(course, "ស្រីពៅ")

    # The ActualText and tags are written before pyHanko signs the file.
    assert signing.validate_pdf(pdf).ok


# One numeral system per half -------------------------------------------------------


def column_texts(document) -> dict[str, str]:
    """The text laid out in each column of the certificate (``km``, ``en``)."""
    from weasyprint.formatting_structure import boxes

    found = {"km": [], "en": []}

    def walk(box, column=None):
        if box.element is not None and box.element_tag == "section":
            classes = box.element.get("class", "")
            column = "km" if "column--km" in classes else "en"
        if isinstance(box, boxes.TextBox) and column:
            found[column].append(box.text)
        for child in getattr(box, "children", ()):
            walk(child, column)

    walk(document.pages[0]._page_box)
    return {key: " ".join(texts) for key, texts in found.items()}


def test_each_column_keeps_to_its_own_digits():
    data = fixed_data(edition="2026", officer_name_km="ស្រីពៅ")
    texts = column_texts(rendering.render_document(data))

    # Khmer digits throughout the Khmer column (edition, score, dates), Latin
    # digits throughout the English one.
    assert re.search("[០-៩]", texts["km"]) and not re.search("[0-9]", texts["km"])
    assert re.search("[0-9]", texts["en"]) and not re.search("[០-៩]", texts["en"])


# Activation letters ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_activation_letter_copies_khmer_exactly_and_is_tagged():
    from accounts.models import User
    from portal.letters import issue_and_render

    officer = factories.make_user(full_name="Chan Sokha", full_name_km="ចាន់ សុខា")
    officer.set_unusable_password()
    officer.save(update_fields=["password"])
    admin = factories.make_user("admin")

    pdf, count = issue_and_render(User.objects.filter(pk=officer.pk), actor=admin)

    assert count == 1
    text = pdftotext(pdf)
    assert nfc("ចាន់ សុខា") in text
    assert nfc("លិខិតបើកដំណើរការគណនី") in text
    assert re.search(r"^Tagged:\s+yes$", run(["pdfinfo"], pdf), re.M)
    lang, elements = catalog_and_languages(pdf)
    assert lang == "km"  # Khmer first: the letter's <html lang>
    assert any(language == "en" for _tag, language in elements)  # English parts
