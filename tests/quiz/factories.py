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
from plugins.quiz.translation import translate
from tests.factories import make_course, modules_of, unique


def make_category(name=None, parent=None, name_km="", **fields) -> QuestionCategory:
    """A category; ``name_km`` makes its Khmer translation (wagtail-localize)."""
    category = QuestionCategory.objects.create(
        name=name or unique("Category"), parent=parent, **fields
    )
    if name_km:
        translate(category, {"name": name_km})
    return category


KHMER_CHOICE_KEYS = ("text_km", "match_text_km", "feedback_km")


def make_question(
    question_type="multichoice",
    *,
    category=None,
    choices=None,
    options=None,
    title=None,
    text="<p>Which document is genuine?</p>",
    default_mark=Decimal(1),
    text_km="",
    explanation_km="",
    **fields,
) -> Question:
    """A question with ``choices``: dicts of Choice fields, or (text, fraction) pairs.

    Without ``choices``, a multiple-choice question gets three answers, the
    first one right. Khmer texts (``text_km``, ``explanation_km`` and a
    choice's ``text_km``, ``match_text_km``, ``feedback_km``) make the
    question's Khmer translation through wagtail-localize.
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
    khmer = {"text": text_km, "explanation": explanation_km, "choices": {}}
    for order, choice in enumerate(choices or ()):
        if not isinstance(choice, dict):
            choice = {"text": choice[0], "fraction": Decimal(str(choice[1]))}
        choice = dict(choice)
        texts = {
            key[:-3]: choice.pop(key) for key in KHMER_CHOICE_KEYS if key in choice
        }
        row = Choice.objects.create(question=question, sort_order=order, **choice)
        if any(texts.values()):
            khmer["choices"][row.pk] = texts
    if text_km or explanation_km or khmer["choices"]:
        translate(
            Question.objects.prefetch_related("choices").get(pk=question.pk), khmer
        )
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
