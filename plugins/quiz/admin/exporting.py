"""Exporting questions in the admin: a category (with sub-categories) or a quiz.

Exporting needs ``quiz.view_question`` or ``quiz.change_question``. A quiz
can be exported only by users who may edit its page (Wagtail page
permissions): the quiz select lists only those, and the form refuses any
other. A category's export holds only the questions the user may see
(``course_scope``): unused ones, and those of courses whose pages they may
edit. Every download is in the audit log (``question_export.downloaded``).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from plugins.quiz.admin.course_scope import bank_access
from plugins.quiz.admin.forms import category_paths, label_categories_by_path
from plugins.quiz.interchange import from_bank
from plugins.quiz.interchange.formats import FORMATS
from plugins.quiz.interchange.saving import audit
from plugins.quiz.models import QuestionCategory, QuizPage

EXPORT_PERMISSIONS = ("quiz.view_question", "quiz.change_question")


def may_export(user) -> bool:
    return any(user.has_perm(permission) for permission in EXPORT_PERMISSIONS)


def editable_quizzes(user):
    """Quiz pages ``user`` may edit (all of them for a superuser).

    Wagtail's permission policy gives the pages a user's groups reach; each
    one is then asked ``permissions_for_user(user).can_edit()``, the answer
    every admin surface gets (a trainer edits only the courses they train,
    ``courses.authoring.page_access``).
    """
    quizzes = QuizPage.objects.all()
    if user.is_superuser:
        return quizzes
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, {"change"}
    )
    editable = [
        quiz.pk
        for quiz in quizzes.filter(pk__in=pages.values("pk"))
        if quiz.permissions_for_user(user).can_edit()
    ]
    return quizzes.filter(pk__in=editable)


def quiz_labels(quizzes) -> dict[int, str]:
    """“Course › Quiz” for each quiz, from two queries (titles repeat across
    courses: “Final quiz”)."""
    from courses.models import CoursePage

    quizzes = list(quizzes.values_list("pk", "title", "path"))
    courses = {
        path: title
        for path, title in CoursePage.objects.filter(
            path__in={
                path[:length]
                for _pk, _title, path in quizzes
                for length in range(4, len(path), 4)
            }
        ).values_list("path", "title")
    }
    labels = {}
    for pk, title, path in quizzes:
        course = next(
            (
                courses[path[:length]]
                for length in range(len(path) - 4, 0, -4)
                if path[:length] in courses
            ),
            None,
        )
        labels[pk] = f"{course} › {title}" if course else title
    return labels


class ExportForm(forms.Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=QuestionCategory.objects.sources(),
        required=False,
        empty_label=gettext_lazy("(none)"),
    )
    include_subcategories = forms.BooleanField(
        label=gettext_lazy("With its sub-categories"), required=False, initial=True
    )
    quiz = forms.ModelChoiceField(
        label=gettext_lazy("Or the questions of a quiz"),
        queryset=QuizPage.objects.none(),
        required=False,
        empty_label=gettext_lazy("(none)"),
        help_text=gettext_lazy("Quizzes you may edit."),
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        label_categories_by_path(self.fields["category"])
        quizzes = editable_quizzes(user)
        quiz_field = self.fields["quiz"]
        quiz_field.queryset = quizzes.order_by("title")
        labels: dict[int, str] = {}

        def label(quiz):
            if not labels:
                labels.update(quiz_labels(quizzes))
            return labels.get(quiz.pk, quiz.title)

        quiz_field.label_from_instance = label
        self.fields["format"].choices = [
            (key, fmt.label) for key, fmt in FORMATS.items() if fmt.can_export
        ]

    def clean(self):
        cleaned = super().clean()
        category, quiz = cleaned.get("category"), cleaned.get("quiz")
        if "quiz" in self.errors or "category" in self.errors:
            return cleaned
        if category is None and quiz is None:
            self.add_error("category", _("Choose a category or a quiz to export."))
        elif category is not None and quiz is not None:
            self.add_error("quiz", _("Choose a category or a quiz, not both."))
        return cleaned


class ExportView(WagtailAdminTemplateMixin, TemplateView):
    """GET the form; GET with a format downloads the file."""

    template_name = "quiz/admin/transfer/export.html"
    page_title = gettext_lazy("Export questions")
    header_icon = "download"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not may_export(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def form(self):
        data = self.request.GET if "format" in self.request.GET else None
        return ExportForm(data, user=self.request.user)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Import and export")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        return context

    def get(self, request, *args, **kwargs):
        form = self.form
        if not form.is_bound:
            return super().get(request, *args, **kwargs)
        if form.is_valid():
            imported, name, source = self.exported(form.cleaned_data)
            if imported:
                return self.download(form.cleaned_data, imported, name, source)
            if form.cleaned_data["category"] is not None:
                form.add_error("category", _("This category holds no questions."))
            else:
                form.add_error(
                    "quiz",
                    _(
                        "This quiz has no questions of its own (it draws them at "
                        "random from categories): export those categories."
                    ),
                )
        return self.render_to_response(self.get_context_data(), status=400)

    def exported(self, data):
        """The questions to export, a name for the file, and what was asked."""
        category, quiz = data["category"], data["quiz"]
        if category is not None:
            questions = from_bank.category_questions(
                category, include_subcategories=data["include_subcategories"]
            )
            visible = set(
                bank_access(self.request.user)
                .visible()
                .filter(pk__in=[question.pk for question in questions])
                .values_list("pk", flat=True)
            )
            questions = [q for q in questions if q.pk in visible]
            source = {
                "category": category.pk,
                "subcategories": bool(data["include_subcategories"]),
            }
            imported = [from_bank.to_imported(q, category) for q in questions]
            return imported, category_paths().get(category.pk, category.name), source
        questions = from_bank.quiz_questions(quiz)
        imported = [from_bank.to_imported(q, None) for q in questions]
        return imported, quiz.title, {"quiz": quiz.pk}

    def download(self, data, imported, name, source) -> HttpResponse:
        question_format = FORMATS[data["format"]]
        category, quiz = data["category"], data["quiz"]
        text = question_format.export(imported)
        extension = question_format.extensions[0] if question_format.extensions else ""
        filename = (
            f"{slugify(name) or 'questions'}-{timezone.localdate():%Y-%m-%d}{extension}"
        )
        response = HttpResponse(text, content_type=question_format.content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=filename
        )
        audit(
            "question_export.downloaded",
            actor=self.request.user,
            request=self.request,
            target=category or quiz,
            file_name=filename,
            format=question_format.identifier,
            questions=len(imported),
            **source,
        )
        return response
