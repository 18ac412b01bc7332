"""Taking a quiz: start, save answers, check, submit, and close overdue attempts.

All of it runs on the server, in transactions, with the rows it changes
locked, so two tabs, a double click or a dropped connection can never create
a second attempt, lose an answer, overwrite a newer answer with an older one,
or grade an attempt twice:

- ``start_attempt`` locks the officer's enrolment row, so concurrent starts
  queue up; the partial unique constraint "one attempt in progress" backs it.
- ``save_answers`` locks the attempt and refuses a save whose ``sequence`` is
  not the question's current one (a stale tab).
- ``submit_attempt`` locks the attempt and finishes it once; a second submit
  is told it is already submitted.
- The deadline is fixed when the attempt starts. Any call after it closes the
  attempt with the answers saved before it, whatever the client sends.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from random import Random
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plugins.quiz.grading import TOTAL_FIELDS, lock_attempt, score_question, set_totals
from plugins.quiz.models import (
    Attempt,
    AttemptQuestion,
    AttemptState,
    ClosedBy,
    FeedbackTiming,
    QuizPage,
)
from plugins.quiz.selection import draw_questions
from plugins.quiz.snapshot import snapshot_questions


class AttemptError(Exception):
    """Base of the refusals below; ``message`` is for the officer."""

    def __init__(self, message: str, attempt: Attempt | None = None):
        self.message = str(message)
        self.attempt = attempt
        super().__init__(self.message)


class QuizUnavailable(AttemptError):
    """The quiz cannot be started now (not open, closed, draft, no attempts left)."""


class AttemptFinished(AttemptError):
    """The attempt is already submitted (by the officer, the clock or the quiz)."""


class StaleAnswer(AttemptError):
    """A save was based on an older version of the answer than the stored one."""

    def __init__(self, message, attempt, position: int, current_sequence: int):
        super().__init__(message, attempt)
        self.position = position
        self.current_sequence = current_sequence


class AnswerLocked(AttemptError):
    """The answer was checked (immediate feedback) and can no longer change."""


@dataclass(frozen=True)
class AnswerUpdate:
    """A new response for the question at ``position``, based on ``sequence``."""

    position: int
    sequence: int
    response: Any


# Availability --------------------------------------------------------------


def attempts_left(quiz: QuizPage, used: int) -> int | None:
    """How many more attempts the officer may start; ``None`` for unlimited."""
    maximum = quiz.max_attempts
    return None if maximum is None else max(0, maximum - used)


def refusal_to_start(quiz: QuizPage, *, used: int, can_edit: bool, now) -> str | None:
    """Why a new attempt cannot start now, or ``None`` when it can."""
    if quiz.draft and not can_edit:
        return _("This quiz is not open to officers yet.")
    if quiz.opens_at and now < quiz.opens_at:
        return _("This quiz opens on %(date)s.") % {
            "date": date_format(
                timezone.localtime(quiz.opens_at), "SHORT_DATETIME_FORMAT"
            )
        }
    if quiz.is_closed(now):
        return _("This quiz closed on %(date)s.") % {
            "date": date_format(
                timezone.localtime(quiz.closes_at), "SHORT_DATETIME_FORMAT"
            )
        }
    if attempts_left(quiz, used) == 0:
        return _("You have used all %(n)d of your attempts at this quiz.") % {
            "n": quiz.max_attempts
        }
    return None


def deadline_for(quiz: QuizPage, started_at):
    """When an attempt started at ``started_at`` closes: the limit or the close date."""
    candidates = []
    if quiz.time_limit:
        candidates.append(started_at + quiz.time_limit)
    if quiz.closes_at:
        candidates.append(quiz.closes_at)
    return min(candidates) if candidates else None


# Starting ------------------------------------------------------------------


def start_attempt(
    quiz: QuizPage,
    enrolment,
    *,
    expected_number: int | None = None,
    can_edit: bool = False,
    now=None,
) -> tuple[Attempt, bool]:
    """The officer's attempt in progress, creating it if there is none.

    Idempotent: concurrent calls (two tabs, a double click) return the same
    attempt. ``expected_number`` is the attempt number the officer's start
    button offered; when that attempt already exists (it was started and even
    finished by the first of two clicks), it is returned instead of a new one.
    Returns ``(attempt, created)``; raises :class:`QuizUnavailable`.
    """
    from courses.models import Enrolment

    now = now or timezone.now()
    try:
        with transaction.atomic():
            # Serialises every start by this officer in this course (and orders
            # locks as every other writer does: enrolment, then attempt).
            Enrolment.objects.select_for_update().only("pk").get(pk=enrolment.pk)
            attempts = list(
                Attempt.objects.select_for_update()
                .filter(quiz=quiz, user_id=enrolment.user_id)
                .order_by("number")
            )
            for attempt in attempts:
                if not attempt.is_finished:
                    if _close_if_overdue(attempt, quiz, now):
                        break
                    return attempt, False
            if expected_number is not None:
                for attempt in attempts:
                    if attempt.number == expected_number:
                        return attempt, False
            used = len(attempts)
            reason = refusal_to_start(quiz, used=used, can_edit=can_edit, now=now)
            if reason:
                raise QuizUnavailable(reason)
            return _create_attempt(quiz, enrolment, used + 1, now), True
    except IntegrityError:
        # Only reachable if a start slipped past the lock (another database
        # connection not using it): the constraint kept one; return it.
        existing = Attempt.objects.filter(
            quiz=quiz, user_id=enrolment.user_id, state=AttemptState.IN_PROGRESS
        ).first()
        if existing is None:
            raise
        return existing, False


def _create_attempt(quiz: QuizPage, enrolment, number: int, now) -> Attempt:
    seed = secrets.randbits(62)
    rng = Random(seed)
    drawn = draw_questions(quiz, rng)
    if not drawn:
        raise QuizUnavailable(_("This quiz has no questions yet."))
    attempt = Attempt.objects.create(
        quiz=quiz,
        user_id=enrolment.user_id,
        enrolment=enrolment,
        number=number,
        seed=seed,
        started_at=now,
        deadline=deadline_for(quiz, now),
    )
    items = []
    snapshots = snapshot_questions(item.question for item in drawn)
    for position, (item, snapshot) in enumerate(
        zip(drawn, snapshots, strict=True), start=1
    ):
        question_type = item.question.type
        layout = question_type.make_layout(snapshot, rng, quiz.shuffle_answers)
        items.append(
            AttemptQuestion(
                attempt=attempt,
                position=position,
                question=item.question,
                category_id=item.question.category_id,
                question_type=item.question.question_type,
                question_version=item.question.version,
                snapshot=snapshot,
                layout=layout,
                mark=item.mark,
            )
        )
    AttemptQuestion.objects.bulk_create(items)
    return attempt


# Saving --------------------------------------------------------------------


def _lock_attempt(attempt_id: int) -> Attempt:
    """Lock the attempt's enrolment row, then the attempt, always in that order.

    Every writer (start, save, submit, marking, regrade) takes the enrolment
    lock first, so two of them can never wait for each other in a cycle.
    """
    return lock_attempt(attempt_id)


def _refusal_to_change(attempt: Attempt, now) -> AttemptFinished | None:
    """Why a locked attempt takes no answers at ``now`` (closing it if overdue).

    Returned, not raised: the caller must let its transaction commit first, so
    an overdue attempt closed here stays closed.
    """
    if attempt.is_finished:
        return AttemptFinished(_("This attempt has already been submitted."), attempt)
    if _close_if_overdue(attempt, attempt.quiz, now):
        return AttemptFinished(
            _(
                "Time is up: the attempt was submitted with the answers saved "
                "before the deadline."
            ),
            attempt,
        )
    return None


def save_answers(
    attempt_id: int, updates: list[AnswerUpdate], *, now=None
) -> dict[int, int]:
    """Store new responses, all or none. Returns position -> new sequence.

    Refuses (changing nothing) when the attempt is finished or overdue, when a
    response is based on an older sequence than the stored one, or when a
    checked answer would change. Unchanged responses keep their sequence.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(attempt_id)
        refusal = _refusal_to_change(attempt, now)
        if refusal is None:
            return _save_locked(attempt, updates, now)
    raise refusal


