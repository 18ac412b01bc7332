"""Emails: the link (never the file) on issue, and expiry reminders at 60 and
7 days, once each, to the officer and their organisation's reviewers."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from certificates.issuing import issue_certificate
from certificates.models import Certificate, CertificateEvent, CertificateReminder
from certificates.notifications import send_due_reminders, send_issue_email
from certificates.revocation import revoke
from courses.enrolment import enrol
from lms.dates import KHMER_MONTHS
from tests import factories
from tests.courses.conftest import requires_postgresql, run_concurrently
from tests.courses.study import complete_lesson

pytestmark = pytest.mark.django_db

BASE = "https://learn.example.gov.kh"
TODAY = datetime.date(2026, 3, 2)


def issued(officer=None, course=None, *, expires_on=None) -> Certificate:
    """A certificate for a completed enrolment (its PDF is not rendered here)."""
    officer = officer or factories.make_user("officer")
    course = course or factories.make_course(modules=1, lessons=1)
    enrolment, _ = enrol(officer, course)
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    certificate = issue_certificate(enrolment)
    if expires_on is not None:
        Certificate.objects.filter(pk=certificate.pk).update(expires_on=expires_on)
        certificate.refresh_from_db()
    return certificate


def html_of(message) -> str:
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


# The issue email --------------------------------------------------------------


@override_settings(LMS_PUBLIC_BASE_URL=BASE)
def test_issue_email_links_to_the_certificate_and_attaches_nothing():
    officer = factories.make_user("officer", full_name="Sok Dara")
    certificate = issued(officer)

    assert send_issue_email(certificate.pk) is True

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [officer.email]
    assert message.attachments == []
    assert certificate.course_title in message.subject
    download = BASE + reverse("certificates:download", args=[certificate.code])
    verification = f"{BASE}/certificates/verify/{certificate.code}/"
    mine = BASE + reverse("certificates:mine")
    for body in (message.body, html_of(message)):
        assert download in body
        assert verification in body
        assert mine in body
        assert certificate.display_code in body
        assert "Sok Dara" in body
    assert f'href="{download}"' in html_of(message)
    assert "%PDF" not in message.message().as_string()
    event = certificate.events.get(action=CertificateEvent.Action.EMAILED)
    assert event.detail == {"language": "en"}


def test_issue_email_follows_the_officers_language():
    khmer = factories.make_user(
        "officer", full_name="Sok Dara", full_name_km="សុខ ដារា", preferred_language="km"
    )
    english = factories.make_user(
        "officer", full_name="Chan Vanna", full_name_km="ចាន់ វណ្ណា"
    )
    course = factories.make_course(modules=1, lessons=1)
    khmer_title = factories.make_khmer_version(course).title
    for officer in (khmer, english):
        send_issue_email(issued(officer, course).pk)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    in_khmer = by_recipient[khmer.email]
    assert "សុខ ដារា" in in_khmer.body
    assert khmer_title in in_khmer.subject
    # The date day first with the Khmer month's name ("2 មីនា 2026", lms.formats).
    issued_on = Certificate.objects.get(user=khmer).issued_on
    assert f"{issued_on.day} {KHMER_MONTHS[issued_on.month - 1]} " in in_khmer.body
    assert 'lang="km"' in html_of(in_khmer)
    in_english = by_recipient[english.email]
    assert "Chan Vanna" in in_english.body and "ចាន់" not in in_english.body
    assert course.title in in_english.subject
    assert 'lang="en"' in html_of(in_english)


def test_no_issue_email_without_an_address_or_twice():
    silent = factories.make_user("officer")
    silent.email = ""
    silent.save(update_fields=["email"])
    assert send_issue_email(issued(silent).pk) is False
    assert mail.outbox == []

    certificate = issued()
    assert send_issue_email(certificate.pk) is True
    assert send_issue_email(certificate.pk) is False  # a retried task
    assert len(mail.outbox) == 1
    assert certificate.events.filter(action="emailed").count() == 1


def test_no_issue_email_for_a_revoked_or_missing_certificate():
    certificate = issued()
    revoke(certificate, reason="Issued by mistake", by=None)
    assert send_issue_email(certificate.pk) is False
    assert send_issue_email(987654) is False
    assert mail.outbox == []


def test_completing_a_course_emails_the_officer_once(
    django_capture_on_commit_callbacks,
):
    officer = factories.make_user("officer")
    course = factories.make_course(modules=1, lessons=1)

    enrolment, _ = enrol(officer, course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in factories.lessons_of(course):
            complete_lesson(enrolment, lesson)

    certificate = Certificate.objects.get(user=officer, course=course)
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert certificate.code in mail.outbox[0].body


# Expiry reminders -------------------------------------------------------------


@pytest.fixture
def organisations():
    """A ministry with a department under it, and an unrelated ministry."""
    ministry = Organisation.objects.create(code="moi", name="Ministry", kind="ministry")
    department = Organisation.objects.create(
        code="gdi", name="Immigration", kind="department", parent=ministry
    )
    other = Organisation.objects.create(code="moh", name="Health", kind="ministry")
    return ministry, department, other


@pytest.fixture
def people(organisations):
    ministry, department, other = organisations
    return {
        "officer": factories.make_user("officer", organisation=department),
        "department_reviewer": factories.make_user(
            "reviewer", organisation=department, preferred_language="km"
        ),
        "ministry_reviewer": factories.make_user("reviewer", organisation=ministry),
        "other_reviewer": factories.make_user("reviewer", organisation=other),
        "colleague": factories.make_user("officer", organisation=department),
    }


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_reminders_go_at_60_and_7_days_once_each_to_officer_and_reviewers(people):
    certificate = issued(people["officer"], expires_on=TODAY + datetime.timedelta(60))
    expected = sorted(
        people[who].email
        for who in ("officer", "department_reviewer", "ministry_reviewer")
    )

    # 61 days before: nothing yet.
    assert send_due_reminders(today=TODAY - datetime.timedelta(1)) == 0
    assert mail.outbox == []

    assert send_due_reminders(today=TODAY) == 1
    assert recipients() == expected
    assert people["other_reviewer"].email not in recipients()
    assert people["colleague"].email not in recipients()
    reminder = CertificateReminder.objects.get(certificate=certificate)
    assert (reminder.days_before, reminder.recipients) == (60, 3)

    # The next days, and a second run the same day: nothing more.
    mail.outbox.clear()
    for offset in (0, 1, 30, 52):
        assert send_due_reminders(today=TODAY + datetime.timedelta(offset)) == 0
    assert mail.outbox == []

    # 7 days before.
    assert send_due_reminders(today=TODAY + datetime.timedelta(53)) == 1
    assert recipients() == expected
    assert send_due_reminders(today=TODAY + datetime.timedelta(54)) == 0
    assert sorted(
        CertificateReminder.objects.filter(certificate=certificate).values_list(
            "days_before", flat=True
        )
    ) == [7, 60]
    assert certificate.events.filter(action="reminded").count() == 2


def test_reminder_texts_name_the_officer_course_and_date(people):
    issued(people["officer"], expires_on=TODAY + datetime.timedelta(60))
    send_due_reminders(today=TODAY)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    officer = by_recipient[people["officer"].email]
    assert "60 days" in officer.body
    assert "in 60 days" in html_of(officer)
    assert officer.attachments == []
    reviewer = by_recipient[people["ministry_reviewer"].email]
    assert people["officer"].get_full_name() in reviewer.subject
    assert "/certificates/verify/" in reviewer.body
    khmer_reviewer = by_recipient[people["department_reviewer"].email]
    assert 'lang="km"' in html_of(khmer_reviewer)


def test_a_renewal_course_is_offered_in_the_reminder(people):
    course = factories.make_course(
        modules=1, lessons=1, certificate_valid_for_months=24
    )
    refresher = factories.make_course(
        title="Refresher", modules=1, lessons=1, renews=course
    )
    issued(people["officer"], course, expires_on=TODAY + datetime.timedelta(7))

    send_due_reminders(today=TODAY)

    officer_mail = next(m for m in mail.outbox if m.to == [people["officer"].email])
    assert "Refresher" in officer_mail.body
    assert refresher.url in officer_mail.body


def test_a_certificate_first_seen_within_7_days_gets_only_the_7_day_reminder(people):
    certificate = issued(people["officer"], expires_on=TODAY + datetime.timedelta(5))

    assert send_due_reminders(today=TODAY) == 1
    assert send_due_reminders(today=TODAY + datetime.timedelta(1)) == 0

    assert list(
        CertificateReminder.objects.filter(certificate=certificate).values_list(
            "days_before", flat=True
        )
    ) == [7]
    assert len(mail.outbox) == 3  # officer and two reviewers, once


def test_the_day_of_expiry_still_reminds_but_not_after(people):
    issued(people["officer"], expires_on=TODAY)
    issued(
        factories.make_user("officer", organisation=people["officer"].organisation),
        expires_on=TODAY - datetime.timedelta(1),
    )
    assert send_due_reminders(today=TODAY) == 1
    assert people["officer"].email in recipients()


def test_no_reminders_for_revoked_renewed_expired_or_open_ended(people):
    org = people["officer"].organisation
    soon = TODAY + datetime.timedelta(7)
    revoked = issued(factories.make_user("officer", organisation=org), expires_on=soon)
    revoke(revoked, reason="Fraud", by=None)
    renewed = issued(factories.make_user("officer", organisation=org), expires_on=soon)
    renewal = issued(renewed.user, expires_on=TODAY + datetime.timedelta(700))
    Certificate.objects.filter(pk=renewed.pk).update(renewed_by=renewal)
    issued(
        factories.make_user("officer", organisation=org),
        expires_on=TODAY - datetime.timedelta(3),
    )
    issued(factories.make_user("officer", organisation=org))  # never expires

    assert send_due_reminders(today=TODAY) == 0
    assert mail.outbox == []
    assert CertificateReminder.objects.count() == 0


def test_an_officer_without_email_still_tells_the_reviewers(people):
    people["officer"].email = ""
    people["officer"].save()
    issued(people["officer"], expires_on=TODAY + datetime.timedelta(60))

    assert send_due_reminders(today=TODAY) == 1
    assert recipients() == sorted(
        [people["department_reviewer"].email, people["ministry_reviewer"].email]
    )


def test_an_officer_outside_any_organisation_gets_the_reminder_alone(people):
    loner = factories.make_user("officer")
    issued(loner, expires_on=TODAY + datetime.timedelta(60))
    assert send_due_reminders(today=TODAY) == 1
    assert recipients() == [loner.email]


def test_the_command_sends_and_counts(people, capsys):
    issued(people["officer"], expires_on=TODAY + datetime.timedelta(60))
    call_command("send_certificate_reminders", "--date", TODAY.isoformat())
    assert "Sent 1 expiry reminder(s)." in capsys.readouterr().out
    call_command("send_certificate_reminders", "--date", TODAY.isoformat())
    assert "Sent 0 expiry reminder(s)." in capsys.readouterr().out


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_certificate_reminders", "--date", "02/03/2026")


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_each_reminder_once(people):
    for _ in range(5):
        issued(
            factories.make_user("officer", organisation=people["officer"].organisation),
            expires_on=TODAY + datetime.timedelta(60),
        )
    mail.outbox.clear()  # the issue emails (sent at once outside a test transaction)

    results = run_concurrently(
        lambda: send_due_reminders(today=TODAY),
        lambda: send_due_reminders(today=TODAY),
        lambda: send_due_reminders(today=TODAY),
    )

    assert sum(results) == 5
    assert CertificateReminder.objects.count() == 5
    assert len(mail.outbox) == 5 * 3  # officer and two reviewers each, once
