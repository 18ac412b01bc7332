"""Pages of the learning path run a fixed number of queries, whatever the data.

One data set is built for the whole module (inside a transaction rolled back at
the end): first 5 courses, when every page is measured, then 45 more (50 courses
of 2 modules x 2-3 lessons, 250 lessons). The main officer is enrolled in all of
them with a progress row for every lesson (250 rows; with a second officer the
table holds 500). Each page must then stay under a fixed maximum and run exactly
as many queries as with 5 courses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.enrolment import enrol
from courses.models import ActivityProgress, Enrolment, ModuleCompletion
from tests import factories

SMALL, LARGE = 5, 50

#: The most queries each page may run (measured, plus a little room: an N+1 over
#: a page of 20 courses or 50 enrolments would add far more).
MAX_QUERIES = {
    "catalog, anonymous": 11,
    # +1: "taught in" a language lists the courses once to read what each
    # really has in it (courses.availability, cached).
    "catalog, anonymous, topic and language": 12,
    # +1: the Khmer search index catches up with pages published since.
    "catalog, anonymous, search": 14,
    "catalog, signed in": 14,
    "catalog, signed in, topic and language": 15,
    "catalog, signed in, search": 17,
    "course page, enrolled": 20,  # +1: its language versions (one query)
    "lesson page, enrolled, seen before": 26,
    "lesson page, enrolled, first view": 33,
    "dashboard": 9,
}
PAGES = list(MAX_QUERIES)


@dataclass
class DataSet:
    catalog: object = None
    topics: list = field(default_factory=list)
    courses: list = field(default_factory=list)
    officer: object = None
    second_officer: object = None
    #: Queries per page, measured when the catalog held only ``SMALL`` courses.
    small_counts: dict[str, int] = field(default_factory=dict)


def add_courses(data: DataSet, how_many: int):
    start = len(data.courses)
    for i in range(start, start + how_many):
        course = factories.make_course(
            data.catalog,
            title=f"Course {i:03d} on border procedures",
            modules=2,
            lessons=2 + i % 2,
            topics=[data.topics[i % 2]],
        )
        data.courses.append(course)
        lessons = factories.lessons_of(course)
        modules = factories.modules_of(course)
        now = timezone.now() - timedelta(minutes=how_many - i)
        for user in (data.officer, data.second_officer):
            enrolment = Enrolment.objects.create(user=user, course=course)
            # Every third course still in progress: its second module unfinished.
            complete = i % 3 != 1
            finished = lessons if complete else lessons[: len(lessons) // 2]
            ActivityProgress.objects.bulk_create(
                ActivityProgress(
                    enrolment=enrolment,
                    page_id=lesson.pk,
                    events={"viewed": now.isoformat()},
                    last_event_at=now,
                    completed_at=now if lesson in finished else None,
                )
                for lesson in lessons
            )
            ModuleCompletion.objects.bulk_create(
                ModuleCompletion(enrolment=enrolment, module=module, completed_at=now)
                for module in (modules if complete else modules[:1])
            )
            Enrolment.objects.filter(pk=enrolment.pk).update(
                completed_at=now if complete else None,
                last_page_id=finished[-1].pk,
                last_accessed_at=now,
            )


def page_url(data: DataSet, page: str) -> str:
    catalog = data.catalog.url
    if page.startswith("catalog"):
        if "topic" in page:
            return f"{catalog}?topic={data.topics[0].slug}&language=en"
        if "search" in page:
            return f"{catalog}?q=border"
        return catalog
    if page.startswith("course page"):
        return data.courses[0].url
    if page.startswith("lesson page"):
        return factories.lessons_of(data.courses[0])[0].url
    return reverse("courses:dashboard")


def client_for(data: DataSet, page: str) -> Client:
    client = Client()
    if "anonymous" in page:
        return client
    if "first view" in page:
        officer = factories.make_user("officer")
        enrol(officer, data.courses[0])
        client.force_login(officer)
    else:
        client.force_login(data.officer)
    return client


def measure(client: Client, url: str, *, warm_up: bool) -> int:
    if warm_up:
        # Fills per-process caches (content types, site root paths) the way
        # any earlier visitor would.
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def measure_page(data: DataSet, page: str) -> int:
    client = client_for(data, page)
    url = page_url(data, page)
    if "first view" in page:
        # Warm the caches on another page, then measure the very first view.
        assert client.get(data.catalog.url).status_code == 200
        return measure(client, url, warm_up=False)
    return measure(client, url, warm_up=True)


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            data = DataSet(catalog=factories.make_catalog())
            data.topics = [
                factories.make_topic("Border management", slug="qc-borders"),
                factories.make_topic("Victim identification", slug="qc-victims"),
            ]
            data.officer = factories.make_user("officer")
            data.second_officer = factories.make_user("officer")
            add_courses(data, SMALL)
            data.small_counts = {page: measure_page(data, page) for page in PAGES}
            add_courses(data, LARGE - SMALL)
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_the_data_set_is_as_large_as_intended(data, db):
    assert len(data.courses) == LARGE
    assert Enrolment.objects.filter(user=data.officer).count() == LARGE
    officer_rows = ActivityProgress.objects.filter(enrolment__user=data.officer).count()
    assert officer_rows == 250
    assert ActivityProgress.objects.count() >= 500
    assert Enrolment.objects.filter(
        user=data.officer, completed_at__isnull=False
    ).exists()
    assert Enrolment.objects.filter(
        user=data.officer, completed_at__isnull=True
    ).exists()


@pytest.mark.parametrize("page", PAGES)
def test_page_stays_under_its_query_budget(
    data, db, page, django_assert_max_num_queries
):
    client = client_for(data, page)
    url = page_url(data, page)
    # Same warm-up as when measuring.
    assert (
        client.get(data.catalog.url if "first view" in page else url).status_code == 200
    )

    with django_assert_max_num_queries(MAX_QUERIES[page]):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_data(data, db, page):
    assert measure_page(data, page) == data.small_counts[page]


def test_pages_show_the_data_they_were_counted_with(data, db):
    client = Client()
    client.force_login(data.officer)

    catalog = client.get(data.catalog.url)
    assert len(catalog.context["courses_page"].object_list) == 20
    assert len(catalog.context["enrolment_state"]) == 20
    dashboard = client.get(reverse("courses:dashboard"))
    entries = dashboard.context["in_progress"] + dashboard.context["completed"]
    assert len(entries) == LARGE
    assert len(dashboard.context["in_progress"]) == len(
        [i for i in range(LARGE) if i % 3 == 1]
    )
