"""Filters of the question bank's index: category, type, tag and course.

Each filter costs at most a couple of queries however many questions there
are: the category tree is read once (``category_descendants``), the course
filter reads the course's translations and its quizzes' random draws once,
and everything else is a condition on the one listing query.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.filters import WagtailFilterSet

from plugins.quiz.admin.course_scope import bank_access
from plugins.quiz.admin.forms import label_categories_by_path
from plugins.quiz.hooks import question_type_choices
from plugins.quiz.models import (
    Question,
    QuestionCategory,
    QuestionTag,
    QuizCategoryDraw,
    QuizQuestion,
)
from plugins.quiz.models.bank import source_language

INCLUDE = "include"
EXCLUDE = "exclude"
SUBCATEGORY_CHOICES = [
    (INCLUDE, _("Include sub-categories")),
    (EXCLUDE, _("This category only")),
]


def questions_used_in_course(course) -> Q:
    """Questions a quiz under ``course`` (or one of its translations) may ask.

    Those in its quizzes' fixed slots, and those in the categories its quizzes
    draw at random from (with sub-categories when the draw includes them).
    """
    from courses.models import CoursePage
    from plugins.quiz.selection import category_descendants

    paths = list(
        CoursePage.objects.filter(translation_key=course.translation_key).values_list(
            "path", flat=True
        )
    ) or [course.path]
    under = Q()
    for path in paths:
        under |= Q(quiz__path__startswith=path)
    draws = list(
        QuizCategoryDraw.objects.filter(under).values_list(
            "category_id", "include_subcategories"
        )
    )
    categories: set[int] = set()
    if draws:
        tree = category_descendants()
        for category_id, include_subcategories in draws:
            if include_subcategories:
                categories |= tree.get(category_id, {category_id})
            else:
                categories.add(category_id)
    slots = QuizQuestion.objects.filter(under).values("question_id")
    return Q(pk__in=slots) | Q(category_id__in=categories)


class CourseChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, course):
        title = course.title
        if course.locale.language_code != "en":
            return f"{title} ({course.locale.get_display_name()})"
        return title


class CourseFilter(django_filters.ModelChoiceFilter):
    field_class = CourseChoiceField


def _course_queryset(request):
    from courses.models import CoursePage

    return CoursePage.objects.select_related("locale").order_by("title", "pk")


def _tag_queryset(request):
    # Only tags some question carries: the bank's, not the whole site's.
    used = QuestionTag.objects.values("tag_id")
    return Tag.objects.filter(pk__in=used).order_by("name")


class QuestionFilterSet(WagtailFilterSet):
    """The question index's filters (the search box is the index view's)."""

    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=QuestionCategory.objects.sources(),
        method="filter_category",
    )
    subcategories = django_filters.ChoiceFilter(
        label=_("Sub-categories"),
        choices=SUBCATEGORY_CHOICES,
        empty_label=None,
        initial=INCLUDE,
        widget=forms.RadioSelect,
        # Read by filter_category; on its own it filters nothing.
        method="filter_nothing",
        help_text=_("Whether questions in the category's sub-categories show too."),
    )
    question_type = django_filters.ChoiceFilter(
        label=_("Question type"), choices=question_type_choices
    )
    tag = django_filters.ModelMultipleChoiceFilter(
        label=_("Tag"),
        field_name="tags",
        queryset=_tag_queryset,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Questions with any of the chosen tags."),
    )
    course = CourseFilter(
        label=_("Used in course"),
        queryset=_course_queryset,
        method="filter_course",
        help_text=_(
            "Questions its quizzes ask, and those in the categories they draw "
            "random questions from."
        ),
    )

    class Meta:
        model = Question
        fields = ["category", "subcategories", "question_type", "tag", "course"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_categories_by_path(self.form.fields["category"])

    def _add_locale_filter(self):
        # The bank lists its own (source) questions only: a Khmer version is
        # reached through its question ("Translate into Khmer"), so Wagtail's
        # "Locale" filter would only ever offer an empty list.
        return

    def filter_category(self, queryset, name, category):
        if category is None:
            return queryset
        if self.form.cleaned_data.get("subcategories") == EXCLUDE:
            return queryset.filter(category_id=category.pk)
        from plugins.quiz.selection import category_descendants

        ids = category_descendants().get(category.pk, {category.pk})
        return queryset.filter(category_id__in=ids)

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_course(self, queryset, name, course):
        if course is None:
            return queryset
        return queryset.filter(questions_used_in_course(course))


#: What the index's search box looks in (a plain ``icontains``, no search index),
#: in the question and in its Khmer translation (:func:`search_condition`).
SEARCH_FIELDS = ["title", "text"]
#: Searched in the question's translations too.
TRANSLATED_SEARCH_FIELDS = ["text"]


def search_condition(query: str) -> Q:
    """A ``Q`` over source questions matching ``query`` in their own texts or
    in a translation's (a trainer may search the bank with Khmer words)."""
    condition = Q()
    for name in SEARCH_FIELDS:
        condition |= Q(**{f"{name}__icontains": query})
    translated = Q()
    for name in TRANSLATED_SEARCH_FIELDS:
        translated |= Q(**{f"{name}__icontains": query})
    matching_translations = (
        Question.objects.exclude(locale__language_code=source_language())
        .filter(translated)
        .values("translation_key")
    )
    return condition | Q(translation_key__in=matching_translations)


def listing_queryset(request):
    """The questions the index lists for ``request.GET``'s filters and search.

    For "select all in listing" in bulk actions, which must act on exactly
    what the trainer filtered, not on the whole bank, and only on questions
    the trainer may see (``course_scope``).
    """
    queryset = bank_access(request.user).visible()
    filters = QuestionFilterSet(data=request.GET, request=request, queryset=queryset)
    if filters.is_valid():
        queryset = filters.qs
    query = (request.GET.get("q") or "").strip()
    if query:
        queryset = queryset.filter(search_condition(query))
    return queryset
