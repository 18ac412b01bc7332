"""The portal's certificates page and its "Download all as ZIP" button: who
may open them, what the filters select, and one job per double click."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from certificates.models import Certificate
from portal.models import Job
from tests import factories
from tests.certificates.factories import attach_pdf, make_certificate
from tests.courses.conftest import requires_postgresql

pytestmark = pytest.mark.django_db

LIST_URL = reverse("portal:certificates")
ZIP_URL = reverse("portal:certificates_zip")
TODAY = timezone.localdate()
DAYS = datetime.timedelta(days=1)


@dataclass
class World:
    """Ministry A (with units A1 and A2 under it) and organisation B.

    Certificates: ``a1_valid`` (course X, PDF), ``a2_expired`` (course Y,
    PDF, issued 400 days ago), ``a1_revoked`` (course Y, PDF),
    ``a2_pending`` (course X, no PDF yet), ``b_valid`` (course X, B's).
    """

    ministry: object
    unit_a1: object
    unit_a2: object
    org_b: object
    course_x: object
    course_y: object
    officer_a1: object
    officer_a2: object
    officer_b: object
    reviewer_a: object
    reviewer_a_second: object
    reviewer_b: object
    trainer: object
    admin: object
    a1_valid: Certificate
    a2_expired: Certificate
    a1_revoked: Certificate
    a2_pending: Certificate
    b_valid: Certificate

    def of_a(self) -> set[Certificate]:
        return {self.a1_valid, self.a2_expired, self.a1_revoked, self.a2_pending}

    def roles(self) -> dict[str, object]:
        return {
            "anonymous": None,
            "officer": self.officer_a1,
            "reviewer A": self.reviewer_a,
            "second reviewer of A": self.reviewer_a_second,
            "reviewer B": self.reviewer_b,
            "trainer": self.trainer,
            "admin": self.admin,
        }


@pytest.fixture
def world() -> World:
    ministry = factories.make_organisation(name="Ministry A")
    unit_a1 = factories.make_organisation(name="Unit A1")
    unit_a2 = factories.make_organisation(name="Unit A2")
    for unit in (unit_a1, unit_a2):
        unit.parent = ministry
        unit.save()
    org_b = factories.make_organisation(name="Organisation B")
    course_x = factories.make_course(modules=1, lessons=1, title="Border checks")
    course_y = factories.make_course(modules=1, lessons=1, title="Victim care")
    officer_a1 = factories.make_user(
        "officer", full_name="Sok Dara", full_name_km="សុខ ដារា", organisation=unit_a1
    )
    officer_a2 = factories.make_user(
        "officer",
        full_name="Chan Sophea",
        full_name_km="ចាន់ សោភា",
        organisation=unit_a2,
    )
    officer_b = factories.make_user(
        "officer", full_name="Keo Bopha", organisation=org_b
    )
    long_ago = TODAY - 400 * DAYS
    return World(
        ministry=ministry,
        unit_a1=unit_a1,
        unit_a2=unit_a2,
        org_b=org_b,
        course_x=course_x,
        course_y=course_y,
        officer_a1=officer_a1,
        officer_a2=officer_a2,
        officer_b=officer_b,
        reviewer_a=factories.make_user("reviewer", reviews=ministry),
        reviewer_a_second=factories.make_user("reviewer", reviews=ministry),
        reviewer_b=factories.make_user("reviewer", reviews=org_b),
        trainer=factories.make_user("trainer", trains=[course_x]),
        admin=factories.make_user("admin"),
        a1_valid=attach_pdf(make_certificate(user=officer_a1, course=course_x)),
        a2_expired=attach_pdf(
            make_certificate(
                user=officer_a2,
                course=course_y,
                issued_on=long_ago,
                expires_on=long_ago + 365 * DAYS,
            )
        ),
        a1_revoked=attach_pdf(
            make_certificate(
                user=officer_a1,
                course=course_y,
                revoked_at=timezone.now(),
                revoked_reason="Issued in error",
            )
        ),
        a2_pending=make_certificate(user=officer_a2, course=course_x),
        b_valid=attach_pdf(make_certificate(user=officer_b, course=course_x)),
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def listed(response) -> set[str]:
    """The codes of the certificates on a list page."""
    assert response.status_code == 200, response.content[:500]
    return {c.code for c in response.context["certificates"]}


def codes(certificates) -> set[str]:
    return {c.code for c in certificates}


# Who may open the page ----------------------------------------------------------


def test_only_reviewers_and_admins_open_the_page_and_see_their_scope(world):
    expected = {
        "reviewer A": codes(world.of_a()),
        "second reviewer of A": codes(world.of_a()),
        "reviewer B": {world.b_valid.code},
        "admin": codes(world.of_a() | {world.b_valid}),
    }
    for role, user in world.roles().items():
        response = client_for(user).get(LIST_URL)
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
        elif role in {"officer", "trainer"}:
            assert response.status_code == 403, role
        else:
            assert listed(response) == expected[role], role


def test_a_row_shows_names_in_both_scripts_unit_course_date_status_and_links(world):
    response = client_for(world.reviewer_a).get(LIST_URL, {"course": world.course_x.pk})

    html = response.content.decode()
    certificate = world.a1_valid
    assert "Sok Dara" in html and "សុខ ដារា" in html
    assert "Unit A1" in html
    assert "Border checks" in html
    assert certificate.issued_on.isoformat() in html  # <time datetime=...>
    assert certificate.display_code in html
    assert certificate.get_verification_path() in html
    assert reverse("certificates:download", args=[certificate.code]) in html
    # The pending certificate has no download link yet.
    assert reverse("certificates:download", args=[world.a2_pending.code]) not in html
    assert "Being prepared" in html
    # Nothing of organisation B.
    assert "Keo Bopha" not in html and world.b_valid.code not in html
    assert "Organisation B" not in html  # not even as a unit choice


# Filters ----------------------------------------


def test_each_filter_narrows_the_list(world):
    client = client_for(world.reviewer_a)
    cases = [
        ({"course": world.course_x.pk}, {world.a1_valid, world.a2_pending}),
        ({"course": world.course_y.pk}, {world.a2_expired, world.a1_revoked}),
        ({"unit": world.unit_a1.pk}, {world.a1_valid, world.a1_revoked}),
        ({"unit": world.ministry.pk}, world.of_a()),  # and the units under it
        ({"status": "valid"}, {world.a1_valid, world.a2_pending}),
        ({"status": "expired"}, {world.a2_expired}),
        ({"status": "revoked"}, {world.a1_revoked}),
        ({"issued_to": (TODAY - DAYS).isoformat()}, {world.a2_expired}),
        ({"issued_from": TODAY.isoformat()}, world.of_a() - {world.a2_expired}),
        (
            {"issued_from": TODAY.isoformat(), "issued_to": TODAY.isoformat()},
            world.of_a() - {world.a2_expired},
        ),
        (
            {"unit": world.unit_a2.pk, "course": world.course_x.pk},
            {world.a2_pending},
        ),
        ({"unit": world.unit_a2.pk, "status": "revoked"}, set()),
    ]
    for params, expected in cases:
        assert listed(client.get(LIST_URL, params)) == codes(expected), params


def test_a_unit_outside_the_scope_is_an_error_not_an_empty_list(world):
    response = client_for(world.reviewer_a).get(LIST_URL, {"unit": world.org_b.pk})

    assert response.status_code == 200
    assert listed(response) == set()
    assert "unit" in response.context["filters"].errors
    assert "Check the filters" in response.content.decode()
    # No ZIP button for a selection that is not valid.
    assert ZIP_URL not in response.content.decode()


@pytest.mark.parametrize(
    "params, field",
    [
        ({"issued_from": "2026-13-01"}, "issued_from"),
        ({"issued_to": "yesterday"}, "issued_to"),
        ({"course": "x"}, "course"),
        ({"course": "999999"}, "course"),
        ({"status": "lost"}, "status"),
        ({"issued_from": "2026-02-01", "issued_to": "2026-01-01"}, "issued_to"),
    ],
)
def test_bad_filters_say_what_is_wrong_and_show_nothing(world, params, field):
    response = client_for(world.reviewer_a).get(LIST_URL, params)

    assert listed(response) == set()
    errors = response.context["filters"].errors
    assert list(errors) == [field]
    for message in errors[field]:
        assert message in response.content.decode().replace("&#x27;", "'")


def test_a_course_with_no_visible_certificate_is_not_offered(world):
    hidden_course = factories.make_course(modules=1, lessons=1, title="Customs law")
    attach_pdf(make_certificate(user=world.officer_b, course=hidden_course))

    response = client_for(world.reviewer_a).get(LIST_URL)

    choices = dict(response.context["filters"].fields["course"].choices)
    assert world.course_x.pk in choices and world.course_y.pk in choices
    assert hidden_course.pk not in choices
    assert "Customs law" not in response.content.decode()


# Pages and queries ----------------------------------------


def test_pages_of_fifty_keep_the_filters(world):
    for _ in range(55):
        officer = factories.make_user("officer", organisation=world.unit_a1)
        make_certificate(user=officer, course=world.course_x)
    client = client_for(world.reviewer_a)

    first = client.get(LIST_URL, {"course": world.course_x.pk})
    second = client.get(LIST_URL, {"course": world.course_x.pk, "page": 2})

    assert len(first.context["certificates"]) == 50
    assert len(second.context["certificates"]) == 57 - 50
    assert (
        f"course={world.course_x.pk}" in first.content.decode().split('rel="next"')[0]
    )
    assert not listed(first) & listed(second)


def test_the_query_count_does_not_grow_with_the_rows(
    world, django_assert_max_num_queries
):
    client = client_for(world.reviewer_a)
    client.get(LIST_URL)  # warm caches (content types, site)
    with django_assert_max_num_queries(10) as few:
        client.get(LIST_URL)
    for _ in range(40):
        officer = factories.make_user("officer", organisation=world.unit_a2)
        attach_pdf(make_certificate(user=officer, course=world.course_y))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)
    assert len(response.context["certificates"]) == 44


# Download all as ZIP ----------------------------------------


def post_zip(client, **filters):
    data = {"course": "", "unit": "", "issued_from": "", "issued_to": "", "status": ""}
    data.update({k: str(v) for k, v in filters.items()})
    return client.post(ZIP_URL, data)


def test_the_zip_button_creates_a_job_with_the_filters_and_opens_it(
    world, django_capture_on_commit_callbacks
):
    client = client_for(world.reviewer_a)
    page = client.get(LIST_URL, {"unit": world.unit_a1.pk, "status": "valid"})
    html = page.content.decode()
    assert f'action="{ZIP_URL}"' in html
    assert f'name="unit" value="{world.unit_a1.pk}"' in html
    assert 'name="status" value="valid"' in html

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_zip(client, unit=world.unit_a1.pk, status="valid")

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:job", args=[job.pk])
    assert job.kind == Job.Kind.CERTIFICATES_ZIP
    assert job.requested_by == world.reviewer_a
    assert job.params == {
        "course": None,
        "unit": world.unit_a1.pk,
        "issued_from": None,
        "issued_to": None,
        "status": "valid",
    }
    assert len(callbacks) == 1  # the task, queued once the job is committed
    job.refresh_from_db()
    assert job.status == Job.Status.DONE  # the immediate backend ran it
    assert job.result["count"] == 1
    event = AuditEvent.objects.get(action="certificates.zip_requested")
    assert event.actor == world.reviewer_a
    assert event.target_id == str(job.pk)
    assert event.details["count"] == 1
    assert event.details["filters"] == job.params


def test_only_reviewers_and_admins_may_ask_for_a_zip(world):
    for role, user in world.roles().items():
        response = post_zip(client_for(user))
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
        elif role in {"officer", "trainer"}:
            assert response.status_code == 403, role
        else:
            assert response.status_code == 302, role
            assert response["Location"].startswith("/portal/jobs/"), role
    requesters = set(Job.objects.values_list("requested_by__username", flat=True))
    assert requesters == {
        world.reviewer_a.username,
        world.reviewer_a_second.username,
        world.reviewer_b.username,
        world.admin.username,
    }
    assert client_for(world.reviewer_a).get(ZIP_URL).status_code == 405


def test_a_zip_of_nothing_or_of_bad_filters_makes_no_job(world):
    client = client_for(world.reviewer_a)

    empty = post_zip(client, unit=world.unit_a2.pk, status="revoked")
    outside = post_zip(client, unit=world.org_b.pk)
    bad_date = post_zip(client, issued_from="not a date")

    assert not Job.objects.exists()
    assert empty.status_code == 302
    assert empty["Location"].startswith(LIST_URL + "?")
    assert f"unit={world.unit_a2.pk}" in empty["Location"]
    for response in (outside, bad_date):
        assert response.status_code == 302
    messages = [str(m) for m in client.get(LIST_URL).context["messages"]]
    assert any("No certificate" in m for m in messages)
    assert any("not valid" in m for m in messages)


def test_a_double_submit_lands_on_the_same_job(world):
    client = client_for(world.reviewer_a)

    first = post_zip(client, course=world.course_x.pk)
    second = post_zip(client, course=world.course_x.pk)
    other_filters = post_zip(client, course=world.course_y.pk)

    assert first["Location"] == second["Location"]
    assert other_filters["Location"] != first["Location"]
    assert Job.objects.count() == 2
    assert AuditEvent.objects.filter(action="certificates.zip_requested").count() == 2
    # Another reviewer with the same filters gets a job of their own.
    post_zip(client_for(world.reviewer_a_second), course=world.course_x.pk)
    assert Job.objects.count() == 3


def test_a_failed_or_old_finished_job_is_not_reused(world):
    client = client_for(world.reviewer_a)
    post_zip(client)
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED)
    post_zip(client)
    assert Job.objects.count() == 2

    newer = Job.objects.exclude(pk=job.pk).get()
    Job.objects.filter(pk=newer.pk).update(
        status=Job.Status.DONE, created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    post_zip(client)
    assert Job.objects.count() == 3


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submits_make_one_job(world):
    from tests.concurrency import run_many

    def submit(_index):
        return post_zip(client_for(world.reviewer_a), course=world.course_x.pk)

    responses = run_many(submit, 6)

    assert all(r.status_code == 302 for r in responses), responses
    assert len({r["Location"] for r in responses}) == 1
    assert Job.objects.count() == 1
