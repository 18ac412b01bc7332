"""Importing a question file in the admin: upload and check, then confirm.

The upload is checked at once and kept with a
:class:`~plugins.quiz.models.QuestionImport` record (``admin.import_records``);
the preview (``admin.import_preview``) shows every question with its
problems; confirming saves the file once. Importing needs
``quiz.add_question``. Only the uploader (or a superuser) sees and confirms
an import; other users get a 404. An import into a category that quizzes of
a course the user may not edit draw from (or into a new category inside
one) is refused, at upload and again at confirmation (``course_scope``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from plugins.quiz.admin.course_scope import bank_access, category_refusal
from plugins.quiz.admin.forms import label_categories_by_path
from plugins.quiz.admin.import_records import apply_import, check_upload
from plugins.quiz.interchange.checking import (
    guess_format,
    path_problems,
    split_path,
)
from plugins.quiz.interchange.formats import FORMATS
from plugins.quiz.interchange.saving import (
    ImportSummary,
    category_names,
    type_rows,
)
from plugins.quiz.models import QuestionCategory, QuestionImport

IMPORT_PERMISSION = "quiz.add_question"
RECENT_IMPORTS = 10


def max_bytes() -> int:
    """Largest question file accepted (``QUIZ_IMPORT_MAX_BYTES``, 20 MB)."""
    return getattr(settings, "QUIZ_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


class ImportPermissionMixin:
    """Importing needs ``quiz.add_question``; Wagtail answers a refusal."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Question file"))
    format = forms.ChoiceField(label=gettext_lazy("Format"), required=False)
    category = forms.ModelChoiceField(
        label=gettext_lazy("Into the category"),
        queryset=QuestionCategory.objects.sources(),
        required=False,
        empty_label=gettext_lazy("(the top of the bank)"),
    )
    new_category = forms.CharField(
        label=gettext_lazy("New category"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy(
            "Optional. Names separated by “/”, e.g. “Moodle/Passports”: created "
            "inside the category above. Categories in the file go inside this one."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        endings = sorted({e for f in FORMATS.values() for e in f.extensions})
        self.fields["file"].help_text = _(
            "GIFT, Moodle XML, Aiken or CSV; at most %(limit)s."
        ) % {"limit": filesizeformat(max_bytes())}
        self.fields["file"].widget.attrs["accept"] = ",".join(endings)
        self.fields["format"].choices = [
            ("", _("Guess from the file name")),
            *((key, fmt.label) for key, fmt in FORMATS.items()),
        ]
        label_categories_by_path(self.fields["category"])
        self.target_path: tuple[str, ...] = ()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _(
                    "The file is %(size)s; the limit is %(limit)s. Split it into "
                    "smaller files (by category, say)."
                )
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(max_bytes()),
                },
                code="size",
            )
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None and not cleaned.get("format"):
            guessed = guess_format(upload.name)
            if guessed is None:
                self.add_error(
                    "format",
                    _(
                        "The file name “%(name)s” does not say which format it "
                        "is: choose the format."
                    )
                    % {"name": upload.name},
                )
            cleaned["format"] = guessed
        category = cleaned.get("category")
        base = category_names().get(category.pk, ()) if category else ()
        typed = split_path(cleaned.get("new_category") or "")
        if "new_category" not in self.errors:
            if not base and not typed:
                self.add_error(
                    "category", _("Choose a category, or type a new one below.")
                )
            elif typed and (problems := path_problems(typed)):
                self.add_error("new_category", problems)
        self.target_path = base + typed
        return cleaned


class ImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload a file: it is checked and kept, then the preview shows it."""

    template_name = "quiz/admin/transfer/import.html"
    page_title = gettext_lazy("Import questions")
    header_icon = "upload"
    index_url_name = preview_url_name = None

    @cached_property
    def form(self):
        if self.request.method == "POST":
            return ImportForm(self.request.POST, self.request.FILES)
        return ImportForm(initial={"category": self.request.GET.get("category")})

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Import and export")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["recent"] = QuestionImport.objects.filter(
            uploaded_by=self.request.user
        )[:RECENT_IMPORTS]
        context["preview_url_name"] = self.preview_url_name
        return context

    def post(self, request, *args, **kwargs):
        form = self.form
        if form.is_valid() and (refusal := import_refusal(request, form.target_path)):
            form.add_error("category", refusal)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        record = check_upload(
            form.cleaned_data["file"],
            form.cleaned_data["format"],
            form.target_path,
            request=request,
        )
        return redirect(self.preview_url_name, record.pk)


def import_refusal(request, target_path) -> str:
    """Why questions may not be imported into ``target_path``, or ``""``."""
    access = bank_access(request.user)
    titles = access.blocking(access.owners_for_import(target_path))
    return category_refusal(titles) if titles else ""


def questions_url(url_name: str, record: QuestionImport) -> str:
    url = reverse(url_name)
    if record.category_id:
        url += "?" + urlencode({"category": record.category_id})
    return url


class ConfirmView(ImportPermissionMixin, View):
    """POST: save a checked import once, then show its questions in the bank."""

    http_method_names = ["post"]
    preview_url_name = None
    questions_url_name = "quiz_questions:index"

    def post(self, request, pk):
        record = get_object_or_404(
            QuestionImport.objects.visible_to(request.user), pk=pk
        )
        if refusal := import_refusal(request, record.target_path):
            messages.error(
                request, _("Nothing was imported. %(reason)s") % {"reason": refusal}
            )
            return redirect(self.preview_url_name, record.pk)
        outcome, detail = apply_import(record, request=request)
        if outcome == "already":
            messages.info(request, _("This file was already imported, or refused."))
            return redirect(self.preview_url_name, record.pk)
        if outcome == "refused":
            messages.error(
                request,
                ngettext(
                    "The bank changed since the file was checked, and %(n)d error "
                    "was found. Nothing was saved.",
                    "The bank changed since the file was checked, and %(n)d errors "
                    "were found. Nothing was saved.",
                    len(detail),
                )
                % {"n": len(detail)},
            )
            return redirect(self.preview_url_name, record.pk)
        record.refresh_from_db()
        messages.success(request, success_message(detail))
        return redirect(questions_url(self.questions_url_name, record))


def success_message(summary: ImportSummary) -> str:
    counts = ", ".join(
        f"{label}: {count}" for _id, label, count in type_rows(summary.by_type)
    )
    return ngettext(
        "Imported %(n)d question into “%(category)s” (%(counts)s).",
        "Imported %(n)d questions into “%(category)s” (%(counts)s).",
        summary.questions,
    ) % {"n": summary.questions, "category": summary.target, "counts": counts}
