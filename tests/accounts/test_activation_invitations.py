"""Invitation e-mails: after an import, an admin's new officer, a forgotten password.

Also the PostgreSQL races: one code used from two devices at once, and two
reviewers re-issuing at once, each end with one outcome.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.activation import issuing, redeeming
from accounts.importing import apply_import
from accounts.models import ActivationCode, User
from accounts.scope import Scope
from audit.models import AuditEvent
from tests import factories
from tests.accounts.activation_helpers import (
    NEW_PASSWORD,
    letter_for,
    link_path,
    links_in,
    never_activated,
)
from tests.accounts.import_files import HEADER, csv_bytes, make_world
from tests.concurrency import run_many
from tests.courses.conftest import requires_postgresql

ADMIN = Scope(is_admin=True)
REFUSED = redeeming.Refused
ROWS = [
    ["3001", "dara@example.gov.kh", "Sok Dara", "សុខ ដារា", "A1", "Major"],
    ["3002", "", "Keo Sophal", "កែវ សុផល", "A2", ""],
    ["3003", "lim@example.gov.kh", "Lim Vichea", "", "A2", "Lieutenant"],
]


def invitations():
    return [m for m in mail.outbox if "activate/" in m.body]


@pytest.mark.django_db
def test_an_import_invites_the_new_officers_who_have_an_address(
    django_capture_on_commit_callbacks,
):
    world = make_world()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = apply_import(
            csv_bytes([HEADER, *ROWS]), scope=ADMIN, name="t.csv", actor=world.admin
        )
    assert result.applied and len(result.created_ids) == 3
    assert sorted(result.summary()["created_ids"]) == sorted(result.created_ids)
    sent = invitations()
    assert sorted(m.to[0] for m in sent) == [
        "dara@example.gov.kh",
        "lim@example.gov.kh",
    ]
    dara = User.objects.get(staff_id="3001")
    message = next(m for m in sent if m.to == ["dara@example.gov.kh"])
    # In the officer's language (an import makes new officers Khmer readers).
    assert "គណនី" in message.subject
    assert dara.get_username() in message.body
    events = AuditEvent.objects.filter(action="activation.invitation_sent")
    assert {e.target_id for e in events} == {
        str(dara.pk),
        str(User.objects.get(staff_id="3003").pk),
    }
    assert {e.actor_id for e in events} == {world.admin.pk}
    # Importing the same file again creates nobody and invites nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        apply_import(csv_bytes([HEADER, *ROWS]), scope=ADMIN, name="t.csv")
    assert invitations() == []


@pytest.mark.django_db
def test_the_invitation_link_activates_the_account(client):
    officer = never_activated(email="dara@example.gov.kh")
    assert issuing.send_invitation(officer)
    (link,) = links_in(mail.outbox[-1].body)
    response = client.get(link_path(link))
    assert response["Location"] == reverse("accounts:activate_password")
    client.post(
        reverse("accounts:activate_password"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_a_new_invitation_cancels_the_previous_link(client):
    officer = never_activated(email="dara@example.gov.kh")
    issuing.send_invitation(officer)
    (first,) = links_in(mail.outbox[-1].body)
    issuing.send_invitation(officer)
    response = client.get(link_path(first))
    assert response.status_code == 400
    assert "replaced by a newer one" in response.content.decode()
    assert AuditEvent.objects.filter(action="activation.code_cancelled").count() == 1


@pytest.mark.django_db
def test_a_mail_server_that_fails_leaves_no_code_behind(settings):
    settings.EMAIL_BACKEND = "tests.accounts.test_activation_invitations.Refusing"
    officer = never_activated(email="dara@example.gov.kh")
    assert issuing.send_invitations.call([officer.pk]) == 0
    assert not ActivationCode.objects.filter(user=officer).exists()
    assert not AuditEvent.objects.filter(action="activation.invitation_sent").exists()


class Refusing:
    """A mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@pytest.mark.django_db
def test_activated_officers_and_those_without_an_address_get_no_invitation():
    active = factories.make_user("officer")
    no_address = never_activated()
    assert not issuing.send_invitation(active)
    assert not issuing.send_invitation(no_address)
    assert mail.outbox == []


@pytest.mark.django_db
def test_forgot_password_sends_a_never_activated_officer_the_invitation(
    client, django_capture_on_commit_callbacks
):
    officer = never_activated(email="dara@example.gov.kh")
    reset = reverse("accounts:password_reset")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reset, {"email": "DARA@example.gov.kh"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in invitations()] == [["dara@example.gov.kh"]]
    assert ActivationCode.objects.pending().filter(user=officer).count() == 1
    # The page answers the same for an unknown address, and mails nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        other = client.post(reset, {"email": "nobody@example.gov.kh"})
    assert other["Location"] == response["Location"]
    assert mail.outbox == []


@pytest.mark.django_db
def test_forgot_password_still_resets_an_activated_officer(
    client, django_capture_on_commit_callbacks
):
    officer = factories.make_user("officer")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": officer.email})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert invitations() == []


@pytest.mark.django_db
def test_an_admin_creating_an_officer_without_a_password_sends_the_invitation(
    client, django_capture_on_commit_callbacks
):
    admin = factories.make_user("admin")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_new_user(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    sokha = User.objects.get(username="sokha")
    assert not sokha.has_usable_password()
    assert [m.to for m in invitations()] == [["sokha@example.org"]]
    event = AuditEvent.objects.get(action="activation.invitation_sent")
    assert event.actor_id == admin.pk


def post_new_user(client):
    return client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "sokha",
            "email": "sokha@example.org",
            "first_name": "Sokha",
            "last_name": "Chan",
            "full_name": "Chan Sokha",
            "full_name_km": "ចាន់ សុខា",
            "preferred_language": "en",
            "staff_id": "",
            "rank": "",
            "position": "",
            "province": "",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_code_used_from_many_devices_at_once_sets_one_password():
    officer = never_activated()
    code_id = letter_for(officer).code.pk

    def use(index):
        return redeeming.redeem(code_id, f"Password-number-{index}-2026!").pk

    outcomes = run_many(use, 8)
    winners = [o for o in outcomes if o == officer.pk]
    refused = [o for o in outcomes if isinstance(o, REFUSED)]
    assert len(winners) == 1, outcomes
    assert len(refused) == 7
    assert {error.reason for error in refused} == {redeeming.USED}
    assert AuditEvent.objects.filter(action="activation.redeemed").count() == 1
    officer.refresh_from_db()
    assert officer.has_usable_password()


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reviewers_issuing_at_once_leave_one_live_code():
    officer = never_activated()
    outcomes = run_many(lambda _i: issuing.issue_letters([officer])[0].secret, 6)
    assert all(isinstance(o, str) for o in outcomes), outcomes
    assert ActivationCode.objects.live().filter(user=officer).count() == 1
    working = []
    for secret in outcomes:
        try:
            working.append(redeeming.find(secret))
        except redeeming.Refused:
            pass
    assert len(working) == 1
