"""Due-date reminders: due soon and overdue, once each per due date, in the
officer's language, with an overdue summary for the unit's reviewers."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.enrolment import enrol
from courses.models import EnrolmentReminder
from courses.reminders import send_enrolment_reminders
from courses.tasks import send_enrolment_reminders as reminders_task
from tests import factories
from tests.concurrency import run_many
from tests.courses.conftest import requires_postgresql

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
BASE = "https://learn.example.gov.kh"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def unit(db):
    department = factories.make_organisation(name="Immigration Department")
    unit = factories.make_organisation(name="Poipet checkpoint")
    unit.parent = department
    unit.save()
    return unit


@pytest.fixture
def reviewers(unit):
    return [
        factories.make_user("reviewer", organisation=unit),
        factories.make_user("reviewer", organisation=unit.parent),
    ]


def due(officer, course, due_on, **fields):
    enrolment = enrol(officer, course)[0]
    for name, value in {"due_on": due_on, **fields}.items():
        setattr(enrolment, name, value)
    enrolment.save()
    return enrolment


def sent_to(address) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


# Who is reminded --------------------------------------------------------------


@override_settings(LMS_PUBLIC_BASE_URL=BASE)
def test_due_soon_within_seven_days_by_default(course, unit):
    soon = factories.make_user("officer", organisation=unit)
    today = factories.make_user("officer", organisation=unit)
    later = factories.make_user("officer", organisation=unit)
    due(soon, course, days(7))
    due(today, course, days(0))
    due(later, course, days(8))

    counts = send_enrolment_reminders(today=TODAY)

    assert (counts.due_soon, counts.overdue) == (2, 0)
    assert {m.to[0] for m in mail.outbox} == {soon.email, today.email}
    (message,) = sent_to(soon.email)
    assert course.title in message.subject
    assert "7 days left" in message.body
    assert BASE + course.get_url() in message.body
    assert f'href="{BASE}{course.get_url()}"' in message.alternatives[0][0]
    assert "1 day left" not in sent_to(today.email)[0].body


@override_settings(ENROLMENT_REMINDER_DUE_SOON_DAYS=2)
def test_the_due_soon_window_is_a_setting(course, unit):
    inside = factories.make_user("officer", organisation=unit)
    outside = factories.make_user("officer", organisation=unit)
    due(inside, course, days(2))
    due(outside, course, days(3))

    assert send_enrolment_reminders(today=TODAY).due_soon == 1
    assert [m.to for m in mail.outbox] == [[inside.email]]


def test_overdue_reminds_the_officer_and_summarises_to_each_reviewer(
    course, unit, reviewers
):
    late = factories.make_user("officer", organisation=unit, full_name="Sok Dara")
    later = factories.make_user("officer", organisation=unit, full_name="Chan Vanna")
    elsewhere = factories.make_user(
        "officer", organisation=factories.make_organisation(), full_name="Keo Sina"
    )
    other_course = factories.make_course(title="Document fraud")
    due(late, course, days(-1))
    due(later, other_course, days(-10))
    due(elsewhere, course, days(-3))

    counts = send_enrolment_reminders(today=TODAY)

    assert (counts.due_soon, counts.overdue, counts.reviewer_emails) == (0, 3, 2)
    (officer_email,) = sent_to(late.email)
    assert "Overdue" in officer_email.subject
    assert "not complete yet" in officer_email.body
    for reviewer in reviewers:
        (summary,) = sent_to(reviewer.email)
        assert "2 officers are late" in summary.subject
        assert "Sok Dara" in summary.body and "Chan Vanna" in summary.body
        assert "Document fraud" in summary.body
        assert "Keo Sina" not in summary.body


def test_an_enrolment_first_seen_overdue_gets_only_the_overdue_reminder(course, unit):
    officer = factories.make_user("officer", organisation=unit)
    enrolment = due(officer, course, days(-1))

    send_enrolment_reminders(today=TODAY)

    assert list(enrolment.reminders.values_list("kind", flat=True)) == ["overdue"]


def test_no_reminder_for_completed_undated_inactive_or_unpublished(course, unit):
    completed = factories.make_user("officer", organisation=unit)
    due(completed, course, days(1), completed_at=timezone.now())
    due(factories.make_user("officer", organisation=unit), course, None)
    due(
        factories.make_user("officer", organisation=unit, is_active=False),
        course,
        days(-1),
    )
    draft = factories.make_course(title="Withdrawn")
    officer = factories.make_user("officer", organisation=unit)
    due(officer, draft, days(-1))
    draft.unpublish()

    counts = send_enrolment_reminders(today=TODAY)

    assert counts.as_dict() == {
        "due_soon": 0,
        "overdue": 0,
        "reviewer_emails": 0,
        "failed": 0,
    }
    assert mail.outbox == []
    assert not EnrolmentReminder.objects.exists()


def test_an_officer_without_an_email_is_still_summarised(course, unit, reviewers):
    officer = factories.make_user("officer", organisation=unit, full_name="Sok Dara")
    officer.email = ""
    officer.save()
    due(officer, course, days(-4))

    counts = send_enrolment_reminders(today=TODAY)

    assert counts.overdue == 1
    assert {m.to[0] for m in mail.outbox} == {r.email for r in reviewers}


# Once each --------------------------------------------------------------------


def test_each_reminder_goes_once_however_often_the_run(course, unit, reviewers):
    officer = factories.make_user("officer", organisation=unit)
    enrolment = due(officer, course, days(3))

    assert send_enrolment_reminders(today=TODAY).due_soon == 1
    assert send_enrolment_reminders(today=TODAY).due_soon == 0
    assert send_enrolment_reminders(today=days(1)).due_soon == 0
    assert len(sent_to(officer.email)) == 1

    # Past the due date: the overdue reminder, once, and the reviewers once.
    assert send_enrolment_reminders(today=days(4)).overdue == 1
    assert send_enrolment_reminders(today=days(5)).overdue == 0
    assert len(sent_to(officer.email)) == 2
    for reviewer in reviewers:
        assert len(sent_to(reviewer.email)) == 1

    # A new due date allows new reminders.
    enrolment.due_on = days(10)
    enrolment.save()
    assert send_enrolment_reminders(today=days(5)).due_soon == 1
    assert enrolment.reminders.count() == 3


def test_a_failed_send_is_retried_on_the_next_run(course, unit):
    officer = factories.make_user("officer", organisation=unit)
    due(officer, course, days(2))

    with override_settings(EMAIL_BACKEND="tests.courses.test_reminders.FailingBackend"):
        counts = send_enrolment_reminders(today=TODAY)

    assert (counts.due_soon, counts.failed) == (0, 1)
    assert not EnrolmentReminder.objects.exists()
    assert send_enrolment_reminders(today=TODAY).due_soon == 1
    assert len(sent_to(officer.email)) == 1


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_running_at_once_send_each_reminder_once(unit, reviewers):
    course = factories.make_course(modules=1, lessons=1)
    officers = [factories.make_user("officer", organisation=unit) for _ in range(6)]
    for n, officer in enumerate(officers):
        due(officer, course, days(-1) if n % 2 else days(2))

    outcomes = run_many(lambda _i: send_enrolment_reminders(today=TODAY), 6)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert sum(o.due_soon for o in outcomes) == 3
    assert sum(o.overdue for o in outcomes) == 3
    assert EnrolmentReminder.objects.count() == 6
    for officer in officers:
        assert len(sent_to(officer.email)) == 1
    # Every overdue officer is listed to each reviewer exactly once overall.
    for reviewer in reviewers:
        listed = "".join(m.body for m in sent_to(reviewer.email))
        for n, officer in enumerate(officers):
            assert listed.count(officer.get_full_name()) == (1 if n % 2 else 0)


# Language ---------------------------------------------------------------------


def test_a_khmer_officer_gets_the_reminder_in_khmer(course, unit):
    khmer_title = factories.make_khmer_version(course).title
    officer = factories.make_user(
        "officer",
        organisation=unit,
        full_name="Sok Dara",
        full_name_km="សុខ ដារា",
        preferred_language="km",
    )
    english = factories.make_user("officer", organisation=unit, full_name="Chan Vanna")
    due(officer, course, days(5))
    due(english, course, days(5))

    send_enrolment_reminders(today=TODAY)

    (khmer,) = sent_to(officer.email)
    assert "សុខ ដារា" in khmer.body
    assert khmer_title in khmer.subject
    assert khmer_title in khmer.body
    # The due date day first with the Khmer month's name (lms.formats).
    assert "7 មីនា 2026" in khmer.body
    assert 'lang="km"' in khmer.alternatives[0][0]
    (in_english,) = sent_to(english.email)
    assert "Chan Vanna" in in_english.body
    assert course.title in in_english.subject
    assert khmer_title not in in_english.body
    assert "7 Mar 2026" in in_english.body  # day first (lms.formats)


def test_a_khmer_reviewer_gets_the_summary_in_khmer(course, unit):
    khmer_title = factories.make_khmer_version(course).title
    reviewer = factories.make_user(
        "reviewer", organisation=unit, preferred_language="km"
    )
    officer = factories.make_user(
        "officer", organisation=unit, full_name="Sok Dara", full_name_km="សុខ ដារា"
    )
    due(officer, course, days(-2))

    send_enrolment_reminders(today=TODAY)

    (summary,) = sent_to(reviewer.email)
    assert "សុខ ដារា" in summary.body
    assert khmer_title in summary.body
    assert 'lang="km"' in summary.alternatives[0][0]


# Bounded queries --------------------------------------------------------------


def test_reading_candidates_does_not_grow_with_the_number_of_enrolments(course, unit):
    def selects(count: int) -> int:
        for _ in range(count):
            due(factories.make_user("officer", organisation=unit), course, days(1))
        EnrolmentReminder.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            assert send_enrolment_reminders(today=TODAY).due_soon > 0
        return sum(
            1
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT")
        )

    selects(1)  # warms the site's URL cache
    assert selects(3) == selects(30)


# The command and the task -----------------------------------------------------


def test_the_command_sends_and_prints_counts(course, unit, capsys):
    due(factories.make_user("officer", organisation=unit), course, days(1))

    call_command("send_enrolment_reminders", "--date", TODAY.isoformat())
    assert "Sent 1 due-soon and 0 overdue reminder(s)" in capsys.readouterr().out
    call_command("send_enrolment_reminders", "--date", TODAY.isoformat())
    assert "Sent 0 due-soon and 0 overdue reminder(s)" in capsys.readouterr().out


def test_the_command_can_hand_the_work_to_the_queue(course, unit, capsys):
    officer = factories.make_user("officer", organisation=unit)
    due(officer, course, days(-1))

    call_command("send_enrolment_reminders", "--enqueue", "--date", TODAY.isoformat())

    assert "Queued enrolment reminders" in capsys.readouterr().out
    assert len(sent_to(officer.email)) == 1  # the test queue runs tasks at once


def test_the_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_enrolment_reminders", "--date", "02/03/2026")


def test_the_task_returns_the_counts(course, unit):
    due(factories.make_user("officer", organisation=unit), course, days(-1))

    result = reminders_task.enqueue(TODAY.isoformat())

    assert result.return_value == {
        "due_soon": 0,
        "overdue": 1,
        "reviewer_emails": 0,
        "failed": 0,
    }
