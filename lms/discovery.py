"""Find external plugins through the ``lms.plugins`` entry-point group.

A plugin package declares, in its own ``pyproject.toml``::

    [project.entry-points."lms.plugins"]
    my_plugin = "my_plugin"            # the Django app (module or AppConfig path)

Settings call :func:`discover_plugins` before Django is set up, so this module
imports nothing from Django and runs no plugin code. Entry points whose
module cannot be found (the package is gone, or a module or AppConfig name in
the path is wrong) are kept in ``DiscoveredPlugins.errors`` and reported by the
system check ``lms.E004`` rather than skipped silently or crashing start-up.
A plugin module that is found but raises while Django imports it still stops
start-up with its own traceback: telling that in advance would mean running
plugin code while settings are half loaded.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
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
        if excluded_names & {plugin.name, plugin.app, entry.module}:
            found.excluded.append(plugin)
            continue
        if plugin.app in seen_apps:
            continue  # two distributions pointing at the same app
        reason = _unloadable(entry.module, has_attr=bool(entry.attr))
        if reason:
            found.errors.append((plugin.name, reason))
            continue
        seen_apps.add(plugin.app)
        found.plugins.append(plugin)
    return found


def _unloadable(module: str, *, has_attr: bool) -> str | None:
    """Why the entry point's module cannot be loaded, or ``None`` if it can.

    Walks the dotted path with the import system's finders and reads (never
    runs) the source of the last module found: settings are still loading, so
    plugin code that touched ``django.conf.settings`` on import would see half
    of them. What cannot be told without running code is let through; Django
    imports it next.

    ``module`` is the part before ``:``. Without an attribute (``my_plugin`` or
    ``my_plugin.apps.MyConfig``), the last component may name an AppConfig
    class instead of a module, as Django allows in ``INSTALLED_APPS``.
    """
    parts = module.split(".")
    try:
        spec = importlib.util.find_spec(parts[0])
    except (ImportError, ValueError) as error:
        return str(error)
    if spec is None:
        return f"module {parts[0]!r} is not importable"
    found = 1
    while found < len(parts) and spec.submodule_search_locations is not None:
        name = ".".join(parts[: found + 1])
        try:
            child = _find_submodule(name, list(spec.submodule_search_locations))
        except _CannotTell:
            return None
        if child is None:
            break
        spec, found = child, found + 1
    missing = parts[found:]
    if not missing:
        return None
    unfound = ".".join(parts[: found + 1])
    if len(missing) == 1 and not has_attr:
        # ``package.apps.MyConfig``: fine if the module defines that name.
        defined = _defines(spec, missing[0])
        if defined is None or defined:
            return None
        return (
            f"module {unfound!r} is not importable and "
            f"{'.'.join(parts[:found])!r} defines no {missing[0]!r}"
        )
    return f"module {unfound!r} is not importable"


class _CannotTell(Exception):
    pass


def _find_submodule(name: str, path: list[str]):
    """The spec of submodule ``name`` in a package's ``path``, without importing."""
    if name in sys.modules:
        return getattr(sys.modules[name], "__spec__", None)
    for finder in sys.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        if find_spec is None:
            continue
        try:
            spec = find_spec(name, path)
        except (ImportError, ValueError):
            continue
        except Exception:
            # Some finders (namespace packages) need the parent imported; then
            # we cannot tell without importing, and Django will import it.
            raise _CannotTell from None
        if spec is not None:
            return spec
    return None


def _defines(spec, name: str) -> bool | None:
    """Whether the module's source binds ``name``; ``None`` when it cannot tell.

    Any binding anywhere in the file counts (a class, a function, an import, an
    assignment, also inside ``if``/``try``): a false "yes" only lets Django
    import the module and decide.
    """
    origin = getattr(spec, "origin", None)
    if not origin or not origin.endswith(".py"):
        return None
    try:
        with open(origin, "rb") as source:
            tree = ast.parse(source.read(), origin)
    except (OSError, SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            bound = node.name
        elif isinstance(node, ast.alias):
            if node.name == "*":
                return None
            bound = (node.asname or node.name).split(".")[0]
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound = node.id
        else:
            continue
        if bound == name:
            return True
    return False
