"""Changing one's e-mail address: the password, then a link to the new address."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from accounts import email_change
from accounts.models import User
from audit.models import AuditEvent
from tests import factories
from tests.concurrency import run_many
from tests.courses.conftest import requires_postgresql

pytestmark = pytest.mark.django_db

CHANGE_URL = reverse("accounts:email_change")
NEW = "sok.dara@mail.gov.kh"
BASE = "https://learn.example.gov.kh"


def ask(client, new_email=NEW, password=factories.PASSWORD):
    return client.post(CHANGE_URL, {"new_email": new_email, "password": password})


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.fixture
def asked(client, officer, django_capture_on_commit_callbacks):
    """The officer asked for NEW; returns the link's path."""
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client)
    assert response.status_code == 302
    (message,) = mail.outbox
    mail.outbox.clear()
    return link_in(message)


def test_asking_needs_the_current_password(client, officer):
    client.force_login(officer)

    response = ask(client, password="not-my-password")

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password"]
    assert mail.outbox == []
    assert User.objects.get(pk=officer.pk).email == officer.email


def test_asking_for_the_current_address_is_refused(client, officer):
    client.force_login(officer)

    response = ask(client, new_email=officer.email.upper())

    assert list(response.context["form"].errors) == ["new_email"]
    assert mail.outbox == []


def test_a_link_goes_to_the_new_address_and_nothing_changes_yet(
    client, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)

    with override_settings(LMS_PUBLIC_BASE_URL=BASE):
        with django_capture_on_commit_callbacks(execute=True):
            response = ask(client, new_email="Sok.Dara@Mail.gov.kh")

    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    (message,) = mail.outbox
    assert message.to == [NEW]
    assert message.body.count(BASE + "/") == 1
    assert User.objects.get(pk=officer.pk).email == officer.email
    event = AuditEvent.objects.get(action="email.change_requested")
    assert (event.actor, event.details["new_email"]) == (officer, NEW)


def test_the_link_mail_is_in_the_officers_language(client, db):
    officer = factories.make_user("officer", preferred_language="km")
    client.force_login(officer)

    ask(client)

    (message,) = mail.outbox
    assert "អ៊ីមែល" in message.subject
    assert 'lang="km"' in message.alternatives[0][0]


def test_the_link_changes_the_address_once_and_tells_the_old_one(
    client, officer, asked, django_capture_on_commit_callbacks
):
    old = officer.email
    page = client.get(asked)
    assert page.status_code == 200
    assert NEW in page.content.decode()
    assert User.objects.get(pk=officer.pk).email == old  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(asked)

    assert response.status_code == 302
    assert User.objects.get(pk=officer.pk).email == NEW
    (notice,) = mail.outbox
    assert notice.to == [old]
    assert NEW in notice.body
    event = AuditEvent.objects.get(action="email.changed")
    assert event.details == {"old_email": old, "new_email": NEW}
    # Used: it does not work again.
    assert client.post(asked).status_code == 400
    assert client.get(asked).status_code == 400


def test_a_self_registered_officer_signs_in_with_the_new_address(
    client, db, django_capture_on_commit_callbacks
):
    officer = factories.make_user("officer", username="dara@example.org")
    User.objects.filter(pk=officer.pk).update(email="dara@example.org")
    client.force_login(officer)
    ask(client)
    link = link_in(mail.outbox[0])

    client.post(link)

    officer.refresh_from_db()
    assert (officer.username, officer.email) == (NEW, NEW)


def test_the_link_needs_the_signed_in_user_it_was_made_for(
    officer, asked, other_officer
):
    anonymous = Client().get(asked)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("accounts:login"))

    someone_else = Client()
    someone_else.force_login(other_officer)
    assert someone_else.get(asked).status_code == 400
    assert someone_else.post(asked).status_code == 400

    assert User.objects.get(pk=officer.pk).email == officer.email
    assert User.objects.get(pk=other_officer.pk).email == other_officer.email


