"""“Preview as officer”: a bank question as an officer sees it in a quiz.

The live question is frozen into a snapshot and laid out exactly as
``plugins.quiz.taking`` does when an attempt starts, put into an unsaved
:class:`AttemptQuestion`, and rendered through ``question_view`` and the
officers' ``quiz/includes/question.html``: the same type template, the same
rules about what reaches the browser. The layout comes from a seed carried in
the page, so "Check answer" grades against the order that was shown.

"Check answer" parses the posted fields with the type's ``parse_response``
and scores them with ``score_question`` (the type's ``grade``), then shows
the score and feedback as an officer's review would. Nothing is saved: the
attempt question is never written, and no attempt exists.

Access: users who may view or change questions (``quiz.view_question`` or
``quiz.change_question``; trainers hold the latter), for a question they may
see (``course_scope``).
"""

from __future__ import annotations

import secrets
from random import Random

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

from lms.richtext import is_blank_richtext, is_blank_text
from plugins.quiz.admin.course_scope import bank_access
from plugins.quiz.grading import score_question
from plugins.quiz.models import AttemptQuestion, Choice, Question
from plugins.quiz.question_types.base import ResponseError
from plugins.quiz.request_data import BadRequestData, parse_form
from plugins.quiz.snapshot import snapshot_question
from plugins.quiz.views.rendering import question_view

#: The prefix of the one question's fields, as in an attempt's first question.
PREFIX = "q1"
#: Fields the preview form posts besides the question's own.
FORM_FIELDS = {"csrfmiddlewaretoken", "seed", "lang", "action"}
#: Who may open the preview and statistics pages: those who may see or change
#: questions (trainers hold "change", not "view").
PAGE_PERMISSIONS = ["view", "change"]
#: Seeds are what attempts use: 62 random bits.
SEED_BITS = 62


def parse_seed(value: str | None) -> int | None:
    if value and value.isascii() and value.isdigit() and len(value) <= 19:
        seed = int(value)
        if seed < 2**SEED_BITS:
            return seed
    return None


def missing_khmer(snapshot) -> list[str]:
    """What of the question has no Khmer text (officers see the English)."""
    missing = []
    # An empty paragraph is no translation: officers get the English.
    if is_blank_richtext(snapshot.get("text_km")):
        missing.append(_("the question text"))
    if not is_blank_richtext(snapshot.get("explanation")) and is_blank_richtext(
        snapshot.get("explanation_km")
    ):
        missing.append(_("the explanation"))
    untranslated = sum(
        1
        for choice in snapshot["choices"]
        if not is_blank_text(choice["text"]) and is_blank_text(choice["text_km"])
    )
    if untranslated:
        missing.append(
            translation.ngettext("%(n)d answer", "%(n)d answers", untranslated)
            % {"n": untranslated}
        )
    return missing


