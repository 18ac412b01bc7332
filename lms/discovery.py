"""Find external plugins through the ``lms.plugins`` entry-point group.

A plugin package declares, in its own ``pyproject.toml``::

    [project.entry-points."lms.plugins"]
    my_plugin = "my_plugin"            # the Django app (module or AppConfig path)

Settings call :func:`discover_plugins` before Django is set up, so this module
imports nothing from Django. Entry points that fail to load are kept in
``DiscoveredPlugins.errors`` and reported by the system check ``lms.E004``
rather than skipped silently or crashing start-up.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from importlib.metadata import entry_points

ENTRY_POINT_GROUP = "lms.plugins"


@dataclass(frozen=True)
class PluginEntryPoint:
    """One plugin found in the entry-point group."""

    name: str
    app: str
    distribution: str | None


@dataclass
class DiscoveredPlugins:
    """What discovery found: the plugins to install, excluded ones and failures."""

    plugins: list[PluginEntryPoint] = field(default_factory=list)
    excluded: list[PluginEntryPoint] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def app_names(self) -> list[str]:
        """Entries for ``INSTALLED_APPS``, in a stable order."""
        return [plugin.app for plugin in self.plugins]


def discover_plugins(exclude: list[str] | tuple[str, ...] = ()) -> DiscoveredPlugins:
    """Return the plugins registered in the ``lms.plugins`` entry-point group.

    ``exclude`` holds entry-point names or app module paths to leave out (the
    ``LMS_PLUGINS_EXCLUDE`` setting). Plugins are sorted by entry-point name so
    that ``INSTALLED_APPS`` does not depend on installation order.
    """
    excluded_names = {name.strip() for name in exclude if name.strip()}
    found = DiscoveredPlugins()
    seen_apps: set[str] = set()
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        plugin = PluginEntryPoint(
            name=entry.name,
            app=entry.value.replace(":", "."),
            distribution=entry.dist.name if entry.dist else None,
        )
        if plugin.name in excluded_names or plugin.app in excluded_names:
            found.excluded.append(plugin)
            continue
        if plugin.app in seen_apps:
            continue  # two distributions pointing at the same app
        module_name = plugin.app.split(".")[0]
        try:
            spec = importlib.util.find_spec(module_name)
        except (ImportError, ValueError) as error:
            spec, reason = None, str(error)
        else:
            reason = f"module {module_name!r} is not importable"
        if spec is None:
            found.errors.append((plugin.name, reason))
            continue
        seen_apps.add(plugin.app)
        found.plugins.append(plugin)
    return found
