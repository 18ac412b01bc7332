"""A trainer marks an essay in the Wagtail admin; the officer sees the new grade."""

import re

import pytest
from playwright.sync_api import expect

from courses.demo.loader import DEMO_USERS
from courses.models import CoursePage, Enrolment
from plugins.quiz.models import Attempt, QuizPage
from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
from tests.courses.study import complete_lesson
from tests.factories import lessons_of
from tests.quiz.answers import correct_response

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICER = next(u for u in DEMO_USERS if u.username == "officer")
TRAINER = next(u for u in DEMO_USERS if u.username == "trainer")
COMMENT = "Good: you put her safety and her choices first."


def submitted_essay_attempt() -> Attempt:
    """The officer has read course 2 and submitted its quiz, every answer right.

    Only the essay is left: the attempt waits for a trainer.
    """
    # The English version: the demo's courses have Khmer versions too.
    course = CoursePage.objects.get(
        slug__startswith="psychosocial-support", locale__language_code="en"
    )
    officer = Enrolment._meta.get_field("user").related_model.objects.get(
        username=OFFICER.username
    )
    # Course 1 is course 2's prerequisite; the path to it is tested elsewhere.
    enrolment = Enrolment.objects.create(user=officer, course=course)
    for lesson in lessons_of(course):
        complete_lesson(enrolment, lesson)
    quiz = QuizPage.objects.descendant_of(course).get()
    attempt, _ = start_attempt(quiz, enrolment)
    updates = [
        AnswerUpdate(item.position, item.sequence, correct_response(item.snapshot))
        for item in attempt.questions.all()
    ]
    attempt, _ = submit_attempt(attempt.pk, updates)
    assert attempt.pending_marking == 1 and attempt.passed is None
    return attempt


def sign_in(page, user, path):
    page.goto(f"/accounts/login/?next={path}")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()


def test_trainer_marks_an_essay_and_the_officer_sees_the_grade(
    browser, live_server, demo
):
    attempt = submitted_essay_attempt()
    result_path = f"/plugins/quiz/attempts/{attempt.pk}/result/"

    officer_context = browser.new_context(base_url=live_server.url)
    officer_page = officer_context.new_page()
    sign_in(officer_page, OFFICER, result_path)
    expect(
        officer_page.get_by_text(
            re.compile("waiting for a trainer to mark 1 answer", re.I)
        ).first
    ).to_be_visible()

    trainer_context = browser.new_context(base_url=live_server.url)
    trainer = trainer_context.new_page()
    sign_in(trainer, TRAINER, "/admin/")
    trainer.get_by_role("link", name="Marking").first.click()
    trainer.get_by_role("link", name=re.compile("^Mark\\b")).first.click()
    expect(trainer.get_by_text("I would speak with her in private")).to_be_visible()
    item = attempt.questions.get(needs_marking=True)
    trainer.get_by_label("Score").fill(str(item.mark.normalize()))
    trainer.get_by_label(re.compile("comment", re.I)).fill(COMMENT)
    trainer.get_by_role("button", name="Save mark").click()
    expect(trainer.get_by_text(re.compile("nothing is waiting", re.I))).to_be_visible()

    officer_page.goto(result_path)
    expect(officer_page.get_by_text(re.compile(r"^Passed$")).first).to_be_visible()
    expect(officer_page.get_by_text(re.compile(r"Score: .*\(100%"))).to_be_visible()
    expect(officer_page.get_by_text(COMMENT)).to_be_visible()

    attempt.refresh_from_db()
    assert attempt.passed is True and attempt.percent == 100
    assert Enrolment.objects.get(pk=attempt.enrolment_id).completed_at is not None
    officer_context.close()
    trainer_context.close()
