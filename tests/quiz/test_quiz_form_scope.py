"""The quiz page editor keeps to the bank's course rule.

A fixed slot or a random draw adds the quiz's course to what the question
is used by (``plugins.quiz.admin.quiz_scope``): a trainer may put in only
what they may change, or what their course uses already, and keeps what the
quiz holds. Everything goes through the Wagtail admin's edit view, as a
browser posts it.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import querydict_from_html

from plugins.quiz.admin.quiz_scope import draw_refusal, slot_refusal
from plugins.quiz.models import QuizCategoryDraw, QuizPage, QuizQuestion
from tests.factories import make_course, make_user, modules_of
from tests.quiz.course_scope_world import COURSES_OF, EDITS, KEYS, build_world
from tests.quiz.factories import make_quiz
from tests.quiz.test_admin_quiz_form import edit_data, save

pytestmark = pytest.mark.django_db

#: The roles that edit pages, each with the courses whose pages it edits.
EDITORS = ("admin", "lead", "trainer_a", "trainer_ab")


@pytest.fixture
def world():
    world = build_world()
    # A second quiz of course A, empty: whatever a save adds is new to it.
    world.quizzes["a2"] = make_quiz(modules_of(world.courses["a"])[0], title="Quiz A2")
    return world


def client_of(world, role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def add_slot(data, question) -> int:
    """Add ``question`` in a new slot of the posted form; its position."""
    n = int(data["slots-TOTAL_FORMS"])
    data.update(
        {
            f"slots-{n}-id": "",
            f"slots-{n}-question": str(question.pk),
            f"slots-{n}-mark": "",
            f"slots-{n}-ORDER": str(n + 1),
            f"slots-{n}-DELETE": "",
        }
    )
    data["slots-TOTAL_FORMS"] = str(n + 1)
    return n + 1


def add_draw(data, category, subcategories=True) -> int:
    """Add a draw of one question from ``category``; its position."""
    n = int(data["category_draws-TOTAL_FORMS"])
    data.update(
        {
            f"category_draws-{n}-id": "",
            f"category_draws-{n}-category": str(category.pk),
            f"category_draws-{n}-count": "1",
            f"category_draws-{n}-ORDER": str(n + 1),
            f"category_draws-{n}-DELETE": "",
        }
    )
    if subcategories:
        data[f"category_draws-{n}-include_subcategories"] = "on"
    data["category_draws-TOTAL_FORMS"] = str(n + 1)
    return n + 1


def state(quiz) -> tuple:
    """What is stored of ``quiz``: its latest revision and live rows."""
    page = QuizPage.objects.get(pk=quiz.pk)
    return (
        page.latest_revision_id,
        sorted(QuizQuestion.objects.filter(quiz=quiz).values_list("question_id")),
        sorted(QuizCategoryDraw.objects.filter(quiz=quiz).values_list("category_id")),
    )


def latest(quiz):
    """The quiz as its editors see it: its latest revision (or the live page)."""
    return QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()


def in_slots(quiz, question) -> bool:
    return question.pk in {slot.question_id for slot in latest(quiz).slots.all()}


def in_draws(quiz, category) -> bool:
    return category.pk in {d.category_id for d in latest(quiz).category_draws.all()}


def may_add(role: str, key: str) -> bool:
    """The rule for course A's quiz: what the user may change, or what course A
    uses already."""
    return COURSES_OF[key] <= EDITS[role] or "a" in COURSES_OF[key]


def each_cell(world, cell) -> list[str]:
    """``cell(client, role, key)`` for every editor and question key, each in a
    rolled-back savepoint; the problems found."""
    problems = []
    for role in EDITORS:
        client = client_of(world, role)
        for key in KEYS:
            with transaction.atomic():
                savepoint = transaction.savepoint()
                problem = cell(client, role, key)
                transaction.savepoint_rollback(savepoint)
            if problem:
                problems.append(f"{role} × {key}: {problem}")
    return problems


def answered(response, quiz, before, message, added: bool) -> str:
    """'' when ``response`` accepted (``added``) or refused with ``message``
    as the rule says, else what is wrong."""
    if message is None:
        if response.status_code != 302:
            return f"refused ({response.status_code})"
        return "" if added else "accepted but not in the draft"
    if response.status_code != 200:
        return f"not refused ({response.status_code})"
    if message not in response.content.decode():
        return "refused without the message"
    return "" if state(quiz) == before else "something was saved"


# Fixed slots -----------------------------------------------------------------


def test_a_slot_takes_what_the_user_may_change_or_the_course_uses(world):
    quiz = world.quizzes["a2"]

    def cell(client, role, key):
        question = world.fixed[key]
        data = edit_data(client, quiz)
        position = add_slot(data, question)
        before = state(quiz)
        response = save(client, quiz, data)
        message = None
        if not may_add(role, key):
            message = f"Question {position} cannot go into this quiz"
        problem = answered(response, quiz, before, message, in_slots(quiz, question))
        if problem or message is None:
            return problem
        html = response.content.decode()
        if "“Course B”" not in html:
            return "the refusal does not name course B"
        # The form shown again does not show the refused question.
        return f"shows “{question.title}”" if question.title in html else ""

    assert not each_cell(world, cell)


def test_a_quiz_outside_the_course_grows_no_lock(world):
    # A trainer of A and C may see A and B's shared question, but putting it
    # into C's quiz would lock B's trainers out of it unless they train C.
    course_c = make_course(title="Course C", modules=1, lessons=0)
    quiz_c = make_quiz(modules_of(course_c)[0], title="Quiz C")
    client = Client()
    client.force_login(make_user("trainer", trains=[world.courses["a"], course_c]))

    data = edit_data(client, quiz_c)
    add_slot(data, world.fixed["ab"])
    before = state(quiz_c)
    response = save(client, quiz_c, data)
    assert response.status_code == 200
    assert "Question 1 cannot go into this quiz" in response.content.decode()
    assert "“Course B”" in response.content.decode()
    assert state(quiz_c) == before

    data = edit_data(client, quiz_c)
    add_slot(data, world.fixed["a"])  # A is theirs: they may change it
    assert save(client, quiz_c, data).status_code == 302
    assert in_slots(quiz_c, world.fixed["a"])


# Random draws ----------------------------------------------------------------


def test_a_draw_takes_what_the_user_may_change_or_the_course_uses(world):
    quiz = world.quizzes["a2"]

    def cell(client, role, key):
        category = world.categories[key]
        data = edit_data(client, quiz)
        position = add_draw(data, category)
        before = state(quiz)
        response = save(client, quiz, data)
        message = None
        if not may_add(role, key):
            message = f"Random draw {position} cannot draw from “Drawn {key}”"
        problem = answered(response, quiz, before, message, in_draws(quiz, category))
        if problem or message is None:
            return problem
        return "" if "“Course B”" in response.content.decode() else "no course B"

    assert not each_cell(world, cell)


def test_a_draw_from_a_category_holding_another_course_question(world):
    # "Shared bank" is drawn by nobody, but holds course B's fixed question:
    # a draw from it could ask B's question in A's quiz.
    quiz = world.quizzes["a2"]
    for role, refused in (("trainer_a", True), ("trainer_ab", False)):
        client = client_of(world, role)
        data = edit_data(client, quiz)
        add_draw(data, world.plain, subcategories=False)
        if refused:
            # Too many: a refused draw says nothing of what the category holds.
            data["category_draws-0-count"] = "9"
        before = state(quiz)
        response = save(client, quiz, data)
        if refused:
            assert response.status_code == 200, role
            html = response.content.decode()
            assert "Random draw 1 cannot draw from “Shared bank”" in html
            assert "“Course B”" in html
            assert "which holds" not in html
            assert state(quiz) == before
        else:
            assert response.status_code == 302, role
            assert in_draws(quiz, world.plain)


def test_the_draw_panel_offers_only_drawable_categories(world):
    def offered(role, quiz):
        client = client_of(world, role)
        html = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk])).content
        select = re.search(
            r'<select name="category_draws-__prefix__-category".*?</select>',
            html.decode(),
            re.S,
        ).group(0)
        return set(re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select))

    drawn = {f"Drawn {key}" for key in KEYS}
    everything = drawn | {"Shared bank", "Elsewhere"}
    assert everything <= offered("admin", world.quizzes["a2"])
    assert everything <= offered("trainer_ab", world.quizzes["a2"])
    by_trainer_a = offered("trainer_a", world.quizzes["a2"])
    assert {"Drawn a", "Drawn ab", "Drawn none", "Elsewhere"} <= by_trainer_a
    assert not {"Drawn b", "Shared bank"} & by_trainer_a


# What the quiz holds already ---------------------------------------------------


def test_what_an_admin_put_in_stays_editable(world):
    # An admin put course B's category into A's quiz (live), and course B's
    # question (in a draft only); A's trainer saves the page unchanged.
    quiz = world.quizzes["a"]
    QuizCategoryDraw.objects.create(
        quiz=quiz, category=world.categories["b"], count=1, sort_order=9
    )
    admin = client_of(world, "admin")
    data = edit_data(admin, quiz)
    add_slot(data, world.fixed["b"])
    assert save(admin, quiz, data).status_code == 302  # a draft only
    assert not QuizQuestion.objects.filter(quiz=quiz, question=world.fixed["b"])

    trainer = client_of(world, "trainer_a")
    data = edit_data(trainer, quiz)
    assert save(trainer, quiz, data).status_code == 302
    assert in_slots(quiz, world.fixed["b"])
    assert in_draws(quiz, world.categories["b"])
    # Its draw panel still shows the category that draw holds.
    assert re.search(
        f'<option value="{world.categories["b"].pk}" selected>Drawn b</option>',
        trainer.get(
            reverse("wagtailadmin_pages:edit", args=[quiz.pk])
        ).content.decode(),
    )

    # What the quiz held is kept; nothing more of B's comes in with it.
    other_question = world.fixed["none"]
    make_quiz(modules_of(world.courses["b"])[0], questions=[other_question])
    data = edit_data(trainer, quiz)
    add_slot(data, other_question)
    before = state(quiz)
    response = save(trainer, quiz, data)
    assert response.status_code == 200
    assert "“Course B”" in response.content.decode()
    assert state(quiz) == before


# The other ways in ---------------------------------------------------------------


def test_the_preview_shows_no_other_course_question(world):
    quiz = world.quizzes["a2"]
    client = client_of(world, "trainer_a")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[quiz.pk])

    data = edit_data(client, quiz)
    add_slot(data, world.fixed["b"])
    assert client.post(url, data).json()["is_valid"] is False

    data = edit_data(client, quiz)
    add_slot(data, world.fixed["none"])
    assert client.post(url, data).json()["is_valid"] is True


def test_a_new_quiz_is_checked_against_its_course(world):
    module = modules_of(world.courses["a"])[0]
    url = reverse("wagtailadmin_pages:add", args=["quiz", "quizpage", module.pk])
    client = client_of(world, "trainer_a")
    page = client.get(url)
    assert page.status_code == 200
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form").copy()
    data.pop("action-publish", None)
    data.update({"title": "New quiz", "slug": "new-quiz"})

    add_slot(data, world.fixed["b"])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Question 1 cannot go into this quiz" in response.content.decode()
    assert not QuizPage.objects.filter(slug="new-quiz").exists()

    data["slots-0-question"] = str(world.fixed["a"].pk)
    assert client.post(url, data).status_code == 302
    assert QuizPage.objects.filter(slug="new-quiz").exists()


def test_the_refusals_speak_khmer():
    with translation.override("km"):
        slot = slot_refusal(2, ["Course B"])
        draw = draw_refusal(1, "Visas", ["Course B", "Course C"])
    assert "Question" not in slot and "2" in slot and "“Course B”" in slot
    assert "Random draw" not in draw and "“Visas”" in draw and "“Course C”" in draw
