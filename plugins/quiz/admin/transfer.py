"""The "Import and export" item of the question bank: its viewset and start page.

Importing (``admin.importing``) needs ``quiz.add_question``; exporting
(``admin.exporting``) needs ``quiz.view_question`` or
``quiz.change_question``. The menu item shows to users who may do either;
everyone else is refused by Wagtail (a redirect with a message).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from plugins.quiz.admin.exporting import ExportView, may_export
from plugins.quiz.admin.import_preview import PreviewView
from plugins.quiz.admin.importing import (
    IMPORT_PERMISSION,
    RECENT_IMPORTS,
    ConfirmView,
    ImportView,
)
from plugins.quiz.models import QuestionImport


def may_import(user) -> bool:
    return user.has_perm(IMPORT_PERMISSION)


class TransferMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user) or may_export(request.user)


class TransferIndexView(WagtailAdminTemplateMixin, TemplateView):
    """What the user may do here, and their recent imports."""

    template_name = "quiz/admin/transfer/index.html"
    page_title = _("Import and export questions")
    header_icon = "resubmit"
    import_url_name = export_url_name = preview_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not (may_import(request.user) or may_export(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            may_import=may_import(user),
            may_export=may_export(user),
            import_url=reverse(self.import_url_name),
            export_url=reverse(self.export_url_name),
            preview_url_name=self.preview_url_name,
            recent=QuestionImport.objects.filter(uploaded_by=user)[:RECENT_IMPORTS]
            if may_import(user)
            else [],
        )
        return context


class TransferViewSet(ViewSet):
    """Import question files into the bank; export categories and quizzes."""

    name = "quiz_transfer"
    icon = "resubmit"
    menu_label = _("Import and export")
    menu_item_class = TransferMenuItem

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            index_url_name=self.get_url_name("index"),
            import_url_name=self.get_url_name("import"),
            preview_url_name=self.get_url_name("preview"),
            confirm_url_name=self.get_url_name("confirm"),
            export_url_name=self.get_url_name("export"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.construct_view(TransferIndexView), name="index"),
            path("import/", self.construct_view(ImportView), name="import"),
            path("import/<uuid:pk>/", self.construct_view(PreviewView), name="preview"),
            path(
                "import/<uuid:pk>/confirm/",
                self.construct_view(ConfirmView),
                name="confirm",
            ),
            path("export/", self.construct_view(ExportView), name="export"),
        ]
