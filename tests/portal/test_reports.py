"""Portal reports: completions and enrolments, their pages and their downloads.

Who may open what (deny by default), that reviewer A's pages and files hold
nothing of organisation B, that a trainer sees their course only, that cells
cannot run as formulas, that Khmer survives CSV and XLSX, that every
download is audited, and that the number of queries does not grow with rows.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.geography import province_name
from accounts.scope import scope_for
from audit.models import AuditEvent
from courses.models import ActivityProgress, Enrolment
from portal.reports.core import CompletionsReport, EnrolmentsReport
from portal.wagtail_hooks import register_reports_menu_item
from tests import factories
from tests.certificates.factories import make_certificate

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 30))


@dataclass
class World:
    ministry_a: object
    unit_a: object  # under ministry A
    org_b: object
    course_x: object
    course_y: object
    dara: object  # unit A, completed X, has a certificate
    vanna: object  # ministry A, half of X, overdue
    sophea: object  # unit A, enrolled in Y, not started
    bopha: object  # organisation B, completed X, enrolled in Y
    reviewer_a: object
    reviewer_b: object
    trainer_x: object
    admin: object
    certificate: object

    def actors(self):
        return {
            "anonymous": None,
            "officer": self.dara,
            "reviewer A": self.reviewer_a,
            "reviewer B": self.reviewer_b,
            "trainer X": self.trainer_x,
            "admin": self.admin,
        }


def enrol_at(user, course, *, enrolled_at=NOW, **fields):
    enrolment = Enrolment.objects.create(user=user, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=enrolled_at, **fields)
    enrolment.refresh_from_db()
    return enrolment


def complete_lessons(enrolment, lessons, at=NOW):
    ActivityProgress.objects.bulk_create(
        ActivityProgress(
            enrolment=enrolment, page_id=lesson.pk, completed_at=at, events={}
        )
        for lesson in lessons
    )


@pytest.fixture
def world(catalog) -> World:
    ministry_a = factories.make_organisation(name="Ministry A")
    unit_a = factories.make_organisation(name="Unit A")
    unit_a.parent = ministry_a
    unit_a.name_km = "អង្គភាព ក"
    unit_a.save()
    org_b = factories.make_organisation(name="Organisation B")
    course_x = factories.make_course(catalog, title="Course X", modules=1, lessons=2)
    course_y = factories.make_course(catalog, title="Course Y", modules=1, lessons=2)
    dara = factories.make_user(
        full_name="Sok Dara",
        full_name_km="សុខ ដារ៉ា",
        staff_id="A-001",
        organisation=unit_a,
        province="12",
    )
    vanna = factories.make_user(
        full_name="Chan Vanna", staff_id="A-002", organisation=ministry_a
    )
    sophea = factories.make_user(full_name="Lim Sophea", organisation=unit_a)
    bopha = factories.make_user(
        full_name="Bopha Outsider", staff_id="B-001", organisation=org_b
    )
    x_lessons = factories.lessons_of(course_x)
    done = enrol_at(dara, course_x, completed_at=NOW + datetime.timedelta(days=2))
    complete_lessons(done, x_lessons)
    late = enrol_at(
        vanna,
        course_x,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
        last_accessed_at=NOW,
    )
    complete_lessons(late, x_lessons[:1])
    enrol_at(sophea, course_y, enrolled_at=NOW - datetime.timedelta(days=30))
    outsider = enrol_at(bopha, course_x, completed_at=NOW)
    complete_lessons(outsider, x_lessons)
    enrol_at(bopha, course_y)
    certificate = make_certificate(user=dara, course=course_x, enrolment=done)
    make_certificate(user=bopha, course=course_x, enrolment=outsider)
    return World(
        ministry_a=ministry_a,
        unit_a=unit_a,
        org_b=org_b,
        course_x=course_x,
        course_y=course_y,
        dara=dara,
        vanna=vanna,
        sophea=sophea,
        bopha=bopha,
        reviewer_a=factories.make_user("reviewer", reviews=ministry_a),
        reviewer_b=factories.make_user("reviewer", reviews=org_b),
        trainer_x=factories.make_user("trainer", trains=[course_x]),
        admin=factories.make_user("admin"),
        certificate=certificate,
    )


def report_url(identifier, **query):
    url = reverse("portal:report", args=[identifier])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def xlsx_rows(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


# The rows ---------------------------------------------------------------------


def test_completions_rows(world):
    rows = list(CompletionsReport(scope_for(world.admin)).rows({}))
    bopha_code = world.bopha.certificates.get().display_code
    assert rows == [
        (
            "A-001",
            "Sok Dara",
            "សុខ ដារ៉ា",
            "Unit A",
            province_name("12"),
            "Course X",
            NOW,
            NOW + datetime.timedelta(days=2),
            world.certificate.display_code,
        ),
        ("B-001", "Bopha Outsider", "", "Organisation B", "", "Course X", NOW, NOW)
        + (bopha_code,),
    ]
    assert province_name("12") == "Phnom Penh"


def test_revoked_certificate_is_not_shown(world):
    world.certificate.revoked_at = NOW
    world.certificate.save()
    rows = list(CompletionsReport(scope_for(world.reviewer_a)).rows({}))
    assert [(row[1], row[8]) for row in rows] == [("Sok Dara", "")]


def test_enrolments_rows_progress_and_status(world):
    keys = [column.key for column in EnrolmentsReport.columns]
    rows = [
        dict(zip(keys, row, strict=True))
        for row in EnrolmentsReport(scope_for(world.reviewer_a)).rows({})
    ]
    by_officer = {(row["name"], row["course"]): row for row in rows}
    assert set(by_officer) == {
        ("Sok Dara", "Course X"),
        ("Chan Vanna", "Course X"),
        ("Lim Sophea", "Course Y"),
    }
    dara, vanna, sophea = (
        by_officer["Sok Dara", "Course X"],
        by_officer["Chan Vanna", "Course X"],
        by_officer["Lim Sophea", "Course Y"],
    )
    assert dara["progress"] == 100 and dara["status"] == "Completed"
    assert dara["unit"] == "Unit A"
    assert vanna["progress"] == 50 and vanna["status"] == "Overdue"
    assert vanna["last_accessed_at"] == NOW
    assert vanna["due_on"] == timezone.localdate() - datetime.timedelta(days=1)
    assert sophea["progress"] == 0 and sophea["status"] == "Not started"
    # Newest enrolment first.
    assert rows[-1]["name"] == "Lim Sophea"


def test_filters_narrow_by_course_unit_and_dates(world):
    report = EnrolmentsReport(scope_for(world.admin))
    form = report.filter_form({"course": world.course_y.pk})
    assert form.is_valid()
    assert {r[1] for r in report.rows(form.cleaned_data)} == {
        "Lim Sophea",
        "Bopha Outsider",
    }
    # A unit includes the units under it.
    form = report.filter_form({"unit": world.ministry_a.pk})
    assert form.is_valid()
    names = {r[1] for r in report.rows(form.cleaned_data)}
    assert names == {"Sok Dara", "Chan Vanna", "Lim Sophea"}
    form = report.filter_form({"unit": world.unit_a.pk})
    assert form.is_valid()
    assert {r[1] for r in report.rows(form.cleaned_data)} == {"Sok Dara", "Lim Sophea"}
    assert report.count(form.cleaned_data) == 2
    day = timezone.localdate(NOW - datetime.timedelta(days=30)).isoformat()
    form = report.filter_form({"date_from": day, "date_to": day})
    assert form.is_valid()
    assert [r[1] for r in report.rows(form.cleaned_data)] == ["Lim Sophea"]


def test_bad_filters_are_form_errors(client, world):
    as_user(client, world.admin)
    response = client.get(
        report_url("enrolments", date_from="2026-03-10", date_to="2026-03-01")
    )
    assert response.status_code == 400
    assert "The end date must be on or after the start date." in response.text
    response = client.get(report_url("enrolments", date_from="yesterday"))
    assert response.status_code == 400
    response = client.get(report_url("enrolments", course="999999", format="csv"))
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="report.downloaded").exists()
    response = client.get(report_url("enrolments", format="pdf"))
    assert response.status_code == 400


# Who may open what ----------------------------------------------------------------


@pytest.mark.parametrize(
    "actor, list_status, detail_status",
    [
        ("anonymous", 302, 302),
        ("officer", 403, 403),
        ("reviewer A", 200, 200),
        ("reviewer B", 200, 200),
        ("trainer X", 200, 200),
        ("admin", 200, 200),
    ],
)
def test_access_by_role(client, world, actor, list_status, detail_status):
    as_user(client, world.actors()[actor])
    response = client.get(reverse("portal:reports"))
    assert response.status_code == list_status
    for identifier in ("completions", "enrolments"):
        for fmt in ("", "csv", "xlsx"):
            url = report_url(identifier, format=fmt) if fmt else report_url(identifier)
            response = client.get(url)
            assert response.status_code == detail_status, (identifier, fmt)
            if detail_status == 302:
                assert response.url.startswith(reverse("accounts:login"))
    if list_status == 403:
        assert not AuditEvent.objects.filter(action="report.downloaded").exists()


def test_unknown_report_is_404(client, world):
    as_user(client, world.reviewer_a)
    assert client.get(report_url("no_such_report")).status_code == 404


def test_list_shows_reports_by_audience(client, world, django_assert_max_num_queries):
    as_user(client, world.reviewer_a)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("portal:reports")).text
    assert reverse("portal:report", args=["completions"]) in page
    assert reverse("portal:report", args=["enrolments"]) in page


def test_reviewer_a_gets_nothing_of_organisation_b(client, world):
    as_user(client, world.reviewer_a)
    for identifier in ("completions", "enrolments"):
        page = client.get(report_url(identifier))
        assert page.status_code == 200
        assert "Bopha" not in page.text and "B-001" not in page.text
        assert "Sok Dara" in page.text
        rows = csv_rows(client.get(report_url(identifier, format="csv")))
        flat = " ".join(" ".join(row) for row in rows)
        assert "Bopha" not in flat and "B-001" not in flat
        assert "Sok Dara" in flat
        cells = [
            c
            for row in xlsx_rows(client.get(report_url(identifier, format="xlsx")))
            for c in row
        ]
        assert not any("Bopha" in str(c) or "B-001" in str(c) for c in cells)
        assert "Sok Dara" in cells
    # Asking for B's unit is refused, not answered.
    response = client.get(report_url("enrolments", unit=world.org_b.pk, format="csv"))
    assert response.status_code == 400


def test_trainer_sees_only_their_course(client, world):
    # The trainer is also enrolled in course Y: not a row of their reports.
    enrol_at(world.trainer_x, world.course_y)
    as_user(client, world.trainer_x)
    rows = csv_rows(client.get(report_url("enrolments", format="csv")))
    assert {row[5] for row in rows[1:]} == {"Course X"}
    assert {row[1] for row in rows[1:]} == {"Sok Dara", "Chan Vanna", "Bopha Outsider"}
    page = client.get(report_url("enrolments")).text
    assert "Course Y" not in page and "Lim Sophea" not in page
    response = client.get(report_url("enrolments", course=world.course_y.pk))
    assert response.status_code == 400


# What the files hold ----------------------------------------------------------------


@pytest.fixture
def hostile(world):
    """Officers whose names would be formulas, enrolled in course X."""
    names = ["=1+2", "@SUM(A1)", "-3", "+x"]
    for number, name in enumerate(names):
        officer = factories.make_user(
            full_name=name, organisation=world.unit_a, staff_id=f"=HYPERLINK({number})"
        )
        enrolment = enrol_at(officer, world.course_x)
        complete_lessons(enrolment, factories.lessons_of(world.course_x)[:1])
    return names


def test_formulas_are_escaped_in_csv_and_xlsx(client, world, hostile):
    as_user(client, world.reviewer_a)
    rows = csv_rows(client.get(report_url("enrolments", format="csv")))
    by_name = {row[1]: row for row in rows[1:]}
    for name in hostile:
        assert "'" + name in by_name
        assert by_name["'" + name][0].startswith("'=HYPERLINK(")
        assert by_name["'" + name][8] == "50"  # progress, a plain number
    sheet = xlsx_rows(client.get(report_url("enrolments", format="xlsx")))
    by_name = {row[1]: row for row in sheet[1:]}
    for name in hostile:
        assert "'" + name in by_name
        assert by_name["'" + name][8] == 50 and isinstance(by_name["'" + name][8], int)
    assert isinstance(by_name["Chan Vanna"][6], datetime.datetime)


def test_khmer_round_trips(client, world):
    as_user(client, world.reviewer_a)
    rows = csv_rows(client.get(report_url("completions", format="csv")))
    assert rows[1][1:3] == ["Sok Dara", "សុខ ដារ៉ា"]
    sheet = xlsx_rows(client.get(report_url("completions", format="xlsx")))
    assert sheet[1][1:3] == ("Sok Dara", "សុខ ដារ៉ា")
    # In Khmer, the unit's Khmer name.
    client.cookies["lms_language"] = "km"
    rows = csv_rows(client.get(report_url("completions", format="csv")))
    assert rows[1][3] == "អង្គភាព ក"


def test_each_download_is_audited(client, world):
    as_user(client, world.reviewer_a)
    client.get(report_url("completions", format="csv"))
    client.get(report_url("enrolments", format="xlsx", unit=world.unit_a.pk))
    client.get(report_url("enrolments"))  # the page is not a download
    events = list(AuditEvent.objects.filter(action="report.downloaded").order_by("pk"))
    assert [(e.details["report"], e.details["format"]) for e in events] == [
        ("completions", "csv"),
        ("enrolments", "xlsx"),
    ]
    assert all(e.actor_id == world.reviewer_a.pk for e in events)
    assert events[0].details["rows"] == 1 and events[0].details["filters"] == {}
    assert events[1].details["rows"] == 2
    assert events[1].details["filters"] == {"unit": world.unit_a.pk}
    assert events[0].ip_address == "127.0.0.1"


def test_filename_names_report_and_date(client, world):
    as_user(client, world.admin)
    response = client.get(report_url("completions", format="xlsx"))
    today = timezone.localdate().isoformat()
    assert f'filename="completions-{today}.xlsx"' in response["Content-Disposition"]
    response = client.get(report_url("completions", format="csv"))
    assert f'filename="completions-{today}.csv"' in response["Content-Disposition"]


def test_page_shows_first_rows_and_count(client, world, hostile):
    as_user(client, world.reviewer_a)
    page = client.get(report_url("enrolments"))
    assert "7 rows." in page.text
    assert "&#x27;=1+2" not in page.text and "=1+2" in page.text
    assert "format=csv" in page.text and "format=xlsx" in page.text


def test_admin_menu_item_for_portal_users_only(world):
    item = register_reports_menu_item()
    request = RequestFactory().get("/admin/")
    for user, shown in [
        (world.trainer_x, True),
        (world.reviewer_a, True),
        (world.admin, True),
        (world.dara, False),
        # In the Trainers group but training no course: no portal data.
        (factories.make_user("trainer"), False),
    ]:
        request.user = user
        assert item.is_shown(request) is shown
    assert item.url == reverse("portal:reports")


def with_admin_access(user):
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return user


def test_admin_menu_links_trainers_to_the_portal(client, world):
    as_user(client, with_admin_access(world.trainer_x))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("portal:reports") in response.text
    as_user(client, with_admin_access(factories.make_user("trainer")))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("portal:reports") not in response.text


# Queries do not grow with rows ----------------------------------------------------


def add_officers(world, how_many, start):
    lessons = factories.lessons_of(world.course_x)
    for i in range(start, start + how_many):
        officer = factories.make_user(
            full_name=f"Officer {i}", organisation=world.unit_a, staff_id=f"S-{i}"
        )
        enrolment = enrol_at(
            officer, world.course_x, completed_at=NOW if i % 2 else None
        )
        complete_lessons(enrolment, lessons if i % 2 else lessons[:1])
        if i % 2:
            make_certificate(user=officer, course=world.course_x, enrolment=enrolment)


def measure(client, url, stream=True) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if stream and response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


def test_query_count_does_not_grow_with_rows(
    client, world, django_assert_max_num_queries
):
    as_user(client, world.reviewer_a)
    urls = [
        report_url(identifier, **query)
        for identifier in ("completions", "enrolments")
        for query in ({}, {"format": "csv"}, {"format": "xlsx"})
    ]
    add_officers(world, 10, 0)
    for url in urls:
        measure(client, url)  # warm caches (content types)
    small = {url: measure(client, url) for url in urls}
    add_officers(world, 90, 10)
    large = {url: measure(client, url) for url in urls}
    assert large == small
    for url in urls:
        with django_assert_max_num_queries(16):
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
