"""The question chooser used by the quiz page's "Questions" panel.

Registering it makes it the widget of every admin form field that points at
a :class:`Question` (Wagtail's ``register_widget``), so the quiz page's
``FieldPanel("question")`` opens a searchable, filterable modal instead of a
select of the whole bank. It offers the questions the user may see
(``course_scope``): unused ones, and those of courses whose pages they edit.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenMultipleView,
    ChosenView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet

from plugins.quiz.admin.course_scope import bank_access
from plugins.quiz.admin.forms import category_paths, label_categories_by_path
from plugins.quiz.hooks import question_types
from plugins.quiz.models import Question, QuestionCategory


class QuestionFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=QuestionCategory.objects.sources(),
        required=False,
        empty_label=_("All categories"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_categories_by_path(self.fields["category"])

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.filter(
                Q(title__icontains=query) | Q(text__icontains=query)
            )
            self.is_searching = True
            self.search_query = query
        category = self.cleaned_data.get("category")
        if category is not None:
            from plugins.quiz.selection import category_descendants

            ids = category_descendants().get(category.pk, {category.pk})
            objects = objects.filter(category_id__in=ids)
        return objects


class QuestionChooserMixin:
    filter_form_class = QuestionFilterForm

    def get_object_list(self):
        return (
            bank_access(self.request.user)
            .visible()
            .filter(question_type__in=question_types.identifiers())
            .order_by("category_id", "title")
        )

    @cached_property
    def paths(self):
        return category_paths()

    @property
    def columns(self):
        return [
            self.title_column,
            Column(
                "category",
                label=_("Category"),
                accessor=lambda q: self.paths.get(q.category_id, ""),
            ),
            Column(
                "question_type",
                label=_("Type"),
                accessor=lambda q: question_types[q.question_type].label,
            ),
            Column("default_mark", label=_("Default mark")),
        ]


class QuestionChooseView(QuestionChooserMixin, ChooseView):
    pass


class QuestionChooseResultsView(QuestionChooserMixin, ChooseResultsView):
    pass


class QuestionChosenView(ChosenView):
    def get_object(self, pk):
        return bank_access(self.request.user).visible().get(pk=pk)


class QuestionChosenMultipleView(ChosenMultipleView):
    def get_objects(self, pks):
        ids = [pk for pk in pks if pk.isascii() and pk.isdigit() and len(pk) < 19]
        return bank_access(self.request.user).visible().filter(pk__in=ids)


class QuestionChooserViewSet(ChooserViewSet):
    model = Question
    icon = "help"
    name = "quiz_question_chooser"
    choose_one_text = _("Choose a question")
    choose_another_text = _("Choose another question")
    edit_item_text = _("Edit this question")
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
    chosen_view_class = QuestionChosenView
    chosen_multiple_view_class = QuestionChosenMultipleView
