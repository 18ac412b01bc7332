"""Trainers write, lead trainers review, officers read: in a real browser.

The demo trainer adds a module, a lesson (with text typed into the rich-text
editor) and a quiz (a fixed question chosen in the chooser and a random draw
from a category) to a demo course, and submits each for review: nothing goes
live, and no "Publish" is offered. The demo lead trainer approves the module
and the quiz from the dashboard and requests changes on the lesson; the
trainer reads the comment, edits and resubmits; the lead approves it from the
edit view. The demo officer then finds the new module in the course outline,
reads the lesson and sees the quiz.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import TaskState

from courses.demo.loader import DEMO_USERS
from courses.models import CoursePage, LessonPage, ModulePage
from plugins.quiz.models import QuestionCategory, QuizPage
from tests.e2e.admin_helpers import (
    decide_on_dashboard,
    fill_title,
    open_more_actions,
    review_row,
    sign_in_to_admin,
    sign_in_to_site,
    type_rich_text,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRAINER = next(u for u in DEMO_USERS if u.username == "trainer")
LEAD = next(u for u in DEMO_USERS if u.username == "lead-trainer")
OFFICER = next(u for u in DEMO_USERS if u.username == "officer")

CATALOG = "Courses for frontline officers"
COURSE = "Identifying and referring victims of trafficking"
MODULE = "Module 9: Checkpoint drill"
LESSON = "Checkpoint drill briefing"
QUIZ = "Checkpoint drill quiz"
SENTENCE = "Compare the face in the passport with the traveller before anything else."
ADDED = " Then call the anti-trafficking police hotline."
COMMENT = "Say whom the officer calls first, and how."
FIXED_QUESTION = "He agreed to go"
DRAW_CATEGORY = (
    "Demo courses / Identifying and referring victims of trafficking / "
    "Referral and do no harm"
)
SUBMIT = "Submit to Course review"


def submit_for_review(page, title: str) -> None:
    """Submit the page being edited; check that "Publish" is nowhere offered."""
    actions = open_more_actions(page)
    submit = actions.get_by_role("button", name=SUBMIT)
    expect(submit).to_be_visible()
    expect(
        actions.get_by_role("button", name=re.compile("publish", re.I))
    ).to_have_count(0)
    submit.click()
    expect(
        page.get_by_role("status").get_by_text(
            f"Page '{title}' created and submitted for moderation."
        )
    ).to_be_visible()


def explorer_row(page, title: str):
    return page.get_by_role("row").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )


def trainer_adds_module_lesson_and_quiz(page) -> None:
    sign_in_to_admin(page, TRAINER)
    page.goto("/admin/pages/")
    page.get_by_role("link", name=f"Explore child pages of '{CATALOG}'").click()
    page.get_by_role("link", name=f"Explore child pages of '{COURSE}'").click()
    expect(page.get_by_role("heading", name=f"Exploring: {COURSE}")).to_be_visible()

    # A course holds only modules: "Add child page" opens the module's form.
    page.get_by_role("link", name="Add child page").click()
    expect(page.get_by_role("heading", name="New: Module")).to_be_visible()
    fill_title(page, MODULE, "module-9-checkpoint-drill")
    submit_for_review(page, MODULE)
    expect(explorer_row(page, MODULE)).to_contain_text("in moderation")

    # A lesson with one Text block, typed into the rich-text editor.
    page.get_by_role("link", name=f"Add a child page to '{MODULE}'").click()
    page.get_by_role("link", name="Lesson", exact=True).click()
    expect(page.get_by_role("heading", name="New: Lesson")).to_be_visible()
    fill_title(page, LESSON, "checkpoint-drill-briefing")
    body = page.get_by_role("region", name="Body", exact=True)
    body.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Text", exact=True).click()
    type_rich_text(
        page,
        body.get_by_role("textbox"),
        SENTENCE,
        hidden_input=page.locator("input[name='body-0-value']"),
    )
    submit_for_review(page, LESSON)
    expect(page.get_by_role("heading", name=f"Exploring: {MODULE}")).to_be_visible()
    expect(explorer_row(page, LESSON)).to_contain_text("in moderation")

    # A quiz: one fixed question from the chooser, one drawn from a category.
    page.get_by_role("link", name="Add child page").click()
    page.get_by_role("link", name="Quiz", exact=True).click()
    expect(page.get_by_role("heading", name="New: Quiz")).to_be_visible()
    fill_title(page, QUIZ, "checkpoint-drill-quiz")
    questions = page.get_by_role("region", name="Questions", exact=True)
    questions.get_by_role("button", name="Add Question").click()
    questions.get_by_role("button", name="Choose a question").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("textbox", name="Search term").fill(FIXED_QUESTION)
    expect(chooser.get_by_role("link", name="Children and the means")).to_have_count(0)
    chooser.get_by_role("link", name=FIXED_QUESTION).click()
    expect(chooser).to_be_hidden()
    expect(questions.get_by_text(FIXED_QUESTION)).to_be_visible()
    draws = page.get_by_role("region", name="Random questions from categories")
    draws.get_by_role("button", name="Add Random draw").click()
    draws.get_by_role("combobox", name="Category").select_option(label=DRAW_CATEGORY)
    draws.get_by_role("spinbutton", name="Number of questions").fill("1")
    submit_for_review(page, QUIZ)
    expect(explorer_row(page, QUIZ)).to_contain_text("in moderation")


def new_pages():
    course = CoursePage.objects.get(title=COURSE, locale__language_code="en")
    module = ModulePage.objects.child_of(course).get(title=MODULE)
    lesson = LessonPage.objects.child_of(module).get(title=LESSON)
    quiz = QuizPage.objects.child_of(module).get(title=QUIZ)
    return course, module, lesson, quiz


def decisions(page) -> list[tuple[str, str, str | None]]:
    """The review tasks of ``page``: (status, comment, who decided), in order."""
    return [
        (state.status, state.comment, getattr(state.finished_by, "username", None))
        for state in TaskState.objects.filter(
            workflow_state__in=page.workflow_states
        ).order_by("started_at", "pk")
    ]


def test_trainer_submits_lead_reviews_and_officer_reads(browser, live_server, demo):
    contexts = [browser.new_context(base_url=live_server.url) for _ in range(3)]
    trainer, lead, officer = (context.new_page() for context in contexts)
    for page in (trainer, lead, officer):
        page.set_default_timeout(15_000)
    course = CoursePage.objects.get(title=COURSE, locale__language_code="en")

    # The officer is enrolled before anything new is written.
    sign_in_to_site(officer, OFFICER, course.url)
    officer.get_by_role("button", name=re.compile("^enrol", re.I)).click()
    expect(officer.locator("main h1")).to_be_visible()

    trainer_adds_module_lesson_and_quiz(trainer)

    course, module, lesson, quiz = new_pages()
    for page in (module, lesson, quiz):
        assert not page.live and page.has_unpublished_changes
        assert page.workflow_in_progress, f"{page.title} was not submitted"
    assert module.owner.username == TRAINER.username
    draft = quiz.get_latest_revision_as_object()
    assert [slot.question.title for slot in draft.slots.all()] == [FIXED_QUESTION]
    assert [(d.category, d.count) for d in draft.category_draws.all()] == [
        (QuestionCategory.objects.get(name="Referral and do no harm"), 1)
    ]
    # Not published, so officers see nothing of it yet.
    officer.goto(course.url)
    expect(officer.get_by_role("heading", name="Course outline")).to_be_visible()
    expect(officer.get_by_text(MODULE)).to_have_count(0)

    # The lead trainer decides from the dashboard.
    sign_in_to_admin(lead, LEAD)
    for title in (MODULE, LESSON, QUIZ):
        expect(review_row(lead, title)).to_be_visible()
    decide_on_dashboard(lead, MODULE, "Approve with comment", "A clear, short module.")
    decide_on_dashboard(lead, LESSON, "Request changes", COMMENT)
    decide_on_dashboard(lead, QUIZ, "Approve")

    course, module, lesson, quiz = new_pages()
    assert module.live and quiz.live
    assert not lesson.live
    assert [slot.question.title for slot in quiz.slots.all()] == [FIXED_QUESTION]
    assert decisions(module) == [("approved", "A clear, short module.", LEAD.username)]
    assert decisions(quiz) == [("approved", "", LEAD.username)]
    assert decisions(lesson) == [("rejected", COMMENT, LEAD.username)]
    lead.goto(f"/admin/pages/{module.pk}/")
    expect(explorer_row(lead, QUIZ)).to_contain_text("live")
    expect(
        lead.get_by_role("link", name="Visible to all. Visit the live page")
    ).to_be_visible()

    # The trainer reads the comment on the lesson's edit page, edits, resubmits.
    trainer.goto(f"/admin/pages/{module.pk}/")
    trainer.get_by_role("link", name=LESSON, exact=True).click()
    expect(
        trainer.get_by_role("heading", name=f"Editing Lesson: {LESSON}")
    ).to_be_visible()
    trainer.get_by_role("button", name="Toggle status").click()
    trainer.get_by_role("button", name="View details").click()
    status = trainer.get_by_role("dialog").filter(has_text="Course review")
    expect(status.get_by_text(COMMENT)).to_be_visible()
    expect(status.get_by_text("Changes requested by")).to_be_visible()
    trainer.keyboard.press("Escape")
    expect(status).to_be_hidden()
    type_rich_text(
        trainer,
        trainer.get_by_role("region", name=re.compile("^Body")).get_by_role("textbox"),
        ADDED,
        hidden_input=trainer.locator("input[name='body-0-value']"),
    )
    actions = open_more_actions(trainer)
    expect(
        actions.get_by_role("button", name=re.compile("publish", re.I))
    ).to_have_count(0)
    actions.get_by_role("button", name="Resubmit to Lead trainer approval").click()
    expect(
        trainer.get_by_role("status").get_by_text(
            f"Page '{LESSON}' has been submitted for moderation"
        )
    ).to_be_visible()
    lesson.refresh_from_db()
    assert not lesson.live

    # The lead approves the new version from the lesson's edit view.
    lead.goto("/admin/")
    review_row(lead, LESSON).get_by_role("link", name=LESSON).click()
    expect(
        lead.get_by_role("heading", name=f"Editing Lesson: {LESSON}")
    ).to_be_visible()
    open_more_actions(lead).get_by_role("button", name="Approve and Publish").click()
    expect(
        lead.get_by_role("status").get_by_text(f"Page '{LESSON}' has been updated")
    ).to_be_visible()
    lead.goto("/admin/")
    expect(lead.get_by_role("region", name="Awaiting your review")).to_have_count(0)

    course, module, lesson, quiz = new_pages()
    assert lesson.live and not lesson.has_unpublished_changes
    assert not lesson.workflow_in_progress
    assert decisions(lesson) == [
        ("rejected", COMMENT, LEAD.username),
        ("approved", "", LEAD.username),
    ]
    published = str(lesson.body)
    assert SENTENCE in published and ADDED.strip() in published

    # The officer finds the module, reads the lesson and sees the quiz.
    officer.goto(course.url)
    section = officer.get_by_role("region", name=re.compile(re.escape(MODULE)))
    expect(section.get_by_role("link", name=LESSON)).to_be_visible()
    expect(section.get_by_role("link", name=QUIZ)).to_be_visible()
    section.get_by_role("link", name=LESSON).click()
    expect(officer.locator("main h1")).to_have_text(LESSON)
    expect(officer.get_by_text(SENTENCE)).to_be_visible()
    expect(officer.get_by_text(ADDED.strip())).to_be_visible()
    officer.goto(course.url)
    section.get_by_role("link", name=QUIZ).click()
    expect(officer.locator("main h1")).to_have_text(QUIZ)
    expect(
        officer.get_by_role("button", name=re.compile("start attempt", re.I))
    ).to_be_visible()

    for context in contexts:
        context.close()
