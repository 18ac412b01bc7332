"""PDFs in a certificate ZIP are named by officer and staff ID, safely and
without collisions, and the manifest carries what a ministry files."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from certificates import bulk
from certificates.models import Certificate
from portal import zip_jobs
from portal.models import Job
from tests import factories
from tests.certificates.factories import attach_pdf, make_certificate

pytestmark = pytest.mark.django_db

SAFE = re.compile(r"^[A-Za-z0-9_-]+\.pdf$")


@pytest.fixture
def unit(db):
    return factories.make_organisation(name="Poipet Checkpoint Unit")


def certificate_of(user, course=None, **fields) -> Certificate:
    certificate = make_certificate(user=user, course=course, **fields)
    attach_pdf(certificate)
    # As the ZIP reads them: officer, unit and course selected with it.
    return Certificate.objects.select_related("user__organisation", "course").get(
        pk=certificate.pk
    )


def zipped(certificates) -> tuple[zipfile.ZipFile, list[dict]]:
    ids = [c.pk for c in certificates]
    data = b"".join(bulk.zip_stream(bulk.in_chunks(ids)))
    archive = zipfile.ZipFile(io.BytesIO(data))
    text = archive.read(bulk.MANIFEST_NAME).decode("utf-8-sig")
    return archive, list(csv.DictReader(io.StringIO(text)))


def test_the_name_is_staff_id_latin_name_course_and_code(unit):
    course = factories.make_course(title="Border checks", modules=1, lessons=1)
    officer = factories.make_user(
        "officer", full_name="Sok Dara", staff_id="GDI-0042", organisation=unit
    )
    certificate = certificate_of(officer, course)

    name = bulk.archive_name(certificate)

    assert name == (f"GDI-0042_Sok-Dara_{course.slug}_{certificate.display_code}.pdf")
    assert SAFE.match(name)


@pytest.mark.parametrize(
    "full_name, staff_id, expected_start",
    [
        ("Sók Đara", "GDI/12", "GDI-12_Sok-Dara_"),  # accents, a slash in the ID
        ("../../etc/passwd", "..\\..", "etc-passwd_"),  # no path, no dots
        ("សុខ ដារា", "A 1", "A-1_sokh-dara_"),  # Khmer only: transliterated
        ('Chan "Thy" <Bopha>: *?|', "", "Chan-Thy-Bopha_"),
        ("  ", None, ""),  # falls back to the username
    ],
)
def test_names_are_ascii_and_safe_on_every_file_system(
    unit, full_name, staff_id, expected_start
):
    officer = factories.make_user(
        "officer",
        full_name=full_name,
        staff_id=staff_id or None,
        organisation=unit,
        first_name="",
        last_name="",
    )
    certificate = certificate_of(officer)

    name = bulk.archive_name(certificate)

    assert SAFE.match(name), name
    assert "/" not in name and "\\" not in name and ".." not in name
    assert name.lower().startswith(expected_start.lower()), name
    assert name.endswith(f"_{certificate.display_code}.pdf")
    assert len(name) < 200


def test_the_same_officer_with_two_certificates_gets_two_files(unit):
    officer = factories.make_user(
        "officer", full_name="Sok Dara", staff_id="GDI-1", organisation=unit
    )
    first = certificate_of(officer)
    second = certificate_of(officer)

    archive, rows = zipped([first, second])

    names = [n for n in archive.namelist() if n != bulk.MANIFEST_NAME]
    assert len(names) == len(set(names)) == 2
    assert all(n.startswith("GDI-1_Sok-Dara_") for n in names)
    assert {row["file"] for row in rows} == set(names)


def test_officers_without_staff_id_and_with_the_same_name_do_not_collide(unit):
    course = factories.make_course(modules=1, lessons=1)
    twins = [
        factories.make_user("officer", full_name="Sok Dara", organisation=unit)
        for _ in range(2)
    ]
    certificates = [certificate_of(twin, course) for twin in twins]

    archive, _rows = zipped(certificates)

    names = [n for n in archive.namelist() if n != bulk.MANIFEST_NAME]
    assert len(set(names)) == 2
    assert all(n.startswith(f"Sok-Dara_{course.slug}_") for n in names)


def test_the_manifest_carries_what_a_ministry_files(unit):
    unit.name_km = "អង្គភាពច្រកទ្វារប៉ោយប៉ែត"
    unit.province = "01"
    unit.save()
    course = factories.make_course(title="Border checks", modules=1, lessons=1)
    officer = factories.make_user(
        "officer",
        full_name="Sok Dara",
        full_name_km="សុខ ដារា",
        staff_id="GDI-0042",
        organisation=unit,
    )
    certificate = certificate_of(officer, course)

    archive, rows = zipped([certificate])

    (row,) = rows
    assert list(row)[:5] == ["staff_id", "name", "name_km", "unit", "province"]
    assert row["staff_id"] == "GDI-0042"
    assert row["name"] == "Sok Dara"
    assert row["name_km"] == "សុខ ដារា"
    assert row["unit"] == "Poipet Checkpoint Unit"
    assert row["province"] == "Banteay Meanchey"  # the unit's, none of his own
    assert row["course"] == "Border checks"
    assert row["issued_on"] == certificate.issued_on.isoformat()
    assert row["code"] == certificate.code
    assert row["verification_url"].endswith(f"/certificates/verify/{certificate.code}/")
    assert row["file"] == bulk.archive_name(certificate)
    assert row["file"] in archive.namelist()


def test_the_bulk_download_names_the_files_and_reads_no_row_twice(unit):
    reviewer = factories.make_user("reviewer", reviews=unit)
    officers = [
        factories.make_user(
            "officer", full_name=f"Officer {n}", staff_id=f"S-{n}", organisation=unit
        )
        for n in range(3)
    ]
    certificates = [certificate_of(officer) for officer in officers]
    client = Client()
    client.force_login(reviewer)

    response = client.post(reverse("certificates:bulk_download"))

    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {bulk.archive_name(c) for c in certificates} <= set(archive.namelist())


def test_the_portal_zip_names_the_files_the_same_way(unit):
    reviewer = factories.make_user("reviewer", reviews=unit)
    officer = factories.make_user(
        "officer", full_name="Chan Thy", staff_id="U-7", organisation=unit
    )
    certificate = certificate_of(officer)
    job = Job.objects.create(
        kind=Job.Kind.CERTIFICATES_ZIP,
        requested_by=reviewer,
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
    name = bulk.archive_name(certificate)
    assert name.startswith("U-7_Chan-Thy_")
    assert name in archive.namelist()
    text = archive.read(bulk.MANIFEST_NAME).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["file"] == name
    assert row["staff_id"] == "U-7"
