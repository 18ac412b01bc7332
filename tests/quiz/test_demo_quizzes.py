"""The demo's final quizzes: one per course, on its content, passable in a demo."""

from decimal import Decimal

import pytest
from django.db import transaction

from accounts.models import User
from courses.demo import curriculum
from courses.demo.loader import load_demo
from courses.enrolment import enrol
from courses.models import ActivityProgress, CoursePage, Enrolment, ModulePage
from plugins.quiz.demo import hooks as _demo_hooks  # noqa: F401  (registers the hook)
from plugins.quiz.demo import questions as data
from plugins.quiz.demo.loader import DemoQuestionError
from plugins.quiz.models import (
    Choice,
    Question,
    QuestionCategory,
    QuizPage,
    QuizQuestion,
)
from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
from plugins.quiz.translation import khmer_locale
from tests.quiz.answers import correct_response, wrong_response

COURSE_SLUGS = [row["slug"] for row in curriculum.COURSES]
FIRST, SECOND, THIRD = COURSE_SLUGS


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module inside a transaction rolled back after.

    Loading it takes seconds; each test's own transaction (``db``) is a
    savepoint inside this one, so tests still cannot see each other's changes.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        report = load_demo()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo, db):
    return loaded_demo


def course(slug) -> CoursePage:
    # The English version: the demo also has a Khmer version of course 1.
    return CoursePage.objects.get(slug=slug, locale__language_code="en")


def final_quiz(slug) -> QuizPage:
    return QuizPage.objects.descendant_of(course(slug)).get()


def question_types_of(quiz) -> list[str]:
    return list(
        QuizQuestion.objects.filter(quiz=quiz).values_list(
            "question__question_type", flat=True
        )
    )


@pytest.mark.parametrize("slug", COURSE_SLUGS)
def test_each_course_ends_with_one_live_final_quiz(demo, slug):
    quizzes = QuizPage.objects.descendant_of(course(slug))
    assert quizzes.count() == 1
    quiz = quizzes.get()
    last_module = ModulePage.objects.child_of(course(slug)).order_by("path").last()
    assert quiz.get_parent().pk == last_module.pk
    assert last_module.get_children().last().pk == quiz.pk
    assert quiz.live and not quiz.has_unpublished_changes and not quiz.draft
    assert quiz.title == "Final quiz"
    # Its Khmer version, in the course's Khmer version, with its texts.
    khmer = quiz.get_translation_or_none(khmer_locale())
    assert khmer is not None and khmer.live
    assert khmer.get_parent().locale_id == khmer.locale_id
    assert any("\u1780" <= c <= "\u17ff" for c in khmer.title)
    assert khmer.intro != quiz.intro and khmer.success_text != quiz.success_text
    assert list(khmer.slots.values_list("question_id", flat=True)) == list(
        quiz.slots.values_list("question_id", flat=True)
    )
    types = question_types_of(quiz)
    assert len(types) >= 10
    assert len(set(types)) >= 5
    assert (quiz.pass_mark, quiz.attempts_allowed) == (70, 3)
    assert quiz.grading_method == "highest" and quiz.feedback_timing == "end"
    assert quiz.shuffle_answers
    assert quiz.time_limit_minutes == (30 if slug == THIRD else None)
    assert quiz.completion_rule == "quiz_passed"


def test_only_the_second_course_has_an_essay(demo):
    essays = {
        slug: question_types_of(final_quiz(slug)).count("essay")
        for slug in COURSE_SLUGS
    }
    assert essays == {FIRST: 0, SECOND: 1, THIRD: 0}


def test_questions_sit_in_a_category_tree_per_course_and_module(demo):
    root = QuestionCategory.objects.sources().get(
        parent=None, name=data.ROOT_CATEGORY["name"]
    )
    for spec in data.QUIZZES:
        # The bank's tree is its source categories (a Khmer category keeps
        # its source's parent, so ``children`` holds translations too).
        course_category = root.children.sources().get(name=spec["category"]["name"])
        sub_categories = course_category.children.sources()
        modules = ModulePage.objects.child_of(course(spec["course"]))
        assert sorted(c.name for c in sub_categories) == sorted(
            m.title for m in modules
        )
        quiz = final_quiz(spec["course"])
        in_quiz = set(quiz.slots.values_list("question__category_id", flat=True))
        assert in_quiz == {c.pk for c in sub_categories}


def test_choice_questions_explain_and_give_feedback_on_wrong_answers(demo):
    for question in Question.objects.filter(quiz_slots__quiz__slug="final-quiz"):
        assert question.explanation, question.title
        if question.question_type in {"multichoice", "multiresponse"}:
            wrong = question.choices.filter(fraction__lte=0)
            assert wrong.exclude(feedback="").exists(), question.title


def test_loading_twice_creates_nothing_new(demo):
    def counts():
        return [
            model.objects.count()
            for model in (QuestionCategory, Question, Choice, QuizPage, QuizQuestion)
        ]

    before = counts()
    assert demo.created["quizzes"] == 3
    assert demo.warnings == []
    again = load_demo()
    assert again.created == {} and again.warnings == []
    assert counts() == before