@pytest.mark.parametrize("tamper", ["expired", "forged", "password changed"])
def test_a_stale_or_forged_link_changes_nothing(client, officer, asked, tamper):
    link = asked
    if tamper == "forged":
        link = asked.replace("/confirm/", "/confirm/x")
    if tamper == "password changed":
        officer.set_password("a-brand-new-passphrase-2026")
        officer.save()
        client.force_login(officer)
    with override_settings(
        LMS_EMAIL_CHANGE_TIMEOUT=-1 if tamper == "expired" else 3600
    ):
        response = client.post(link)

    assert response.status_code == 400
    assert "does not work" in response.content.decode()
    assert User.objects.get(pk=officer.pk).email == officer.email


def test_of_two_links_from_two_tabs_only_one_applies(client, officer, asked):
    ask(client, new_email="second@mail.gov.kh")
    second = link_in(mail.outbox[-1])

    assert client.post(second).status_code == 302
    assert client.post(asked).status_code == 400

    assert User.objects.get(pk=officer.pk).email == "second@mail.gov.kh"


def test_an_address_of_another_account_is_not_revealed_on_the_form(
    client, officer, other_officer
):
    client.force_login(officer)

    taken = client.post(
        CHANGE_URL,
        {"new_email": other_officer.email, "password": factories.PASSWORD},
        follow=True,
    )
    free = client.post(
        CHANGE_URL,
        {"new_email": "free@mail.gov.kh", "password": factories.PASSWORD},
        follow=True,
    )

    assert taken.redirect_chain == free.redirect_chain
    notice, link = mail.outbox
    # The holder of the address is told it cannot be used; no link.
    assert notice.to == [other_officer.email]
    assert "/confirm/" not in notice.body
    assert "already belongs to an account" in notice.body
    assert "/confirm/" in link.body
    assert User.objects.get(pk=officer.pk).email == officer.email


def test_an_address_taken_after_the_link_was_sent_fails_safely(client, officer, asked):
    factories.make_user("officer", username="someone")
    User.objects.filter(username="someone").update(email=NEW.upper())

    response = client.post(asked)

    assert response.status_code == 409
    assert User.objects.get(pk=officer.pk).email == officer.email
    assert User.objects.filter(email__iexact=NEW).count() == 1


@override_settings(LMS_EMAIL_CHANGE_RATE=2)
def test_requests_are_throttled_per_user(client, officer):
    client.force_login(officer)
    for n in range(2):
        assert ask(client, new_email=f"n{n}@mail.gov.kh").status_code == 302

    response = ask(client, new_email="n3@mail.gov.kh")

    assert response.status_code == 429
    assert response["Retry-After"]
    content = response.content.decode()
    assert "Too many tries" in content
    assert 'value="n3@mail.gov.kh"' in content
    assert factories.PASSWORD not in content
    assert len(mail.outbox) == 2


def test_the_confirmation_service_refuses_another_users_token(officer, other_officer):
    token = email_change.make_token(officer, NEW)

    with pytest.raises(email_change.InvalidLink):
        email_change.confirm(other_officer, token)


# Concurrency (PostgreSQL) -----------------------------------------------------


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_accounts_confirming_one_address_at_once_get_it_once():
    users = [factories.make_user("officer") for _ in range(8)]
    tokens = [email_change.make_token(user, NEW) for user in users]

    def confirm(index):
        user = User.objects.get(pk=users[index].pk)
        return email_change.confirm(user, tokens[index])

    outcomes = run_many(confirm, len(users))

    assert outcomes.count(NEW) == 1, outcomes
    assert all(
        isinstance(o, email_change.AddressTaken) for o in outcomes if o != NEW
    ), outcomes
    assert User.objects.filter(email__iexact=NEW).count() == 1


def test_staff_cannot_change_their_address_on_the_admins_account_page(client):
    """Wagtail's account page would change it on the spot, with no password."""
    trainer = factories.make_user("trainer")
    before = trainer.email
    client.force_login(trainer)

    page = client.get(reverse("wagtailadmin_account"))
    client.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": "New",
            "name_email-last_name": "Name",
            "name_email-email": "taken-over@example.org",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
        },
    )

    assert page.status_code == 200
    assert 'name="name_email-email"' not in page.content.decode()
    trainer.refresh_from_db()
    assert trainer.email == before
