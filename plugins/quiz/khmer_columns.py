"""Moving the quiz's old "(Khmer)" columns into wagtail-localize translations.

Until issue 16 a bank question carried its Khmer text in ``text_km`` and
``explanation_km``, its choices in ``text_km``/``match_text_km``/
``feedback_km``, a category in ``name_km`` and a quiz page in ``intro_km``,
``success_text_km`` and ``fail_text_km``. :func:`move_khmer_columns` turns
them into Khmer translations made by wagtail-localize (so its editor shows
them as translated, segment by segment), before the migration after it drops
the columns:

- a question or category gets its Khmer translation (``km`` locale, same
  translation key), the Khmer texts as string translations, the rest falling
  back to the English until a translator fills it;
- a quiz page: its Khmer texts become string translations of the page, and
  its Khmer version (a page in ``km`` sharing its translation key) is made
  or re-saved from them when wagtail-localize keeps it; a Khmer version kept
  by hand (no enabled translation) gets the texts written into its fields.

It reads the old columns with SQL and writes through today's models, which
is safe only because it runs once, right before the columns go, and only for
rows that have Khmer text: on a new database, or one without Khmer text, it
returns at once without touching a model. A later migration that changes
these models must not be placed before it.
"""

from __future__ import annotations

import logging

from django.db import connection as default_connection

logger = logging.getLogger(__name__)

QUESTION_COLUMNS = ("text_km", "explanation_km")
CHOICE_COLUMNS = ("text_km", "match_text_km", "feedback_km")
QUIZ_PAGE_COLUMNS = ("intro_km", "success_text_km", "fail_text_km")


def _rows(connection, table: str, key_columns: list[str], columns) -> list[tuple]:
    """Rows of ``table`` with any of ``columns`` filled: keys, then columns."""
    quote = connection.ops.quote_name
    selected = ", ".join(quote(c) for c in [*key_columns, *columns])
    where = " OR ".join(f"COALESCE({quote(c)}, '') <> ''" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selected} FROM {quote(table)} WHERE {where}")
        return cursor.fetchall()


def read_khmer_columns(connection=None) -> dict:
    """What the old columns hold: ``{"categories": {pk: name}, "questions":
    {pk: {"text": ..., "explanation": ..., "choices": {pk: {...}}}},
    "pages": {pk: {"intro": ..., ...}}}``, only rows with Khmer text."""
    connection = connection or default_connection
    categories = {
        pk: name
        for pk, name in _rows(connection, "quiz_questioncategory", ["id"], ["name_km"])
    }
    questions: dict[int, dict] = {}
    for pk, text, explanation in _rows(
        connection, "quiz_question", ["id"], QUESTION_COLUMNS
    ):
        questions[pk] = {"text": text or "", "explanation": explanation or ""}
    for pk, question_id, text, match, feedback in _rows(
        connection, "quiz_choice", ["id", "question_id"], CHOICE_COLUMNS
    ):
        question = questions.setdefault(question_id, {})
        question.setdefault("choices", {})[pk] = {
            "text": text or "",
            "match_text": match or "",
            "feedback": feedback or "",
        }
    pages = {
        row[0]: {
            name.removesuffix("_km"): value or ""
            for name, value in zip(QUIZ_PAGE_COLUMNS, row[1:], strict=True)
        }
        for row in _rows(
            connection, "quiz_quizpage", ["page_ptr_id"], QUIZ_PAGE_COLUMNS
        )
    }
    return {"categories": categories, "questions": questions, "pages": pages}


def move_khmer_columns(connection=None) -> dict[str, int]:
    """Turn the Khmer columns into translations; returns how many of each."""
    found = read_khmer_columns(connection)
    done = {"categories": 0, "questions": 0, "pages": 0}
    if not any(found.values()):
        return done

    from plugins.quiz.models import Question, QuestionCategory, QuizPage
    from plugins.quiz.translation import khmer_locale, translate

    khmer = khmer_locale()
    for category in QuestionCategory.objects.sources().filter(
        pk__in=found["categories"]
    ):
        translate(category, {"name": found["categories"][category.pk]}, locale=khmer)
        done["categories"] += 1
    for question in (
        Question.objects.sources()
        .filter(pk__in=found["questions"])
        .prefetch_related("choices")
    ):
        translate(question, found["questions"][question.pk], locale=khmer)
        done["questions"] += 1
    for page in QuizPage.objects.filter(pk__in=found["pages"]).exclude(locale=khmer):
        translate_quiz_page(page, found["pages"][page.pk], khmer)
        done["pages"] += 1
    return done


def translate_quiz_page(page, texts: dict[str, str], khmer) -> None:
    """Record ``texts`` (Khmer intro and result texts) as translations of
    ``page`` and put them into its Khmer version."""
    from wagtail_localize.models import Translation

    from plugins.quiz.translation import record_page_strings

    texts = {name: text for name, text in texts.items() if text.strip()}
    if not texts:
        return
    source = record_page_strings(page, texts, khmer)
    existing = page.get_translation_or_none(khmer)
    translation = Translation.objects.filter(source=source, target_locale=khmer).first()
    if existing is None or (translation is not None and translation.enabled):
        if translation is None:
            translation = Translation.objects.create(
                source=source, target_locale=khmer, enabled=True
            )
        translation.save_target(publish=bool(page.live))
        return
    # A Khmer version kept by hand: its fields that still hold the English
    # take the Khmer texts; what its authors wrote in Khmer stays.
    logger.warning(
        "Khmer version %s of quiz %s is kept by hand: Khmer texts written into it",
        existing.pk,
        page.pk,
    )
    own = existing.specific
    still_english = {
        name: text
        for name, text in texts.items()
        if (getattr(own, name) or "") == (getattr(page, name) or "")
    }
    if still_english:
        type(page).objects.filter(pk=existing.pk).update(**still_english)
