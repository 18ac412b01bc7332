"""The portal's officer list and officer page: scope, search in both scripts,
filters, per-officer progress, bad input, access by role and query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment
from plugins.quiz.models import Attempt
from tests import factories
from tests.certificates.factories import attach_pdf, make_certificate
from tests.portal import bulk_data
from tests.portal.world import build_world
from tests.quiz.factories import make_quiz

pytestmark = pytest.mark.django_db

LIST = reverse("portal:officers")


@pytest.fixture
def world():
    return build_world()


def detail(officer) -> str:
    return reverse("portal:officer", args=[officer.pk])


def get(user, url=LIST, **params):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url, params)


def listed(response) -> list[str]:
    return [officer.full_name for officer in response.context["page_obj"]]


def progress_of(response) -> dict[str, tuple[int, int, int]]:
    return {
        o.full_name: (o.enrolled, o.completed, o.overdue)
        for o in response.context["page_obj"]
    }


# Scope ------------------------------------------------------------------------------


def test_reviewer_lists_their_officers_and_those_of_units_below(world):
    response = get(world.reviewer_a)
    html = response.content.decode()

    assert response.status_code == 200
    assert listed(response) == ["Chan Thy", "Keo Lina", "Meas Sophea", "Sok Dara"]
    assert progress_of(response) == {
        "Chan Thy": (2, 1, 0),
        "Keo Lina": (1, 0, 0),
        "Meas Sophea": (0, 0, 0),
        "Sok Dara": (2, 1, 1),
    }
    assert '<span lang="km">សុខ ដារា</span>' in html
    assert "Immigration Department" in html and "Poipet Border Unit" in html
    assert "Phnom Penh" in html and "Siemreap" in html


def test_reviewer_of_a_sees_nothing_of_b(world):
    html = get(world.reviewer_a).content.decode()

    assert world.b1.full_name not in html
    assert world.b1.full_name_km not in html
    assert world.b1.staff_id not in html
    assert "Customs Department" not in html


def test_reviewer_of_b_sees_nothing_of_a(world):
    response = get(world.reviewer_b)
    html = response.content.decode()

    assert listed(response) == ["Outsider Bora"]
    for officer in (world.a1, world.a2, world.a3, world.a4):
        assert officer.full_name not in html
        assert officer.staff_id not in html
    assert world.a1.full_name_km not in html


def test_unit_reviewer_sees_only_the_unit(world):
    assert listed(get(world.reviewer_u)) == ["Chan Thy", "Keo Lina", "Meas Sophea"]


def test_admin_sees_every_officer(world):
    names = listed(get(world.admin))

    assert {"Sok Dara", "Outsider Bora", "Keo Lina"} <= set(names)


# Search and filters -------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ដារា", ["Sok Dara"]),  # Khmer script, part of the name
        ("ចាន់ ធី", ["Chan Thy"]),  # Khmer with a space
        ("chan", ["Chan Thy"]),  # Latin, any case
        ("  keo   ", ["Keo Lina"]),  # spaces around
        ("A-003", ["Keo Lina"]),  # staff ID
        ("a-00", ["Chan Thy", "Keo Lina", "Meas Sophea", "Sok Dara"]),
        ("example.org", ["Chan Thy", "Keo Lina", "Meas Sophea", "Sok Dara"]),
        ("Bora", []),  # B's officer, out of scope
        ("បូរ៉ា", []),
        ("B-999", []),
        ("'; DROP TABLE accounts_user; --", []),
    ],
)
def test_search(world, query, expected):
    assert listed(get(world.reviewer_a, q=query)) == expected


def test_search_by_email(world):
    assert listed(get(world.reviewer_a, q=world.a3.email)) == ["Keo Lina"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"unit": "unit"}, ["Chan Thy", "Keo Lina", "Meas Sophea"]),
        ({"unit": "department"}, ["Chan Thy", "Keo Lina", "Meas Sophea", "Sok Dara"]),
        ({"province": "12"}, ["Sok Dara"]),
        ({"province": "25"}, []),
        ({"course": "y"}, ["Chan Thy", "Sok Dara"]),
        ({"course": "x"}, ["Chan Thy", "Keo Lina", "Sok Dara"]),
        ({"status": "overdue"}, ["Sok Dara"]),
        ({"status": "not_enrolled"}, ["Meas Sophea"]),
        ({"status": "not_started"}, ["Keo Lina"]),
        ({"status": "in_progress"}, ["Chan Thy", "Sok Dara"]),
        ({"status": "complete"}, []),
        ({"course": "x", "status": "complete"}, ["Sok Dara"]),
        ({"course": "x", "status": "in_progress"}, ["Chan Thy"]),
        ({"course": "y", "status": "complete"}, ["Chan Thy"]),
        ({"course": "y", "status": "not_enrolled"}, ["Keo Lina", "Meas Sophea"]),
        ({"course": "y", "status": "overdue"}, ["Sok Dara"]),
        ({"unit": "unit", "status": "not_started", "q": "keo"}, ["Keo Lina"]),
    ],
)
def test_filters(world, params, expected):
    values = {
        "unit": lambda v: getattr(world, v).pk,
        "course": lambda v: getattr(world, v).pk,
    }
    query = {k: values.get(k, lambda v: v)(v) for k, v in params.items()}

    response = get(world.reviewer_a, **query)

    assert response.status_code == 200
    assert not response.context["form"].errors
    assert listed(response) == expected


def test_course_filter_counts_only_that_course(world):
    response = get(world.reviewer_a, course=world.y.pk)

    assert progress_of(response) == {"Chan Thy": (1, 1, 0), "Sok Dara": (1, 0, 1)}


@pytest.mark.parametrize(
    "params",
    [
        {"unit": "other"},
        {"unit": "999999"},
        {"unit": "x"},
        {"status": "finished"},
        {"province": "99"},
        {"course": "999999"},
        {"q": "x" * 201},
    ],
)
def test_bad_filters_are_reported_and_never_widen_the_scope(world, params):
    if params.get("unit") == "other":
        params = {"unit": world.other.pk}
    response = get(world.reviewer_a, **params)
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'class="error-summary"' in html
    assert listed(response) == ["Chan Thy", "Keo Lina", "Meas Sophea", "Sok Dara"]
    assert world.b1.full_name not in html


def test_unit_and_course_choices(world):
    form = get(world.reviewer_u).context["form"]

    assert list(form.fields["unit"].queryset) == [world.unit]
    assert {world.x, world.y} <= set(form.fields["course"].queryset)


def test_pages_of_fifty_keep_the_filters(db):
    data = bulk_data.build(120, courses=2)
    client = Client()
    client.force_login(data.admin)

    query = "BULK0"  # the officers' staff IDs, not the portal users'
    first = client.get(LIST, {"q": query, "course": data.courses[0].pk})
    last = client.get(LIST, {"q": query, "page": 3})
    beyond = client.get(LIST, {"q": query, "page": 99})
    nonsense = client.get(LIST, {"q": query, "page": "abc"})

    assert first.context["page_obj"].paginator.count == 120
    assert len(first.context["page_obj"].object_list) == 50
    html = first.content.decode()
    assert f"q={query}" in html and f"course={data.courses[0].pk}" in html
    assert "page=2" in html
    assert len(last.context["page_obj"].object_list) == 20
    assert beyond.context["page_obj"].number == 3
    assert nonsense.context["page_obj"].number == 1


def test_khmer_interface(world):
    client = Client()
    client.force_login(world.reviewer_a)
    client.cookies["lms_language"] = "km"

    response = client.get(LIST, {"q": "ដារា"})
    html = response.content.decode()

    assert '<html lang="km">' in html
    assert listed(response) == ["Sok Dara"]
    assert '<span lang="km">សុខ ដារា</span>' in html
    assert "រាជធានីភ្នំពេញ" in html  # Phnom Penh, in Khmer


# Access -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "detail"])
def test_anonymous_is_sent_to_sign_in(world, page):
    response = get(None, LIST if page == "list" else detail(world.a1))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["officer", "trainer"])
@pytest.mark.parametrize("page", ["list", "detail"])
def test_officers_and_trainers_are_refused(world, who, page):
    # The trainer trains course X, in which a1 is enrolled: still not a reviewer.
    response = get(getattr(world, who), LIST if page == "list" else detail(world.a1))

    assert response.status_code == 403
    assert "Sok Dara" not in response.content.decode()


@pytest.mark.parametrize(
    "who, officer, status",
    [
        ("reviewer_a", "a1", 200),
        ("reviewer_a", "a3", 200),  # in a unit under the ministry
        ("reviewer_a", "b1", 404),
        ("reviewer_u", "a1", 404),  # a1 is in the department, above the unit
        ("reviewer_b", "b1", 200),
        ("reviewer_b", "a1", 404),
        ("admin", "b1", 200),
        ("admin", "a1", 200),
    ],
)
def test_officer_page_only_within_scope(world, who, officer, status):
    response = get(getattr(world, who), detail(getattr(world, officer)))

    assert response.status_code == status
    if status == 404:
        assert getattr(world, officer).full_name not in response.content.decode()


def test_officer_page_of_a_reviewer_themselves_is_not_found(world):
    # A reviewer is not one of the officers they review unless in the unit.
    assert get(world.reviewer_a, detail(world.reviewer_a)).status_code == 404


def test_unknown_officer_is_not_found(world):
    assert get(world.admin, reverse("portal:officer", args=[999999])).status_code == 404


# The officer page ---------------------------------------------------------------------


def test_officer_page_shows_progress_due_dates_quizzes_and_certificates(world):
    quiz = make_quiz(factories.modules_of(world.x)[0], title="Border quiz")
    x_enrolment = Enrolment.objects.get(user=world.a2, course=world.x)
    now = timezone.now()
    for number, (percent, passed) in enumerate([(40, False), (85, True)], start=1):
        Attempt.objects.create(
            quiz=quiz,
            user=world.a2,
            enrolment=x_enrolment,
            number=number,
            state="finished",
            seed=number,
            started_at=now,
            submitted_at=now,
            score=Decimal(percent),
            max_score=Decimal(100),
            percent=Decimal(percent),
            passed=passed,
        )
    Enrolment.objects.filter(pk=x_enrolment.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    ready = attach_pdf(
        make_certificate(user=world.a2, course=world.x, officer_name="Chan Thy")
    )

    response = get(world.reviewer_a, detail(world.a2))
    html = response.content.decode()

    assert response.status_code == 200
    rows = {row["enrolment"].course_id: row for row in response.context["rows"]}
    # X: one of two lessons and the quiz (three activities) done.
    assert rows[world.x.pk]["progress"].percent == 33
    assert rows[world.x.pk]["overdue"] is True
    assert rows[world.y.pk]["enrolment"].is_complete
    assert "Overdue" in html
    [result] = response.context["quiz_results"]
    assert (result["quiz__title"], result["attempts"], result["best"]) == (
        "Border quiz",
        2,
        Decimal(85),
    )
    assert "85%" in html and "Passed" in html
    download = reverse("certificates:download", args=[ready.code])
    assert f'href="{download}"' in html
    # The certificate of last month has no PDF yet: no link, its state instead.
    pending = world.a2.certificates.exclude(pk=ready.pk).get()
    assert reverse("certificates:download", args=[pending.code]) not in html
    assert pending.display_code in html


def test_officer_page_of_another_organisation_shows_no_quiz_or_certificate(world):
    make_certificate(user=world.b1, course=world.y)

    response = get(world.reviewer_a, detail(world.b1))

    assert response.status_code == 404
    assert world.b1.certificates.first().display_code not in response.content.decode()


# Query counts -----------------------------------------------------------------------

MAX_LIST_QUERIES = 14
MAX_DETAIL_QUERIES = 16


def queries(user, url, **params) -> int:
    client = Client()
    client.force_login(user)
    client.get(url, params)  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "Officer"},
        {"status": "overdue"},
        {"status": "in_progress", "course": "first", "unit": "first"},
    ],
)
def test_list_query_count_is_the_same_for_10_and_200_officers(
    params, django_assert_max_num_queries
):
    data = bulk_data.build(10, courses=3)
    values = {"course": data.courses[0].pk, "unit": data.units_a[0].pk}
    params = {k: values.get(k, v) if v == "first" else v for k, v in params.items()}
    small = queries(data.reviewer_a, LIST, **params)
    bulk_data.add_officers(data, 190)

    assert queries(data.reviewer_a, LIST, **params) == small
    client = Client()
    client.force_login(data.reviewer_a)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        assert client.get(LIST, params).status_code == 200


def test_detail_query_count_stays_bounded(world, django_assert_max_num_queries):
    for course in [factories.make_course(modules=1, lessons=1) for _ in range(5)]:
        Enrolment.objects.create(user=world.a1, course=course)
        make_certificate(user=world.a1, course=course)
    client = Client()
    client.force_login(world.reviewer_a)
    client.get(detail(world.a1))

    with django_assert_max_num_queries(MAX_DETAIL_QUERIES):
        response = client.get(detail(world.a1))

    assert len(response.context["rows"]) == 7
    assert len(response.context["certificates"]) == 6
