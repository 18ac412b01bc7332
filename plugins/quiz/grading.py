"""Scores: per question, per attempt, per officer (grading method), marking, regrades.

Every score is computed on the server from the attempt's frozen snapshots.
Auto-graded questions are scored when the attempt is finished (or, with
immediate feedback, when a question is checked); essays when a trainer marks
them. The attempt's totals are recomputed from its questions each time, inside
the transaction that changed them, with the attempt row locked.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from plugins.quiz.hooks import question_types
from plugins.quiz.models import Attempt, AttemptQuestion, AttemptState, GradingMethod
from plugins.quiz.question_types.base import FRACTION_PLACES, ZERO, clamp_fraction

PERCENT_PLACES = Decimal("0.001")


class MarkingError(ValueError):
    """A mark that cannot be recorded; the message says why."""


def lock_attempt(attempt_id: int) -> Attempt:
    """Lock an attempt for a change, taking its enrolment's row lock first.

    Every writer takes the enrolment lock, then the attempt lock, so two
    writers (a start and a submit in two tabs, say) never deadlock.
    """
    from courses.models import Enrolment

    enrolment_id = (
        Attempt.objects.filter(pk=attempt_id)
        .values_list("enrolment_id", flat=True)
        .get()
    )
    Enrolment.objects.select_for_update().only("pk").get(pk=enrolment_id)
    return (
        Attempt.objects.select_for_update()
        .select_related("quiz", "enrolment")
        .get(pk=attempt_id)
    )


def score_question(item: AttemptQuestion) -> None:
    """Set ``item.score`` (or ``needs_marking``) from its type; does not save."""
    question_type = item.type
    if question_type is None:
        # The type's plugin was removed: the question cannot be scored, and
        # must not be marked wrong for it. It counts as 0 of 0.
        item.score = ZERO
        item.mark = ZERO
        item.needs_marking = False
        return
    if not question_type.auto_graded:
        if item.marked_at is None:
            item.score = None
            item.needs_marking = True
        return
    fraction = clamp_fraction(question_type.grade(item.snapshot, item.response))
    item.score = (fraction * item.mark).quantize(FRACTION_PLACES)
    item.needs_marking = False


def set_totals(attempt: Attempt, items: Iterable[AttemptQuestion]) -> None:
    """Recompute the attempt's score, percentage and pass from its questions."""
    items = list(items)
    attempt.max_score = sum((item.mark for item in items), ZERO)
    attempt.score = sum((item.score or ZERO for item in items), ZERO)
    attempt.pending_marking = sum(1 for item in items if item.needs_marking)
    if attempt.max_score > 0:
        attempt.percent = (attempt.score * 100 / attempt.max_score).quantize(
            PERCENT_PLACES
        )
    else:
        attempt.percent = Decimal(100)
    if attempt.pending_marking:
        attempt.passed = None
    else:
        attempt.passed = attempt.percent >= attempt.quiz.pass_mark


TOTAL_FIELDS = ["score", "max_score", "percent", "passed", "pending_marking"]


def final_grade(attempts: Iterable[Attempt], method: str) -> Decimal | None:
    """The officer's grade (percentage) from their graded attempts, by ``method``.

    Attempts still waiting for marking do not count yet. ``None`` when none do.
    """
    graded = sorted((a for a in attempts if a.is_graded), key=lambda a: a.number)
    if not graded:
        return None
    percents = [a.percent for a in graded]
    if method == GradingMethod.FIRST:
        return percents[0]
    if method == GradingMethod.LAST:
        return percents[-1]
    if method == GradingMethod.AVERAGE:
        return (sum(percents, ZERO) / len(percents)).quantize(PERCENT_PLACES)
    return max(percents)


def quiz_grade(quiz, user) -> Decimal | None:
    """``final_grade`` of one officer's attempts at one quiz (one query)."""
    attempts = Attempt.objects.filter(
        quiz=quiz, user=user, state=AttemptState.FINISHED
    ).only("number", "state", "percent", "pending_marking")
    return final_grade(attempts, quiz.grading_method)


def has_passed(quiz, user) -> bool:
    grade = quiz_grade(quiz, user)
    return grade is not None and grade >= quiz.pass_mark


