"""Benchmarks: page weight and how page cost grows with data.

Run with ``make benchmark`` (or ``.venv/bin/python benchmarks/run.py``). It
builds a throw-away SQLite database, then prints:

1. The lesson page's first-load weight (HTML + CSS + JS, gzip as served),
   as a ratio of the 100 KB budget.
2. For the catalog, a course page, a lesson page and the dashboard: time and
   queries with 50 courses and 500 progress rows, as a ratio of the same page
   with 5 courses measured in the same run. Ratios near 1 mean the page does not
   grow with data. Times are medians of several renders; the machine is shared,
   so read ratios, not absolute milliseconds.
3. A study report of the lesson page against the page itself (``study.py``).
4. The same for the quiz pages (quiz, attempt, autosave, result) with 50
   questions and 10 past attempts against 5 questions and 1 (``quiz_pages.py``).
"""

from __future__ import annotations

import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "benchmark.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BUDGET_BYTES = 100 * 1024
RENDERS = 7


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def lesson_page_weight(client: Client, url: str) -> None:
    html = client.get(url).content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    rows = [("HTML", len(html), gzip_size(html))]
    for asset in assets:
        path = finders.find(asset.decode().removeprefix("/static/"))
        data = Path(path).read_bytes()
        rows.append((asset.decode(), len(data), gzip_size(data)))
    total = sum(r[2] for r in rows)
    print("Lesson page first load (not counting images or the Khmer font):")
    for name, raw, packed in rows:
        print(f"  {name:<40} {raw / 1024:7.1f} KB raw  {packed / 1024:6.1f} KB gzip")
    print(
        f"  total {total / 1024:.1f} KB of a {BUDGET_BYTES // 1024} KB budget: "
        f"ratio {total / BUDGET_BYTES:.2f}"
    )


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)  # warm caches (templates, site root paths)
    times = []
    for _ in range(RENDERS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(queries.captured_queries)


def build(n_courses: int, officer, catalog, existing: int) -> None:
    from courses.enrolment import enrol
    from tests import factories
    from tests.courses.study import complete_lesson

    for _ in range(existing, n_courses):
        course = factories.make_course(catalog, modules=2, lessons=5)
        enrolment, _ = enrol(officer, course)
        for lesson in factories.lessons_of(course):
            complete_lesson(enrolment, lesson)


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("build_fonts", "--if-missing", verbosity=0)
    from courses.demo.loader import load_demo
    from courses.models import CoursePage, LessonPage
    from tests import factories

    load_demo()
    officer = factories.make_user("officer")
    client = Client()
    client.force_login(officer)
    demo_course = CoursePage.objects.get(
        slug="identifying-and-referring-victims", locale__language_code="en"
    )
    from courses.enrolment import enrol

    enrol(officer, demo_course)
    lesson = (
        LessonPage.objects.descendant_of(demo_course).live().order_by("path").first()
    )
    lesson_page_weight(client, lesson.url)

    catalog = factories.make_catalog()
    pages = {
        "catalog": lambda: "/",
        "catalog search": lambda: "/?q=course",
        "course page": lambda: demo_course.url,
        "lesson page": lambda: lesson.url,
        "dashboard": lambda: "/learn/dashboard/",
    }
    build(5, officer, catalog, existing=0)
    baseline = {name: measure(client, url()) for name, url in pages.items()}
    build(50, officer, catalog, existing=5)
    large = {name: measure(client, url()) for name, url in pages.items()}

    print("\nPage cost with 50 courses (500 progress rows) vs 5 courses, same run:")
    print(
        f"  {'page':<16}{'5 courses':>12}{'50 courses':>12}{'ratio':>8}"
        f"{'queries':>10}{'queries':>10}"
    )
    for name in pages:
        (t0, q0), (t1, q1) = baseline[name], large[name]
        print(
            f"  {name:<16}{t0 * 1000:10.1f}ms{t1 * 1000:10.1f}ms{t1 / t0:8.2f}"
            f"{q0:10d}{q1:10d}"
        )

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import quiz_pages
    import study

    study.main(client, officer, lesson)
    quiz_pages.main()


if __name__ == "__main__":
    main()
