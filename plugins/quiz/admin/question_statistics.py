"""A question's statistics page in the bank: how it did in every quiz.

Aggregates only, never who answered: the numbers come from
``plugins.quiz.item_analysis.question_report`` (the same facility and
discrimination indices as the portal's question statistics report, over
graded attempts), in a fixed number of queries whatever the number of
attempts.

Access: users who may view or change questions (``quiz.view_question`` or
``quiz.change_question``; trainers hold the latter), for a question they may
see (``course_scope``). The numbers cover only the attempts of the courses
the user trains (every course for a platform admin): a quiz of another course
with one attempt would otherwise show that officer's score.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

from plugins.quiz.admin.course_scope import bank_access
from plugins.quiz.admin.question_preview import PAGE_PERMISSIONS
from plugins.quiz.item_analysis import question_report
from plugins.quiz.models import Choice, Question


class QuestionStatisticsView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    model = Question
    any_permission_required = PAGE_PERMISSIONS
    template_name = "quiz/admin/bank/statistics.html"
    page_title = gettext_lazy("Question statistics")
    header_icon = "table"
    index_url_name = None
    edit_url_name = None
    preview_url_name = None

    def get(self, request, pk):
        self.question = get_object_or_404(
            Question.objects.sources().prefetch_related(
                Prefetch(
                    "choices", queryset=Choice.objects.order_by("sort_order", "pk")
                )
            ),
            pk=pk,
        )
        if not bank_access(request.user).may_see(self.question):
            raise PermissionDenied
        return super().get(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question_type = self.question.type
        context.update(
            question=self.question,
            question_type_label=(
                question_type.label
                if question_type is not None
                else _("%(type)s (not installed)")
                % {"type": self.question.question_type}
            ),
            report=question_report(
                self.question,
                within=bank_access(self.request.user).results_q(
                    "attempt__enrolment__course"
                ),
            ),
            all_courses=bank_access(self.request.user).everything,
        )
        return context

    def get_page_subtitle(self):
        return self.question.title

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Question._meta.verbose_name_plural),
            },
        ]
        if self.user_has_permission("change"):
            items.append(
                {
                    "url": reverse(self.edit_url_name, args=[self.question.pk]),
                    "label": self.question.title,
                }
            )
        items.append({"url": "", "label": self.get_page_title()})
        return items

    @property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Preview as officer"),
                url=reverse(self.preview_url_name, args=[self.question.pk]),
                icon_name="view",
            )
        ]
