"""Self-registration: the switch, the form, the inactive account, the emails,
and the reviewer's decision (once, by someone in scope)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.shortcuts import resolve_url
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from accounts import registration
from accounts.models import (
    Organisation,
    RegistrationRequest,
    RegistrationSettings,
    User,
)
from audit.models import AuditEvent
from tests import factories
from tests.concurrency import run_many
from tests.courses.conftest import requires_postgresql

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("accounts:register")
BASE = "https://learn.example.gov.kh"
PASSWORD = "Border-Checkpoint-2026"


@pytest.fixture
def registration_on(catalog):
    """The default site allows self-registration (it is off by default)."""
    site_settings = RegistrationSettings.for_site(catalog.get_site())
    site_settings.allow_self_registration = True
    site_settings.save()
    return site_settings


@pytest.fixture
def units(db):
    ministry = factories.make_organisation(name="Ministry of Interior")
    department = factories.make_organisation(name="Immigration Department")
    department.parent = ministry
    department.name_km = "នាយកដ្ឋានអន្តោប្រវេសន៍"
    department.save()
    department.kind = "department"
    department.save()
    ministry.kind = "ministry"
    ministry.save()
    unit = Organisation.objects.create(
        code="GDI-POIPET-TEST",
        name="Poipet Checkpoint Unit",
        name_km="អង្គភាពច្រកប៉ោយប៉ែត",
        kind="unit",
        parent=department,
    )
    other = factories.make_organisation(name="Customs Department")
    return {
        "ministry": ministry,
        "department": department,
        "unit": unit,
        "other": other,
    }


@pytest.fixture
def reviewers(units):
    return {
        "ministry": factories.make_user("reviewer", organisation=units["ministry"]),
        "department": factories.make_user(
            "reviewer", organisation=units["department"], preferred_language="km"
        ),
        "other": factories.make_user("reviewer", organisation=units["other"]),
    }


def form_data(unit, **overrides):
    data = {
        "full_name": "Sok Dara",
        "full_name_km": "សុខ ដារា",
        "email": "Dara.Sok@Example.org",
        "staff_id": "GDI-00123",
        "organisation": unit.pk,
        "rank": "Captain",
        "position": "Checkpoint officer",
        "province": "01",
        "preferred_language": "km",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def submitted(unit, **overrides):
    fields = {
        "email": "dara@example.org",
        "password": PASSWORD,
        "organisation": unit,
        "full_name": "Sok Dara",
        "full_name_km": "សុខ ដារា",
        "staff_id": "GDI-00123",
        "preferred_language": "km",
    }
    fields.update(overrides)
    return registration.submit(**fields)


# The switch -------------------------------------------------------------------


def test_the_page_is_not_there_while_registration_is_off(client, catalog, units):
    assert (
        RegistrationSettings.for_site(catalog.get_site()).allow_self_registration
        is False
    )

    assert client.get(REGISTER_URL).status_code == 404
    assert client.post(REGISTER_URL, form_data(units["unit"])).status_code == 404
    assert client.get(reverse("accounts:register_done")).status_code == 404
    assert not User.objects.filter(email="dara.sok@example.org").exists()


def test_the_page_is_not_there_without_a_site(client, db):
    from wagtail.models import Site

    Site.objects.all().delete()

    assert client.get(REGISTER_URL).status_code == 404


def test_the_form_offers_units_grouped_under_their_parent(
    client, registration_on, units
):
    response = client.get(REGISTER_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<optgroup label="Ministry of Interior › Immigration Department">' in content
    assert "Poipet Checkpoint Unit" in content
    assert 'autocomplete="new-password"' in content


def test_a_signed_in_user_is_sent_to_their_dashboard(client, registration_on, officer):
    client.force_login(officer)

    response = client.get(REGISTER_URL)

    assert response.status_code == 302
    assert response.url == resolve_url(settings.LOGIN_REDIRECT_URL)


# Submitting -------------------------------------------------------------------


@override_settings(LMS_PUBLIC_BASE_URL=BASE)
def test_a_request_makes_an_inactive_account_and_tells_the_reviewers(
    client, registration_on, units, reviewers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER_URL, form_data(units["unit"]))

    assert response.status_code == 302
    assert response.url == reverse("accounts:register_done")
    user = User.objects.get(email="dara.sok@example.org")
    assert user.username == "dara.sok@example.org"
    assert user.is_active is False
    assert user.check_password(PASSWORD)
    assert (user.full_name_km, user.staff_id, user.organisation) == (
        "សុខ ដារា",
        "GDI-00123",
        units["unit"],
    )
    assert (user.rank, user.position, user.preferred_language) == (
        "Captain",
        "Checkpoint officer",
        "km",
    )
    assert user.registration.status == RegistrationRequest.Status.PENDING
    assert user.registration.organisation == units["unit"]

    by_recipient = {m.to[0]: m for m in mail.outbox}
    # The department's reviewer and the ministry's above it; not the other one.
    assert set(by_recipient) == {
        reviewers["department"].email,
        reviewers["ministry"].email,
    }
    portal = BASE + reverse("portal:registrations")
    for message in by_recipient.values():
        assert portal in message.body
    in_khmer = by_recipient[reviewers["department"].email]
    assert "អង្គភាពច្រកប៉ោយប៉ែត" in in_khmer.body  # the unit's Khmer name
    assert "សុខ ដារា" in in_khmer.subject
    assert 'lang="km"' in in_khmer.alternatives[0][0]
    in_english = by_recipient[reviewers["ministry"].email]
    assert "Poipet Checkpoint Unit" in in_english.body
    assert "Sok Dara" in in_english.subject


def test_without_reviewers_the_admins_are_told(
    registration_on, units, django_capture_on_commit_callbacks
):
    admin = factories.make_user("admin")

    with django_capture_on_commit_callbacks(execute=True):
        submitted(units["other"])

    assert [m.to for m in mail.outbox] == [[admin.email]]


def test_a_pending_officer_cannot_sign_in(client, registration_on, units):
    submitted(units["unit"])

    # Through a request, as every sign-in is (django-axes counts them).
    request = RequestFactory().post(reverse("accounts:login"))
    assert (
        client.login(request=request, username="dara@example.org", password=PASSWORD)
        is False
    )
    response = client.post(
        reverse("accounts:login"),
        {"username": "dara@example.org", "password": PASSWORD},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "waiting for a reviewer" in response.content.decode()


def test_the_sign_in_page_links_to_registration_only_while_it_is_open(
    client, catalog, units
):
    register_url = reverse("accounts:register")
    assert register_url not in client.get(reverse("accounts:login")).content.decode()
    site_settings = RegistrationSettings.for_site(catalog.get_site())
    site_settings.allow_self_registration = True
    site_settings.save()
    assert register_url in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"full_name_km": "Sok Dara"}, "full_name_km", "Khmer script"),
        ({"password2": "something-else-2026"}, "password2", "differ"),
        ({"password1": "password", "password2": "password"}, "password1", "common"),
        (
            {"password1": "dara.sok@example", "password2": "dara.sok@example"},
            "password1",
            "similar",
        ),
        ({"organisation": "999999"}, "organisation", "Choose your unit from the list"),
        ({"organisation": "x"}, "organisation", "Choose your unit from the list"),
        ({"organisation": ""}, "organisation", "required"),
        ({"email": "not-an-address"}, "email", "valid email"),
        ({"full_name": ""}, "full_name", "required"),
        ({"preferred_language": "fr"}, "preferred_language", "valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, registration_on, units, overrides, field, message
):
    response = client.post(REGISTER_URL, form_data(units["unit"], **overrides))

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert "There is a problem" in response.content.decode()
    assert not User.objects.exclude(is_superuser=True).exists()
    assert not RegistrationRequest.objects.exists()


def register_existing(client, units, capture, **overrides):
    with capture(execute=True):
        return client.post(REGISTER_URL, form_data(units["unit"], **overrides))


@pytest.mark.parametrize("which", ["email", "email in capitals", "staff ID"])
def test_an_address_or_staff_id_in_use_answers_as_for_a_new_one_and_tells_the_owner(
    client, registration_on, units, django_capture_on_commit_callbacks, which
):
    """The review's case: the form told anyone which accounts exist."""
    owner = factories.make_user(
        "officer",
        username="dara.sok" if which != "staff ID" else "keo",
        staff_id="GDI-00123" if which == "staff ID" else None,
        preferred_language="km",
    )
    email = {
        "email": "dara.sok@example.org",
        "email in capitals": "DARA.SOK@example.ORG",
        "staff ID": "someone.new@example.org",
    }[which]

    existing = register_existing(
        client, units, django_capture_on_commit_callbacks, email=email
    )
    (told,) = mail.outbox
    mail.outbox.clear()
    new = register_existing(
        Client(),
        units,
        django_capture_on_commit_callbacks,
        email="brand.new@example.org",
        staff_id="GDI-99999",
    )

    assert existing.status_code == new.status_code == 302
    assert existing.url == new.url == reverse("accounts:register_done")
    # Nothing made for the existing address: one request, the new one.
    assert User.objects.filter(email__iexact=email).count() == (
        1 if which != "staff ID" else 0
    )
    assert RegistrationRequest.objects.get().user.email == "brand.new@example.org"
    # The owner is told, in their language, with a way back in.
    assert told.to == [owner.email]
    assert reverse("accounts:password_reset") in told.body
    assert 'lang="km"' in told.alternatives[0][0]
    event = AuditEvent.objects.get(action="registration.refused_existing")
    assert event.target_id == str(owner.pk)


