"""The portal's registration pages: who sees which requests, who decides,
and a decision taken once."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from accounts import registration
from accounts.models import Organisation, RegistrationRequest, User
from audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = reverse("portal:registrations")


@dataclass
class World:
    ministry: Organisation
    unit_a: Organisation  # under the ministry
    unit_b: Organisation
    request_a: RegistrationRequest
    request_b: RegistrationRequest
    people: dict


def ask(unit, name, email) -> RegistrationRequest:
    return registration.submit(
        email=email,
        password="Border-Checkpoint-2026",
        organisation=unit,
        full_name=name,
    )


@pytest.fixture
def world() -> World:
    ministry = factories.make_organisation(name="Ministry of Interior")
    unit_a = factories.make_organisation(name="Poipet checkpoint")
    unit_a.parent = ministry
    unit_a.save()
    unit_b = factories.make_organisation(name="Bavet checkpoint")
    course = factories.make_course(modules=1, lessons=1)
    people = {
        "anonymous": None,
        "officer": factories.make_user("officer", organisation=unit_a),
        "trainer": factories.make_user("trainer", trains=[course]),
        "reviewer A": factories.make_user("reviewer", organisation=unit_a),
        "reviewer B": factories.make_user("reviewer", organisation=unit_b),
        "ministry reviewer": factories.make_user("reviewer", organisation=ministry),
        "admin": factories.make_user("admin"),
    }
    return World(
        ministry=ministry,
        unit_a=unit_a,
        unit_b=unit_b,
        request_a=ask(unit_a, "Sok Dara", "dara@example.org"),
        request_b=ask(unit_b, "Chan Vanna", "vanna@example.org"),
        people=people,
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def decide_url(pending) -> str:
    return reverse("portal:registration_decide", args=[pending.pk])


# Who opens the pages ----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "sees"),
    [
        ("anonymous", 302, None),
        ("officer", 403, None),
        ("trainer", 403, None),
        ("reviewer A", 200, {"Sok Dara"}),
        ("reviewer B", 200, {"Chan Vanna"}),
        ("ministry reviewer", 200, {"Sok Dara"}),
        ("admin", 200, {"Sok Dara", "Chan Vanna"}),
    ],
)
def test_the_list_shows_only_requests_in_scope(world, who, status, sees):
    response = client_for(world.people[who]).get(LIST_URL)

    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("accounts:login"))
    if sees is None:
        return
    content = response.content.decode()
    for name in {"Sok Dara", "Chan Vanna"}:
        assert (name in content) is (name in sees), name
    listed = {r.user.full_name for r in response.context["page"].object_list}
    assert listed == sees


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("officer", 403),
        ("trainer", 403),
        ("reviewer B", 404),
    ],
)
def test_only_reviewers_in_scope_decide(world, who, status):
    response = client_for(world.people[who]).post(
        decide_url(world.request_a), {"decision": "approve"}
    )

    assert response.status_code == status
    world.request_a.refresh_from_db()
    assert world.request_a.status == RegistrationRequest.Status.PENDING
    assert User.objects.get(pk=world.request_a.user_id).is_active is False
    assert not AuditEvent.objects.filter(action__startswith="registration.").exists()


@pytest.mark.parametrize("who", ["reviewer A", "ministry reviewer", "admin"])
def test_a_reviewer_in_scope_approves(world, who):
    client = client_for(world.people[who])

    response = client.post(
        decide_url(world.request_a), {"decision": "approve"}, follow=True
    )

    assert response.redirect_chain[-1][0] == LIST_URL
    assert "Sok Dara’s account is approved" in response.content.decode()
    world.request_a.refresh_from_db()
    assert world.request_a.status == RegistrationRequest.Status.APPROVED
    assert world.request_a.decided_by == world.people[who]
    assert User.objects.get(pk=world.request_a.user_id).is_active is True
    event = AuditEvent.objects.get(action="registration.approved")
    assert event.actor == world.people[who]
    # The decided request leaves the pending list and shows among the decided.
    assert world.request_a not in response.context["page"].object_list
    assert [r.pk for r in response.context["decided"]] == [world.request_a.pk]


def test_a_request_is_decided_once_and_the_second_reviewer_is_told(world):
    first = client_for(world.people["reviewer A"])
    second = client_for(world.people["ministry reviewer"])

    first.post(decide_url(world.request_a), {"decision": "approve"})
    response = second.post(
        decide_url(world.request_a),
        {"decision": "reject", "reason": "Unknown to us"},
        follow=True,
    )

    content = response.content.decode()
    assert "Sok Dara’s request was already approved by" in content
    assert world.people["reviewer A"].full_name in content
    world.request_a.refresh_from_db()
    assert world.request_a.status == RegistrationRequest.Status.APPROVED
    assert world.request_a.reason == ""
    assert AuditEvent.objects.filter(action__startswith="registration.").count() == 1


def test_rejecting_needs_a_reason(world):
    client = client_for(world.people["reviewer A"])

    response = client.post(
        decide_url(world.request_a), {"decision": "reject", "reason": "  "}, follow=True
    )

    assert "Give a reason" in response.content.decode()
    world.request_a.refresh_from_db()
    assert world.request_a.status == RegistrationRequest.Status.PENDING


def test_rejecting_with_a_reason(world):
    client = client_for(world.people["reviewer A"])

    response = client.post(
        decide_url(world.request_a),
        {"decision": "reject", "reason": "Not in our unit."},
        follow=True,
    )

    assert "request is turned down" in response.content.decode()
    world.request_a.refresh_from_db()
    assert world.request_a.status == RegistrationRequest.Status.REJECTED
    assert world.request_a.reason == "Not in our unit."
    assert User.objects.get(pk=world.request_a.user_id).is_active is False


@pytest.mark.parametrize("decision", ["", "delete", "APPROVE"])
def test_an_unknown_decision_changes_nothing(world, decision):
    client = client_for(world.people["reviewer A"])

    response = client.post(
        decide_url(world.request_a), {"decision": decision}, follow=True
    )

    assert "Choose to approve or to turn down" in response.content.decode()
    world.request_a.refresh_from_db()
    assert world.request_a.status == RegistrationRequest.Status.PENDING


def test_deciding_takes_a_post(world):
    client = client_for(world.people["reviewer A"])

    assert client.get(decide_url(world.request_a)).status_code == 405


def test_an_unknown_request_is_404(world):
    client = client_for(world.people["admin"])

    assert (
        client.post(
            reverse("portal:registration_decide", args=[999999]),
            {"decision": "approve"},
        ).status_code
        == 404
    )


def test_the_list_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = client_for(world.people["ministry reviewer"])
    client.get(LIST_URL)  # warm the site and settings caches
    with django_assert_max_num_queries(14) as few:
        client.get(LIST_URL)
    for n in range(30):
        ask(world.unit_a, f"Officer {n}", f"officer{n}@example.org")
    for pending in RegistrationRequest.objects.all()[:10]:
        registration.approve(pending, world.people["admin"])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)

    waiting = RegistrationRequest.objects.filter(
        status="pending", organisation=world.unit_a
    ).count()
    assert waiting == 22
    assert len(response.context["page"].object_list) == waiting
    assert len(response.context["decided"]) == 9


# Where the officer serves -----------------------------------------------------


def test_the_review_pages_show_province_duty_station_and_unit_code(world):
    from accounts.models import DutyStation

    station = DutyStation.objects.get(code="poipet")
    RegistrationRequest.objects.filter(pk=world.request_a.pk).update(
        province="01", duty_station=station
    )
    client = client_for(world.people["reviewer A"])

    pending = client.get(LIST_URL).content.decode()

    assert "Province and duty station" in pending
    assert "Banteay Meanchey<br>Poipet International Border Checkpoint" in pending
    assert f'<code class="muted">{world.unit_a.code}</code>' in pending

    client.post(decide_url(world.request_a), {"decision": "approve"})
    decided = client.get(LIST_URL).content.decode()
    assert "Banteay Meanchey<br>Poipet International Border Checkpoint" in decided
    officer = User.objects.get(pk=world.request_a.user_id)
    assert (officer.province, officer.duty_station) == ("01", station)


def test_the_review_page_in_khmer_names_the_province_in_khmer(world):
    RegistrationRequest.objects.filter(pk=world.request_a.pk).update(province="01")
    client = client_for(world.people["reviewer A"])
    client.cookies["lms_language"] = "km"

    page = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="km").content.decode()

    assert "បន្ទាយមានជ័យ" in page
