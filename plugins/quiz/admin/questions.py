"""The question bank in the admin.

Creating a question takes two steps: choose its type, then fill in the form
for that type (its options and answers differ). The type is fixed once the
question exists. Edits that change what officers answer make a new version
(``plugins.quiz.versioning``); the edit view offers to regrade the finished
attempts that used an older one.

The index filters by category (with or without sub-categories), type, tag
and course (``question_filters``) and moves checked questions to another
category (``bulk_move``). Each question has a "Preview as officer" page
(``question_preview``) and a statistics page (``question_statistics``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, HistoryView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Locale

# Imported for its side effect too: it registers the "Move to category" bulk action.
from courses.translations import locale_code
from plugins.quiz.admin import bulk_move  # noqa: F401
from plugins.quiz.admin.course_scope import (
    bank_access,
    category_refusal,
    change_refusal,
    refused_message,
)
from plugins.quiz.admin.deletion import RefusingDeleteView
from plugins.quiz.admin.forms import category_paths, question_edit_handler
from plugins.quiz.admin.question_filters import (
    SEARCH_FIELDS,
    QuestionFilterSet,
    search_condition,
)
from plugins.quiz.admin.question_preview import PAGE_PERMISSIONS, QuestionPreviewView
from plugins.quiz.admin.question_statistics import QuestionStatisticsView
from plugins.quiz.admin.regrade import RegradeView, stale_attempt_count
from plugins.quiz.admin.translating import (
    bank_url_finder,
    khmer_links,
    may_translate,
)
from plugins.quiz.hooks import question_types
from plugins.quiz.models import Question, QuestionTag
from plugins.quiz.models.bank import source_language
from plugins.quiz.versioning import save_with_version


def type_label(identifier: str) -> str:
    question_type = question_types.get(identifier)
    if question_type is None:
        return _("%(type)s (not installed)") % {"type": identifier}
    return str(question_type.label)


class VisibleQuestionMixin:
    """A view of one question: refused when the question is not the user's to
    see (used only by quizzes of courses they may not edit, ``course_scope``)."""

    def get_object(self, *args, **kwargs):
        question = super().get_object(*args, **kwargs)
        if locale_code(question.locale_id) != source_language():
            # A Khmer version is edited in wagtail-localize's editor
            # (``translating``), never in the bank's form.
            raise Http404
        if not bank_access(self.request.user).may_see(question):
            raise PermissionDenied
        return question


class CategoryCheckMixin:
    """Create and edit: a question may not go into a category that quizzes of
    courses the user may not edit draw from (it would be asked there)."""

    def category_refusal(self, category) -> str:
        if category is None:
            return ""
        access = bank_access(self.request.user)
        titles = access.blocking(access.owners_drawing_from(category.pk))
        return category_refusal(titles) if titles else ""

    def moves_category(self, category) -> bool:
        return True

    def is_valid(self, form):
        if not super().is_valid(form):
            return False
        category = form.cleaned_data.get("category")
        if self.moves_category(category):
            refusal = self.category_refusal(category)
            if refusal:
                form.add_error("category", refusal)
                self.produced_error_code = "validation_error"
                self.produced_error_message = self.get_error_message()
                return False
        return True


class QuestionIndexView(IndexView):
    """The bank: filters, bulk move, and per row edit, preview and statistics.

    It lists the questions the user may see (``course_scope``).
    """

    preview_url_name = None
    statistics_url_name = None
    # The bank lists its own questions, in one language: no locale switcher
    # (a Khmer version is reached from its question's "Khmer" link).
    i18n_enabled = False

    def get_base_queryset(self):
        return (
            bank_access(self.request.user)
            .visible(super().get_base_queryset())
            .select_related(None)
            .prefetch_related(
                Prefetch(
                    "tagged_items",
                    queryset=QuestionTag.objects.select_related("tag").order_by(
                        "tag__name"
                    ),
                )
            )
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(search_condition(self.search_query))

    @cached_property
    def paths(self) -> dict[int, str]:
        return category_paths()

    @cached_property
    def can_move(self) -> bool:
        return self.user_has_permission("change")

    @cached_property
    def columns(self):
        title_class = self._get_title_column_class(TitleColumn)
        columns = [
            title_class(
                "title",
                label=gettext_lazy("Name"),
                accessor="title",
                get_url=self.get_edit_url,
                get_title_id=lambda q: f"question_{q.pk}_title",
                sort_key="title",
            ),
            Column(
                "category",
                label=gettext_lazy("Category"),
                accessor=lambda q: self.paths.get(q.category_id, ""),
                sort_key="category__name",
            ),
            Column(
                "question_type",
                label=gettext_lazy("Type"),
                accessor=lambda q: type_label(q.question_type),
                sort_key="question_type",
            ),
            Column(
                "tags",
                label=gettext_lazy("Tags"),
                accessor=lambda q: ", ".join(t.tag.name for t in q.tagged_items.all()),
            ),
            Column("default_mark", label=gettext_lazy("Default mark")),
            Column("version", label=gettext_lazy("Version")),
            Column(
                "khmer",
                label=gettext_lazy("Khmer version"),
                accessor=lambda q: self.khmer_cell(q),
            ),
        ]
        if self.can_move:
            # Wagtail's bulk actions: the footer posts the checked ids to the
            # "Move to category" action (plugins.quiz.admin.bulk_move).
            columns.insert(0, BulkActionsCheckboxColumn("bulk", obj_type="question"))
        return columns

    @cached_property
    def can_see_pages(self) -> bool:
        """Whether the preview and statistics pages would let the user in."""
        return self.user_has_any_permission(PAGE_PERMISSIONS)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.can_see_pages:
            return buttons
        buttons += [
            MenuItem(
                _("Preview as officer"),
                url=reverse(self.preview_url_name, args=[instance.pk]),
                icon_name="view",
                priority=15,
            ),
            MenuItem(
                _("Statistics"),
                url=reverse(self.statistics_url_name, args=[instance.pk]),
                icon_name="table",
                priority=16,
            ),
        ]
        return buttons

    def khmer_cell(self, question):
        label, url = self.khmer.get(question.pk, ("", ""))
        if question.pk in self.khmer_refused:
            return label if question.pk in self.khmer_started else ""
        return format_html('<a href="{}">{}</a>', url, label) if url else label

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_move"] = self.can_move
        # "Khmer: N%" or "Translate into Khmer" for the rows of this page, in a
        # fixed number of queries (wagtail-localize's editor, translating.py).
        rows = list(context.get("object_list") or ())
        self.khmer = khmer_links(rows)
        self.khmer_started = {
            pk for pk, (_label, url) in self.khmer.items() if "/snippets/" in url
        }
        access = bank_access(self.request.user)
        owners = access.owners_of_questions([q.pk for q in rows])
        self.khmer_refused = {
            pk for pk, found in owners.items() if access.blocking(found)
        }
        return context


class QuestionTypeChooseView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Step one of creating a question: choose its type."""

    model = None
    permission_required = "add"
    template_name = "quiz/admin/question_type_choose.html"
    page_title = gettext_lazy("New question")
    page_subtitle = gettext_lazy("Choose a question type")
    header_icon = "help"
    add_type_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question_types"] = [
            {
                "label": question_type.label,
                "description": question_type.description,
                "url": reverse(self.add_type_url_name, args=[question_type.identifier]),
            }
            for question_type in question_types
        ]
        return context


