"""The admin side of batch review (``courses.authoring.batch_review``).

- "Submit the whole module for review" / "Submit the whole edition for
  review" on a module or course (its header, and the explorer's "More"
  menu): a confirmation listing the pages that go, then the submission
  (``courses_submit_batch``).
- The batch page (``courses_review_batch``): every page of the batch with
  its course and module, its state and links to its own review; for lead
  trainers, "Approve all" and "Request changes" with one comment.
- "Review as a whole" in the header of a page that is part of a batch in
  review.

Every view answers 403 with the reason to anyone who may not do what it
offers; the buttons follow the same rules.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from courses.authoring.batch_review import (
    APPROVE,
    REJECT,
    BatchRefused,
    batch_items,
    decide_batch,
    may_decide,
    open_batches_for,
    pages_to_submit,
    submission_refusal,
    submit_batch,
)
from courses.authoring.breadcrumbs import course_trails
from courses.authoring.publish_guard import ParentNotLive
from courses.models import CoursePage, ModulePage, ReviewBatch


def _refuse(request, message):
    # A 403 with the reason: the admin would turn PermissionDenied into a
    # redirect to its dashboard without saying why.
    return permission_denied(request, PermissionDenied(message))


def submit_label(page) -> str:
    if issubclass(page.specific_class or type(page), CoursePage):
        return _("Submit the whole edition for review")
    return _("Submit the whole module for review")


class SubmitBatchView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/authoring/submit_batch.html"
    header_icon = "resubmit"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not isinstance(page, (CoursePage, ModulePage)):
            raise PermissionDenied
        self.root = page
        self.pages = pages_to_submit(page)

    def dispatch(self, request, *args, **kwargs):
        reason = submission_refusal(request.user, self.root, self.pages)
        if reason and not self.pages and self._may_edit(request.user):
            # Nothing to submit: say so on the page, without a 403.
            messages.warning(request, reason)
            return redirect("wagtailadmin_pages:edit", self.root.pk)
        if reason:
            return _refuse(request, reason)
        return super().dispatch(request, *args, **kwargs)

    def _may_edit(self, user) -> bool:
        return user.is_active and self.root.permissions_for_user(user).can_edit()

    def get_page_title(self):
        return submit_label(self.root)

    def get_page_subtitle(self):
        return self.root.draft_title or self.root.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trails = course_trails(self.pages)
        context.update(
            root=self.root,
            rows=[
                (page, trails.get(page.pk, ""), page._meta.verbose_name)
                for page in self.pages
            ],
            cancel_url=reverse("wagtailadmin_pages:edit", args=[self.root.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            batch = submit_batch(self.root, request.user)
        except BatchRefused as refused:
            return _refuse(request, refused.message)
        count = batch.workflow_states.count()
        message = ngettext(
            "“%(title)s” was submitted for review as a whole (%(count)s page).",
            "“%(title)s” and the pages under it were submitted for review as a "
            "whole (%(count)s pages).",
            count,
        )
        messages.success(
            request, message % {"title": self.get_page_subtitle(), "count": count}
        )
        return redirect("courses_review_batch", batch.pk)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            (APPROVE, gettext_lazy("Approve all and publish")),
            (REJECT, gettext_lazy("Request changes")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Sent to the trainer with the decision, and kept in each page's history."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == REJECT and not (data.get("comment") or "").strip():
            self.add_error(
                "comment", _("Say what needs to change: the trainer reads this.")
            )
        return data


class ReviewBatchView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/authoring/review_batch.html"
    page_title = gettext_lazy("Review as a whole")
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.batch = get_object_or_404(
            ReviewBatch.objects.select_related("root", "requested_by"),
            pk=kwargs["batch_id"],
        )
        self.items = batch_items(self.batch)
        self.form = DecisionForm(request.POST if request.method == "POST" else None)

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        self.can_decide = may_decide(user, self.items)
        root = self.batch.root.specific
        may_see = user.is_active and (
            self.can_decide
            or user.is_superuser
            or root.permissions_for_user(user).can_edit()
        )
        if not may_see:
            return _refuse(
                request, _("Only the course's trainers and lead trainers may do this.")
            )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.batch.root.draft_title or self.batch.root.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trails = course_trails([item.page for item in self.items])
        context.update(
            batch=self.batch,
            rows=[
                (item, trails.get(item.page.pk, ""), item.page._meta.verbose_name)
                for item in self.items
            ],
            pending=sum(1 for item in self.items if item.in_review),
            can_decide=self.can_decide,
            form=self.form,
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.can_decide and not any(item.in_review for item in self.items):
            messages.error(
                request, _("This review was already decided; nothing was changed.")
            )
            return redirect("courses_review_batch", self.batch.pk)
        if not self.can_decide:
            return _refuse(
                request,
                _("Only lead trainers may decide this review, while it is in review."),
            )
        if not self.form.is_valid():
            return self.render_to_response(self.get_context_data())
        decision = self.form.cleaned_data["decision"]
        try:
            count = decide_batch(
                self.batch, request.user, decision, self.form.cleaned_data["comment"]
            )
        except (BatchRefused, ParentNotLive) as refused:
            messages.error(request, refused.message)
            return redirect("courses_review_batch", self.batch.pk)
        if decision == APPROVE:
            message = ngettext(
                "Approved and published %(count)s page of “%(title)s”.",
                "Approved and published %(count)s pages of “%(title)s”.",
                count,
            )
        else:
            message = ngettext(
                "Changes requested on %(count)s page of “%(title)s”.",
                "Changes requested on %(count)s pages of “%(title)s”.",
                count,
            )
        messages.success(
            request, message % {"count": count, "title": self.get_page_subtitle()}
        )
        return redirect("courses_review_batch", self.batch.pk)


class SubmitBatchButton(PageMenuItem):
    icon_name = "resubmit"
    url_name = "courses_submit_batch"

    def is_shown(self, user):
        page = self.page
        model = page.specific_class
        if not user.is_active or not issubclass(model, (CoursePage, ModulePage)):
            return False
        return page.permissions_for_user(user).can_edit()


def _submit_button(page, priority):
    return SubmitBatchButton(label=submit_label(page), page=page, priority=priority)


@hooks.register("register_page_listing_more_buttons")
def submit_batch_listing_button(page, user, next_url=None):
    yield _submit_button(page, 26)


@hooks.register("register_page_header_buttons")
def batch_header_buttons(page, user, view_name, next_url=None):
    yield _submit_button(page, 36)
    batch = open_batches_for([page]).get(page.pk)
    if batch is not None and user.is_active:
        yield PageMenuItem(
            label=_("Review as a whole"),
            url=reverse("courses_review_batch", args=[batch.pk]),
            icon_name="tasks",
            priority=37,
            page=page,
        )


@hooks.register("register_admin_urls")
def batch_review_urls():
    return [
        path(
            "courses/review/<int:page_id>/submit/",
            SubmitBatchView.as_view(),
            name="courses_submit_batch",
        ),
        path(
            "courses/review/batches/<int:batch_id>/",
            ReviewBatchView.as_view(),
            name="courses_review_batch",
        ),
    ]
