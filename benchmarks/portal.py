"""The ministry portal at the issue's size: 10,000 officers, 50,000 progress rows.

Run with ``.venv/bin/python benchmarks/portal.py``. It builds a throw-away
SQLite database with ``tests/portal/bulk_data.py`` (the data set of the scale
tests), first with 1,000 officers (5,000 progress rows), measures, then adds
9,000 more and measures again, signed in as the reviewer of ministry A (nine
officers in ten). It prints, for each page, the median time and the queries
with 10,000 officers, and the ratio to the same page with 1,000 measured in
the same run:

- the dashboard cold (its 60 s cache emptied before each render) and warm
  (served from that cache);
- the officer list (first page of 50, annotated counts), unfiltered and
  searching/filtering by status;
- a full CSV export of the completions report (``portal:report``
  ``completions`` with ``?format=csv``, every streamed byte read); if that
  URL does not resolve here, ``lms.spreadsheets.csv_lines`` over the same
  completions this script queries itself, and it says so.

Last, the cold dashboard against a naive version of it that reads every
enrolment into Python and counts there, at 10,000 officers.
The machine is shared: read ratios, not absolute milliseconds.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp(prefix="lms-bench-portal-")) / "benchmark.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

SMALL, LARGE = 1_000, 10_000
RENDERS = 5


def timed(function, renders: int = RENDERS, before=None) -> tuple[float, int]:
    """Median seconds of ``function()`` and the queries of its last run."""
    function()  # warm per-process caches (templates, content types)
    times = []
    for _ in range(renders):
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    return statistics.median(times), len(queries.captured_queries)


def page(client: Client, url: str, **params):
    def get():
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
        if response.streaming:
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    return get


def export_measure(client: Client, reviewer):
    """The CSV export to time, and what it is."""
    try:
        url = reverse("portal:report", args=["completions"])
    except NoReverseMatch:
        url = None
    if url is not None:
        probe = client.get(url, {"format": "csv"})
        if probe.status_code == 200:
            for _ in probe.streaming_content:
                pass
            return page(client, url, format="csv"), f"GET {url}?format=csv"
    from courses.models import Enrolment
    from lms.spreadsheets import csv_lines
    from portal.dashboard import enrolments_in_scope

    def export():
        rows = (
            enrolments_in_scope(reviewer)
            .filter(completed_at__isnull=False)
            .order_by("-completed_at", "pk")
            .values_list(
                "user__full_name",
                "user__full_name_km",
                "user__staff_id",
                "user__organisation__name",
                "user__province",
                "course__title",
                "enrolled_at",
                "completed_at",
            )
            .iterator(chunk_size=2000)
        )
        return sum(len(line) for line in csv_lines(["officer"] * 8, rows))

    assert Enrolment.objects.exists()
    return export, (
        "portal:report 'completions' did not answer here, so this measured "
        "lms.spreadsheets.csv_lines over the completions queried by this script"
    )


def naive_dashboard(user):
    """The dashboard's per-course and per-province rates counted in Python."""
    from portal.dashboard import enrolments_in_scope

    def run():
        per_course, per_province = Counter(), Counter()
        for enrolment in enrolments_in_scope(user).select_related("user", "course"):
            done = enrolment.completed_at is not None
            per_course[(enrolment.course.title, done)] += 1
            per_province[(enrolment.user.province, done)] += 1
        return per_course, per_province

    return run


def measure_all(client: Client, reviewer) -> tuple[dict, str]:
    from portal.dashboard import compute_dashboard

    dashboard = reverse("portal:dashboard")
    officers = reverse("portal:officers")
    export, export_label = export_measure(client, reviewer)
    results = {
        "dashboard, cold": timed(page(client, dashboard), before=cache.clear),
        "dashboard, warm": timed(page(client, dashboard)),
        "numbers only": timed(lambda: compute_dashboard(reviewer)),
        "officer list": timed(page(client, officers)),
        "officers, overdue": timed(page(client, officers, status="overdue")),
        "officers, search": timed(page(client, officers, q="00042")),
        "officers, page 90": timed(page(client, officers, page=90)),
        "CSV export": timed(export, renders=3),
    }
    return results, export_label


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from courses.models import ActivityProgress
    from tests.portal import bulk_data

    start = time.perf_counter()
    data = bulk_data.build(SMALL)
    built_small = time.perf_counter() - start
    client = Client()
    client.force_login(data.reviewer_a)
    small, export_label = measure_all(client, data.reviewer_a)

    start = time.perf_counter()
    bulk_data.add_officers(data, LARGE - SMALL)
    built_large = time.perf_counter() - start
    rows = ActivityProgress.objects.count()
    large, _ = measure_all(client, data.reviewer_a)

    print(
        f"Portal with {LARGE:,} officers ({rows:,} progress rows) vs {SMALL:,}, "
        "same run, as the reviewer of 9 officers in 10:"
    )
    print(
        f"  (data built with bulk_create: {built_small:.1f} s for {SMALL:,}, "
        f"{built_large:.1f} s for {LARGE - SMALL:,} more)"
    )
    print(
        f"  {'page':<20}{f'{SMALL:,}':>11}{f'{LARGE:,}':>11}{'ratio':>8}"
        f"{'queries':>9}{'queries':>9}"
    )
    for name in small:
        (t0, q0), (t1, q1) = small[name], large[name]
        print(
            f"  {name:<20}{t0 * 1000:9.1f}ms{t1 * 1000:9.1f}ms{t1 / t0:8.2f}"
            f"{q0:9d}{q1:9d}"
        )
    print(f"  CSV export: {export_label}.")

    naive, _ = timed(naive_dashboard(data.reviewer_a), renders=3)
    cold = large["numbers only"][0]
    print(
        f"\nDashboard numbers at {LARGE:,} officers: GROUP BY in the database "
        f"{cold * 1000:.1f}ms vs every enrolment read into Python "
        f"{naive * 1000:.1f}ms: ratio {cold / naive:.2f}"
    )
    warm, cold_page = large["dashboard, warm"][0], large["dashboard, cold"][0]
    print(
        f"Dashboard page warm (cached) vs cold: {warm * 1000:.1f}ms vs "
        f"{cold_page * 1000:.1f}ms: ratio {warm / cold_page:.2f}"
    )


if __name__ == "__main__":
    main()