def _save_locked(attempt: Attempt, updates: list[AnswerUpdate], now) -> dict[int, int]:
    items = {
        item.position: item
        for item in attempt.questions.filter(position__in=[u.position for u in updates])
    }
    changed = []
    for update in updates:
        item = items[update.position]
        if item.response == update.response:
            # Nothing to change, whatever version the page had: the usual case
            # when autosave stored the answer just before the form was sent.
            continue
        if update.sequence != item.sequence:
            raise StaleAnswer(
                _(
                    "Question %(position)d was answered in another tab or "
                    "window after this page was loaded. Your newer answer is "
                    "kept; reload the page to see it."
                )
                % {"position": update.position},
                attempt,
                update.position,
                item.sequence,
            )
        if item.checked:
            raise AnswerLocked(
                _("Question %(position)d has been checked and cannot change.")
                % {"position": update.position},
                attempt,
            )
        item.response = update.response
        item.sequence += 1
        item.answered_at = now
        changed.append(item)
    AttemptQuestion.objects.bulk_update(
        changed, ["response", "sequence", "answered_at"]
    )
    return {position: item.sequence for position, item in items.items()}


def check_answer(attempt_id: int, update: AnswerUpdate, *, now=None) -> AttemptQuestion:
    """Immediate feedback: save one answer, score it and lock it.

    Only for quizzes whose feedback shows immediately. Returns the scored
    question; its feedback may then be shown.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(attempt_id)
        if attempt.quiz.feedback_timing != FeedbackTiming.IMMEDIATELY:
            raise AnswerLocked(
                _("This quiz shows feedback only after the attempt."), attempt
            )
        refusal = _refusal_to_change(attempt, now)
        if refusal is None:
            return _check_locked(attempt, update, now)
    raise refusal


def _check_locked(attempt: Attempt, update: AnswerUpdate, now) -> AttemptQuestion:
    item = attempt.questions.get(position=update.position)
    if item.checked:
        return item
    if update.sequence != item.sequence:
        raise StaleAnswer(
            _(
                "Question %(position)d was answered in another tab or window "
                "after this page was loaded. Reload the page to see it."
            )
            % {"position": update.position},
            attempt,
            update.position,
            item.sequence,
        )
    if item.type is None or not item.type.auto_graded:
        raise AnswerLocked(
            _("Question %(position)d is marked by a trainer after submission.")
            % {"position": update.position},
            attempt,
        )
    if update.response != item.response:
        item.sequence += 1
        item.answered_at = now
    item.response = update.response
    item.checked = True
    score_question(item)
    item.save(update_fields=["response", "sequence", "answered_at", "checked", "score"])
    return item


# Submitting ----------------------------------------------------------------


def submit_attempt(
    attempt_id: int, updates: list[AnswerUpdate] | None = None, *, now=None
) -> tuple[Attempt, bool]:
    """Save the last answers and finish the attempt once: ``(attempt, finished_now)``.

    A second submit (another tab, a double click) returns ``finished_now``
    false and changes nothing. Past the deadline, ``updates`` are ignored and
    the attempt is finished with the answers saved before it. Stale updates
    raise :class:`StaleAnswer` and nothing is submitted.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(attempt_id)
        if attempt.is_finished:
            return attempt, False
        if _close_if_overdue(attempt, attempt.quiz, now):
            return attempt, True
        if updates:
            _save_locked(attempt, updates, now)
        _finish(attempt, ClosedBy.OFFICER, now)
    return attempt, True


