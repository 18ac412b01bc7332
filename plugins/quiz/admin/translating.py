"""Translating bank questions and categories in wagtail-localize's editor.

A Khmer question is a wagtail-localize translation (``plugins.quiz.translation``).
wagtail-localize edits translations of snippets: Question and QuestionCategory
are registered as snippets here, with viewsets hidden from the menu (the bank
lists questions, ``plugins.quiz.admin.questions``), so that
``/admin/snippets/quiz/question/edit/<khmer pk>/`` opens its segment editor,
with PO download and upload and "sync from source"; the bank's list and edit
page link to it ("Translate into Khmer", "Khmer: 40%").

**Who may translate.** wagtail-localize checks only model permissions, which
every trainer holds. A question's translation is part of the question, so it
follows the bank's change rule (``course_scope``): only users who may change
the source question in the bank (the trainers of every course whose quizzes
use it, lead trainers, admins; anyone with the bank permissions for a
question no quiz uses). The rule is checked by :func:`may_translate`:

- in the snippet views (edit, which is wagtail-localize's editor for a
  translation, delete, history, usage);
- in front of every wagtail-localize URL that changes a translation of a
  bank object (or reads it whole): its string translation API, overrides,
  PO download and upload, machine translation, preview, stop, sync
  ("update") and submit. :func:`guarded_localize_urls` registers the same
  paths ahead of wagtail-localize's, each checking the rule for bank objects
  and then calling wagtail-localize's own view (for pages and other
  snippets nothing changes).

The snippet index and "add" views are not used: the bank makes questions,
translating makes their Khmer versions.
"""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.models import Locale
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    HistoryView,
    SnippetViewSet,
    UsageView,
)
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import (
    edit_translation,
    submit_translations,
    update_translations,
)

from plugins.quiz.admin.course_scope import bank_access
from plugins.quiz.models import Choice, Question, QuestionCategory
from plugins.quiz.models.bank import source_language

#: The bank's models whose translations the rule guards (a choice is
#: translated with its question).
GUARDED_MODELS = (Question, QuestionCategory, Choice)


def source_of(instance):
    """The bank's own row of ``instance`` (itself for a source row)."""
    model = type(instance)
    if model is Choice:
        instance = instance.question
        model = Question
    if instance.locale_id and instance.locale.language_code == source_language():
        return instance
    return (
        model.objects.sources().filter(translation_key=instance.translation_key).first()
    )


def may_translate(user, instance) -> bool:
    """Whether ``user`` may make or change translations of ``instance`` (a
    question, choice or category, any language version): when they may
    change its source in the bank."""
    if not (user.is_authenticated and user.is_active):
        return False
    source = source_of(instance)
    access = bank_access(user)
    if source is None:  # a translation whose source is gone
        return access.everything
    if isinstance(source, QuestionCategory):
        return user.has_perm("quiz.change_questioncategory") and not access.blocking(
            access.owners_drawing_from(source.pk)
        )
    return (
        user.has_perm("quiz.change_question")
        and access.may_see(source)
        and not access.question_blockers([source.pk])
    )


def _check(request, instance) -> None:
    if not may_translate(request.user, instance):
        raise PermissionDenied


def bank_url_finder(bank_edit_url_name: str, translation_edit_url_name: str):
    """An admin URL finder (Wagtail's "edit" links, e.g. in the course's
    translation status) for a bank model: the bank's edit view for its own
    rows, wagtail-localize's editor for translations. Registered by both the
    bank's and the translation viewset, whichever Wagtail registers last."""
    from courses.translations import locale_code

    class BankURLFinder(ModelAdminURLFinder):
        def construct_edit_url(self, instance):
            # An instance made from a pk alone has no locale: the snippet
            # view sends the bank's own rows on to the bank.
            if instance.locale_id and locale_code(instance.locale_id) == (
                source_language()
            ):
                return reverse(bank_edit_url_name, args=[quote(instance.pk)])
            return reverse(translation_edit_url_name, args=[quote(instance.pk)])

    return BankURLFinder


