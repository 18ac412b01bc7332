"""The quiz plugin's Khmer catalog: complete, compiled, and used by its pages.

The catalog is read with the standard library only (no gettext tools on the
machine), so this runs wherever the suite runs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

import plugins.quiz
from courses.enrolment import enrol
from plugins.quiz.models import Attempt
from tests.catalogs import python_strings, read_po, stale_entries, template_strings
from tests.factories import PASSWORD, make_user
from tests.quiz.view_helpers import (
    attempt_url,
    choice_ids,
    course_of,
    make_quiz_with,
    post_form,
)

PLUGIN_DIR = Path(plugins.quiz.__file__).parent
CATALOG = PLUGIN_DIR / "locale" / "km" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")

# Format placeholders that must survive translation unchanged.
# ``{name}`` of str.format; GIFT messages also speak of literal “{ and }”.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdfr%]|\{\w*\}")


def messages() -> list[dict]:
    return [entry for entry in read_po(CATALOG) if entry["msgid"]]


def header() -> str:
    return next(e for e in read_po(CATALOG) if e["msgid"] == "")["msgstr"][0]


def plugin_strings() -> set[str]:
    strings = set()
    for path in PLUGIN_DIR.rglob("*"):
        relative = path.relative_to(PLUGIN_DIR).parts
        if relative[0] in {"demo", "migrations"}:
            continue
        if path.suffix == ".py":
            strings |= python_strings(path)
        elif path.suffix in {".html", ".txt"} and relative[0] == "templates":
            strings |= template_strings(path)
    return strings


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = messages()

    assert "nplurals=1; plural=0;" in header()
    assert "fuzzy" not in next(e for e in read_po(CATALOG) if e["msgid"] == "")["flags"]
    assert len(entries) > 300
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []
    # Khmer has one plural form: a second msgstr would never be used.
    assert [e["msgid"] for e in entries if len(e["msgstr"]) != 1] == []
    # A translation is Khmer script, not a copied English message.
    khmer = re.compile("[\u1780-\u17ff]")
    assert [e["msgid"] for e in entries if not khmer.search(e["msgstr"][0])] == []


def test_translations_keep_every_placeholder():
    wrong = [
        (e["msgid"], e["msgstr"][0])
        for e in messages()
        # Khmer's one plural form is built on the plural msgid (the English
        # singular may leave the number out: "The selected question ...").
        if sorted(PLACEHOLDER.findall(e.get("msgid_plural") or e["msgid"]))
        != sorted(PLACEHOLDER.findall(e["msgstr"][0]))
    ]
    assert wrong == []


def test_compiled_catalog_matches_the_po_file():
    assert stale_entries(messages(), COMPILED) == [], (
        "run compilemessages in plugins/quiz"
    )


def test_catalog_holds_every_string_the_plugin_marks():
    catalog = {entry["msgid"] for entry in messages()}
    strings = plugin_strings()

    assert "Start attempt" in strings  # the extraction itself works
    assert sorted(strings - catalog) == [], "run makemessages -l km in plugins/quiz"


@pytest.mark.django_db
def test_an_officer_who_prefers_khmer_takes_the_quiz_in_khmer(client):
    quiz = make_quiz_with(1)
    officer = make_user(preferred_language="km")
    enrol(officer, course_of(quiz))
    # Signing in sets the language cookie from the officer's profile.
    client.post(
        reverse("accounts:login"), {"username": officer.username, "password": PASSWORD}
    )
    assert client.cookies["lms_language"].value == "km"

    html = client.get(quiz.url).content.decode()
    assert "ចាប់ផ្ដើមធ្វើតេស្ត" in html  # Start attempt
    assert "អំពីតេស្តនេះ" in html  # About this quiz
    assert "Start attempt" not in html

    post_form(client, reverse("quiz:start", args=[quiz.pk]), {"number": 1})
    attempt = Attempt.objects.get(quiz=quiz, user=officer)
    html = client.get(attempt_url(attempt)).content.decode()
    assert ">បញ្ជូន</button>" in html  # Submit
    assert 'data-saved="បានរក្សាទុក"' in html  # status text the script shows
    assert "Submit" not in html

    # A refused answer explains itself in Khmer too.
    item = attempt.questions.get()
    _, wrong = choice_ids(item)
    response = post_form(
        client,
        attempt_url(attempt),
        {"action": "save", "q1-sequence": item.sequence, "q1-choice": wrong + 1000},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "មិនបានរក្សាទុកអ្វីទាំងអស់" in html  # Nothing was saved
    assert "មិនមែនជារបស់សំណួរនេះទេ" in html  # does not belong to this question