def test_the_sent_page_is_the_same_for_an_existing_address(
    client, registration_on, units
):
    factories.make_user("officer", username="dara.sok")

    response = client.post(REGISTER_URL, form_data(units["unit"]), follow=True)

    assert response.status_code == 200
    assert response.templates[0].name == "accounts/register_done.html"
    assert "already exists" not in response.content.decode()


def test_a_double_submit_makes_one_account(
    registration_on, units, django_capture_on_commit_callbacks
):
    first = submitted(units["unit"])

    with django_capture_on_commit_callbacks(execute=True):
        assert submitted(units["unit"]) is None

    assert User.objects.filter(email="dara@example.org").get() == first.user
    assert RegistrationRequest.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["dara@example.org"]]


def test_an_empty_staff_id_is_stored_as_null(registration_on, units):
    one = submitted(units["unit"], staff_id="  ")
    two = submitted(units["unit"], email="vanna@example.org", staff_id="")

    assert one.user.staff_id is None and two.user.staff_id is None


# Deciding ---------------------------------------------------------------------


@override_settings(LMS_PUBLIC_BASE_URL=BASE)
def test_approval_activates_the_account_and_tells_the_officer_in_khmer(
    client, registration_on, units, reviewers, django_capture_on_commit_callbacks
):
    pending = submitted(units["unit"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert registration.approve(pending, reviewers["department"]) is True

    pending.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.APPROVED
    assert pending.decided_by == reviewers["department"]
    assert pending.decided_at is not None
    assert User.objects.get(pk=pending.user_id).is_active is True
    request = RequestFactory().post(reverse("accounts:login"))
    assert (
        client.login(request=request, username="dara@example.org", password=PASSWORD)
        is True
    )
    (message,) = mail.outbox
    assert message.to == ["dara@example.org"]
    assert "សុខ ដារា" in message.body  # greeted in Khmer script
    assert BASE + reverse("accounts:login") in message.body
    assert 'lang="km"' in message.alternatives[0][0]
    event = AuditEvent.objects.get(action="registration.approved")
    assert event.actor == reviewers["department"]
    assert event.organisation == units["unit"]
    assert event.target_id == str(pending.user_id)


def test_rejection_keeps_the_account_inactive_and_gives_the_reason(
    registration_on, units, reviewers, django_capture_on_commit_callbacks
):
    pending = submitted(units["unit"], preferred_language="en")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert registration.reject(
            pending, reviewers["ministry"], "Not a member of this unit."
        )

    pending.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.REJECTED
    assert pending.reason == "Not a member of this unit."
    assert User.objects.get(pk=pending.user_id).is_active is False
    (message,) = mail.outbox
    assert "Not a member of this unit." in message.body
    assert "not approved" in message.subject
    event = AuditEvent.objects.get(action="registration.rejected")
    assert event.details["reason"] == "Not a member of this unit."


def test_deciding_twice_decides_once(registration_on, units, reviewers):
    pending = submitted(units["unit"])

    assert registration.approve(pending, reviewers["department"]) is True
    assert registration.approve(pending, reviewers["ministry"]) is False
    assert registration.reject(pending, reviewers["ministry"], "Late") is False

    pending.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.APPROVED
    assert pending.decided_by == reviewers["department"]
    assert AuditEvent.objects.filter(action__startswith="registration.").count() == 1


@pytest.mark.parametrize("who", ["other reviewer", "officer", "trainer", "nobody"])
def test_only_a_reviewer_in_scope_or_an_admin_decides(
    registration_on, units, reviewers, who
):
    pending = submitted(units["unit"])
    deciders = {
        "other reviewer": reviewers["other"],
        "officer": factories.make_user("officer", organisation=units["department"]),
        "trainer": factories.make_user("trainer"),
        "nobody": None,
    }

    with pytest.raises(PermissionDenied):
        registration.approve(pending, deciders[who])

    pending.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.PENDING
    assert User.objects.get(pk=pending.user_id).is_active is False


def test_an_admin_decides_any_request(registration_on, units):
    pending = submitted(units["other"])

    assert registration.approve(pending, factories.make_user("admin")) is True


# Concurrency (PostgreSQL) -----------------------------------------------------


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_submits_at_once_make_one_account(registration_on, units):
    def submit(_index):
        made = submitted(units["unit"])
        return made.pk if made is not None else None

    outcomes = run_many(submit, 20)

    made = [o for o in outcomes if isinstance(o, int)]
    assert len(made) == 1
    assert outcomes.count(None) == 19, outcomes
    assert User.objects.filter(email="dara@example.org").count() == 1
    assert RegistrationRequest.objects.count() == 1


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_at_once_decide_once(registration_on, units, reviewers):
    pending = submitted(units["unit"])
    deciders = [reviewers["department"], reviewers["ministry"]]

    def decide(index):
        fresh = RegistrationRequest.objects.get(pk=pending.pk)
        if index % 2:
            return registration.reject(fresh, deciders[1], "No")
        return registration.approve(fresh, deciders[0])

    outcomes = run_many(decide, 20)

    assert outcomes.count(True) == 1
    assert outcomes.count(False) == 19
    assert AuditEvent.objects.filter(action__startswith="registration.").count() == 1
    pending.refresh_from_db()
    user = User.objects.get(pk=pending.user_id)
    assert user.is_active is (pending.status == RegistrationRequest.Status.APPROVED)


# Signing in while pending (the form the login view can use) -------------------


@pytest.mark.parametrize(
    ("password", "pending_message"),
    [(PASSWORD, True), ("wrong-password-2026", False)],
)
def test_only_the_right_password_learns_the_account_is_pending(
    rf, registration_on, units, password, pending_message
):
    from accounts.registration_views import PendingAwareAuthenticationForm

    submitted(units["unit"])
    form = PendingAwareAuthenticationForm(
        rf.post("/"), data={"username": "dara@example.org", "password": password}
    )

    assert form.is_valid() is False
    text = " ".join(form.non_field_errors())
    assert ("waiting for a reviewer" in text) is pending_message
    assert ("correct username and password" in text) is not pending_message


def test_an_approved_officer_signs_in_with_the_form(rf, registration_on, units):
    from accounts.registration_views import PendingAwareAuthenticationForm

    pending = submitted(units["unit"])
    registration.approve(pending, factories.make_user("admin"))
    form = PendingAwareAuthenticationForm(
        rf.post("/"), data={"username": "dara@example.org", "password": PASSWORD}
    )

    assert form.is_valid() is True
    assert form.get_user() == pending.user
