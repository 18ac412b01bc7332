"""Every page people use works under the Content-Security-Policy, in Chromium.

Each page listens for ``securitypolicyviolation`` from its first script on
(``add_init_script``: in every frame, before the page's own scripts); events
land in ``window.__cspViolations`` and are also handed to the test at once, so
none is lost when the page navigates away. Console errors about either policy
count too. Walked: the officer's path (catalog, course, lesson, a quiz attempt
with autosave, result, dashboard, profile, certificates), the public
verification page, the reviewer's portal (dashboard, officers, certificates
and the ZIP job page, reports, imports and an import's page), and the Wagtail
admin pages trainers use (dashboard, page explorer, a lesson's editor with
rich text typed, the image chooser and the live preview panel, a quiz's editor
with the question chooser, the question bank and a question's editor).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courses.demo.loader import DEMO_USERS
from courses.models import CoursePage, LessonPage
from plugins.quiz.models import Question, QuizPage
from portal.models import Job
from tests.certificates.factories import attach_pdf, make_certificate
from tests.e2e.admin_helpers import sign_in_to_admin, sign_in_to_site
from tests.e2e.quiz_helpers import take_attempt

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICER = next(u for u in DEMO_USERS if u.username == "officer")
REVIEWER = next(u for u in DEMO_USERS if u.username == "reviewer")
TRAINER = next(u for u in DEMO_USERS if u.username == "trainer")
COURSE = "Identifying and referring victims of trafficking"

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const violation = {
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    sample: event.sample,
    source: event.sourceFile,
    line: event.lineNumber,
    page: event.documentURI,
  };
  window.__cspViolations.push(violation);
  if (window.__reportCspViolation) window.__reportCspViolation(violation);
});
"""
ABOUT_POLICIES = re.compile(r"content.security.policy|permissions.policy", re.I)