class QuestionPreviewView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """GET: the question unanswered; POST: the answer checked and scored."""

    model = Question
    any_permission_required = PAGE_PERMISSIONS
    template_name = "quiz/admin/bank/preview.html"
    page_title = gettext_lazy("Preview as officer")
    header_icon = "view"
    index_url_name = None
    edit_url_name = None
    preview_url_name = None
    statistics_url_name = None

    def get_question(self, pk) -> Question:
        question = get_object_or_404(
            Question.objects.sources().prefetch_related(
                Prefetch(
                    "choices", queryset=Choice.objects.order_by("sort_order", "pk")
                )
            ),
            pk=pk,
        )
        if not bank_access(self.request.user).may_see(question):
            raise PermissionDenied
        return question

    def language_from(self, value: str | None) -> str:
        languages = dict(settings.LANGUAGES)
        if value in languages:
            return value
        current = translation.get_language() or settings.LANGUAGE_CODE
        return current if current in languages else settings.LANGUAGE_CODE

    def get(self, request, pk):
        self.question = self.get_question(pk)
        self.language = self.language_from(request.GET.get("lang"))
        seed = parse_seed(request.GET.get("seed"))
        self.seed = seed if seed is not None else secrets.randbits(SEED_BITS)
        return self.render_preview(self.build_item(), checked=False)

    def post(self, request, pk):
        self.question = self.get_question(pk)
        try:
            data = parse_form(request)
        except BadRequestData as error:
            self.language = self.language_from(None)
            self.seed = secrets.randbits(SEED_BITS)
            return self.render_preview(
                self.build_item(),
                checked=False,
                error=f"{error.field}: {error.message}",
                status=error.status,
            )
        self.language = self.language_from((data.get("lang") or [None])[0])
        seed = parse_seed((data.get("seed") or [None])[0])
        self.seed = seed if seed is not None else secrets.randbits(SEED_BITS)
        item = self.build_item()
        question_type = item.type
        if question_type is None:
            return self.render_preview(
                item,
                checked=False,
                error=_(
                    "This question's type is not installed: it cannot be answered."
                ),
                status=400,
            )
        allowed = {
            f"{PREFIX}-{name}"
            for name in question_type.input_names(item.snapshot, item.layout)
        }
        unknown = [name for name in data if name not in allowed | FORM_FIELDS]
        if unknown:
            return self.render_preview(
                item,
                checked=False,
                error=_("This form does not ask for a field named “%(name)s”.")
                % {"name": unknown[0][:60]},
                status=400,
            )
        start = f"{PREFIX}-"
        fields = {
            name[len(start) :]: values
            for name, values in data.items()
            if name.startswith(start)
        }
        try:
            item.response = question_type.parse_response(
                item.snapshot, item.layout, fields
            )
        except ResponseError as error:
            return self.render_preview(
                item, checked=False, error=error.message, status=400
            )
        # Scores in memory only: score_question sets fields, it does not save.
        score_question(item)
        item.checked = True
        return self.render_preview(item, checked=True)

    def build_item(self) -> AttemptQuestion:
        """The question as a new attempt would hold it (never saved)."""
        question = self.question
        snapshot = snapshot_question(question)
        question_type = question.type
        layout = {}
        if question_type is not None:
            # As an attempt does; "shuffle answers" is on by default in quizzes.
            layout = question_type.make_layout(snapshot, Random(self.seed), True)
        return AttemptQuestion(
            position=1,
            question_id=question.pk,
            category_id=question.category_id,
            question_type=question.question_type,
            question_version=question.version,
            snapshot=snapshot,
            layout=layout,
            mark=question.default_mark,
        )

    def preview_url(self, **params) -> str:
        query = {"lang": self.language, "seed": self.seed, **params}
        return (
            reverse(self.preview_url_name, args=[self.question.pk])
            + "?"
            + urlencode(query)
        )

    def render_preview(self, item, *, checked: bool, error: str = "", status=200):
        language = self.language
        with translation.override(language):
            view = question_view(item, language, review=checked, error=error)
            question_html = render_to_string(
                "quiz/admin/bank/preview_question.html",
                {
                    "q": view,
                    "checked": checked,
                    "try_again_url": self.preview_url(),
                },
            )
        context = self.get_context_data(
            question=self.question,
            question_html=question_html,
            language=language,
            seed=self.seed,
            checked=checked,
            languages=[
                {
                    "code": code,
                    "name": name,
                    "url": self.preview_url(lang=code),
                    "current": code == language,
                }
                for code, name in settings.LANGUAGES
            ],
            shuffle_url=(
                self.preview_url(seed=secrets.randbits(SEED_BITS))
                if item.type is not None and item.type.shuffles_choices
                else ""
            ),
            missing_khmer=missing_khmer(item.snapshot) if language == "km" else [],
            grader_info=self.grader_info(item, checked),
        )
        return self.render_to_response(context, status=status)

    def grader_info(self, item, checked: bool) -> str:
        """An essay's notes for markers: for the trainer, after "Check answer"."""
        if not checked or item.type is None or item.type.auto_graded:
            return ""
        options = item.snapshot.get("options") or {}
        if self.language == "km" and options.get("grader_info_km"):
            return options["grader_info_km"]
        return options.get("grader_info") or ""

    def get_page_subtitle(self):
        return self.question.title

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        items.append(
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Question._meta.verbose_name_plural),
            }
        )
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
                _("Statistics"),
                url=reverse(self.statistics_url_name, args=[self.question.pk]),
                icon_name="table",
            )
        ]
