"""The attempt page: every question in one form, saved, checked or submitted.

The page works without JavaScript: "Save" and "Submit" post the whole form;
with immediate feedback each question has a "Check" button. ``attempt.js``
adds autosave per question (see ``autosave``). Whatever the client sends, the
deadline is the server's: any request after it closes the attempt.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plugins.quiz.models import ClosedBy, FeedbackTiming
from plugins.quiz.request_data import BadRequestData, parse_form
from plugins.quiz.taking import (
    AnswerLocked,
    AttemptError,
    AttemptFinished,
    StaleAnswer,
    check_answer,
    close_if_overdue,
    save_answers,
    submit_attempt,
)
from plugins.quiz.views.access import (
    attempt_url,
    not_your_attempt_message,
    own_attempt,
    own_attempts,
    problem_page,
    result_url,
)
from plugins.quiz.views.rendering import (
    content_notice,
    question_view,
    reading_language,
)
from plugins.quiz.views.responses import FormError, collect_updates


def time_up_message() -> str:
    return _(
        "Time is up: the attempt was submitted with the answers saved before the "
        "deadline."
    )


def already_submitted(request, attempt):
    """409: the attempt is finished (a second submit, another tab, the clock)."""
    return problem_page(
        request,
        field="attempt",
        message=_("This attempt has already been submitted."),
        status=409,
        attempt=attempt,
    )


def render_attempt(request, attempt, *, errors=None, status=200):
    """The attempt form with the stored answers; ``errors`` maps fields to messages."""
    errors = errors or {}
    language = reading_language(attempt)
    immediate = attempt.quiz.feedback_timing == FeedbackTiming.IMMEDIATELY
    items = list(attempt.questions.all())
    questions = []
    for item in items:
        prefix = f"q{item.position}-"
        error = next(
            (message for name, message in errors.items() if name.startswith(prefix)),
            "",
        )
        questions.append(
            question_view(
                item, language, review=False, immediate=immediate, error=error
            )
        )
    remaining = None
    if attempt.deadline is not None:
        remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "questions": questions,
        "answered": sum(1 for item in items if item.response is not None),
        "remaining_seconds": remaining,
        "remaining_minutes": None if remaining is None else (remaining + 59) // 60,
        "errors": [
            {
                "field": name,
                "label": field_label(name),
                "message": message,
                "anchor": _anchor(name),
            }
            for name, message in errors.items()
        ],
        "immediate": immediate,
        "content_fallback": content_notice(questions, language),
    }
    return render(request, "quiz/attempt.html", context, status=status)


def _anchor(field: str) -> str:
    """The id of the question a field belongs to, or of the error summary."""
    prefix = field.partition("-")[0]
    if prefix[:1] == "q" and prefix[1:].isdigit():
        return prefix
    return "quiz-errors"


def field_label(field: str) -> str:
    """What an officer calls the field: "Question 2" for ``q2-...``, else "Form"."""
    prefix = field.partition("-")[0]
    if prefix[:1] == "q" and prefix[1:].isdigit():
        return _("Question %(n)s") % {"n": prefix[1:]}
    return _("Form")


def parse_action(data) -> tuple[str, int | None]:
    """``("save"|"submit", None)`` or ``("check", position)``; else FormError."""
    values = data.get("action") or []
    if len(values) != 1:
        raise FormError(
            "action", _("Choose one of the form's buttons: Save, Check or Submit.")
        )
    action = values[0]
    if action in ("save", "submit"):
        return action, None
    name, _dash, number = action.partition("-")
    if name == "check" and number.isascii() and number.isdigit() and len(number) < 6:
        return "check", int(number)
    raise FormError(
        "action",
        _("“%(value)s” is not a button of this form.") % {"value": action[:40]},
    )


@require_http_methods(["GET", "POST"])
def attempt_view(request, attempt_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "GET":
        attempt = get_object_or_404(own_attempts(request.user), pk=attempt_id)
        if not attempt.is_finished and close_if_overdue(attempt):
            messages.warning(request, time_up_message())
        if attempt.is_finished:
            return redirect(result_url(attempt))
        return render_attempt(request, attempt)

    attempt = own_attempt(request.user, attempt_id)
    if attempt is None:
        return problem_page(
            request, field="attempt", message=not_your_attempt_message(), status=400
        )
    if attempt.is_finished:
        return already_submitted(request, attempt)
    if close_if_overdue(attempt):
        messages.warning(request, time_up_message())
        return redirect(result_url(attempt))
    try:
        data = parse_form(request)
        action, position = parse_action(data)
        items = list(attempt.questions.all())
        updates = collect_updates(items, data)
        if action == "check" and position not in {item.position for item in items}:
            raise FormError(
                "action",
                _("There is no question %(n)d in this attempt.") % {"n": position},
            )
    except (BadRequestData, FormError) as error:
        status = getattr(error, "status", 400)
        return render_attempt(
            request, attempt, errors={error.field: error.message}, status=status
        )
    return _apply(request, attempt, action, position, updates)


def _apply(request, attempt, action, position, updates):
    try:
        if action == "submit":
            attempt, finished_now = submit_attempt(attempt.pk, updates)
            if not finished_now:
                return already_submitted(request, attempt)
            if attempt.closed_by != ClosedBy.OFFICER:
                messages.warning(request, time_up_message())
            return redirect(result_url(attempt))
        if action == "check":
            others = [update for update in updates if update.position != position]
            mine = next((u for u in updates if u.position == position), None)
            with transaction.atomic():
                if others:
                    save_answers(attempt.pk, others)
                if mine is not None:
                    check_answer(attempt.pk, mine)
            return redirect(f"{attempt_url(attempt)}#q{position}")
        save_answers(attempt.pk, updates)
    except StaleAnswer as error:
        return render_attempt(
            request,
            attempt,
            errors={f"q{error.position}-sequence": error.message},
            status=409,
        )
    except AttemptFinished as error:
        messages.warning(request, error.message)
        return redirect(result_url(attempt))
    except AnswerLocked as error:
        return render_attempt(
            request, attempt, errors={"action": error.message}, status=409
        )
    except AttemptError as error:
        return render_attempt(
            request, attempt, errors={"attempt": error.message}, status=409
        )
    messages.success(request, _("Your answers are saved."))
    return redirect(attempt_url(attempt))
