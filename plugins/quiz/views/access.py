"""Who may touch which attempt, and how refusals are answered.

Every view is scoped to ``request.user``: an attempt id that is not the
officer's own is "not found" on a GET and a bad ``attempt`` field on a POST,
so ids of other officers' attempts reveal nothing.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from plugins.quiz.models import Attempt


def own_attempts(user):
    """The signed-in officer's attempts, with their quiz (one join)."""
    return Attempt.objects.filter(user=user).select_related("quiz")


def own_attempt(user, attempt_id: int) -> Attempt | None:
    return own_attempts(user).filter(pk=attempt_id).first()


def not_your_attempt_message() -> str:
    return _("There is no attempt of yours with this number.")


def json_errors(errors: dict[str, str], status: int, **extra) -> JsonResponse:
    """``{"errors": {field: message}, ...extra}`` with ``status``."""
    return JsonResponse({"errors": errors, **extra}, status=status)


def result_url(attempt: Attempt) -> str:
    return reverse("quiz:result", args=[attempt.pk])


def attempt_url(attempt: Attempt) -> str:
    return reverse("quiz:attempt", args=[attempt.pk])


def problem_page(request, *, field: str, message: str, status: int, attempt=None):
    """A small page that says what went wrong and where to go next."""
    return render(
        request,
        "quiz/problem.html",
        {"field": field, "message": message, "attempt": attempt, "status": status},
        status=status,
    )
