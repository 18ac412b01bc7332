"""The question categories in the admin: a list by full path, create, edit, delete.

Quizzes draw random questions from categories, so editing one is a change to
those quizzes: it is refused, naming the course, when a course whose pages
the user may not edit draws from it, or (moving it) from the new parent
(``course_scope``).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from plugins.quiz.admin.course_scope import bank_access, category_refusal
from plugins.quiz.admin.deletion import RefusingDeleteView
from plugins.quiz.admin.forms import CategoryForm, category_paths
from plugins.quiz.admin.translating import bank_url_finder
from plugins.quiz.models import QuestionCategory, QuizCategoryDraw
from plugins.quiz.models.bank import source_language
from plugins.quiz.translation import KHMER


class CategoryIndexView(IndexView):
    """Categories by "Parent / Child" path, with their question counts."""

    def get_base_queryset(self):
        # The bank's own categories; a Khmer translation shows as its name.
        source = Q(questions__locale__language_code=source_language())
        return (
            super()
            .get_base_queryset()
            .sources()
            .annotate(question_count=Count("questions", filter=source))
        )

    @cached_property
    def khmer_names(self) -> dict:
        names = dict(
            QuestionCategory.objects.filter(locale__language_code=KHMER).values_list(
                "translation_key", "name"
            )
        )
        return names

    @cached_property
    def paths(self) -> dict[int, str]:
        return category_paths()

    @cached_property
    def columns(self):
        title_class = self._get_title_column_class(TitleColumn)
        return [
            title_class(
                "path",
                label=_("Category"),
                accessor=lambda category: self.paths.get(category.pk, category.name),
                get_url=self.get_edit_url,
                sort_key="name",
            ),
            Column(
                "name_km",
                label=_("Name (Khmer)"),
                accessor=lambda category: (
                    name
                    if (name := self.khmer_names.get(category.translation_key))
                    and name != category.name
                    else ""
                ),
            ),
            Column("question_count", label=_("Questions"), sort_key="question_count"),
        ]


class CategoryEditView(EditView):
    def is_valid(self, form):
        if not super().is_valid(form):
            return False
        access = bank_access(self.request.user)
        owners = access.owners_drawing_from(self.object.pk)
        parent = form.cleaned_data.get("parent")
        parent_id = parent.pk if parent is not None else None
        # The form has set the new parent on the object; the row has the old one.
        stored_parent_id = (
            QuestionCategory.objects.filter(pk=self.object.pk)
            .values_list("parent_id", flat=True)
            .first()
        )
        if parent_id != stored_parent_id:
            owners |= access.owners_drawing_below(parent_id)
        titles = access.blocking(owners)
        if titles:
            form.add_error(None, category_refusal(titles))
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return False
        return True


class CategoryDeleteView(RefusingDeleteView):
    def blockers(self) -> list[str]:
        category = self.object
        reasons = []
        questions = category.questions.sources().count()
        if questions:
            reasons.append(
                ngettext(
                    "It still holds %(n)d question: move or delete it first.",
                    "It still holds %(n)d questions: move or delete them first.",
                    questions,
                )
                % {"n": questions}
            )
        children = category.children.sources().count()
        if children:
            reasons.append(
                ngettext(
                    "It still has %(n)d sub-category: move or delete it first.",
                    "It still has %(n)d sub-categories: move or delete them first.",
                    children,
                )
                % {"n": children}
            )
        draws = QuizCategoryDraw.objects.filter(category=category).count()
        if draws:
            reasons.append(
                ngettext(
                    "%(n)d random draw of a quiz uses it.",
                    "%(n)d random draws of quizzes use it.",
                    draws,
                )
                % {"n": draws}
            )
        return reasons


class CategoryViewSet(ModelViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    name = "quiz_categories"
    form_class = CategoryForm
    index_view_class = CategoryIndexView
    edit_view_class = CategoryEditView
    delete_view_class = CategoryDeleteView
    delete_template_name = "quiz/admin/confirm_delete.html"
    search_fields = ["name"]
    search_backend_name = None
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return CategoryForm

    @property
    def url_finder_class(self):
        return bank_url_finder(
            self.get_url_name("edit"), "wagtailsnippets_quiz_questioncategory:edit"
        )
