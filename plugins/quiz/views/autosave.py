"""One question at a time, for ``attempt.js``: autosave and immediate check.

Answers are JSON: ``{"sequence": n}`` when saved, or ``{"errors": {field:
message}}`` with 400 (bad input), 403 (signed out), 409 (a newer answer from
another tab, a finished attempt, a checked answer).
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plugins.quiz.request_data import BadRequestData, parse_form
from plugins.quiz.taking import (
    AttemptError,
    AttemptFinished,
    StaleAnswer,
    check_answer,
    close_if_overdue,
    save_answers,
)
from plugins.quiz.views.access import (
    attempt_url,
    json_errors,
    not_your_attempt_message,
    own_attempt,
    result_url,
)
from plugins.quiz.views.attempt import time_up_message
from plugins.quiz.views.responses import FormError, collect_updates


def _prepare(request, attempt_id: int, position: int):
    """``(attempt, item, update)`` for a one-question post, or an error response."""
    if not request.user.is_authenticated:
        return json_errors(
            {"user": _("You are signed out. Sign in again to save your answers.")},
            403,
        )
    attempt = own_attempt(request.user, attempt_id)
    if attempt is None:
        return json_errors({"attempt": not_your_attempt_message()}, 400)
    if attempt.is_finished:
        return json_errors(
            {"attempt": _("This attempt has already been submitted.")},
            409,
            result_url=result_url(attempt),
        )
    if close_if_overdue(attempt):
        return json_errors(
            {"attempt": time_up_message()}, 409, result_url=result_url(attempt)
        )
    item = attempt.questions.filter(position=position).first()
    if item is None:
        return json_errors(
            {
                "position": _("There is no question %(n)d in this attempt.")
                % {"n": position}
            },
            400,
        )
    try:
        data = parse_form(request)
        updates = collect_updates([item], data)
    except (BadRequestData, FormError) as error:
        return json_errors({error.field: error.message}, getattr(error, "status", 400))
    return attempt, item, (updates[0] if updates else None)


def _refusal(error: AttemptError, attempt):
    if isinstance(error, StaleAnswer):
        return json_errors(
            {f"q{error.position}-sequence": error.message},
            409,
            sequence=error.current_sequence,
        )
    if isinstance(error, AttemptFinished):
        return json_errors(
            {"attempt": error.message}, 409, result_url=result_url(attempt)
        )
    return json_errors({"attempt": error.message}, 409)


@require_POST
def autosave(request, attempt_id: int, position: int):
    prepared = _prepare(request, attempt_id, position)
    if not isinstance(prepared, tuple):
        return prepared
    attempt, item, update = prepared
    if update is None:
        return JsonResponse({"sequence": item.sequence})
    try:
        sequences = save_answers(attempt.pk, [update])
    except AttemptError as error:
        return _refusal(error, attempt)
    return JsonResponse({"sequence": sequences[position]})


@require_POST
def check(request, attempt_id: int, position: int):
    """Check one answer (immediate feedback); JSON for scripts, else the page."""
    prepared = _prepare(request, attempt_id, position)
    if not isinstance(prepared, tuple):
        return prepared
    attempt, item, update = prepared
    if update is None:
        return json_errors(
            {f"q{position}-sequence": _("This answer is already checked.")}, 409
        )
    try:
        item = check_answer(attempt.pk, update)
    except AttemptError as error:
        return _refusal(error, attempt)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"sequence": item.sequence, "checked": True})
    return redirect(f"{attempt_url(attempt)}#q{position}")
