"""Regrading: re-score finished attempts that used an older version of a question.

Only attempts of the courses the user trains are regraded (all of them for a
platform admin, ``course_scope``): an officer's score in another course never
changes because someone edited a shared question and pressed "Regrade".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin import messages

from plugins.quiz.admin.course_scope import BankAccess, bank_access
from plugins.quiz.grading import regrade_question
from plugins.quiz.models import Attempt, AttemptState, Question


def stale_attempt_count(question: Question, *, within: BankAccess) -> int:
    """How many finished attempts of the courses ``within`` trains hold an older
    version of ``question`` (one query)."""
    return (
        Attempt.objects.filter(
            within.results_q("enrolment__course"),
            state=AttemptState.FINISHED,
            questions__question=question,
            questions__question_version__lt=question.version,
        )
        .distinct()
        .count()
    )


class RegradeView(View):
    """POST: regrade the user's courses' attempts holding an older version,
    then back to the edit view.

    Only users who may change questions, and see this one, may regrade.
    """

    http_method_names = ["post"]
    edit_url_name = None

    def post(self, request, pk):
        if not request.user.has_perm("quiz.change_question"):
            raise PermissionDenied
        question = get_object_or_404(Question, pk=pk)
        access = bank_access(request.user)
        if not access.may_see(question):
            raise PermissionDenied
        if question.type is None:
            messages.error(
                request,
                _("This question's type is not installed: it cannot be regraded."),
            )
            return redirect(self.edit_url_name, pk)
        attempts = stale_attempt_count(question, within=access)
        changed = regrade_question(
            question, within=access.results_q("attempt__enrolment__course")
        )
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
        elif access.everything:
            messages.info(request, _("Every attempt already uses this version."))
        else:
            messages.info(
                request,
                _(
                    "Every attempt in the courses you train already uses this "
                    "version. Attempts in other courses are left to their trainers."
                ),
            )
        return redirect(self.edit_url_name, pk)
