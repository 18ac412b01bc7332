"""The officer's own profile: names in both scripts, preferred language."""

import pytest
from django.urls import reverse

from accounts.forms import ProfileForm
from accounts.models import User
from tests import factories

PROFILE_URL = reverse("accounts:profile")


def profile_data(**overrides):
    data = {
        "full_name": "Sok Dara",
        "full_name_km": "សុខ តារា",
        "preferred_language": "km",
    }
    data.update(overrides)
    return data


def test_profile_needs_sign_in(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={PROFILE_URL}"


def test_profile_shows_only_the_signed_in_officer(client, officer, other_officer):
    client.force_login(officer)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert response.context["form"].instance.pk == officer.pk
    content = response.content.decode()
    assert officer.full_name in content
    assert other_officer.full_name not in content


def test_saving_changes_only_the_own_profile(client, officer, other_officer):
    client.force_login(officer)

    response = client.post(PROFILE_URL, profile_data())

    assert response.status_code == 302
    assert response.url == PROFILE_URL
    assert response.cookies["lms_language"].value == "km"
    officer.refresh_from_db()
    assert (officer.full_name, officer.full_name_km, officer.preferred_language) == (
        "Sok Dara",
        "សុខ តារា",
        "km",
    )
    untouched = User.objects.get(pk=other_officer.pk)
    assert untouched.full_name == other_officer.full_name
    assert untouched.preferred_language == "en"


def test_a_user_id_in_the_post_cannot_reach_another_profile(
    client, officer, other_officer
):
    client.force_login(officer)

    client.post(
        PROFILE_URL,
        profile_data(
            id=other_officer.pk, pk=other_officer.pk, username=other_officer.username
        ),
    )

    assert User.objects.get(pk=other_officer.pk).full_name == other_officer.full_name
    officer.refresh_from_db()
    assert officer.username != other_officer.username


@pytest.mark.parametrize("value", ["Sok Dara", "123", "សុខ", " ", ""])
def test_khmer_name_must_be_in_khmer_script(officer, value):
    form = ProfileForm(profile_data(full_name_km=value), instance=officer)

    has_khmer = any("\u1780" <= ch <= "\u17ff" for ch in value)
    if value.strip() and not has_khmer:
        assert not form.is_valid()
        assert form.errors["full_name_km"] == [
            "Write this name in Khmer script, or leave it empty."
        ]
        assert list(form.errors) == ["full_name_km"]
    else:
        assert form.is_valid(), form.errors


def test_refused_profile_saves_nothing(client, officer):
    client.force_login(officer)
    before = User.objects.get(pk=officer.pk)

    response = client.post(PROFILE_URL, profile_data(full_name_km="Sok Dara"))

    assert response.status_code == 200
    assert "lms_language" not in response.cookies
    form = response.context["form"]
    assert form.errors["full_name_km"] == [
        "Write this name in Khmer script, or leave it empty."
    ]
    assert "Write this name in Khmer script" in response.content.decode()
    after = User.objects.get(pk=officer.pk)
    for field in ("full_name", "full_name_km", "email", "preferred_language"):
        assert getattr(after, field) == getattr(before, field), field


def test_the_profile_form_does_not_change_the_email_address(client, officer):
    """The review's case: an e-mail change without password or confirmation."""
    client.force_login(officer)
    before = officer.email

    response = client.post(
        PROFILE_URL, profile_data(email="new.colleague@example.gov.kh")
    )

    assert response.status_code == 302
    assert User.objects.get(pk=officer.pk).email == before
    assert "email" not in ProfileForm.base_fields


def test_staff_id_and_unit_are_shown_but_not_editable(client, officer):
    other_unit = factories.make_organisation(name="Customs Department")
    User.objects.filter(pk=officer.pk).update(staff_id="GDI-7")
    client.force_login(officer)

    page = client.get(PROFILE_URL).content.decode()
    client.post(
        PROFILE_URL,
        profile_data(staff_id="GDI-9", organisation=other_unit.pk, rank="General"),
    )

    assert "GDI-7" in page
    assert 'name="staff_id"' not in page and 'name="organisation"' not in page
    after = User.objects.get(pk=officer.pk)
    assert (after.staff_id, after.organisation_id, after.rank) == (
        "GDI-7",
        officer.organisation_id,
        officer.rank,
    )
    assert reverse("accounts:email_change") in page


def test_display_name_follows_the_language(db):
    from django.utils import translation

    user = factories.make_user("officer", full_name="Sok Dara", full_name_km="សុខ តារា")
    with translation.override("km"):
        assert user.display_name == "សុខ តារា"
    with translation.override("en"):
        assert user.display_name == "Sok Dara"


def test_the_khmer_name_message_is_translated(officer):
    from django.utils import translation

    with translation.override("km"):
        form = ProfileForm(profile_data(full_name_km="Sok Dara"), instance=officer)
        assert form.errors["full_name_km"] == ["សូមសរសេរឈ្មោះនេះជាអក្សរខ្មែរ ឬទុកទទេ។"]
