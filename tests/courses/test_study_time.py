"""Study time: the minimum a lesson asks, the report endpoint, its caps and
idempotence, completion by study, and what the lesson page says."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.completion import VIEWED, record_event
from courses.enrolment import enrol
from courses.models import ActivityProgress, LessonPage, StudyVisit
from courses.study import (
    MAX_SECONDS,
    MIN_SECONDS,
    SLACK_SECONDS,
    InvalidVisit,
    issue_visit,
    reading_seconds,
    record_study,
    required_seconds,
)
from tests import factories
from tests.courses.conftest import requires_postgresql, run_concurrently
from tests.courses.study import complete_lesson

pytestmark = pytest.mark.django_db


def progress_of(enrolment, page):
    return ActivityProgress.objects.get(enrolment=enrolment, page_id=page.pk)


def opened_ago(enrolment, lesson, seconds):
    """Open ``lesson`` ``seconds`` ago and return that visit's token."""
    then = timezone.now() - timedelta(seconds=seconds)
    record_event(enrolment, lesson, VIEWED, now=then)
    return issue_visit(enrolment, lesson, now=then)


def report(client, lesson, visit, seconds, end=False):
    return client.post(
        reverse("courses:study", args=[lesson.pk]),
        {"visit": visit, "seconds": seconds, "end": "1" if end else "0"},
    )


# How long a lesson asks for --------------------------------------------------


def set_body(lesson, html):
    lesson.body = [("text", html)]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def test_english_is_read_by_words(lessons):
    lesson = set_body(lessons[0], "<p>" + "word " * 400 + "</p>")

    assert required_seconds(lesson) == 120  # 400 words at 200 a minute


def test_khmer_is_read_by_letters_not_by_spaces(lessons):
    # "ស្រីកម្ពុជា" has four written heads (ស ក ម ជ): subscripts (្រ ្ព) and
    # vowel signs are not counted, and Khmer puts no spaces between words.
    khmer = "ស្រីកម្ពុជា" * 300
    lesson = set_body(lessons[0], f"<p>{khmer}</p>")

    assert reading_seconds(khmer) == pytest.approx(60 * 1200 / 450)
    assert required_seconds(lesson) == 160
    # Counted as one space-separated "word" it would ask for the floor only.
    assert required_seconds(lesson) > MIN_SECONDS


def test_a_short_lesson_asks_for_the_floor_and_a_long_one_the_ceiling(lessons):
    short = set_body(lessons[0], "<p>Stop.</p>")
    long = set_body(lessons[1], "<p>" + "word " * 20000 + "</p>")

    assert required_seconds(short) == MIN_SECONDS
    assert required_seconds(long) == MAX_SECONDS


def test_a_trainer_sets_the_minimum_per_lesson(lessons):
    lesson = lessons[0]
    lesson.min_study_minutes = Decimal("0.1")
    lesson.save()

    assert required_seconds(LessonPage.objects.get(pk=lesson.pk)) == 6


# Completion by study ------------------------------------------------------------


def test_time_without_the_end_does_not_complete(enrolment, lessons):
    lesson = lessons[0]
    visit = opened_ago(enrolment, lesson, 600)

    progress = record_study(enrolment, lesson, visit, 600, reached_end=False)

    assert progress.seconds_spent == 600
    assert progress.completed_at is None


def test_the_end_without_the_time_does_not_complete(enrolment, lessons):
    lesson = lessons[0]
    visit = opened_ago(enrolment, lesson, 5)

    progress = record_study(enrolment, lesson, visit, 5, reached_end=True)

    assert progress.reached_end_at is not None
    assert progress.completed_at is None


def test_time_and_the_end_complete_the_lesson(enrolment, lessons, signal_log):
    lesson = lessons[0]
    needed = required_seconds(lesson)
    visit = opened_ago(enrolment, lesson, needed + 5)

    record_study(enrolment, lesson, visit, needed - 10, reached_end=True)
    assert progress_of(enrolment, lesson).completed_at is None
    record_study(enrolment, lesson, visit, needed, reached_end=False)

    assert progress_of(enrolment, lesson).completed_at is not None
    assert signal_log.count("lesson_completed") == 1


# Reports: idempotent, capped, never lost -----------------------------------------


