"""The certificates app's Khmer catalogue: complete, compiled, and used.

Same approach as ``tests/quiz/test_khmer_catalog.py`` (whose .po reader and
string extraction are reused): the catalogue is read with the standard library
only, so this runs wherever the suite runs. Then the officer-facing pages and
emails are rendered in Khmer, through the real views and senders.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

import certificates
from certificates.notifications import send_due_reminders, send_issue_email
from courses.enrolment import enrol
from courses.models import Enrolment
from tests import factories
from tests.catalogs import python_strings, read_po, stale_entries, template_strings
from tests.certificates.factories import attach_pdf, make_certificate

APP_DIR = Path(certificates.__file__).parent
CATALOG = APP_DIR / "locale" / "km" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")
PROJECT_CATALOG = (
    Path(settings.BASE_DIR) / "lms" / "locale" / "km" / "LC_MESSAGES" / "django.po"
)

# printf-style placeholders (any conversion: "U+%(code)04X" too) and
# {brace} placeholders, which must survive translation unchanged.
PLACEHOLDER = re.compile(
    r"%(?:\([^)]+\))?[-#0 +]*(?:\*|\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{\{[^{}]*\}\}|\{[^{}]*\}"
)
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
KHMER = re.compile("[\u1780-\u17ff]")

# msgids the project catalogue (``LOCALE_PATHS``, looked up first) translates
# differently. The signatory's "title" is a job title (មុខតំណែង); the project
# catalogue's "title (Khmer)" is a page title (ចំណងជើង). Fixed only by a
# distinct msgid or a context in certificates/models/designs.py.
SHADOWED: set[str] = set()


def messages(path: Path = CATALOG) -> list[dict]:
    return [entry for entry in read_po(path) if entry["msgid"]]


def header(path: Path = CATALOG) -> dict:
    return next(e for e in read_po(path) if e["msgid"] == "")


def app_strings() -> set[str]:
    strings = set()
    for path in APP_DIR.rglob("*"):
        relative = path.relative_to(APP_DIR).parts
        if relative[0] in {"migrations", "locale", "static"}:
            continue
        if path.suffix == ".py":
            strings |= python_strings(path)
        elif path.suffix in {".html", ".txt"} and relative[0] == "templates":
            strings |= template_strings(path)
    return strings


# The catalogue ------------------------------------------------------------------


@pytest.mark.parametrize("path", [CATALOG, PROJECT_CATALOG], ids=["app", "project"])
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    entries = messages(path)

    assert "nplurals=1; plural=0;" in header(path)["msgstr"][0]
    assert "Language: km" in header(path)["msgstr"][0]
    assert "fuzzy" not in header(path)["flags"]
    assert len(entries) > 200
    assert [e["msgid"] for e in entries if not all(e["msgstr"])] == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    # Khmer has one plural form: a second msgstr would never be used.
    assert [e["msgid"] for e in entries if len(e["msgstr"]) != 1] == []
    # A translation is Khmer script, not a copied English message.
    assert [e["msgid"] for e in entries if not KHMER.search(e["msgstr"][0])] == []


@pytest.mark.parametrize("path", [CATALOG, PROJECT_CATALOG], ids=["app", "project"])
def test_translations_keep_every_placeholder_and_tag(path):
    wrong = []
    for entry in messages(path):
        translated = entry["msgstr"][0]
        for pattern in (PLACEHOLDER, HTML_TAG):
            expected = sorted(pattern.findall(entry["msgid"]))
            if sorted(pattern.findall(translated)) != expected:
                wrong.append((entry["msgid"], translated))
        if "msgid_plural" in entry:
            # One Khmer form serves both: it takes the plural's placeholders.
            plural = sorted(PLACEHOLDER.findall(entry["msgid_plural"]))
            if sorted(PLACEHOLDER.findall(translated)) != plural:
                wrong.append((entry["msgid_plural"], translated))
    assert wrong == []


def test_the_placeholder_check_sees_every_kind():
    found = PLACEHOLDER.findall("%(name)s U+%(code)04X %(n)d %s 100%% {{ date }} {x}")
    assert found == ["%(name)s", "%(code)04X", "%(n)d", "%s", "%%", "{{ date }}", "{x}"]


def test_compiled_catalog_matches_the_po_file():
    assert stale_entries(messages(), COMPILED) == [], (
        "run compilemessages -l km in certificates/"
    )


def test_catalog_holds_every_string_the_app_marks():
    catalog = {entry["msgid"] for entry in messages()}
    strings = app_strings()

    assert "This certificate is valid" in strings  # the extraction itself works
    assert sorted(strings - catalog) == [], "run makemessages -l km in certificates/"


def test_the_project_catalogue_holds_the_certificate_strings_it_serves():
    base = Path(settings.BASE_DIR)
    strings = (
        template_strings(base / "lms" / "templates" / "base.html")
        | template_strings(
            base / "courses" / "templates" / "courses" / "dashboard.html"
        )
        | python_strings(base / "courses" / "models" / "pages.py")
    )
    catalog = {entry["msgid"] for entry in messages(PROJECT_CATALOG)}

    # "My certificates" in the header comes from certificates/navigation.py,
    # served from the app's own catalogue.
    assert {"All my certificates", "edition"} <= strings
    assert sorted(strings - catalog) == []


def test_django_serves_the_apps_translations():
    # Catalogues are merged: LOCALE_PATHS and earlier apps win. A msgid that
    # another catalogue translates differently must not slip in unnoticed.
    shadowed = set()
    with translation.override("km"):
        for entry in messages():
            if "msgid_plural" in entry:
                text = translation.ngettext(entry["msgid"], entry["msgid_plural"], 2)
            else:
                text = translation.gettext(entry["msgid"])
            if text != entry["msgstr"][0]:
                shadowed.add(entry["msgid"])
    assert shadowed == SHADOWED


# Pages and emails in Khmer ------------------------------------------------------


@pytest.fixture
def khmer_officer(db):
    return factories.make_user(
        "officer", full_name="Sok Dara", full_name_km="សុខ ដារា", preferred_language="km"
    )


@pytest.fixture
def course(db):
    return factories.make_course(
        modules=1, lessons=1, title="Identifying victims", edition="2026"
    )


def completed(user, course) -> Enrolment:
    enrolment, _ = enrol(user, course)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    enrolment.refresh_from_db()
    return enrolment


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "khmer", "english"),
    [
        ("valid", "វិញ្ញាបនបត្រនេះមានសុពលភាព", "This certificate is valid"),
        ("expired", "វិញ្ញាបនបត្រនេះបានផុតសុពលភាពហើយ", "This certificate has expired"),
        ("revoked", "វិញ្ញាបនបត្រនេះត្រូវបានដកហូត", "This certificate has been revoked"),
    ],
    ids=["valid", "expired", "revoked"],
)
def test_the_verification_page_speaks_khmer(
    client, khmer_officer, course, state, khmer, english
):
    today = timezone.localdate()
    fields = {
        "valid": {"expires_on": today + datetime.timedelta(days=30)},
        "expired": {"expires_on": today - datetime.timedelta(days=1)},
        "revoked": {"revoked_at": timezone.now(), "revoked_reason": "Issued in error"},
    }[state]
    certificate = attach_pdf(
        make_certificate(user=khmer_officer, course=course, **fields)
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"

    response = client.get(reverse("certificates:verify", args=[certificate.code]))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="km">' in page
    assert f"{khmer}</h2>" in page  # the verdict
    assert english not in page
    assert "ការផ្ទៀងផ្ទាត់វិញ្ញាបនបត្រ" in page  # Certificate verification
    assert "លេខកូដផ្ទៀងផ្ទាត់" in page  # Verification code
    assert "ថ្ងៃទី" in page  # a date, as Khmer says it ("on day ...")
    assert "Date of issue" not in page
    # What the certificate prints is shown as printed, in both scripts.
    assert '<span lang="en">Sok Dara</span>' in page
    assert '<span lang="km">សុខ ដារា</span>' in page


@pytest.mark.django_db
def test_an_officer_who_prefers_khmer_finds_their_certificates_in_khmer(
    client, khmer_officer, course
):
    completed(khmer_officer, course)
    attach_pdf(make_certificate(user=khmer_officer, course=course))
    client.force_login(khmer_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = khmer_officer.preferred_language

    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert "វិញ្ញាបនបត្ររបស់ខ្ញុំ</a>" in dashboard  # My certificates (menu)
    assert "វិញ្ញាបនបត្រទាំងអស់របស់ខ្ញុំ" in dashboard  # All my certificates
    assert "ទាញយកវិញ្ញាបនបត្ររបស់អ្នក (PDF)" in dashboard  # Download ... (PDF)
    assert "ទំព័រផ្ទៀងផ្ទាត់សាធារណៈ" in dashboard  # Public verification page
    assert "certificate" not in re.sub(r"<[^>]*>", "", dashboard).lower()

    mine = client.get(reverse("certificates:mine")).content.decode()
    assert "<h1>វិញ្ញាបនបត្ររបស់ខ្ញុំ</h1>" in mine
    assert "កាលបរិច្ឆេទចេញ" in mine  # Date of issue
    assert "មានសុពលភាព" in mine  # Valid
    assert ">ទាញយក<" in mine  # Download
    assert "Download" not in mine and "Date of issue" not in mine


@pytest.mark.django_db
def test_the_issue_email_is_in_khmer_for_an_officer_who_prefers_it(
    khmer_officer, course
):
    certificate = attach_pdf(
        make_certificate(
            user=khmer_officer,
            course=course,
            expires_on=timezone.localdate() + datetime.timedelta(days=365),
        )
    )

    assert send_issue_email(certificate.pk) is True

    (message,) = mail.outbox
    (html, _), *_ = message.alternatives
    # Your certificate for “<Khmer course title>”
    assert message.subject == f"វិញ្ញាបនបត្ររបស់អ្នកសម្រាប់វគ្គសិក្សា “វគ្គសិក្សា {course.title}”"
    for body in (message.body, html):
        assert "ជម្រាបសួរ សុខ ដារា" in body  # Dear ...
        assert "អ្នកបានបញ្ចប់វគ្គសិក្សា" in body  # You completed ...
        assert "មានសុពលភាពរហូតដល់ថ្ងៃទី" in body  # It is valid until ...
        assert f"លេខកូដផ្ទៀងផ្ទាត់៖ {certificate.display_code}" in body
        for english in ("Dear", "You completed", "valid until", "Verification code"):
            assert english not in body
    assert "ទាញយកវិញ្ញាបនបត្ររបស់អ្នក (សូមចូលគណនីជាមុនសិន)៖" in message.body
    assert "អ៊ីមែលនេះផ្ញើដោយប្រព័ន្ធសិក្សា" in html  # Sent by the platform


@pytest.mark.django_db
def test_the_expiry_reminder_is_in_khmer_with_one_plural_form(khmer_officer, course):
    today = datetime.date(2026, 3, 2)
    attach_pdf(
        make_certificate(
            user=khmer_officer,
            course=course,
            expires_on=today + datetime.timedelta(days=60),
        )
    )

    assert send_due_reminders(today=today) == 1

    (message,) = mail.outbox
    assert message.subject.startswith("វិញ្ញាបនបត្ររបស់អ្នកសម្រាប់វគ្គសិក្សា")
    assert "នឹងផុតសុពលភាពនៅថ្ងៃទី" in message.subject  # expires on
    assert "ក្នុងរយៈពេល 60 ថ្ងៃទៀត" in message.body  # in 60 days
    assert "days" not in message.body
