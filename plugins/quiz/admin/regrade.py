"""Regrading: re-score finished attempts that used an older version of a question."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin import messages

from plugins.quiz.grading import regrade_question
from plugins.quiz.models import Attempt, AttemptState, Question


def stale_attempt_count(question: Question) -> int:
    """How many finished attempts hold an older version of ``question`` (one query)."""
    return (
        Attempt.objects.filter(
            state=AttemptState.FINISHED,
            questions__question=question,
            questions__question_version__lt=question.version,
        )
        .distinct()
        .count()
    )


class RegradeView(View):
    """POST: regrade every attempt holding an older version, then back to the edit view.

    Only users who may change questions may regrade.
    """

    http_method_names = ["post"]
    edit_url_name = None

    def post(self, request, pk):
        if not request.user.has_perm("quiz.change_question"):
            raise PermissionDenied
        question = get_object_or_404(Question, pk=pk)
        if question.type is None:
            messages.error(
                request,
                _("This question's type is not installed: it cannot be regraded."),
            )
            return redirect(self.edit_url_name, pk)
        attempts = stale_attempt_count(question)
        changed = regrade_question(question)
        if changed:
            messages.success(
                request,
                ngettext(
                    "Regraded %(answers)d answer; finished attempts updated: "
                    "%(attempts)d.",
                    "Regraded %(answers)d answers; finished attempts updated: "
                    "%(attempts)d.",
                    changed,
                )
                % {"answers": changed, "attempts": attempts},
            )
        else:
            messages.info(request, _("Every attempt already uses this version."))
        return redirect(self.edit_url_name, pk)
