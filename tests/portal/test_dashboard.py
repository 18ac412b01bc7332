"""The portal dashboard: its numbers on a small known data set, who may open it,
what each reviewer sees, the unit filter, the charts, and its query count from
ten officers to the issue's 10,000 officers and 50,000 progress rows."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.geography import province_name
from courses.models import ActivityProgress
from portal import charts
from tests.portal import bulk_data
from tests.portal.world import build_world, enrolment

pytestmark = pytest.mark.django_db

URL = reverse("portal:dashboard")


@pytest.fixture
def world():
    return build_world()


def get(user, url=URL, **params):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url, params)


def course_rows(response) -> dict[str, tuple[int, int, int, int]]:
    return {
        row.title_en: (row.enrolled, row.completed, row.percent, row.overdue)
        for row in response.context["data"].courses
    }


def province_rows(response) -> dict[str, tuple[int, int, int, int]]:
    return {
        row.code: (row.officers, row.enrolled, row.completed, row.percent)
        for row in response.context["data"].provinces
    }


# Numbers --------------------------------------------------------------------------


def test_numbers_of_a_ministry_include_its_departments_and_their_units(world):
    response = get(world.reviewer_a)

    assert response.status_code == 200
    assert course_rows(response) == {
        "Border checks": (3, 1, 33, 0),
        "Victim identification": (2, 1, 50, 1),
    }
    assert province_rows(response) == {
        "12": (1, 2, 1, 50),
        "17": (1, 2, 1, 50),
        "": (1, 1, 0, 0),
    }
    data = response.context["data"]
    assert (data.overdue_officers, data.overdue_enrolments) == (1, 1)
    assert {row.code: row.overdue_officers for row in data.provinces} == {
        "12": 1,
        "17": 0,
        "": 0,
    }
    assert [(row.officer_id, row.course_en) for row in data.overdue] == [
        (world.a1.pk, "Victim identification")
    ]
    # a1's certificate counts; a2's is from last month, a3's was revoked.
    assert data.certificates_this_month == 1
    assert [(row.title_en, row.issued) for row in data.certificates] == [
        ("Border checks", 1)
    ]
    assert (data.enrolled, data.completed, data.percent) == (5, 2, 40)


def test_a_department_reviewer_sees_the_units_under_it(world):
    response = get(world.reviewer_d)

    assert course_rows(response) == course_rows(get(world.reviewer_a))
    assert province_rows(response)["17"] == (1, 2, 1, 50)


def test_a_unit_reviewer_sees_only_that_unit(world):
    response = get(world.reviewer_u)

    assert course_rows(response) == {
        "Border checks": (2, 0, 0, 0),
        "Victim identification": (1, 1, 100, 0),
    }
    assert response.context["data"].overdue_officers == 0
    assert response.context["data"].certificates_this_month == 0


def test_reviewer_of_b_sees_nothing_of_a(world):
    response = get(world.reviewer_b)
    html = response.content.decode()

    assert course_rows(response) == {
        "Border checks": (1, 1, 100, 0),
        "Victim identification": (1, 0, 0, 1),
    }
    assert set(province_rows(response)) == {"01"}
    assert world.b1.full_name in html
    for officer in (world.a1, world.a2, world.a3):
        assert officer.full_name not in html
        assert officer.staff_id not in html
    assert world.a1.full_name_km not in html
    assert province_name("12") not in html
    assert province_name("17") not in html


def test_reviewer_of_a_sees_nothing_of_b(world):
    html = get(world.reviewer_a).content.decode()

    assert world.a1.full_name in html  # the overdue officer is listed
    assert world.b1.full_name not in html
    assert world.b1.full_name_km not in html
    assert world.b1.staff_id not in html
    assert province_name("01") not in html


def test_admin_sees_every_organisation(world):
    response = get(world.admin)

    assert course_rows(response) == {
        "Border checks": (4, 2, 50, 0),
        "Victim identification": (3, 1, 33, 2),
    }
    assert response.context["data"].certificates_this_month == 2


# Who may open it -------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(world):
    response = get(None)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=" in response.url


@pytest.mark.parametrize("who", ["officer", "trainer"])
def test_officers_and_trainers_are_refused(world, who):
    response = get(getattr(world, who))

    assert response.status_code == 403
    assert world.a1.full_name not in response.content.decode()


def test_a_reviewer_whose_group_was_removed_is_refused(world):
    world.reviewer_a.groups.clear()

    assert get(world.reviewer_a).status_code == 403


# Unit filter -------------------------------------------------------------------------


def test_unit_filter_narrows_to_the_unit(world):
    response = get(world.reviewer_a, unit=world.unit.pk)

    assert response.status_code == 200
    assert response.context["unit"] == world.unit
    assert course_rows(response) == course_rows(get(world.reviewer_u))


def test_unit_filter_with_a_department_includes_its_units(world):
    response = get(world.reviewer_a, unit=world.department.pk)

    assert course_rows(response) == course_rows(get(world.reviewer_a))


@pytest.mark.parametrize("value", ["other", "999999", "abc", "-1"])
def test_a_unit_outside_the_scope_is_an_error_never_data(world, value):
    unit = str(world.other.pk) if value == "other" else value
    response = get(world.reviewer_a, unit=unit)
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["unit"] is None
    assert response.context["form"].errors["unit"]
    assert 'class="error-summary"' in html
    # Still only A's numbers, unfiltered.
    assert course_rows(response) == course_rows(get(world.reviewer_a))
    assert world.b1.full_name not in html
    assert world.other.name not in html


def test_the_unit_choices_are_the_reviewers_own(world):
    choices = get(world.reviewer_d).context["form"].fields["unit"].queryset

    assert set(choices) == {world.department, world.unit}


# Charts and tables ----------------------------------------------------------------


def test_each_chart_is_an_image_followed_by_a_table_with_its_numbers(world):
    html = get(world.reviewer_a).content.decode()

    for chart in ("chart-courses", "chart-provinces", "chart-overdue"):
        svg = re.search(rf'<svg[^>]*aria-labelledby="{chart}-title {chart}-desc"', html)
        assert svg, chart
        assert 'role="img"' in svg.group(0)
        after = html[svg.end() :]
        assert after.index("</svg>") < after.index("<table")
        assert "<caption>" in after[: after.index("</table>")]
    assert "33% (1 of 3)" in html  # on the chart
    assert '<td class="num">33%</td>' in html  # in its table
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert "<script" not in html


def test_khmer_titles_show_in_khmer_with_their_lang(world):
    client = Client()
    client.force_login(world.reviewer_a)
    client.cookies["lms_language"] = "km"
    html = client.get(URL).content.decode()

    assert 'lang="km">វគ្គសិក្សា Border checks' in html
    assert province_name("12", "km") in html


def test_numbers_are_cached_for_a_minute_per_user(world):
    first = get(world.reviewer_a)
    enrolment(world.a3, world.y, complete=True)
    cached = get(world.reviewer_a)
    other_user = get(world.reviewer_d)
    cache.clear()
    fresh = get(world.reviewer_a)

    assert course_rows(cached) == course_rows(first)
    assert course_rows(other_user)["Victim identification"] == (3, 2, 66, 1)
    assert course_rows(fresh)["Victim identification"] == (3, 2, 66, 1)


def test_a_new_reviewed_organisation_is_not_served_from_the_old_cache(world):
    from accounts.roles import grant

    get(world.reviewer_b)
    grant(world.reviewer_b, "reviewer", organisation=world.ministry)

    response = get(world.reviewer_b)

    assert course_rows(response)["Border checks"] == (4, 2, 50, 0)


def test_chart_bars_are_scaled_and_labelled():
    chart = charts.percent_chart(
        "c",
        "Rates",
        [
            charts.Bar("Half", 50, "50% (1 of 2)"),
            charts.Bar("None", 0, "0% (0 of 3)"),
            charts.Bar("Tiny", 0.1, "0.1%"),
        ],
    )
    svg = str(chart.svg)

    assert svg.count('class="chart-bar"') == 3
    assert re.findall(r'class="chart-bar"[^>]*width="([^"]+)"', svg) == [
        "50.00%",
        "0",
        "0.60%",  # a value above nought still shows
    ]
    assert ">50% (1 of 2)</tspan>" in svg and ">Half</tspan>" in svg
    assert '<title id="c-title">Rates</title>' in svg


def test_count_chart_is_scaled_to_its_largest_value():
    chart = charts.count_chart(
        "c", "Counts", [charts.Bar("a", 3, "3"), charts.Bar("b", 12, "12")]
    )

    assert re.findall(r'class="chart-bar"[^>]*width="([^"]+)"', chart.svg) == [
        "25.00%",
        "100.00%",
    ]


def test_chart_text_is_escaped_and_an_empty_chart_says_so():
    chart = charts.count_chart(
        "c", "<b>Counts</b>", [charts.Bar('<script>x</script>"', 1, "1")]
    )
    empty = charts.percent_chart("e", "Rates", [])

    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg
    assert "<b>" not in chart.svg
    assert "Nothing to show." in empty.svg
    assert 'role="img"' in empty.svg


def test_long_labels_are_shortened_without_breaking_a_khmer_cluster():
    latin = "Identifying and referring victims of trafficking at border checkpoints"
    # No spaces, many subscript consonants (coeng + consonant).
    khmer = "ការកំណត់អត្តសញ្ញាណជនរងគ្រោះនៃអំពើជួញដូរមនុស្សនៅច្រកព្រំដែនអន្តរជាតិ"

    assert charts.shorten("Short title") == "Short title"
    short = charts.shorten(latin, 40)
    assert short == "Identifying and referring victims of…"
    for limit in range(5, len(khmer)):
        cut = charts.shorten(khmer, limit)
        kept = cut.removesuffix("…")
        assert khmer.startswith(kept)
        assert not kept.endswith("\u17d2")  # a coeng needs its consonant
        assert not unicodedata.category(khmer[len(kept)]).startswith("M")
    chart = charts.count_chart("k", "K", [charts.Bar(khmer, 1, "1", lang="km")])
    assert f"<title>{khmer}: 1</title>" in chart.svg  # the full label
    assert '<tspan dx="10" lang="km">' in chart.svg


# Query counts -----------------------------------------------------------------------


def dashboard_queries(user, **params) -> int:
    client = Client()
    client.force_login(user)
    cache.clear()
    client.get(URL, params)  # warm per-process caches (content types, sites)
    cache.clear()  # ... but not the dashboard's own
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


MAX_DASHBOARD_QUERIES = 14
#: The officer list's budget (``MAX_LIST_QUERIES`` in ``test_officers.py``).
MAX_OFFICER_LIST_QUERIES = 14


def test_query_count_is_the_same_for_10_and_200_officers(django_assert_max_num_queries):
    data = bulk_data.build(10, courses=3)
    small = {
        "reviewer": dashboard_queries(data.reviewer_a),
        "unit": dashboard_queries(data.reviewer_a, unit=data.units_a[0].pk),
        "admin": dashboard_queries(data.admin),
    }
    bulk_data.add_officers(data, 190)

    large = {
        "reviewer": dashboard_queries(data.reviewer_a),
        "unit": dashboard_queries(data.reviewer_a, unit=data.units_a[0].pk),
        "admin": dashboard_queries(data.admin),
    }

    assert large == small
    client = Client()
    client.force_login(data.reviewer_a)
    cache.clear()
    with django_assert_max_num_queries(MAX_DASHBOARD_QUERIES):
        client.get(URL)


MAX_REPORT_QUERIES = 20


def test_scale_10000_officers_50000_progress_rows(django_assert_max_num_queries):
    """The issue's size: the dashboard and the officer list stay under a fixed
    number of queries, and their numbers are right."""
    data = bulk_data.build(10_000)
    assert ActivityProgress.objects.count() == 50_000
    client = Client()
    client.force_login(data.reviewer_a)
    cache.clear()

    with django_assert_max_num_queries(MAX_DASHBOARD_QUERIES):
        response = client.get(URL)
    with django_assert_max_num_queries(MAX_OFFICER_LIST_QUERIES):
        officers = client.get(reverse("portal:officers"), {"status": "overdue"})

    assert response.status_code == officers.status_code == 200
    dashboard = response.context["data"]
    assert dashboard.enrolled == 18_000  # 9,000 officers of A, two courses each
    # First courses with i % 3 != 0: 6,666 in all, 666 of them B's.
    assert dashboard.completed == 6_000
    # Officers with i % 4 == 0 are overdue; 1 in 10 (i % 10 == 9) are B's and
    # none of those has i % 4 == 0 (i odd).
    assert dashboard.overdue_officers == 2_500
    assert officers.context["page_obj"].paginator.count == 2_500
    assert len(officers.context["page_obj"].object_list) == 50

    # The report pages and their full downloads stay bounded at this size too.
    for identifier in ("completions", "enrolments"):
        url = reverse("portal:report", args=[identifier])
        for query in ("", "?format=csv", "?format=xlsx"):
            with django_assert_max_num_queries(MAX_REPORT_QUERIES):
                report = client.get(url + query)
                if report.streaming:
                    content = b"".join(report.streaming_content)
                else:
                    content = report.content
            assert report.status_code == 200, (identifier, query)
    # The enrolments CSV holds every one of reviewer A's 18,000 enrolments.
    assert content and identifier == "enrolments"
    csv_text = b"".join(
        client.get(
            reverse("portal:report", args=["enrolments"]) + "?format=csv"
        ).streaming_content
    ).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(csv_text)))) == 18_000 + 1