# The snippet views ------------------------------------------------------------


class GuardedObjectMixin:
    """A view of one bank object's translation: refused unless the user may
    translate it; the bank's own rows are edited in the bank."""

    bank_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if self.object.locale.language_code == source_language():
            if not self.bank_url_name:
                raise Http404
            return redirect(self.bank_url_name, self.object.pk)
        _check(request, self.object)
        return super().dispatch(request, *args, **kwargs)


class TranslationEditView(GuardedObjectMixin, EditView):
    """wagtail-localize's editor (its ``before_edit_snippet`` hook)."""

    def dispatch(self, request, *args, **kwargs):
        if self.object.locale.language_code != source_language():
            # A bank translation is only ever edited segment by segment (the
            # plain form would let grading fields drift from the source):
            # one whose synced translation was stopped is synced again.
            Translation.objects.filter(
                source__object_id=self.object.translation_key,
                target_locale_id=self.object.locale_id,
                enabled=False,
            ).update(enabled=True)
        return super().dispatch(request, *args, **kwargs)


class TranslationDeleteView(GuardedObjectMixin, DeleteView):
    pass


class TranslationHistoryView(GuardedObjectMixin, HistoryView):
    pass


class TranslationUsageView(GuardedObjectMixin, UsageView):
    pass


def _to_bank(url_name):
    def view(request, *args, **kwargs):
        return redirect(url_name)

    return view


def _not_here(request, *args, **kwargs):
    raise Http404


class BankTranslationViewSet(SnippetViewSet):
    """The snippet views wagtail-localize works through, hidden from menus."""

    add_to_admin_menu = False
    inspect_view_enabled = False
    copy_view_enabled = False
    edit_view_class = TranslationEditView
    delete_view_class = TranslationDeleteView
    history_view_class = TranslationHistoryView
    usage_view_class = TranslationUsageView
    #: The bank's index and edit URL names, where source rows are handled.
    bank_index_url_name = ""
    bank_edit_url_name = ""

    @property
    def url_finder_class(self):
        return bank_url_finder(self.bank_edit_url_name, self.get_url_name("edit"))

    def register_chooser_viewset(self):
        # No snippet chooser: it would become the widget of every foreign key
        # to the model (Wagtail's form field override), replacing the quiz
        # editor's own category select and question chooser.
        return

    def _guarded_kwargs(self):
        return {"bank_url_name": self.bank_edit_url_name}

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(**self._guarded_kwargs(), **kwargs)

    @property
    def delete_view(self):
        return self.construct_view(self.delete_view_class, **self._guarded_kwargs())

    @property
    def history_view(self):
        # A version's history is its source's, in the bank (which applies its
        # own rule); Wagtail's snippet history page breaks on these hidden
        # snippets (no index URL to link back to).
        model = self.model
        history = self.bank_edit_url_name.replace(":edit", ":history")

        def view(request, pk):
            version = get_object_or_404(model, pk=pk)
            _check(request, version)
            source = version.get_translation(Locale.get_default())
            return redirect(history, source.pk)

        return view

    @property
    def usage_view(self):
        return self.construct_view(self.usage_view_class, **self._guarded_kwargs())

    @property
    def index_view(self):
        return _to_bank(self.bank_index_url_name)

    @property
    def index_results_view(self):
        return _to_bank(self.bank_index_url_name)

    @property
    def add_view(self):
        return _not_here


class QuestionTranslationViewSet(BankTranslationViewSet):
    model = Question
    icon = "help"
    bank_index_url_name = "quiz_questions:index"
    bank_edit_url_name = "quiz_questions:edit"