@pytest.fixture
def watched(browser, live_server, demo):
    """A browser tab whose CSP violations and console errors are recorded."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    violations = []
    context.expose_binding(
        "__reportCspViolation", lambda source, violation: violations.append(violation)
    )
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.violations = violations
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text)
            if ABOUT_POLICIES.search(message.text)
            else None
        ),
    )
    yield page
    context.close()


def assert_clean(page, where: str) -> None:
    """No violation and no console error about a policy, up to now."""
    page.wait_for_load_state("load")
    in_frames = []
    for frame in page.frames:
        if frame.is_detached():
            continue
        in_frames += frame.evaluate("() => window.__cspViolations || []")
    assert page.violations == [] and in_frames == [], (
        f"{where}: {page.violations or in_frames}"
    )
    assert page.console_errors == [], f"{where}: {page.console_errors}"


def visit(page, path: str, where: str = "") -> None:
    response = page.goto(path)
    assert response.ok, f"{path}: {response.status}"
    assert_clean(page, where or path)


def test_the_officer_path_and_the_public_verification_page(watched):
    page = watched
    course = CoursePage.objects.get(title=COURSE, locale__language_code="en")
    quiz = QuizPage.objects.live().descendant_of(course).first()
    certificate = attach_pdf(make_certificate(user=_user(OFFICER), course=course))

    visit(page, "/", "catalog")
    sign_in_to_site(page, OFFICER)
    assert_clean(page, "sign-in")
    page.goto("/")
    page.get_by_role("link", name=COURSE).click()
    assert_clean(page, "course page")
    page.get_by_role("button", name=re.compile("^enrol", re.I)).click()
    expect(page.locator("main h1")).to_be_visible()
    assert_clean(page, "first lesson")
    lesson = LessonPage.objects.live().descendant_of(course).last()
    visit(page, lesson.url, "a lesson")

    # A quiz attempt: an answer autosaves (attempt.js), then the whole is sent.
    visit(page, quiz.url, "quiz page")
    page.get_by_role("button", name=re.compile("start attempt", re.I)).click()
    expect(page.get_by_role("button", name=re.compile("^submit", re.I))).to_be_visible()
    assert_clean(page, "attempt page")
    page.locator("form.quiz-attempt input[type=radio]").first.check()
    expect(page.locator(".quiz-status").first).not_to_be_empty()
    expect(page.locator(".quiz-status").first).not_to_have_text(re.compile("…$"))
    assert_clean(page, "attempt autosave")
    take_attempt(page, OFFICER.username, right=True)
    expect(page.get_by_text(re.compile(r"^Passed$")).first).to_be_visible()
    assert_clean(page, "attempt result")

    visit(page, "/learn/dashboard/", "dashboard")
    visit(page, "/accounts/profile/", "profile")
    visit(page, "/certificates/mine/", "my certificates")
    expect(page.get_by_text(COURSE).first).to_be_visible()

    # The public verification pages, signed out.
    page.context.clear_cookies()
    visit(page, "/certificates/verify/", "verification form")
    visit(page, f"/certificates/verify/{certificate.code}/", "verification page")
    expect(page.locator("main")).to_contain_text(COURSE)


def test_the_reviewers_portal(watched):
    page = watched
    reviewer = _user(REVIEWER)
    # A certificate of one of the reviewer's officers, for the ZIP.
    course = CoursePage.objects.get(title=COURSE, locale__language_code="en")
    attach_pdf(make_certificate(user=_user(OFFICER), course=course))
    sign_in_to_site(page, REVIEWER, "/portal/")
    assert_clean(page, "portal dashboard")
    visit(page, "/portal/officers/", "officers")
    officer_link = page.locator("main table a[href*='/portal/officers/']").first
    if officer_link.count():
        officer_link.click()
        assert_clean(page, "an officer")
    visit(page, "/portal/certificates/", "certificates")
    page.get_by_role("button", name="Download all as ZIP").click()
    expect(page).to_have_url(re.compile(r"/portal/jobs/[0-9a-f-]{36}/$"))
    assert page.locator("script[src*='job-progress.js']").count() == 1
    assert_clean(page, "ZIP job page")
    visit(page, "/portal/reports/", "reports")
    report_link = page.locator("main a[href*='/portal/reports/']").first
    if report_link.count():
        report_link.click()
        assert_clean(page, "a report")
    visit(page, "/portal/imports/", "imports")
    running = Job.objects.create(
        kind=Job.Kind.OFFICER_IMPORT,
        requested_by=reviewer,
        status=Job.Status.RUNNING,
        params={"stage": "check"},
        progress_done=25,
        progress_total=100,
        source_name="officers.csv",
    )
    visit(page, f"/portal/imports/{running.pk}/", "a running import")
    assert page.locator("script[src*='import-progress.js']").count() == 1
    page.wait_for_timeout(1500)  # the page polls for progress meanwhile
    assert_clean(page, "a running import, polling")


def test_the_wagtail_admin_pages_trainers_use(watched):
    page = watched
    course = CoursePage.objects.get(title=COURSE, locale__language_code="en")
    lesson = LessonPage.objects.live().descendant_of(course).first()
    quiz = QuizPage.objects.live().descendant_of(course).first()
    question = Question.objects.order_by("pk").first()

    sign_in_to_admin(page, TRAINER)
    assert_clean(page, "admin dashboard")
    visit(page, "/admin/pages/", "page explorer")
    visit(page, f"/admin/pages/{lesson.get_parent().pk}/", "a module's pages")

    # A lesson's editor: rich text typed, the image chooser opened.
    visit(page, f"/admin/pages/{lesson.pk}/edit/", "lesson editor")
    body = page.get_by_role("region", name=re.compile("^Body"))
    editor = body.get_by_role("textbox").first
    editor.click()
    page.keyboard.press("Control+End")
    editor.press_sequentially(" Checked under the policy.")
    expect(editor).to_contain_text("Checked under the policy.")
    body.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name=re.compile("^Image", re.I)).first.click()
    page.get_by_role("button", name=re.compile("choose an image", re.I)).first.click()
    chooser = page.get_by_role("dialog")
    expect(chooser.get_by_role("textbox", name="Search term")).to_be_visible()
    assert_clean(page, "image chooser")
    chooser.get_by_role("button", name=re.compile("close", re.I)).first.click()
    expect(chooser).to_be_hidden()

    # The live preview panel frames the page as an officer sees it.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[src*='preview']").first
    expect(preview.locator("main h1")).to_be_visible()
    assert_clean(page, "preview panel")

    # A quiz's editor: an inline panel and the question chooser.
    visit(page, f"/admin/pages/{quiz.pk}/edit/", "quiz editor")
    questions = page.get_by_role("region", name="Questions", exact=True)
    questions.get_by_role("button", name="Add Question").click()
    questions.get_by_role("button", name="Choose a question").last.click()
    chooser = page.get_by_role("dialog")
    expect(chooser.get_by_role("textbox", name="Search term")).to_be_visible()
    assert_clean(page, "question chooser")

    visit(page, "/admin/quiz_questions/", "question bank")
    visit(page, f"/admin/quiz_questions/edit/{question.pk}/", "question editor")
    visit(page, f"/admin/quiz_questions/preview/{question.pk}/", "question preview")


def _user(demo_user):
    from accounts.models import User

    return User.objects.get(username=demo_user.username)
