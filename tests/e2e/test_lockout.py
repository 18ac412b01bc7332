"""Brute force against the sign-in page, in a real browser at phone size.

Ten wrong passwords lock the username from this browser's address; the right
password is then refused too, with a page in the officer's language that says
how long to wait. A platform admin unlocks it in the Wagtail admin, and the
officer signs in at once.
"""

import re

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from courses.demo.loader import DEMO_USERS
from tests.e2e.admin_helpers import sign_in_to_admin

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICER = next(u for u in DEMO_USERS if u.username == "officer")
ADMIN = next(u for u in DEMO_USERS if u.username == "admin")


def try_password(page, password):
    page.goto("/accounts/login/")
    # By field name: the labels are in Khmer once the officer switches.
    page.locator("input[name=username]").fill(OFFICER.username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def test_ten_wrong_passwords_lock_until_an_admin_unlocks(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)

    for attempt in range(1, 10):
        try_password(page, f"guess-{attempt}")
        expect(page.get_by_role("alert").first).to_be_visible()
        expect(page.locator("h1")).to_have_text("Sign in")
    try_password(page, "guess-10")
    expect(page.locator("h1")).to_have_text("Sign-in paused")
    expect(page.get_by_text(re.compile(r"Try again in 30 minutes"))).to_be_visible()

    # The right password is refused as well.
    try_password(page, OFFICER.password)
    expect(page.locator("h1")).to_have_text("Sign-in paused")
    assert "/learn/" not in page.url

    # In Khmer, the same page speaks Khmer.
    page.context.add_cookies(
        [{"name": "lms_language", "value": "km", "url": live_server.url}]
    )
    try_password(page, OFFICER.password)
    expect(page.locator("html")).to_have_attribute("lang", "km")
    expect(page.locator("h1")).to_have_text("ការចូលត្រូវបានផ្អាក")
    page.screenshot(path="test-results/lockout-km.png", full_page=True)

    # A platform admin lifts it (another browser, another address would do too).
    admin_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    admin_page = admin_context.new_page()
    admin_page.set_default_timeout(15_000)
    sign_in_to_admin(admin_page, ADMIN)
    admin_page.goto("/admin/lockouts/")
    row = admin_page.get_by_role("row").filter(has_text=OFFICER.username)
    expect(row).to_be_visible()
    row.get_by_role("button", name=re.compile("Unlock")).click()
    expect(admin_page.get_by_text(re.compile("can sign in again"))).to_be_visible()
    admin_context.close()

    try_password(page, OFFICER.password)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    context.close()

    assert AuditEvent.objects.filter(action="signin.failed").count() >= 11
    # One when the tenth failure locked it, one per try refused while locked.
    assert AuditEvent.objects.filter(action="signin.locked_out").count() == 3
    assert AuditEvent.objects.filter(action="signin.unlocked").count() == 1
