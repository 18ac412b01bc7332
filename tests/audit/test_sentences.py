"""Audit actions read as sentences, in English and Khmer, on the log page and in
its CSV; the code stays a column and a filter; every recorded code has one."""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.roles import grant
from audit.log import record
from audit.models import AuditEvent
from audit.sentences import SENTENCES, humanised, sentence, sentence_for_code
from tests import factories

pytestmark = pytest.mark.django_db

INDEX = reverse("audit_log:index")
#: Where actions are recorded: every app and plugin of the project.
SOURCES = ("accounts", "courses", "certificates", "portal", "plugins", "audit", "lms")
#: Functions whose first argument is an action code.
RECORDERS = {"record", "_record", "audit", "_audit"}
CODE = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")
KHMER = re.compile(r"[\u1780-\u17ff]")


# Every recorded code has a sentence ----------------------------------------------


def _project_root() -> Path:
    here = Path(__file__).resolve()
    return here.parents[2]


def _constants(tree: ast.AST) -> dict[str, str]:
    """Names assigned a code-like string anywhere in the module."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            value = node.value.value
            if isinstance(value, str) and CODE.match(value):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = value
    return found


def _codes_in(node: ast.AST, constants: dict[str, str]) -> set[str]:
    """Code-like strings and constants used anywhere inside ``node``."""
    codes = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
            if CODE.match(inner.value):
                codes.add(inner.value)
        elif isinstance(inner, ast.Name) and inner.id in constants:
            codes.add(constants[inner.id])
    return codes


def recorded_codes() -> tuple[set[str], set[str]]:
    """(codes, f-string patterns) passed as the action to a recording call.

    A literal or a module constant is read directly; an f-string such as
    ``f"registration.{status}"`` becomes a pattern; a variable (``action``)
    stands for every code-like string and constant in the enclosing function.
    """
    root = _project_root()
    codes, patterns = set(), set()
    for source in SOURCES:
        for path in (root / source).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            constants = _constants(tree)
            functions = [
                n
                for n in ast.walk(tree)
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            ]
            for call in ast.walk(tree):
                if not isinstance(call, ast.Call) or not call.args:
                    continue
                func = call.func
                name = getattr(func, "id", None) or getattr(func, "attr", None)
                if name not in RECORDERS:
                    continue
                first = call.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    if CODE.match(first.value):
                        codes.add(first.value)
                elif isinstance(first, ast.Name) and first.id in constants:
                    codes.add(constants[first.id])
                elif isinstance(first, ast.JoinedStr):
                    parts = [
                        re.escape(p.value) if isinstance(p, ast.Constant) else "[a-z_]+"
                        for p in first.values
                    ]
                    patterns.add("^" + "".join(parts) + "$")
                else:
                    enclosing = [
                        f
                        for f in functions
                        if f.lineno <= call.lineno <= (f.end_lineno or f.lineno)
                    ]
                    if enclosing:
                        innermost = max(enclosing, key=lambda f: f.lineno)
                        codes |= _codes_in(innermost, constants)
    return codes, patterns


#: Code-like strings the scan finds beside recording calls that are not codes.
NOT_CODES: set[str] = set()


def test_the_scan_finds_the_codes_it_should():
    codes, patterns = recorded_codes()
    # One of each way a code reaches record(): literal, constant, variable,
    # f-string, and the plugin's own helper.
    assert {
        "cohort.enrolled",
        "signin.locked_out",
        "role.superuser_changed",
        "import.applied",
        "question_import.applied",
    } <= codes
    assert any(re.match(p, "registration.approved") for p in patterns)


def test_every_recorded_code_has_a_sentence():
    codes, patterns = recorded_codes()

    missing = sorted(c for c in codes - NOT_CODES if sentence_for_code(c) is None)
    assert missing == [], f"Add these codes to audit/sentences.py: {missing}"
    for pattern in patterns:
        assert any(re.match(pattern, code) for code in SENTENCES), pattern


# Sentences from real events ---------------------------------------------------------


def test_a_cohort_enrolment_names_the_cohort_and_the_course():
    course = factories.make_course(title="Border checks", modules=1, lessons=1)
    event = record(
        "cohort.enrolled",
        target=factories.make_organisation(name="Poipet intake 2026"),
        course_id=course.pk,
        due_on="2026-12-31",
        enrolled=20,
        already_enrolled=0,
    )

    text = sentence(event)

    assert text.startswith("Enrolled cohort Poipet intake 2026 in course Border checks")
    assert "20 officers" in text


def test_an_import_reads_as_officers_imported_into_a_unit():
    unit = factories.make_organisation(name="Poipet checkpoint unit")
    event = record(
        "import.applied",
        organisation=unit,
        file="officers.csv",
        rows=20,
        created=18,
        updated=2,
        unchanged=0,
        errors=0,
    )

    assert sentence(event).startswith(
        "Imported 20 officers into Poipet checkpoint unit"
    )


def test_a_lockout_says_after_how_many_failed_sign_ins():
    event = record("signin.locked_out", username="dara", where="site", failures=10)
    assert sentence(event) == "Locked out dara after 10 failed sign-ins"


def test_a_role_given_by_the_real_code_names_role_person_and_organisation():
    unit = factories.make_organisation(name="Customs Department")
    person = factories.make_user("officer", full_name="Chan Thy")

    grant(person, "reviewer", organisation=unit)

    event = AuditEvent.objects.get(action="role.granted")
    assert sentence(event) == (
        f"Gave {event.target_label} the role “Organisation reviewer” "
        "for Customs Department"
    )


def test_old_rows_without_details_still_read_as_sentences():
    event = record("report.downloaded")
    assert sentence(event) == "Downloaded the report “—” as — (— rows)"


def test_an_unknown_code_reads_as_the_humanised_code():
    event = record("quiz.question_moved")
    assert sentence(event) == "Quiz: question moved"
    assert humanised("something") == "Something"


# Khmer ------------------------------------------------------------------------


def sample_event(code: str) -> AuditEvent:
    return record(
        code,
        target=factories.make_organisation(name="Target"),
        rows=3,
        created=1,
        updated=1,
        unchanged=1,
        errors=2,
        conflicts=1,
        count=4,
        enrolled=2,
        questions=5,
        failures=10,
        file="file.csv",
        format="csv",
        kind="totp",
        reason="wrong",
        username="dara",
        new_email="new@example.org",
        old_email="old@example.org",
        added=["Trainers"],
        removed=[],
        role="trainer",
        after=True,
        report="completions",
        due_on="2026-12-31",
    )


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_every_sentence_is_translated_into_khmer(code):
    event = sample_event(code)

    english = sentence(event)
    with translation.override("km"):
        khmer = sentence(event)

    assert english != humanised(code)
    assert KHMER.search(khmer), (code, khmer)
    assert khmer != english


# The log page and its CSV -----------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(factories.make_user("admin"))
    return client


def test_the_page_shows_the_sentence_and_keeps_the_code(admin_client):
    unit = factories.make_organisation(name="Poipet checkpoint unit")
    record("import.applied", organisation=unit, rows=20, created=20)

    page = admin_client.get(INDEX).content.decode()

    assert "Imported 20 officers into Poipet checkpoint unit" in page
    assert "import.applied" in page  # its own column


def test_the_action_filter_still_matches_the_code(admin_client):
    record("import.applied", rows=1)
    record("signin.failed", username="dara")

    response = admin_client.get(INDEX, {"action": "signin.failed"})

    actions = {e.action for e in response.context["object_list"]}
    assert actions == {"signin.failed"}


def test_the_page_in_khmer_shows_khmer_sentences(admin_client):
    record("signin.failed", username="dara")
    admin_client.cookies["lms_language"] = "km"

    page = admin_client.get(INDEX).content.decode()

    with translation.override("km"):
        assert sentence(AuditEvent.objects.get()) in page


def test_the_csv_has_the_sentence_and_the_code_with_the_filters(admin_client):
    unit = factories.make_organisation(name="Poipet checkpoint unit")
    record("import.applied", organisation=unit, rows=20, created=20)
    record("signin.failed", username="=cmd|calc")

    response = admin_client.get(INDEX, {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))

    assert response.status_code == 200
    assert rows[0][:4] == ["When", "Who", "Action", "Action code"]
    by_code = {row[3]: row for row in rows[1:]}
    assert by_code["import.applied"][2].startswith(
        "Imported 20 officers into Poipet checkpoint unit"
    )
    assert by_code["signin.failed"][2] == (
        "Failed to sign in as =cmd|calc (wrong password)"
    )
    assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", by_code["import.applied"][0])

    filtered = admin_client.get(INDEX, {"export": "csv", "action": "signin.failed"})
    text = b"".join(filtered.streaming_content).decode("utf-8-sig")
    assert [row[3] for row in list(csv.reader(io.StringIO(text)))[1:]] == [
        "signin.failed"
    ]


def test_the_xlsx_has_the_sentences_too(admin_client):
    import openpyxl

    record("signin.failed", username="dara")

    response = admin_client.get(INDEX, {"export": "xlsx"})
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.values)

    assert rows[0][:4] == ("When", "Who", "Action", "Action code")
    assert rows[1][2:4] == (
        "Failed to sign in as dara (wrong password)",
        "signin.failed",
    )


def test_a_page_of_sentences_costs_the_same_queries_however_many_courses(
    admin_client,
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(INDEX).status_code == 200
        return len(captured)

    course = factories.make_course(modules=1, lessons=1)
    record("cohort.enrolled", course_id=course.pk, enrolled=1)
    few = queries()
    for _ in range(5):
        other = factories.make_course(modules=1, lessons=1)
        record("cohort.enrolled", course_id=other.pk, enrolled=1)
        record("role.granted", role="trainer", course_id=other.pk)
    assert queries() <= few + 1  # the filter's choices may add a row, not a query
