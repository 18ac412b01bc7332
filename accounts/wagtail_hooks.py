from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    add_to_settings_menu = True
    list_display = ["name", "name_km", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "name_km", "code"]


register_snippet(OrganisationViewSet)
