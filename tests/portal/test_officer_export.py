"""The officers list as CSV and XLSX: the list's filters, the reviewer's scope,
the core columns first, access by role, bad filters, the audit log, and a
number of queries that does not grow with the officers."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.geography import province_name
from accounts.report_columns import officer_core_columns
from audit.models import AuditEvent
from tests import factories
from tests.portal.world import build_world

pytestmark = pytest.mark.django_db

LIST = reverse("portal:officers")


def export_url(file_format="csv") -> str:
    return reverse("portal:officers_export", args=[file_format])


@pytest.fixture
def world():
    return build_world()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def csv_table(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def exported(user, file_format="csv", **params) -> list[list]:
    response = client_for(user).get(export_url(file_format), params)
    if file_format == "csv":
        return csv_table(response)
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[cell if cell is not None else "" for cell in row] for row in sheet.values]


def listed_names(user, **params) -> list[str]:
    """Every officer the list shows for ``params``, all pages."""
    client = client_for(user)
    names, page = [], 1
    while True:
        response = client.get(LIST, {**params, "page": page})
        assert response.status_code == 200
        names += [o.get_full_name() for o in response.context["page_obj"]]
        if not response.context["page_obj"].has_next():
            return names
        page += 1


def names_in(table) -> list[str]:
    return [row[1] for row in table[1:]]


# Access: roles x organisations ------------------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", 302),
        ("officer", 403),
        ("trainer", 403),
        ("lead_trainer", 403),
        ("reviewer_a", 200),
        ("reviewer_b", 200),
        ("admin", 200),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_only_reviewers_and_admins_may_export(world, who, expected, file_format):
    users = {
        "anonymous": None,
        "officer": world.a1,
        "trainer": world.trainer,
        "lead_trainer": factories.make_user("lead_trainer"),
        "reviewer_a": world.reviewer_a,
        "reviewer_b": world.reviewer_b,
        "admin": world.admin,
    }
    response = client_for(users[who]).get(export_url(file_format))

    assert response.status_code == expected
    if expected == 302:
        assert reverse("accounts:login") in response["Location"]
    if expected != 200:
        assert not AuditEvent.objects.filter(action="officers.exported").exists()


def test_a_reviewer_exports_only_the_officers_of_their_organisations(world):
    gdi = set(names_in(exported(world.reviewer_a)))
    customs = set(names_in(exported(world.reviewer_b)))
    everyone = set(names_in(exported(world.admin)))

    assert gdi == {"Sok Dara", "Chan Thy", "Keo Lina", "Meas Sophea"}
    assert customs == {"Outsider Bora"}
    assert gdi | customs <= everyone
    # A unit reviewer sees their unit only, not the department above it.
    assert set(names_in(exported(world.reviewer_u))) == {
        "Chan Thy",
        "Keo Lina",
        "Meas Sophea",
    }


def test_a_reviewer_cannot_export_another_organisations_unit(world):
    response = client_for(world.reviewer_b).get(export_url(), {"unit": world.unit.pk})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Outsider" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="officers.exported").exists()


def test_an_unknown_format_is_404(world):
    response = client_for(world.reviewer_a).get(export_url("pdf"))
    assert response.status_code == 404


# The list's filters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "complete"},
        {"status": "overdue"},
        {"status": "not_enrolled"},
        {"q": "ចាន់"},
        {"q": "A-00"},
        {"province": "17"},
        {"unit": "UNIT"},
        {"course": "Y", "status": "in_progress"},
    ],
)
def test_the_export_has_exactly_the_officers_the_filtered_list_shows(world, params):
    params = dict(params)
    if params.get("unit") == "UNIT":
        params["unit"] = world.unit.pk
    if params.get("course") == "Y":
        params["course"] = world.y.pk

    expected = listed_names(world.reviewer_a, **params)
    table = exported(world.reviewer_a, **params)

    assert names_in(table) == expected  # same officers, same order


def test_the_export_has_every_page_of_the_list(world):
    for number in range(60):
        factories.make_user(
            "officer", full_name=f"Officer {number:02d}", organisation=world.unit
        )

    table = exported(world.reviewer_u)

    assert len(table) - 1 == 63
    assert names_in(table) == listed_names(world.reviewer_u)


# Columns ----------------------------------------------------------------------


def test_the_core_columns_come_first_with_the_officers_values(world):
    core = officer_core_columns()
    table = exported(world.reviewer_a)

    assert table[0][:5] == [str(h) for h in core.headings]
    assert table[0][:5] == [
        "Staff ID",
        "Name (Latin)",
        "Name (Khmer)",
        "Unit",
        "Province",
    ]
    rows = {row[1]: row for row in table[1:]}
    assert rows["Chan Thy"][:5] == [
        "A-002",
        "Chan Thy",
        "ចាន់ ធី",
        "Poipet Border Unit",
        province_name("17", "en"),
    ]
    # Counts as the list shows them: Chan Thy has 2 courses, 1 complete.
    headings = table[0]
    chan = dict(zip(headings, rows["Chan Thy"], strict=True))
    assert (chan["Courses enrolled"], chan["Completed"], chan["Overdue"]) == (
        "2",
        "1",
        "0",
    )


def test_the_xlsx_file_has_the_same_rows_as_the_csv(world):
    as_csv = exported(world.reviewer_a)
    as_xlsx = exported(world.reviewer_a, "xlsx")

    assert as_xlsx[0] == as_csv[0]
    assert [[str(cell) for cell in row] for row in as_xlsx[1:]] == as_csv[1:]


def test_khmer_headings_and_names_in_khmer(world):
    world.reviewer_a.preferred_language = "km"
    world.reviewer_a.save()
    client = client_for(world.reviewer_a)
    client.cookies["lms_language"] = "km"

    table = csv_table(client.get(export_url()))

    assert table[0][0] != "Staff ID"  # translated
    rows = {row[1]: row for row in table[1:]}
    assert rows["Chan Thy"][4] == province_name("17", "km")


def test_cells_that_look_like_formulas_are_escaped(world):
    factories.make_user(
        "officer",
        full_name="=HYPERLINK(1)",
        staff_id="+SUM(1,2)",
        organisation=world.unit,
    )

    rows = exported(world.reviewer_u)

    assert ["'+SUM(1,2)", "'=HYPERLINK(1)"] in [row[:2] for row in rows]


# Record and cost --------------------------------------------------------------


def test_each_export_is_in_the_audit_log_with_format_filters_and_rows(world):
    table = exported(world.reviewer_a, "xlsx", status="overdue")

    event = AuditEvent.objects.get(action="officers.exported")
    assert event.actor == world.reviewer_a
    assert names_in(table) == ["Sok Dara"]
    assert event.details == {
        "format": "xlsx",
        "filters": {"status": "overdue"},
        "rows": 1,
    }


def test_queries_do_not_grow_with_the_officers(world):
    def queries_for_export() -> int:
        client = client_for(world.reviewer_u)
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get(export_url()).streaming_content)
        return len(queries)

    few = queries_for_export()
    for number in range(40):
        factories.make_user(
            "officer", full_name=f"Officer {number:02d}", organisation=world.unit
        )
    assert queries_for_export() == few