def test_a_repeated_report_counts_once(enrolment, lessons):
    lesson = lessons[0]
    visit = opened_ago(enrolment, lesson, 300)

    for _attempt in range(3):  # a retry, a beacon and a keepalive fetch
        record_study(enrolment, lesson, visit, 120, reached_end=False)

    assert progress_of(enrolment, lesson).seconds_spent == 120


def test_reports_are_cumulative_per_visit(enrolment, lessons):
    lesson = lessons[0]
    served = timezone.now() - timedelta(seconds=300)
    record_event(enrolment, lesson, VIEWED, now=served)
    visit = issue_visit(enrolment, lesson, now=served)

    def at(seconds):
        return served + timedelta(seconds=seconds)

    record_study(enrolment, lesson, visit, 30, False, now=at(30))
    record_study(enrolment, lesson, visit, 90, False, now=at(90))
    record_study(enrolment, lesson, visit, 60, False, now=at(95))  # late, older

    assert progress_of(enrolment, lesson).seconds_spent == 90


def test_each_report_is_capped_by_the_time_since_the_previous_one(enrolment, lessons):
    lesson = lessons[0]
    visit = opened_ago(enrolment, lesson, 3600)
    record_study(enrolment, lesson, visit, 60, reached_end=False)

    progress = record_study(enrolment, lesson, visit, 3600, reached_end=False)

    assert 60 < progress.seconds_spent <= 60 + SLACK_SECONDS + 1


def test_a_report_cannot_claim_more_than_the_time_that_passed(enrolment, lessons):
    lesson = lessons[0]
    lesson.min_study_minutes = 5
    lesson.save()
    visit = opened_ago(enrolment, lesson, 30)

    progress = record_study(enrolment, lesson, visit, 3 * 3600, reached_end=True)

    assert 30 <= progress.seconds_spent <= 30 + SLACK_SECONDS + 1
    assert progress.completed_at is None


def test_a_capped_visit_gains_nothing_by_repeating_its_claim(enrolment, lessons):
    lesson = lessons[0]
    visit = opened_ago(enrolment, lesson, 30)
    first = record_study(enrolment, lesson, visit, 3 * 3600, reached_end=False)

    again = record_study(enrolment, lesson, visit, 3 * 3600, reached_end=False)

    assert again.seconds_spent - first.seconds_spent <= SLACK_SECONDS + 1


def test_two_tabs_do_not_double_the_time(enrolment, lessons):
    lesson = lessons[0]
    first_tab = opened_ago(enrolment, lesson, 100)
    second_tab = issue_visit(
        enrolment, lesson, now=timezone.now() - timedelta(seconds=100)
    )

    record_study(enrolment, lesson, first_tab, 100, reached_end=False)
    progress = record_study(enrolment, lesson, second_tab, 100, reached_end=False)

    # Both tabs claim the same 100 seconds of wall-clock time.
    assert progress.seconds_spent <= 100 + SLACK_SECONDS + 1
    assert StudyVisit.objects.filter(progress=progress).count() == 2


def test_time_studied_offline_counts_when_the_report_arrives_later(enrolment, lessons):
    """A phone lost its connection after loading the lesson, studied for ten
    minutes, and reports the next day from localStorage."""
    lesson = lessons[0]
    visit = opened_ago(enrolment, lesson, 24 * 3600)

    progress = record_study(enrolment, lesson, visit, 600, reached_end=True)

    assert progress.seconds_spent == 600
    assert progress.completed_at is not None


def test_two_devices_add_up(enrolment, lessons):
    lesson = lessons[0]
    phone = opened_ago(enrolment, lesson, 3600)
    desktop = issue_visit(enrolment, lesson, now=timezone.now() - timedelta(hours=0.5))

    record_study(enrolment, lesson, phone, 300, reached_end=False)
    progress = record_study(enrolment, lesson, desktop, 200, reached_end=False)

    assert progress.seconds_spent == 500


def test_a_forged_or_foreign_visit_is_refused(enrolment, lessons, other_officer):
    lesson, other_lesson = lessons[0], lessons[1]
    theirs, _ = enrol(other_officer, enrolment.course)

    with pytest.raises(InvalidVisit):
        record_study(enrolment, lesson, "forged:token", 10, reached_end=False)
    with pytest.raises(InvalidVisit):
        record_study(enrolment, lesson, issue_visit(enrolment, other_lesson), 10, False)
    with pytest.raises(InvalidVisit):
        record_study(enrolment, lesson, issue_visit(theirs, lesson), 10, False)
    assert not StudyVisit.objects.exists()


