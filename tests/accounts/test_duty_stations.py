"""Duty stations: the seeded checkpoints, airports and ports, and their admin."""

from __future__ import annotations

import importlib

import pytest
from django.urls import reverse

from accounts.geography import find_province, province_codes
from accounts.models import DutyStation
from tests import factories
from tests.accounts.admin_helpers import people

migration = importlib.import_module("accounts.migrations.0004_duty_stations")

LIST = reverse("wagtailsnippets_accounts_dutystation:list")
ADD = reverse("wagtailsnippets_accounts_dutystation:add")

EXPECTED = {
    # code: (province, kind, border with)
    "poipet": ("01", "land", "Thailand"),
    "cham-yeam": ("09", "land", "Thailand"),
    "bavet": ("20", "land", "Vietnam"),
    "o-smach": ("22", "land", "Thailand"),
    "phnom-den": ("21", "land", "Vietnam"),
    "prek-chak": ("07", "land", "Vietnam"),
    "kaam-samnor": ("08", "land", "Vietnam"),
    "trapeang-plong": ("25", "land", "Vietnam"),
    "trapeang-kriel": ("19", "land", "Laos"),
    "o-yadav": ("16", "land", "Vietnam"),
    "daung": ("02", "land", "Thailand"),
    "psar-prum": ("24", "land", "Thailand"),
    "choam": ("22", "land", "Thailand"),
    "stung-bot": ("01", "land", "Thailand"),
    "techo-airport": ("08", "airport", ""),
    "siem-reap-angkor-airport": ("17", "airport", ""),
    "sihanouk-airport": ("18", "airport", ""),
    "sihanoukville-port": ("18", "port", ""),
    "phnom-penh-port": ("12", "port", ""),
}


def is_khmer(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("\u1780" <= c <= "\u17ff" for c in letters)


@pytest.mark.django_db
def test_the_migration_seeded_every_station():
    seeded = {
        s.code: (s.province, s.kind, s.border_with) for s in DutyStation.objects.all()
    }
    assert {code: seeded.get(code) for code in EXPECTED} == EXPECTED


def test_each_province_code_is_the_one_geography_finds_for_the_name():
    for code, _name, _km, _kind, province, province_name, _b in migration.DUTY_STATIONS:
        assert province in province_codes(), code
        assert find_province(province_name) == province, (code, province_name)


def test_khmer_names_are_in_khmer_script_or_left_empty():
    for code, name, name_km, *_rest in migration.DUTY_STATIONS:
        assert name
        assert name_km == "" or is_khmer(name_km), (code, name_km)


def test_codes_are_unique_and_fit_the_field():
    codes = [row[0] for row in migration.DUTY_STATIONS]
    assert len(codes) == len(set(codes))
    limit = DutyStation._meta.get_field("code").max_length
    assert all(len(code) <= limit for code in codes)


@pytest.mark.django_db
def test_seeding_again_changes_nothing_and_restores_edited_rows():
    count = DutyStation.objects.count()
    DutyStation.objects.filter(code="bavet").update(name="Renamed")

    assert migration.seed(DutyStation) == 0

    assert DutyStation.objects.count() == count
    assert (
        DutyStation.objects.get(code="bavet").name
        == "Bavet International Border Checkpoint"
    )


@pytest.mark.django_db
def test_seeding_without_update_keeps_edits_and_adds_what_is_missing():
    DutyStation.objects.filter(code="bavet").update(name="Renamed")
    DutyStation.objects.filter(code="choam").delete()

    assert migration.seed(DutyStation, update=False) == 1

    assert DutyStation.objects.get(code="bavet").name == "Renamed"
    assert DutyStation.objects.filter(code="choam").exists()


def test_reversing_the_migration_leaves_the_rows():
    (operation,) = migration.Migration.operations
    assert operation.reversible
    assert operation.reverse_code is operation.noop


# The admin ------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    client.force_login(factories.make_user("admin"))
    return client


@pytest.mark.django_db
def test_the_admin_lists_stations_with_province_names(admin_client):
    response = admin_client.get(LIST, {"province": "20"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Bavet International Border Checkpoint" in content
    assert "Svay Rieng" in content
    assert "Poipet" not in content


@pytest.mark.django_db
def test_an_admin_adds_a_station_choosing_the_province_from_the_list(admin_client):
    form = admin_client.get(ADD).content.decode()
    assert '<option value="17">Siemreap</option>' in form

    response = admin_client.post(
        ADD,
        {
            "name": "Siem Reap provincial immigration office",
            "name_km": "",
            "code": "siem-reap-office",
            "kind": "office",
            "province": "17",
            "border_with": "",
        },
    )

    assert response.status_code == 302
    assert DutyStation.objects.get(code="siem-reap-office").province == "17"


@pytest.mark.django_db
@pytest.mark.parametrize("province", ["", "26", "Siem Reap"])
def test_a_station_needs_one_of_the_25_provinces(admin_client, province):
    response = admin_client.post(
        ADD,
        {
            "name": "Nowhere",
            "code": "nowhere",
            "kind": "office",
            "province": province,
        },
    )

    assert response.status_code == 200
    assert "province" in response.context["form"].errors
    assert not DutyStation.objects.filter(code="nowhere").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reviewer of A", "trainer of X"])
def test_trainers_and_reviewers_cannot_change_stations(client, course, who):
    org_a = factories.make_organisation("A")
    org_b = factories.make_organisation("B")
    client.force_login(people(course, org_a, org_b)[who])

    response = client.post(
        ADD, {"name": "X", "code": "x", "kind": "office", "province": "01"}
    )

    assert response.status_code in {302, 403}
    assert not DutyStation.objects.filter(code="x").exists()
