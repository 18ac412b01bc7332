"""The plugin contract: an app config that describes itself.

A plugin is a Django app whose ``AppConfig`` subclasses :class:`LmsPluginConfig`
and nests ``class LmsPluginMeta``::

    class QuizConfig(LmsPluginConfig):
        name = "plugins.quiz"
        label = "quiz"

        class LmsPluginMeta:
            name = _("Quizzes")
            author = "LMS team"
            version = "1.0.0"
            description = _("Question banks, attempts and grading.")
            category = "activity"
            compatibility = "lms>=0.1,<1"

The plugin's ``urls.py`` (if any) is mounted at ``plugins/<label>/`` with the
URL namespace ``<label>``; its ``wagtail_hooks.py`` implements the ``lms_``
hooks listed in the offering apps' ``hooks.py``.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from django.apps import AppConfig, apps
from django.utils.functional import cached_property
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

import lms

#: Attributes every ``LmsPluginMeta`` must define.
REQUIRED_META_FIELDS = ("name", "version", "description", "category", "compatibility")

#: Known plugin categories; plugins may use others, these are what the admin groups by.
CATEGORIES = ("activity", "content", "completion", "certificate", "report", "other")


@dataclass(frozen=True)
class PluginMeta:
    """A validated, read-only copy of a plugin's ``LmsPluginMeta``."""

    name: str
    author: str
    version: str
    description: str
    category: str
    compatibility: str

    def is_compatible(self, platform_version: str = lms.__version__) -> bool:
        """Whether ``compatibility`` (e.g. ``"lms>=0.1,<1"``) admits the platform.

        An unreadable compatibility admits nothing (the check ``lms.E002``
        reports it); this never raises, so listings of plugins always render.
        """
        try:
            specifier = compatibility_specifier(self.compatibility)
        except InvalidSpecifier:
            return False
        return specifier.contains(Version(platform_version), prereleases=True)


def compatibility_specifier(compatibility: str) -> SpecifierSet:
    """Parse ``"lms>=0.1,<1"`` (or ``">=0.1,<1"``) into a ``SpecifierSet``.

    Raises ``InvalidSpecifier`` when the text is not a version specifier.
    """
    text = compatibility.strip()
    if text.startswith("lms"):
        text = text[3:].strip()
    if not text:
        raise InvalidSpecifier(compatibility)
    return SpecifierSet(text)


class LmsPluginConfig(AppConfig):
    """Base class for every plugin's app config.

    Subclasses nest ``class LmsPluginMeta`` with the fields in
    :data:`REQUIRED_META_FIELDS` (``author`` is optional). The system checks in
    :mod:`lms.checks` report a missing or incomplete meta and an incompatible
    version; nothing here raises at start-up.
    """

    default_auto_field = "django.db.models.BigAutoField"
    # Importing this class into a plugin's apps.py must not make Django see two
    # candidate configs: the base opts out, each subclass opts in by default.
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    @cached_property
    def plugin_meta(self) -> PluginMeta | None:
        """The plugin's meta, or ``None`` when it is missing or incomplete."""
        meta = getattr(self, "LmsPluginMeta", None)
        if meta is None or any(not hasattr(meta, f) for f in REQUIRED_META_FIELDS):
            return None
        return PluginMeta(
            name=str(meta.name),
            author=str(getattr(meta, "author", "")),
            version=str(meta.version),
            description=str(meta.description),
            category=str(meta.category),
            compatibility=str(meta.compatibility),
        )

    @property
    def urls_module(self) -> str | None:
        """Dotted path of the plugin's ``urls`` module, if it has one."""
        module = f"{self.name}.urls"
        try:
            return module if importlib.util.find_spec(module) else None
        except ModuleNotFoundError:
            return None


def plugin_app_configs() -> list[LmsPluginConfig]:
    """Every installed plugin app config, in ``INSTALLED_APPS`` order."""
    return [c for c in apps.get_app_configs() if isinstance(c, LmsPluginConfig)]
