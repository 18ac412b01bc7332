"""The preview of an import: every question of the stored file, with its problems.

The stored file is read and checked again against the bank as it is now, so
a category created since the upload shows up as a clash here, before the
confirm would refuse it. Question texts are shown as plain text: a file's
HTML is never rendered in the admin.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from plugins.quiz.admin.importing import ImportPermissionMixin, questions_url
from plugins.quiz.hooks import question_types
from plugins.quiz.interchange.checking import read
from plugins.quiz.interchange.formats import FORMATS
from plugins.quiz.interchange.richtext import html_to_text
from plugins.quiz.interchange.saving import ImportSummary, summarize
from plugins.quiz.models import QuestionImport

#: Questions per page of the preview.
PER_PAGE = 100
#: Errors linked from the summary at the top of the preview.
LISTED_ERRORS = 50
#: Characters of a question's text shown.
TEXT_PREVIEW = 300


class PreviewView(ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every question of the stored file, with its problems; Confirm if none."""

    template_name = "quiz/admin/transfer/preview.html"
    page_title = gettext_lazy("Import questions")
    header_icon = "upload"
    index_url_name = import_url_name = confirm_url_name = None
    questions_url_name = "quiz_questions:index"

    @cached_property
    def record(self) -> QuestionImport:
        # Looked up after the permission check (dispatch), not in setup.
        return get_object_or_404(
            QuestionImport.objects.visible_to(self.request.user).select_related(
                "uploaded_by"
            ),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.record.file_name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Import and export")},
            {"url": reverse(self.import_url_name), "label": self.page_title},
            {"url": "", "label": self.record.file_name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.record
        context.update(
            record=record,
            format_label=FORMATS[record.format].label
            if record.format in FORMATS
            else record.format,
            confirm_url=reverse(self.confirm_url_name, args=[record.pk]),
            import_url=reverse(self.import_url_name),
        )
        if record.status == QuestionImport.Status.APPLIED:
            summary = ImportSummary(**record.summary)
            context.update(
                applied=True,
                summary=summary,
                type_rows=summary.type_rows(),
                questions_url=questions_url(self.questions_url_name, record),
            )
            return context
        try:
            with record.file.open("rb") as stored:
                data = stored.read()
        except (FileNotFoundError, ValueError):
            raise Http404(_("The uploaded file is missing; upload it again.")) from None
        result = read(data, record.format, record.target_path)
        summary = summarize(result, record.target_path)
        page = Paginator(result.questions, PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        first = (page.number - 1) * PER_PAGE
        context.update(
            applied=False,
            summary=summary,
            type_rows=summary.type_rows(),
            file_problems=result.problems,
            error_links=error_links(result, page.number),
            page=page,
            questions=[
                question_row(first + n + 1, question, record.target_path)
                for n, question in enumerate(page.object_list)
            ],
            may_confirm=result.ok and record.status == QuestionImport.Status.CHECKED,
        )
        return context


def error_links(result, current_page: int) -> list[dict]:
    links = []
    for position, question in enumerate(result.questions, start=1):
        page = (position - 1) // PER_PAGE + 1
        for problem in question.problems:
            if problem.is_error:
                links.append(
                    {
                        "problem": problem,
                        "href": ("" if page == current_page else f"?page={page}")
                        + f"#question-{position}",
                    }
                )
    return links[:LISTED_ERRORS]


def question_row(position: int, question, target) -> dict:
    question_type = question_types.get(question.question_type)
    text = html_to_text(question.text)
    return {
        "position": position,
        "question": question,
        "type_label": question_type.label if question_type else question.question_type,
        "category": " / ".join((*target, *question.category_path)),
        "text": text if len(text) <= TEXT_PREVIEW else text[:TEXT_PREVIEW] + "…",
        "choices": [
            {
                "choice": choice,
                "percent": f"{(choice.fraction * 100).normalize():f}"
                if choice.fraction.is_finite()
                else str(choice.fraction),
                "feedback": html_to_text(choice.feedback),
            }
            for choice in question.choices
        ],
        "correct": question.options.get("correct")
        if question.question_type == "truefalse"
        else None,
        "errors": [p for p in question.problems if p.is_error],
        "warnings": [p for p in question.problems if not p.is_error],
    }
