"""``LmsPluginConfig`` and its ``LmsPluginMeta``."""

import pytest
from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _
from lms_sample_plugin.apps import SamplePluginConfig
from packaging.specifiers import InvalidSpecifier, SpecifierSet

import lms
from lms.plugin import (
    LmsPluginConfig,
    PluginMeta,
    compatibility_specifier,
    plugin_app_configs,
)
from tests.lms.support import COMPLETE_META, build_config


def meta(compatibility):
    return PluginMeta(**{**COMPLETE_META, "compatibility": compatibility})


# Django picks the plugin's AppConfig -------------------------------------------


def test_django_picks_the_plugins_own_config_despite_the_imported_base():
    # apps.py imports LmsPluginConfig too; Django must still choose the plugin's
    # class (with its label), not fall back to a plain AppConfig.
    config = AppConfig.create("lms_sample_plugin")

    assert type(config) is SamplePluginConfig
    assert config.label == "sample_plugin"
    assert type(apps.get_app_config("sample_plugin")) is SamplePluginConfig


def test_base_class_opts_out_of_default_and_subclasses_opt_in():
    assert LmsPluginConfig.__dict__["default"] is False
    assert SamplePluginConfig.default is True

    class NotDefault(LmsPluginConfig):
        name = "not_default"
        default = False

    assert NotDefault.default is False


def test_plugin_app_configs_lists_plugins_only():
    configs = plugin_app_configs()

    assert apps.get_app_config("sample_plugin") in configs
    assert all(isinstance(config, LmsPluginConfig) for config in configs)
    labels = {config.label for config in configs}
    assert not labels & {"lms", "courses", "accounts", "wagtailcore"}


# Meta parsing -------------------------------------------------------------------


def test_sample_plugin_meta_is_parsed():
    meta = apps.get_app_config("sample_plugin").plugin_meta

    assert meta == PluginMeta(
        name="Sample plugin",
        author="LMS test suite",
        version="0.3.0",
        description="Key-term block and an acknowledgement completion rule.",
        category="completion",
        compatibility="lms>=0.1,<1",
    )
    assert meta.is_compatible()


def test_meta_turns_lazy_translations_into_text_and_author_is_optional():
    fields = {**COMPLETE_META, "name": _("Quizzes"), "version": 3}
    del fields["author"]

    meta = build_config(fields).plugin_meta

    assert meta.name == "Quizzes" and type(meta.name) is str
    assert meta.version == "3"
    assert meta.author == ""


@pytest.mark.parametrize("missing", ["name", "version", "compatibility"])
def test_incomplete_meta_is_none(missing):
    fields = {k: v for k, v in COMPLETE_META.items() if k != missing}
    assert build_config(fields).plugin_meta is None


def test_missing_meta_is_none():
    assert build_config().plugin_meta is None


def test_urls_module():
    assert apps.get_app_config("sample_plugin").urls_module == "lms_sample_plugin.urls"
    assert build_config(COMPLETE_META).urls_module is None  # no tests/lms/urls.py


# Compatibility -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("compatibility", "version", "expected"),
    [
        ("lms>=0.1,<1", "0.1.0", True),
        ("lms>=0.1,<1", "0.9.9", True),
        ("lms>=0.1,<1", "1.0", False),
        ("lms>=0.1,<1", "0.0.9", False),
        # Without the "lms" prefix, and with spaces.
        (">=0.1,<1", "0.5", True),
        (">=0.1,<1", "1.0.0", False),
        ("  lms >= 0.2 , < 0.3 ", "0.2.5", True),
        ("lms ~= 0.1", "0.1.7", True),
        ("lms==2.*", "0.1.0", False),
        # A development build of the platform counts as its release.
        ("lms>=0.1,<1", "0.2.0.dev1", True),
        ("lms>=0.1,<1", "1.0.0.dev1", False),
    ],
)
def test_is_compatible(compatibility, version, expected):
    assert meta(compatibility).is_compatible(version) is expected


def test_is_compatible_defaults_to_this_platform():
    assert meta(f"lms=={lms.__version__}").is_compatible()
    assert not meta(f"lms!={lms.__version__}").is_compatible()


@pytest.mark.parametrize("text", ["lms", "", "   ", "banana", "lms>>1", "lms 0.1"])
def test_unreadable_compatibility(text):
    with pytest.raises(InvalidSpecifier):
        compatibility_specifier(text)
    # Listing a plugin must not crash on it: it is simply not compatible.
    assert meta(text).is_compatible("0.1.0") is False


def test_compatibility_specifier_strips_the_prefix():
    assert compatibility_specifier("lms>=0.1,<1") == SpecifierSet(">=0.1,<1")
    assert compatibility_specifier(">=0.1,<1") == SpecifierSet(">=0.1,<1")
