"""Admin forms: categories, questions of each type, and the quiz page's checks."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList

from courses.models.pages import CompletionRuleForm
from plugins.quiz.admin.quiz_scope import QuizScope, draw_refusal, slot_refusal
from plugins.quiz.hooks import question_types
from plugins.quiz.models import Question, QuestionCategory
from plugins.quiz.question_types.base import (
    CHOICE_FIELD_DEFAULTS,
    CHOICE_FIELDS,
    QuestionType,
)

#: Form fields of a type's options are named ``option_<name>``.
OPTION_PREFIX = "option_"


def category_paths() -> dict[int, str]:
    """Every category's "Parent / Child" path by id, from one query."""
    rows = {
        pk: (name, parent_id)
        for pk, name, parent_id in QuestionCategory.objects.sources().values_list(
            "pk", "name", "parent_id"
        )
    }
    paths: dict[int, str] = {}
    for pk in rows:
        names, node, seen = [], pk, set()
        while node is not None and node in rows and node not in seen:
            seen.add(node)
            names.append(rows[node][0])
            node = rows[node][1]
        paths[pk] = " / ".join(reversed(names))
    return paths


def label_categories_by_path(field: forms.ModelChoiceField) -> None:
    """Label a category field's options with full paths, read once when rendered.

    ``QuestionCategory.__str__`` walks up one query per level; a select of
    every category would cost a query per option.
    """
    paths: dict[int, str] = {}

    def label(category):
        if not paths:
            paths.update(category_paths())
        return paths.get(category.pk, category.name)

    field.label_from_instance = label


# Categories ----------------------------------------------------------------


