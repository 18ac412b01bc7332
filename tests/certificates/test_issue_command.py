"""``manage.py issue_certificates``: bulk issue and reissue through the queue."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from certificates.issuing import issue_certificate
from certificates.models import Certificate, CertificatePdf
from certificates.revocation import revoke
from courses.enrolment import enrol
from tests import factories

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def completed(course, officer=None):
    enrolment, _ = enrol(officer or factories.make_user("officer"), course)
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    return enrolment


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("issue_certificates", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_an_unknown_slug_is_refused_with_close_matches():
    course = factories.make_course(modules=1, lessons=1)
    factories.make_course(modules=1, lessons=1)

    with pytest.raises(CommandError) as raised:
        run("--course", course.slug + "x")

    message = str(raised.value)
    assert f"No course with the slug '{course.slug}x'" in message
    assert f"Did you mean: {course.slug}" in message


@pytest.mark.django_db
def test_issues_the_missing_certificates_and_queues_their_pdfs(
    django_capture_on_commit_callbacks,
):
    course = factories.make_course(modules=1, lessons=1)
    done = [completed(course) for _ in range(3)]
    already = issue_certificate(completed(course))
    enrol(factories.make_user("officer"), course)  # not completed
    other_course = factories.make_course(modules=1, lessons=1)
    completed(other_course)

    with django_capture_on_commit_callbacks() as callbacks:
        out, _ = run("--course", course.slug, "--no-wait")

    assert "issued 3 new certificate(s); 1 already issued" in out
    assert "3 PDF(s) queued" in out
    issued = Certificate.objects.filter(course=course)
    assert issued.count() == 4
    assert {c.user_id for c in issued} == {e.user_id for e in done} | {already.user_id}
    assert not Certificate.objects.filter(course=other_course).exists()
    assert len(callbacks) == 3  # render and email, queued after each commit

    # Run again: nothing left to issue.
    out, _ = run("--course", course.slug, "--no-wait")
    assert "issued 0 new certificate(s); 4 already issued" in out
    assert "Nothing to render." in out


@pytest.mark.django_db
def test_the_course_can_be_named_by_page_id():
    course = factories.make_course(modules=1, lessons=1)
    completed(course)
    with override_settings(TASKS=DUMMY_TASKS):
        out, _ = run("--course", str(course.pk), "--no-wait")
    assert "issued 1 new certificate(s)" in out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_waits_until_every_pdf_is_rendered():
    course = factories.make_course(modules=1, lessons=1)
    for _ in range(3):
        completed(course)

    out, err = run("--course", course.slug, "--poll", "0.05")

    assert "Rendered 3/3, failed 0" in out
    assert "All 3 PDF(s) are ready." in out
    assert err == ""
    assert set(
        Certificate.objects.filter(course=course).values_list("render_state", flat=True)
    ) == {"ready"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reissue_renders_every_certificate_again_except_revoked_ones():
    course = factories.make_course(modules=1, lessons=1)
    certificates = [issue_certificate(completed(course)) for _ in range(3)]
    revoke(certificates[0], reason="Mistake", by=None)
    first_hashes = {
        c.pk: c.pdf_sha256
        for c in Certificate.objects.filter(pk__in=[c.pk for c in certificates])
    }
    assert all(first_hashes.values())

    out, _ = run("--course", course.slug, "--reissue", "--poll", "0.05")

    assert "Queued 2 PDF(s) to render again." in out
    assert "All 2 PDF(s) are ready." in out
    for certificate in certificates[1:]:
        certificate.refresh_from_db()
        reasons = list(
            certificate.pdf_history.order_by("rendered_at", "pk").values_list(
                "reason", flat=True
            )
        )
        assert reasons == [CertificatePdf.Reason.ISSUE, CertificatePdf.Reason.REISSUE]
        assert certificate.pdf_sha256 != first_hashes[certificate.pk]
        assert certificate.pdf_history.filter(sha256=first_hashes[certificate.pk])
        assert certificate.events.filter(action="reissued").count() == 1
    revoked = certificates[0]
    assert revoked.pdf_history.count() == 1
    assert not revoked.events.filter(action="reissued").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DUMMY_TASKS)
def test_waiting_without_a_worker_times_out_with_a_clear_message():
    course = factories.make_course(modules=1, lessons=1)
    completed(course)

    with pytest.raises(CommandError) as raised:
        run("--course", course.slug, "--timeout", "0.2", "--poll", "0.05")

    assert "1 PDF(s) still not rendered" in str(raised.value)
    assert "task worker" in str(raised.value)
    # The certificate is issued; its render stays queued for a worker.
    assert Certificate.objects.get(course=course).render_state == "pending"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_render_is_reported_with_its_reason():
    course = factories.make_course(modules=1, lessons=1)
    # A bidirectional override could disguise a name: the renderer refuses it.
    completed(course, factories.make_user("officer", full_name="Sok \u202eDara"))

    with pytest.raises(CommandError) as raised:
        run("--course", course.slug, "--poll", "0.05")

    assert "1 PDF(s) could not be rendered" in str(raised.value)
    certificate = Certificate.objects.get(course=course)
    assert certificate.render_state == "failed"
    assert "U+202E" in certificate.render_error
