"""Issuing: exactly one certificate per officer and course edition.

``course_completed`` calls :func:`issue_certificate` inside the completion's
transaction. The unique constraint on (officer, course) settles races: a
second, concurrent issue for the same enrolment gets the first one's row.
Rendering the PDF and emailing the officer happen after commit, in the
background task queue (``certificates.tasks``).
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone

from certificates.models import Certificate, CertificateDesign, CertificateEvent
from courses.translations import title_in_language
from lms import signals

logger = logging.getLogger(__name__)


@receiver(signals.course_completed, dispatch_uid="certificates.issue_on_completion")
def issue_on_completion(sender, enrolment, **kwargs):
    issue_certificate(enrolment)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (31 Jan + 1 month = 28/29 Feb)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def design_for(course) -> CertificateDesign | None:
    """The course's chosen design, else the default one."""
    if course.certificate_design_id:
        return course.certificate_design
    return CertificateDesign.default()


def issue_certificate(
    enrolment, *, now: datetime.datetime | None = None
) -> Certificate:
    """The certificate of a completed ``enrolment``, issuing it if needed.

    Idempotent and safe under concurrency: every caller gets the same row.
    Names, titles, issuer and signatories are copied as they are now.
    """
    from certificates.hooks import course_score

    existing = Certificate.objects.filter(
        user_id=enrolment.user_id, course_id=enrolment.course_id
    ).first()
    if existing is not None:
        return existing

    now = now or timezone.now()
    course = enrolment.course.specific
    user = enrolment.user
    design = design_for(course)
    issued_on = timezone.localdate(now)
    months = course.certificate_valid_for_months
    certificate = Certificate(
        user=user,
        course=course,
        enrolment=enrolment,
        officer_name=user.get_full_name(),
        officer_name_km=user.full_name_km,
        course_title=course.title,
        course_title_km=title_in_language(course, "km"),
        edition=course.edition,
        completed_at=enrolment.completed_at or now,
        issued_at=now,
        issued_on=issued_on,
        score=course_score(enrolment),
        issuer_name=design.issuer_name if design else "",
        issuer_name_km=design.issuer_name_km if design else "",
        signatories=signatories_of(design),
        design=design,
        expires_on=add_months(issued_on, months) if months else None,
    )
    try:
        with transaction.atomic():
            certificate.save()
            CertificateEvent.objects.create(
                certificate=certificate,
                action=CertificateEvent.Action.ISSUED,
                at=now,
                detail={"course": course.pk, "edition": course.edition},
            )
            renew_earlier_certificates(certificate, course)
    except IntegrityError:
        # Another request issued it between our read and our insert.
        return Certificate.objects.get(
            user_id=enrolment.user_id, course_id=enrolment.course_id
        )

    transaction.on_commit(lambda: after_issue(certificate.pk))
    signals.certificate_issued.send(sender=Certificate, certificate=certificate)
    return certificate


def signatories_of(design: CertificateDesign | None) -> list[dict]:
    if design is None:
        return []
    return [
        {
            "name": signatory.name,
            "name_km": signatory.name_km,
            "title": signatory.title,
            "title_km": signatory.title_km,
            "signature_id": signatory.signature_id,
        }
        for signatory in design.signatories.all()
    ]


def renew_earlier_certificates(certificate: Certificate, course) -> None:
    """A renewal course re-certifies: mark the officer's earlier certificates
    of the course it renews as renewed, so they get no more expiry reminders."""
    if not course.renews_id:
        return
    earlier = Certificate.objects.filter(
        user_id=certificate.user_id,
        course_id=course.renews_id,
        renewed_by__isnull=True,
    )
    for old in earlier:
        old.renewed_by = certificate
        old.save(update_fields=["renewed_by"])
        CertificateEvent.objects.create(
            certificate=old,
            action=CertificateEvent.Action.RENEWED,
            detail={"renewed_by": certificate.code},
        )


def after_issue(certificate_id: int) -> None:
    """Queue the PDF and the officer's email (after the issue has committed)."""
    from certificates import tasks

    tasks.render_certificate.enqueue(certificate_id, "issue")
    tasks.email_certificate.enqueue(certificate_id)