class QuestionTypeFormMixin:
    """The create and edit views build their form from the question's type."""

    qtype = None

    def get_panel(self):
        if self.qtype is None:
            return None
        return question_edit_handler(self.qtype)

    def get_form_class(self):
        return self.panel.get_form_class()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question_type_label"] = self.qtype.label
        return context


class QuestionCreateView(CategoryCheckMixin, QuestionTypeFormMixin, CreateView):
    add_type_url_name = None

    def setup(self, request, *args, **kwargs):
        self.qtype = question_types.get(kwargs.get("question_type", ""))
        if self.qtype is None:
            raise Http404(_("This question type is not installed."))
        super().setup(request, *args, **kwargs)

    def get_page_subtitle(self):
        return _("New %(type)s question") % {"type": self.qtype.label}

    def get_add_url(self):
        return reverse(self.add_type_url_name, args=[self.qtype.identifier])

    def get_locale(self):
        # The bank's own questions are in the default locale (``?locale=km``
        # would make a "Khmer" question with no source): Khmer versions are
        # made by translating (``plugins.quiz.admin.translating``).
        return Locale.get_default() if self.i18n_enabled else None

    def get_translations(self):
        return []

    def get_initial_form_instance(self):
        return Question(
            question_type=self.qtype.identifier,
            created_by=self.request.user,
            locale=Locale.get_default(),
        )


