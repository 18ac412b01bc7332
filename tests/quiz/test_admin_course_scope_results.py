"""The bank's course rule where officers' results are at stake.

Regrades and the statistics' numbers cover only attempts of the courses the
user trains (all for an admin); marking stays per course; an import into a
category another course's quizzes draw from is refused; a course's Khmer
translation counts as the course. The world is ``course_scope_world``'s.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale

from accounts.roles import grant
from courses.models import Enrolment, ModulePage
from plugins.quiz.models import (
    Attempt,
    AttemptQuestion,
    Question,
    QuestionImport,
    QuizCategoryDraw,
)
from tests.factories import make_user, unique
from tests.quiz.admin_helpers import question_post
from tests.quiz.course_scope_world import (
    KEYS,
    ROLES,
    TRAINS,
    build_world,
    in_admin,
    make_wrong_right,
    may_change,
    may_see,
    messages_of,
    refused_to_home,
    take,
    to_login,
)
from tests.quiz.factories import make_category, make_question, make_quiz
from tests.quiz.interchange.transfer_helpers import FIXTURES

pytestmark = pytest.mark.django_db

GIFT = Path(FIXTURES) / "questions.gift.txt"


@pytest.fixture
def world():
    return build_world()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def score(attempt):
    stored = Attempt.objects.get(pk=attempt.pk)
    return stored.score, stored.passed


# The reported attack ---------------------------------------------------------------


def test_a_trainer_of_a_cannot_change_course_b_results(world):
    """Trainer of A edits a question B's quiz uses, then regrades: B's
    officer's finished attempt keeps its score, and B is not completed."""
    attacker = client_of(world.users["trainer_a"])
    attempt_b = world.attempts["b"]
    before = score(attempt_b)
    for key in ("b", "ab"):
        question = world.fixed[key]
        choices = [
            {"id": c.pk, "text": c.text, "fraction": 1 if c.text == "Wrong" else 0}
            for c in question.choices.order_by("sort_order")
        ]
        attacker.post(
            reverse("quiz_questions:edit", args=[question.pk]),
            question_post(question.category, choices, title="Hijacked"),
        )
        stored = Question.objects.get(pk=question.pk)
        assert (stored.version, stored.title) == (1, f"Fixed {key}")
        assert stored.choices.get(text="Wrong").fraction == 0
        attacker.post(reverse("quiz_questions:regrade", args=[question.pk]))
        assert score(attempt_b) == before
    # Even when someone allowed to (an admin) changed the shared question,
    # trainer A's regrade reaches course A's attempt only.
    make_wrong_right(world.fixed["ab"])
    score_a = score(world.attempts["a"])
    response = attacker.post(
        reverse("quiz_questions:regrade", args=[world.fixed["ab"].pk]), follow=True
    )
    assert "Regraded 1 answer" in messages_of(response)
    assert score(world.attempts["a"]) != score_a
    assert score(attempt_b) == before
    stale = AttemptQuestion.objects.get(attempt=attempt_b, question=world.fixed["ab"])
    assert stale.question_version == 1
    assert not Enrolment.objects.filter(
        pk=attempt_b.enrolment_id, completed_at__isnull=False
    ).exists()


def test_regrade(world):
    for key in KEYS:
        make_wrong_right(world.fixed[key])
    problems = []
    for role in ROLES:
        client = client_of(world.users[role])
        for key in KEYS:
            with transaction.atomic():
                savepoint = transaction.savepoint()
                before = {c: score(a) for c, a in world.attempts.items()}
                response = client.post(
                    reverse("quiz_questions:regrade", args=[world.fixed[key].pk])
                )
                changed = {
                    c for c, a in world.attempts.items() if score(a) != before[c]
                }
                transaction.savepoint_rollback(savepoint)
            expected = {
                c
                for c in ("a", "b")
                if may_see(role, key)
                and c in TRAINS.get(role, set())
                and c in {"a": {"a"}, "b": {"b"}, "ab": {"a", "b"}}.get(key, set())
            }
            if changed != expected:
                problems.append(f"{role} × {key}: regraded {sorted(changed)}")
            if not in_admin(role) and not to_login(response):
                problems.append(f"{role} × {key}: not sent to login")
            elif in_admin(role) and not may_see(role, key):
                if not refused_to_home(response):
                    problems.append(f"{role} × {key}: not refused ({response})")
    assert not problems


def test_the_edit_form_counts_only_the_trainers_stale_attempts(world):
    make_wrong_right(world.fixed["ab"])
    url = reverse("quiz_questions:edit", args=[world.fixed["ab"].pk])
    page = client_of(world.users["admin"]).get(url)
    assert page.context["stale_attempts"] == 2
    page = client_of(world.users["trainer_ab"]).get(url)
    assert page.context["stale_attempts"] == 2
    # A lead trainer edits every course's questions but regrades no attempt.
    page = client_of(world.users["lead"]).get(url)
    assert page.context["stale_attempts"] == 0
    make_wrong_right(world.fixed["a"])
    url = reverse("quiz_questions:edit", args=[world.fixed["a"].pk])
    assert client_of(world.users["trainer_a"]).get(url).context["stale_attempts"] == 1


# Statistics: only the user's courses' attempts ---------------------------------------


