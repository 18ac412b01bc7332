"""Bank questions as the interchange contract's objects, for export.

:func:`category_questions` and :func:`quiz_questions` fetch what an export
needs in a fixed number of queries (categories, questions, choices, tags,
and the Wagtail images and documents their texts embed), whatever the
number of questions; :func:`to_imported` then turns each question into an
:class:`ImportedQuestion` without further queries. ``to_imported`` also
works on any single question (it then queries what it needs).

Choice feedback is plain text in the bank and HTML in the contract, so it is
escaped here (``interchange.saving`` turns it back into text on import).

The contract's Khmer texts (``text_km`` ...) are read from the question's
Khmer translation (wagtail-localize, ``plugins.quiz.translation``): texts
not translated yet are exported empty.
"""

from __future__ import annotations

from collections.abc import Iterable

from plugins.quiz.interchange.base import ImportedChoice, ImportedQuestion
from plugins.quiz.interchange.moodle import moodle_grade
from plugins.quiz.interchange.richtext import (
    FileLookup,
    from_rich_text,
    plain_to_html,
)
from plugins.quiz.models import Question, QuestionCategory
from plugins.quiz.translation import khmer_versions, translated

#: Rich text fields of a question, exported with their embedded files.
RICH_TEXT_FIELDS = ("text", "text_km", "explanation", "explanation_km")
# Set by the listing helpers on each question they return: one lookup of
# images and documents shared by the whole export, and its Khmer translation.
_LOOKUP_ATTRIBUTE = "_interchange_files"
_KHMER_ATTRIBUTE = "_interchange_khmer"


def khmer_texts(question: Question) -> dict:
    """``{"text_km", "explanation_km", "choices": {choice pk: {...}}}`` from
    the question's Khmer translation, empty where it is not translated."""
    if hasattr(question, _KHMER_ATTRIBUTE):
        khmer = getattr(question, _KHMER_ATTRIBUTE)
    else:
        khmer = khmer_versions([question]).get(question.translation_key)
    if khmer is None:
        return {"text_km": "", "explanation_km": "", "choices": {}}
    twins = {c.translation_key: c for c in khmer.choices.all()}
    choices = {}
    for choice in question.choices.all():
        twin = twins.get(choice.translation_key)
        choices[choice.pk] = {
            name: translated(getattr(choice, name), getattr(twin, name, ""))
            for name in ("text", "match_text", "feedback")
        }
    return {
        "text_km": translated(question.text, khmer.text),
        "explanation_km": translated(question.explanation, khmer.explanation),
        "choices": choices,
    }


def category_path(
    category: QuestionCategory, base: QuestionCategory | None
) -> tuple[str, ...]:
    """Names from below ``base`` down to ``category`` (``()`` for ``base``
    itself). When ``base`` is ``None`` or not above ``category``, the whole
    path from the top."""
    names, node, seen = [], category, set()
    while node is not None and node.pk not in seen:
        if base is not None and node.pk == base.pk:
            return tuple(reversed(names))
        seen.add(node.pk)
        names.append(node.name)
        node = node.parent
    return tuple(reversed(names))


def to_imported(question: Question, base: QuestionCategory | None) -> ImportedQuestion:
    """``question`` as an :class:`ImportedQuestion`, its category path
    relative to ``base`` (see :func:`category_path`), choices in order,
    tags by name, and the files its rich texts embed."""
    lookup = getattr(question, _LOOKUP_ATTRIBUTE, None) or FileLookup()
    taken: dict = {}
    khmer = khmer_texts(question)
    values = {name: khmer.get(name, "") for name in RICH_TEXT_FIELDS}
    values |= {"text": question.text, "explanation": question.explanation}
    texts = {
        name: from_rich_text(values[name], lookup=lookup, taken=taken)[0]
        for name in RICH_TEXT_FIELDS
    }
    no_khmer = {"text": "", "match_text": "", "feedback": ""}
    return ImportedQuestion(
        question_type=question.question_type,
        title=question.title,
        category_path=category_path(question.category, base),
        default_mark=question.default_mark,
        options=dict(question.options or {}),
        choices=[
            ImportedChoice(
                text=choice.text,
                # The bank keeps 5 places (0.33333); files carry Moodle's grade.
                fraction=moodle_grade(choice.fraction) or choice.fraction,
                feedback=plain_to_html(choice.feedback),
                match_text=choice.match_text,
                tolerance=choice.tolerance,
                text_km=khmer["choices"].get(choice.pk, no_khmer)["text"],
                feedback_km=plain_to_html(
                    khmer["choices"].get(choice.pk, no_khmer)["feedback"]
                ),
                match_text_km=khmer["choices"].get(choice.pk, no_khmer)["match_text"],
            )
            for choice in question.choices.all()
        ],
        files=list(taken.values()),
        tags=sorted(item.tag.name for item in question.tagged_items.all()),
        **texts,
    )


def _all_categories() -> dict[int, QuestionCategory]:
    """Every category, each with its parent object attached (one query)."""
    categories = (
        QuestionCategory.objects.sources().only("id", "name", "parent_id").in_bulk()
    )
    for category in categories.values():
        category.parent = categories.get(category.parent_id)
    return categories


def _prepared(
    questions: Iterable[Question], categories: dict[int, QuestionCategory]
) -> list[Question]:
    questions = list(questions)
    khmer = khmer_versions(questions)
    for question in questions:
        setattr(question, _KHMER_ATTRIBUTE, khmer.get(question.translation_key))
    texts = []
    for question in questions:
        texts += [question.text, question.explanation]
        twin = getattr(question, _KHMER_ATTRIBUTE)
        if twin is not None:
            texts += [twin.text, twin.explanation]
    lookup = FileLookup()
    lookup.load(texts)
    for question in questions:
        question.category = categories[question.category_id]
        setattr(question, _LOOKUP_ATTRIBUTE, lookup)
    return questions


def _with_relations(queryset):
    return queryset.prefetch_related("choices", "tagged_items__tag")


def category_questions(
    category: QuestionCategory, *, include_subcategories: bool = True
) -> list[Question]:
    """The questions of ``category`` (and of its sub-categories, depth
    first, sub-categories by name), each category's questions by title."""
    categories = _all_categories()
    children: dict[int | None, list[QuestionCategory]] = {}
    for node in categories.values():
        children.setdefault(node.parent_id, []).append(node)
    order, stack, seen = [], [category.pk], set()
    while stack:
        pk = stack.pop()
        if pk in seen or pk not in categories:
            continue
        seen.add(pk)
        order.append(pk)
        if include_subcategories:
            below = sorted(children.get(pk, []), key=lambda node: node.name)
            stack.extend(node.pk for node in reversed(below))
    position = {pk: index for index, pk in enumerate(order)}
    questions = _with_relations(
        Question.objects.sources().filter(category_id__in=order)
    )
    ordered = sorted(
        questions, key=lambda q: (position[q.category_id], q.title.casefold(), q.pk)
    )
    return _prepared(ordered, categories)


def quiz_questions(quiz) -> list[Question]:
    """The questions a quiz always offers (its slots), in the quiz's order.

    Questions a quiz draws at random from categories are not listed: export
    those categories instead.
    """
    slots = quiz.slots.order_by("sort_order", "pk").values_list(
        "question_id", flat=True
    )
    ids = list(slots)
    by_id = _with_relations(Question.objects.filter(pk__in=ids)).in_bulk()
    return _prepared((by_id[pk] for pk in ids if pk in by_id), _all_categories())
