"""The certificates app's Wagtail hooks: built-in layouts and the admin.

One "Certificates" menu holds the issued certificates (list, inspect,
download, revoke, reissue) and the designs (a snippet, so a course picks its
design with the snippet chooser). Each item shows only to users with the
model's permissions, or superusers.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet

# Registers the demo design (lms_load_demo_content) and the header's "My
# certificates" link (lms_register_header_links).
from certificates import demo as _demo  # noqa: F401
from certificates import navigation as _navigation  # noqa: F401
from certificates.admin.designs import (
    CertificateDesignViewSet,
    preview_menu_item,
    refuse_deleting_used_designs,
)
from certificates.admin.issued import IssuedCertificateViewSet
from certificates.hooks import CERTIFICATE_LAYOUTS_HOOK


@hooks.register(CERTIFICATE_LAYOUTS_HOOK, order=-100)
def register_builtin_layouts():
    from certificates.layouts import builtin_layouts

    return builtin_layouts()


class CertificatesMenu(ViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "doc-full-inverse"
    menu_order = 270
    items = (IssuedCertificateViewSet, CertificateDesignViewSet)


# register_snippet (rather than register_admin_viewset) registers the design
# viewset as the model's snippet viewset at once, for the page editor's chooser.
register_snippet(CertificatesMenu)

hooks.register("register_snippet_action_menu_item", preview_menu_item)
hooks.register("before_delete_snippet", refuse_deleting_used_designs)