def close_if_overdue(attempt: Attempt, *, now=None) -> bool:
    """Finish ``attempt`` if its deadline has passed. True when it was just closed."""
    now = now or timezone.now()
    if attempt.is_finished or attempt.deadline is None or now < attempt.deadline:
        return False
    with transaction.atomic():
        locked = _lock_attempt(attempt.pk)
        closed = _close_if_overdue(locked, locked.quiz, now)
    if closed:
        attempt.refresh_from_db()
    return closed


def _close_if_overdue(attempt: Attempt, quiz: QuizPage, now) -> bool:
    """Finish a locked, in-progress attempt whose deadline has passed."""
    if attempt.is_finished or attempt.deadline is None or now < attempt.deadline:
        return False
    closed_by = (
        ClosedBy.QUIZ_CLOSED
        if quiz.closes_at and attempt.deadline >= quiz.closes_at
        else ClosedBy.TIME_LIMIT
    )
    attempt.quiz = quiz
    _finish(attempt, closed_by, attempt.deadline)
    return True


def _finish(attempt: Attempt, closed_by: str, submitted_at) -> None:
    """Score every question and finish a locked attempt (inside a transaction)."""
    from plugins.quiz.completion import record_outcome

    items = list(attempt.questions.all())
    for item in items:
        if not item.checked:
            score_question(item)
    set_totals(attempt, items)
    discard = not attempt.quiz.exam_paper and attempt.pending_marking == 0
    if discard:
        for item in items:
            item.response = None
    AttemptQuestion.objects.bulk_update(
        items, ["score", "needs_marking", "mark", "response"]
    )
    attempt.state = AttemptState.FINISHED
    attempt.closed_by = closed_by
    attempt.submitted_at = submitted_at
    attempt.answers_discarded = discard
    attempt.save(
        update_fields=[
            *TOTAL_FIELDS,
            "state",
            "closed_by",
            "submitted_at",
            "answers_discarded",
        ]
    )
    # In the same transaction: a finished attempt and its completion are
    # stored together or not at all.
    record_outcome(attempt)


def close_overdue_attempts(*, now=None) -> int:
    """Finish every overdue attempt (for a periodic task). Returns how many."""
    now = now or timezone.now()
    closed = 0
    for attempt_id in Attempt.objects.filter(
        state=AttemptState.IN_PROGRESS, deadline__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            attempt = _lock_attempt(attempt_id)
            closed += _close_if_overdue(attempt, attempt.quiz, now)
    return closed