def mark_answer(item_id: int, *, score: Decimal, comment: str, marker) -> Attempt:
    """Record a trainer's mark for a hand-marked answer; update the attempt.

    ``score`` is in marks, between 0 and the question's mark. When the last
    pending answer of a finished attempt is marked, the attempt gets its pass
    or fail and completion is re-evaluated. Re-marking an answer is allowed and
    recomputes the totals again.
    """
    from plugins.quiz.completion import record_outcome

    with transaction.atomic():
        attempt_id = AttemptQuestion.objects.values_list("attempt_id", flat=True).get(
            pk=item_id
        )
        attempt = lock_attempt(attempt_id)
        if not attempt.is_finished:
            raise MarkingError(_("This attempt has not been submitted yet."))
        item = AttemptQuestion.objects.select_for_update().get(pk=item_id)
        if item.type is None or item.type.auto_graded:
            raise MarkingError(_("This answer is scored automatically."))
        if not (ZERO <= score <= item.mark):
            raise MarkingError(
                _("The score must be between 0 and %(mark)s.")
                % {"mark": item.mark.normalize()}
            )
        item.score = score.quantize(FRACTION_PLACES)
        item.marker_comment = comment
        item.marked_by = marker
        item.marked_at = timezone.now()
        item.needs_marking = False
        item.save(
            update_fields=[
                "score",
                "marker_comment",
                "marked_by",
                "marked_at",
                "needs_marking",
            ]
        )
        set_totals(attempt, attempt.questions.all())
        attempt.save(update_fields=TOTAL_FIELDS)
        record_outcome(attempt)
    return attempt


def regrade_question(question, *, within: Q | None = None, now=None) -> int:
    """Re-freeze ``question`` at its current version in every attempt that holds
    an older one, re-score those answers and the attempts' totals.

    ``within`` (a ``Q`` over attempt questions) limits the attempts regraded:
    the admin passes the courses the user trains, so that no other course's
    officer changes score. Officers' responses are kept (choice ids survive
    edits); a hand mark is kept too. Returns the number of attempt questions
    changed.
    """
    from plugins.quiz.completion import record_outcome
    from plugins.quiz.snapshot import snapshot_question

    now = now or timezone.now()
    snapshot = snapshot_question(question)
    changed_attempts = []
    within = within if within is not None else Q()
    with transaction.atomic():
        attempt_ids = set(
            AttemptQuestion.objects.filter(
                within, question=question, question_version__lt=question.version
            ).values_list("attempt_id", flat=True)
        )
        attempts = {pk: lock_attempt(pk) for pk in sorted(attempt_ids)}
        items = list(
            AttemptQuestion.objects.select_for_update().filter(
                attempt_id__in=attempts,
                question=question,
                question_version__lt=question.version,
            )
        )
        for item in items:
            attempt = attempts[item.attempt_id]
            layout = relayout(item, snapshot, attempt)
            item.snapshot = snapshot
            item.layout = layout
            item.question_type = snapshot["type"]
            item.question_version = question.version
            item.regraded_at = now
            if attempt.is_finished or item.checked:
                score_question(item)
            item.save()
            if attempt.is_finished:
                changed_attempts.append(attempt)
        for attempt in {a.pk: a for a in changed_attempts}.values():
            set_totals(attempt, attempt.questions.all())
            attempt.save(update_fields=TOTAL_FIELDS)
            record_outcome(attempt)
    return len(items)


def relayout(item: AttemptQuestion, snapshot, attempt: Attempt) -> dict:
    """The layout of ``item`` for a new snapshot, keeping what the officer saw.

    The type lays the new version out afresh (from the attempt's seed, so the
    result is reproducible); in each ordered list, ids the officer already saw
    keep their old order and new ids follow in the fresh order.
    """
    from random import Random

    question_type = question_types.get(snapshot["type"])
    if question_type is None:
        return dict(item.layout)
    fresh = question_type.make_layout(
        snapshot, Random(attempt.seed + item.position), attempt.quiz.shuffle_answers
    )
    layout = {}
    for key, new_value in fresh.items():
        old_value = item.layout.get(key)
        if isinstance(new_value, list) and isinstance(old_value, list):
            kept = [pk for pk in old_value if pk in new_value]
            layout[key] = kept + [pk for pk in new_value if pk not in kept]
        else:
            layout[key] = new_value
    return layout


def category_results(attempts: Iterable[Attempt]) -> list[dict]:
    """Per-category score of graded attempts' questions (django-quiz's "progress").

    Returns dicts with ``category_id``, ``earned``, ``possible`` and
    ``percent``, for every category the questions came from. Reads the
    attempts' questions in one query.
    """
    attempt_ids = [a.pk for a in attempts if a.is_finished]
    totals: dict[int | None, list[Decimal]] = {}
    for category_id, score, mark, needs in AttemptQuestion.objects.filter(
        attempt_id__in=attempt_ids
    ).values_list("category_id", "score", "mark", "needs_marking"):
        if needs:
            continue
        earned, possible = totals.setdefault(category_id, [ZERO, ZERO])
        totals[category_id] = [earned + (score or ZERO), possible + mark]
    return [
        {
            "category_id": category_id,
            "earned": earned,
            "possible": possible,
            "percent": (earned * 100 / possible).quantize(PERCENT_PLACES)
            if possible
            else None,
        }
        for category_id, (earned, possible) in totals.items()
    ]
