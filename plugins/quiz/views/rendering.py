"""What the templates get for each question of an attempt: safe, rendered HTML.

Snapshots hold the right answers, so they never go into a template context.
Each question is rendered here through its type (``review`` only when the
quiz allows it) and handed over as plain strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language

from plugins.quiz.models import Attempt, AttemptQuestion, FeedbackTiming
from plugins.quiz.question_types.base import SOURCE_LANGUAGE, localized


@dataclass
class QuestionView:
    position: int
    prefix: str
    text: str
    html: str
    sequence: int
    mark: object
    available: bool = True
    checked: bool = False
    checkable: bool = False
    review: bool = False
    score: object = None
    needs_marking: bool = False
    explanation: str = ""
    feedback: list[str] = field(default_factory=list)
    marker_comment: str = ""
    error: str = ""


def reading_language(attempt: Attempt) -> str:
    """The language an attempt's questions show in.

    The officer asked for a translation in one of two ways: by taking the
    quiz from its translated version (``/km/...``, kept as the attempt's
    ``content_language``), or by choosing that interface language. Either
    way the questions show translated where the bank has it (English
    otherwise, marked ``lang``); the attempt is the same record.
    """
    if attempt.content_language and attempt.content_language != SOURCE_LANGUAGE:
        return attempt.content_language
    return get_language() or SOURCE_LANGUAGE


def content_notice(questions: list[QuestionView], language: str):
    """A ``courses.content_language.ContentFallback`` for the notice
    ("Parts of this page are shown in English") when some question text of
    the page is not in ``language``; ``None`` when all of it is."""
    from courses.content_language import ContentFallback

    foreign = {
        lang
        for view in questions
        for text in (view.text, view.explanation, *view.feedback)
        if text and (lang := getattr(text, "lang", "")) and lang != language
    }
    if not foreign:
        return None
    return ContentFallback(
        reader_language=language,
        page_language=language,
        fields={"questions": sorted(foreign)[0]},
    )


def review_allowed(attempt: Attempt, now=None) -> bool:
    """Whether the finished attempt's answers, right answers and explanations show."""
    if not attempt.is_finished or attempt.answers_discarded:
        return False
    quiz = attempt.quiz
    if quiz.feedback_timing == FeedbackTiming.AFTER_CLOSE:
        return quiz.is_closed(now)
    return True


def question_view(
    item: AttemptQuestion,
    language: str,
    *,
    review: bool,
    disabled: bool = False,
    immediate: bool = False,
    error: str = "",
) -> QuestionView:
    prefix = f"q{item.position}"
    question_type = item.type
    view = QuestionView(
        position=item.position,
        prefix=prefix,
        text=localized(item.snapshot, "text", language),
        html="",
        sequence=item.sequence,
        mark=item.mark,
        checked=item.checked,
        error=error,
    )
    if question_type is None:
        view.available = False
        return view
    # An answer checked with immediate feedback is reviewed on the spot.
    review = review or item.checked
    view.review = review
    view.checkable = immediate and question_type.auto_graded and not item.checked
    view.html = question_type.render(
        item.snapshot,
        item.layout,
        item.response,
        prefix=prefix,
        language=language,
        disabled=disabled or item.checked,
        review=review,
    )
    if review:
        view.score = item.score
        view.needs_marking = item.needs_marking
        view.explanation = localized(item.snapshot, "explanation", language)
        view.feedback = [
            text
            for choice in question_type.feedback(item.snapshot, item.response)
            if (text := localized(choice, "feedback", language))
        ]
        view.marker_comment = item.marker_comment
    return view
