"""Issuing on ``course_completed``: one certificate per officer and course
edition, with what is printed frozen at issue."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from certificates.issuing import add_months, issue_certificate
from certificates.models import (
    Certificate,
    CertificateDesign,
    CertificateEvent,
    DesignSignatory,
)
from courses.enrolment import enrol
from lms import signals
from tests import factories
from tests.concurrency import run_many
from tests.courses.conftest import requires_postgresql
from tests.courses.study import complete_lesson

pytestmark = pytest.mark.django_db


def complete(user, course):
    enrolment, _ = enrol(user, course)
    for lesson in factories.lessons_of(course):
        complete_lesson(enrolment, lesson)
    enrolment.refresh_from_db()
    assert enrolment.is_complete
    return enrolment


@pytest.fixture
def design():
    design = CertificateDesign.objects.create(
        name="IOM Cambodia",
        issuer_name="IOM Cambodia",
        issuer_name_km="អង្គការអន្តរជាតិទេសន្តរប្រវេសន៍",
        is_default=True,
    )
    DesignSignatory.objects.create(
        design=design,
        name="Chief of Mission",
        name_km="ប្រធានបេសកកម្ម",
        title="IOM",
        title_km="អាយអូអឹម",
    )
    return design


def test_completing_a_course_issues_one_certificate_with_the_names_as_they_were(
    design, django_capture_on_commit_callbacks
):
    officer = factories.make_user(full_name="Sok Dara", full_name_km="សុខ ដារា")
    course = factories.make_course(modules=1, lessons=2, edition="2026")
    khmer = factories.make_khmer_version(course)

    with django_capture_on_commit_callbacks() as callbacks:
        enrolment = complete(officer, course)

    certificate = Certificate.objects.get(user=officer, course=course)
    assert certificate.enrolment == enrolment
    assert certificate.officer_name == "Sok Dara"
    assert certificate.officer_name_km == "សុខ ដារា"
    assert certificate.course_title == course.title
    # The Khmer title is the Khmer version's (a wagtail-localize translation).
    assert certificate.course_title_km == khmer.title
    assert certificate.edition == "2026"
    assert certificate.issued_on == timezone.localdate()
    assert certificate.issuer_name == "IOM Cambodia"
    assert certificate.signatories[0]["name_km"] == "ប្រធានបេសកកម្ម"
    assert certificate.design == design
    assert certificate.expires_on is None
    assert certificate.score is None  # no graded quiz in this course
    assert certificate.render_state == Certificate.RenderState.PENDING
    assert len(callbacks) == 1  # render and email are queued after commit
    assert list(certificate.events.values_list("action", flat=True)) == ["issued"]

    # Later edits do not change what was certified.
    officer.full_name = "Someone Else"
    officer.save()
    design.issuer_name = "Another issuer"
    design.save()
    certificate.refresh_from_db()
    assert certificate.officer_name == "Sok Dara"
    assert certificate.issuer_name == "IOM Cambodia"


def test_issuing_again_returns_the_same_certificate(design):
    enrolment = complete(factories.make_user(), factories.make_course(modules=1))
    first = Certificate.objects.get(enrolment=enrolment)

    again = issue_certificate(enrolment)
    signals.course_completed.send(sender=None, enrolment=enrolment)

    assert again.pk == first.pk
    assert Certificate.objects.filter(user=enrolment.user).count() == 1
    assert CertificateEvent.objects.filter(action="issued").count() == 1


def test_certificate_issued_signal_is_sent_once(design):
    received = []

    def receiver(sender, certificate, **kwargs):
        received.append(certificate.pk)

    signals.certificate_issued.connect(receiver, dispatch_uid="test-issued")
    try:
        enrolment = complete(factories.make_user(), factories.make_course(modules=1))
        issue_certificate(enrolment)
    finally:
        signals.certificate_issued.disconnect(dispatch_uid="test-issued")

    assert received == [Certificate.objects.get(enrolment=enrolment).pk]


def test_codes_are_unguessable_and_distinct(design):
    course = factories.make_course(modules=1, lessons=1)
    certificates = [
        complete(factories.make_user(), course).certificate for _ in range(5)
    ]
    codes = {c.code for c in certificates}

    assert len(codes) == 5
    for code in codes:
        assert len(code) == 28  # 140 bits of base32
        assert code.isalnum() and code.upper() == code


def test_without_any_design_the_certificate_is_still_issued():
    enrolment = complete(factories.make_user(), factories.make_course(modules=1))

    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.design is None
    assert certificate.issuer_name == ""


def test_the_course_design_wins_over_the_default(design):
    own = CertificateDesign.objects.create(name="Police", issuer_name="National Police")
    course = factories.make_course(modules=1, certificate_design=own)

    certificate = complete(factories.make_user(), course).certificate

    assert certificate.design == own
    assert certificate.issuer_name == "National Police"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 11, 21), 24, datetime.date(2028, 11, 21)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2027, 12, 31), 2, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 11, 30), 13, datetime.date(2027, 12, 30)),
    ],
)
def test_add_months_keeps_the_day_within_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_refresher_courses_set_an_expiry(design):
    course = factories.make_course(modules=1, certificate_valid_for_months=24)

    certificate = complete(factories.make_user(), course).certificate

    assert certificate.expires_on == add_months(certificate.issued_on, 24)
    assert certificate.status() == "valid"
    assert certificate.status(certificate.expires_on) == "valid"
    assert certificate.status(certificate.expires_on + datetime.timedelta(days=1)) == (
        "expired"
    )


def test_a_renewal_course_recertifies(design):
    officer = factories.make_user()
    original = factories.make_course(modules=1, certificate_valid_for_months=24)
    renewal = factories.make_course(
        modules=1, certificate_valid_for_months=24, renews=original
    )
    old = complete(officer, original).certificate
    someone_else = complete(factories.make_user(), original).certificate

    new = complete(officer, renewal).certificate

    old.refresh_from_db()
    someone_else.refresh_from_db()
    assert old.renewed_by == new
    assert someone_else.renewed_by is None
    assert old.events.filter(action="renewed").exists()


def test_the_score_is_the_final_quiz_grade(design):
    from plugins.quiz.grading import quiz_grade
    from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
    from tests.quiz.factories import make_category, make_question, make_quiz

    category = make_category()
    questions = [make_question(category=category) for _ in range(4)]
    quiz = make_quiz(questions=questions, pass_mark=50, completion_rule="quiz_passed")
    course = quiz.get_parent().get_parent().specific
    officer = factories.make_user()
    enrolment, _ = enrol(officer, course)
    for lesson in factories.lessons_of(course):
        complete_lesson(enrolment, lesson)
    attempt = start_attempt(quiz, enrolment)[0]
    items = {item.position: item for item in attempt.questions.all()}
    by_question = {q.pk: q for q in questions}
    updates = []
    for position, item in items.items():
        question = by_question[item.question_id]
        good = position <= 3  # three right, one wrong
        choice = question.choices.filter(fraction=1 if good else 0).first().pk
        updates.append(AnswerUpdate(position, item.sequence, choice))

    submit_attempt(attempt.pk, updates)

    certificate = Certificate.objects.get(user=officer, course=course)
    assert certificate.score == quiz_grade(quiz, officer) == Decimal("75.00")


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_hundred_concurrent_completions_give_one_certificate(design):
    """The last lesson of a course completed by 100 requests at once, then the
    issue itself called 100 times at once: one certificate, every caller gets it."""
    officer = factories.make_user()
    course = factories.make_course(modules=1, lessons=1)
    enrolment, _ = enrol(officer, course)
    lesson = factories.lessons_of(course)[0]

    outcomes = run_many(lambda _i: complete_lesson(enrolment, lesson), 100)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert Certificate.objects.filter(user=officer).count() == 1

    # The issue function alone, racing itself (no enrolment lock in front).
    Certificate.objects.all().delete()
    outcomes = run_many(lambda _i: issue_certificate(enrolment).pk, 100)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    certificate = Certificate.objects.get(user=officer)
    assert set(outcomes) == {certificate.pk}
    assert CertificateEvent.objects.filter(action="issued").count() == 1
