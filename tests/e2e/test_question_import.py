"""Importing a question file in the admin, in a real browser, then taking a quiz.

The demo trainer uploads Moodle's GIFT sample, reads the preview (every
question with its type and warnings), confirms once (a double click and a
stale second tab import nothing more), and finds the questions in the bank.
A quiz built from them is taken by the demo officer in the browser. A Moodle
XML file with a grade Moodle does not allow is refused with the reason, and
nothing of it is saved.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from courses.demo.loader import DEMO_USERS
from courses.models import CoursePage, ModulePage
from plugins.quiz.models import (
    Attempt,
    AttemptState,
    Question,
    QuestionCategory,
    QuestionImport,
)
from tests.e2e.admin_helpers import sign_in_to_admin, sign_in_to_site
from tests.e2e.quiz_helpers import fill_answers
from tests.quiz.answers import attempt_form_data, correct_form_data, wrong_form_data
from tests.quiz.factories import make_quiz
from tests.quiz.interchange.transfer_helpers import FIXTURES

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRAINER = next(u for u in DEMO_USERS if u.username == "trainer")
OFFICER = next(u for u in DEMO_USERS if u.username == "officer")

GIFT = Path(FIXTURES) / "questions.gift.txt"
BAD_GRADES = Path(FIXTURES) / "error_invalid_grades.xml"
COURSE = "Identifying and referring victims of trafficking"
IMPORT_URL = "/admin/quiz_transfer/import/"
#: Some of the GIFT file's questions, with the type the preview names.
EXPECTED_TYPES = {
    "Q2": "Multiple choice (one answer)",
    "colours": "Multiple choice (several answers)",
    "Moodle activities": "Matching",
    "Q1": "True or false",
    "Shortanswer": "Short answer",
    "Q5": "Numerical",
    "Q8": "Essay",
}


def upload(page, path: Path, format_label: str, new_category: str) -> None:
    page.goto(IMPORT_URL)
    expect(page.get_by_role("heading", name="Import questions")).to_be_visible()
    page.get_by_label("Question file").set_input_files(path)
    page.get_by_role("combobox", name="Format").select_option(label=format_label)
    page.get_by_role("combobox", name="Into the category").select_option(
        label="(the top of the bank)"
    )
    page.get_by_role("textbox", name="New category").fill(new_category)
    page.get_by_role("button", name="Upload and check").click()
    expect(
        page.get_by_role("heading", name=f"Import questions: {path.name}")
    ).to_be_visible()


def preview_article(page, title: str):
    return page.get_by_role("article", name=re.compile(rf"^\d+\. {re.escape(title)}$"))


def test_trainer_imports_gift_once_and_an_officer_takes_a_quiz_of_it(
    browser, live_server, demo
):
    questions_before = Question.objects.count()
    trainer_context = browser.new_context(base_url=live_server.url)
    trainer = trainer_context.new_page()
    trainer.set_default_timeout(15_000)
    sign_in_to_admin(trainer, TRAINER)

    upload(trainer, GIFT, "GIFT (Moodle)", "Imported/GIFT")

    # The preview: every question with its type, warnings, and what is to come.
    expect(
        trainer.get_by_text("Every question was checked. Nothing has been saved yet.")
    ).to_be_visible()
    expect(trainer.locator("[data-import-question]")).to_have_count(9)
    for title, type_label in EXPECTED_TYPES.items():
        expect(preview_article(trainer, title)).to_contain_text(type_label)
        expect(preview_article(trainer, title)).to_contain_text("Imported / GIFT")
    expect(preview_article(trainer, "Moodle activities")).to_contain_text(
        "Warning: line 5: Markdown is not converted"
    )
    expect(preview_article(trainer, "Q2").get_by_role("row")).to_contain_text(
        ["Answer", "yellow 100% right; good!", "red 0%", "blue 0%"]
    )
    holds = trainer.get_by_role("table", name="What the file holds")
    expect(holds.get_by_role("row", name="True or false")).to_contain_text("3")
    expect(holds.get_by_role("row", name="All questions")).to_contain_text("9")
    expect(trainer.get_by_role("heading", name="Categories to create")).to_be_visible()
    expect(
        trainer.get_by_role("listitem").filter(
            has_text=re.compile(r"^Imported / GIFT$")
        )
    ).to_be_visible()
    # Checked and kept, but nothing is in the bank yet.
    record = QuestionImport.objects.get()
    assert record.status == QuestionImport.Status.CHECKED
    assert Question.objects.count() == questions_before
    assert not QuestionCategory.objects.filter(name="Imported").exists()

    # A second tab still shows the Confirm button after the first confirms.
    stale = trainer_context.new_page()
    stale.goto(trainer.url)
    confirm = "Confirm: import 9 questions"
    expect(stale.get_by_role("button", name=confirm)).to_be_visible()

    # Chromium sends one request for a double click on a submit button; the
    # stale tab below posts the confirm a second time.
    trainer.get_by_role("button", name=confirm).dblclick()
    # When the first request is slow (a loaded machine), Chromium sends the
    # second click too, and the page shown is its answer: the file is
    # already imported. Either way the questions are imported once (below).
    bank = trainer.get_by_role("heading", name="Questions", exact=True)
    already = trainer.get_by_text("This file was already imported, or refused.")
    expect(bank.or_(already).first).to_be_visible()
    if bank.is_visible():
        expect(trainer.get_by_role("status")).to_contain_text(
            "Imported 9 questions into “Imported / GIFT” (Multiple choice (one "
            "answer): 1, Multiple choice (several answers): 1, True or false: 3, "
            "Short answer: 1, Numerical: 1, Matching: 1, Essay: 1)."
        )
        expect(trainer.get_by_text("There are 9 matches")).to_be_visible()

    category = QuestionCategory.objects.get(name="GIFT", parent__name="Imported")
    assert category.parent.parent is None
    imported = Question.objects.filter(category=category)
    assert imported.count() == 9
    assert Question.objects.count() == questions_before + 9
    assert sorted(imported.values_list("title", flat=True)) == sorted(
        ["Q8", "Moodle activities", "Q2", "colours", "Q5", "Shortanswer", "Q1"]
        + ["2-08 TSL"] * 2
    )
    assert imported.get(title="Q2").question_type == "multichoice"
    assert set(imported.values_list("created_by__username", flat=True)) == {
        TRAINER.username
    }

    # The stale tab's confirm saves nothing more, and says so.
    stale.get_by_role("button", name=confirm).click()
    expect(stale.get_by_role("status").first).to_contain_text(
        "This file was already imported, or refused."
    )
    expect(stale.get_by_text("This file was imported on")).to_be_visible()
    expect(stale.get_by_role("button", name=re.compile("^Confirm"))).to_have_count(0)
    assert Question.objects.count() == questions_before + 9
    record.refresh_from_db()
    assert record.status == QuestionImport.Status.APPLIED
    assert AuditEvent.objects.filter(action="question_import.applied").count() == 1
    trainer_context.close()

    # A quiz of three imported questions, in a demo course's first module.
    course = CoursePage.objects.get(title=COURSE, locale__language_code="en")
    module = ModulePage.objects.child_of(course).order_by("path").first()
    quiz = make_quiz(
        module,
        questions=[imported.get(title=t) for t in ("Q2", "Q1", "Shortanswer")],
        title="Colours and answers",
    )
    quiz.save_revision().publish()

    officer_context = browser.new_context(base_url=live_server.url)
    officer = officer_context.new_page()
    officer.set_default_timeout(15_000)
    sign_in_to_site(officer, OFFICER, course.url)
    officer.get_by_role("button", name=re.compile("^enrol", re.I)).click()
    expect(officer.locator("main h1")).to_be_visible()
    officer.goto(quiz.url)
    expect(officer.locator("main h1")).to_have_text("Colours and answers")
    officer.get_by_role("button", name=re.compile("start attempt", re.I)).click()
    expect(officer.get_by_text("What's between orange and green")).to_be_visible()
    expect(officer.get_by_text("Which is the best animal?")).to_be_visible()
    attempt = Attempt.objects.get(user__username=OFFICER.username, quiz=quiz)

    def right_but_the_short_answer(snapshot, layout=None):
        if snapshot["type"] == "shortanswer":
            return wrong_form_data(snapshot, layout)
        return correct_form_data(snapshot, layout)

    fill_answers(officer, attempt_form_data(attempt, right_but_the_short_answer))
    officer.get_by_role("button", name=re.compile("^submit", re.I)).click()
    expect(officer.get_by_text(re.compile(r"^Passed$")).first).to_be_visible()
    expect(
        officer.get_by_text("Score: 2 of 3 (66.7%; the pass mark is 50%)")
    ).to_be_visible()

    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    assert attempt.score == Decimal(2) and attempt.max_score == Decimal(3)
    assert attempt.passed is True
    officer_context.close()


def test_a_file_with_a_grade_moodle_does_not_allow_is_refused(browser_page):
    page = browser_page
    questions_before = Question.objects.count()
    categories_before = QuestionCategory.objects.count()
    sign_in_to_admin(page, TRAINER)

    upload(page, BAD_GRADES, "Moodle XML", "Imported/Bad grades")

    alert = page.get_by_role("alert", name=re.compile("This file cannot be imported"))
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(
        "Answer 2 has the grade 33%, which Moodle does not allow"
    )
    expect(alert).to_contain_text("Nothing can be saved")
    # The error links to its question, shown with the same error.
    alert.get_by_role("link", name=re.compile("grade 33%")).click()
    question = page.locator("#question-1")
    expect(question).to_contain_text("Select all prime numbers")
    expect(question).to_contain_text("Error: line 4: Answer 2 has the grade 33%")
    expect(page.get_by_role("button", name=re.compile("^Confirm"))).to_have_count(0)
    expect(page.get_by_role("link", name="Upload a corrected file")).to_be_visible()

    record = QuestionImport.objects.get()
    assert record.status == QuestionImport.Status.REFUSED
    assert Question.objects.count() == questions_before
    assert QuestionCategory.objects.count() == categories_before
    assert not QuestionCategory.objects.filter(name="Bad grades").exists()
