"""Password reset by email, password change, signing out."""

import re

from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests import factories

NEW_PASSWORD = "a-new-and-long-passphrase-2026"


def test_password_reset_email_has_a_working_link(client, officer):
    response = client.post(reverse("accounts:password_reset"), {"email": officer.email})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [officer.email]
    assert "\n" not in message.subject
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    assert officer.username in message.body

    # The emailed link swaps its token for a session and redirects.
    response = client.get(link)
    assert response.status_code == 302
    set_password_url = response.url
    response = client.get(set_password_url)
    assert response.status_code == 200
    assert response.context["validlink"] is True

    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    assert User.objects.get(pk=officer.pk).check_password(NEW_PASSWORD)
    # A used link does not work twice.
    response = client.get(link, follow=True)
    assert response.context["validlink"] is False


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(
    client, db
):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_change(client, officer):
    client.force_login(officer)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    assert User.objects.get(pk=officer.pk).check_password(NEW_PASSWORD)
    # Still signed in after the change.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_password_change_with_a_wrong_old_password_is_refused(client, officer):
    client.force_login(officer)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    assert User.objects.get(pk=officer.pk).check_password(factories.PASSWORD)


def test_password_change_needs_sign_in(client):
    url = reverse("accounts:password_change")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_logout_is_post_only(officer_client):
    response = officer_client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert "_auth_user_id" in officer_client.session

    response = officer_client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in officer_client.session
    assert officer_client.get(reverse("courses:dashboard")).status_code == 302
