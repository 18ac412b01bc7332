"""The admin side of new editions: the explorer's "New edition" buttons,
the form and its view (``courses_new_edition``). The copying itself is
:func:`courses.authoring.editions.make_edition`.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from courses.authoring.editions import (
    EditionRefused,
    make_edition,
    refusal,
    versions_of,
)


class NewEditionForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title of the new edition"), max_length=255
    )
    slug = forms.SlugField(
        label=gettext_lazy("Slug"),
        max_length=255,
        allow_unicode=True,
        help_text=gettext_lazy(
            "The new edition's address in the catalog: letters, numbers and "
            "hyphens, different from every other course's."
        ),
    )
    edition = forms.CharField(
        label=gettext_lazy("Edition"),
        max_length=100,
        help_text=gettext_lazy("Printed on its certificates, e.g. “2027”."),
    )
    keep_live = forms.BooleanField(
        label=gettext_lazy("Keep live"),
        required=False,
        help_text=gettext_lazy(
            "Publish the new edition's pages that are published now. Unticked, "
            "the new edition is a draft for you to revise and publish."
        ),
    )
    renews = forms.BooleanField(
        label=gettext_lazy("Renews this course's certificates"),
        required=False,
        help_text=gettext_lazy(
            "Officers who complete the new edition get their certificate of "
            "this course renewed. Unticked, the new edition renews nothing "
            "(you can set it later)."
        ),
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.translations = versions[1:]
        for version in self.translations:
            self.fields[f"title_{version.page.pk}"] = forms.CharField(
                label=_("Title of the new edition (%(language)s version)")
                % {"language": language_name(version.language)},
                max_length=255,
                initial=version.page.title,
                widget=forms.TextInput(attrs={"lang": version.language}),
            )

    def titles(self, versions) -> dict[int, str]:
        titles = {versions[0].page.pk: self.cleaned_data["title"]}
        for version in self.translations:
            titles[version.page.pk] = self.cleaned_data[f"title_{version.page.pk}"]
        return titles

    def translation_title_fields(self):
        return [self[f"title_{version.page.pk}"] for version in self.translations]


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def next_year() -> str:
    return str(timezone.localdate().year + 1)


class NewEditionView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/authoring/new_edition.html"
    page_title = gettext_lazy("New edition")
    header_icon = "copy"

    def setup(self, request, *args, **kwargs):
        from courses.models import CoursePage

        super().setup(request, *args, **kwargs)
        self.course = get_object_or_404(CoursePage, pk=kwargs["course_id"])
        self.versions = versions_of(self.course)
        # The form's first title is the course asked for, then its translations.
        self.versions.sort(key=lambda v: v.page.pk != self.course.pk)

    def dispatch(self, request, *args, **kwargs):
        reason = refusal(request.user, self.versions, keep_live=False)
        if reason or not request.user.is_active:
            # A 403 with the reason (the admin would turn PermissionDenied
            # into a redirect to its dashboard).
            return permission_denied(request, PermissionDenied(reason or ""))
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.course.title

    @cached_property
    def form(self):
        if self.request.method == "POST":
            return NewEditionForm(self.request.POST, versions=self.versions)
        year = next_year()
        return NewEditionForm(
            versions=self.versions,
            initial={
                "title": self.course.title,
                "slug": f"{self.course.slug}-{year}",
                "edition": year,
            },
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            course=self.course,
            form=self.form,
            translations=self.versions[1:],
            page_count=Page.objects.descendant_of(self.course, inclusive=True).count(),
            explore_url=reverse(
                "wagtailadmin_explore", args=[self.course.get_parent().pk]
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.form
        if form.is_valid():
            data = form.cleaned_data
            try:
                copy = make_edition(
                    self.course,
                    user=request.user,
                    slug=data["slug"],
                    edition=data["edition"],
                    titles=form.titles(self.versions),
                    keep_live=data["keep_live"],
                    renews=data["renews"],
                )
            except EditionRefused as refused:
                form.add_error(refused.field, refused.message)
            else:
                if copy.live:
                    message = _("New edition “%(title)s” made from “%(source)s”.")
                else:
                    message = _(
                        "New edition “%(title)s” made from “%(source)s”, as a "
                        "draft: revise it, then publish it."
                    )
                messages.success(
                    request,
                    message % {"title": copy.title, "source": self.course.title},
                )
                return redirect("wagtailadmin_pages:edit", copy.pk)
        return self.render_to_response(self.get_context_data())


def _parent_of(page, user):
    """The page's parent, fetched once per request for the listing's rows."""
    cache = user.__dict__.setdefault("_lms_edition_parents", {})
    path = page.path[: -Page.steplen]
    if path not in cache:
        cache[path] = Page.objects.filter(path=path).specific().first()
    return cache[path]


class NewEditionButton(PageMenuItem):
    label = gettext_lazy("New edition")
    icon_name = "copy"
    url_name = "courses_new_edition"

    def is_shown(self, user):
        from courses.models import CoursePage

        page = self.page
        if not user.is_active or not issubclass(page.specific_class, CoursePage):
            return False
        parent = _parent_of(page, user)
        return (
            parent is not None
            and page.permissions_for_user(user).can_edit()
            and parent.permissions_for_user(user).can_add_subpage()
        )


@hooks.register("register_page_listing_more_buttons")
def new_edition_listing_button(page, user, next_url=None):
    yield NewEditionButton(page=page, priority=25)


@hooks.register("register_page_header_buttons")
def new_edition_header_button(page, user, view_name, next_url=None):
    yield NewEditionButton(page=page, priority=35)


@hooks.register("register_admin_urls")
def new_edition_urls():
    return [
        path(
            "courses/<int:course_id>/new-edition/",
            NewEditionView.as_view(),
            name="courses_new_edition",
        )
    ]
