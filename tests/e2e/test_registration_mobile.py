"""Asking for an account on a phone, in Khmer: the unit tree, the province and
the duty station, by keyboard, at 360 px, without sideways scrolling."""

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation, RegistrationRequest, RegistrationSettings

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_registering_in_khmer_on_a_phone(browser, live_server, demo):
    from wagtail.models import Site

    settings = RegistrationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.allow_self_registration = True
    settings.save()
    poipet = Organisation.objects.get(code="GDI-POIPET")

    context = browser.new_context(
        base_url=live_server.url, locale="km-KH", viewport={"width": 360, "height": 740}
    )
    context.add_cookies(
        [{"name": "lms_language", "value": "km", "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/register/")

    assert page.locator("html").get_attribute("lang") == "km"
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    units = page.locator("select[name=organisation]")
    # The tree, in Khmer; ministries are group labels, never options.
    expect(
        units.locator("optgroup", has=page.locator(f'option[value="{poipet.pk}"]'))
    ).to_have_attribute("label", "ក្រសួងមហាផ្ទៃ › អគ្គនាយកដ្ឋានអន្តោប្រវេសន៍")
    ministry = Organisation.objects.get(code="MOI")
    assert units.locator(f'option[value="{ministry.pk}"]').count() == 0
    # Every field has a label.
    for name in ("organisation", "province", "duty_station"):
        field_id = page.locator(f"[name={name}]").get_attribute("id")
        expect(page.locator(f'label[for="{field_id}"]')).to_be_visible()

    page.locator("input[name=full_name]").fill("Sok Dara")
    page.locator("input[name=email]").fill("dara.phone@example.org")
    # By keyboard: focus the unit list and move through it with the arrows.
    units.focus()
    page.keyboard.press("ArrowDown")
    assert units.input_value() != ""
    units.select_option(str(poipet.pk))
    page.locator("select[name=province]").select_option("01")
    page.locator("select[name=duty_station]").select_option(
        label="ច្រកព្រំដែនអន្តរជាតិប៉ោយប៉ែត"
    )
    page.locator("input[name=password1]").fill("Border-Checkpoint-2026")
    page.locator("input[name=password2]").fill("Border-Checkpoint-2026")
    page.locator("input[name=password2]").press("Enter")
    page.wait_for_url("**/accounts/register/sent/")

    pending = RegistrationRequest.objects.get(user__email="dara.phone@example.org")
    assert (pending.organisation, pending.province) == (poipet, "01")
    assert pending.duty_station.code == "poipet"
    context.close()