# The endpoint ------------------------------------------------------------------


def test_the_endpoint_credits_and_answers_the_status(
    officer_client, enrolment, lessons
):
    lesson = lessons[0]
    visit = opened_ago(enrolment, lesson, 600)

    response = report(officer_client, lesson, visit, 5, end=True)

    assert response.status_code == 200
    body = response.json()
    assert body["complete"] is False
    assert body["spent"] == 5
    assert body["message"].startswith("Keep reading: about")

    # Another tab, open as long: its time adds up to the minimum.
    other_tab = issue_visit(
        enrolment, lesson, now=timezone.now() - timedelta(seconds=600)
    )
    done = report(officer_client, lesson, other_tab, required_seconds(lesson), True)
    assert done.json()["complete"] is True
    assert done.json()["message"] == "Done: this lesson is complete."


def test_bad_input_is_answered_with_what_is_wrong(officer_client, enrolment, lessons):
    lesson = lessons[0]
    visit = opened_ago(enrolment, lesson, 60)

    bad_seconds = report(officer_client, lesson, visit, "ten")
    negative = report(officer_client, lesson, visit, -5)
    bad_visit = report(officer_client, lesson, "not-a-visit", 10)

    assert bad_seconds.status_code == negative.status_code == 400
    assert "seconds" in bad_seconds.json()["error"]
    assert bad_visit.status_code == 400
    assert "visit" in bad_visit.json()["error"]
    assert progress_of(enrolment, lesson).seconds_spent == 0


def test_the_endpoint_is_post_only_and_csrf_protected(officer, enrolment, lessons):
    lesson = lessons[0]
    visit = opened_ago(enrolment, lesson, 60)
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    url = reverse("courses:study", args=[lesson.pk])

    assert client.get(url).status_code == 405
    assert client.post(url, {"visit": visit, "seconds": 10}).status_code == 403
    assert progress_of(enrolment, lesson).seconds_spent == 0


@pytest.mark.parametrize(
    "who",
    ["anonymous", "other_officer", "trainer", "reviewer", "other_reviewer", "admin"],
)
def test_only_the_enrolled_officer_may_report(who, enrolment, lessons, course):
    lesson = lessons[0]
    visit = opened_ago(enrolment, lesson, 60)
    organisation = factories.make_organisation()
    users = {
        "other_officer": lambda: factories.make_user("officer"),
        "trainer": lambda: factories.make_user("trainer", trains=[course]),
        "reviewer": lambda: factories.make_user(
            "reviewer", reviews=enrolment.user.organisation or organisation
        ),
        "other_reviewer": lambda: factories.make_user("reviewer", reviews=organisation),
        "admin": lambda: factories.make_user("admin"),
    }
    client = Client()
    if who != "anonymous":
        client.force_login(users[who]())

    response = report(client, lesson, visit, 30, end=True)

    assert response.status_code == 403
    assert progress_of(enrolment, lesson).seconds_spent == 0


def test_a_page_that_is_not_a_lesson_is_not_found(officer_client, enrolment, modules):
    response = officer_client.post(
        reverse("courses:study", args=[modules[0].pk]), {"visit": "x", "seconds": 1}
    )

    assert response.status_code == 404


# The lesson page -----------------------------------------------------------------


def test_the_page_says_how_long_to_keep_reading(officer_client, enrolment, lessons):
    lesson = lessons[0]
    lesson.min_study_minutes = Decimal("4")
    lesson.save_revision().publish()

    html = officer_client.get(lesson.url).content.decode()

    assert 'role="status" aria-live="polite"' in html
    assert "Keep reading: about 4 more minutes." in html
    assert "courses/study.js" in html
    assert 'id="lesson-end"' in html
    assert "data-study-visit=" in html


def test_the_page_says_done_once_studied(officer_client, enrolment, lessons):
    complete_lesson(enrolment, lessons[0])

    html = officer_client.get(lessons[0].url).content.decode()

    assert "Done: this lesson is complete." in html