def test_a_trainers_edits_survive_a_reload(demo):
    quiz = final_quiz(FIRST)
    before = quiz.slots.count()
    removed = quiz.slots.order_by("sort_order").first()
    removed.delete()
    question = Question.objects.sources().get(
        title=data.COURSE_1_UNDERSTANDING[0]["title"]
    )
    question.text = "<p>Edited by a trainer</p>"
    question.save()
    load_demo()
    assert quiz.slots.count() == before - 1
    assert not quiz.slots.filter(pk=removed.pk).exists()
    question.refresh_from_db()
    assert question.text == "<p>Edited by a trainer</p>"


def officer_enrolled_in(slug) -> Enrolment:
    officer = User.objects.get(username="officer")
    if slug == FIRST:
        return enrol(officer, course(slug))[0]
    # The other courses' prerequisites are not the point here.
    return Enrolment.objects.create(user=officer, course=course(slug))


def answer_all(attempt, answer) -> list[AnswerUpdate]:
    return [
        AnswerUpdate(
            position=item.position,
            sequence=item.sequence,
            response=answer(item.snapshot, item.layout),
        )
        for item in attempt.questions.order_by("position")
    ]


@pytest.mark.parametrize("slug", [FIRST, THIRD])
def test_an_officer_fails_with_wrong_answers_then_passes(demo, slug):
    quiz = final_quiz(slug)
    enrolment = officer_enrolled_in(slug)

    attempt, created = start_attempt(quiz, enrolment)
    assert created and attempt.questions.count() == quiz.slots.count()
    attempt, _ = submit_attempt(attempt.pk, answer_all(attempt, wrong_response))
    assert attempt.passed is False and attempt.score == Decimal(0)
    progress = ActivityProgress.objects.filter(enrolment=enrolment, page_id=quiz.pk)
    assert not progress.filter(completed_at__isnull=False).exists()

    attempt, created = start_attempt(quiz, enrolment)
    assert created and attempt.number == 2
    attempt, _ = submit_attempt(attempt.pk, answer_all(attempt, correct_response))
    assert attempt.passed is True
    assert attempt.score == attempt.max_score and attempt.pending_marking == 0
    assert progress.get().completed_at is not None


def test_the_essay_waits_for_a_trainer(demo):
    quiz = final_quiz(SECOND)
    attempt, _ = start_attempt(quiz, officer_enrolled_in(SECOND))
    attempt, _ = submit_attempt(attempt.pk, answer_all(attempt, correct_response))
    assert attempt.pending_marking == 1
    assert attempt.passed is None
    essay = attempt.questions.get(question_type="essay")
    assert essay.needs_marking and essay.response


def one_question_quiz(question) -> list[dict]:
    return [
        {
            "course": FIRST,
            "category": {"name": "Checks"},
            "quiz": {"slug": "check-quiz"},
            "topics": [{"name": "Rules", "questions": [question]}],
        }
    ]


def test_a_question_that_breaks_its_types_rules_fails_the_load(demo, monkeypatch):
    no_right_answer = {
        "type": "multichoice",
        "title": "No right answer",
        "text": "<p>?</p>",
        "choices": [{"text": "A", "fraction": "0"}, {"text": "B", "fraction": "0"}],
    }
    monkeypatch.setattr(data, "QUIZZES", one_question_quiz(no_right_answer))
    with pytest.raises(DemoQuestionError, match="No right answer"):
        load_demo()
    assert not Question.objects.filter(title="No right answer").exists()


def test_a_question_of_a_missing_type_is_skipped_with_a_warning(demo, monkeypatch):
    missing_type = {"type": "hotspot", "title": "Click the seal", "text": "<p>?</p>"}
    monkeypatch.setattr(data, "QUIZZES", one_question_quiz(missing_type))
    report = load_demo()
    assert any("'hotspot'" in warning for warning in report.warnings)
    assert not Question.objects.filter(title="Click the seal").exists()
    assert not QuizPage.objects.filter(slug="check-quiz").exists()


def test_a_question_missing_from_an_earlier_load_joins_the_quiz(demo):
    quiz = final_quiz(SECOND)
    essay = quiz.slots.get(question__question_type="essay")
    title = essay.question.title
    question = essay.question
    # The quiz's Khmer version has the same slots (synchronised): both go.
    QuizQuestion.objects.filter(question=question).delete()
    question.delete()  # as if the essay type was not installed at the first load

    report = load_demo()
    assert report.created == {"quiz questions": 1, "quiz revisions": 1}
    assert quiz.slots.filter(question__title=title).exists()
    quiz.refresh_from_db()
    assert not quiz.has_unpublished_changes
    latest = quiz.get_latest_revision_as_object()
    assert title in [slot.question.title for slot in latest.slots.all()]
