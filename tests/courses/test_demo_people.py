"""The demo's organisations, officers and roles (``manage.py load_demo``)."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import RequestFactory

from accounts.models import DutyStation, Organisation, RoleAssignment, User
from accounts.scope import scope_for
from audit.models import AuditEvent
from courses.demo import curriculum
from courses.demo.loader import DEMO_USERS, load_demo
from courses.demo.people import OFFICER, ORGANISATIONS
from courses.models import CoursePage


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = load_demo()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo, db):
    return loaded_demo


def by_code(code) -> Organisation:
    return Organisation.objects.get(code=code)


def user(username) -> User:
    return User.objects.select_related("organisation", "duty_station").get(
        username=username
    )


def chain(code) -> list[str]:
    codes = []
    organisation = by_code(code)
    while organisation is not None:
        codes.append(organisation.code)
        organisation = organisation.parent
    return codes


def is_khmer(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("\u1780" <= c <= "\u17ff" for c in letters)


def test_the_organisations_form_the_tree_of_the_services(demo):
    assert chain("GDI-POIPET") == ["GDI-POIPET", "GDI", "MOI"]
    assert chain("GDI-BAVET") == ["GDI-BAVET", "GDI", "MOI"]
    assert chain("GDI-TECHO") == ["GDI-TECHO", "GDI", "MOI"]
    assert chain("AHTJP-BMC") == ["AHTJP-BMC", "AHTJP", "GCNP", "MOI"]
    assert chain("GDCE-POIPET") == ["GDCE-POIPET", "GDCE", "MEF"]
    assert chain("DOSVY-BMC") == ["DOSVY-BMC", "MOSVY"]
    ncct = by_code("NCCT")
    assert (ncct.kind, ncct.parent) == ("committee", None)


def test_units_have_a_province_and_every_organisation_a_khmer_name(demo):
    for row in ORGANISATIONS:
        organisation = by_code(row["code"])
        assert is_khmer(organisation.name_km), row["code"]
        if organisation.kind == "unit":
            assert organisation.province, row["code"]


def test_each_demo_officer_has_a_full_profile(demo):
    officers = [d for d in DEMO_USERS if d.role == OFFICER]
    assert len(officers) >= 5
    for demo_user in officers:
        officer = user(demo_user.username)
        assert officer.organisation.kind == "unit", officer
        assert is_khmer(officer.full_name_km), officer
        assert officer.position and officer.province, officer
        if demo_user.duty_station:
            assert officer.duty_station.code == demo_user.duty_station
    sokha = user("officer")
    assert (sokha.organisation.code, sokha.rank, sokha.duty_station.code) == (
        "GDI-POIPET",
        "First Lieutenant",
        "poipet",
    )
    assert sokha.province_name == "Banteay Meanchey"


def test_every_demo_password_signs_in(demo):
    for demo_user in DEMO_USERS:
        # Sign-ins go through a request: django-axes counts them per address.
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(
            request, username=demo_user.username, password=demo_user.password
        )
    # The accounts that tests and guides have always used are still there.
    for username in ("officer", "trainer", "reviewer", "admin"):
        demo_user = next(d for d in DEMO_USERS if d.username == username)
        assert demo_user.password == f"{username}-demo-2026"


def test_the_trainer_trains_every_demo_course(demo):
    trainer = user("trainer")
    course_ids = set(
        CoursePage.objects.filter(
            slug__in=[row["slug"] for row in curriculum.COURSES],
            locale__language_code="en",  # the Khmer version shares its record
        ).values_list("pk", flat=True)
    )
    assert len(course_ids) == len(curriculum.COURSES)
    assert scope_for(trainer).course_ids == course_ids
    assert (
        set(
            RoleAssignment.objects.filter(user=trainer).values_list(
                "course_id", flat=True
            )
        )
        == course_ids
    )


def test_two_reviewers_see_two_different_scopes(demo):
    immigration = User.objects.visible_to(user("reviewer"))
    customs = User.objects.visible_to(user("customs-reviewer"))

    names = {u.username for u in immigration}
    assert {"officer", "officer-bavet", "officer-airport"} <= names
    assert not names & {"officer-customs", "officer-police", "social-worker"}
    names = {u.username for u in customs}
    assert "officer-customs" in names
    assert not names & {"officer", "officer-bavet", "officer-airport"}
    assert RoleAssignment.objects.get(user__username="reviewer").organisation == (
        by_code("GDI")
    )
    assert RoleAssignment.objects.get(
        user__username="customs-reviewer"
    ).organisation == by_code("GDCE")


def test_roles_were_given_through_grant_and_logged(demo):
    granted = AuditEvent.objects.filter(action="role.granted")
    targets = set(granted.values_list("target_label", flat=True))
    assert {"trainer", "reviewer", "customs-reviewer"} <= targets
    assert granted.filter(target_label="trainer").count() == len(curriculum.COURSES)


def test_no_demo_group_may_read_the_audit_log(demo):
    assert not Group.objects.filter(permissions__codename="view_auditevent").exists()
    for demo_user in DEMO_USERS:
        account = user(demo_user.username)
        assert account.has_perm("audit.view_auditevent") == account.is_superuser


def test_the_demo_duty_stations_are_the_seeded_ones(demo):
    assert demo.created.get("duty stations", 0) == 0  # the migration made them
    assert DutyStation.objects.filter(code__in=["poipet", "bavet"]).count() == 2


def counts():
    return [
        model.objects.count()
        for model in (Organisation, User, RoleAssignment, DutyStation, AuditEvent)
    ]


def test_loading_twice_changes_nothing(demo):
    before = counts()
    profiles = list(
        User.objects.order_by("pk").values_list(
            "username", "organisation", "rank", "duty_station", "province", "staff_id"
        )
    )

    again = load_demo()

    assert again.created == {}
    assert counts() == before
    assert (
        list(
            User.objects.order_by("pk").values_list(
                "username",
                "organisation",
                "rank",
                "duty_station",
                "province",
                "staff_id",
            )
        )
        == profiles
    )


def test_a_demo_loaded_before_profiles_existed_gains_them_once(demo):
    User.objects.filter(username="officer").update(
        rank="", duty_station=None, province="", staff_id=None
    )
    User.objects.filter(username="officer-bavet").update(rank="Major")

    first = load_demo()
    second = load_demo()

    assert first.created == {"user profiles": 1}
    assert second.created == {}
    sokha = user("officer")
    assert (sokha.rank, sokha.duty_station.code, sokha.province) == (
        "First Lieutenant",
        "poipet",
        "01",
    )
    assert user("officer-bavet").rank == "Major"  # an edit is never overwritten


def test_missing_duty_stations_are_restored_without_touching_edits(demo):
    DutyStation.objects.filter(code="bavet").update(name="Bavet (edited)")
    User.objects.filter(duty_station__code="choam").update(duty_station=None)
    DutyStation.objects.filter(code="choam").delete()

    report = load_demo()

    assert report.created == {"duty stations": 1}
    assert DutyStation.objects.get(code="bavet").name == "Bavet (edited)"
