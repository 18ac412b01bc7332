"""The marking queue: who sees it, marking an essay, completion after the mark."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import TRAINERS, grant, revoke
from courses.enrolment import enrol
from courses.models import ActivityProgress, CatalogPage
from plugins.quiz.hooks import question_types
from plugins.quiz.models import AttemptQuestion
from plugins.quiz.question_types.base import QuestionType, single_value
from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
from tests.factories import make_course, make_user
from tests.quiz.admin_helpers import make_trainer
from tests.quiz.factories import make_question, make_quiz

pytestmark = pytest.mark.django_db


class HandMarked(QuestionType):
    """A tiny essay-like type: free text, marked by a trainer."""

    identifier = "test_hand_marked"
    label = "Hand marked (test)"
    template = "quiz/question_types/multichoice.html"
    auto_graded = False
    uses_choices = False

    def input_names(self, snapshot, layout):
        return {"text"}

    def parse_response(self, snapshot, layout, data):
        return single_value(data, "text")

    def response_text(self, snapshot, response, language):
        return response or ""


@pytest.fixture
def hand_marked():
    with question_types.temporarily(HandMarked()):
        yield


@pytest.fixture
def essay_attempt(hand_marked):
    """A finished attempt: one right multiple choice (1 mark), one essay (3 marks)."""
    choice = make_question(title="Which passport")
    essay = make_question(
        "test_hand_marked", title="Describe the interview", default_mark=Decimal(3)
    )
    quiz = make_quiz(questions=[choice, essay], pass_mark=60)
    officer = make_user(full_name="Chan Sokha")
    enrolment, _ = enrol(officer, quiz.get_parent().get_parent().specific)
    attempt, _ = start_attempt(quiz, enrolment)
    right = choice.choices.get(fraction=1).pk
    attempt, _ = submit_attempt(
        attempt.pk,
        [
            AnswerUpdate(position=1, sequence=0, response=right),
            AnswerUpdate(position=2, sequence=0, response="I asked <b>first</b>\nthen"),
        ],
    )
    assert attempt.pending_marking == 1 and attempt.passed is None
    return attempt


def essay_item(attempt):
    return AttemptQuestion.objects.get(attempt=attempt, needs_marking=True)


def test_marking_updates_grade_and_completes_the_activity(client, essay_attempt):
    quiz = essay_attempt.quiz
    client.force_login(make_trainer(edit_pages=[quiz.get_parent()]))
    queue = client.get(reverse("quiz_marking:queue")).content.decode()
    assert "Chan Sokha" in queue and "Describe the interview" in queue

    item = essay_item(essay_attempt)
    url = reverse("quiz_marking:mark", args=[item.pk])
    page = client.get(url).content.decode()
    assert "I asked &lt;b&gt;first&lt;/b&gt;<br>then" in page
    assert "Which document is genuine?" in page  # the question's text

    response = client.post(url, {"score": "5", "comment": ""})
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 3" in response.content.decode()

    response = client.post(url, {"score": "2", "comment": "Good start"})
    assert response.status_code == 302
    assert response["Location"] == reverse("quiz_marking:queue")
    essay_attempt.refresh_from_db()
    assert essay_attempt.score == Decimal(3)
    assert essay_attempt.percent == Decimal(75)
    assert essay_attempt.passed is True
    item.refresh_from_db()
    assert item.marker_comment == "Good start" and item.marked_at is not None
    progress = ActivityProgress.objects.get(
        enrolment=essay_attempt.enrolment, page_id=quiz.pk
    )
    assert progress.completed_at is not None
    assert (
        "Nothing is waiting"
        in client.get(reverse("quiz_marking:queue")).content.decode()
    )


def test_after_marking_the_next_answer_opens(client, hand_marked):
    essay = make_question("test_hand_marked", title="Essay")
    quiz = make_quiz(questions=[essay])
    items = []
    for _ in range(2):
        officer = make_user()
        enrolment, _ = enrol(officer, quiz.get_parent().get_parent().specific)
        attempt, _ = start_attempt(quiz, enrolment)
        submit_attempt(attempt.pk, [AnswerUpdate(1, 0, "text")])
        items.append(essay_item(attempt))
    client.force_login(make_user("admin"))
    response = client.post(
        reverse("quiz_marking:mark", args=[items[0].pk]), {"score": "1", "comment": ""}
    )
    assert response["Location"] == reverse("quiz_marking:mark", args=[items[1].pk])


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", "login"),
        ("officer", "login"),
        ("trainer_elsewhere", 404),
        ("trainer_of_other_course_editing_everything", 404),
        ("editor_not_assigned_as_trainer", 404),
        ("trainer", 200),
        ("admin", 200),
    ],
)
def test_mark_access(client, essay_attempt, who, expected):
    quiz = essay_attempt.quiz
    users = {
        "officer": lambda: make_user("officer"),
        "trainer_elsewhere": lambda: make_trainer(),
        "trainer_of_other_course_editing_everything": lambda: other_course_trainer(
            quiz
        ),
        "editor_not_assigned_as_trainer": lambda: unassigned_editor(quiz),
        "trainer": lambda: make_trainer(edit_pages=[quiz]),
        "admin": lambda: make_user("admin"),
    }
    if who in users:
        client.force_login(users[who]())
    item = essay_item(essay_attempt)
    response = client.get(reverse("quiz_marking:mark", args=[item.pk]))
    queue = client.get(reverse("quiz_marking:queue"))
    if expected == "login":
        assert response.status_code == 302 and "login" in response["Location"]
        assert queue.status_code == 302 and "login" in queue["Location"]
    else:
        assert response.status_code == expected
        shown = "Describe the interview" in queue.content.decode()
        assert shown == (expected == 200)
    if expected == 404:
        post = client.post(
            reverse("quiz_marking:mark", args=[item.pk]), {"score": "3", "comment": ""}
        )
        assert post.status_code == 404
        essay_attempt.refresh_from_db()
        assert essay_attempt.pending_marking == 1


def other_course_trainer(quiz):
    """Page permission on the whole catalogue, but trainer of another course."""
    trainer = make_trainer(edit_pages=[CatalogPage.objects.first()])
    grant(trainer, "trainer", course=make_course())
    return trainer


def unassigned_editor(quiz):
    """May edit the quiz page, but holds no trainer assignment for its course."""
    editor = make_trainer(edit_pages=[quiz])
    for assignment in editor.role_assignments.all():
        revoke(assignment)
    editor.groups.add(Group.objects.get(name=TRAINERS))
    return editor


def test_queue_queries_do_not_grow(client, hand_marked, django_assert_max_num_queries):
    essay = make_question("test_hand_marked", title="Essay")
    quiz = make_quiz(questions=[essay])
    for _ in range(4):
        enrolment, _ = enrol(make_user(), quiz.get_parent().get_parent().specific)
        attempt, _ = start_attempt(quiz, enrolment)
        submit_attempt(attempt.pk, [AnswerUpdate(1, 0, "text")])
    client.force_login(make_trainer(edit_pages=[quiz.get_parent()]))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("quiz_marking:queue"))
    assert response.content.decode().count("Essay") >= 4
