"""The lesson page's study report (``POST /learn/lessons/<id>/study/``): time
and queries per report, as a ratio of rendering the lesson page itself, in the
same run. Every officer studying sends one every 30 seconds of active study,
plus one on leaving the page. Called by ``run.py`` after Django is set up."""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

RENDERS = 15


def _timed(call) -> tuple[float, int]:
    call()  # warm caches
    times = []
    for _ in range(RENDERS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = call()
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), len(queries.captured_queries)


def main(client: Client, officer, lesson) -> None:
    from django.urls import reverse

    from courses.models import Enrolment
    from courses.study import issue_visit

    enrolment = Enrolment.objects.get(
        user=officer, course=lesson.get_parent().get_parent().specific
    )
    url = reverse("courses:study", args=[lesson.pk])
    visit = issue_visit(enrolment, lesson)
    seconds = iter(range(1, 10_000))

    page = _timed(lambda: client.get(lesson.url))
    report = _timed(
        lambda: client.post(url, {"visit": visit, "seconds": next(seconds), "end": 0})
    )
    print("\nStudy report vs the lesson page it comes from, same run:")
    print(f"  {'':<14}{'time':>10}{'queries':>10}")
    print(f"  {'lesson page':<14}{page[0] * 1000:8.1f}ms{page[1]:10d}")
    print(f"  {'study report':<14}{report[0] * 1000:8.1f}ms{report[1]:10d}")
    time_ratio, query_ratio = report[0] / page[0], report[1] / page[1]
    print(f"  ratio {time_ratio:.2f} (time), {query_ratio:.2f} (queries)")
