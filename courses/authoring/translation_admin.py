"""The "Translations" admin view of a course, its PO export and import.

``/admin/courses/<id>/translations/`` lists the course page by page (and the
objects translated with each page, such as a quiz's questions) with how far
its translation has come (``courses.translation_status``), the segments that
changed since they were translated (the new source text next to the old
translation), links to wagtail-localize's editor, a "sync" action where the
source changed since its last sync, the course's PO file to download, and a
form to upload it translated (``courses.translation_po``).

Who may: the course's trainers (of any of its versions), lead trainers and
platform admins (:func:`may_translate`); anyone else gets a 403 (Wagtail's
admin sends people without admin access to its sign-in page first).
Reachable from the course's page header ("Translations") and the "My
courses" panel.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from courses.authoring.admin_home import is_lead_trainer
from courses.models import CoursePage
from courses.translation_po import (
    MAX_PO_BYTES,
    PORefused,
    describe,
    export_course_po,
    import_course_po,
    read_po,
)
from courses.translation_status import (
    course_source,
    course_translation_status,
    translation_pairs,
)


def may_translate(user, course) -> bool:
    """May ``user`` see and change ``course``'s translations? Its trainers
    (of any version), lead trainers and platform admins."""
    if not user.is_active:
        return False
    if user.is_superuser or is_lead_trainer(user):
        return True
    return course.permissions_for_user(user).can_edit()


def translations_url(course, language: str | None = None) -> str:
    url = reverse("courses_translations", args=[course.pk])
    return f"{url}?language={language}" if language else url


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Translated PO file"),
        help_text=gettext_lazy(
            "The file downloaded above, translated (with Poedit, say). "
            "Entries still marked “fuzzy” or left empty are skipped."
        ),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publish the translated pages"),
        required=False,
        help_text=gettext_lazy(
            "Only pages you may publish are published; the others are saved "
            "as drafts for a lead trainer's review."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before reading: never hold a huge upload in memory.
        if upload.size > MAX_PO_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB; at most %(max)s MB).")
                % {
                    "size": upload.size // (1024 * 1024),
                    "max": MAX_PO_BYTES // (1024 * 1024),
                }
            )
        try:
            return read_po(upload.read())
        except PORefused as refused:
            raise forms.ValidationError(str(refused)) from refused


class CourseTranslationsMixin:
    """Finds the course and the target language, and checks access."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.course = get_object_or_404(CoursePage, pk=kwargs["course_id"])
        language = kwargs.get("language") or request.GET.get("language")
        if language:
            self.target = Locale.objects.filter(language_code=language).first()
        else:
            pair = translation_pairs([self.course]).get(self.course.pk)
            self.target = pair[1] if pair else None
        if self.target is None:
            raise Http404(_("There is no locale for this language."))
        self.source = course_source(self.course, self.target)
        if self.source.locale_id == self.target.pk:
            raise Http404(_("The course is written in this language."))

    def dispatch(self, request, *args, **kwargs):
        if not may_translate(request.user, self.course):
            # A 403 with the reason (the admin would turn PermissionDenied
            # into a redirect to its dashboard).
            return permission_denied(
                request,
                PermissionDenied(
                    _("Only the course's trainers and lead trainers may do this.")
                ),
            )
        return super().dispatch(request, *args, **kwargs)


class TranslationsView(
    CourseTranslationsMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "courses/authoring/translations/status.html"
    page_title = gettext_lazy("Translations")
    header_icon = "globe"
    form = None
    report = None

    def get_page_subtitle(self):
        return self.course.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = course_translation_status(self.source, self.target)
        language = self.target.language_code
        context.update(
            course=self.course,
            status=status,
            target=self.target,
            language=language,
            language_name=self.target.get_display_name(),
            rows=[(row, _row_extras(row)) for row in status.rows],
            export_url=reverse(
                "courses_translations_export", args=[self.course.pk, language]
            ),
            import_url=reverse(
                "courses_translations_import", args=[self.course.pk, language]
            ),
            sync_url=reverse(
                "courses_translations_sync", args=[self.course.pk, language]
            ),
            form=self.form or ImportForm(),
            report=self.report,
            edit_course_url=reverse("wagtailadmin_pages:edit", args=[self.course.pk]),
        )
        return context


def _row_extras(row) -> dict:
    """What the template shows of a row's changed segments, with where they are."""
    return {
        "outdated": [
            (describe(row.obj, segment.path), segment)
            for segment in row.status.outdated_segments
        ],
    }


class ImportView(TranslationsView):
    """Upload a translated PO file; the result is the status page with a report."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.form = ImportForm(request.POST, request.FILES)
        if self.form.is_valid():
            try:
                self.report = import_course_po(
                    self.source,
                    self.target,
                    self.form.cleaned_data["file"],
                    user=request.user,
                    publish=self.form.cleaned_data["publish"],
                )
            except PORefused as refused:
                self.form.add_error("file", str(refused))
            else:
                self.form = None
                messages.success(
                    request,
                    _("%(count)s translations imported into “%(course)s”.")
                    % {"count": self.report.written, "course": self.course.title},
                )
        return self.render_to_response(self.get_context_data())


class ExportView(CourseTranslationsMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        po = export_course_po(self.source, self.target)
        name = f"{slugify(self.source.slug) or 'course'}.{self.target.language_code}.po"
        response = HttpResponse(
            str(po), content_type="text/x-gettext-translation; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class SyncView(CourseTranslationsMixin, TemplateView):
    """Sync the sources that changed (wagtail-localize's ``update_from_db``):
    one (``source`` in the form) or every one of the course (none given)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        status = course_translation_status(self.source, self.target)
        changed = {
            row.status.source_pk: row
            for row in status.rows
            if row.status.source_pk and row.status.source_changed
        }
        wanted = request.POST.get("source")
        if wanted:
            if not wanted.isdigit() or int(wanted) not in changed:
                raise Http404(_("Nothing to sync here."))
            changed = {int(wanted): changed[int(wanted)]}
        for source in TranslationSource.objects.filter(pk__in=list(changed)):
            source.update_from_db()
        messages.success(
            request,
            _("%(count)s pages or objects synced with their source.")
            % {"count": len(changed)},
        )
        return redirect(translations_url(self.course, self.target.language_code))


class TranslationsMenuItem(PageMenuItem):
    label = gettext_lazy("Translations")
    icon_name = "globe"
    url_name = "courses_translations"

    def is_shown(self, user):
        page = self.page
        return issubclass(page.specific_class, CoursePage) and may_translate(user, page)


@hooks.register("register_page_header_buttons")
def translations_header_button(page, user, view_name, next_url=None):
    yield TranslationsMenuItem(page=page, priority=40)


@hooks.register("register_page_listing_more_buttons")
def translations_listing_button(page, user, next_url=None):
    yield TranslationsMenuItem(page=page, priority=30)


@hooks.register("register_admin_urls")
def translations_urls():
    return [
        path(
            "courses/<int:course_id>/translations/",
            TranslationsView.as_view(),
            name="courses_translations",
        ),
        path(
            "courses/<int:course_id>/translations/<str:language>/export.po",
            ExportView.as_view(),
            name="courses_translations_export",
        ),
        path(
            "courses/<int:course_id>/translations/<str:language>/import/",
            ImportView.as_view(),
            name="courses_translations_import",
        ),
        path(
            "courses/<int:course_id>/translations/<str:language>/sync/",
            SyncView.as_view(),
            name="courses_translations_sync",
        ),
    ]
