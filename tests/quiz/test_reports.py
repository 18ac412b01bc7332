"""The quiz plugin's reports: results per officer and statistics per question.

The statistics are checked against numbers worked out by hand; the reports
against a known set of attempts; access by role; scope (reviewer A sees no
officer of B, a trainer no other course's quiz); bounded queries.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.scope import scope_for
from audit.models import AuditEvent
from courses.enrolment import enrol
from plugins.quiz.models import Attempt, AttemptQuestion, AttemptState
from plugins.quiz.reports import (
    UNDEFINED,
    QuestionStatisticsReport,
    QuizResultsReport,
    question_statistics,
)
from plugins.quiz.snapshot import snapshot_question
from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
from portal.reports.registry import reports_for
from tests import factories
from tests.quiz.factories import make_question, make_quiz

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 30))
D = Decimal


# The maths, by hand -----------------------------------------------------------------


def test_statistics_of_a_discriminating_question():
    # Scores 1, 1, 0, 0 (of 1); rest of the attempts 3, 2, 1, 0.
    # Facility: mean 0.5 -> 50 %. SD of (1, 1, 0, 0): sqrt(1 / 3) = 0.57735.
    # Correlation: sum dx.dy = 2, sum dx^2 = 1, sum dy^2 = 5 -> 2 / sqrt(5).
    stats = question_statistics(
        [(D(1), D(1), D(3)), (D(1), D(1), D(2)), (D(0), D(1), D(1)), (D(0), D(1), D(0))]
    )
    assert stats.attempts == 4
    assert stats.facility == pytest.approx(50.0)
    assert stats.standard_deviation == pytest.approx(57.735, abs=1e-3)
    assert stats.discrimination == pytest.approx(89.443, abs=1e-3)


def test_statistics_of_a_question_strong_officers_miss():
    # Scores 2, 1, 0 of 2 (fractions 1, 0.5, 0); rest 0, 1, 2: r = -1.
    # SD: deviations 0.5, 0, -0.5 -> sqrt(0.5 / 2) = 0.5.
    stats = question_statistics(
        [(D(2), D(2), D(0)), (D(1), D(2), D(1)), (D(0), D(2), D(2))]
    )
    assert stats.facility == pytest.approx(50.0)
    assert stats.standard_deviation == pytest.approx(50.0)
    assert stats.discrimination == pytest.approx(-100.0)


def test_statistics_use_each_attempts_mark():
    # A question worth 1 in one version and 4 in another: 1/1 and 2/4.
    stats = question_statistics([(D(1), D(1), D(0)), (D(2), D(4), D(3))])
    assert stats.facility == pytest.approx(75.0)
    assert stats.standard_deviation == pytest.approx(35.355, abs=1e-3)


def test_undefined_statistics():
    one = question_statistics([(D(1), D(1), D(2))])
    assert (one.attempts, one.facility) == (1, 100.0)
    assert one.standard_deviation is None and one.discrimination is None
    # Everyone right: no variance, no correlation.
    same = question_statistics([(D(1), D(1), D(0)), (D(1), D(1), D(3))])
    assert same.standard_deviation == 0.0 and same.discrimination is None
    # The rest of the attempt never varies.
    flat = question_statistics([(D(1), D(1), D(2)), (D(0), D(1), D(2))])
    assert flat.discrimination is None
    none = question_statistics([])
    assert none.attempts == 0 and none.facility is None
    # A zero mark tells nothing.
    assert question_statistics([(D(0), D(0), D(1))]).attempts == 0


# A known set of attempts ------------------------------------------------------------


@dataclass
class World:
    course_x: object
    course_y: object
    quiz_x: object
    quiz_y: object
    q1: object
    q2: object
    q3: object
    officers: dict
    reviewer_a: object
    reviewer_b: object
    trainer_x: object
    admin: object


def graded_attempt(quiz, officer, course, answers, *, number=1, pending=0, at=NOW):
    """A finished attempt with ``answers``: (question, score, mark) triples."""
    from courses.models import Enrolment

    enrolment, _ = Enrolment.objects.get_or_create(user=officer, course=course)
    score = sum((s or D(0) for _q, s, _m in answers), D(0))
    maximum = sum((m for _q, _s, m in answers), D(0))
    percent = (score * 100 / maximum).quantize(D("0.001"))
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=officer,
        enrolment=enrolment,
        number=number,
        state=AttemptState.FINISHED,
        seed=1,
        started_at=at,
        submitted_at=at,
        score=score,
        max_score=maximum,
        percent=percent,
        passed=None if pending else percent >= 50,
        pending_marking=pending,
    )
    for position, (question, s, mark) in enumerate(answers, start=1):
        AttemptQuestion.objects.create(
            attempt=attempt,
            position=position,
            question=question,
            question_type=question.question_type,
            question_version=question.version,
            snapshot=snapshot_question(question),
            mark=mark,
            score=s,
            needs_marking=s is None,
        )
    return attempt


@pytest.fixture
def world(catalog) -> World:
    org_a = factories.make_organisation(name="Organisation A")
    org_b = factories.make_organisation(name="Organisation B")
    course_x = factories.make_course(catalog, title="Course X", modules=1, lessons=1)
    course_y = factories.make_course(catalog, title="Course Y", modules=1, lessons=1)
    q1 = make_question(title="Which passport")
    q2 = make_question(title="Which visa", default_mark=D(2))
    q3 = make_question(title="Which stamp")
    quiz_x = make_quiz(
        factories.modules_of(course_x)[0], questions=[q1, q2], title="Quiz X"
    )
    quiz_y = make_quiz(
        factories.modules_of(course_y)[0], questions=[q3], title="Quiz Y"
    )
    officers = {
        "a1": factories.make_user(
            full_name="Sok Dara", organisation=org_a, staff_id="A1"
        ),
        "a2": factories.make_user(full_name="Chan Vanna", organisation=org_a),
        "a3": factories.make_user(full_name="Lim Sophea", organisation=org_a),
        "b1": factories.make_user(full_name="Bopha Outsider", organisation=org_b),
    }
    scores = {"a1": (1, 2), "a2": (1, 0), "a3": (0, 1), "b1": (0, 0)}
    for key, (s1, s2) in scores.items():
        graded_attempt(
            quiz_x, officers[key], course_x, [(q1, D(s1), D(1)), (q2, D(s2), D(2))]
        )
    # A second attempt with an answer to mark: in the results, not the statistics.
    graded_attempt(
        quiz_x,
        officers["a2"],
        course_x,
        [(q1, D(1), D(1)), (q2, None, D(2))],
        number=2,
        pending=1,
        at=NOW + datetime.timedelta(days=1),
    )
    graded_attempt(quiz_y, officers["a1"], course_y, [(q3, D(1), D(1))])
    return World(
        course_x=course_x,
        course_y=course_y,
        quiz_x=quiz_x,
        quiz_y=quiz_y,
        q1=q1,
        q2=q2,
        q3=q3,
        officers=officers,
        reviewer_a=factories.make_user("reviewer", reviews=org_a),
        reviewer_b=factories.make_user("reviewer", reviews=org_b),
        trainer_x=factories.make_user("trainer", trains=[course_x]),
        admin=factories.make_user("admin"),
    )


def test_question_statistics_rows(world):
    rows = list(QuestionStatisticsReport(scope_for(world.admin)).rows({}))
    # q1: scores 1, 1, 0, 0, rest 2, 0, 1, 0 -> r = 0.5 / sqrt(2.75).
    # q2: fractions 1, 0, 0.5, 0 -> facility 37.5, SD sqrt(0.6875 / 3).
    assert rows == [
        # Rounded to one decimal, half up, like every score (lms.numerals).
        (
            "Course X",
            "Quiz X",
            "Which passport",
            4,
            50,
            Decimal("57.7"),
            Decimal("30.2"),
        ),
        (
            "Course X",
            "Quiz X",
            "Which visa",
            4,
            Decimal("37.5"),
            Decimal("47.9"),
            Decimal("30.2"),
        ),
        ("Course Y", "Quiz Y", "Which stamp", 1, 100.0, UNDEFINED, UNDEFINED),
    ]


def test_trainer_gets_statistics_of_their_courses_only(client, world):
    rows = list(QuestionStatisticsReport(scope_for(world.trainer_x)).rows({}))
    assert {row[1] for row in rows} == {"Quiz X"}
    client.force_login(world.trainer_x)
    url = reverse("portal:report", args=["question_statistics"])
    response = client.get(url + "?format=csv")
    body = b"".join(response.streaming_content).decode()
    assert "Quiz X" in body and "Quiz Y" not in body and "Which stamp" not in body
    assert client.get(url + f"?course={world.course_y.pk}").status_code == 400
    page = client.get(url)
    assert page.status_code == 200 and "Quiz Y" not in page.text


@pytest.mark.parametrize(
    "actor, results_status, statistics_status",
    [
        ("anonymous", 302, 302),
        ("officer", 403, 403),
        ("reviewer_a", 200, 403),
        ("reviewer_b", 200, 403),
        ("trainer_x", 200, 200),
        ("admin", 200, 200),
    ],
)
def test_access_by_role(client, world, actor, results_status, statistics_status):
    user = {
        "anonymous": None,
        "officer": world.officers["a1"],
        "reviewer_a": world.reviewer_a,
        "reviewer_b": world.reviewer_b,
        "trainer_x": world.trainer_x,
        "admin": world.admin,
    }[actor]
    if user:
        client.force_login(user)
    for identifier, status in (
        ("quiz_results", results_status),
        ("question_statistics", statistics_status),
    ):
        url = reverse("portal:report", args=[identifier])
        for query in ("", "?format=csv", "?format=xlsx"):
            response = client.get(url + query)
            assert response.status_code == status, (identifier, query)
            if status == 302:
                assert response.url.startswith(reverse("accounts:login"))
    downloads = AuditEvent.objects.filter(action="report.downloaded")
    expected = (results_status == 200) * 2 + (statistics_status == 200) * 2
    assert downloads.count() == expected


def test_reviewer_b_sees_only_b(world):
    rows = list(QuizResultsReport(scope_for(world.reviewer_b)).rows({}))
    # Core officer columns first: staff ID, names, unit, province; quiz at 6.
    assert [(row[1], row[6]) for row in rows] == [("Bopha Outsider", "Quiz X")]


def test_reports_listed_by_audience(world):
    def listed(user):
        return {r.identifier for r in reports_for(scope_for(user))}

    assert "question_statistics" not in listed(world.reviewer_a)
    assert "quiz_results" in listed(world.reviewer_a)
    assert {"quiz_results", "question_statistics"} <= listed(world.trainer_x)
    assert {"quiz_results", "question_statistics"} <= listed(world.admin)
    assert listed(world.officers["a1"]) == set()


def test_quiz_results_rows(world):
    rows = list(QuizResultsReport(scope_for(world.reviewer_a)).rows({}))
    by_key = {(row[1], row[6]): row for row in rows}
    assert set(by_key) == {
        ("Chan Vanna", "Quiz X"),
        ("Lim Sophea", "Quiz X"),
        ("Sok Dara", "Quiz X"),
        ("Sok Dara", "Quiz Y"),
    }
    vanna = by_key["Chan Vanna", "Quiz X"]
    # Two attempts: 1 of 3 graded, then one waiting for a mark (1 of 3 so far).
    assert (vanna[0], vanna[3], *vanna[5:8]) == (
        "",
        "Organisation A",
        "Course X",
        "Quiz X",
        2,
    )
    assert vanna[8] == D("33.3")  # one decimal (lms.numerals)
    assert vanna[9] == NOW + datetime.timedelta(days=1)
    assert vanna[10] == "Waiting for marking" and vanna[11] == 1
    dara = by_key["Sok Dara", "Quiz X"]
    assert dara[0] == "A1" and dara[7] == 1 and dara[8] == D("100.000")
    assert dara[10] == "Yes" and dara[11] == 0
    sophea = by_key["Lim Sophea", "Quiz X"]
    assert sophea[8] == D("33.3") and sophea[10] == "No" and sophea[11] == 0
    assert [row[1] for row in rows] == sorted(row[1] for row in rows)
    assert QuizResultsReport(scope_for(world.reviewer_a)).count({}) == 4


def test_quiz_results_pending_without_pass(world):
    officer = world.officers["a3"]
    graded_attempt(
        world.quiz_y, officer, world.course_y, [(world.q3, None, D(1))], pending=1
    )
    rows = list(QuizResultsReport(scope_for(world.admin)).rows({}))
    row = next(r for r in rows if r[1] == "Lim Sophea" and r[6] == "Quiz Y")
    assert row[10] == "Waiting for marking" and row[11] == 1


def test_quiz_results_filters(world):
    report = QuizResultsReport(scope_for(world.admin))
    form = report.filter_form({"course": world.course_y.pk})
    assert form.is_valid()
    assert [(r[1], r[6]) for r in report.rows(form.cleaned_data)] == [
        ("Sok Dara", "Quiz Y")
    ]
    day = timezone.localdate(NOW + datetime.timedelta(days=1)).isoformat()
    form = report.filter_form({"date_from": day})
    assert form.is_valid()
    assert [(r[1], r[7]) for r in report.rows(form.cleaned_data)] == [("Chan Vanna", 1)]


def test_reviewer_a_quiz_results_hold_nothing_of_b(client, world):
    client.force_login(world.reviewer_a)
    url = reverse("portal:report", args=["quiz_results"])
    page = client.get(url)
    assert "Sok Dara" in page.text and "Bopha" not in page.text
    response = client.get(url + "?format=csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff") and "Sok Dara" in body and "Bopha" not in body
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0][:2] == ["Staff ID", "Name (Latin)"] and len(rows) == 5
    response = client.get(url + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in sheet.active.iter_rows(values_only=True) for c in row]
    assert "Sok Dara" in cells and not any("Bopha" in str(c) for c in cells)
    # Numbers stay numbers in the workbook.
    assert any(isinstance(c, float | int) and c == 100 for c in cells)
    assert (
        AuditEvent.objects.filter(
            action="report.downloaded",
            actor=world.reviewer_a,
            details__report="quiz_results",
        ).count()
        == 2
    )


def test_statistics_from_attempts_taken_for_real(world):
    """Attempts made by the quiz engine group by the frozen question."""
    officer = factories.make_user(full_name="Real Taker")
    enrolment, _ = enrol(officer, world.course_y)
    attempt, _ = start_attempt(world.quiz_y, enrolment)
    right = world.q3.choices.get(fraction=1).pk
    submit_attempt(attempt.pk, [AnswerUpdate(position=1, sequence=0, response=right)])
    report = QuestionStatisticsReport(scope_for(world.admin))
    form = report.filter_form({"course": world.course_y.pk})
    assert form.is_valid()
    assert list(report.rows(form.cleaned_data)) == [
        ("Course Y", "Quiz Y", "Which stamp", 2, 100.0, 0.0, UNDEFINED)
    ]


def test_statistics_xlsx_keeps_numbers(client, world):
    client.force_login(world.trainer_x)
    url = reverse("portal:report", args=["question_statistics"])
    response = client.get(url + "?format=xlsx")
    rows = list(
        openpyxl.load_workbook(
            io.BytesIO(b"".join(response.streaming_content))
        ).active.iter_rows(values_only=True)
    )
    assert rows[1] == ("Course X", "Quiz X", "Which passport", 4, 50, 57.7, 30.2)


def add_attempts(world, how_many, start):
    for i in range(start, start + how_many):
        officer = factories.make_user(full_name=f"Officer {i}")
        graded_attempt(
            world.quiz_x,
            officer,
            world.course_x,
            [(world.q1, D(i % 2), D(1)), (world.q2, D(i % 3), D(2))],
        )


def test_query_counts_do_not_grow_with_attempts(client, world):
    client.force_login(world.admin)
    urls = [
        reverse("portal:report", args=[identifier]) + query
        for identifier in ("quiz_results", "question_statistics")
        for query in ("", "?format=csv", "?format=xlsx")
    ]

    def measure(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)
        return len(queries)

    add_attempts(world, 10, 0)
    for url in urls:
        measure(url)
    small = {url: measure(url) for url in urls}
    add_attempts(world, 90, 10)
    assert {url: measure(url) for url in urls} == small
    # Was 16. Course and quiz titles now come from the pages' translations
    # (``courses.translations.localized_titles``): two queries for each list of
    # titles instead of one, so two more per pass over the question statistics
    # (which the CSV export makes twice: 16 + 4) and three more for the quiz
    # results (their pages are listed first). None of it grows with attempts.
    assert max(small.values()) <= 20
