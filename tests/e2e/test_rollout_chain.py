"""The rollout path of issue 15, end to end, on a phone-sized Chromium (360×740).

1. The GDI reviewer signs in (and lands on the portal), opens "Import
   officers", uploads 20 new officers named by their unit's English or Khmer
   *name*, half of them without e-mail, checks the preview and applies it.
2. The reviewer prints that import's activation letters; the test reads each
   page's short code (text) and QR code (image).
3. An officer without e-mail activates on a phone by typing the code in lower
   case without dashes, chooses a password and is signed in; the code is
   refused the second time. Another officer's QR link, opened in a Khmer
   browser, leads to the same password page, in Khmer.
4. The officer enrols in the first demo course; clicking "Next" does not
   complete the lesson (page and database), studying it does; so for the rest.
5. The officer passes the final quiz; the dashboard offers the certificate.
6. The reviewer sees the officer activated and complete, downloads the
   certificates ZIP (the PDF named by staff ID and Latin name) and opens a
   report whose dates are day-first.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from certificates.models import Certificate
from courses.models import ActivityProgress, CoursePage, LessonPage
from plugins.quiz.models import QuizPage
from portal.models import Job
from tests.e2e.quiz_helpers import take_attempt
from tests.e2e.rollout_helpers import (
    as_typed_on_a_phone,
    letter_of,
    officers_csv,
    read_letters,
    rollout_officers,
)
from tests.e2e.settling import settle, track_requests
from tests.e2e.study_helpers import shorten_study, study_lesson
from tests.e2e.test_officer_path import FIRST_COURSE
from tests.e2e.test_portal_zip import DATABASE_QUEUE, WorkerThread

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
REVIEWER = ("reviewer", "reviewer-demo-2026")
NEW_PASSWORD = "Poipet-arrivals-2026"


def phone(browser, live_server, locale="en-GB"):
    """A fresh phone-sized browser; every request it makes is recorded (the
    pages must load nothing from another host)."""
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale=locale, accept_downloads=True
    )
    context.on("request", lambda request: REQUESTED.append(request.url))
    track_requests(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


#: Every URL the test's browsers asked for.
REQUESTED: list[str] = []


def expect_lang(page, language):
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_rollout_from_officer_list_to_filed_certificate(
    browser, live_server, demo, settings, tmp_path
):
    # QR codes and links carry the public address: here, the live server.
    settings.LMS_PUBLIC_BASE_URL = live_server.url
    REQUESTED.clear()
    officers = rollout_officers(20)
    walker = officers[0]  # no e-mail, English interface, Poipet (by English name)
    qr_user = officers[2]  # no e-mail, Khmer interface
    assert not walker.email and not qr_user.email
    assert qr_user.preferred_language == "km"
    course = CoursePage.objects.get(title=FIRST_COURSE)

    reviewer_context, reviewer = phone(browser, live_server)
    officer_context = None
    try:
        # 1. Sign in through the sign-in page: the reviewer lands on the portal.
        reviewer.goto("/accounts/login/")
        reviewer.get_by_label("Username").fill(REVIEWER[0])
        reviewer.get_by_label("Password").fill(REVIEWER[1])
        reviewer.get_by_role("button", name=re.compile("sign in", re.I)).click()
        expect(reviewer).to_have_url(re.compile(r"/portal/$"))
        portal_nav = reviewer.get_by_role("navigation", name="Portal")
        expect(portal_nav).to_be_visible()
        portal_nav.get_by_role("link", name="Import officers").click()
        expect(
            reviewer.get_by_role("heading", name="Import officers", level=1)
        ).to_be_visible()
        # The units the reviewer may name are shown with their codes.
        expect(reviewer.get_by_role("cell", name=walker.unit).first).to_be_visible()

        reviewer.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(
            {
                "name": "gdi-officers.csv",
                "mimeType": "text/csv",
                "buffer": officers_csv(officers),
            }
        )
        reviewer.get_by_role("button", name="Upload and check").click()
        expect(
            reviewer.get_by_role("heading", name="The file is ready to import")
        ).to_be_visible()
        counts = reviewer.get_by_role("table", name="What the import would do")
        expect(counts.get_by_role("row", name="New officers to create")).to_have_text(
            re.compile(r"^New officers to create\s*20\s*$")
        )
        expect(counts.get_by_role("row", name="Problems")).to_have_text(
            re.compile(r"^Problems\s*0\s*$")
        )
        preview = reviewer.get_by_role("table", name="Changes to save")
        expect(
            preview.get_by_role("row").filter(has_text=walker.full_name)
        ).to_contain_text("New officer")
        assert not User.objects.filter(staff_id=walker.staff_id).exists()
        reviewer.get_by_role("button", name="Import: save 20 changes").click()
        expect(
            reviewer.get_by_role("heading", name="The officers were imported")
        ).to_be_visible()
        imported = User.objects.filter(staff_id__in=[o.staff_id for o in officers])
        assert imported.count() == 20
        assert {u.organisation.code for u in imported} == {"GDI-POIPET", "GDI-BAVET"}
        assert not any(u.has_usable_password() for u in imported)
        # Those with an address got an invitation; the others need a letter.
        invited = {message.to[0] for message in mail.outbox}
        assert invited == {o.email for o in officers if o.email}

        # 2. Letters for this import: one page for each officer without e-mail.
        with reviewer.expect_download() as download_info:
            reviewer.get_by_role(
                "button", name="Print activation letters for this import (PDF)"
            ).click()
        letters_path = tmp_path / "letters.pdf"
        download_info.value.save_as(letters_path)
        pages = read_letters(letters_path.read_bytes(), tmp_path)
        assert len(pages) == 10
        assert len({page.code for page in pages}) == 10
        for page in pages:
            assert len(page.qr_links) == 1, f"page {page.number}: {page.qr_links}"
            assert page.qr_links[0].startswith(f"{live_server.url}/accounts/activate/")
        walker_letter = letter_of(pages, walker.staff_id)
        qr_letter = letter_of(pages, qr_user.staff_id)
        assert walker.full_name in walker_letter.text
        assert re.search(r"Expires on \d{1,2} [A-Z][a-z]+ \d{4}\.", walker_letter.text)

        # 3. The officer, on a phone, types the code as phones are typed on.
        officer_context, officer = phone(browser, live_server)
        officer.goto("/accounts/activate/")
        expect_lang(officer, "en")
        officer.get_by_label("Activation code").fill(
            as_typed_on_a_phone(walker_letter.code)
        )
        officer.get_by_role("button", name="Continue").click()
        expect(
            officer.get_by_role("heading", name="Choose your password")
        ).to_be_visible()
        expect(officer.get_by_text(walker.full_name).first).to_be_visible()
        officer.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
        officer.get_by_label("New password confirmation").fill(NEW_PASSWORD)
        officer.get_by_role("button", name="Save the password and sign in").click()
        expect(officer.get_by_text("Your account is active.")).to_be_visible()
        account = User.objects.get(staff_id=walker.staff_id)
        assert account.check_password(NEW_PASSWORD)
        officer.get_by_text("Menu", exact=True).click()
        expect(
            officer.get_by_role("button", name=re.compile("sign out", re.I)).first
        ).to_be_visible()

        # The same code, once more (another phone): refused, saying why.
        with_used_code_context, used = phone(browser, live_server)
        try:
            used.goto("/accounts/activate/")
            used.get_by_label("Activation code").fill(walker_letter.code)
            used.get_by_role("button", name="Continue").click()
            expect(
                used.get_by_text(re.compile("has already been used", re.I)).first
            ).to_be_visible()
            expect(
                used.get_by_role("heading", name="Choose your password")
            ).to_have_count(0)
        finally:
            with_used_code_context.close()

        # Another officer scans the QR code with a phone set to Khmer.
        khmer_context, khmer = phone(browser, live_server, locale="km-KH")
        try:
            khmer.goto(qr_letter.qr_links[0])
            expect(khmer).to_have_url(re.compile(r"/accounts/activate/password/$"))
            expect_lang(khmer, "km")
            expect(
                khmer.get_by_role("heading", name="ជ្រើសរើសពាក្យសម្ងាត់របស់អ្នក")
            ).to_be_visible()
            latin_name = khmer.locator("strong[lang=en]", has_text=qr_user.full_name)
            expect(latin_name).to_be_visible()
            expect(
                khmer.locator("strong[lang=km]", has_text=qr_user.full_name_km)
            ).to_be_visible()
            # The secret left the address bar; the Khmer code page works too.
            khmer.goto("/accounts/activate/")
            expect_lang(khmer, "km")
            expect(
                khmer.get_by_role("heading", name="បើកដំណើរការគណនីរបស់អ្នក")
            ).to_be_visible()
            expect(khmer.locator("input[name=code]")).to_have_attribute("lang", "en")
        finally:
            khmer_context.close()

        # 4. Enrol; "Next" straight away completes nothing.
        officer.goto("/")
        officer.get_by_role("link", name=FIRST_COURSE).first.click()
        officer.get_by_role("button", name=re.compile("^enrol", re.I)).click()
        lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
        first = lessons[0]
        expect(officer.locator("main h1")).to_have_text(first.title)
        study_box = officer.get_by_role("region", name="Your progress on this lesson")
        expect(study_box.get_by_role("status")).to_have_text(
            re.compile("^Keep reading", re.I)
        )
        officer.get_by_role("link", name=re.compile(r"^Next:")).click()
        expect(officer.locator("main h1")).to_have_text(lessons[1].title)
        officer.get_by_role("link", name=re.compile(r"^Previous:")).click()
        expect(officer.locator("main h1")).to_have_text(first.title)
        expect(study_box.get_by_role("status")).to_have_text(
            re.compile("^Keep reading", re.I)
        )
        expect(study_box).to_have_attribute("data-study-complete", "0")
        settle(officer)  # the study reports sent on leaving each lesson
        progress = ActivityProgress.objects.get(
            enrolment__user=account, page_id=first.pk
        )
        assert progress.opened_at is not None
        assert progress.completed_at is None

        # Studying it does (a trainer set the minimum to a few seconds).
        shorten_study(course)
        for lesson in lessons:
            officer.goto(lesson.url)
            study_lesson(officer)
        settle(officer)
        done = ActivityProgress.objects.filter(
            enrolment__user=account,
            page_id__in=[lesson.pk for lesson in lessons],
            completed_at__isnull=False,
        )
        assert done.count() == len(lessons)

        # 5. The final quiz, passed; the dashboard offers the certificate.
        quiz = QuizPage.objects.live().descendant_of(course).get()
        officer.goto(quiz.url)
        officer.get_by_role("button", name=re.compile("start attempt", re.I)).click()
        take_attempt(officer, account.username, right=True)
        expect(officer.get_by_text(re.compile(r"^Passed$")).first).to_be_visible()
        officer.goto("/learn/dashboard/")
        certificate_link = officer.get_by_role(
            "link", name=re.compile("download your certificate", re.I)
        )
        expect(certificate_link).to_be_visible()
        with officer.expect_download() as download_info:
            certificate_link.click()
        certificate = Certificate.objects.get(user=account, course=course)
        own_pdf = tmp_path / "own-certificate.pdf"
        download_info.value.save_as(own_pdf)
        assert own_pdf.read_bytes().startswith(b"%PDF")

        # 6. The reviewer: activated and complete in the officers list...
        reviewer.get_by_role("navigation", name="Portal").get_by_role(
            "link", name="Officers", exact=True
        ).click()
        reviewer.get_by_label("Search").fill(walker.staff_id)
        reviewer.get_by_role("button", name="Search").click()
        row = reviewer.get_by_role("row").filter(has_text=walker.staff_id)
        expect(row).to_have_count(1)
        expect(row.locator("[data-activation-status]")).to_have_attribute(
            "data-activation-status", "activated"
        )
        # Cells after the name: staff ID, unit, rank, province, enrolled, completed.
        expect(row.get_by_role("cell").nth(5)).to_have_text("1")
        expect(row).to_contain_text("Activated")

        # ...the certificates as a ZIP of PDFs named by officer...
        settings.TASKS = DATABASE_QUEUE
        reviewer.get_by_role("navigation", name="Portal").get_by_role(
            "link", name="Certificates", exact=True
        ).click()
        reviewer.get_by_label("Course").select_option(label=FIRST_COURSE)
        reviewer.get_by_role("button", name="Show certificates").click()
        reviewer.get_by_role("button", name="Download all as ZIP").click()
        expect(reviewer).to_have_url(re.compile(r"/portal/jobs/[0-9a-f-]{36}/$"))
        worker = WorkerThread(live_server)
        worker.start()
        try:
            zip_link = reviewer.get_by_role("link", name="Download the file")
            expect(zip_link).to_be_visible(timeout=60_000)
        finally:
            worker.stop()
        assert not worker.is_alive()
        with reviewer.expect_download() as download_info:
            zip_link.click()
        zip_path = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(zip_path)
        archive = zipfile.ZipFile(io.BytesIO(zip_path.read_bytes()))
        named = [n for n in archive.namelist() if n.startswith(walker.staff_id)]
        assert len(named) == 1, archive.namelist()
        latin = r"[-_ ]".join(map(re.escape, walker.full_name.split()))
        assert re.search(latin, named[0]), named[0]
        assert named[0].endswith(".pdf")
        assert archive.read(named[0]) == certificate.pdf.open("rb").read()
        manifest = archive.read("manifest.csv").decode("utf-8-sig").splitlines()
        assert manifest[0].startswith("staff_id,name,name_km,unit,province")
        walker_line = [line for line in manifest if line.startswith(walker.staff_id)]
        assert len(walker_line) == 1 and walker.full_name in walker_line[0]
        assert Job.objects.get(kind=Job.Kind.CERTIFICATES_ZIP).status == "done"

        # ...and a report whose dates are day first (Phnom Penh's today).
        reviewer.get_by_role("navigation", name="Portal").get_by_role(
            "link", name="Reports", exact=True
        ).click()
        reviewer.get_by_role("link", name="Course completions").click()
        today = timezone.localdate()
        assert str(timezone.get_current_timezone()) == "Asia/Phnom_Penh"
        day_first = (
            f"{today.day}/{today.month}/{today.year}",
            today.strftime(f"{today.day} %b %Y"),
        )
        walker_row = reviewer.get_by_role("row").filter(has_text=walker.full_name)
        expect(walker_row).to_have_count(1)
        cells = walker_row.inner_text()
        assert any(date in cells for date in day_first), (day_first, cells)
        if today.day != today.month:
            us_order = f"{today.month}/{today.day}/{today.year}"
            assert us_order not in cells, cells
    finally:
        if officer_context is not None:
            officer.goto("about:blank")  # a lesson left sends its report
            settle(officer)
            officer_context.close()
        reviewer_context.close()
    # Nothing was fetched from another host (no CDN, no web fonts).
    elsewhere = [
        url for url in REQUESTED if not url.startswith((live_server.url, "data:"))
    ]
    assert REQUESTED and not elsewhere, elsewhere