class CategoryForm(WagtailAdminModelForm):
    """A category; its parent cannot be itself or one of its sub-categories."""

    class Meta:
        model = QuestionCategory
        fields = ["name", "parent", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.widget = forms.Select()
        parent.queryset = parent.queryset.sources()
        label_categories_by_path(parent)
        if self.instance.pk:
            from plugins.quiz.selection import category_descendants

            own = category_descendants().get(self.instance.pk, {self.instance.pk})
            parent.queryset = parent.queryset.exclude(pk__in=own)


# Questions -----------------------------------------------------------------


class QuestionForm(WagtailAdminModelForm):
    """A question of one type (``qtype``): its fields, options and answers.

    Subclassed per type by :func:`question_edit_handler`, which declares the
    type's option fields; the answer rows have only the type's
    ``choice_fields``. ``clean`` hands the options and the answers to the
    type's ``clean_definition``; its errors stop the save, so nothing is
    stored half-checked.
    """

    qtype: QuestionType

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "category" in self.fields:
            category = self.fields["category"]
            category.queryset = category.queryset.sources()
            label_categories_by_path(category)
        if "text" in self.fields:
            # An emptied editor posts nothing: say the same as for an empty
            # paragraph (``Question.clean``).
            self.fields["text"].error_messages["required"] = _(
                "Question text is empty: write the question."
            )
        stored = self.instance.options or {}
        for name in self.option_names:
            if name in stored:
                self.initial[OPTION_PREFIX + name] = stored[name]
        self.normalized_options: dict[str, Any] | None = None

    @property
    def option_names(self) -> list[str]:
        return [
            name[len(OPTION_PREFIX) :]
            for name in self.fields
            if name.startswith(OPTION_PREFIX)
        ]

    def authored_choices(self) -> list[dict[str, Any]] | None:
        """The answers as the type's contract wants them; ``None`` if invalid."""
        formset = self.formsets.get("choices")
        if formset is None:
            return []
        if not formset.is_valid():
            return None
        kept = []
        for index, form in enumerate(formset.forms):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            kept.append((data.get("ORDER") or 0, index, form, data))
        kept.sort(key=lambda row: (row[0], row[1]))
        used = bank_answer_fields(self.qtype)
        authored = []
        for _order, _index, form, data in kept:
            # Fields the type does not use are not in the form: the type
            # judges them at their defaults. A value stored before the form
            # showed only the type's fields stays (the type never reads it);
            # emptying it would make a new version of an unchanged question.
            choice = {"id": form.instance.pk}
            for name in CHOICE_FIELDS:
                value = data.get(name) if name in used else None
                choice[name] = CHOICE_FIELD_DEFAULTS[name] if value is None else value
            choice["fraction"] = choice["fraction"] or Decimal(0)
            authored.append(choice)
        return authored

    def clean(self):
        cleaned = super().clean()
        if any(
            name in self.errors
            for name in self.fields
            if name.startswith(OPTION_PREFIX)
        ):
            return cleaned
        choices = self.authored_choices()
        if choices is None:
            return cleaned  # the answers' own errors show first
        options = {
            name: cleaned.get(OPTION_PREFIX + name) for name in self.option_names
        }
        try:
            normalized = self.qtype.clean_definition(options, choices)
        except ValidationError as error:
            self._add_definition_error(error)
            return cleaned
        # Options are stored as JSON: Decimals and dates become text.
        self.normalized_options = json.loads(
            json.dumps(normalized, cls=DjangoJSONEncoder)
        )
        return cleaned

    def _add_definition_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, errors in error.error_dict.items():
            if OPTION_PREFIX + key in self.fields:
                self.add_error(OPTION_PREFIX + key, errors)
            elif key in self.fields:
                self.add_error(key, errors)
            else:
                # "choices" and anything else concern the question as a whole.
                self.add_error(NON_FIELD_ERRORS, errors)

    def save(self, commit=True):
        if self.normalized_options is not None:
            self.instance.options = self.normalized_options
        return super().save(commit=commit)


def choice_panels(qtype: QuestionType) -> list[FieldPanel]:
    """One panel per answer field the type uses, with the type's own labels.

    The answer formset is built from these panels, so it has no other field:
    a value posted for one is not read.
    """
    labels = qtype.choice_field_labels
    return [
        FieldPanel(name, heading=labels[name]) if name in labels else FieldPanel(name)
        for name in bank_answer_fields(qtype)
    ]


def bank_answer_fields(qtype: QuestionType) -> tuple[str, ...]:
    """The answer fields the bank's form shows: the type's, without the Khmer
    ones (``*_km``), which the Khmer translation holds (wagtail-localize)."""
    return tuple(n for n in qtype.answer_fields() if not n.endswith("_km"))


def question_form_class(qtype: QuestionType) -> type[QuestionForm]:
    """A :class:`QuestionForm` subclass declaring ``qtype``'s option fields."""
    attrs: dict[str, Any] = {"qtype": qtype, "__module__": __name__}
    for name, field in qtype.option_fields().items():
        attrs[OPTION_PREFIX + name] = field
    return type(f"{type(qtype).__name__}QuestionForm", (QuestionForm,), attrs)


def question_edit_handler(qtype: QuestionType) -> ObjectList:
    """The panels of a question of type ``qtype``, bound to :class:`Question`."""
    form_class = question_form_class(qtype)
    option_names = [n for n in form_class.base_fields if n.startswith(OPTION_PREFIX)]
    panels = [
        FieldPanel("category"),
        FieldPanel("title"),
        FieldPanel("tags"),
        FieldPanel("text"),
        FieldPanel("explanation"),
        FieldPanel("default_mark"),
    ]
    if option_names:
        panels.append(
            MultiFieldPanel(
                [FieldPanel(name) for name in option_names],
                heading=_("Settings of this question type"),
            )
        )
    if qtype.answer_fields():
        grades = "fraction" in qtype.answer_fields()
        panels.append(
            InlinePanel(
                "choices",
                heading=_("Answers"),
                label=_("Answer"),
                help_text=(
                    _("Grade: 1 is 100% of the mark, 0.5 is 50%, -0.25 is −25%.")
                    if grades
                    else ""
                ),
                panels=choice_panels(qtype),
            )
        )
    return ObjectList(panels, base_form_class=form_class).bind_to_model(Question)


# Quiz pages ----------------------------------------------------------------


class DrawForm(WagtailAdminModelForm):
    """A random draw: its category select offers what the user may draw from.

    ``quiz_scope`` comes from the quiz page's form (the draw panel's
    ``inherit_kwargs``), so the empty form that "Add random draw" copies gets
    it too.
    """

    def __init__(self, *args, quiz_scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("category")
        if field is None:
            return
        field.queryset = field.queryset.sources()
        label_categories_by_path(field)
        if quiz_scope is not None:
            current = self.initial.get("category")

            def choices():
                allowed = quiz_scope.drawable
                offered = [("", field.empty_label)] if field.empty_label else []
                return offered + [
                    (category.pk, field.label_from_instance(category))
                    for category in field.queryset
                    if allowed is None or category.pk in allowed | {current}
                ]

            # Only what is shown: a category posted anyway is refused by
            # QuizPageForm with the course that blocks it.
            field.widget.choices = choices


class QuizPageForm(CompletionRuleForm):
    """Checks a quiz's questions against its settings before it is saved.

    A random draw may not ask for more questions than its category holds
    (besides the quiz's own questions), and a quiz that can hold hand-marked
    questions must keep its exam papers, or nothing would be left to mark.
    What a slot or a draw adds must be the user's to add
    (:mod:`plugins.quiz.admin.quiz_scope`).
    """

    def __init__(self, *args, **kwargs):
        # Before the formsets are built: the draw forms inherit it.
        self.quiz_scope = QuizScope()
        super().__init__(*args, **kwargs)
        self.quiz_scope.bind(self.for_user, self.instance, self.parent_page)

    @staticmethod
    def _live_forms(formset):
        if formset is None or not formset.is_valid():
            return []
        return [
            form
            for form in formset.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
        ]

    def _scope_refusals(self, slots, draws) -> list[tuple[Any, str, str]]:
        """What the user may not put into this quiz: (form, field, message)
        for each slot and draw refused, the message naming the course."""
        scope = self.quiz_scope
        if scope.everything:
            return []
        refusals = []
        refused = scope.question_blockers(f.cleaned_data["question"].pk for f in slots)
        for position, form in enumerate(slots, start=1):
            titles = refused.get(form.cleaned_data["question"].pk)
            if titles:
                refusals.append((form, "question", slot_refusal(position, titles)))
        paths = None
        for position, form in enumerate(draws, start=1):
            category = form.cleaned_data["category"]
            titles = scope.draw_blockers(
                category.pk, bool(form.cleaned_data.get("include_subcategories"))
            )
            if titles:
                paths = paths or category_paths()
                message = draw_refusal(
                    position, paths.get(category.pk, category.name), titles
                )
                refusals.append((form, "category", message))
        return refusals

    def _refuse(self, refusals) -> None:
        for form, field, message in refusals:
            form.add_error(field, message)
            self.add_error(None, message)
            if field == "question":
                # The form shown again must not show the question's title.
                form.data = form.data.copy()
                form.data[form.add_prefix(field)] = ""

    def clean(self):
        from plugins.quiz.selection import category_descendants

        cleaned = super().clean()
        slots = self._live_forms(self.formsets.get("slots"))
        draws = self._live_forms(self.formsets.get("category_draws"))
        refusals = self._scope_refusals(slots, draws)
        # What is refused is not the user's to know about: no other message
        # speaks of it (its type, how many questions a category holds).
        refused = [form for form, _field, _message in refusals]
        slots = [form for form in slots if form not in refused]
        slot_questions = [f.cleaned_data["question"] for f in slots]
        hand_marked = [
            q for q in slot_questions if (t := q.type) is not None and not t.auto_graded
        ]
        if any(form not in refused for form in draws):
            tree = category_descendants()
            wanted: set[int] = set()
            for form in draws:
                if form in refused:
                    continue
                category = form.cleaned_data["category"]
                if form.cleaned_data.get("include_subcategories"):
                    wanted |= tree.get(category.pk, {category.pk})
                else:
                    wanted.add(category.pk)
            installed = set(question_types.identifiers())
            bank = list(
                Question.objects.sources()
                .filter(category_id__in=wanted)
                .values_list("pk", "category_id", "question_type", "title")
            )
            taken = {q.pk for q in slot_questions}
            paths = category_paths()
            for position, form in enumerate(draws, start=1):
                if form in refused:
                    continue
                category = form.cleaned_data["category"]
                ids = (
                    tree.get(category.pk, {category.pk})
                    if form.cleaned_data.get("include_subcategories")
                    else {category.pk}
                )
                pool = [
                    row
                    for row in bank
                    if row[1] in ids and row[2] in installed and row[0] not in taken
                ]
                count = form.cleaned_data["count"]
                if count > len(pool):
                    message = _(
                        "Random draw %(position)d asks for %(count)d questions from "
                        "“%(category)s”, which holds %(available)d (not counting "
                        "the quiz's own questions)."
                    ) % {
                        "position": position,
                        "count": count,
                        "category": paths.get(category.pk, category.name),
                        "available": len(pool),
                    }
                    form.add_error("count", message)
                    self.add_error(None, message)
                hand_marked += [
                    row for row in pool if not question_types[row[2]].auto_graded
                ]
        exam_paper = cleaned.get("exam_paper", self.instance.exam_paper)
        if hand_marked and not exam_paper:
            self.add_error(
                "exam_paper",
                _(
                    "This quiz has questions that a trainer marks by hand (essays): "
                    "essays need the exam paper kept to be marked. Turn “exam paper” "
                    "on, or remove those questions."
                ),
            )
        self._refuse(refusals)
        return cleaned
