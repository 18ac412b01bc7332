"""The officer's whole path, in a real browser, on the demo curriculum.

Find a course, be refused one whose prerequisite is unmet (with the reason),
enrol, click "Next" through every lesson (which completes none), study each
one (progress rises on the dashboard), fail the final
quiz, retry and pass it, complete the course, and then be allowed into the
course that required it.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from courses.demo.loader import DEMO_USERS
from courses.models import CoursePage, StudyVisit
from tests.e2e.quiz_helpers import take_attempt
from tests.e2e.study_helpers import shorten_study, study_lesson

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICER = next(u for u in DEMO_USERS if u.username == "officer")
FIRST_COURSE = "Identifying and referring victims of trafficking"
SECOND_COURSE = re.compile("Psychosocial support", re.I)


def sign_in(page, next_path="/"):
    page.goto(f"/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(OFFICER.username)
    page.get_by_label("Password").fill(OFFICER.password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()


def dashboard_percent(page, course_title) -> int:
    page.goto("/learn/dashboard/")
    card = page.locator("article, li").filter(has_text=course_title).first
    text = card.inner_text()
    match = re.search(r"(\d+)\s*%", text)
    assert match, f"no percentage shown for {course_title!r}: {text!r}"
    return int(match.group(1))


def test_officer_finds_enrols_reads_and_completes(browser_page, live_server):
    page = browser_page

    # Find the course in the catalog by searching.
    page.goto("/")
    page.get_by_label(re.compile("search", re.I)).fill("trafficking")
    page.get_by_role(
        "button", name=re.compile("search|apply|filter", re.I)
    ).first.click()
    expect(page.get_by_role("link", name=FIRST_COURSE)).to_be_visible()

    # Sign in; the course that needs the first one is refused, saying why.
    sign_in(page)
    page.goto("/")
    page.get_by_role("link", name=SECOND_COURSE).first.click()
    refusal = page.get_by_text(re.compile("first complete", re.I))
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text(FIRST_COURSE)
    expect(page.get_by_role("button", name=re.compile("^enrol", re.I))).to_have_count(0)

    # Enrol in the first course: it opens the first lesson.
    page.goto("/")
    page.get_by_role("link", name=FIRST_COURSE).click()
    page.get_by_role("button", name=re.compile("^enrol", re.I)).click()
    expect(page.locator("main h1")).to_be_visible()
    first_lesson_title = page.locator("main h1").inner_text()

    # Opened is not done.
    assert dashboard_percent(page, FIRST_COURSE) == 0
    expect(page.get_by_text(re.compile("1 more opened", re.I))).to_be_visible()
    resume = page.get_by_role("link", name=re.compile(re.escape(first_lesson_title)))
    expect(resume.first).to_be_visible()

    # Clicking "Next" through every lesson completes none of them.
    resume.first.click()
    visited = [page.url]
    while True:
        next_link = page.get_by_role("link", name=re.compile(r"^next", re.I))
        if next_link.count() == 0:
            break
        before = page.url
        next_link.first.click()
        # Wait for the next page: counting links mid-navigation finds none.
        page.wait_for_url(lambda url, before=before: url != before)
        expect(page.locator("main h1")).to_be_visible()
        assert page.url not in visited, "the Next link went back to a visited lesson"
        visited.append(page.url)
    assert len(visited) == 10  # the demo course's 9 lessons, then its final quiz
    assert visited[-1].endswith("/final-quiz/")
    assert dashboard_percent(page, FIRST_COURSE) == 0

    # Studying does: a trainer set each lesson's minimum to a few seconds.
    shorten_study(CoursePage.objects.get(title=FIRST_COURSE))
    for url in visited[:-1]:
        page.goto(url)
        study_lesson(page)
    assert dashboard_percent(page, FIRST_COURSE) == 90

    # Studying lessons is not enough: the course waits for the final quiz.
    page.goto(visited[-1])

    # Fail the quiz, then retry and pass it.
    page.get_by_role("button", name=re.compile("start attempt", re.I)).click()
    take_attempt(page, OFFICER.username, right=False)
    expect(page.get_by_text("Not passed").first).to_be_visible()
    page.get_by_role("button", name=re.compile("try again", re.I)).click()
    take_attempt(page, OFFICER.username, right=True)
    expect(page.get_by_text(re.compile(r"^Passed$")).first).to_be_visible()

    # Completed: the dashboard lists it as such, and the second course opens.
    page.goto("/learn/dashboard/")
    completed = page.locator("section").filter(
        has=page.get_by_role("heading", name=re.compile("completed", re.I))
    )
    expect(completed.get_by_text(FIRST_COURSE)).to_be_visible()

    page.goto("/")
    page.get_by_role("link", name=SECOND_COURSE).first.click()
    page.get_by_role("button", name=re.compile("^enrol", re.I)).click()
    expect(page.locator("main h1")).to_be_visible()
    assert "/psychosocial-support" in page.url

    # Nothing was fetched from any other host.
    foreign = [
        u
        for u in page.requested_urls
        if not u.startswith(live_server.url) and not u.startswith("data:")
    ]
    assert foreign == []


def test_lesson_page_fits_a_phone_and_starts_with_a_skip_link(browser_page):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page)
    page.goto("/")
    page.get_by_role("link", name=FIRST_COURSE).click()
    page.get_by_role("button", name=re.compile("^enrol", re.I)).click()
    expect(page.locator("main h1")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"lesson page scrolls sideways by {overflow}px on a phone"

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"

    # Leaving the lesson sends its study report (courses/study.js): let it land
    # now, not while the database is flushed after the test (FOREIGN KEY error).
    page.goto("/learn/dashboard/")
    deadline = time.monotonic() + 15
    while not StudyVisit.objects.exists():
        assert time.monotonic() < deadline, "the lesson's study report never came"
        time.sleep(0.1)


def test_khmer_interface_and_font(browser_page):
    page = browser_page
    page.goto("/")
    page.get_by_role("combobox", name=re.compile("language", re.I)).select_option("km")
    page.get_by_role(
        "button", name=re.compile("change|switch|go|ប្ដូរ|ផ្លាស់", re.I)
    ).first.click()
    expect(page.locator("html")).to_have_attribute("lang", "km")
    # Khmer course titles are shown, and the Khmer font is served by the platform.
    khmer_title = page.get_by_role("link", name=re.compile("ជនរងគ្រោះ"))
    expect(khmer_title.first).to_be_visible()
    assert khmer_title.first.evaluate("e => e.closest('[lang]').lang") == "km"
    # The Khmer face is usable: a system Khmer font through local(), or else the
    # subset this platform serves (never a font from elsewhere).
    khmer_font_ready = page.evaluate(
        """async () => { await document.fonts.ready;
           return document.fonts.check('16px "LMS Khmer"', 'ក'); }"""
    )
    assert khmer_font_ready
    page.wait_for_load_state("networkidle")
    assert not [
        u
        for u in page.requested_urls
        if "://" in u and "127.0.0.1" not in u and "localhost" not in u
    ]
