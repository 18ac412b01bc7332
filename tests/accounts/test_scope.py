"""accounts.scope: who sees which officers, enrolments, attempts and certificates."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from accounts.models import Organisation, User
from accounts.roles import ORGANISATION_REVIEWERS, TRAINERS, grant, revoke
from accounts.scope import (
    organisation_ancestor_ids,
    organisation_ids_under,
    reviewers_of,
    scope_for,
)
from certificates.models import Certificate
from courses.enrolment import enrol
from courses.models import Enrolment
from tests import factories
from tests.certificates.factories import make_certificate


@pytest.fixture
def world(db):
    ministry = Organisation.objects.create(code="moi", name="MoI", kind="ministry")
    department = Organisation.objects.create(
        code="gdi", name="GDI", kind="department", parent=ministry
    )
    unit = Organisation.objects.create(
        code="poipet", name="Poipet unit", kind="unit", parent=department
    )
    other = Organisation.objects.create(code="gdce", name="GDCE", kind="department")
    other_unit = Organisation.objects.create(
        code="bavet-customs", name="Bavet customs", kind="unit", parent=other
    )
    course_x = factories.make_course(modules=1, lessons=1)
    course_y = factories.make_course(modules=1, lessons=1)
    a1 = factories.make_user(organisation=unit, full_name="Alpha One")
    b1 = factories.make_user(organisation=other_unit, full_name="Bravo One")
    for officer in (a1, b1):
        for course in (course_x, course_y):
            enrol(officer, course)
    return {
        "ministry": ministry,
        "department": department,
        "unit": unit,
        "other": other,
        "other_unit": other_unit,
        "x": course_x,
        "y": course_y,
        "a1": a1,
        "b1": b1,
        "reviewer_a": factories.make_user("reviewer", reviews=ministry),
        "reviewer_b": factories.make_user("reviewer", reviews=other),
        "trainer_x": factories.make_user("trainer", trains=[course_x]),
        "admin": factories.make_user("admin"),
    }


def officers_seen(user) -> set[str]:
    return set(
        User.objects.visible_to(user)
        .filter(full_name__in=["Alpha One", "Bravo One"])
        .values_list("full_name", flat=True)
    )


def enrolments_seen(world, user) -> set[tuple[str, str]]:
    names = {world["x"].pk: "x", world["y"].pk: "y"}
    return {
        (e.user.full_name, names[e.course_id])
        for e in Enrolment.objects.visible_to(user).select_related("user")
        if e.course_id in names
    }


def test_reviewer_sees_officers_of_units_at_any_depth_below(world):
    assert officers_seen(world["reviewer_a"]) == {"Alpha One"}
    assert officers_seen(world["reviewer_b"]) == {"Bravo One"}
    assert enrolments_seen(world, world["reviewer_a"]) == {
        ("Alpha One", "x"),
        ("Alpha One", "y"),
    }


def test_trainer_sees_only_their_course_of_every_officer(world):
    assert officers_seen(world["trainer_x"]) == {"Alpha One", "Bravo One"}
    assert enrolments_seen(world, world["trainer_x"]) == {
        ("Alpha One", "x"),
        ("Bravo One", "x"),
    }


def test_officer_sees_only_themselves(world):
    assert officers_seen(world["a1"]) == {"Alpha One"}
    assert enrolments_seen(world, world["a1"]) == {
        ("Alpha One", "x"),
        ("Alpha One", "y"),
    }


def test_admin_sees_everything_and_anonymous_nothing(world):
    assert officers_seen(world["admin"]) == {"Alpha One", "Bravo One"}
    assert len(enrolments_seen(world, world["admin"])) == 4
    assert not User.objects.visible_to(AnonymousUser()).exists()
    assert not Enrolment.objects.visible_to(None).exists()


def test_inactive_users_see_nothing(world):
    reviewer = world["reviewer_a"]
    reviewer.is_active = False
    reviewer.save()
    assert officers_seen(User.objects.get(pk=reviewer.pk)) == set()


def test_assignment_without_group_grants_nothing(world):
    reviewer = User.objects.get(pk=world["reviewer_a"].pk)
    reviewer.groups.remove(Group.objects.get(name=ORGANISATION_REVIEWERS))
    assert officers_seen(User.objects.get(pk=reviewer.pk)) == set()


def test_group_without_assignment_grants_nothing(world):
    lurker = factories.make_user("officer", organisation=world["other_unit"])
    lurker.groups.add(Group.objects.get_or_create(name=ORGANISATION_REVIEWERS)[0])
    lurker.groups.add(Group.objects.get_or_create(name=TRAINERS)[0])
    scope = scope_for(User.objects.get(pk=lurker.pk))
    assert not scope.is_reviewer and not scope.is_trainer
    assert officers_seen(User.objects.get(pk=lurker.pk)) == set()


def test_revoking_the_last_assignment_leaves_the_group_and_the_data(world):
    reviewer = world["reviewer_a"]
    (assignment,) = reviewer.role_assignments.all()
    revoke(assignment, by=world["admin"])
    fresh = User.objects.get(pk=reviewer.pk)
    assert not fresh.groups.filter(name=ORGANISATION_REVIEWERS).exists()
    assert officers_seen(fresh) == set()


def test_grant_is_idempotent_and_audited(world):
    from audit.models import AuditEvent

    reviewer = world["reviewer_b"]
    _, created = grant(reviewer, "reviewer", organisation=world["other"])
    assert created is False
    _, created = grant(
        reviewer, "reviewer", organisation=world["unit"], by=world["admin"]
    )
    assert created is True
    event = AuditEvent.objects.filter(action="role.granted").latest("at")
    assert event.actor == world["admin"]
    assert event.details["organisation_id"] == world["unit"].pk
    assert officers_seen(User.objects.get(pk=reviewer.pk)) == {"Alpha One", "Bravo One"}


def test_certificates_follow_the_same_scope(world):
    mine = make_certificate(world["a1"], world["x"])
    theirs = make_certificate(world["b1"], world["y"])

    def seen(user):
        return set(Certificate.objects.visible_to(user).values_list("pk", flat=True))

    assert seen(world["reviewer_a"]) == {mine.pk}
    assert seen(world["reviewer_b"]) == {theirs.pk}
    assert seen(world["trainer_x"]) == {mine.pk}
    assert seen(world["a1"]) == {mine.pk}
    assert seen(world["admin"]) >= {mine.pk, theirs.pk}


def test_tree_helpers(world):
    assert organisation_ids_under(world["ministry"].pk) == {
        world["ministry"].pk,
        world["department"].pk,
        world["unit"].pk,
    }
    assert organisation_ancestor_ids(world["unit"].pk) == [
        world["unit"].pk,
        world["department"].pk,
        world["ministry"].pk,
    ]
    assert list(reviewers_of(world["unit"].pk)) == [world["reviewer_a"]]
    assert list(reviewers_of(world["other_unit"].pk)) == [world["reviewer_b"]]


def test_scope_is_computed_once_per_user_object(world, django_assert_num_queries):
    reviewer = User.objects.get(pk=world["reviewer_a"].pk)
    scope_for(reviewer)
    with django_assert_num_queries(0):
        scope_for(reviewer)


def test_reviewed_q_is_the_portal_view_without_own_rows_or_trainees(world):
    def officers(user):
        return set(
            User.objects.filter(scope_for(user).reviewed_q(user="")).values_list(
                "full_name", flat=True
            )
        ) & {"Alpha One", "Bravo One"}

    assert officers(world["reviewer_a"]) == {"Alpha One"}
    assert officers(world["reviewer_b"]) == {"Bravo One"}
    assert officers(world["trainer_x"]) == set()
    assert officers(world["a1"]) == set()
    assert officers(world["admin"]) == {"Alpha One", "Bravo One"}
    assert (
        not Enrolment.objects.filter(scope_for(world["reviewer_a"]).reviewed_q())
        .exclude(user=world["a1"])
        .exists()
    )


def test_trained_q_keeps_only_the_trainers_courses(world):
    trained = Enrolment.objects.filter(scope_for(world["trainer_x"]).trained_q())
    assert set(trained.values_list("course_id", flat=True)) == {world["x"].pk}
    assert not Enrolment.objects.filter(scope_for(world["a1"]).trained_q()).exists()
    assert Enrolment.objects.filter(scope_for(world["admin"]).trained_q()).count() == 4
