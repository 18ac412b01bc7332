"""The import page shows the reviewer's units with their codes, offers them as
a template and a list, and imports officers named by unit *name*."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from accounts.importing import COLUMNS, preview_import
from accounts.models import User
from portal.models import Job
from tests import factories
from tests.accounts.import_files import make_world
from tests.portal.test_imports_views import client_for, upload

pytestmark = pytest.mark.django_db

TEMPLATE_URL = reverse("portal:import_template")
UNITS_URL = reverse("portal:import_units")


@pytest.fixture
def world():
    world = make_world()
    world.unit_a1.name = "Poipet Immigration Unit"
    world.unit_a1.name_km = "អង្គភាពអន្តោប្រវេសន៍ប៉ោយប៉ែត"
    world.unit_a1.save()
    course = factories.make_course(modules=1, lessons=1)
    world.trainer = factories.make_user("trainer", trains=[course])
    world.lead_trainer = factories.make_user("lead_trainer")
    return world


ACTORS = [
    "anonymous",
    "officer",
    "trainer",
    "lead_trainer",
    "reviewer_a",
    "reviewer_b",
    "admin",
]


def actor(world, name):
    return {
        "anonymous": None,
        "officer": world.officer_a,
        "trainer": world.trainer,
        "lead_trainer": world.lead_trainer,
        "reviewer_a": world.reviewer_a,
        "reviewer_b": world.reviewer_b,
        "admin": world.admin,
    }[name]


def units_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Khmer names right
    return list(csv.reader(io.StringIO(text[1:])))


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize("name", ACTORS)
@pytest.mark.parametrize("url", [TEMPLATE_URL, UNITS_URL])
def test_who_may_download_the_template_and_the_units(world, name, url):
    response = client_for(actor(world, name)).get(url)
    expected = {
        "anonymous": 302,
        "officer": 403,
        "trainer": 403,
        "lead_trainer": 403,
    }.get(name, 200)
    assert response.status_code == expected
    if name == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if expected != 200:
        return
    if url == UNITS_URL:
        codes = {row[0] for row in units_csv(response)[1:]}
    else:
        codes = {row[0] for row in workbook(response)["Units"].values} - {"Code"}
    # Each sees the units they may import into, and no other.
    assert (
        codes
        == {
            "reviewer_a": {"A", "A1", "A2"},
            "reviewer_b": {"B", "B1"},
            "admin": {"A", "A1", "A2", "B", "B1"},
        }[name]
    )


@pytest.mark.parametrize("url", [TEMPLATE_URL, UNITS_URL])
def test_the_downloads_are_get_only(world, url):
    assert client_for(world.reviewer_a).post(url).status_code == 405


def test_the_units_list_has_codes_and_both_names(world):
    rows = units_csv(client_for(world.reviewer_a).get(UNITS_URL))
    assert rows[0] == ["Code", "English name", "Khmer name", "Kind", "Under"]
    assert rows[1] == [
        "A1",
        "Poipet Immigration Unit",
        "អង្គភាពអន្តោប្រវេសន៍ប៉ោយប៉ែត",
        "Unit",
        "Ministry A",
    ]


def test_the_template_filled_in_by_unit_name_imports(world):
    response = client_for(world.reviewer_a).get(TEMPLATE_URL)
    assert response["Content-Disposition"].endswith('officer-import-template.xlsx"')
    book = workbook(response)
    officers = book.worksheets[0]
    assert [cell.value for cell in officers[1]] == [c.key for c in COLUMNS]
    unit_column = [c.key for c in COLUMNS].index("unit") + 1
    officers.cell(row=2, column=1, value="3001")
    officers.cell(row=2, column=3, value="Sok Dara")
    officers.cell(row=2, column=unit_column, value="Poipet Immigration Unit")
    out = io.BytesIO()
    book.save(out)

    result = preview_import(
        out.getvalue(), scope=world.scope(world.reviewer_a), name="filled.xlsx"
    )

    assert result.ok, result.errors
    assert result.rows[0].values["organisation_id"] == world.unit_a1.pk


def test_the_import_page_shows_the_units_their_codes_and_a_real_example(world):
    page = client_for(world.reviewer_a).get(reverse("portal:imports")).text
    assert 'id="h-units"' in page
    assert "<code>A1</code>" in page and "<code>A2</code>" in page
    assert '<td lang="km">អង្គភាពអន្តោប្រវេសន៍ប៉ោយប៉ែត</td>' in page
    assert "B1" not in page  # another reviewer's unit
    # The help text's example is one of the reviewer's codes.
    assert "its code (e.g. A1)" in page
    assert "GDI-PP" not in page
    # The example file names the unit by its English name.
    assert "100234,,Sok Dara,សុខ ដារា,Poipet Immigration Unit" in page
    assert TEMPLATE_URL in page and UNITS_URL in page


def test_the_import_page_in_khmer(world):
    client = client_for(world.reviewer_b)
    client.cookies["lms_language"] = "km"
    page = client.get(reverse("portal:imports"), HTTP_ACCEPT_LANGUAGE="km").text
    assert "<code>B1</code>" in page
    assert "អង្គភាពរបស់អ្នក និងលេខកូដ" in page  # "Your units and their codes"


def test_the_officer_filter_and_list_show_unit_codes(world):
    page = client_for(world.reviewer_a).get(reverse("portal:officers")).text
    assert "Poipet Immigration Unit (A1)</option>" in page
    assert '<code class="muted">A1</code>' in page  # officer_a's unit, in the list


def test_twenty_officers_by_unit_name_half_without_email(
    world, django_capture_on_commit_callbacks
):
    """What the end-to-end test does, through the upload page."""
    rows = [["staff_id", "email", "full_name", "full_name_km", "unit"]]
    for n in range(20):
        unit = "Poipet Immigration Unit" if n % 2 else "អង្គភាពអន្តោប្រវេសន៍ប៉ោយប៉ែត"
        email = f"officer{n}@example.gov.kh" if n < 10 else ""
        rows.append([f"E2E-{n:03}", email, f"Officer {n}", "", unit])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    client = client_for(world.reviewer_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, out.getvalue().encode(), "officers.csv")
    job = Job.objects.get(requested_by=world.reviewer_a)
    assert response.status_code == 302
    assert job.status == Job.Status.PREVIEWED, job.result
    assert job.result["counts"]["created"] == 20
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    officers = User.objects.filter(staff_id__startswith="E2E-")
    assert officers.count() == 20
    assert set(officers.values_list("organisation_id", flat=True)) == {world.unit_a1.pk}
    assert officers.filter(email="").count() == 10


def test_anonymous_sees_nothing_of_the_units(world):
    response = Client().get(UNITS_URL)
    assert response.status_code == 302
    assert b"Poipet" not in response.content
