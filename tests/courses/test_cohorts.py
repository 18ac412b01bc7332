"""Cohort enrolment: a unit with its sub-units or a list of officers, inside
the caller's scope, all or nothing, once under a double submit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import Organisation
from audit.models import AuditEvent
from courses.cohorts import CohortRefused, enrol_cohort
from courses.enrolment import enrol
from courses.models import Cohort, Enrolment
from tests import factories
from tests.concurrency import run_many
from tests.courses.conftest import requires_postgresql

pytestmark = pytest.mark.django_db


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@dataclass
class Units:
    department: Organisation
    checkpoint: Organisation  # under the department
    post: Organisation  # under the checkpoint
    other: Organisation


@pytest.fixture
def units() -> Units:
    department = factories.make_organisation(name="Immigration Department")
    checkpoint = factories.make_organisation(name="Poipet checkpoint")
    checkpoint.parent = department
    checkpoint.save()
    post = factories.make_organisation(name="Poipet night shift")
    post.parent = checkpoint
    post.save()
    return Units(
        department=department,
        checkpoint=checkpoint,
        post=post,
        other=factories.make_organisation(name="Customs Department"),
    )


@pytest.fixture
def reviewer(units):
    return factories.make_user("reviewer", organisation=units.department)


def officers_of(unit, count=2, **fields):
    return [
        factories.make_user("officer", organisation=unit, **fields)
        for _ in range(count)
    ]


# A unit -----------------------------------------------------------------------


def test_a_unit_means_its_active_officers_and_those_of_its_sub_units(
    course, units, signal_log
):
    reviewer = factories.make_user("reviewer", organisation=units.checkpoint)
    at_checkpoint = officers_of(units.checkpoint)
    at_post = officers_of(units.post)
    officers_of(units.checkpoint, 1, is_active=False)
    above = officers_of(units.department, 1)
    elsewhere = officers_of(units.other, 1)

    result = enrol_cohort(
        course,
        unit=units.checkpoint,
        due_on=in_days(30),
        name="Poipet, March intake",
        by=reviewer,
    )

    expected = {o.pk for o in at_checkpoint + at_post} | {reviewer.pk}
    assert {o.pk for o in result.enrolled} == expected
    assert result.created is True
    assert result.counts == {
        "enrolled": len(expected),
        "already_enrolled": 0,
        "due_date_set": 0,
        "skipped": 0,
    }
    enrolments = Enrolment.objects.filter(course=course)
    assert set(enrolments.values_list("user_id", flat=True)) == expected
    assert set(enrolments.values_list("due_on", flat=True)) == {in_days(30)}
    assert set(enrolments.values_list("cohort_id", flat=True)) == {result.cohort.pk}
    assert not enrolments.filter(user__in=above + elsewhere).exists()
    cohort = result.cohort
    assert (
        cohort.course_id,
        cohort.organisation,
        cohort.due_on,
        cohort.created_by,
    ) == (
        course.pk,
        units.checkpoint,
        in_days(30),
        reviewer,
    )
    assert signal_log.count("enrolment_created") == len(expected)
    event = AuditEvent.objects.get(action="cohort.enrolled")
    assert event.actor == reviewer
    assert event.organisation == units.checkpoint
    assert event.details["enrolled"] == len(expected)
    assert event.details["cohort_id"] == cohort.pk


def test_a_unit_outside_the_scope_is_refused(course, units, reviewer):
    officers_of(units.other)

    with pytest.raises(CohortRefused, match="Customs Department"):
        enrol_cohort(course, unit=units.other, due_on=in_days(5), name="X", by=reviewer)

    assert not Cohort.objects.exists()
    assert not Enrolment.objects.exists()
    assert not AuditEvent.objects.filter(action="cohort.enrolled").exists()


def test_a_unit_without_active_officers_is_refused(course, units, reviewer):
    officers_of(units.post, 1, is_active=False)

    with pytest.raises(CohortRefused, match="no active officers"):
        enrol_cohort(course, unit=units.post, due_on=in_days(5), name="X", by=reviewer)

    assert not Cohort.objects.exists()


# A list -----------------------------------------------------------------------


def test_an_officer_outside_the_scope_refuses_the_whole_cohort(course, units, reviewer):
    mine = officers_of(units.checkpoint, 3)
    stranger = factories.make_user(
        "officer", organisation=units.other, full_name="Chan Vanna"
    )

    with pytest.raises(CohortRefused) as refused:
        enrol_cohort(
            course,
            officers=[*mine, stranger],
            due_on=in_days(10),
            name="Mixed",
            by=reviewer,
        )

    assert "Chan Vanna" in refused.value.message
    assert refused.value.outside == [stranger]
    assert not Cohort.objects.exists()
    assert not Enrolment.objects.exists()
    assert not AuditEvent.objects.filter(action="cohort.enrolled").exists()


def test_a_trainer_enrols_nobody_even_their_own_learners(course, units):
    learner = officers_of(units.checkpoint, 1)[0]
    enrol(learner, course)
    trainer = factories.make_user("trainer", trains=[course])
    other_course = factories.make_course()

    with pytest.raises(CohortRefused):
        enrol_cohort(
            other_course,
            officers=[learner],
            due_on=in_days(10),
            name="Trainer's",
            by=trainer,
        )

    assert not Cohort.objects.exists()


def test_an_admin_enrols_anyone(course, units):
    anyone = officers_of(units.other, 2) + officers_of(units.post, 1)

    result = enrol_cohort(
        course,
        officers=[o.pk for o in anyone],
        due_on=in_days(1),
        name="Admin's",
        by=factories.make_user("admin"),
    )

    assert len(result.enrolled) == 3
    assert result.cohort.organisation is None
    # Officers from two units: the event is not filed under either.
    assert AuditEvent.objects.get(action="cohort.enrolled").organisation is None


def test_an_inactive_officer_in_a_list_is_skipped_and_named(course, units, reviewer):
    active = officers_of(units.checkpoint, 1)[0]
    inactive = factories.make_user(
        "officer", organisation=units.checkpoint, is_active=False, full_name="Keo Sina"
    )

    result = enrol_cohort(
        course,
        officers=[active, inactive],
        due_on=in_days(3),
        name="List",
        by=reviewer,
    )

    assert result.enrolled == [active]
    assert [(s.officer, s.reason) for s in result.skipped] == [
        (inactive, "the account is not active")
    ]
    assert not Enrolment.objects.filter(user=inactive).exists()
    # Officers of one unit: the event is filed under it, for its reviewers.
    assert AuditEvent.objects.get(action="cohort.enrolled").organisation == (
        units.checkpoint
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"officers": [], "unit": None}, "at least one officer"),
        ({"officers": None, "unit": None}, "either a unit or a list"),
        ({"officers": [1], "unit": "unit"}, "either a unit or a list"),
        ({"name": "  "}, "name"),
        ({"due_on": in_days(-1)}, "past"),
    ],
)
def test_bad_requests_are_refused(course, units, reviewer, kwargs, message):
    arguments = {
        "officers": officers_of(units.checkpoint, 1),
        "unit": None,
        "due_on": in_days(5),
        "name": "Cohort",
        "by": reviewer,
    }
    arguments.update(kwargs)
    if arguments["unit"] == "unit":
        arguments["unit"] = units.checkpoint

    with pytest.raises(CohortRefused, match=message):
        enrol_cohort(course, **arguments)

    assert not Cohort.objects.exists()
    assert not Enrolment.objects.exists()


def test_today_is_a_valid_due_date(course, units, reviewer):
    result = enrol_cohort(
        course,
        officers=officers_of(units.checkpoint, 1),
        due_on=timezone.localdate(),
        name="Today",
        by=reviewer,
    )

    assert len(result.enrolled) == 1


def test_an_unpublished_course_is_refused(units, reviewer):
    draft = factories.make_course(live=False)

    with pytest.raises(CohortRefused, match="not open"):
        enrol_cohort(
            draft,
            officers=officers_of(units.checkpoint, 1),
            due_on=in_days(5),
            name="Draft",
            by=reviewer,
        )

    assert not Cohort.objects.exists()


# Officers already enrolled, prerequisites ------------------------------------------


def test_enrolled_officers_keep_their_progress_and_get_a_missing_due_date(
    course, units, reviewer, signal_log
):
    undated, dated, finished, newcomer = officers_of(units.checkpoint, 4)
    lesson = factories.lessons_of(course)[0]
    first = enrol(undated, course)[0]
    Enrolment.objects.filter(pk=first.pk).update(last_page=lesson)
    second = enrol(dated, course)[0]
    Enrolment.objects.filter(pk=second.pk).update(due_on=in_days(90))
    third = enrol(finished, course)[0]
    completed_at = timezone.now()
    Enrolment.objects.filter(pk=third.pk).update(completed_at=completed_at)
    signals_before = signal_log.count("enrolment_created")

    result = enrol_cohort(
        course,
        officers=[undated, dated, finished, newcomer],
        due_on=in_days(14),
        name="Refresher",
        by=reviewer,
    )

    assert result.enrolled == [newcomer]
    assert set(result.already_enrolled) == {undated, dated, finished}
    assert set(result.due_date_set) == {undated, finished}
    first.refresh_from_db()
    assert (first.due_on, first.last_page_id, first.cohort) == (
        in_days(14),
        lesson.pk,
        result.cohort,
    )
    second.refresh_from_db()
    assert (second.due_on, second.cohort) == (in_days(90), None)
    third.refresh_from_db()
    assert third.completed_at == completed_at
    assert Enrolment.objects.filter(course=course).count() == 4
    assert signal_log.count("enrolment_created") == signals_before + 1


def test_officers_missing_a_prerequisite_are_skipped_and_named(units, reviewer):
    basics = factories.make_course(title="Border basics")
    advanced = factories.make_course(title="Advanced screening", prerequisites=[basics])
    ready, not_ready = officers_of(units.checkpoint, 2)
    done = enrol(ready, basics)[0]
    Enrolment.objects.filter(pk=done.pk).update(completed_at=timezone.now())

    result = enrol_cohort(
        advanced,
        officers=[ready, not_ready],
        due_on=in_days(20),
        name="Advanced",
        by=reviewer,
    )

    assert result.enrolled == [ready]
    (skipped,) = result.skipped
    assert skipped.officer == not_ready
    assert "Border basics" in skipped.reason
    assert not Enrolment.objects.filter(user=not_ready, course=advanced).exists()


# Double submit ----------------------------------------------------------------


def test_submitting_the_same_cohort_twice_enrols_once(course, units, reviewer):
    officers_of(units.checkpoint, 3)
    arguments = {
        "unit": units.checkpoint,
        "due_on": in_days(7),
        "name": "Twice",
        "by": reviewer,
    }

    first = enrol_cohort(course, **arguments)
    second = enrol_cohort(course, **{**arguments, "name": "twice "})

    assert second.created is False
    assert second.cohort == first.cohort
    assert second.enrolled == []
    assert len(second.already_enrolled) == len(first.enrolled) == 3
    assert Cohort.objects.count() == 1
    assert Enrolment.objects.filter(course=course).count() == 3
    assert AuditEvent.objects.filter(action="cohort.enrolled").count() == 1


def test_another_due_date_makes_another_cohort(course, units, reviewer):
    officers_of(units.checkpoint, 2)
    arguments = {"unit": units.checkpoint, "name": "Same name", "by": reviewer}

    first = enrol_cohort(course, due_on=in_days(7), **arguments)
    second = enrol_cohort(course, due_on=in_days(9), **arguments)

    assert second.created is True
    assert second.cohort != first.cohort
    assert second.enrolled == []
    # Their due date stays the first cohort's.
    assert set(
        Enrolment.objects.filter(course=course).values_list("due_on", flat=True)
    ) == {in_days(7)}


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_identical_submits_at_once_make_one_cohort(units, signal_log):
    course = factories.make_course(modules=1, lessons=1)
    reviewer = factories.make_user("reviewer", organisation=units.department)
    officers = officers_of(units.checkpoint, 5)

    def submit(_index):
        return enrol_cohort(
            course, unit=units.department, due_on=in_days(7), name="Rush", by=reviewer
        )

    outcomes = run_many(submit, 12)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert Cohort.objects.count() == 1
    assert sum(len(o.enrolled) for o in outcomes) == len(officers) + 1
    assert Enrolment.objects.filter(course=course).count() == len(officers) + 1
    assert signal_log.count("enrolment_created") == len(officers) + 1
    assert AuditEvent.objects.filter(action="cohort.enrolled").count() == 1
