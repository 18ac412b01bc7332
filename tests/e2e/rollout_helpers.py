"""Helpers of the rollout walk (``test_rollout_chain``): the officer list a
ministry sends, and reading the activation letters the portal prints.

The letters are read as a person with a phone would: the short code from the
page's text (``pdftotext``, one page per officer), the QR code from the page
rendered as an image (``pdftoppm``, decoded by zxing-cpp).
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.certificates.pdf_helpers import decode_qr_codes, page_png

#: A printed code: three groups of four from the activation alphabet
#: (``accounts.activation.codes.ALPHABET``: no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
PRINTED_CODE = re.compile(
    r"[3-79A-HJKMNP-Y]{4}-[3-79A-HJKMNP-Y]{4}-[3-79A-HJKMNP-Y]{4}"
)

GDI_POIPET_EN = "Poipet International Border Checkpoint Immigration Unit"
#: The Khmer name of the GDI unit at Bavet (as the demo loads it).
GDI_BAVET_KM = "អង្គភាពអន្តោប្រវេសន៍ច្រកព្រំដែនអន្តរជាតិបាវិត"

_GIVEN = [
    ("Sophea", "សុភា"),
    ("Dara", "ដារា"),
    ("Vanna", "វណ្ណា"),
    ("Bopha", "បុប្ផា"),
    ("Rithy", "រិទ្ធី"),
    ("Srey Mom", "ស្រីមុំ"),
    ("Piseth", "ពិសិដ្ឋ"),
    ("Chanthou", "ចាន់ធូ"),
    ("Kosal", "កុសល"),
    ("Sokha", "សុខា"),
]
_FAMILY = [("Chan", "ចាន់"), ("Keo", "កែវ")]


@dataclass(frozen=True)
class Officer:
    """One row of the import file."""

    staff_id: str
    full_name: str
    full_name_km: str
    email: str
    unit: str
    preferred_language: str


def rollout_officers(count: int = 20) -> list[Officer]:
    """``count`` new officers of two GDI units, named by unit *name* (English
    for the first half, Khmer for the second); every other one without email."""
    officers = []
    for number in range(count):
        given, given_km = _GIVEN[number % len(_GIVEN)]
        family, family_km = _FAMILY[number // len(_GIVEN) % len(_FAMILY)]
        with_email = number % 2 == 1
        officers.append(
            Officer(
                staff_id=f"GDI-R{number + 1:03d}",
                full_name=f"{family} {given}",
                full_name_km=f"{family_km} {given_km}",
                email=f"officer{number + 1:03d}@immigration.example.gov.kh"
                if with_email
                else "",
                unit=GDI_POIPET_EN if number < count // 2 else GDI_BAVET_KM,
                # Half the unit reads Khmer, half English.
                preferred_language="en" if number % 4 < 2 else "km",
            )
        )
    return officers


def officers_csv(officers: list[Officer]) -> bytes:
    """The file as a ministry's clerk would save it from Excel (UTF-8 BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["staff_id", "email", "full_name", "full_name_km", "unit", "preferred_language"]
    )
    for officer in officers:
        writer.writerow(
            [
                officer.staff_id,
                officer.email,
                officer.full_name,
                officer.full_name_km,
                officer.unit,
                officer.preferred_language,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class LetterPage:
    """What one printed letter gives its officer."""

    number: int
    text: str
    code: str
    qr_links: list[str]


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page (``pdftotext -layout``; pages end with a form feed)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "letters.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftotext", "-layout", str(path)], check=True)
        text = path.with_suffix(".txt").read_text()
    return text.split("\f")[: text.count("\f")]


def read_letters(pdf: bytes, folder: Path, dpi: int = 110) -> list[LetterPage]:
    """Every page's printed code and the QR codes decoded from its image."""
    pages = []
    for number, text in enumerate(page_texts(pdf), start=1):
        # The code has a line of its own; its letter spacing makes pdftotext
        # put a space between some characters ("XRA J"), which nobody types.
        codes = [
            line
            for line in (re.sub(r"\s+", "", line) for line in text.splitlines())
            if PRINTED_CODE.fullmatch(line)
        ]
        assert len(codes) == 1, f"page {number}: codes {codes!r} in {text!r}"
        png = page_png(pdf, dpi, folder / f"letter-{number}.png", page=number)
        pages.append(
            LetterPage(
                number=number, text=text, code=codes[0], qr_links=decode_qr_codes(png)
            )
        )
    return pages


def letter_of(pages: list[LetterPage], staff_id: str) -> LetterPage:
    """The one page that names ``staff_id``."""
    found = [
        page for page in pages if re.search(rf"\b{re.escape(staff_id)}\b", page.text)
    ]
    assert len(found) == 1, f"{staff_id}: on pages {[p.number for p in found]}"
    return found[0]


def as_typed_on_a_phone(printed_code: str) -> str:
    """``K7QM-4XTR-9PWA`` typed as a phone user does: ``k7qm4xtr9pwa``."""
    return printed_code.replace("-", "").lower()