class CategoryTranslationViewSet(BankTranslationViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    bank_index_url_name = "quiz_categories:index"
    bank_edit_url_name = "quiz_categories:edit"


# wagtail-localize's own URLs, guarded ------------------------------------------


def _guard_source(request, source: TranslationSource) -> None:
    model = source.specific_content_type.model_class()
    if model is not None and issubclass(model, GUARDED_MODELS):
        _check(request, source.get_source_instance())


def _by_translation(view):
    def guarded(request, translation_id, *args, **kwargs):
        translation = get_object_or_404(
            Translation.objects.select_related("source"), pk=translation_id
        )
        _guard_source(request, translation.source)
        return view(request, *args, translation_id=translation_id, **kwargs)

    return guarded


def _by_source(view):
    def guarded(request, translation_source_id, *args, **kwargs):
        _guard_source(
            request, get_object_or_404(TranslationSource, pk=translation_source_id)
        )
        return view(
            request, *args, translation_source_id=translation_source_id, **kwargs
        )

    return guarded


def _by_snippet(view):
    def guarded(request, app_label, model_name, pk, *args, **kwargs):
        for model in (Question, QuestionCategory):
            meta = model._meta
            if (app_label, model_name) == (meta.app_label, meta.model_name):
                _check(request, get_object_or_404(model, pk=pk))
        return view(
            request, *args, app_label=app_label, model_name=model_name, pk=pk, **kwargs
        )

    return guarded


def guarded_localize_urls() -> list:
    """wagtail-localize's URLs that concern one translation, checked first.

    Registered (``register_admin_urls``) ahead of wagtail-localize's, with
    the same paths, so Django resolves these and ``reverse()`` of
    wagtail-localize's names gives the same address.
    """
    edit = edit_translation
    # Named (quiz_localize_*) so the access matrix can hold every route.
    by_translation = {
        "strings/<int:string_segment_id>/edit/": (
            "string_edit",
            edit.edit_string_translation,
        ),
        "overrides/<int:overridable_segment_id>/edit/": (
            "override_edit",
            edit.edit_override,
        ),
        "pofile/download/": ("po_download", edit.download_pofile),
        "pofile/upload/": ("po_upload", edit.upload_pofile),
        "machine_translate/": ("machine_translate", edit.machine_translate),
        "preview/": ("preview", edit.preview_translation),
        "preview/<str:mode>/": ("preview_mode", edit.preview_translation),
        "disable/": ("disable", edit.stop_translation),
    }
    return [
        *(
            path(
                f"localize/translate/<int:translation_id>/{rest}",
                _by_translation(view),
                name=f"quiz_localize_{name}",
            )
            for rest, (name, view) in by_translation.items()
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            _by_source(update_translations.UpdateTranslationsView.as_view()),
            name="quiz_localize_update",
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            _by_snippet(submit_translations.SubmitSnippetTranslationView.as_view()),
            name="quiz_localize_submit_snippet",
        ),
    ]


# Links from the bank ------------------------------------------------------------


def khmer_links(questions, user=None) -> dict:
    """``{question pk: (label, url)}``: "Khmer: N%" to the editor of its Khmer
    version, or "Translate into Khmer" to wagtail-localize's submit view.
    Five queries whatever the number of questions."""
    from django.utils.translation import gettext as _

    from plugins.quiz.translation import KHMER, progress

    questions = list(questions)
    percents = progress(questions)
    targets = dict(
        Question.objects.translations_of(
            {q.translation_key for q in questions}, KHMER
        ).values_list("translation_key", "pk")
    )
    links = {}
    for question in questions:
        target = targets.get(question.translation_key)
        if target is not None:
            links[question.pk] = (
                _("Khmer: %(percent)d%%") % {"percent": percents.get(question.pk, 0)},
                reverse("wagtailsnippets_quiz_question:edit", args=[target]),
            )
        else:
            links[question.pk] = (
                _("Translate into Khmer"),
                reverse(
                    "wagtail_localize:submit_snippet_translation",
                    args=["quiz", "question", question.pk],
                ),
            )
    return links
