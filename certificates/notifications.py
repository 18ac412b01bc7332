"""Emails about certificates: the officer's "your certificate is ready" email,
and the reminders sent before a certificate expires.

Emails carry links, never the PDF: the file is served only to people who may
see it, and a link keeps working after a reissue. Each recipient gets the
email in their own preferred language, with a plain-text body and an HTML
alternative (templates in ``certificates/templates/certificates/email/``).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from certificates.models import Certificate, CertificateEvent, CertificateReminder

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    """``path`` on the platform's public address (``LMS_PUBLIC_BASE_URL``)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.LMS_PUBLIC_BASE_URL.rstrip("/") + path


def my_certificates_url() -> str:
    """The page where officers find all their certificates."""
    try:
        return absolute(reverse("certificates:mine"))
    except NoReverseMatch:  # the learner's dashboard lists them too
        return absolute(reverse("courses:dashboard"))


def build_email(template: str, context: dict, *, to: str, language: str):
    """A plain-text email with an HTML alternative, rendered in ``language``.

    ``template`` names three templates under ``certificates/email/``:
    ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html``.
    """
    base = f"certificates/email/{template}"
    with translation.override(language):
        context = {**context, "language": translation.get_language()}
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


@dataclass(frozen=True)
class Printed:
    """What a certificate printed, in the script of one reader's language."""

    name: str
    course_title: str

    @classmethod
    def of(cls, certificate: Certificate, language: str) -> Printed:
        khmer = language == "km"
        return cls(
            name=(khmer and certificate.officer_name_km) or certificate.officer_name,
            course_title=(khmer and certificate.course_title_km)
            or certificate.course_title,
        )


def certificate_context(certificate: Certificate) -> dict:
    return {
        "certificate": certificate,
        "display_code": certificate.display_code,
        "verification_url": certificate.get_verification_url(),
        "download_url": absolute(certificate.get_download_path()),
        "my_certificates_url": my_certificates_url(),
        "site_url": settings.LMS_PUBLIC_BASE_URL.rstrip("/"),
    }


# Issue ------------------------------------------------------------------------


def send_issue_email(certificate_id: int) -> bool:
    """Email the officer a link to their new certificate; ``True`` if sent.

    Nothing is sent (``False``) when the officer has no email address, the
    certificate is gone or revoked, or it was emailed before (a retried task
    must not email twice). Sending is recorded as an ``emailed`` event.
    """
    certificate = (
        Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    )
    if certificate is None or certificate.revoked_at is not None:
        return False
    officer = certificate.user
    if not officer.email:
        logger.info("Certificate %s: the officer has no email address", certificate.pk)
        return False

    language = officer.preferred_language or settings.LANGUAGE_CODE
    context = certificate_context(certificate)
    context["printed"] = Printed.of(certificate, language)
    message = build_email("issued", context, to=officer.email, language=language)
    with transaction.atomic():
        # The row lock makes a second, concurrent run of the task wait, then
        # see the first one's event.
        Certificate.objects.select_for_update().filter(pk=certificate.pk).first()
        if certificate.events.filter(action=CertificateEvent.Action.EMAILED).exists():
            return False
        message.send()
        CertificateEvent.objects.create(
            certificate=certificate,
            action=CertificateEvent.Action.EMAILED,
            detail={"language": language},
        )
    return True


# Expiry reminders --------------------------------------------------------------


def reminder_stages() -> list[int]:
    """``CERTIFICATE_REMINDER_DAYS``, nearest first (e.g. ``[7, 60]``)."""
    return sorted({int(days) for days in settings.CERTIFICATE_REMINDER_DAYS})


def due_stage(days_left: int, stages: list[int]) -> int | None:
    """The reminder a certificate ``days_left`` from expiry is due for.

    The nearest stage that has been reached: a certificate first seen 5 days
    before expiry gets the 7-day reminder only, never the 60-day one as well.
    """
    return next((stage for stage in stages if days_left <= stage), None)


class ReviewerDirectory:
    """The organisation reviewers who see an organisation's officers.

    Reviewers see their own organisation and every one under it
    (``accounts.scope``), so the reviewers of an officer's organisation
    and of each organisation above it are told. Cached for one run.
    """

    def __init__(self):
        self._reviewers: dict[int, list] = {}

    def reviewers_of(self, organisation_id: int | None) -> list:
        from accounts.scope import reviewers_of

        if organisation_id is None:
            return []
        if organisation_id not in self._reviewers:
            self._reviewers[organisation_id] = list(
                reviewers_of(organisation_id).exclude(email="").order_by("pk")
            )
        return self._reviewers[organisation_id]


