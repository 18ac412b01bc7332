"""The marking queue: hand-marked answers (essays) waiting for a trainer.

A trainer sees, and may mark, the answers of quizzes in the courses they are
a trainer of (``accounts.scope``) whose pages they may also edit (Wagtail
page permissions): both, so that neither an edit permission on the whole
catalogue nor a stale trainer assignment opens other courses' answers. The
queue is oldest submission first; after a mark is saved the next answer
opens, so a trainer can work through it.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from accounts.scope import scope_for
from plugins.quiz.grading import MarkingError, mark_answer
from plugins.quiz.models import AttemptQuestion, AttemptState

PER_PAGE = 50


def editable_quizzes_q(user) -> Q:
    """Limits attempt questions to quizzes ``user`` trains and may edit."""
    scope = scope_for(user)
    if scope.is_admin:
        return Q()
    if not scope.course_ids:
        return Q(pk__in=[])
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, {"change"}
    )
    return Q(
        attempt__quiz__in=pages.values("pk"),
        attempt__enrolment__course_id__in=sorted(scope.course_ids),
    )


def marking_queue(user) -> QuerySet[AttemptQuestion]:
    """Answers of finished attempts waiting for ``user``'s mark, oldest first."""
    return (
        AttemptQuestion.objects.filter(
            editable_quizzes_q(user),
            needs_marking=True,
            attempt__state=AttemptState.FINISHED,
        )
        .select_related("attempt__user", "attempt__quiz")
        .order_by("attempt__submitted_at", "attempt_id", "position")
    )


def user_may_mark(user) -> bool:
    """Whether the "Marking" menu item shows: an admin, or a trainer of some
    course who can edit some page."""
    scope = scope_for(user)
    if scope.is_admin:
        return True
    return scope.is_trainer and PagePermissionPolicy().user_has_any_permission(
        user, {"change"}
    )


class MarkingQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "quiz/admin/marking_queue.html"
    page_title = gettext_lazy("Marking")
    header_icon = "edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queue = marking_queue(self.request.user)
        context["total"] = queue.count()
        context["items"] = list(queue[:PER_PAGE])
        context["per_page"] = PER_PAGE
        return context


class MarkForm(forms.Form):
    score = forms.DecimalField(
        label=gettext_lazy("Score"), max_digits=12, decimal_places=5
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment to the officer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, mark, **kwargs):
        super().__init__(*args, **kwargs)
        score = self.fields["score"]
        score.validators += [MinValueValidator(0), MaxValueValidator(mark)]
        score.help_text = _("From 0 to %(mark)s.") % {"mark": mark.normalize()}
        score.widget.attrs.update({"min": "0", "max": str(mark), "step": "any"})


class MarkView(WagtailAdminTemplateMixin, TemplateView):
    """Show one hand-marked answer and record the trainer's score and comment.

    A trainer who may not edit the quiz, or does not train its course, gets
    a 404: the answer is not theirs to see.
    """

    template_name = "quiz/admin/mark.html"
    page_title = gettext_lazy("Mark an answer")
    header_icon = "edit"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        item = get_object_or_404(
            AttemptQuestion.objects.filter(
                editable_quizzes_q(request.user)
            ).select_related("attempt__user", "attempt__quiz", "marked_by"),
            pk=kwargs["item_id"],
        )
        question_type = item.type
        if (
            item.attempt.state != AttemptState.FINISHED
            or question_type is None
            or question_type.auto_graded
            or not item.attempt.quiz.permissions_for_user(request.user).can_edit()
        ):
            raise Http404
        self.item = item

    def get_page_subtitle(self):
        return self.item.snapshot.get("title", "")

    @cached_property
    def form(self):
        item = self.item
        if self.request.method == "POST":
            return MarkForm(self.request.POST, mark=item.mark)
        initial = {"comment": item.marker_comment}
        if item.marked_at is not None:
            initial["score"] = item.score
        return MarkForm(initial=initial, mark=item.mark)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.item
        snapshot = item.snapshot
        language = get_language()
        response_text = ""
        if item.response is not None:
            response_text = item.type.response_text(snapshot, item.response, language)
        context.update(
            {
                "item": item,
                "attempt": item.attempt,
                "snapshot": snapshot,
                "grader_info": (snapshot.get("options") or {}).get("grader_info", ""),
                "response_text": response_text,
                "form": self.form,
                "queue_url": reverse("quiz_marking:queue"),
                "remaining": marking_queue(self.request.user).count(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.form
        if form.is_valid():
            try:
                mark_answer(
                    self.item.pk,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    marker=request.user,
                )
            except MarkingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Marked question %(position)d of %(officer)s's attempt.")
                    % {
                        "position": self.item.position,
                        "officer": self.item.attempt.user.get_full_name(),
                    },
                )
                following = marking_queue(request.user).exclude(pk=self.item.pk).first()
                if following is None:
                    return redirect("quiz_marking:queue")
                return redirect("quiz_marking:mark", following.pk)
        return self.render_to_response(self.get_context_data(), status=200)