def test_statistics_count_only_the_courses_the_user_trains(world):
    question = world.fixed["ab"]
    url = reverse("quiz_questions:statistics", args=[question.pk])
    expected = {
        "admin": ["Quiz A", "Quiz B"],
        "trainer_ab": ["Quiz A", "Quiz B"],
        "trainer_a": ["Quiz A"],
        "lead": [],  # edits every course, trains none: no officer's score
    }
    problems = []
    for role, quizzes in expected.items():
        response = client_of(world.users[role]).get(url)
        report = response.context["report"]
        titles = [row.title for row in report.quizzes]
        if titles != quizzes or report.overall.attempts != len(quizzes):
            problems.append(f"{role}: {titles}, {report.overall.attempts} attempts")
        page = response.content.decode()
        if "Officer of b" in page or ("Quiz B" in page) != ("Quiz B" in quizzes):
            problems.append(f"{role}: quiz B on the page")
    assert not problems


# Marking: per course (already so; kept in the matrix) --------------------------------


def test_marking_is_per_course(world):
    essays = {}
    for course in ("a", "b"):
        essay = make_question("essay", choices=[], title=f"Essay {course}")
        quiz = make_quiz(
            ModulePage.objects.child_of(world.courses[course]).first(),
            questions=[essay],
        )
        officer = make_user(full_name=f"Essayist {course}")
        attempt = take_essay(quiz, officer, world.courses[course])
        essays[course] = AttemptQuestion.objects.get(attempt=attempt)
    problems = []
    for role in ROLES:
        client = client_of(world.users[role])
        response = client.get(reverse("quiz_marking:queue"))
        trained = TRAINS.get(role, set())
        if not in_admin(role):
            if not to_login(response):
                problems.append(f"{role}: queue shown")
            continue
        queued = {item.pk for item in response.context["items"]}
        if queued != {essays[c].pk for c in trained}:
            problems.append(f"{role}: queue {sorted(queued)}")
        for course, item in essays.items():
            page = client.get(reverse("quiz_marking:mark", args=[item.pk]))
            if (page.status_code == 200) != (course in trained):
                problems.append(f"{role} × {course}: mark page {page.status_code}")
    assert not problems


def take_essay(quiz, user, course):
    from courses.enrolment import enrol
    from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt

    enrolment, _ = enrol(user, course)
    attempt, _ = start_attempt(quiz, enrolment)
    attempt, _ = submit_attempt(
        attempt.pk, [AnswerUpdate(position=1, sequence=0, response="An essay")]
    )
    return attempt


# Import into a category that quizzes draw from ---------------------------------------


def upload(client, category, new=""):
    return client.post(
        reverse("quiz_transfer:import"),
        {
            "file": SimpleUploadedFile(GIFT.name, GIFT.read_bytes()),
            "format": "",
            "category": str(category.pk),
            "new_category": new,
        },
    )


def test_import_into_a_drawn_category(world):
    problems = []
    for role in ROLES:
        client = client_of(world.users[role])
        for key in KEYS:
            before = QuestionImport.objects.count()
            response = upload(client, world.categories[key], new=unique("Sub"))
            accepted = QuestionImport.objects.count() > before
            if accepted != may_change(role, key):
                problems.append(f"{role} × {key}: accepted={accepted}")
            if in_admin(role) and not accepted and response.status_code != 400:
                problems.append(f"{role} × {key}: {response.status_code}")
    assert not problems


def test_an_import_is_checked_again_when_confirmed(world):
    trainer = client_of(world.users["trainer_a"])
    target = make_category("Imported later")
    response = upload(trainer, target)
    assert response.status_code == 302
    record = QuestionImport.objects.get(uploaded_by=world.users["trainer_a"])
    # Meanwhile course B's quiz starts drawing from the target category.
    QuizCategoryDraw.objects.create(quiz=world.quizzes["b"], category=target, count=1)
    response = trainer.post(
        reverse("quiz_transfer:confirm", args=[record.pk]), follow=True
    )
    assert "“Course B”" in messages_of(response)
    assert not Question.objects.filter(category=target).exists()
    record.refresh_from_db()
    assert record.status == QuestionImport.Status.CHECKED


# A course's translations are the course -----------------------------------------------


def test_a_quiz_in_a_courses_khmer_version_belongs_to_the_course(world):
    khmer = Locale.objects.get(language_code="km")
    translation = world.courses["b"].copy_for_translation(khmer, copy_parents=True)
    module = translation.add_child(
        instance=ModulePage(title="Module (km)", slug=unique("module"), locale=khmer)
    )
    question = make_question(title="Asked in Khmer only")
    make_quiz(module, questions=[question])
    trainer_b = make_user("trainer", trains=[world.courses["b"]])
    translator = make_user("trainer")
    grant(translator, "trainer", course=translation)
    edit = reverse("quiz_questions:edit", args=[question.pk])
    assert refused_to_home(client_of(world.users["trainer_a"]).get(edit))
    assert client_of(trainer_b).get(edit).status_code == 200
    assert client_of(translator).get(edit).status_code == 200
    assert client_of(world.users["lead"]).get(edit).status_code == 200
    # Its officers' attempts are kept against the record version: trainer B's.
    officer = make_user()
    quiz = question.quiz_slots.get().quiz
    attempt = take(quiz, officer, world.courses["b"])
    make_wrong_right(question)
    client_of(trainer_b).post(reverse("quiz_questions:regrade", args=[question.pk]))
    assert score(attempt) != (attempt.score, attempt.passed)
    assert may_change("trainer_a", "b") is False
