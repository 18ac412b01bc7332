"""Moving questions to another category in bulk, from the question index."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.enrolment import enrol
from plugins.quiz.admin.bulk_move import MoveQuestionsBulkAction, MoveRefused
from plugins.quiz.models import AttemptQuestion, Question
from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
from tests.factories import make_user, unique
from tests.quiz.admin_helpers import make_trainer, permission
from tests.quiz.factories import make_category, make_question, make_quiz

pytestmark = pytest.mark.django_db

MOVE = reverse("wagtail_bulk_action", args=["quiz", "question", "move"])
INDEX = reverse("quiz_questions:index")


def move_url(*questions, **params) -> str:
    query = "&".join(f"id={q if isinstance(q, str) else q.pk}" for q in questions)
    extra = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{MOVE}?{'&'.join(part for part in (query, extra) if part)}"


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def categories_of(*questions) -> list[int]:
    return [Question.objects.get(pk=q.pk).category_id for q in questions]


def viewer():
    """A staff user who may see the bank but not change it."""
    user = make_user("officer")
    group = Group.objects.create(name=unique("Bank viewers"))
    group.permissions.add(
        permission("wagtailadmin", "access_admin"), permission("quiz", "view_question")
    )
    user.groups.add(group)
    return user


@pytest.fixture
def trainer_client(client):
    client.force_login(make_trainer())
    return client


@pytest.fixture
def bank():
    source = make_category("Documents")
    target = make_category("Passports", parent=make_category("Travel"))
    questions = [make_question(category=source, title=f"Q{n}") for n in range(3)]
    return source, target, questions


def test_the_index_offers_the_move_to_those_who_may_change(client, bank):
    client.force_login(make_trainer())
    page = client.get(INDEX).content.decode()
    assert "data-bulk-action-checkbox" in page
    assert MOVE in page and "Move to category" in page
    assert 'aria-describedby="question_' in page

    client.force_login(viewer())
    response = client.get(INDEX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Q0" in page
    assert "data-bulk-action-checkbox" not in page and MOVE not in page


def test_confirmation_lists_the_questions_and_their_categories(trainer_client, bank):
    _source, _target, questions = bank
    response = trainer_client.get(move_url(questions[0], questions[1]))
    assert response.status_code == 200
    page = response.content.decode()
    # As whole words: random tokens in the page (CSRF) may hold "Q2".
    titles = set(re.findall(r"\bQ\d\b", page))
    assert {"Q0", "Q1"} <= titles and "Q2" not in titles
    assert "now in Documents" in page
    assert "Travel / Passports" in page  # categories are chosen by full path


def test_move_changes_the_category_only(client, bank):
    _source, target, questions = bank
    quiz = make_quiz(questions=[questions[0]])
    officer = make_user()
    enrolment, _ = enrol(officer, quiz.get_parent().get_parent().specific)
    attempt, _ = start_attempt(quiz, enrolment)
    right = questions[0].choices.get(fraction=1).pk
    submit_attempt(attempt.pk, [AnswerUpdate(position=1, sequence=0, response=right)])
    frozen = AttemptQuestion.objects.get(attempt=attempt)
    before = {q.pk: Question.objects.get(pk=q.pk) for q in questions}

    # The quiz's course's trainer (the bank's course rule: course_scope).
    client.force_login(make_trainer(edit_pages=[quiz.get_parent().get_parent()]))
    response = client.post(
        move_url(questions[0], questions[1], next=INDEX),
        {"category": target.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == INDEX
    assert "Moved 2 questions to “Travel / Passports”." in messages_of(response)
    assert categories_of(*questions) == [
        target.pk,
        target.pk,
        before[questions[2].pk].category_id,
    ]
    for question in questions[:2]:
        moved = Question.objects.get(pk=question.pk)
        assert moved.version == before[question.pk].version == 1
        assert moved.updated_at > before[question.pk].updated_at
        assert moved.title == before[question.pk].title
    # The attempt keeps its snapshot, score and category as they were.
    again = AttemptQuestion.objects.get(pk=frozen.pk)
    assert again.snapshot == frozen.snapshot
    assert again.category_id == frozen.category_id != target.pk
    assert again.question_version == 1 and again.score == frozen.score
    # The quiz still uses the question.
    assert list(quiz.slots.values_list("question_id", flat=True)) == [questions[0].pk]
    # Each moved question's history says who moved it where.
    entries = ModelLogEntry.objects.filter(action="quiz.question_moved")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        str(q.pk) for q in questions[:2]
    )
    for question in questions[:2]:
        history = client.get(reverse("quiz_questions:history", args=[question.pk]))
        assert "Moved from “Documents” to “Travel / Passports”" in (
            history.content.decode()
        )


def test_moving_to_the_same_category_is_refused(trainer_client, bank):
    source, _target, questions = bank
    url = move_url(*questions)
    response = trainer_client.post(url, {"category": source.pk}, follow=True)
    assert "All 3 selected questions are already in “Documents”" in messages_of(
        response
    )
    assert "nothing was moved" in messages_of(response)
    assert categories_of(*questions) == [source.pk] * 3
    assert not ModelLogEntry.objects.filter(action="quiz.question_moved").exists()
    # Back on the form, to choose another category.
    assert response.redirect_chain[-1][0] == url


def test_questions_already_there_are_counted_not_moved(trainer_client, bank):
    source, target, questions = bank
    Question.objects.filter(pk=questions[2].pk).update(category=target)
    response = trainer_client.post(
        move_url(*questions), {"category": target.pk}, follow=True
    )
    assert (
        "Moved 2 questions to “Travel / Passports”. 1 was already there."
        in messages_of(response)
    )
    assert categories_of(*questions) == [target.pk] * 3


def test_a_missing_category_is_refused(trainer_client, bank):
    source, target, questions = bank
    response = trainer_client.post(move_url(*questions), {"category": "999999"})
    assert response.status_code == 200
    assert "This category does not exist" in response.content.decode()
    response = trainer_client.post(move_url(*questions), {"category": ""})
    assert "Choose the category to move the questions to." in (
        response.content.decode()
    )
    assert categories_of(*questions) == [source.pk] * 3


def test_a_category_deleted_meanwhile_refuses_the_whole_move(bank):
    source, target, questions = bank
    target_id = target.pk
    target.delete()
    with pytest.raises(MoveRefused, match="no longer exists"):
        MoveQuestionsBulkAction.execute_action(questions, target_id=target_id)
    assert categories_of(*questions) == [source.pk] * 3


def test_questions_deleted_meanwhile_refuse_the_move(bank):
    source, target, questions = bank
    Question.objects.filter(pk__in=[q.pk for q in questions]).delete()
    with pytest.raises(MoveRefused, match="None of the selected questions exists"):
        MoveQuestionsBulkAction.execute_action(questions, target_id=target.pk)
    assert not ModelLogEntry.objects.filter(action="quiz.question_moved").exists()


def test_a_second_submit_changes_nothing(trainer_client, bank):
    _source, target, questions = bank
    url = move_url(*questions)
    trainer_client.post(url, {"category": target.pk})
    updated = {q.pk: Question.objects.get(pk=q.pk).updated_at for q in questions}
    response = trainer_client.post(url, {"category": target.pk}, follow=True)
    assert "already in" in messages_of(response)
    assert {q.pk: Question.objects.get(pk=q.pk).updated_at for q in questions} == (
        updated
    )


def test_deleted_and_malformed_ids_are_left_out(trainer_client, bank):
    source, target, questions = bank
    gone = make_question(category=source, title="Gone")
    gone_id = gone.pk
    gone.delete()
    url = move_url(questions[0], str(gone_id), "abc", "-1")
    page = trainer_client.get(url)
    assert page.status_code == 200
    assert "1 selected question no longer exists" in page.content.decode()
    response = trainer_client.post(url, {"category": target.pk}, follow=True)
    assert (
        "Moved 1 question to “Travel / Passports”. "
        "1 selected question no longer exists." in messages_of(response)
    )
    assert categories_of(*questions) == [target.pk, source.pk, source.pk]


def test_all_in_listing_moves_what_the_filters_list(trainer_client, bank):
    source, target, questions = bank
    other = make_category("Interviews")
    outside = make_question(category=other, title="Q outside")
    questions[0].tags.add("stamp")
    questions[0].save()

    response = trainer_client.post(
        move_url("all", category=source.pk, q="Q1"), {"category": target.pk}
    )
    assert response.status_code == 302
    assert categories_of(*questions, outside) == [
        source.pk,
        target.pk,
        source.pk,
        other.pk,
    ]
    tag_id = questions[0].tags.get().pk
    trainer_client.post(move_url("all", tag=tag_id), {"category": other.pk})
    assert categories_of(*questions) == [other.pk, target.pk, source.pk]


def test_access_by_role(client, bank):
    source, target, questions = bank
    url = move_url(*questions)

    response = client.post(url, {"category": target.pk})
    assert response.status_code == 302 and "login" in response["Location"]

    for user in (make_user("officer"), make_user("reviewer")):
        client.force_login(user)
        for response in (client.get(url), client.post(url, {"category": target.pk})):
            assert response.status_code == 302 and "login" in response["Location"]

    for user in (viewer(), make_trainer(bank=False)):
        client.force_login(user)
        for response in (client.get(url), client.post(url, {"category": target.pk})):
            assert response.status_code == 302
            assert response["Location"] == reverse("wagtailadmin_home")
    assert categories_of(*questions) == [source.pk] * 3

    client.force_login(make_user("admin"))
    response = client.post(url, {"category": target.pk})
    assert response.status_code == 302
    assert categories_of(*questions) == [target.pk] * 3
