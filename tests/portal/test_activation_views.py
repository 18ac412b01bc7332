"""Activation in the portal: status and filter, letters, invitations, who may."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ActivationCode
from audit.models import AuditEvent
from tests import factories
from tests.accounts.activation_helpers import letter_for
from tests.portal.world import build_world

pytestmark = pytest.mark.django_db

OFFICERS = reverse("portal:officers")
LETTERS = reverse("portal:activation_letters")


@pytest.fixture
def world():
    world = build_world()
    # a1 activated (a password); a2 a pending letter; a3 an expired one; a4
    # no code; b1 (another organisation) not activated either.
    for officer in (world.a2, world.a3, world.a4, world.b1):
        officer.set_unusable_password()
        officer.save(update_fields=["password"])
    letter_for(world.a2)
    expired = letter_for(world.a3).code
    ActivationCode.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    world.lead_trainer = factories.make_user("lead_trainer")
    return world


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def statuses(content: str) -> list[str]:
    import re

    return re.findall(r'<td data-activation-status="(\w+)"', content)


def test_the_list_shows_each_officers_activation(world):
    content = client_for(world.reviewer_a).get(OFFICERS).content.decode()
    # By name: Chan Thy (a2), Keo Lina (a3), Meas Sophea (a4), Sok Dara (a1).
    assert statuses(content) == ["pending", "expired", "none", "activated"]
    assert "Not activated (code pending)" in content
    assert f'href="{LETTERS}"' in content


@pytest.mark.parametrize(
    ("status", "names"),
    [
        ("activated", ["Sok Dara"]),
        ("pending", ["Chan Thy"]),
        ("expired", ["Keo Lina"]),
        ("none", ["Meas Sophea"]),
        ("", ["Chan Thy", "Keo Lina", "Meas Sophea", "Sok Dara"]),
    ],
)
def test_the_list_filters_by_activation(world, status, names):
    response = client_for(world.reviewer_a).get(OFFICERS, {"activation": status})
    shown = [officer.get_full_name() for officer in response.context["page_obj"]]
    assert shown == names


def test_the_filter_is_labelled(world):
    content = client_for(world.reviewer_a).get(OFFICERS).content.decode()
    assert '<label for="id_activation">' in content
    assert '<option value="expired">Not activated (code expired)</option>' in content


def test_the_list_runs_the_same_queries_for_more_officers(world):
    client = client_for(world.reviewer_a)
    client.get(OFFICERS)
    with CaptureQueriesContext(connection) as few:
        client.get(OFFICERS)
    for n in range(8):
        officer = factories.make_user("officer", organisation=world.unit)
        officer.set_unusable_password()
        officer.save(update_fields=["password"])
        if n % 2:
            letter_for(officer)
    with CaptureQueriesContext(connection) as many:
        client.get(OFFICERS)
    assert len(many) == len(few)


def test_the_officer_page_shows_status_expiry_and_actions(world):
    client = client_for(world.reviewer_a)
    content = client.get(reverse("portal:officer", args=[world.a2.pk])).content.decode()
    assert 'data-activation-status="pending"' in content
    assert "until " in content
    assert reverse("portal:officer_letter", args=[world.a2.pk]) in content
    assert reverse("portal:officer_invite", args=[world.a2.pk]) in content
    content = client.get(reverse("portal:officer", args=[world.a1.pk])).content.decode()
    assert 'data-activation-status="activated"' in content
    assert "keeps working until they use the new code" in content
    assert reverse("portal:officer_invite", args=[world.a1.pk]) not in content


ROLES = ["anonymous", "officer", "trainer", "lead_trainer", "reviewer_b"]


def person(world, role):
    return None if role == "anonymous" else getattr(world, role)


def expect_refused(response, role):
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif role == "reviewer_b":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_only_reviewers_of_the_officer_and_admins_print_a_letter(world, role):
    url = reverse("portal:officer_letter", args=[world.a4.pk])
    response = client_for(person(world, role)).post(url)
    expect_refused(response, role)
    assert not ActivationCode.objects.filter(user=world.a4).exists()


@pytest.mark.parametrize("role", ["reviewer_u", "reviewer_a", "admin"])
def test_reviewers_of_the_unit_or_above_and_admins_print_a_letter(world, role):
    url = reverse("portal:officer_letter", args=[world.a4.pk])
    response = client_for(getattr(world, role)).post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="activation-letter-A-004-'
    )
    assert response.content.startswith(b"%PDF")
    code = ActivationCode.objects.get(user=world.a4)
    assert code.channel == "letter" and code.created_by == getattr(world, role)
    event = AuditEvent.objects.get(
        action="activation.letter_issued", target_id=str(world.a4.pk)
    )
    assert event.actor == getattr(world, role)
    assert event.target_id == str(world.a4.pk)
    assert event.organisation == world.unit


def test_a_letter_cannot_be_printed_by_a_get(world):
    url = reverse("portal:officer_letter", args=[world.a4.pk])
    assert client_for(world.admin).get(url).status_code == 405


def test_a_new_letter_cancels_the_pending_one_and_is_audited(world):
    old = ActivationCode.objects.live().get(user=world.a2)
    url = reverse("portal:officer_letter", args=[world.a2.pk])
    assert client_for(world.reviewer_u).post(url).status_code == 200
    old.refresh_from_db()
    assert old.cancelled_at is not None
    event = AuditEvent.objects.get(action="activation.code_cancelled")
    assert event.details["code_id"] == old.pk
    assert event.actor == world.reviewer_u


@pytest.mark.parametrize("role", ROLES)
def test_only_reviewers_and_admins_open_the_unit_letters_page(world, role):
    client = client_for(person(world, role))
    if role == "reviewer_b":
        # Reviewer B opens the page, but unit U is not among its choices.
        assert client.get(LETTERS).status_code == 200
        response = client.post(LETTERS, {"unit": world.unit.pk})
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    else:
        expect_refused(client.get(LETTERS), role)
        expect_refused(client.post(LETTERS, {"unit": world.unit.pk}), role)
    assert not ActivationCode.objects.filter(user=world.a4).exists()


def test_unit_letters_cover_the_officers_who_have_not_activated(world):
    from tests.certificates.pdf_helpers import pdfinfo

    a4_email = world.a4.email
    client = client_for(world.reviewer_d)
    # With their addresses (the world's officers all have one).
    response = client.post(
        LETTERS, {"unit": world.department.pk, "include_email": "on"}
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    # a2, a3, a4 (under the department, not activated); not a1 (activated).
    assert pdfinfo(response.content)["pages"] == 3
    assert {c.user_id for c in ActivationCode.objects.pending()} == {
        world.a2.pk,
        world.a3.pk,
        world.a4.pk,
    }
    # Without the option, officers with an address are left to their invitation.
    response = client.post(LETTERS, {"unit": world.department.pk})
    assert response.status_code == 400, response["Content-Type"]
    assert "There is no officer to print a letter for." in response.content.decode()
    assert a4_email


def test_the_unit_letters_form_explains_what_is_wrong(world):
    response = client_for(world.reviewer_a).post(LETTERS, {})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_reviewers_of_the_officer_and_admins_send_invitations(
    world, role, django_capture_on_commit_callbacks
):
    url = reverse("portal:officer_invite", args=[world.a4.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(person(world, role)).post(url)
    expect_refused(response, role)
    assert mail.outbox == []


def test_sending_the_invitation_again(world, django_capture_on_commit_callbacks):
    url = reverse("portal:officer_invite", args=[world.a2.pk])
    old = ActivationCode.objects.live().get(user=world.a2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.reviewer_u).post(url, follow=True)
    assert "An invitation was sent to" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[world.a2.email]]
    old.refresh_from_db()
    assert old.cancelled_at is not None
    new = ActivationCode.objects.live().get(user=world.a2)
    assert new.channel == "email" and new.created_by == world.reviewer_u


def test_no_invitation_for_an_officer_without_an_address_or_already_active(
    world, django_capture_on_commit_callbacks
):
    world.a4.email = ""
    world.a4.save(update_fields=["email"])
    client = client_for(world.reviewer_u)
    for officer in (world.a4, world.a2):
        if officer is world.a2:
            officer.set_password("Already-active-2026!")
            officer.save(update_fields=["password"])
        url = reverse("portal:officer_invite", args=[officer.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, follow=True)
        assert "No invitation was sent" in response.content.decode()
    assert mail.outbox == []
