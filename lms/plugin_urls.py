"""Mount every plugin's ``urls.py`` at ``plugins/<label>/`` (namespace ``<label>``)."""

from django.urls import URLPattern, URLResolver, include, path

from lms.plugin import plugin_app_configs


def plugin_urlpatterns() -> list[URLPattern | URLResolver]:
    """URL patterns for all installed plugins that have a ``urls`` module."""
    patterns = []
    for config in plugin_app_configs():
        module = config.urls_module
        if module:
            patterns.append(
                path(f"plugins/{config.label}/", include((module, config.label)))
            )
    return patterns
