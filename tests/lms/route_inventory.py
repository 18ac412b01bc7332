"""Every URL pattern of the platform that the access matrix must cover.

A route is the platform's own when its view lives in one of the platform's
packages or an installed plugin, when it sits in one of the platform's URL
namespaces (Django's password views under ``accounts:``), when it is a
Wagtail admin view of one of the platform's models (snippets, viewsets), or
when it is Wagtail's page serving (which serves every course page).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

PLATFORM_PACKAGES = {"lms", "accounts", "courses", "certificates", "portal", "audit"}
PLATFORM_APP_LABELS = {"accounts", "courses", "certificates", "portal", "audit", "quiz"}
PLATFORM_NAMESPACES = {"accounts", "courses", "certificates", "portal", "quiz"}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str
    module: str
    keys: tuple[str, ...]  # URL keyword arguments


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            if namespace and name:
                name = f"{namespace}:{name}"
            yield entry, prefix + str(entry.pattern), name


def _plugin_modules() -> set[str]:
    from django.apps import apps

    from lms.plugin import LmsPluginConfig

    return {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if isinstance(config, LmsPluginConfig)
    }


def _model_of(callback):
    model = getattr(getattr(callback, "view_class", None), "model", None)
    initkwargs = getattr(callback, "view_initkwargs", None) or {}
    model = initkwargs.get("model") or model
    return model if hasattr(model, "_meta") else None


def platform_routes() -> dict[str, Route]:
    own_packages = PLATFORM_PACKAGES | _plugin_modules() | {"plugins"}
    found: dict[str, Route] = {}
    for entry, pattern, name in _walk(get_resolver(settings.ROOT_URLCONF).url_patterns):
        callback = entry.callback
        module = getattr(callback, "__module__", "") or ""
        top = module.split(".")[0]
        model = _model_of(callback)
        namespace = name.split(":")[0] if ":" in name else ""
        ours = (
            top in own_packages
            or namespace in PLATFORM_NAMESPACES
            or (model is not None and model._meta.app_label in PLATFORM_APP_LABELS)
            or name == "wagtail_serve"
        )
        if not ours:
            continue
        if not name:
            raise AssertionError(f"Route {pattern!r} ({module}) has no name")
        keys = (
            tuple(entry.pattern.converters)
            if hasattr(entry.pattern, "converters")
            else ()
        )
        found[name] = Route(name=name, pattern=pattern, module=module, keys=keys)
    return found
