"""Moving questions to another category in bulk, from the question index.

A Wagtail bulk action (the index's checkboxes and footer, served by
Wagtail's ``wagtail_bulk_action`` route as
``/admin/bulk/quiz/question/move/``). It needs ``quiz.change_question``.

The move is one ``UPDATE`` in one transaction, with the target category
locked, so it is all or nothing and a category deleted meanwhile refuses the
move instead of failing half-way. Moving changes neither a question's
version nor any attempt: officers never see the category
(``plugins.quiz.versioning``), and attempts keep their snapshot.

A move changes which questions random draws offer, so it follows the bank's
course rule (``course_scope``): questions the user may not see are left out
of the selection, and the move is refused, naming the course, when a moved
question is used by a course whose pages the user may not edit, or when
such a course's quizzes draw from the target category.
"""

from __future__ import annotations

from uuid import uuid4

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import LogFormatter
from wagtail.models import ModelLogEntry

from plugins.quiz.admin.course_scope import (
    bank_access,
    category_refusal,
    change_refusal,
)
from plugins.quiz.admin.forms import category_paths, label_categories_by_path
from plugins.quiz.admin.question_filters import listing_queryset
from plugins.quiz.models import Question, QuestionCategory


class MoveRefused(Exception):
    """The move cannot happen; ``message`` says why. Nothing was changed."""

    def __init__(self, message: str):
        self.message = str(message)
        super().__init__(self.message)


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("Move to category"),
        queryset=QuestionCategory.objects.sources(),
        empty_label=gettext_lazy("Choose a category"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "This category does not exist (it may have just been deleted): "
                "choose another one."
            ),
            "required": gettext_lazy("Choose the category to move the questions to."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_categories_by_path(self.fields["category"])


def requested_ids(values) -> list[int]:
    """The posted ``id`` values that are question ids at all (others are ignored)."""
    ids = []
    for value in values:
        if value.isascii() and value.isdigit() and len(value) < 19:
            ids.append(int(value))
    return ids


class MoveQuestionsBulkAction(PermissionCheckedMixin, BulkAction):
    display_name = gettext_lazy("Move to category")
    action_type = "move"
    aria_label = gettext_lazy("Move the selected questions to another category")
    template_name = "quiz/admin/bank/confirm_bulk_move.html"
    action_priority = 20
    form_class = MoveForm
    models = [Question]
    permission_required = "change"

    @classmethod
    def get_queryset(cls, model, object_ids):
        if isinstance(object_ids, QuerySet):  # "all in listing": a subquery
            ids = object_ids
        else:
            # Ids that are not numbers would make the database lookup fail.
            ids = requested_ids(object_ids)
        return list(
            Question.objects.sources().filter(pk__in=ids).order_by("title", "pk")
        )

    def get_all_objects_in_listing_query(self, parent_id):
        return listing_queryset(self.request).values_list("pk", flat=True)

    def check_perm(self, obj):
        return self.user_has_permission("change") and bank_access(
            self.request.user
        ).may_see(obj)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paths = category_paths()
        for item in context["items"]:
            item["category"] = paths.get(item["item"].category_id, "")
        context["header_icon"] = "help"
        context["missing"] = self.missing_count(
            len(context["items"]) + len(context.get("items_with_no_access", ()))
        )
        return context

    def missing_count(self, found: int) -> int:
        """Selected ids that are no longer questions (deleted since the listing)."""
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            return 0
        return max(0, len(set(requested_ids(ids))) - found)

    def prepare_action(self, objects, objects_without_access):
        self.left_out = len(objects_without_access.get("items_with_no_access", ()))

    def get_execution_context(self):
        return {
            "target_id": self.cleaned_form.cleaned_data["category"].pk,
            "user": self.request.user,
        }

    @classmethod
    def execute_action(cls, objects, target_id=None, user=None, **kwargs):
        """Move ``objects`` to category ``target_id``; runs inside a transaction.

        Returns ``(moved, already_there)``. Raises :class:`MoveRefused` (which
        rolls the transaction back) when the category is gone or nothing
        would move. Each moved question's history records the move.
        """
        target = (
            QuestionCategory.objects.select_for_update()
            .filter(pk=target_id)
            .only("pk", "name")
            .first()
        )
        if target is None:
            raise MoveRefused(
                _(
                    "The category you chose no longer exists: nothing was moved. "
                    "Choose another category."
                )
            )
        ids = [question.pk for question in objects]
        # Read the categories again under lock: the listing may be stale.
        current = dict(
            Question.objects.select_for_update()
            .filter(pk__in=ids)
            .values_list("pk", "category_id")
        )
        if not current:
            raise MoveRefused(
                _("None of the selected questions exists any more: nothing was moved.")
            )
        to_move = {
            pk for pk, category_id in current.items() if category_id != target.pk
        }
        if user is not None:
            access = bank_access(user)
            titles = access.question_blockers(sorted(to_move))
            if titles:
                raise MoveRefused(
                    _("Nothing was moved. %(reason)s")
                    % {"reason": change_refusal(titles)}
                )
            titles = access.blocking(access.owners_drawing_from(target.pk))
            if titles:
                raise MoveRefused(
                    _("Nothing was moved. %(reason)s")
                    % {"reason": category_refusal(titles)}
                )
        already_there = len(current) - len(to_move)
        if not to_move:
            raise MoveRefused(
                ngettext(
                    "The selected question is already in “%(category)s”: "
                    "nothing was moved.",
                    "All %(n)d selected questions are already in “%(category)s”: "
                    "nothing was moved.",
                    len(current),
                )
                % {"n": len(current), "category": category_paths().get(target.pk)}
            )
        # An UPDATE, not save(): a move is not an edit of what officers answer,
        # so the version stays (save_with_version is not involved).
        now = timezone.now()
        Question.objects.filter(pk__in=to_move).update(
            category_id=target.pk, updated_at=now
        )
        # Their Khmer translations follow (the category is synchronised).
        Question.objects.filter(
            translation_key__in=Question.objects.filter(pk__in=to_move).values(
                "translation_key"
            )
        ).exclude(pk__in=to_move).update(category_id=target.pk)
        record_moves(
            [question for question in objects if question.pk in to_move],
            {pk: current[pk] for pk in to_move},
            target.pk,
            user=user,
            timestamp=now,
        )
        return len(to_move), already_there

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except MoveRefused as refusal:
            messages.error(self.request, refusal.message)
            return redirect(self.request.get_full_path())

    def get_success_message(self, num_parent_objects, num_child_objects):
        category = self.cleaned_form.cleaned_data["category"]
        parts = [
            ngettext(
                "Moved %(n)d question to “%(category)s”.",
                "Moved %(n)d questions to “%(category)s”.",
                num_parent_objects,
            )
            % {
                "n": num_parent_objects,
                "category": category_paths().get(category.pk, category.name),
            }
        ]
        if num_child_objects:
            parts.append(
                ngettext(
                    "%(n)d was already there.",
                    "%(n)d were already there.",
                    num_child_objects,
                )
                % {"n": num_child_objects}
            )
        left_out = getattr(self, "left_out", 0)
        if left_out:
            parts.append(
                ngettext(
                    "%(n)d selected question is used by quizzes of courses you do "
                    "not train and was left out.",
                    "%(n)d selected questions are used by quizzes of courses you do "
                    "not train and were left out.",
                    left_out,
                )
                % {"n": left_out}
            )
        missing = self.missing_count(len(self.actionable_objects) + left_out)
        if missing:
            parts.append(
                ngettext(
                    "%(n)d selected question no longer exists.",
                    "%(n)d selected questions no longer exist.",
                    missing,
                )
                % {"n": missing}
            )
        return " ".join(parts)


# History ---------------------------------------------------------------------

MOVED = "quiz.question_moved"


class QuestionMovedFormatter(LogFormatter):
    label = gettext_lazy("Move to another category")

    def format_message(self, log_entry):
        return _("Moved from “%(source)s” to “%(target)s”") % {
            "source": log_entry.data.get("from", ""),
            "target": log_entry.data.get("to", ""),
        }


def register_log_actions(actions):
    actions.register_action(MOVED)(QuestionMovedFormatter)


def record_moves(
    questions, sources: dict[int, int], target_id: int, *, user, timestamp
):
    """One history entry per moved question, written in one query."""
    if not questions:
        return
    paths = category_paths()
    content_type = ContentType.objects.get_for_model(Question)
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(question.pk),
            label=question.title[:255],
            action=MOVED,
            timestamp=timestamp,
            user=user if getattr(user, "is_authenticated", False) else None,
            # Wagtail's history keeps one entry per (uuid, action) across all
            # objects: a shared uuid would hide all but one question's entry.
            uuid=uuid4(),
            data={
                "from": paths.get(sources[question.pk], ""),
                "to": paths.get(target_id, ""),
            },
        )
        for question in questions
    )


# Registered here, not in wagtail_hooks.py: this module is imported with the
# question viewset (plugins.quiz.admin.questions), which wagtail_hooks imports.
hooks.register("register_bulk_action", MoveQuestionsBulkAction)
hooks.register("register_log_actions", register_log_actions)
