"""The bank's course rule, route by route: role × course × route.

A question belongs to the courses whose quizzes use it (fixed slot or random
draw); a user changes it only when they may edit every one of those courses,
and sees it when it is unused or one of them is theirs
(``plugins.quiz.admin.course_scope``). Each test walks every role over every
kind of question (used by course A, by B, by both, by none), each request in
a savepoint rolled back after it, and lists every cell that went wrong.
Results (regrade, statistics numbers, marking) and imports are in
``test_admin_course_scope_results``.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from plugins.quiz.models import Question, QuestionCategory
from tests.quiz.admin_helpers import question_post
from tests.quiz.course_scope_world import (
    EDITS,
    KEYS,
    ROLES,
    blocking_course,
    build_world,
    in_admin,
    may_change,
    may_see,
    messages_of,
    refused_to_home,
    to_login,
)

pytestmark = pytest.mark.django_db

MOVE = reverse("wagtail_bulk_action", args=["quiz", "question", "move"])


@pytest.fixture
def world():
    return build_world()


def client_of(world, role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def each_cell(world, cell):
    """Run ``cell(client, role, key)`` for every role and course key, each in a
    rolled-back savepoint; return the problems it reported."""
    problems = []
    for role in ROLES:
        client = client_of(world, role)
        for key in KEYS:
            with transaction.atomic():
                savepoint = transaction.savepoint()
                problem = cell(client, role, key)
                transaction.savepoint_rollback(savepoint)
            if problem:
                problems.append(f"{role} × {key}: {problem}")
    return problems


def refused_as_expected(response, role, key) -> str:
    """'' when ``response`` refuses as the rule says for a user who may not
    change the question, else what is wrong."""
    if not in_admin(role):
        return "" if to_login(response) else f"not sent to login ({response})"
    if not may_see(role, key):
        return "" if refused_to_home(response) else f"not refused ({response})"
    return ""


def edit_data(question, title):
    choices = [
        {"id": c.pk, "text": c.text, "fraction": c.fraction}
        for c in question.choices.order_by("sort_order")
    ]
    return question_post(
        question.category,
        choices,
        title=title,
        text="<p>Changed by someone.</p>",
        mark=str(question.default_mark),
    )


# Changing a question -----------------------------------------------------------


def test_edit_form(world):
    def cell(client, role, key):
        question = world.fixed[key]
        response = client.get(reverse("quiz_questions:edit", args=[question.pk]))
        if may_change(role, key):
            return "" if response.status_code == 200 else f"refused ({response})"
        if in_admin(role) and may_see(role, key):
            # Seen but not changed: back to the bank, naming the course.
            if response.status_code != 302 or response["Location"] != reverse(
                "quiz_questions:index"
            ):
                return f"the form was shown ({response})"
            followed = client.get(reverse("quiz_questions:index"))
            return (
                ""
                if "“Course B”" in messages_of(followed)
                else "no message naming course B"
            )
        return refused_as_expected(response, role, key)

    assert not each_cell(world, cell)


def test_edit_save(world):
    def cell(client, role, key):
        question = world.fixed[key]
        response = client.post(
            reverse("quiz_questions:edit", args=[question.pk]),
            edit_data(question, f"Changed by {role}"),
        )
        stored = Question.objects.get(pk=question.pk)
        changed = stored.title == f"Changed by {role}" or stored.version != 1
        if may_change(role, key):
            return "" if changed else f"not saved ({response})"
        if changed:
            return "saved"
        return refused_as_expected(response, role, key)

    assert not each_cell(world, cell)


def test_delete(world):
    # The questions asked through random draws: no fixed slot stops the delete.
    def cell(client, role, key):
        question = world.drawn[key]
        url = reverse("quiz_questions:delete", args=[question.pk])
        client.get(url)
        response = client.post(url)
        gone = not Question.objects.filter(pk=question.pk).exists()
        if may_change(role, key):
            return "" if gone else f"not deleted ({response})"
        if gone:
            return "deleted"
        return refused_as_expected(response, role, key)

    assert not each_cell(world, cell)


def test_delete_names_the_blocking_course(world):
    client = client_of(world, "trainer_a")
    question = world.drawn["ab"]
    page = client.get(reverse("quiz_questions:delete", args=[question.pk]))
    assert page.status_code == 200
    assert "“Course B”" in page.content.decode()
    response = client.post(
        reverse("quiz_questions:delete", args=[question.pk]), follow=True
    )
    assert Question.objects.filter(pk=question.pk).exists()
    assert "“Course B”" in messages_of(response)


def move(client, questions, category):
    query = "&".join(f"id={q.pk}" for q in questions)
    index = reverse("quiz_questions:index")
    return client.post(
        f"{MOVE}?{query}&next={index}", {"category": category.pk}, follow=True
    )


def test_bulk_move_out_of_a_category(world):
    # Moving a drawn question out of its category changes its courses' quizzes.
    def cell(client, role, key):
        question = world.drawn[key]
        response = move(client, [question], world.elsewhere)
        moved = Question.objects.get(pk=question.pk).category_id == world.elsewhere.pk
        if may_change(role, key):
            return "" if moved else f"not moved ({messages_of(response)})"
        if moved:
            return "moved"
        if not in_admin(role):
            return "" if "login" in response.redirect_chain[-1][0] else "no login"
        return ""

    assert not each_cell(world, cell)


def test_bulk_move_into_a_drawn_category(world):
    # Moving an unused question into a category a quiz draws from adds it to
    # that quiz: the course drawing from it decides.
    def cell(client, role, key):
        question = world.fixed["none"]
        target = world.categories[key]
        response = move(client, [question], target)
        moved = Question.objects.get(pk=question.pk).category_id == target.pk
        if may_change(role, key):
            return "" if moved else f"not moved ({messages_of(response)})"
        if moved:
            return "moved"
        if in_admin(role) and blocking_course(role, key) not in messages_of(response):
            return f"no message naming the course ({messages_of(response)})"
        return ""

    assert not each_cell(world, cell)


def test_bulk_move_leaves_out_questions_the_user_may_not_see(world):
    client = client_of(world, "trainer_a")
    response = move(client, [world.drawn["b"], world.drawn["a"]], world.elsewhere)
    assert (
        Question.objects.get(pk=world.drawn["b"].pk).category == world.categories["b"]
    )
    assert Question.objects.get(pk=world.drawn["a"].pk).category == world.elsewhere
    assert "1 selected question is used by quizzes of courses you do not train" in (
        messages_of(response)
    )
    page = client.get(f"{MOVE}?id={world.drawn['b'].pk}").content.decode()
    assert "Drawn b" not in page


def test_new_question_into_a_drawn_category(world):
    def cell(client, role, key):
        before = Question.objects.count()
        data = question_post(
            world.categories[key],
            [{"text": "Right", "fraction": 1}, {"text": "Wrong", "fraction": 0}],
            title=f"New by {role}",
        )
        response = client.post(
            reverse("quiz_questions:add_type", args=["multichoice"]), data
        )
        created = Question.objects.count() > before
        if may_change(role, key):
            return "" if created else f"not created ({response})"
        if created:
            return "created"
        if in_admin(role):
            errors = str(response.context["form"].errors.get("category", ""))
            expected = blocking_course(role, key)
            return "" if expected in errors else f"no category error ({errors})"
        return "" if to_login(response) else "no login"

    assert not each_cell(world, cell)


def test_edit_cannot_put_a_question_into_another_courses_draw(world):
    client = client_of(world, "trainer_a")
    question = world.fixed["a"]
    data = edit_data(question, "Moved by editing")
    data["category"] = str(world.categories["b"].pk)
    response = client.post(reverse("quiz_questions:edit", args=[question.pk]), data)
    assert response.status_code == 200
    assert "Course B" in str(response.context["form"].errors["category"])
    assert Question.objects.get(pk=question.pk).category == world.plain


def test_category_edit(world):
    def cell(client, role, key):
        category = world.categories[key]
        response = client.post(
            reverse("quiz_categories:edit", args=[category.pk]),
            {
                "name": f"Renamed by {role}",
                "name_km": "",
                "parent": "",
                "description": "",
            },
        )
        renamed = QuestionCategory.objects.get(pk=category.pk).name.startswith(
            "Renamed"
        )
        if may_change(role, key):
            return "" if renamed else f"not saved ({response})"
        return "renamed" if renamed else ""

    assert not each_cell(world, cell)


def test_category_moved_under_another_courses_draw(world):
    # The category's questions would join course B's random draw.
    client = client_of(world, "trainer_a")
    response = client.post(
        reverse("quiz_categories:edit", args=[world.elsewhere.pk]),
        {
            "name": "Elsewhere",
            "name_km": "",
            "parent": str(world.categories["b"].pk),
            "description": "",
        },
    )
    assert response.status_code == 200
    assert "Course B" in response.content.decode()
    assert QuestionCategory.objects.get(pk=world.elsewhere.pk).parent_id is None


# Seeing a question ------------------------------------------------------------


def test_preview(world):
    def cell(client, role, key):
        question = world.fixed[key]
        response = client.get(reverse("quiz_questions:preview", args=[question.pk]))
        if may_see(role, key):
            return "" if response.status_code == 200 else f"refused ({response})"
        if response.status_code == 200:
            return "shown"
        return refused_as_expected(response, role, key)

    assert not each_cell(world, cell)


def test_statistics_page(world):
    def cell(client, role, key):
        question = world.fixed[key]
        response = client.get(reverse("quiz_questions:statistics", args=[question.pk]))
        if may_see(role, key):
            return "" if response.status_code == 200 else f"refused ({response})"
        if response.status_code == 200:
            return "shown"
        return refused_as_expected(response, role, key)

    assert not each_cell(world, cell)


def test_history_and_usage(world):
    def cell(client, role, key):
        question = world.fixed[key]
        problems = []
        for name in ("history", "usage"):
            response = client.get(reverse(f"quiz_questions:{name}", args=[question.pk]))
            if may_see(role, key) != (response.status_code == 200):
                problems.append(f"{name}: {response}")
        return "; ".join(problems)

    assert not each_cell(world, cell)


def visible_titles(role, world) -> set[str]:
    return {
        f"{kind} {key}"
        for key in KEYS
        for kind in ("Fixed", "Drawn")
        if may_see(role, key)
    }


def test_the_index_and_the_chooser_list_only_visible_questions(world):
    problems = []
    for role in ROLES:
        client = client_of(world, role)
        response = client.get(reverse("quiz_questions:index"))
        if not in_admin(role):
            if not to_login(response):
                problems.append(f"{role}: index shown")
            continue
        listed = {q.title for q in response.context["object_list"]}
        if listed != visible_titles(role, world):
            problems.append(f"{role}: index lists {sorted(listed)}")
        page = client.get(
            reverse("quiz_question_chooser:choose_results")
        ).content.decode()
        shown = {title for title in visible_titles("admin", world) if title in page}
        if shown != visible_titles(role, world):
            problems.append(f"{role}: chooser lists {sorted(shown)}")
        hidden = world.fixed["b"]
        chosen = client.get(reverse("quiz_question_chooser:chosen", args=[hidden.pk]))
        if may_see(role, "b") != (chosen.status_code == 200):
            problems.append(f"{role}: chosen view {chosen.status_code}")
    assert not problems


def test_export_holds_only_visible_questions(world):
    problems = []
    for role in ROLES:
        client = client_of(world, role)
        response = client.get(
            reverse("quiz_transfer:export"),
            {"category": world.plain.pk, "format": "gift"},
        )
        if not in_admin(role):
            if response.status_code == 200:
                problems.append(f"{role}: exported")
            continue
        if response.status_code != 200:
            problems.append(f"{role}: {response.status_code}")
            continue
        text = response.content.decode()
        exported = {f"Fixed {key}" for key in KEYS if f"Fixed {key}" in text}
        expected = {f"Fixed {key}" for key in KEYS if may_see(role, key)}
        if exported != expected:
            problems.append(f"{role}: exported {sorted(exported)}")
    # A quiz's questions: only quizzes of courses whose pages the user edits.
    for role in EDITS:
        client = client_of(world, role)
        for course in ("a", "b"):
            response = client.get(
                reverse("quiz_transfer:export"),
                {"quiz": world.quizzes[course].pk, "format": "gift"},
            )
            if (course in EDITS[role]) != (response.status_code == 200):
                problems.append(f"{role} × {course}: {response.status_code}")
    assert not problems
