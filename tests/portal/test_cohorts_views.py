"""The portal's cohort pages: who opens them, the form's answers to bad
input, and the list of cohorts in the reviewer's scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from audit.models import AuditEvent
from courses.cohorts import enrol_cohort
from courses.models import Cohort, CoursePage, Enrolment
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = reverse("portal:cohorts")
NEW_URL = reverse("portal:cohort_new")


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@dataclass
class World:
    unit_a: Organisation
    sub_a: Organisation  # under unit A
    unit_b: Organisation
    course: CoursePage
    officers_a: list
    officer_b: object
    people: dict


@pytest.fixture
def world() -> World:
    unit_a = factories.make_organisation(name="Poipet checkpoint")
    sub_a = factories.make_organisation(name="Poipet night shift")
    sub_a.parent = unit_a
    sub_a.save()
    unit_b = factories.make_organisation(name="Bavet checkpoint")
    course = factories.make_course(modules=1, lessons=1, title="Screening")
    officers_a = [
        factories.make_user(
            "officer",
            organisation=unit_a,
            staff_id="A-001",
            username="dara",
            full_name="Sok Dara",
        ),
        factories.make_user("officer", organisation=sub_a, staff_id="A-002"),
    ]
    officer_b = factories.make_user(
        "officer", organisation=unit_b, staff_id="B-001", username="vanna"
    )
    people = {
        "anonymous": None,
        "officer": officers_a[0],
        "trainer": factories.make_user("trainer", trains=[course]),
        "reviewer A": factories.make_user("reviewer", organisation=unit_a),
        "reviewer B": factories.make_user("reviewer", organisation=unit_b),
        "admin": factories.make_user("admin"),
    }
    return World(unit_a, sub_a, unit_b, course, officers_a, officer_b, people)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def form(world, **overrides):
    data = {
        "course": world.course.pk,
        "unit": "",
        "officers": "",
        "due_on": in_days(30).isoformat(),
        "name": "March intake",
    }
    data.update(overrides)
    return data


# Who opens the pages ----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("officer", 403),
        ("trainer", 403),
        ("reviewer A", 200),
        ("reviewer B", 200),
        ("admin", 200),
    ],
)
@pytest.mark.parametrize("url", [LIST_URL, NEW_URL])
def test_only_reviewers_and_admins_open_the_pages(world, who, status, url):
    response = client_for(world.people[who]).get(url)

    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["anonymous", "officer", "trainer"])
def test_nobody_else_can_post_a_cohort(world, who):
    client_for(world.people[who]).post(NEW_URL, form(world, unit=world.unit_a.pk))

    assert not Cohort.objects.exists()
    assert not Enrolment.objects.exists()


def test_the_form_offers_live_courses_and_the_reviewers_units(world):
    draft = factories.make_course(live=False, title="Draft course")
    response = client_for(world.people["reviewer A"]).get(NEW_URL)

    fields = response.context["form"].fields
    assert set(fields["unit"].queryset) == {world.unit_a, world.sub_a}
    assert world.course in fields["course"].queryset
    assert draft not in fields["course"].queryset
    content = response.content.decode()
    assert "Bavet checkpoint" not in content
    assert 'type="date"' in content


# Enrolling --------------------------------------------------------------------


def test_a_reviewer_enrols_their_unit_with_its_sub_units(world):
    reviewer = world.people["reviewer A"]

    response = client_for(reviewer).post(
        NEW_URL, form(world, unit=world.unit_a.pk), follow=True
    )

    assert response.redirect_chain[-1][0] == LIST_URL
    enrolled = set(
        Enrolment.objects.filter(course=world.course).values_list("user", flat=True)
    )
    assert enrolled == {o.pk for o in world.officers_a} | {reviewer.pk}
    assert "3 enrolled" in response.content.decode()
    cohort = Cohort.objects.get()
    assert (cohort.name, cohort.organisation, cohort.due_on) == (
        "March intake",
        world.unit_a,
        in_days(30),
    )
    assert AuditEvent.objects.filter(action="cohort.enrolled").count() == 1


def test_a_unit_of_another_reviewer_is_not_a_choice(world):
    response = client_for(world.people["reviewer A"]).post(
        NEW_URL, form(world, unit=world.unit_b.pk)
    )

    assert response.status_code == 200
    assert "valid choice" in " ".join(response.context["form"].errors["unit"])
    assert not Cohort.objects.exists()


def test_a_list_by_staff_id_email_or_username_in_any_case(world):
    first, second = world.officers_a
    lines = f"a-001\n\n  {second.email.upper()}  \nDARA\n"

    response = client_for(world.people["reviewer A"]).post(
        NEW_URL, form(world, officers=lines), follow=True
    )

    assert "2 enrolled" in response.content.decode()
    assert set(
        Enrolment.objects.filter(course=world.course).values_list("user", flat=True)
    ) == {first.pk, second.pk}
    assert Cohort.objects.get().organisation is None


def test_unknown_and_out_of_scope_lines_are_listed_alike_and_nothing_saved(world):
    lines = "A-001\nnobody@example.org\nB-001\nvanna\n"

    response = client_for(world.people["reviewer A"]).post(
        NEW_URL, form(world, officers=lines)
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["officers"]
    assert errors == [
        "Line 2: no officer in your units has the staff ID, email address or "
        "username “nobody@example.org”.",
        "Line 3: no officer in your units has the staff ID, email address or "
        "username “B-001”.",
        "Line 4: no officer in your units has the staff ID, email address or "
        "username “vanna”.",
    ]
    assert not Cohort.objects.exists()
    assert not Enrolment.objects.exists()


def test_an_email_shared_by_two_officers_asks_for_the_staff_id(world):
    shared = world.officers_a[1]
    shared.email = world.officers_a[0].email
    shared.save()

    response = client_for(world.people["reviewer A"]).post(
        NEW_URL, form(world, officers=shared.email)
    )

    assert "more than one officer" in " ".join(
        response.context["form"].errors["officers"]
    )
    assert not Cohort.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"due_on": "yesterday"}, "due_on", "valid date"),
        ({"name": ""}, "name", "required"),
        ({"course": ""}, "course", "required"),
        ({"course": "999999"}, "course", "valid choice"),
    ],
)
def test_bad_fields_are_answered_by_field(world, overrides, field, message):
    data = form(world, unit=world.unit_a.pk, **overrides)

    response = client_for(world.people["reviewer A"]).post(NEW_URL, data)

    assert message in " ".join(response.context["form"].errors[field])
    assert not Cohort.objects.exists()


def test_a_due_date_in_the_past_is_refused(world):
    data = form(world, unit=world.unit_a.pk, due_on=in_days(-1).isoformat())

    response = client_for(world.people["reviewer A"]).post(NEW_URL, data)

    assert response.context["form"].errors["due_on"] == [
        "The due date cannot be in the past."
    ]
    assert not Cohort.objects.exists()


@pytest.mark.parametrize(
    ("unit", "officers", "message"),
    [
        (True, "A-001", "not both"),
        (False, "", "Choose a unit or paste a list"),
        (False, " \n \n", "Choose a unit or paste a list"),
    ],
)
def test_a_unit_or_a_list_not_both_nor_neither(world, unit, officers, message):
    data = form(world, unit=world.unit_a.pk if unit else "", officers=officers)

    response = client_for(world.people["reviewer A"]).post(NEW_URL, data)

    assert message in " ".join(response.context["form"].non_field_errors())
    assert "There is a problem" in response.content.decode()
    assert not Cohort.objects.exists()


def test_a_double_post_makes_one_cohort_and_says_so(world):
    client = client_for(world.people["reviewer A"])
    data = form(world, unit=world.unit_a.pk)

    client.post(NEW_URL, data)
    response = client.post(NEW_URL, data, follow=True)

    assert "was already enrolled; nothing changed" in response.content.decode()
    assert Cohort.objects.count() == 1
    assert Enrolment.objects.filter(course=world.course).count() == 3


def test_skipped_officers_are_named(world):
    basics = factories.make_course(title="Border basics")
    advanced = factories.make_course(title="Advanced", prerequisites=[basics])

    response = client_for(world.people["reviewer A"]).post(
        NEW_URL, form(world, course=advanced.pk, officers="A-001"), follow=True
    )

    content = response.content.decode()
    assert "1 officer was not enrolled" in content
    assert "Sok Dara" in content
    assert "Border basics" in content


# The list ---------------------------------------------------------------------


def test_the_list_shows_cohorts_in_scope_with_counts(world):
    reviewer_a = world.people["reviewer A"]
    result = enrol_cohort(
        world.course,
        unit=world.unit_a,
        due_on=in_days(0),
        name="Poipet cohort",
        by=reviewer_a,
    )
    Enrolment.objects.filter(user=world.officers_a[0], course=world.course).update(
        completed_at=timezone.now()
    )
    Enrolment.objects.filter(user=world.officers_a[1], course=world.course).update(
        due_on=in_days(-2)
    )
    enrol_cohort(
        world.course,
        officers=[world.officer_b],
        due_on=in_days(5),
        name="Bavet cohort",
        by=world.people["reviewer B"],
    )
    # An admin's cohort mixing both units: each reviewer sees their share.
    mixed = factories.make_course(title="Mixed course")
    enrol_cohort(
        mixed,
        officers=[world.officers_a[1], world.officer_b],
        due_on=in_days(9),
        name="Mixed cohort",
        by=world.people["admin"],
    )

    response = client_for(reviewer_a).get(LIST_URL)

    rows = {
        c.name: (c.members, c.completed, c.overdue)
        for c in response.context["page"].object_list
    }
    assert rows == {"Poipet cohort": (3, 1, 1), "Mixed cohort": (1, 0, 0)}
    content = response.content.decode()
    assert "Bavet cohort" not in content
    assert result.cohort.name in content

    admin_rows = {
        c.name: c.members
        for c in client_for(world.people["admin"])
        .get(LIST_URL)
        .context["page"]
        .object_list
    }
    assert admin_rows == {"Poipet cohort": 3, "Bavet cohort": 1, "Mixed cohort": 2}


def test_the_list_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    reviewer = world.people["reviewer A"]
    client = client_for(reviewer)
    enrol_cohort(
        world.course, unit=world.unit_a, due_on=in_days(3), name="C0", by=reviewer
    )
    client.get(LIST_URL)
    with django_assert_max_num_queries(14) as few:
        client.get(LIST_URL)
    for n in range(1, 25):
        course = factories.make_course(modules=1, lessons=1)
        enrol_cohort(
            course, unit=world.unit_a, due_on=in_days(3), name=f"C{n}", by=reviewer
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)

    assert len(response.context["page"].object_list) == 25
