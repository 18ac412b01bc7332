"""System checks ``lms.E001`` ... ``lms.W001``: misconfiguration with a hint."""

import pytest
from django.apps import AppConfig
from django.core import checks
from django.core.management import call_command
from django.test import override_settings
from wagtail import hooks

import lms
import lms.checks
import tests.lms
from courses.completion import ACTIVITY, CompletionRule
from courses.hooks import COMPLETION_RULES_HOOK, completion_rules
from lms.checks import (
    check_discovered_plugins,
    check_khmer_font,
    check_plugin_meta,
    check_registries,
)
from lms.discovery import DiscoveredPlugins, PluginEntryPoint, discover_plugins
from lms.plugin import REQUIRED_META_FIELDS
from tests.lms.support import COMPLETE_META, build_config, write_distribution


class PlainConfig(AppConfig):
    """An app config that forgot to subclass LmsPluginConfig."""

    name = "tests.lms"
    label = "plain_plugin"
    path = tests.lms.__path__[0]


def only(errors):
    assert len(errors) == 1, errors
    return errors[0]


# lms.E001 / lms.E002 -----------------------------------------------------------


def test_complete_compatible_plugin_passes():
    assert check_plugin_meta([build_config(COMPLETE_META)]) == []


def test_installed_plugins_pass():
    assert check_plugin_meta() == []


def test_plugin_without_meta_is_e001():
    config = build_config()

    error = only(check_plugin_meta([config]))

    assert error.id == "lms.E001"
    assert error.level == checks.ERROR
    assert error.obj is config
    assert error.msg == "Plugin 'fake_plugin' has no LmsPluginMeta."
    assert "class LmsPluginMeta" in error.hint
    for field in REQUIRED_META_FIELDS:
        assert field in error.hint


def test_meta_missing_fields_is_e001():
    fields = {
        k: v for k, v in COMPLETE_META.items() if k not in {"version", "category"}
    }

    error = only(check_plugin_meta([build_config(fields)]))

    assert error.id == "lms.E001"
    assert error.msg == "Plugin 'fake_plugin' LmsPluginMeta lacks version, category."
    assert "lms/plugin.py" in error.hint


def test_author_is_not_required():
    fields = {k: v for k, v in COMPLETE_META.items() if k != "author"}
    assert check_plugin_meta([build_config(fields)]) == []


def test_incompatible_version_is_e002():
    config = build_config({**COMPLETE_META, "compatibility": "lms>=2,<3"})

    error = only(check_plugin_meta([config]))

    assert error.id == "lms.E002"
    assert error.obj is config
    assert error.msg == (
        "Plugin 'fake_plugin' (version 2.1.0) requires lms>=2,<3, but this "
        f"platform is lms {lms.__version__}."
    )
    assert "LMS_PLUGINS_EXCLUDE" in error.hint


@pytest.mark.parametrize(
    ("compatibility", "compatible"),
    [(">=0.1,<1", True), ("<0.1", False), ("lms>=0.1", True), ("lms<0.0.1", False)],
)
def test_compatibility_with_or_without_prefix(compatibility, compatible):
    config = build_config({**COMPLETE_META, "compatibility": compatibility})

    errors = check_plugin_meta([config])

    assert [e.id for e in errors] == ([] if compatible else ["lms.E002"])


@pytest.mark.parametrize("compatibility", ["lms banana", "lms", "", "lms>>0.1"])
def test_unreadable_compatibility_is_e002(compatibility):
    config = build_config({**COMPLETE_META, "compatibility": compatibility})

    error = only(check_plugin_meta([config]))

    assert error.id == "lms.E002"
    assert error.msg == (
        f"Plugin 'fake_plugin' has an unreadable compatibility {compatibility!r}."
    )
    assert error.hint == 'Use a version specifier such as "lms>=0.1,<1".'


def test_apps_that_are_not_plugins_are_not_checked_for_meta():
    assert check_plugin_meta([PlainConfig("tests.lms", tests.lms)]) == []


# lms.E003 ----------------------------------------------------------------------


class ClashingRule(CompletionRule):
    identifier = "sample_acknowledged"  # already registered by the sample plugin
    label = "Clash"
    scope = ACTIVITY


class WrongScopeRule(CompletionRule):
    identifier = "test_wrong_scope"
    label = "Wrong scope"
    scope = "everything"


def clashing_rules():
    return [ClashingRule()]


