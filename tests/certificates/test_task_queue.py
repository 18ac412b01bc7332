"""The real task queue: issue enqueues into the database backend, and
``manage.py db_worker`` renders, signs and stores the PDF."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from certificates.issuing import issue_certificate
from certificates.models import Certificate
from courses.enrolment import enrol
from tests import factories
from tests.courses.study import complete_lesson

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = pytest.mark.django_db


# Committed for real: the worker reads the queue as another process would, and
# closes its database connection when it is done.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_issue_queues_work_that_the_db_worker_does():
    officer = factories.make_user(full_name="Chan Sophea", full_name_km="ចាន់ សោភា")
    course = factories.make_course(modules=1, lessons=1)
    enrolment, _ = enrol(officer, course)

    complete_lesson(enrolment, factories.lessons_of(course)[0])

    certificate = Certificate.objects.get(user=officer)
    assert certificate.render_state == Certificate.RenderState.PENDING
    ours = DBTaskResult.objects.filter(task_path__startswith="certificates.")
    queued = set(ours.values_list("task_path", flat=True))
    assert queued == {
        "certificates.tasks.render_certificate",
        "certificates.tasks.email_certificate",
    }

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    certificate.refresh_from_db()
    assert certificate.render_state == Certificate.RenderState.READY
    pdf = certificate.pdf.read()
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256
    assert certificate.pdf_history.get().sha256 == certificate.pdf_sha256
    assert set(ours.values_list("status", flat=True)) == {"SUCCESSFUL"}


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_second_render_of_an_unchanged_certificate_does_nothing(
    django_capture_on_commit_callbacks,
):
    from certificates.storing import store_pdf

    enrolment = _completed()
    certificate = issue_certificate(enrolment)
    first = store_pdf(certificate.pk, "issue")

    assert store_pdf(certificate.pk, "issue") == first
    assert certificate.pdf_history.count() == 1

    reissued = store_pdf(certificate.pk, "reissue")
    certificate.refresh_from_db()
    history = list(certificate.pdf_history.order_by("rendered_at"))
    assert [h.reason for h in history] == ["issue", "reissue"]
    assert history[0].superseded_at is not None and history[1].superseded_at is None
    assert certificate.pdf_sha256 == reissued == history[1].sha256


def _completed():
    officer = factories.make_user()
    course = factories.make_course(modules=1, lessons=1)
    enrolment, _ = enrol(officer, course)
    complete_lesson(enrolment, factories.lessons_of(course)[0])
    enrolment.refresh_from_db()
    return enrolment
