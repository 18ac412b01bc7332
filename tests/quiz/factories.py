"""Builders for quiz test data: categories, questions of each type, quizzes."""

from __future__ import annotations

from decimal import Decimal

from courses.models import ModulePage
from plugins.quiz.models import (
    Choice,
    Question,
    QuestionCategory,
    QuizCategoryDraw,
    QuizPage,
    QuizQuestion,
)
from tests.factories import make_course, modules_of, unique


def make_category(name=None, parent=None, **fields) -> QuestionCategory:
    return QuestionCategory.objects.create(
        name=name or unique("Category"), parent=parent, **fields
    )


def make_question(
    question_type="multichoice",
    *,
    category=None,
    choices=None,
    options=None,
    title=None,
    text="<p>Which document is genuine?</p>",
    default_mark=Decimal(1),
    **fields,
) -> Question:
    """A question with ``choices``: dicts of Choice fields, or (text, fraction) pairs.

    Without ``choices``, a multiple-choice question gets three answers, the
    first one right.
    """
    if choices is None and question_type == "multichoice":
        choices = [("Right", 1), ("Wrong", 0), ("Also wrong", 0)]
    question = Question(
        category=category or make_category(),
        question_type=question_type,
        title=title or unique("Question"),
        text=text,
        options=options or {},
        default_mark=default_mark,
        **fields,
    )
    question.save()
    for order, choice in enumerate(choices or ()):
        if not isinstance(choice, dict):
            choice = {"text": choice[0], "fraction": Decimal(str(choice[1]))}
        Choice.objects.create(question=question, sort_order=order, **choice)
    return question


def make_quiz(
    module: ModulePage | None = None,
    *,
    questions=(),
    draws=(),
    title=None,
    **settings,
) -> QuizPage:
    """A live quiz page at the end of ``module`` (a new course's first by default).

    ``draws`` are ``(category, count)`` pairs.
    """
    if module is None:
        module = modules_of(make_course(modules=1, lessons=1))[0]
    settings.setdefault("shuffle_answers", False)
    quiz = QuizPage(title=title or unique("Quiz"), slug=unique("quiz"), **settings)
    module.add_child(instance=quiz)
    for order, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
    for order, (category, count) in enumerate(draws):
        QuizCategoryDraw.objects.create(
            quiz=quiz, category=category, count=count, sort_order=order
        )
    return quiz
