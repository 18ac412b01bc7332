"""System checks that report broken plugins with a hint (``lms.E001`` ...).

| id       | problem                                                        |
|----------|----------------------------------------------------------------|
| lms.E001 | a plugin has no ``LmsPluginMeta`` or it lacks required fields    |
| lms.E002 | a plugin's compatibility does not admit this platform version  |
| lms.E003 | two hook implementations register the same identifier, or an   |
|          | item breaks its extension point's contract                     |
| lms.E004 | an ``lms.plugins`` entry point cannot be imported              |
| lms.E005 | an entry-point app does not subclass ``LmsPluginConfig``       |
| lms.W001 | the self-hosted Khmer font subset has not been built           |
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core import checks
from packaging.specifiers import InvalidSpecifier

import lms
from lms.fonts import KHMER_WEB_FONTS
from lms.plugin import REQUIRED_META_FIELDS, LmsPluginConfig, compatibility_specifier
from lms.registry import DuplicateIdentifierError, load_all_registries


def _plugin_configs(app_configs) -> list[LmsPluginConfig]:
    configs = app_configs if app_configs is not None else apps.get_app_configs()
    return [c for c in configs if isinstance(c, LmsPluginConfig)]


@checks.register("lms")
def check_plugin_meta(app_configs=None, **kwargs):
    """lms.E001 and lms.E002: every plugin describes itself and fits this version."""
    errors = []
    for config in _plugin_configs(app_configs):
        meta = getattr(config, "LmsPluginMeta", None)
        missing = [f for f in REQUIRED_META_FIELDS if not hasattr(meta, f)]
        if meta is None or missing:
            what = (
                "has no LmsPluginMeta"
                if meta is None
                else ("LmsPluginMeta lacks " + ", ".join(missing))
            )
            errors.append(
                checks.Error(
                    f"Plugin {config.label!r} {what}.",
                    hint="Nest `class LmsPluginMeta` in the plugin's AppConfig with "
                    + ", ".join(REQUIRED_META_FIELDS)
                    + " (see lms/plugin.py).",
                    obj=config,
                    id="lms.E001",
                )
            )
            continue
        try:
            specifier = compatibility_specifier(str(meta.compatibility))
        except InvalidSpecifier:
            errors.append(
                checks.Error(
                    f"Plugin {config.label!r} has an unreadable compatibility "
                    f"{meta.compatibility!r}.",
                    hint='Use a version specifier such as "lms>=0.1,<1".',
                    obj=config,
                    id="lms.E002",
                )
            )
            continue
        # Development builds of the platform (0.2.0.dev1) count as their release.
        if not specifier.contains(lms.__version__, prereleases=True):
            errors.append(
                checks.Error(
                    f"Plugin {config.label!r} (version {meta.version}) requires "
                    f"{meta.compatibility}, but this platform is "
                    f"lms {lms.__version__}.",
                    hint="Install a version of the plugin made for this platform, or "
                    "switch it off with LMS_PLUGINS_EXCLUDE.",
                    obj=config,
                    id="lms.E002",
                )
            )
    return errors


@checks.register("lms")
def check_registries(app_configs=None, **kwargs):
    """lms.E003: every registry loads without clashes or contract breaks."""
    errors = []
    for registry, error in load_all_registries():
        if error is None:
            continue
        if isinstance(error, DuplicateIdentifierError):
            hint = (
                "Identifiers are stored in the database and must be unique; rename "
                "the newer one, or switch one plugin off with LMS_PLUGINS_EXCLUDE."
            )
        else:
            hint = f"See the contract of the {registry.hook_name!r} hook."
        errors.append(
            checks.Error(str(error), hint=hint, obj=registry.hook_name, id="lms.E003")
        )
    return errors


@checks.register("lms")
def check_discovered_plugins(app_configs=None, **kwargs):
    """lms.E004 and lms.E005: entry-point plugins import and follow the contract."""
    discovered = getattr(settings, "DISCOVERED_PLUGINS", None)
    if discovered is None:
        return []
    errors = [
        checks.Error(
            f"The plugin entry point {name!r} cannot be loaded: {reason}.",
            hint="Reinstall the plugin's package, or list the entry point's name in "
            "LMS_PLUGINS_EXCLUDE to switch it off.",
            id="lms.E004",
        )
        for name, reason in discovered.errors
    ]
    configs = list(app_configs) if app_configs is not None else apps.get_app_configs()
    for plugin in discovered.plugins:
        app_name = plugin.app
        config = next(
            (
                c
                for c in configs
                if app_name in (c.name, f"{c.__module__}.{type(c).__name__}")
            ),
            None,
        )
        if config is not None and not isinstance(config, LmsPluginConfig):
            errors.append(
                checks.Error(
                    f"The plugin {plugin.name!r} ({app_name}) is not an LMS plugin: "
                    "its AppConfig does not subclass lms.plugin.LmsPluginConfig.",
                    hint="Make the plugin's AppConfig subclass LmsPluginConfig.",
                    obj=config,
                    id="lms.E005",
                )
            )
    return errors


@checks.register("lms")
def check_khmer_font(app_configs=None, **kwargs):
    """lms.W001: the Khmer font subsets (regular and bold) exist (built by
    ``manage.py build_fonts``)."""
    if all(path.exists() for path in KHMER_WEB_FONTS.values()):
        return []
    return [
        checks.Warning(
            "The self-hosted Khmer font subset has not been built; visitors without "
            "a system Khmer font will see boxes instead of Khmer text.",
            hint="Run `python manage.py build_fonts` (make run and make test do).",
            id="lms.W001",
        )
    ]
