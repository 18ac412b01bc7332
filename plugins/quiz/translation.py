"""Khmer versions of bank questions and categories, made with wagtail-localize.

A Khmer question is the wagtail-localize *target* of a source question in the
``km`` locale: same ``translation_key``, its choices translated with it (each
Khmer choice shares its source choice's ``translation_key``). Translators
work in wagtail-localize's editor (segment by segment, PO download and
upload, "sync from source"); this module makes translations from Khmer texts
the platform already has (old ``*_km`` columns, the demo, imported files) and
reads them back for attempts and the admin.

wagtail-localize fills a segment nobody has translated with the source text,
so a Khmer field equal to its source field counts as *not translated*: the
reader is shown the English, marked ``lang="en"``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Prefetch, Q
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue, extract_strings

from lms.richtext import is_blank_richtext
from plugins.quiz.models import Choice, Question, QuestionCategory

logger = logging.getLogger(__name__)

KHMER = "km"
#: Text fields of a question and of a choice that translators translate.
QUESTION_TEXT_FIELDS = ("text", "explanation")
CHOICE_TEXT_FIELDS = ("text", "match_text", "feedback")
RICH_TEXT_FIELDS = {"text", "explanation"}


def khmer_locale() -> Locale:
    locale, _created = Locale.objects.get_or_create(language_code=KHMER)
    return locale


# Making translations ----------------------------------------------------------


def _pairs(path: str, source: str, khmer: str, rich: bool) -> dict:
    """``{(path, source string): khmer string}`` for one field.

    Rich text is split into wagtail-localize's strings (one per paragraph or
    list item) and paired in order. When the two texts do not have the same
    number of strings, the whole Khmer text goes to the first string and the
    others are emptied, so no Khmer is lost and no English is left mixed in.
    """
    if not khmer or not source:
        return {}
    if not rich:
        return {
            (path, StringValue.from_plaintext(source).data): StringValue.from_plaintext(
                khmer
            ).data
        }
    _template, ours = extract_strings(source)
    _template, theirs = extract_strings(khmer)
    ours = [string.data for string, _attrs in ours]
    theirs = [string.data for string, _attrs in theirs]
    if not ours or not theirs:
        return {}
    if len(ours) != len(theirs):
        logger.warning(
            "Khmer %s has %d strings, the English %d: kept as one",
            path,
            len(theirs),
            len(ours),
        )
        theirs = [" ".join(theirs)] + [""] * (len(ours) - 1)
    return {(path, mine): other for mine, other in zip(ours, theirs, strict=True)}


def _question_pairs(question: Question, khmer: Mapping) -> dict:
    pairs: dict = {}
    for name in QUESTION_TEXT_FIELDS:
        pairs |= _pairs(name, getattr(question, name), khmer.get(name) or "", True)
    by_choice = khmer.get("choices") or {}
    for choice in question.choices.all():
        texts = by_choice.get(choice.pk) or {}
        for name in CHOICE_TEXT_FIELDS:
            if name == "text" and question.question_type == "numerical":
                continue
            pairs |= _pairs(
                f"choices.{choice.translation_key}.{name}",
                getattr(choice, name),
                texts.get(name) or "",
                False,
            )
    return pairs


def _category_pairs(category: QuestionCategory, khmer: Mapping) -> dict:
    pairs: dict = {}
    for name in ("name", "description"):
        pairs |= _pairs(name, getattr(category, name), khmer.get(name) or "", False)
    return pairs


@transaction.atomic
def translate(instance, khmer: Mapping, *, user=None, locale: Locale | None = None):
    """Make or update the Khmer translation of a source question or category.

    ``khmer`` holds the Khmer texts: for a question ``{"text": html,
    "explanation": html, "choices": {source choice pk: {"text": ...,
    "match_text": ..., "feedback": ...}}}``, for a category ``{"name": ...,
    "description": ...}``. Each becomes a wagtail-localize string
    translation (so the editor shows it as translated); what is missing
    falls back to the source. Existing string translations of other
    segments are kept. Returns the Khmer instance.
    """
    locale = locale or khmer_locale()
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    if isinstance(instance, Question):
        pairs = _question_pairs(instance, khmer)
    else:
        pairs = _category_pairs(instance, khmer)
    _store(source, pairs, locale, user)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    translation.save_target(user=user)
    return instance.get_translation(locale)


def record_page_strings(page, texts: Mapping[str, str], locale: Locale):
    """Record Khmer ``texts`` (``{"intro": html, "success_text": ...}``) as
    string translations of a quiz page's segments; returns its source.

    wagtail-localize uses them whenever the page's Khmer version is made or
    synced; nothing else is saved here.
    """
    source, _created = TranslationSource.update_or_create_from_instance(page)
    pairs: dict = {}
    for name, text in texts.items():
        pairs |= _pairs(name, getattr(page, name) or "", text, name == "intro")
    _store(source, pairs, locale, None)
    return source


def _store(source, pairs: dict, locale: Locale, user) -> None:
    if not pairs:
        return
    for segment in StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    ):
        text = pairs.get((segment.context.path, segment.string.data))
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )


@transaction.atomic
def start_translation(instance, *, user=None, locale: Locale | None = None):
    """The Khmer translation of ``instance``, made (all strings falling back to
    the source) if there is none yet: what "Translate into Khmer" opens."""
    locale = locale or khmer_locale()
    existing = instance.get_translation_or_none(locale)
    if (
        existing is not None
        and Translation.objects.filter(
            source__object_id=instance.translation_key, target_locale=locale
        ).exists()
    ):
        return existing
    return translate(instance, {}, user=user, locale=locale)


def sync_translations(question: Question) -> None:
    """Copy a source question's grading fields to its translations at once.

    wagtail-localize copies them when a translator syncs from the source;
    the bank also needs it straight away when a question moves category (a
    translation left in the old category would stop that category's
    deletion).
    """
    Question.objects.filter(translation_key=question.translation_key).exclude(
        pk=question.pk
    ).update(category_id=question.category_id)


# Reading translations -----------------------------------------------------------


def khmer_versions(questions: Iterable[Question]) -> dict:
    """The Khmer translation of each question, by translation key, with its
    choices prefetched (two queries whatever the number of questions)."""
    keys = {q.translation_key for q in questions}
    if not keys:
        return {}
    return {
        q.translation_key: q
        for q in Question.objects.translations_of(keys, KHMER).prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "pk"))
        )
    }


def translated(source: str | None, khmer: str | None) -> str:
    """``khmer`` when it is a translation of ``source`` (not the source text
    wagtail-localize falls back to, nor a blank text such as a translator's
    lone zero-width space), else ``""``."""
    if not khmer or khmer == (source or "") or is_blank_richtext(khmer):
        return ""
    return khmer


def category_names(categories: Iterable[QuestionCategory], language: str | None):
    """``{category pk: name in language}`` for translated categories (one query)."""
    categories = list(categories)
    if not categories or not language:
        return {}
    by_key = {c.translation_key: c for c in categories}
    found = {}
    for key, name in QuestionCategory.objects.translations_of(
        by_key, language
    ).values_list("translation_key", "name"):
        source = by_key[key]
        if name and name != source.name:
            found[source.pk] = name
    return found


def progress(questions: Iterable[Question], locale: Locale | None = None) -> dict:
    """``{question pk: percent translated into Khmer}`` for questions with a
    Khmer translation (three queries whatever the number of questions)."""
    by_key = {str(q.translation_key): q.pk for q in questions}
    if not by_key:
        return {}
    locale = locale or Locale.objects.filter(language_code=KHMER).first()
    if locale is None:
        return {}
    started = set(
        Translation.objects.filter(
            source__object_id__in=by_key, target_locale=locale
        ).values_list("source__object_id", flat=True)
    )
    if not started:
        return {}
    totals = _segment_counts(started, locale)
    return {
        by_key[str(key)]: (100 * done // total if total else 100)
        for key, (total, done) in totals.items()
    }


def _segment_counts(keys: set, locale: Locale) -> dict:
    """``{translation key: (strings, strings translated)}`` (two queries)."""
    segments = list(
        StringSegment.objects.filter(source__object_id__in=keys).values_list(
            "source__object_id", "string_id", "context_id"
        )
    )
    done = set(
        StringTranslation.objects.filter(
            locale=locale, context__object_id__in=keys
        ).values_list("translation_of_id", "context_id")
    )
    counts: dict = {key: (0, 0) for key in keys}
    for key, string_id, context_id in segments:
        total, translated_count = counts.get(key, (0, 0))
        counts[key] = (total + 1, translated_count + ((string_id, context_id) in done))
    return counts


# Translated with a course (``lms_page_translatable_objects``) ------------------


def quiz_translatable_objects(quiz) -> list:
    """The bank objects a course translator translates with ``quiz``.

    ``quiz`` is any language version of a quiz page; its source version's
    questions are returned (slots and draws are the same in every version,
    see ``QuizPage.override_translatable_fields``): the questions of its
    fixed slots in slot order, then those of the categories it draws from at
    random (with their sub-categories when the draw includes them), draw by
    draw, by title, each once; then the categories drawn from, whose names
    officers see in their results by topic. Source rows only, choices
    prefetched (a question's choices are translated with it) and each
    category's parents attached (``str()`` is its path): five queries.
    """
    from courses.translations import page_language
    from plugins.quiz.models import QuizPage
    from plugins.quiz.models.bank import source_language

    if page_language(quiz) != source_language():
        quiz = (
            QuizPage.objects.filter(
                translation_key=quiz.translation_key,
                locale__language_code=source_language(),
            ).first()
            or quiz
        )
    slot_ids = list(
        quiz.slots.order_by("sort_order", "pk").values_list("question_id", flat=True)
    )
    draws = list(
        quiz.category_draws.order_by("sort_order", "pk").values_list(
            "category_id", "include_subcategories"
        )
    )
    pools: list[list[int]] = []
    categories: dict[int, QuestionCategory] = {}
    if draws:
        categories = QuestionCategory.objects.sources().in_bulk()
        children: dict[int, list[int]] = {}
        for category in sorted(categories.values(), key=lambda c: (c.name, c.pk)):
            category.parent = categories.get(category.parent_id)
            children.setdefault(category.parent_id, []).append(category.pk)
        for pk, subcategories in draws:
            pool, stack = [], [pk]
            while stack:
                node = stack.pop(0)
                if node in categories and node not in pool:
                    pool.append(node)
                    if subcategories:
                        stack.extend(children.get(node, ()))
            pools.append(pool)
    drawn_ids = [pk for pool in pools for pk in pool]
    found = {
        question.pk: question
        for question in Question.objects.sources()
        .filter(Q(pk__in=slot_ids) | Q(category_id__in=drawn_ids))
        .order_by("title", "pk")
        .prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "pk"))
        )
    }
    questions = [found[pk] for pk in dict.fromkeys(slot_ids) if pk in found]
    seen = set(slot_ids)
    for pk in drawn_ids:
        for question in found.values():
            if question.category_id == pk and question.pk not in seen:
                seen.add(question.pk)
                questions.append(question)
    return questions + [categories[pk] for pk in dict.fromkeys(drawn_ids)]
