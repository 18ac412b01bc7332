"""The core Khmer catalogues (project and portal): complete, compiled, used.

The project catalogue (``lms/locale``) holds the strings of ``lms``,
``accounts``, ``courses`` and ``audit``; the portal has its own
(``portal/locale``), as the certificates app and the quiz plugin do.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories
from tests.catalogs import python_strings, read_po, stale_entries, template_strings

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdfr%]|\{[^}]*\}")
KHMER = re.compile("[\u1780-\u17ff]")

CATALOGS = {
    "lms": (ROOT / "lms", ["lms", "accounts", "courses", "audit"]),
    "portal": (ROOT / "portal", ["portal"]),
}


def catalog_path(name: str) -> Path:
    return CATALOGS[name][0] / "locale" / "km" / "LC_MESSAGES" / "django.po"


def messages(name: str) -> list[dict]:
    return [
        e for e in read_po(catalog_path(name)) if e["msgid"] and not e.get("obsolete")
    ]


def marked_strings(name: str) -> set[str]:
    strings: set[str] = set()
    for folder in CATALOGS[name][1]:
        base = ROOT / folder
        for path in base.rglob("*"):
            parts = path.relative_to(base).parts
            if {"demo", "migrations", "locale", "static"} & set(parts):
                continue
            if path.suffix == ".py":
                strings |= python_strings(path)
            elif path.suffix in {".html", ".txt"} and "templates" in parts:
                strings |= template_strings(path)
    return strings


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_every_entry_is_translated_into_khmer(name):
    entries = messages(name)
    assert entries
    assert [e["msgid"] for e in entries if not all(e["msgstr"])] == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in entries if len(e["msgstr"]) != 1] == []
    assert [e["msgid"] for e in entries if not KHMER.search(e["msgstr"][0])] == []


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_translations_keep_every_placeholder(name):
    # Khmer's one plural form follows the English plural (which names the
    # count even where the singular does not).
    wrong = [
        (e["msgid"], e["msgstr"][0])
        for e in messages(name)
        if sorted(PLACEHOLDER.findall(e.get("msgid_plural") or e["msgid"]))
        != sorted(PLACEHOLDER.findall(e["msgstr"][0]))
    ]
    assert wrong == []


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_compiled_catalogue_matches_the_po_file(name):
    compiled = catalog_path(name).with_suffix(".mo")
    assert stale_entries(messages(name), compiled) == [], "run make messages"


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_catalogue_holds_every_marked_string(name):
    entries = messages(name)
    catalog = {e["msgid"] for e in entries} | {
        e["msgid_plural"] for e in entries if e.get("msgid_plural")
    }
    strings = marked_strings(name)
    assert len(strings) > 50  # the extraction itself works
    assert sorted(strings - catalog) == [], "run make messages"


@pytest.mark.django_db
def test_a_reviewer_who_prefers_khmer_gets_the_portal_in_khmer(client):
    unit = factories.make_organisation()
    reviewer = factories.make_user("reviewer", reviews=unit, preferred_language="km")
    client.post(
        reverse("accounts:login"),
        {"username": reviewer.username, "password": factories.PASSWORD},
    )
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert "ផ្ទាំងសង្ខេប" in html  # Dashboard
    assert ">Dashboard<" not in html