class QuestionEditView(
    VisibleQuestionMixin, CategoryCheckMixin, QuestionTypeFormMixin, EditView
):
    """Edit a question the user may change: every course whose quizzes use it
    must be one whose pages they may edit (``course_scope``); otherwise the
    form is not shown and nothing is saved."""

    regrade_url_name = None
    preview_url_name = None
    statistics_url_name = None

    @cached_property
    def header_buttons(self):
        khmer = []
        if may_translate(self.request.user, self.object):
            label, url = khmer_links([self.object])[self.object.pk]
            khmer = [HeaderButton(label, url=url, icon_name="globe")]
        return khmer + [
            HeaderButton(
                _("Preview as officer"),
                url=reverse(self.preview_url_name, args=[self.object.pk]),
                icon_name="view",
            ),
            HeaderButton(
                _("Statistics"),
                url=reverse(self.statistics_url_name, args=[self.object.pk]),
                icon_name="table",
            ),
        ]

    def get_panel(self):
        self.object = self.get_object()
        self.qtype = self.object.type
        return super().get_panel()

    def get(self, request, *args, **kwargs):
        if refusal := self.refuse_blocked():
            return refusal
        if self.qtype is None:
            return self.refuse_missing_type()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if refusal := self.refuse_blocked():
            return refusal
        if self.qtype is None:
            return self.refuse_missing_type()
        return super().post(request, *args, **kwargs)

    def refuse_blocked(self):
        """Back to the bank, saying which course stops the change, if one does."""
        titles = bank_access(self.request.user).question_blockers([self.object.pk])
        if not titles:
            return None
        messages.error(self.request, refused_message(self.object, titles))
        return redirect(self.index_url_name)

    def moves_category(self, category) -> bool:
        # The form has set the new category on the object; the row has the old.
        stored = (
            Question.objects.filter(pk=self.object.pk)
            .values_list("category_id", flat=True)
            .first()
        )
        return category is not None and category.pk != stored

    def refuse_missing_type(self):
        messages.error(
            self.request,
            _(
                "“%(question)s” is a %(type)s question, and that question type is "
                "not installed: it cannot be edited until its plugin is back."
            )
            % {"question": self.object, "type": self.object.question_type},
        )
        return redirect(self.index_url_name)

    def save_instance(self):
        save_with_version(self.form.instance, super().save_instance)
        return self.form.instance

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stale_attempts"] = stale_attempt_count(
            self.object, within=bank_access(self.request.user)
        )
        context["can_regrade"] = self.request.user.has_perm("quiz.change_question")
        context["regrade_url"] = reverse(self.regrade_url_name, args=[self.object.pk])
        return context


class QuestionDeleteView(VisibleQuestionMixin, RefusingDeleteView):
    def blockers(self) -> list[str]:
        reasons = []
        titles = bank_access(self.request.user).question_blockers([self.object.pk])
        if titles:
            reasons.append(change_refusal(titles))
        quizzes = self.object.quiz_slots.values("quiz_id").distinct().count()
        if quizzes:
            reasons.append(
                ngettext(
                    "%(n)d quiz uses it: remove it from that quiz first.",
                    "%(n)d quizzes use it: remove it from those quizzes first.",
                    quizzes,
                )
                % {"n": quizzes}
            )
        return reasons


class QuestionHistoryView(VisibleQuestionMixin, HistoryView):
    pass


class QuestionUsageView(VisibleQuestionMixin, UsageView):
    pass


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    menu_label = gettext_lazy("Questions")
    name = "quiz_questions"
    index_view_class = QuestionIndexView
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView
    history_view_class = QuestionHistoryView
    usage_view_class = QuestionUsageView
    filterset_class = QuestionFilterSet
    index_template_name = "quiz/admin/bank/index.html"
    edit_template_name = "quiz/admin/question_edit.html"
    delete_template_name = "quiz/admin/confirm_delete.html"
    search_fields = SEARCH_FIELDS
    search_backend_name = None
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        # The form depends on the question's type: the views build it.
        return None

    @property
    def url_finder_class(self):
        return bank_url_finder(
            self.get_url_name("edit"), "wagtailsnippets_quiz_question:edit"
        )

    def _page_url_names(self) -> dict[str, str]:
        return {
            "preview_url_name": self.get_url_name("preview"),
            "statistics_url_name": self.get_url_name("statistics"),
        }

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**self._page_url_names(), **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            add_type_url_name=self.get_url_name("add_type"), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            regrade_url_name=self.get_url_name("regrade"),
            **self._page_url_names(),
            **kwargs,
        )

    @property
    def choose_type_view(self):
        return self.construct_view(
            QuestionTypeChooseView,
            add_type_url_name=self.get_url_name("add_type"),
        )

    @property
    def regrade_view(self):
        return self.construct_view(RegradeView, edit_url_name=self.get_url_name("edit"))

    @property
    def preview_view(self):
        return self.construct_view(
            QuestionPreviewView,
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
            **self._page_url_names(),
        )

    @property
    def statistics_view(self):
        return self.construct_view(
            QuestionStatisticsView,
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
            preview_url_name=self.get_url_name("preview"),
        )

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if p.name != "add"]
        return patterns + [
            path("new/", self.choose_type_view, name="add"),
            path("new/<slug:question_type>/", self.add_view, name="add_type"),
            path("regrade/<int:pk>/", self.regrade_view, name="regrade"),
            path("preview/<int:pk>/", self.preview_view, name="preview"),
            path("statistics/<int:pk>/", self.statistics_view, name="statistics"),
        ]
