"""The officer's dashboard in Cambodian form: day-first dates with the month's
name in the officer's language, and Latin digits on the Khmer page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from courses.models import Enrolment
from tests import factories

pytestmark = pytest.mark.django_db

ENROLLED = datetime.datetime(2026, 11, 3, 18, 0, tzinfo=datetime.UTC)  # 4 Nov, 01:00
COMPLETED = datetime.datetime(2026, 12, 7, 7, 5, tzinfo=datetime.UTC)
KHMER_DIGIT = re.compile("[០-៩]")


@pytest.fixture
def officer_page(client, catalog):
    officer = factories.make_user("officer")
    doing = factories.make_course(catalog, title="Border checks")
    done = factories.make_course(catalog, title="Victim identification")
    first = Enrolment.objects.create(user=officer, course=doing)
    second = Enrolment.objects.create(user=officer, course=done)
    Enrolment.objects.filter(pk=first.pk).update(enrolled_at=ENROLLED)
    Enrolment.objects.filter(pk=second.pk).update(
        enrolled_at=ENROLLED, completed_at=COMPLETED
    )
    client.force_login(officer)

    def page(language):
        client.cookies["lms_language"] = language
        response = client.get(reverse("courses:dashboard"))
        assert response.status_code == 200
        return response.content.decode()

    return page


def test_english_dashboard_is_day_first(officer_page):
    html = officer_page("en")

    # Enrolled at 01:00 on 4 November in Phnom Penh (18:00 UTC the day before).
    assert "Enrolled on 4 Nov 2026" in html
    assert "on 7 Dec 2026" in html
    assert "Nov. 3" not in html and "Dec. 7" not in html


def test_khmer_dashboard_names_the_month_in_khmer_with_latin_digits(officer_page):
    html = officer_page("km")

    assert '<html lang="km">' in html
    assert "4 វិច្ឆិកា 2026" in html
    assert "7 ធ្នូ 2026" in html
    assert "Nov" not in html and "Dec" not in html
    assert KHMER_DIGIT.findall(html) == []
