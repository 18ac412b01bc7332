"""Revocation and reissue: audited, refused with a reason, safe when raced."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from certificates.issuing import issue_certificate
from certificates.models import Certificate, CertificateEvent, CertificatePdf
from certificates.revocation import reissue, revoke
from courses.enrolment import enrol
from tests import factories
from tests.courses.conftest import requires_postgresql, run_concurrently

pytestmark = pytest.mark.django_db


def issued(officer=None, course=None) -> Certificate:
    """A certificate issued for a completed enrolment (PDF not rendered)."""
    officer = officer or factories.make_user("officer")
    course = course or factories.make_course(modules=1, lessons=1)
    enrolment, _ = enrol(officer, course)
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    return issue_certificate(enrolment)


def actions(certificate) -> list[str]:
    return list(certificate.events.order_by("pk").values_list("action", flat=True))


def test_revoke_records_who_when_and_why():
    certificate = issued()
    admin = factories.make_user("admin")

    revoked = revoke(certificate, reason="  Issued by mistake  ", by=admin)

    stored = Certificate.objects.get(pk=certificate.pk)
    assert stored.revoked_at is not None
    assert stored.revoked_reason == "Issued by mistake"
    assert stored.revoked_by == admin
    assert stored.status() == Certificate.Status.REVOKED
    assert revoked.revoked_at == stored.revoked_at
    assert certificate.revoked_at == stored.revoked_at  # the caller's copy too
    event = stored.events.get(action=CertificateEvent.Action.REVOKED)
    assert event.actor == admin
    assert event.detail == {"reason": "Issued by mistake"}
    assert event.at == stored.revoked_at
    assert Certificate.objects.valid().filter(pk=certificate.pk).count() == 0


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_revoke_refuses_an_empty_reason_and_changes_nothing(reason):
    certificate = issued()

    with pytest.raises(ValidationError) as raised:
        revoke(certificate, reason=reason, by=factories.make_user("admin"))

    assert "reason" in raised.value.messages[0]
    stored = Certificate.objects.get(pk=certificate.pk)
    assert stored.revoked_at is None and stored.revoked_reason == ""
    assert actions(stored) == ["issued"]


def test_revoke_refuses_a_reason_too_long():
    certificate = issued()
    with pytest.raises(ValidationError) as raised:
        revoke(certificate, reason="x" * 1001, by=None)
    assert "too long" in raised.value.messages[0]
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None


def test_revoking_twice_is_refused_and_keeps_the_first_reason():
    certificate = issued()
    first_admin = factories.make_user("admin")
    revoke(certificate, reason="Fraudulent completion", by=first_admin)
    stale_copy = Certificate.objects.get(pk=certificate.pk)
    stale_copy.revoked_at = None  # an admin's page opened before the first revoke

    with pytest.raises(ValidationError) as raised:
        revoke(stale_copy, reason="Another reason", by=factories.make_user("admin"))

    assert "already revoked" in raised.value.messages[0]
    stored = Certificate.objects.get(pk=certificate.pk)
    assert stored.revoked_reason == "Fraudulent completion"
    assert stored.revoked_by == first_admin
    assert actions(stored).count("revoked") == 1


def test_a_revocation_shows_on_the_verification_page_at_once(client):
    certificate = issued()
    url = reverse("certificates:verify_json", args=[certificate.code])
    assert client.get(url).json()["status"] == "valid"

    revoke(certificate, reason="Identity fraud", by=factories.make_user("admin"))

    assert client.get(url).json()["status"] == "revoked"
    page = client.get(certificate.get_verification_path()).content.decode()
    assert "This certificate has been revoked" in page
    assert "Identity fraud" not in page  # the reason is for the audit trail only


def test_reissue_is_audited_and_queues_a_render_after_commit(
    django_capture_on_commit_callbacks,
):
    certificate = issued()
    admin = factories.make_user("admin")

    with django_capture_on_commit_callbacks() as callbacks:
        reissue(certificate, by=admin)

    event = certificate.events.get(action=CertificateEvent.Action.REISSUED)
    assert event.actor == admin
    assert len(callbacks) == 1  # nothing is rendered before the commit


def test_reissue_renders_a_new_pdf_and_keeps_the_old_hash(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issued()
    certificate.refresh_from_db()
    assert certificate.render_state == Certificate.RenderState.READY, (
        certificate.render_error
    )
    first_hash = certificate.pdf_sha256

    with django_capture_on_commit_callbacks(execute=True):
        reissue(certificate, by=factories.make_user("admin"))

    certificate.refresh_from_db()
    history = list(certificate.pdf_history.order_by("rendered_at", "pk"))
    assert [pdf.reason for pdf in history] == [
        CertificatePdf.Reason.ISSUE,
        CertificatePdf.Reason.REISSUE,
    ]
    assert history[0].sha256 == first_hash
    assert history[0].superseded_at is not None
    assert history[1].superseded_at is None
    assert certificate.pdf_sha256 == history[1].sha256
    # A new signature (with a new signing time) makes a new file.
    assert certificate.pdf_sha256 != first_hash
    assert actions(certificate)[-2:] == ["reissued", "rendered"]


def test_a_revoked_certificate_is_not_reissued(django_capture_on_commit_callbacks):
    certificate = issued()
    revoke(certificate, reason="Mistake", by=None)

    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(ValidationError) as raised:
            reissue(certificate, by=factories.make_user("admin"))

    assert "revoked" in raised.value.messages[0]
    assert callbacks == []
    assert "reissued" not in actions(certificate)


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_admins_revoking_at_once_give_one_revocation():
    certificate = issued()
    admins = [factories.make_user("admin") for _ in range(2)]

    def attempt(admin, reason):
        def run():
            try:
                revoke(
                    Certificate.objects.get(pk=certificate.pk), reason=reason, by=admin
                )
                return "revoked"
            except ValidationError as error:
                return error.messages[0]

        return run

    results = run_concurrently(
        attempt(admins[0], "First reason"), attempt(admins[1], "Second reason")
    )

    assert results.count("revoked") == 1
    assert any("already revoked" in result for result in results)
    stored = Certificate.objects.get(pk=certificate.pk)
    assert stored.events.filter(action="revoked").count() == 1
    winner = results.index("revoked")
    assert stored.revoked_by == admins[winner]
    assert connection.vendor == "postgresql"
