"""Certificate designs in the admin: layout, colours, logos, signatories, preview.

A design is a snippet, so a course's "certificate design" field gets Wagtail's
snippet chooser. Saving a design that issued certificates use queues their
regeneration (``certificates.tasks.rerender_design``) once the save has
committed; the hash of every replaced file stays on record.

"Preview" renders the design with a sample officer (``certificates.data``) to
a PDF shown in the browser: from the saved design (a button on the edit page
and in the listing), or from the unsaved form ("Preview PDF" in the save menu),
so a change can be checked before it reaches issued certificates.
"""

from __future__ import annotations

import dataclasses

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import policy_registry
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from certificates.hooks import certificate_layouts, layout_choices
from certificates.models import CertificateDesign


class CertificateDesignForm(WagtailAdminModelForm):
    """The design form: the layout is chosen from the installed layouts.

    A design whose layout has been uninstalled keeps showing it (marked "not
    installed") instead of silently switching to another; saving it is then
    refused by the model's ``clean`` with the list of installed layouts.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = layout_choices()
        current = self.instance.layout if self.instance.pk else None
        if current and current not in certificate_layouts:
            choices.append(
                (current, _("%(layout)s (not installed)") % {"layout": current})
            )
        layout = self.fields["layout"]
        layout.widget = forms.Select(choices=choices)
        if not self.instance.pk and choices and "classic" not in dict(choices):
            layout.initial = choices[0][0]

    def clean_is_default(self):
        is_default = self.cleaned_data.get("is_default")
        if is_default:
            other = (
                CertificateDesign.objects.filter(is_default=True)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if other is not None:
                raise forms.ValidationError(
                    _(
                        "“%(design)s” is the default design already. Untick "
                        "“default design” there first."
                    )
                    % {"design": other.name}
                )
        return is_default


def colour_widget():
    # The browser's colour picker always posts "#rrggbb", the stored format.
    return forms.TextInput(attrs={"type": "color", "class": "w-w-16"})


DESIGN_PANELS = [
    MultiFieldPanel(
        [
            FieldPanel("name"),
            FieldPanel("layout"),
            FieldPanel("is_default"),
        ],
        heading=gettext_lazy("Design"),
    ),
    MultiFieldPanel(
        [FieldPanel("issuer_name"), FieldPanel("issuer_name_km")],
        heading=gettext_lazy("Issuing organisation"),
    ),
    MultiFieldPanel(
        [
            FieldPanel("primary_colour", widget=colour_widget()),
            FieldPanel("accent_colour", widget=colour_widget()),
        ],
        heading=gettext_lazy("Colours"),
    ),
    InlinePanel(
        "logos",
        heading=gettext_lazy("Logos"),
        label=gettext_lazy("Logo"),
        panels=[FieldPanel("image"), FieldPanel("alt_text")],
    ),
    InlinePanel(
        "signatories",
        heading=gettext_lazy("Signatories"),
        label=gettext_lazy("Signatory"),
        panels=[
            FieldPanel("name"),
            FieldPanel("name_km"),
            FieldPanel("title"),
            FieldPanel("title_km"),
            FieldPanel("signature"),
        ],
    ),
]


def design_policy():
    return policy_registry.get_by_type(CertificateDesign)


def preview_response(request, design: CertificateDesign, *, back_url: str):
    """The design rendered with sample data, as an inline PDF.

    A refused render (``RenderError``: a logo that cannot be loaded, a layout
    that breaks the limits) is reported as an admin message on ``back_url``.
    """
    from certificates import render_pool
    from certificates.data import sample_data
    from certificates.rendering import RenderError

    data = sample_data(design)
    # The design's own layout, even before it is saved.
    data = dataclasses.replace(data, layout=design.layout)
    try:
        # A specimen: never signed with the platform's key.
        pdf = render_pool.render(data, sign=False)
    except RenderError as error:
        messages.error(
            request,
            _("The preview of “%(design)s” could not be made: %(error)s")
            % {"design": design.name or _("new design"), "error": error},
        )
        return redirect(back_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"preview-{slugify(design.name) or 'design'}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PreviewView(WagtailAdminTemplateMixin, View):
    """GET: the saved design; POST: the design as its form holds it, unsaved.

    Anyone who may see a design may preview it. Previewing unsaved changes
    needs the permission to make them (change, or add for a new design); the
    form is validated first, and nothing is saved.
    """

    http_method_names = ["get", "post"]
    template_name = "certificates/admin/design_preview_errors.html"
    page_title = gettext_lazy("The preview could not be made")
    header_icon = "warning"
    form_class = None
    edit_url_name = None
    add_url_name = None
    index_url_name = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Certificate designs")},
            {"url": self.back_url, "label": _("Design")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, pk=None):
        if pk is None:  # a new design exists only as the form posted to us
            return HttpResponseNotAllowed(["POST"])
        if not design_policy().user_has_any_permission(
            request.user, ["add", "change", "delete", "view"]
        ):
            raise PermissionDenied
        design = get_object_or_404(CertificateDesign, pk=pk)
        return preview_response(
            request, design, back_url=reverse(self.edit_url_name, args=[pk])
        )

    def post(self, request, pk=None):
        policy = design_policy()
        if pk is None:
            if not policy.user_has_permission(request.user, "add"):
                raise PermissionDenied
            instance = CertificateDesign()
            back_url = reverse(self.add_url_name)
        else:
            instance = get_object_or_404(CertificateDesign, pk=pk)
            if not policy.user_has_permission_for_instance(
                request.user, "change", instance
            ):
                raise PermissionDenied
            back_url = reverse(self.edit_url_name, args=[pk])
        form = self.form_class(
            request.POST, request.FILES, instance=instance, for_user=request.user
        )
        if not form.is_valid():
            return self.form_errors(request, form, back_url)
        # The cluster form builds the logos and signatories in memory only.
        design = form.save(commit=False)
        return preview_response(request, design, back_url=back_url)

    def form_errors(self, request, form, back_url):
        self.back_url = back_url
        context = self.get_context_data(form=form, back_url=back_url)
        return self.render_to_response(context, status=400)


class PreviewMenuItem(ActionMenuItem):
    """ "Preview PDF" in the save menu: posts the form to the preview view."""

    label = gettext_lazy("Preview PDF")
    name = "action-preview-pdf"
    icon_name = "view"
    template_name = "certificates/admin/preview_menu_item.html"

    def is_shown(self, context):
        return context.get("model") is CertificateDesign and super().is_shown(context)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        viewset = CertificateDesign.snippet_viewset
        instance = parent_context.get("instance")
        if instance is not None and instance.pk:
            context["preview_url"] = reverse(
                viewset.get_url_name("preview"), args=[instance.pk]
            )
        else:
            context["preview_url"] = reverse(viewset.get_url_name("preview_new"))
        return context


def preview_menu_item(model):
    if model is CertificateDesign:
        return PreviewMenuItem(order=50)
    return None


class DesignEditView(EditView):
    pdf_preview_url_name = None

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Preview PDF"),
                url=reverse(self.pdf_preview_url_name, args=[self.object.pk]),
                icon_name="view",
                attrs={"target": "_blank", "rel": "noopener"},
            ),
        ]

    def save_instance(self):
        instance = super().save_instance()
        design_id = instance.pk

        def queue_rerender():
            from certificates.tasks import rerender_design

            rerender_design.enqueue(design_id)

        # Only once the new design is committed: the task reads it back.
        transaction.on_commit(queue_rerender)
        return instance


class DesignIndexView(IndexView):
    pdf_preview_url_name = None

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(
                _("Preview PDF"),
                url=reverse(self.pdf_preview_url_name, args=[instance.pk]),
                icon_name="view",
                priority=15,
            ),
        ]


class CertificateDesignViewSet(SnippetViewSet):
    model = CertificateDesign
    icon = "form"
    menu_label = gettext_lazy("Designs")
    menu_order = 20
    admin_url_namespace = "certificate_designs"
    base_url_path = "certificates/designs"
    edit_view_class = DesignEditView
    index_view_class = DesignIndexView
    list_display = ["name", "layout", "issuer_name", "is_default", "updated_at"]
    search_fields = ["name", "issuer_name", "issuer_name_km"]
    search_backend_name = None
    copy_view_enabled = True
    inspect_view_enabled = False

    def get_edit_handler(self):
        return ObjectList(
            DESIGN_PANELS, base_form_class=CertificateDesignForm
        ).bind_to_model(self.model)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            pdf_preview_url_name=self.get_url_name("preview"), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            pdf_preview_url_name=self.get_url_name("preview"), **kwargs
        )

    @property
    def preview_pdf_view(self):
        return PreviewView.as_view(
            form_class=self.get_form_class(for_update=True),
            edit_url_name=self.get_url_name("edit"),
            add_url_name=self.get_url_name("add"),
            index_url_name=self.get_url_name("list"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("preview/<int:pk>/", self.preview_pdf_view, name="preview"),
            path("preview/new/", self.preview_pdf_view, name="preview_new"),
        ]


def refuse_deleting_used_designs(request, instances):
    """``before_delete_snippet``: a design that issued certificates use stays.

    Their PDFs are regenerated from it (after a reissue or a layout change);
    without it they would lose their logos and colours. Runs for the delete
    view and for bulk deletion from the listing alike.
    """
    used = [
        design
        for design in instances
        if isinstance(design, CertificateDesign) and design.certificates.exists()
    ]
    if not used:
        return None
    messages.error(
        request,
        _(
            "“%(designs)s” cannot be deleted: issued certificates use it, and "
            "their PDFs are made from it. Change it instead, or make another "
            "design the default."
        )
        % {"designs": "”, “".join(design.name for design in used)},
    )
    return redirect(CertificateDesign.snippet_viewset.get_url_name("list"))
