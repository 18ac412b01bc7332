"""Two-step sign-in in Chromium at 360x740: set up, sign out, sign back in.

A trainer signs in to the admin, is sent to set up an authenticator app,
reads the key off the page (as an app would scan it), confirms a code, gets
ten recovery codes, signs out and back in with password and code, and lands
in the admin; a wrong code is refused. A reviewer does the same in Khmer and
lands in the portal. An officer opts in with a passkey, on Chromium's virtual
authenticator (DevTools' WebAuthn domain), and signs in with it.
"""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from accounts.models import User
from courses.demo.loader import DEMO_USERS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
TRAINER = next(u for u in DEMO_USERS if u.username == "trainer")
REVIEWER = next(u for u in DEMO_USERS if u.username == "reviewer")
OFFICER = next(u for u in DEMO_USERS if u.username == "officer")


@pytest.fixture(autouse=True)
def staff_must_use_mfa(settings, live_server):
    settings.LMS_MFA_REQUIRED_ROLES = ["admin", "lead_trainer", "trainer", "reviewer"]
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


@pytest.fixture
def phone(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    context.close()


def code(secret: str, steps: int = 0) -> str:
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, drift=steps):06d}"


def wrong_code(secret: str) -> str:
    taken = {code(secret, steps) for steps in (-1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in taken)


def password_step(page, user, next_path: str) -> None:
    page.goto(f"/accounts/login/?next={next_path}")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(user.password)
    page.locator("main form button[type=submit]").first.click()


def sign_out(page) -> None:
    page.goto("/accounts/profile/")
    # At phone width the header's one "Sign out" sits behind the "Menu" disclosure.
    sign_out_button = page.locator("header form[action$='/logout/'] button")
    expect(sign_out_button).to_have_count(1)
    page.locator("header details.nav-compact > summary").click()
    sign_out_button.click()
    expect(page).to_have_url(re.compile(r"/$"))


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide at {PHONE['width']}px"


def set_up_app(page, code_label, confirm, continue_name) -> str:
    """On the app page: read the key, confirm a code, keep the recovery codes."""
    expect(page.locator("svg.qr")).to_be_visible()
    no_horizontal_scroll(page)
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label(code_label).fill(code(secret))
    page.get_by_role("button", name=confirm).click()
    codes = page.locator("ol.codes li")
    expect(codes).to_have_count(10)
    no_horizontal_scroll(page)
    page.get_by_role("link", name=continue_name).click()
    return secret


def test_a_trainer_sets_up_an_app_and_signs_in_with_a_code(phone, live_server):
    page = phone

    # Wagtail's own login leads into the second step: set up, first time.
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(TRAINER.username)
    page.get_by_label("Password").fill(TRAINER.password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    no_horizontal_scroll(page)
    page.get_by_role("link", name="Set up an authenticator app").click()
    secret = set_up_app(
        page, "6-digit code from the app", "Confirm", "I have saved them: continue"
    )
    expect(page).to_have_url(re.compile(r"/admin/$"))

    sign_out(page)

    # Password, then a wrong code (refused), then the app's next code.
    password_step(page, TRAINER, "/admin/")
    expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
    field = page.get_by_label("6-digit code from your authenticator app")
    expect(field).to_have_attribute("autocomplete", "one-time-code")
    expect(field).to_have_attribute("inputmode", "numeric")
    field.fill(wrong_code(secret))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    no_horizontal_scroll(page)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/mfa/verify/"))
    # django-otp makes the next try wait a second after a failure.
    page.wait_for_timeout(2_100)
    page.get_by_label("6-digit code from your authenticator app").fill(
        code(secret, 1)  # the code the app shows next: the current one was used
    )
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", name="My courses")).to_be_attached()
    host = live_server.url.split("//")[1]
    assert all(host in url or url.startswith("data:") for url in page.requested_urls)


def test_a_reviewer_does_it_in_khmer_and_lands_in_the_portal(phone):
    User.objects.filter(username=REVIEWER.username).update(preferred_language="km")
    page = phone

    password_step(page, REVIEWER, "/portal/")
    expect(page.locator("html")).to_have_attribute("lang", "km")
    expect(page.get_by_role("heading", name="រៀបចំការចូលគណនីពីរជំហាន")).to_be_visible()
    page.get_by_role("link", name="រៀបចំកម្មវិធីផ្ទៀងផ្ទាត់").click()
    secret = set_up_app(page, "លេខកូដ 6 ខ្ទង់ពីកម្មវិធី", "បញ្ជាក់", "ខ្ញុំបានរក្សាទុកហើយ៖ បន្ត")
    expect(page).to_have_url(re.compile(r"/portal/$"))

    sign_out(page)
    password_step(page, REVIEWER, "/portal/")
    label = "លេខកូដ 6 ខ្ទង់ពីកម្មវិធីផ្ទៀងផ្ទាត់របស់អ្នក"
    page.get_by_label(label).fill(wrong_code(secret))
    page.get_by_role("button", name="ផ្ទៀងផ្ទាត់").click()
    expect(page.get_by_role("alert")).to_contain_text("លេខកូដនោះមិនត្រឹមត្រូវទេ។")
    no_horizontal_scroll(page)
    page.wait_for_timeout(2_100)
    page.get_by_label(label).fill(code(secret, 1))
    page.get_by_role("button", name="ផ្ទៀងផ្ទាត់").click()
    expect(page).to_have_url(re.compile(r"/portal/$"))


def test_an_officer_opts_in_with_a_passkey_and_signs_in_with_it(phone):
    page = phone
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    password_step(page, OFFICER, "/learn/dashboard/")
    expect(page).to_have_url(re.compile(r"/learn/dashboard/"))  # not opted in yet
    page.goto("/accounts/mfa/")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.locator(".devices")).to_contain_text("Passkey")
    no_horizontal_scroll(page)

    sign_out(page)
    password_step(page, OFFICER, "/learn/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/mfa/verify/"))
    page.get_by_role("button", name="Use a passkey").click()
    expect(page).to_have_url(re.compile(r"/learn/dashboard/"))
