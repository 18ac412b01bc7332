"""The officer's dashboard: progress per course, where to continue, completed."""

import pytest
from django.urls import reverse

from courses.enrolment import enrol
from tests import factories
from tests.courses.study import complete_lesson

DASHBOARD_URL = reverse("courses:dashboard")


@pytest.fixture
def three_courses(catalog, officer):
    made = [
        factories.make_course(catalog, title=title, modules=2, lessons=2)
        for title in ("Victim identification", "Border checks", "Customs basics")
    ]
    return [
        (course, enrol(officer, course)[0], factories.lessons_of(course))
        for course in made
    ]


def dashboard(client):
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 200
    return response


def test_progress_percent_per_course(officer_client, three_courses):
    (_, first, first_lessons), (_, second, second_lessons), _ = three_courses
    complete_lesson(first, first_lessons[0])  # 1 of 4
    for lesson in second_lessons[:3]:  # 3 of 4
        complete_lesson(second, lesson)

    response = dashboard(officer_client)

    progress = {
        e.enrolment.course.title: e.progress for e in response.context["in_progress"]
    }
    assert {title: p.percent for title, p in progress.items()} == {
        "Victim identification": 25,
        "Border checks": 75,
        "Customs basics": 0,
    }
    assert (progress["Border checks"].completed, progress["Border checks"].total) == (
        3,
        4,
    )
    content = response.content.decode()
    assert "1 of 4 lessons done (25%)" in content
    assert "3 of 4 lessons done (75%)" in content


def test_unpublished_lessons_do_not_count(officer_client, three_courses):
    _, first, lessons = three_courses[0]
    complete_lesson(first, lessons[0])
    lessons[3].unpublish()

    response = dashboard(officer_client)

    entry = next(e for e in response.context["in_progress"] if e.enrolment == first)
    assert (entry.progress.completed, entry.progress.total, entry.progress.percent) == (
        1,
        3,
        33,
    )


def test_continue_where_you_left_off_is_the_last_lesson_viewed(
    officer_client, three_courses
):
    (_, first, first_lessons), (second_course, second, second_lessons), _ = (
        three_courses
    )
    officer_client.get(first_lessons[2].url)
    officer_client.get(second_lessons[1].url)  # the latest

    response = dashboard(officer_client)

    resume = response.context["resume"]
    assert resume.enrolment == second
    assert resume.enrolment.last_page.pk == second_lessons[1].pk
    content = response.content.decode()
    assert f'href="{second_lessons[1].url}"' in content
    # Most recently opened course first; never-opened courses last.
    order = [e.enrolment.course.title for e in response.context["in_progress"]]
    assert order == ["Border checks", "Victim identification", "Customs basics"]

    officer_client.get(first_lessons[0].url)

    resume = dashboard(officer_client).context["resume"]
    assert resume.enrolment == first
    assert resume.enrolment.last_page.pk == first_lessons[0].pk


def test_nothing_to_continue_before_the_first_lesson(officer_client, three_courses):
    response = dashboard(officer_client)

    assert response.context["resume"] is None
    assert "Continue where you left off" not in response.content.decode()


def test_completed_courses_are_listed_separately(officer_client, three_courses):
    done_course, done, lessons = three_courses[0]
    for lesson in lessons:
        officer_client.get(lesson.url)
        complete_lesson(done, lesson)
    done.refresh_from_db()
    assert done.is_complete

    response = dashboard(officer_client)

    completed = [e.enrolment for e in response.context["completed"]]
    in_progress = [e.enrolment for e in response.context["in_progress"]]
    assert completed == [done]
    assert done not in in_progress
    assert len(in_progress) == 2
    assert response.context["completed"][0].progress.percent == 100
    # The completed course is not where the officer "left off".
    assert response.context["resume"] is None


def test_unpublished_course_disappears_from_the_dashboard(
    officer_client, three_courses
):
    hidden, _, _ = three_courses[2]
    hidden.unpublish()

    response = dashboard(officer_client)

    assert hidden.pk not in [
        e.enrolment.course_id for e in response.context["in_progress"]
    ]
    assert "Customs basics" not in response.content.decode()


def test_empty_dashboard_points_to_the_catalog(officer_client):
    response = dashboard(officer_client)

    assert response.context["in_progress"] == []
    assert response.context["completed"] == []
    assert "You are not taking any course at the moment." in response.content.decode()