def test_next_is_a_plain_link_that_completes_nothing(
    officer_client, enrolment, lessons
):
    html = officer_client.get(lessons[0].url).content.decode()
    assert f'href="{lessons[1].url}" rel="next"' in html

    officer_client.get(lessons[1].url)

    assert not ActivityProgress.objects.filter(completed_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_longest_demo_lesson_with_its_script_stays_under_60_kb(client):
    """First load without images: the HTML, the stylesheet and the study script."""
    from django.contrib.staticfiles import finders

    from courses.demo.loader import load_demo

    load_demo()
    longest = max(
        LessonPage.objects.live(), key=lambda lesson: len(str(lesson.body.raw_data))
    )
    officer = factories.make_user("officer")
    enrol(officer, longest.get_parent().get_parent().specific)
    client.force_login(officer)
    html = client.get(longest.url).content
    assert b"courses/study.js" in html
    assets = [finders.find("courses/study.js"), finders.find("lms/css/site.css")]
    weight = len(html) + sum(len(open(path, "rb").read()) for path in assets)

    print(f"\nlongest demo lesson, first load: {weight} bytes ({len(html)} HTML)")
    assert weight < 60 * 1024, weight


# "I have read this" ----------------------------------------------------------------


@pytest.fixture
def confirm_lesson(lessons):
    lesson = lessons[0]
    lesson.completion_rule = "lesson_confirmed"
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def test_the_confirm_button_is_a_form_that_completes(
    officer_client, enrolment, confirm_lesson, signal_log
):
    html = officer_client.get(confirm_lesson.url).content.decode()
    url = reverse("courses:confirm", args=[confirm_lesson.pk])
    assert f'action="{url}"' in html and "I have read this" in html

    response = officer_client.post(url)

    assert response.status_code == 302
    assert response["Location"].startswith(confirm_lesson.url)
    assert progress_of(enrolment, confirm_lesson).completed_at is not None
    assert signal_log.count("lesson_completed") == 1
    assert (
        "I have read this"
        not in officer_client.get(confirm_lesson.url).content.decode()
    )


def test_confirming_does_not_complete_a_lesson_that_asks_for_study(
    officer_client, enrolment, lessons
):
    officer_client.post(reverse("courses:confirm", args=[lessons[0].pk]))

    assert progress_of(enrolment, lessons[0]).completed_at is None


@pytest.mark.parametrize("who", ["anonymous", "other_officer", "trainer", "admin"])
def test_only_the_enrolled_officer_may_confirm(who, confirm_lesson, enrolment, course):
    users = {
        "other_officer": lambda: factories.make_user("officer"),
        "trainer": lambda: factories.make_user("trainer", trains=[course]),
        "admin": lambda: factories.make_user("admin"),
    }
    client = Client()
    if who != "anonymous":
        client.force_login(users[who]())

    response = client.post(reverse("courses:confirm", args=[confirm_lesson.pk]))

    assert response.status_code in (302, 403)
    if who == "anonymous":
        assert "login" in response["Location"] or "sign" in response["Location"]
    else:
        assert response.status_code == 403
    assert not ActivityProgress.objects.filter(completed_at__isnull=False).exists()


# Races (PostgreSQL) ----------------------------------------------------------------


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_report_sent_twice_at_once_counts_once():
    officer = factories.make_user("officer")
    course = factories.make_course(factories.make_catalog(), modules=1, lessons=1)
    enrolment, _ = enrol(officer, course)
    lesson = factories.lessons_of(course)[0]
    visit = opened_ago(enrolment, lesson, 300)

    run_concurrently(
        *[lambda: record_study(enrolment, lesson, visit, 200, False) for _ in range(4)]
    )

    assert progress_of(enrolment, lesson).seconds_spent == 200
    assert StudyVisit.objects.count() == 1


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_tabs_reporting_at_once_are_capped_together():
    officer = factories.make_user("officer")
    course = factories.make_course(factories.make_catalog(), modules=1, lessons=1)
    enrolment, _ = enrol(officer, course)
    lesson = factories.lessons_of(course)[0]
    first = opened_ago(enrolment, lesson, 100)
    second = issue_visit(enrolment, lesson, now=timezone.now() - timedelta(seconds=100))

    run_concurrently(
        lambda: record_study(enrolment, lesson, first, 100, False),
        lambda: record_study(enrolment, lesson, second, 100, False),
    )

    assert progress_of(enrolment, lesson).seconds_spent <= 100 + SLACK_SECONDS + 1