def wrong_scope_rules():
    return [WrongScopeRule()]


def test_duplicate_identifier_across_hooks_is_e003(reset_registries):
    assert check_registries() == []

    with hooks.register_temporarily(COMPLETION_RULES_HOOK, clashing_rules):
        completion_rules.reset()
        error = only(check_registries())

    assert error.id == "lms.E003"
    assert error.obj == COMPLETION_RULES_HOOK
    assert error.msg == (
        "completion rule identifier 'sample_acknowledged' is registered twice "
        "through the 'lms_register_completion_rules' hook: by "
        "lms_sample_plugin.wagtail_hooks.register_rules and by "
        f"{__name__}.clashing_rules."
    )
    assert "must be unique" in error.hint
    assert "LMS_PLUGINS_EXCLUDE" in error.hint


def test_item_breaking_the_contract_is_e003(reset_registries):
    with hooks.register_temporarily(COMPLETION_RULES_HOOK, wrong_scope_rules):
        completion_rules.reset()
        error = only(check_registries())

    assert error.id == "lms.E003"
    assert "scope is one of ('activity', 'module', 'course')" in error.msg
    assert f"(returned by {__name__}.wrong_scope_rules)" in error.msg
    assert error.hint == "See the contract of the 'lms_register_completion_rules' hook."


def test_registries_are_usable_again_after_the_clash(reset_registries):
    with hooks.register_temporarily(COMPLETION_RULES_HOOK, clashing_rules):
        completion_rules.reset()
        assert check_registries()
    completion_rules.reset()

    assert check_registries() == []
    assert "sample_acknowledged" in completion_rules


# lms.E004 / lms.E005 -----------------------------------------------------------


def test_installed_entry_point_plugins_pass():
    assert check_discovered_plugins() == []


def test_unloadable_entry_point_is_e004(tmp_path, monkeypatch):
    write_distribution(tmp_path, "broken-plugin", {"broken": "lms_no_such_module"})
    monkeypatch.syspath_prepend(str(tmp_path))
    discovered = discover_plugins()

    with override_settings(DISCOVERED_PLUGINS=discovered):
        error = only(check_discovered_plugins())

    assert error.id == "lms.E004"
    assert error.msg == (
        "The plugin entry point 'broken' cannot be loaded: module "
        "'lms_no_such_module' is not importable."
    )
    assert "Reinstall the plugin's package" in error.hint
    assert "LMS_PLUGINS_EXCLUDE" in error.hint


@pytest.mark.parametrize("app", ["tests.lms", "tests.lms.test_checks.PlainConfig"])
def test_entry_point_app_that_is_not_an_lms_plugin_is_e005(app):
    config = PlainConfig("tests.lms", tests.lms)
    discovered = DiscoveredPlugins(
        plugins=[PluginEntryPoint(name="plain", app=app, distribution="plain")]
    )

    with override_settings(DISCOVERED_PLUGINS=discovered):
        error = only(check_discovered_plugins([config]))

    assert error.id == "lms.E005"
    assert error.obj is config
    assert error.msg == (
        f"The plugin 'plain' ({app}) is not an LMS plugin: its AppConfig does "
        "not subclass lms.plugin.LmsPluginConfig."
    )
    assert "subclass LmsPluginConfig" in error.hint


def test_entry_point_app_that_is_an_lms_plugin_passes():
    discovered = DiscoveredPlugins(
        plugins=[PluginEntryPoint(name="fake", app="tests.lms", distribution="fake")]
    )
    with override_settings(DISCOVERED_PLUGINS=discovered):
        assert check_discovered_plugins([build_config(COMPLETE_META)]) == []


# lms.W001 and the whole project --------------------------------------------------


@pytest.mark.parametrize("weight", [400, 700])
def test_missing_font_is_w001(tmp_path, monkeypatch, weight):
    assert check_khmer_font() == []  # both built fonts are in place

    fonts = {**lms.checks.KHMER_WEB_FONTS, weight: tmp_path / "missing.woff2"}
    monkeypatch.setattr(lms.checks, "KHMER_WEB_FONTS", fonts)
    warning = only(check_khmer_font())

    assert warning.id == "lms.W001"
    assert warning.level == checks.WARNING
    assert "build_fonts" in warning.hint


def test_project_check_is_clean():
    call_command("check")  # raises SystemCheckError on any error

    assert checks.run_checks() == []  # and no warnings either (W001 included)
