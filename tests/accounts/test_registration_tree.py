"""Self-registration offers the organisation tree, lets people choose only
units, and asks where they serve (province, duty station), which approval
copies to their profile."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts import registration
from accounts.models import (
    DutyStation,
    Organisation,
    RegistrationRequest,
    RegistrationSettings,
    User,
)
from tests import factories

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("accounts:register")
PASSWORD = "Border-Checkpoint-2026"


@pytest.fixture
def registration_on(catalog):
    site_settings = RegistrationSettings.for_site(catalog.get_site())
    site_settings.allow_self_registration = True
    site_settings.save()


def org(code, name, name_km, kind, parent=None):
    return Organisation.objects.create(
        code=code, name=name, name_km=name_km, kind=kind, parent=parent
    )


@pytest.fixture
def tree(db):
    moi = org("MOI", "Ministry of Interior", "ក្រសួងមហាផ្ទៃ", "ministry")
    gdi = org(
        "GDI",
        "General Department of Immigration",
        "អគ្គនាយកដ្ឋានអន្តោប្រវេសន៍",
        "department",
        moi,
    )
    return {
        "moi": moi,
        "gdi": gdi,
        "poipet": org("GDI-POIPET", "Poipet Unit", "អង្គភាពប៉ោយប៉ែត", "unit", gdi),
        "bavet": org("GDI-BAVET", "Bavet Unit", "អង្គភាពបាវិត", "unit", gdi),
        "mosvy": org("MOSVY", "Ministry of Social Affairs", "ក្រសួងសង្គមកិច្ច", "ministry"),
        "social": org(
            "DOSVY-BMC",
            "Banteay Meanchey Social Affairs",
            "មន្ទីរសង្គមកិច្ចបន្ទាយមានជ័យ",
            "unit",
            None,
        ),
        "ncct": org("NCCT", "National Committee", "គណៈកម្មាធិការជាតិ", "committee"),
    }


@pytest.fixture
def stations(db):
    # Seeded by accounts/migrations/0004_duty_stations.py.
    return {
        "poipet": DutyStation.objects.get(code="poipet"),  # Banteay Meanchey, 01
        "bavet": DutyStation.objects.get(code="bavet"),  # Svay Rieng, 20
    }


def form_data(unit, **overrides):
    data = {
        "full_name": "Sok Dara",
        "full_name_km": "សុខ ដារា",
        "email": "dara@example.org",
        "staff_id": "",
        "organisation": unit.pk,
        "province": "01",
        "duty_station": "",
        "rank": "",
        "position": "",
        "preferred_language": "km",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def select(html: str, name: str) -> str:
    match = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert match, name
    return match.group(0)


def option_values(select_html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', select_html)


# The tree ---------------------------------------------------------------------


def test_only_units_are_offered_grouped_by_ministry_and_department(
    client, registration_on, tree
):
    html = client.get(REGISTER_URL).content.decode()
    units = select(html, "organisation")

    assert (
        '<optgroup label="Ministry of Interior › General Department of Immigration">'
        in units
    )
    values = option_values(units)
    assert set(values) - {""} == {
        str(tree[key].pk) for key in ("poipet", "bavet", "social")
    }
    for key in ("moi", "gdi", "mosvy", "ncct"):
        assert f'value="{tree[key].pk}"' not in units
    # Ordered by name within the group: Bavet before Poipet.
    assert units.index("Bavet Unit") < units.index("Poipet Unit")
    # A unit without a parent is still offered, in a group of its own.
    assert '<optgroup label="Other units">' in units
    assert '<label for="id_organisation">' in html


def test_in_khmer_the_tree_is_in_khmer(client, registration_on, tree):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    html = client.get(REGISTER_URL, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    units = select(html, "organisation")

    assert '<html lang="km"' in html
    assert '<optgroup label="ក្រសួងមហាផ្ទៃ › អគ្គនាយកដ្ឋានអន្តោប្រវេសន៍">' in units
    assert "អង្គភាពប៉ោយប៉ែត" in units and "Poipet Unit" not in units
    # Sorted by the Khmer name: បាវិត (BA) before ប៉ោយប៉ែត (BA + sign) is the
    # code-point order of the two names.
    assert units.index("អង្គភាពបាវិត") < units.index("អង្គភាពប៉ោយប៉ែត")
    provinces = select(html, "province")
    assert "បន្ទាយមានជ័យ" in provinces


@pytest.mark.parametrize("kind", ["moi", "gdi", "ncct"])
def test_a_ministry_or_department_posted_by_hand_is_refused_clearly(
    client, registration_on, tree, kind
):
    response = client.post(REGISTER_URL, form_data(tree[kind]))

    assert response.status_code == 200
    (error,) = response.context["form"].errors["organisation"]
    assert error.startswith(f"“{tree[kind].name}” (")
    assert "is not a unit. Choose the unit you work in" in error
    assert not User.objects.filter(email="dara@example.org").exists()
    assert not RegistrationRequest.objects.exists()


# Where they serve ---------------------------------------------------------------


def test_the_province_is_required(client, registration_on, tree):
    response = client.post(REGISTER_URL, form_data(tree["poipet"], province=""))

    assert "This field is required." in response.context["form"].errors["province"]
    assert not RegistrationRequest.objects.exists()


def test_the_province_must_be_one_of_the_25(client, registration_on, tree):
    response = client.post(REGISTER_URL, form_data(tree["poipet"], province="99"))

    assert response.context["form"].errors["province"]


def test_the_duty_station_is_optional(client, registration_on, tree):
    response = client.post(REGISTER_URL, form_data(tree["social"]))

    assert response.status_code == 302
    pending = RegistrationRequest.objects.get()
    assert (pending.province, pending.duty_station) == ("01", None)


def test_the_duty_station_must_lie_in_the_province(
    client, registration_on, tree, stations
):
    response = client.post(
        REGISTER_URL,
        form_data(tree["poipet"], province="01", duty_station=stations["bavet"].pk),
    )

    (error,) = response.context["form"].errors["duty_station"]
    assert error == (
        "Bavet International Border Checkpoint is in Svay Rieng, not in Banteay "
        "Meanchey. Choose a duty station in Banteay Meanchey, none, or correct "
        "the province."
    )
    assert not RegistrationRequest.objects.exists()


def test_an_unknown_duty_station_is_refused(client, registration_on, tree):
    response = client.post(
        REGISTER_URL, form_data(tree["poipet"], duty_station="999999")
    )

    assert response.context["form"].errors["duty_station"] == [
        "Choose a duty station from the list, or none."
    ]


def test_duty_stations_are_grouped_by_province(client, registration_on, tree):
    html = client.get(REGISTER_URL).content.decode()
    stations = select(html, "duty_station")

    group = re.search(
        r'<optgroup label="Banteay Meanchey">(.*?)</optgroup>', stations, re.S
    )
    assert group and "Poipet International Border Checkpoint" in group.group(1)
    assert "Bavet" not in group.group(1)
    assert '<label for="id_duty_station">' in html
    assert '<label for="id_province">' in html


def test_province_and_station_are_kept_and_copied_on_approval(
    client, registration_on, tree, stations
):
    client.post(
        REGISTER_URL,
        form_data(tree["poipet"], province="01", duty_station=stations["poipet"].pk),
    )
    pending = RegistrationRequest.objects.get()
    assert (pending.province, pending.duty_station) == ("01", stations["poipet"])
    user = pending.user
    assert (user.province, user.duty_station) == ("", None)  # until approved

    reviewer = factories.make_user("reviewer", organisation=tree["gdi"])
    assert registration.approve(pending, reviewer) is True

    user.refresh_from_db()
    assert user.is_active
    assert (user.province, user.duty_station) == ("01", stations["poipet"])


def test_a_rejected_request_leaves_the_profile_alone(
    client, registration_on, tree, stations
):
    client.post(
        REGISTER_URL,
        form_data(tree["poipet"], duty_station=stations["poipet"].pk),
    )
    pending = RegistrationRequest.objects.get()

    registration.reject(pending, factories.make_user("admin"), "Unknown to us")

    pending.user.refresh_from_db()
    assert (pending.user.province, pending.user.duty_station) == ("", None)


def test_an_old_request_without_province_keeps_the_profile(registration_on, tree):
    pending = registration.submit(
        email="old@example.org",
        password=PASSWORD,
        organisation=tree["poipet"],
        full_name="Keo Old",
    )
    User.objects.filter(pk=pending.user_id).update(province="12")

    registration.approve(pending, factories.make_user("admin"))

    assert User.objects.get(pk=pending.user_id).province == "12"
