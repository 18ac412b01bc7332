"""The Wagtail user admin with the officer profile, and what it writes to the log."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import DutyStation, User
from accounts.roles import TRAINERS
from audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

ADD = reverse("wagtailusers_users:add")


def edit_url(user) -> str:
    return reverse("wagtailusers_users:edit", args=[user.pk])


@pytest.fixture
def admin(db):
    return factories.make_user("admin")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def unit(db):
    return factories.make_organisation("POIPET", name="Poipet immigration unit")


@pytest.fixture
def poipet(db):
    return DutyStation.objects.get(code="poipet")


def form_data(user=None, **overrides) -> dict:
    data = {
        "username": user.username if user else "sokha",
        "email": user.email if user else "sokha@example.org",
        "first_name": "Sokha",
        "last_name": "Chan",
        "full_name": "Chan Sokha",
        "full_name_km": "ចាន់ សុខា",
        "preferred_language": "km",
        "staff_id": "",
        "rank": "",
        "position": "",
        "province": "",
        "is_active": "on",
    }
    if user is None:
        data.update(password1="a-long-Password-2026", password2="a-long-Password-2026")
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_forms_show_the_officer_fields(admin_client, unit):
    officer = factories.make_user("officer", organisation=unit)
    for url in (ADD, edit_url(officer)):
        content = admin_client.get(url).content.decode()
        for name in ("staff_id", "rank", "position", "duty_station", "province"):
            assert f'name="{name}"' in content, (url, name)
        assert "Unit" in content
        assert "Banteay Meanchey" in content  # the province list
        assert "Poipet International Border Checkpoint" in content


def test_an_admin_creates_an_officer_with_the_whole_profile(admin_client, unit, poipet):
    response = admin_client.post(
        ADD,
        form_data(
            organisation=unit.pk,
            staff_id=" GDI-0457 ",
            rank="First Lieutenant",
            position="Immigration officer",
            duty_station=poipet.pk,
            province="01",
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    officer = User.objects.get(username="sokha")
    assert (
        officer.organisation,
        officer.staff_id,
        officer.rank,
        officer.position,
        officer.duty_station,
        officer.province,
    ) == (unit, "GDI-0457", "First Lieutenant", "Immigration officer", poipet, "01")


def test_an_empty_staff_id_is_stored_as_null_so_many_officers_can_have_none(
    admin_client,
):
    first = factories.make_user("officer", staff_id=None)

    response = admin_client.post(edit_url(first), form_data(first, staff_id="  "))
    admin_client.post(ADD, form_data(staff_id=""))

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.staff_id is None
    assert User.objects.get(username="sokha").staff_id is None


def test_a_staff_id_already_taken_is_refused_with_a_message(admin_client):
    factories.make_user("officer", staff_id="GDI-0457")
    other = factories.make_user("officer")

    response = admin_client.post(edit_url(other), form_data(other, staff_id="GDI-0457"))

    assert response.status_code == 200
    assert "already has the staff ID “GDI-0457”" in " ".join(
        response.context["form"].errors["staff_id"]
    )
    other.refresh_from_db()
    assert other.staff_id is None


@pytest.mark.parametrize("province", ["99", "Siem Reap", "1"])
def test_a_province_outside_the_list_is_refused(admin_client, province):
    officer = factories.make_user("officer", province="17")

    response = admin_client.post(
        edit_url(officer), form_data(officer, province=province)
    )

    assert response.status_code == 200
    assert "province" in response.context["form"].errors
    officer.refresh_from_db()
    assert officer.province == "17"


def test_making_someone_a_superuser_is_logged_with_the_admin(admin_client, admin):
    officer = factories.make_user("officer")

    admin_client.post(edit_url(officer), form_data(officer, is_superuser="on"))

    officer.refresh_from_db()
    assert officer.is_superuser
    event = AuditEvent.objects.get(action="role.superuser_changed")
    assert (event.actor, event.target_id) == (admin, str(officer.pk))
    assert event.details == {"before": False, "after": True}
    assert event.ip_address == "127.0.0.1"


def test_deactivating_a_user_is_logged(admin_client, admin):
    officer = factories.make_user("officer")

    admin_client.post(edit_url(officer), form_data(officer, is_active=None))

    officer.refresh_from_db()
    assert not officer.is_active
    event = AuditEvent.objects.get(action="role.active_changed")
    assert event.actor == admin
    assert event.details == {"before": True, "after": False}
    assert not AuditEvent.objects.filter(action="role.superuser_changed").exists()


def test_an_edit_that_flips_nothing_logs_nothing(admin_client):
    officer = factories.make_user("officer")
    before = AuditEvent.objects.count()

    response = admin_client.post(edit_url(officer), form_data(officer, rank="Major"))

    assert response.status_code == 302
    assert AuditEvent.objects.count() == before


def test_creating_a_superuser_is_logged(admin_client, admin):
    admin_client.post(ADD, form_data(is_superuser="on"))

    event = AuditEvent.objects.get(action="role.superuser_changed")
    assert event.target_label == "sokha"
    assert event.actor == admin


def test_group_changes_in_the_user_admin_name_the_admin(admin_client, admin):
    officer = factories.make_user("officer")
    trainers = Group.objects.get_or_create(name=TRAINERS)[0]

    admin_client.post(edit_url(officer), form_data(officer, groups=[trainers.pk]))
    admin_client.post(edit_url(officer), form_data(officer))

    added, removed = AuditEvent.objects.filter(action="group.changed").order_by("pk")
    assert (added.actor, added.details) == (admin, {"added": [TRAINERS], "removed": []})
    assert (removed.actor, removed.details) == (
        admin,
        {"added": [], "removed": [TRAINERS]},
    )


def test_bulk_deactivation_is_logged_per_user(admin_client, admin):
    first, second = factories.make_user("officer"), factories.make_user("officer")
    already_off = factories.make_user("officer", is_active=False)
    url = reverse(
        "wagtail_bulk_action",
        args=(User._meta.app_label, User._meta.model_name, "set_active_state"),
    )
    ids = f"id={first.pk}&id={second.pk}&id={already_off.pk}"

    response = admin_client.post(f"{url}?{ids}", {"mark_as_active": "False"})

    assert response.status_code == 302
    events = AuditEvent.objects.filter(action="role.active_changed")
    assert {e.target_id for e in events} == {str(first.pk), str(second.pk)}
    assert {e.actor for e in events} == {admin}


def test_bulk_assigning_a_group_names_the_admin(admin_client, admin):
    officer = factories.make_user("officer")
    trainers = Group.objects.get_or_create(name=TRAINERS)[0]
    url = reverse(
        "wagtail_bulk_action",
        args=(User._meta.app_label, User._meta.model_name, "assign_role"),
    )

    admin_client.post(f"{url}?id={officer.pk}", {"role": trainers.pk})

    event = AuditEvent.objects.get(action="group.changed")
    assert (event.actor, event.target_id) == (admin, str(officer.pk))
    assert event.details == {"added": [TRAINERS], "removed": []}


def test_the_user_list_shows_units_in_a_fixed_number_of_queries(
    admin_client, unit, django_assert_max_num_queries
):
    factories.make_user("officer", organisation=unit)
    with django_assert_max_num_queries(40) as few:
        admin_client.get(reverse("wagtailusers_users:index"))
    for _ in range(10):
        other = factories.make_organisation()
        factories.make_user("officer", organisation=other)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(reverse("wagtailusers_users:index"))
    assert "Poipet immigration unit" in response.content.decode()
