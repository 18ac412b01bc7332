"""The "Roles" area of the Wagtail admin: list, give and take away role assignments.

Only platform admins may use it; giving and removing go through
``accounts.roles.grant`` / ``revoke``, so groups follow and the audit log
names the admin who did it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import RoleAssignment
from accounts.roles import ORGANISATION_REVIEWERS, TRAINERS, grant
from accounts.scope import scope_for
from audit.models import AuditEvent
from tests import factories
from tests.accounts.admin_helpers import people
from tests.concurrency import run_many
from tests.courses.conftest import requires_postgresql

INDEX = reverse("roles:index")
ADD = reverse("roles:add")


@pytest.fixture
def admin(db):
    return factories.make_user("admin")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def org_a(db):
    return factories.make_organisation("ORG-A", name="Organisation A")


@pytest.fixture
def org_b(db):
    return factories.make_organisation("ORG-B", name="Organisation B")


def delete_url(assignment) -> str:
    return reverse("roles:delete", args=[assignment.pk])


def groups_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


# Who may use it -------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, course):
    officer = factories.make_user("officer")
    assignment, _ = grant(officer, "trainer", course=course)

    for url in (INDEX, ADD, delete_url(assignment)):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url
    client.post(ADD, {"user": officer.username, "role": "reviewer"})
    client.post(delete_url(assignment))
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["officer", "reviewer of A", "reviewer of B", "trainer of X"]
)
def test_nobody_but_a_platform_admin_may_see_give_or_remove_roles(
    client, course, org_a, org_b, who
):
    person = people(course, org_a, org_b)[who]
    victim = factories.make_user("officer", organisation=org_a)
    assignment, _ = grant(victim, "reviewer", organisation=org_a)
    org_c = factories.make_organisation("ORG-C")
    client.force_login(person)
    before = AuditEvent.objects.count()

    responses = [
        client.get(INDEX),
        client.get(ADD),
        client.get(delete_url(assignment)),
        client.post(
            ADD, {"user": person.username, "role": "reviewer", "organisation": org_c.pk}
        ),
        client.post(delete_url(assignment)),
    ]

    # The plain officer may not enter the admin at all; the others are refused
    # by the Roles area itself.
    expected = {302} if who == "officer" else {403}
    assert {r.status_code for r in responses} == expected
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not RoleAssignment.objects.filter(organisation=org_c).exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_the_roles_menu_item_is_for_platform_admins_only(client, course, org_a, org_b):
    trainer = people(course, org_a, org_b)["trainer of X"]
    client.force_login(trainer)
    assert INDEX not in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(factories.make_user("admin"))
    assert INDEX in client.get(reverse("wagtailadmin_home")).content.decode()


def test_assignments_cannot_be_edited_in_place():
    for name in ("roles:edit", "roles:history", "roles:usage", "roles:inspect"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1])


# The list -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_each_assignment_with_what_it_covers(admin_client, course):
    ministry = factories.make_organisation("MIN", name="Ministry of Interior")
    unit = factories.make_organisation("UNIT", name="Poipet unit")
    unit.parent = ministry
    unit.save()
    trainer = factories.make_user("trainer", username="dara", trains=[course])
    reviewer = factories.make_user("reviewer", username="sophea", reviews=unit)

    response = admin_client.get(INDEX)

    assert response.status_code == 200
    content = response.content.decode()
    assert f"{trainer.get_full_name()} (dara)" in content
    assert f"{reviewer.get_full_name()} (sophea)" in content
    assert course.title in content
    assert "Ministry of Interior › Poipet unit" in content
    assert delete_url(RoleAssignment.objects.get(user=trainer)) in content


@pytest.mark.django_db
def test_the_list_filters_by_role_course_and_organisation_and_searches_users(
    admin_client, course, org_a, org_b
):
    other_course = factories.make_course(modules=1, lessons=1)
    trainer_x = factories.make_user("trainer", username="trainer-x", trains=[course])
    trainer_y = factories.make_user(
        "trainer", username="trainer-y", trains=[other_course]
    )
    reviewer_a = factories.make_user("reviewer", username="rev-a", reviews=org_a)
    reviewer_b = factories.make_user("reviewer", username="rev-b", reviews=org_b)

    def listed(**params) -> set[str]:
        response = admin_client.get(INDEX, params)
        assert response.status_code == 200
        return {a.user.username for a in response.context["object_list"]}

    everyone = {u.username for u in (trainer_x, trainer_y, reviewer_a, reviewer_b)}
    assert listed() == everyone
    assert listed(role="trainer") == {"trainer-x", "trainer-y"}
    assert listed(role="reviewer") == {"rev-a", "rev-b"}
    assert listed(course=course.pk) == {"trainer-x"}
    assert listed(organisation=org_b.pk) == {"rev-b"}
    assert listed(q="rev-a") == {"rev-a"}
    assert listed(q=reviewer_b.full_name) == {"rev-b"}
    assert listed(q="nobody-has-this") == set()


@pytest.mark.django_db
def test_the_list_does_not_grow_queries_with_rows(
    admin_client, course, org_a, django_assert_max_num_queries
):
    for _ in range(3):
        factories.make_user("reviewer", reviews=org_a)
    with django_assert_max_num_queries(30) as few:
        admin_client.get(INDEX)
    for _ in range(15):
        factories.make_user("reviewer", reviews=org_a)
        factories.make_user("trainer", trains=[course])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(INDEX)
    assert len(response.context["object_list"]) == 20  # one page


# Giving a role ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_makes_an_officer_trainer_of_a_course(admin_client, admin, course):
    officer = factories.make_user("officer", username="sokha")

    response = admin_client.post(
        ADD, {"user": "sokha", "role": "trainer", "course": course.pk}
    )

    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=officer)
    assert (assignment.role, assignment.course_id, assignment.organisation_id) == (
        "trainer",
        course.pk,
        None,
    )
    assert assignment.granted_by == admin
    assert TRAINERS in groups_of(officer)
    assert scope_for(officer.__class__.objects.get(pk=officer.pk)).course_ids == {
        course.pk
    }
    granted = AuditEvent.objects.get(action="role.granted")
    assert granted.actor == admin
    assert granted.target_id == str(officer.pk)
    assert granted.details["course_id"] == course.pk
    group_event = AuditEvent.objects.get(action="group.changed")
    assert group_event.actor == admin
    assert group_event.details == {"added": [TRAINERS], "removed": []}


@pytest.mark.django_db
def test_an_admin_makes_someone_reviewer_of_an_organisation(admin_client, admin, org_a):
    officer = factories.make_user("officer", username="sophea")

    response = admin_client.post(
        ADD, {"user": "sophea", "role": "reviewer", "organisation": org_a.pk}
    )

    assert response.status_code == 302
    assert RoleAssignment.objects.filter(
        user=officer, role="reviewer", organisation=org_a, course=None
    ).exists()
    assert ORGANISATION_REVIEWERS in groups_of(officer)
    event = AuditEvent.objects.get(action="role.granted")
    assert (event.actor, event.organisation) == (admin, org_a)


@pytest.mark.django_db
def test_the_form_can_start_from_a_user(admin_client):
    factories.make_user("officer", username="sokha")

    response = admin_client.get(ADD, {"user": "sokha", "role": "reviewer"})

    assert response.status_code == 200
    assert response.context["form"].initial["user"] == "sokha"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": "trainer"}, "course", "A trainer needs a course"),
        ({"role": "reviewer"}, "organisation", "needs an organisation"),
        ({"role": "trainer", "course": "C", "organisation": "A"}, "organisation", ""),
        ({"role": "reviewer", "organisation": "A", "course": "C"}, "course", ""),
        ({"role": "trainer", "course": "C", "user": "nobody"}, "user", "No active"),
        ({"role": "trainer", "course": "C", "user": "gone"}, "user", "No active"),
        ({"role": "admin", "organisation": "A"}, "role", ""),
        ({"role": "trainer", "course": "999999"}, "course", ""),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    admin_client, course, org_a, data, field, message
):
    factories.make_user("officer", username="sokha")
    factories.make_user("officer", username="gone", is_active=False)
    values = {"C": str(course.pk), "A": str(org_a.pk)}
    post = {"user": "sokha", **{k: values.get(v, v) for k, v in data.items()}}
    before = (RoleAssignment.objects.count(), AuditEvent.objects.count())

    response = admin_client.post(ADD, post)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert (RoleAssignment.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_giving_the_same_role_twice_says_so(admin_client, course):
    factories.make_user("trainer", username="dara", trains=[course])
    before = AuditEvent.objects.count()

    response = admin_client.post(
        ADD, {"user": "dara", "role": "trainer", "course": course.pk}
    )

    assert response.status_code == 200
    assert "dara already has this role" in " ".join(
        response.context["form"].errors["user"]
    )
    assert RoleAssignment.objects.filter(user__username="dara").count() == 1
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_a_double_submit_gives_the_role_once(admin_client, course):
    factories.make_user("officer", username="sokha")
    data = {"user": "sokha", "role": "trainer", "course": course.pk}

    first = admin_client.post(ADD, data)
    second = admin_client.post(ADD, data)

    assert (first.status_code, second.status_code) == (302, 200)
    assert RoleAssignment.objects.filter(user__username="sokha").count() == 1
    assert AuditEvent.objects.filter(action="role.granted").count() == 1


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submits_give_the_role_once(course):
    admin = factories.make_user("admin")
    officer = factories.make_user("officer", username="sokha")
    data = {"user": "sokha", "role": "trainer", "course": course.pk}

    def submit(_index):
        client = Client()
        client.force_login(admin)
        return client.post(ADD, data).status_code

    outcomes = run_many(submit, 8)

    assert all(code in {200, 302} for code in outcomes), outcomes
    assert RoleAssignment.objects.filter(user=officer).count() == 1
    assert AuditEvent.objects.filter(action="role.granted").count() == 1


# Taking a role away --------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_removes_a_role_and_the_group_follows(admin_client, admin, org_a):
    reviewer = factories.make_user("reviewer", reviews=org_a)
    assignment = RoleAssignment.objects.get(user=reviewer)

    confirm = admin_client.get(delete_url(assignment))
    response = admin_client.post(delete_url(assignment))

    assert confirm.status_code == 200
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert ORGANISATION_REVIEWERS not in groups_of(reviewer)
    revoked = AuditEvent.objects.get(action="role.revoked")
    assert (revoked.actor, revoked.organisation) == (admin, org_a)
    left = AuditEvent.objects.filter(action="group.changed").first()
    assert left.actor == admin
    assert left.details == {"added": [], "removed": [ORGANISATION_REVIEWERS]}


@pytest.mark.django_db
def test_removing_one_of_two_roles_keeps_the_group(admin_client, course):
    other = factories.make_course(modules=1, lessons=1)
    trainer = factories.make_user("trainer", trains=[course, other])
    first = RoleAssignment.objects.get(user=trainer, course=course)

    admin_client.post(delete_url(first))

    assert list(RoleAssignment.objects.filter(user=trainer)) == [
        RoleAssignment.objects.get(user=trainer, course=other)
    ]
    assert TRAINERS in groups_of(trainer)


@pytest.mark.django_db
def test_removing_twice_is_a_not_found_the_second_time(admin_client, org_a):
    reviewer = factories.make_user("reviewer", reviews=org_a)
    assignment = RoleAssignment.objects.get(user=reviewer)

    assert admin_client.post(delete_url(assignment)).status_code == 302
    assert admin_client.post(delete_url(assignment)).status_code == 404
    assert AuditEvent.objects.filter(action="role.revoked").count() == 1


@pytest.mark.django_db
def test_the_trainers_group_is_not_created_with_data_access(db):
    # A group without an assignment grants no data (deny by default): adding
    # someone to Trainers by hand gives them no course.
    officer = factories.make_user("officer")
    officer.groups.add(Group.objects.get_or_create(name=TRAINERS)[0])
    assert scope_for(officer.__class__.objects.get(pk=officer.pk)).course_ids == set()
