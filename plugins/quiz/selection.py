"""Which questions an attempt gets: the quiz's own, a random draw, per category."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from random import Random

from django.db.models import Prefetch

from plugins.quiz.hooks import question_types
from plugins.quiz.models import Choice, Question, QuestionCategory, QuizPage


@dataclass(frozen=True)
class DrawnQuestion:
    question: Question
    mark: Decimal


def _with_choices(queryset):
    return queryset.prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "pk"))
    )


def category_descendants() -> dict[int, set[int]]:
    """Each category id mapped to its own and its descendants' ids (one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in QuestionCategory.objects.sources().values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    result: dict[int, set[int]] = {}

    def collect(pk: int) -> set[int]:
        if pk not in result:
            ids, stack = {pk}, list(children.get(pk, ()))
            while stack:
                child = stack.pop()
                if child not in ids:
                    ids.add(child)
                    stack.extend(children.get(child, ()))
            result[pk] = ids
        return result[pk]

    for pk in {pk for ids in children.values() for pk in ids}:
        collect(pk)
    return result


def draw_questions(quiz: QuizPage, rng: Random) -> list[DrawnQuestion]:
    """The questions of a new attempt, in the order the officer will see them.

    The quiz's own questions (a random ``max_questions`` of them when set),
    then ``count`` random questions from each category draw that are not
    already in the attempt; the whole list is shuffled when ``random_order``
    is on. Questions of a type that is not installed are left out. A fixed
    number of queries, whatever the size of the bank.
    """
    installed = set(question_types.identifiers())
    slots = list(
        quiz.slots.select_related(None)
        .order_by("sort_order", "pk")
        .prefetch_related(
            Prefetch("question", queryset=_with_choices(Question.objects.all()))
        )
    )
    fixed = [
        DrawnQuestion(slot.question, slot.mark or slot.question.default_mark)
        for slot in slots
        if slot.question.question_type in installed
    ]
    if quiz.max_questions and quiz.max_questions < len(fixed):
        chosen = set(rng.sample(range(len(fixed)), quiz.max_questions))
        fixed = [drawn for index, drawn in enumerate(fixed) if index in chosen]

    drawn = list(fixed)
    draws = list(quiz.category_draws.order_by("sort_order", "pk"))
    if draws:
        tree = category_descendants()
        taken = {d.question.pk for d in drawn}
        wanted_ids = set()
        for draw in draws:
            wanted_ids |= (
                tree.get(draw.category_id, {draw.category_id})
                if draw.include_subcategories
                else {draw.category_id}
            )
        pool = list(
            _with_choices(
                Question.objects.sources()
                .filter(category_id__in=wanted_ids, question_type__in=installed)
                .order_by("pk")
            )
        )
        for draw in draws:
            categories = (
                tree.get(draw.category_id, {draw.category_id})
                if draw.include_subcategories
                else {draw.category_id}
            )
            candidates = [
                q for q in pool if q.category_id in categories and q.pk not in taken
            ]
            for question in rng.sample(candidates, min(draw.count, len(candidates))):
                taken.add(question.pk)
                drawn.append(DrawnQuestion(question, question.default_mark))

    if quiz.random_order:
        rng.shuffle(drawn)
    return drawn
