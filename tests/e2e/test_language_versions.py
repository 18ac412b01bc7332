"""An officer switches from English to Khmer mid-course and keeps their progress."""

import re

import pytest
from playwright.sync_api import expect

from courses.demo.loader import DEMO_USERS
from courses.models import CoursePage, Enrolment
from tests.e2e.study_helpers import shorten_study, study_lesson

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICER = next(u for u in DEMO_USERS if u.username == "officer")
COURSE_SLUG = "identifying-and-referring-victims"


def test_switching_to_khmer_mid_course_keeps_progress(browser_page, live_server):
    page = browser_page
    english = CoursePage.objects.get(slug=COURSE_SLUG, locale__language_code="en")
    khmer = CoursePage.objects.get(slug=COURSE_SLUG, locale__language_code="km")

    page.goto(f"/accounts/login/?next={english.url}")
    page.get_by_label("Username").fill(OFFICER.username)
    page.get_by_label("Password").fill(OFFICER.password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    # The demo officer may prefer Khmer: read the English version on purpose.
    shorten_study(english)
    page.goto(english.url)
    page.get_by_role("button", name=re.compile("^enrol", re.I)).click()

    # Two lessons studied in English.
    study_lesson(page)
    page.get_by_role("link", name=re.compile(r"^next", re.I)).first.click()
    study_lesson(page)
    second_lesson_url = page.url
    assert "/km/" not in second_lesson_url

    # Switch the interface to Khmer on the second lesson: the officer lands on
    # the Khmer version of the same lesson.
    page.locator("#lang-select").select_option("km")
    page.locator("form.lang button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/km/"))
    assert page.url.replace("/km/", "/") == second_lesson_url
    expect(page.locator("html")).to_have_attribute("lang", "km")

    # The Khmer course page counts the two lessons read in English (the bar's
    # value is the percentage of lessons done).
    enrolment = Enrolment.objects.get(user__username=OFFICER.username)
    assert enrolment.course_id == english.pk
    done = enrolment.activity_progress.filter(completed_at__isnull=False)
    assert done.count() == 2
    page.goto(khmer.url)
    bar = page.locator("main progress").first
    expect(bar).not_to_have_attribute("value", "0")

    # "Continue" opens the third lesson in Khmer; it adds to the same record.
    page.locator("main a.btn").first.click()
    expect(page).to_have_url(re.compile(r"/km/"))
    expect(page.locator("main h1")).to_be_visible()
    assert done.count() == 2  # opened, not studied yet
    study_lesson(page)
    assert done.count() == 3
    assert Enrolment.objects.filter(user__username=OFFICER.username).count() == 1
