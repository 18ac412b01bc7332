"""Create the demo question banks and final quizzes, idempotently.

Natural keys: a category by its path from the root ("Demo courses / <course> /
<module>"), a question by its title inside its category, a quiz by its slug
inside its course. What exists is left as it is, so a second run creates
nothing and a trainer's edits survive. Each question is checked by its type's
``clean_definition`` before it is saved: demo data obeys the authoring rules.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from courses.models import CoursePage, ModulePage
from plugins.quiz.demo import questions as data
from plugins.quiz.models import (
    Choice,
    Question,
    QuestionCategory,
    QuizPage,
    QuizQuestion,
)

CHOICE_TEXT_FIELDS = (
    "text_km",
    "match_text",
    "match_text_km",
    "feedback",
    "feedback_km",
)


class DemoQuestionError(ValueError):
    """A demo question breaks its type's authoring rules (a bug in the data)."""


def load_demo_quizzes(report, courses: dict[str, CoursePage]) -> None:
    """Create the demo's question categories, questions and one quiz per course."""
    root = _category(report, data.ROOT_CATEGORY, parent=None)
    for spec in data.QUIZZES:
        course = courses.get(spec["course"])
        if course is None:
            report.warn(f"no demo course {spec['course']!r}: its quiz was skipped")
            continue
        course_category = _category(report, spec["category"], parent=root)
        questions, new_questions = [], []
        for topic in spec["topics"]:
            category = _category(report, topic, parent=course_category)
            for row in topic["questions"]:
                question, created = _question(report, category, row)
                if question is None:
                    continue
                questions.append(question)
                if created:
                    new_questions.append(question)
        _quiz(report, course, spec["quiz"], questions, new_questions)


def _category(report, row, parent) -> QuestionCategory:
    category, created = QuestionCategory.objects.get_or_create(
        parent=parent,
        name=row["name"],
        defaults={
            "name_km": row.get("name_km", ""),
            "description": row.get("description", ""),
        },
    )
    report.count("question categories", created)
    return category


def _question(report, category, row) -> tuple[Question | None, bool]:
    existing = Question.objects.filter(category=category, title=row["title"]).first()
    if existing is not None:
        return existing, False
    question = Question(
        category=category,
        question_type=row["type"],
        title=row["title"],
        text=row["text"],
        text_km=row.get("text_km", ""),
        explanation=row.get("explanation", ""),
        explanation_km=row.get("explanation_km", ""),
    )
    question_type = question.type
    if question_type is None:
        report.warn(
            f"question type {row['type']!r} is not installed: skipped the question "
            f"“{row['title']}” in “{category}”"
        )
        return None, False
    choices = [_choice_definition(choice) for choice in row.get("choices", ())]
    try:
        question.options = question_type.clean_definition(
            dict(row.get("options", {})), choices
        )
    except ValidationError as error:
        raise DemoQuestionError(
            f"The demo question “{row['title']}” ({row['type']}) breaks its type's "
            f"rules: {'; '.join(error.messages)}"
        ) from error
    question.save()
    Choice.objects.bulk_create(
        Choice(
            question=question,
            sort_order=order,
            text=choice["text"],
            fraction=choice["fraction"],
            tolerance=choice["tolerance"],
            **{name: choice[name] for name in CHOICE_TEXT_FIELDS},
        )
        for order, choice in enumerate(choices)
    )
    report.count("quiz questions", True)
    return question, True


def _choice_definition(row) -> dict:
    """A choice as ``clean_definition`` receives it (the ChoiceSnapshot keys)."""
    tolerance = row.get("tolerance")
    return {
        "id": None,
        "text": row["text"],
        "fraction": Decimal(row["fraction"]),
        "tolerance": None if tolerance is None else Decimal(tolerance),
        **{name: row.get(name, "") for name in CHOICE_TEXT_FIELDS},
    }


def _quiz(report, course, settings, questions, new_questions) -> None:
    fields = {**data.QUIZ_DEFAULTS, **settings}
    existing = QuizPage.objects.descendant_of(course).filter(slug=fields["slug"])
    quiz = existing.first()
    if quiz is not None:
        # Questions skipped by an earlier run (their type was missing) join the
        # quiz once they exist; questions a trainer removed stay removed.
        _add_slots(report, quiz, new_questions)
        return
    module = ModulePage.objects.child_of(course).order_by("-path").first()
    if module is None:
        report.warn(f"the course “{course.title}” has no module: no quiz added")
        return
    if not questions:
        report.warn(f"no question could be loaded for “{course.title}”: no quiz")
        return
    quiz = QuizPage(
        **fields,
        slots=[
            QuizQuestion(question=question, sort_order=order)
            for order, question in enumerate(questions)
        ],
    )
    # As courses.demo.loader publishes its pages: the last child, then a
    # published revision, so the page history starts like an author's.
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    report.count("quizzes", True)


def _add_slots(report, quiz: QuizPage, questions) -> None:
    have = set(quiz.slots.values_list("question_id", flat=True))
    missing = [question for question in questions if question.pk not in have]
    if not missing:
        return
    if quiz.has_unpublished_changes:
        report.warn(
            f"“{quiz.title}” has a draft: new demo questions were not added to it"
        )
        return
    last = quiz.slots.order_by("-sort_order").values_list("sort_order", flat=True)
    start = (last.first() or 0) + 1
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, question=question, sort_order=start + offset)
        for offset, question in enumerate(missing)
    )
    # Publish a revision that holds the new slots, or the next edit in the
    # admin (which starts from the latest revision) would drop them.
    quiz.save_revision().publish()
    report.count("quiz revisions", True)