def renewal_courses(certificate: Certificate) -> list[dict]:
    """The live courses that renew this certificate's course, with their URLs."""
    from courses.models import CoursePage

    courses = CoursePage.objects.live().filter(renews_id=certificate.course_id)
    found = []
    for course in courses.order_by("title"):
        url = course.get_url()
        if url:
            found.append({"course": course, "url": absolute(url)})
    return found


def reminder_messages(
    certificate: Certificate, days_left: int, directory: ReviewerDirectory
) -> list[EmailMultiAlternatives]:
    """One email to the officer and one to each of their reviewers."""
    context = certificate_context(certificate)
    context["days_left"] = days_left
    context["expires_on"] = certificate.expires_on
    context["renewal_courses"] = renewal_courses(certificate)
    messages = []
    officer = certificate.user
    if officer.is_active and officer.email:
        language = officer.preferred_language or settings.LANGUAGE_CODE
        messages.append(
            build_email(
                "reminder",
                {**context, "printed": Printed.of(certificate, language)},
                to=officer.email,
                language=language,
            )
        )
    for reviewer in directory.reviewers_of(officer.organisation_id):
        if reviewer.pk == officer.pk:
            continue
        language = reviewer.preferred_language or settings.LANGUAGE_CODE
        messages.append(
            build_email(
                "reviewer_reminder",
                {
                    **context,
                    "reviewer": reviewer,
                    "printed": Printed.of(certificate, language),
                },
                to=reviewer.email,
                language=language,
            )
        )
    return messages


def send_reminder(
    certificate: Certificate,
    stage: int,
    days_left: int,
    directory: ReviewerDirectory,
    connection=None,
) -> bool:
    """Send the ``stage`` reminder of ``certificate`` unless it went already.

    The ``CertificateReminder`` row is the claim: it is inserted first, in the
    same transaction as the sending. A second worker's insert waits for the
    first and then fails on the unique constraint, so each reminder goes once;
    if sending fails, the claim rolls back and the next run tries again.
    """
    try:
        with transaction.atomic():
            reminder = CertificateReminder.objects.create(
                certificate=certificate, days_before=stage
            )
            messages = reminder_messages(certificate, days_left, directory)
            if messages:
                (connection or get_connection()).send_messages(messages)
            reminder.recipients = len(messages)
            reminder.save(update_fields=["recipients"])
            CertificateEvent.objects.create(
                certificate=certificate,
                action=CertificateEvent.Action.REMINDED,
                detail={
                    "days_before": stage,
                    "days_left": days_left,
                    "recipients": len(messages),
                },
            )
    except IntegrityError:
        return False  # another worker sent this reminder
    return True


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Send every expiry reminder due ``today``; return how many went out.

    A certificate is reminded at each stage of ``CERTIFICATE_REMINDER_DAYS``
    (60 and 7 days before it expires), once per stage, while it is valid: not
    revoked, not expired and not renewed by a renewal course. A run that was
    missed is caught up by the next one (a stage is due from its day until the
    next stage's). Safe to run on several machines at once.
    """
    today = today or timezone.localdate()
    stages = reminder_stages()
    if not stages:
        return 0
    candidates = (
        Certificate.objects.filter(
            revoked_at__isnull=True,
            renewed_by__isnull=True,
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=stages[-1]),
        )
        .select_related("user")
        .order_by("expires_on", "pk")
    )
    sent_before = set(
        CertificateReminder.objects.filter(
            certificate__in=candidates.values("pk")
        ).values_list("certificate_id", "days_before")
    )
    directory = ReviewerDirectory()
    connection = get_connection()
    sent = 0
    for certificate in list(candidates):
        days_left = (certificate.expires_on - today).days
        stage = due_stage(days_left, stages)
        if stage is None or (certificate.pk, stage) in sent_before:
            continue
        try:
            if send_reminder(certificate, stage, days_left, directory, connection):
                sent += 1
        except Exception:
            # One bad address or a mail server hiccup must not stop the others;
            # this reminder is retried on the next run.
            logger.exception(
                "Expiry reminder for certificate %s not sent", certificate.pk
            )
    return sent
