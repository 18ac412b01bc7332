"""Create the demo question banks and final quizzes, idempotently.

Natural keys: a category by its path from the root ("Demo courses / <course> /
<module>"), a question by its title inside its category, a quiz by its slug
inside its course. What exists is left as it is, so a second run creates
nothing and a trainer's edits survive. Each question is checked by its type's
``clean_definition`` before it is saved: demo data obeys the authoring rules.

The data's Khmer texts (``*_km`` keys) become wagtail-localize translations,
made when the English row is created, as a translator would have made them:
a category's and a question's Khmer version (``plugins.quiz.translation``),
and the quiz page's Khmer strings, used when its Khmer version is made (by
the courses' loader, with the other pages' Khmer versions: ``report.khmer``).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from wagtail.models import Locale

from courses.models import CoursePage, ModulePage
from plugins.quiz.demo import questions as data
from plugins.quiz.models import (
    Choice,
    Question,
    QuestionCategory,
    QuizPage,
    QuizQuestion,
)
from plugins.quiz.translation import khmer_locale, record_page_strings, translate

CHOICE_TEXT_FIELDS = (
    "text_km",
    "match_text",
    "match_text_km",
    "feedback",
    "feedback_km",
)
#: Fields of a choice row in the bank (the Khmer ones go to the translation).
CHOICE_BANK_FIELDS = ("match_text", "feedback")


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
        locale=Locale.get_default(),
        parent=parent,
        name=row["name"],
        defaults={"description": row.get("description", "")},
    )
    report.count("question categories", created)
    if created and row.get("name_km"):
        translate(category, {"name": row["name_km"]})
    return category


def _question(report, category, row) -> tuple[Question | None, bool]:
    existing = (
        Question.objects.sources().filter(category=category, title=row["title"]).first()
    )
    if existing is not None:
        return existing, False
    question = Question(
        category=category,
        question_type=row["type"],
        title=row["title"],
        text=row["text"],
        explanation=row.get("explanation", ""),
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
    rows = Choice.objects.bulk_create(
        Choice(
            question=question,
            locale_id=question.locale_id,
            sort_order=order,
            text=choice["text"],
            fraction=choice["fraction"],
            tolerance=choice["tolerance"],
            **{name: choice[name] for name in CHOICE_BANK_FIELDS},
        )
        for order, choice in enumerate(choices)
    )
    khmer = {
        "text": row.get("text_km", ""),
        "explanation": row.get("explanation_km", ""),
        "choices": {
            saved.pk: {
                name.removesuffix("_km"): choice[name]
                for name in ("text_km", "match_text_km", "feedback_km")
            }
            for saved, choice in zip(rows, choices, strict=True)
        },
    }
    if (
        khmer["text"]
        or khmer["explanation"]
        or any(v for texts in khmer["choices"].values() for v in texts.values())
    ):
        stored = Question.objects.prefetch_related("choices").get(pk=question.pk)
        translate(stored, khmer)
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
    khmer = {
        name.removesuffix("_km"): fields.pop(name)
        for name in [n for n in fields if n.endswith("_km")]
    }
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
    _translate_quiz(report, quiz, module, khmer)


def _translate_quiz(report, quiz: QuizPage, module, khmer: dict) -> None:
    """The quiz page's Khmer strings, and its Khmer version: made by the
    courses' loader with the other pages' (``report.khmer``), after its
    module's, so it is there in every course the demo translates."""
    texts = {name: text for name, text in khmer.items() if text}
    if not texts:
        return
    record_page_strings(quiz, texts, khmer_locale())
    report.khmer[quiz.pk] = {"title": texts["title"]} if "title" in texts else {}


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
