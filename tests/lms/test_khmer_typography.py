"""Khmer punctuation and digits in the project's own Khmer catalogs.

Khmer typography ends a label with "៖" (U+17D6, KHMER SIGN CAMNUC PII KUUH),
not the ASCII colon, and a sentence with "។" (U+17D4, KHMER SIGN KHAN), not
a full stop. Pages show Latin digits in both languages (``lms.numerals``), so
no interface string carries Khmer digits (those are for the Khmer half of
printed documents, written by ``lms.dates`` and ``lms.numerals``).

The compiled catalogs (``.mo``, what Django serves) and their sources
(``.po``) are scanned, so that a string that comes back is caught before and
after ``compilemessages``.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("lms", "portal", "certificates", "plugins/quiz")
KHMER = "\u1780-\u17ff\u19e0-\u19ff"
# A Khmer letter or sign, possibly followed by closing quotes or brackets,
# then an ASCII colon at the end of the text.
KHMER_LABEL_WITH_ASCII_COLON = re.compile(f"[{KHMER}][\u200b)\\]»”\"']*\\s*:\\s*$")
# A sentence closed with a full stop right after Khmer text ("ឧ." is the Khmer
# abbreviation of "for example", as "e.g.", and stays).
KHMER_SENTENCE_WITH_FULL_STOP = re.compile(f"(?<!ឧ)[{KHMER}]\\.\\s*$")
KHMER_DIGIT = re.compile("[០-៩]")


def catalogs() -> list:
    params = []
    for app in APPS:
        folder = ROOT / app / "locale" / "km" / "LC_MESSAGES"
        params.append(pytest.param(folder / "django.mo", id=f"{app}.mo"))
        params.append(pytest.param(folder / "django.po", id=f"{app}.po"))
    return params


def translations(path: Path):
    """(msgid, msgstr) of every translated string of the catalog at ``path``,
    one pair per plural form."""
    catalog = (
        polib.mofile(str(path)) if path.suffix == ".mo" else polib.pofile(str(path))
    )
    for entry in catalog:
        if entry.obsolete:
            continue
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for msgstr in forms:
            if msgstr:
                yield entry.msgid, msgstr


def offenders(path: Path, pattern: re.Pattern) -> list[str]:
    return [
        f"{msgid!r} -> {msgstr!r}"
        for msgid, msgstr in translations(path)
        # Line by line: a multi-line string ends a label or sentence per line.
        if any(pattern.search(line) for line in msgstr.splitlines())
    ]


@pytest.mark.parametrize("path", catalogs())
def test_no_khmer_label_ends_with_an_ascii_colon(path):
    assert path.exists(), f"{path} is missing: run manage.py compilemessages"
    assert offenders(path, KHMER_LABEL_WITH_ASCII_COLON) == []


@pytest.mark.parametrize("path", catalogs())
def test_no_khmer_sentence_ends_with_a_full_stop(path):
    assert offenders(path, KHMER_SENTENCE_WITH_FULL_STOP) == []


@pytest.mark.parametrize("path", catalogs())
def test_interface_strings_use_latin_digits(path):
    assert offenders(path, KHMER_DIGIT) == []


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("ពិន្ទុ:", True),
        ("ឈ្មោះ :", True),
        ("«ឈ្មោះ»:", True),
        ("ពិន្ទុ៖", False),
        ("ម៉ោង 10:30", False),
        ("Score:", False),  # English text in a Khmer catalog is left to its reviewer
        ("https://example.org:", False),
    ],
)
def test_the_colon_rule_catches_labels_only(text, bad):
    assert bool(KHMER_LABEL_WITH_ASCII_COLON.search(text)) is bad


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("រក្សាទុករួចហើយ.", True),
        ("រក្សាទុករួចហើយ។", False),
        ("ឧ. 5 ឬ 0.5។", False),
        ("លេខ 0.5", False),
    ],
)
def test_the_full_stop_rule_catches_sentences_only(text, bad):
    assert bool(KHMER_SENTENCE_WITH_FULL_STOP.search(text)) is bad


def test_a_compiled_label_with_an_ascii_colon_is_reported(tmp_path):
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="Score:", msgstr="ពិន្ទុ:"))
    catalog.append(polib.POEntry(msgid="Date:", msgstr="កាលបរិច្ឆេទ៖"))
    catalog.save_as_mofile(str(tmp_path / "django.mo"))

    found = offenders(tmp_path / "django.mo", KHMER_LABEL_WITH_ASCII_COLON)

    assert found == ["'Score:' -> 'ពិន្ទុ:'"]
