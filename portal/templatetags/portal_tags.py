from django import template

from portal.navigation import sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_sections(context):
    """The portal menu for the signed-in user (see ``portal.navigation``)."""
    request = context["request"]
    return sections_for(request.user, request.path)
