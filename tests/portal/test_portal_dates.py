"""Dates and numbers in the portal: day first on the officer and report pages
in English and Khmer, Latin digits on Khmer pages, ISO 8601 and one-decimal
scores in the CSV and XLSX files, day-first typed due dates."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import Cohort, Enrolment
from plugins.quiz.models import Attempt
from plugins.quiz.models.attempts import AttemptState
from portal.models import Job
from tests import factories
from tests.quiz.factories import make_quiz

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ENROLLED = datetime.datetime(2026, 12, 3, 2, 0, 0, 654321, tzinfo=UTC)
#: 14:05:33 in Phnom Penh.
COMPLETED = datetime.datetime(2026, 12, 7, 7, 5, 33, 123456, tzinfo=UTC)
DUE = datetime.date(2027, 1, 5)
KHMER_DIGIT = re.compile("[០-៩]")
#: Month-first or English-style dates that must never appear.
US_STYLE = re.compile(r"\b(Dec|Jan)\. \d|\b12/07/2026\b|\b1/5/2027\b|[ap]\.m\.")


@dataclass
class World:
    unit: object
    course: object
    officer: object
    reviewer: object
    other_reviewer: object


@pytest.fixture
def world() -> World:
    unit = factories.make_organisation(name="Poipet checkpoint")
    other = factories.make_organisation(name="Bavet checkpoint")
    course = factories.make_course(modules=1, lessons=1, title="Screening")
    officer = factories.make_user(
        "officer", organisation=unit, staff_id="A-001", full_name="Sok Dara"
    )
    enrolment = Enrolment.objects.create(user=officer, course=course, due_on=DUE)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=ENROLLED, completed_at=COMPLETED, last_accessed_at=COMPLETED
    )
    module = factories.modules_of(course)[0]
    quiz = make_quiz(module, title="Passports")
    Attempt.objects.create(
        quiz=quiz,
        user=officer,
        enrolment=enrolment,
        number=1,
        state=AttemptState.FINISHED,
        seed=1,
        started_at=COMPLETED,
        submitted_at=COMPLETED,
        score=Decimal("12"),
        max_score=Decimal("13"),
        # 12 of 13 as stored: three decimals, a score of 92.308 %.
        percent=Decimal("92.308"),
        passed=True,
    )
    return World(
        unit=unit,
        course=course,
        officer=officer,
        reviewer=factories.make_user("reviewer", organisation=unit),
        other_reviewer=factories.make_user("reviewer", organisation=other),
    )


def client_for(user, language="en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["lms_language"] = language
    return client


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "due", "completed", "best"),
    [
        ("en", "5 Jan 2027", "7 Dec 2026", "92.3%"),
        ("km", "5 មករា 2027", "7 ធ្នូ 2026", "92,3%"),
    ],
)
def test_officer_page_is_day_first_with_one_decimal(
    world, language, due, completed, best
):
    html = text_of(
        client_for(world.reviewer, language).get(
            reverse("portal:officer", args=[world.officer.pk])
        )
    )
    assert f'<time datetime="2027-01-05">{due}</time>' in html
    assert completed in html
    assert best in html
    assert "92.308" not in html and "92,308" not in html
    assert not US_STYLE.search(html)


def test_khmer_portal_pages_have_no_khmer_digits(world):
    client = client_for(world.reviewer, "km")
    pages = [
        reverse("portal:dashboard"),
        reverse("portal:officers"),
        reverse("portal:officer", args=[world.officer.pk]),
        reverse("portal:report", args=["completions"]),
        reverse("portal:report", args=["enrolments"]),
        reverse("portal:report", args=["quiz_results"]),
        reverse("portal:cohorts"),
    ]
    for url in pages:
        html = text_of(client.get(url))
        assert '<html lang="km">' in html, url
        assert KHMER_DIGIT.findall(html) == [], url


@pytest.mark.parametrize("language", ["en", "km"])
def test_report_pages_show_short_day_first_dates(world, language):
    client = client_for(world.reviewer, language)
    completions = text_of(client.get(reverse("portal:report", args=["completions"])))
    assert "<td>7/12/2026 14:05</td>" in completions
    assert "<td>3/12/2026 09:00</td>" in completions
    quiz = text_of(client.get(reverse("portal:report", args=["quiz_results"])))
    best = "92.3" if language == "en" else "92,3"
    assert f'<td class="num">{best}</td>' in quiz
    assert "92.308" not in quiz and "92,308" not in quiz


def download_csv(client, identifier: str) -> list[list[str]]:
    response = client.get(
        reverse("portal:report", args=[identifier]), {"format": "csv"}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def column(rows, heading: str) -> list[str]:
    index = rows[0].index(heading)
    return [row[index] for row in rows[1:]]


@pytest.mark.parametrize("language", ["en", "km"])
def test_csv_uses_iso_8601_and_one_decimal_whatever_the_language(world, language):
    client = client_for(world.reviewer, language)
    completions = download_csv(client, "completions")
    assert "2026-12-07T14:05:33+07:00" in completions[1]
    assert "2026-12-03T09:00:00+07:00" in completions[1]
    enrolments = download_csv(client, "enrolments")
    assert "2027-01-05" in enrolments[1]
    quiz = download_csv(client, "quiz_results")
    assert "92.3" in quiz[1]
    assert "2026-12-07T14:05:33+07:00" in quiz[1]
    flat = str(completions + enrolments + quiz)
    assert "123456" not in flat and "654321" not in flat
    assert "92.308" not in flat and "92,3" not in flat


def test_xlsx_keeps_types_and_shows_dates_day_first(world):
    client = client_for(world.reviewer)
    response = client.get(
        reverse("portal:report", args=["completions"]), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    dated = [c for c in sheet[2] if isinstance(c.value, datetime.datetime)]
    assert datetime.datetime(2026, 12, 7, 14, 5, 33) in [c.value for c in dated]
    assert {c.number_format for c in dated} == {"d/m/yyyy hh:mm"}


def test_reviewer_of_another_unit_sees_none_of_it(world):
    client = client_for(world.other_reviewer)
    assert (
        client.get(reverse("portal:officer", args=[world.officer.pk])).status_code
        == 404
    )
    rows = download_csv(client, "completions")
    assert rows[1:] == []


@pytest.mark.parametrize(
    ("language", "when"),
    [("en", "7 Dec 2026, 14:05"), ("km", "7 ធ្នូ 2026, 14:05")],
)
def test_officer_imports_are_dated_day_first(world, language, when):
    job = Job.objects.create(
        kind=Job.Kind.OFFICER_IMPORT,
        status=Job.Status.DONE,
        requested_by=world.reviewer,
        source_name="officers.csv",
        created_at=COMPLETED,
    )
    client = client_for(world.reviewer, language)

    index = text_of(client.get(reverse("portal:imports")))
    page = text_of(client.get(reverse("portal:import", args=[job.pk])))

    assert when in index and when in page
    if language == "km":
        assert KHMER_DIGIT.findall(index + page) == []


def ambiguous_future_day() -> datetime.date:
    """A coming day whose day and month could be swapped (both <= 12, unequal)."""
    day = timezone.localdate() + datetime.timedelta(days=2)
    while day.day > 12 or day.day == day.month:
        day += datetime.timedelta(days=1)
    return day


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize("pad", [False, True])
def test_a_typed_due_date_is_read_day_first(world, language, pad):
    day = ambiguous_future_day()
    typed = (
        f"{day.day:02d}/{day.month:02d}/{day.year}"
        if pad
        else f"{day.day}/{day.month}/{day.year}"
    )
    response = client_for(world.reviewer, language).post(
        reverse("portal:cohort_new"),
        {
            "course": world.course.pk,
            "unit": world.unit.pk,
            "officers": "",
            "due_on": typed,
            "name": "December intake",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Cohort.objects.get().due_on == day


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a valid date, day first: for example 7/12/2026"),
        ("km", "ដោយសរសេរថ្ងៃមុន៖ ឧទាហរណ៍ 7/12/2026"),
    ],
)
def test_a_month_first_due_date_is_refused_in_the_users_language(
    world, language, message
):
    response = client_for(world.reviewer, language).post(
        reverse("portal:cohort_new"),
        {
            "course": world.course.pk,
            "unit": world.unit.pk,
            "officers": "",
            "due_on": "12/31/2027",
            "name": "December intake",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors["due_on"]
    assert not Cohort.objects.exists()
