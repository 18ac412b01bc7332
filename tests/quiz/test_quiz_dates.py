"""The quiz pages in Cambodian form: opening and closing times day first on
the 24-hour clock, scores and grades to one decimal, Latin digits in Khmer."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from courses.models import Enrolment
from plugins.quiz.models import Attempt
from plugins.quiz.models.attempts import AttemptState
from tests import factories
from tests.quiz.factories import make_question, make_quiz

pytestmark = pytest.mark.django_db

OPENS = datetime.datetime(2026, 12, 1, 1, 0, tzinfo=datetime.UTC)  # 08:00 there
CLOSES = datetime.datetime(2027, 1, 5, 10, 30, tzinfo=datetime.UTC)  # 17:30
KHMER_DIGIT = re.compile("[០-៩]")


@pytest.fixture
def quiz_page(client):
    course = factories.make_course(modules=1, lessons=1)
    quiz = make_quiz(
        factories.modules_of(course)[0],
        questions=[make_question()],
        opens_at=OPENS,
        closes_at=CLOSES,
    )
    officer = factories.make_user("officer")
    enrolment = Enrolment.objects.create(user=officer, course=course)
    Attempt.objects.create(
        quiz=quiz,
        user=officer,
        enrolment=enrolment,
        number=1,
        state=AttemptState.FINISHED,
        seed=1,
        started_at=OPENS,
        submitted_at=OPENS,
        score=Decimal("12"),
        max_score=Decimal("13"),
        percent=Decimal("92.308"),
        passed=True,
    )
    client.force_login(officer)

    def page(language):
        client.cookies["lms_language"] = language
        response = client.get(quiz.url)
        assert response.status_code == 200
        return response.content.decode()

    return page


@pytest.mark.parametrize(("language", "percent"), [("en", "92.3%"), ("km", "92,3%")])
def test_quiz_page_is_day_first_with_one_decimal(quiz_page, language, percent):
    html = quiz_page(language)

    assert "1/12/2026 08:00" in html
    assert "5/1/2027 17:30" in html
    assert "2026-12-01 08:00" not in html
    assert percent in html
    assert "92.308" not in html and "92,308" not in html
    if language == "km":
        assert KHMER_DIGIT.findall(html) == []
