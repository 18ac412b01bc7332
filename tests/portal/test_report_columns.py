"""Every file a ministry files starts with the same core columns, in the same
order: staff ID, name (Latin), name (Khmer), unit, province.

Checked on the downloaded files themselves: each registered report about
officers (the platform's and the quiz plugin's), the certificate manifests
(the bulk API's ZIP and the portal's background ZIP) and the officers export.
"""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.geography import province_name
from accounts.report_columns import CORE_KEYS, officer_core_columns
from certificates import bulk
from courses.models import Enrolment
from plugins.quiz.models import Attempt, AttemptState
from portal import zip_jobs
from portal.models import Job
from portal.reports.registry import reports
from tests.certificates.factories import attach_pdf
from tests.portal.world import build_world
from tests.quiz.factories import make_quiz

pytestmark = pytest.mark.django_db

CORE_HEADINGS = ["Staff ID", "Name (Latin)", "Name (Khmer)", "Unit", "Province"]
#: Reports whose rows are not about one officer each (one row per question).
NOT_ABOUT_OFFICERS = {"question_statistics"}


@pytest.fixture
def world():
    return build_world()


def csv_rows(data: bytes | str) -> list[list[str]]:
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def download(user, url, **params) -> list[list[str]]:
    client = Client()
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return csv_rows(b"".join(response.streaming_content))


def chan_thy_core(world) -> list[str]:
    return [
        "A-002",
        "Chan Thy",
        "ចាន់ ធី",
        "Poipet Border Unit",
        province_name("17", "en"),
    ]


def test_the_core_columns_are_defined_once_in_this_order():
    core = officer_core_columns()
    assert (
        core.keys
        == CORE_KEYS
        == (
            "staff_id",
            "name",
            "name_km",
            "unit",
            "province",
        )
    )
    assert [str(h) for h in core.headings] == CORE_HEADINGS


def test_only_per_question_reports_leave_the_officer_columns_out():
    assert {r.identifier for r in reports if not r.about_officers} == (
        NOT_ABOUT_OFFICERS
    )


@pytest.mark.parametrize(
    "identifier", sorted(r.identifier for r in reports if r.about_officers)
)
def test_every_officer_report_starts_with_the_core_columns(world, identifier):
    report = reports.get(identifier)
    assert tuple(c.key for c in report.columns[:5]) == CORE_KEYS

    rows = download(
        world.admin, reverse("portal:report", args=[identifier]), format="csv"
    )

    assert rows[0][:5] == CORE_HEADINGS


def test_the_core_columns_hold_the_officers_values_in_each_report(world):
    quiz = make_quiz(title="Check quiz")
    course = quiz.get_parent().get_parent().specific
    enrolment = Enrolment.objects.create(user=world.a2, course=course)
    now = timezone.now()
    Attempt.objects.create(
        quiz=quiz,
        user=world.a2,
        enrolment=enrolment,
        number=1,
        state=AttemptState.FINISHED,
        seed=1,
        started_at=now,
        submitted_at=now,
        score=1,
        max_score=1,
        percent=100,
        passed=True,
    )

    for identifier in ("completions", "enrolments", "quiz_results"):
        rows = download(
            world.admin, reverse("portal:report", args=[identifier]), format="csv"
        )
        chan = [row for row in rows[1:] if row[1] == "Chan Thy"]
        assert chan, identifier
        assert chan[0][:5] == chan_thy_core(world), identifier


def test_the_officers_export_starts_with_the_core_columns(world):
    rows = download(world.reviewer_a, reverse("portal:officers_export", args=["csv"]))

    assert rows[0][:5] == CORE_HEADINGS
    assert chan_thy_core(world) in [row[:5] for row in rows[1:]]


def test_the_bulk_zip_manifest_starts_with_the_core_columns(world):
    certificate = world.a2.certificates.get()
    attach_pdf(certificate)

    data = b"".join(bulk.zip_stream(bulk.in_chunks([certificate.pk])))
    archive = zipfile.ZipFile(io.BytesIO(data))
    rows = csv_rows(archive.read(bulk.MANIFEST_NAME))

    assert tuple(rows[0][:5]) == CORE_KEYS
    assert rows[1][:5] == chan_thy_core(world)


def test_the_portal_zip_manifests_start_with_the_core_columns(world):
    certificate = world.a2.certificates.get()
    attach_pdf(certificate)
    job = Job.objects.create(
        kind=Job.Kind.CERTIFICATES_ZIP,
        requested_by=world.reviewer_u,
        params={
            "course": None,
            "unit": None,
            "issued_from": None,
            "issued_to": None,
            "status": "",
        },
    )

    assert zip_jobs.run(job.pk) == Job.Status.DONE
    job.refresh_from_db()
    with job.output.open("rb") as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    rows = csv_rows(archive.read(bulk.MANIFEST_NAME))
    assert tuple(rows[0][:5]) == CORE_KEYS
    assert chan_thy_core(world) in [row[:5] for row in rows[1:]]

    sheet = openpyxl.load_workbook(
        io.BytesIO(archive.read(zip_jobs.MANIFEST_XLSX_NAME))
    ).active
    header = next(sheet.values)
    assert tuple(header[:5]) == CORE_KEYS
