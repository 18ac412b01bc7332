"""Plugins are found through the ``lms.plugins`` entry-point group."""

import json

from django.apps import apps
from django.conf import settings
from packaging.utils import canonicalize_name

from lms.discovery import ENTRY_POINT_GROUP, PluginEntryPoint, discover_plugins
from tests.lms.support import manage, run_all, write_distribution

SAMPLE = PluginEntryPoint(
    name="sample", app="lms_sample_plugin", distribution="lms-sample-plugin"
)


def _by_name(plugins):
    return {plugin.name: plugin for plugin in plugins}


def test_sample_plugin_is_found_through_its_real_entry_point():
    found = discover_plugins()

    sample = _by_name(found.plugins)["sample"]
    assert sample.app == "lms_sample_plugin"
    assert canonicalize_name(sample.distribution) == "lms-sample-plugin"
    assert "lms_sample_plugin" in found.app_names
    assert found.errors == []
    assert found.excluded == []


def test_sample_plugin_is_installed_as_a_django_app():
    assert ENTRY_POINT_GROUP == "lms.plugins"
    assert "lms_sample_plugin" in settings.INSTALLED_APPS
    assert "lms_sample_plugin" in settings.DISCOVERED_PLUGINS.app_names
    assert apps.is_installed("lms_sample_plugin")
    assert apps.get_app_config("sample_plugin").name == "lms_sample_plugin"


def test_exclude_by_entry_point_name_or_module():
    for exclude in (["sample"], ["lms_sample_plugin"], [" sample ", ""]):
        found = discover_plugins(exclude=exclude)
        assert "sample" not in _by_name(found.plugins), exclude
        assert "lms_sample_plugin" not in found.app_names, exclude
        assert _by_name(found.excluded)["sample"].app == "lms_sample_plugin"

    # Naming something else leaves the sample plugin in place.
    found = discover_plugins(exclude=["some_other_plugin"])
    assert "sample" in _by_name(found.plugins)


def test_plugins_are_ordered_by_entry_point_name(tmp_path, monkeypatch):
    write_distribution(
        tmp_path,
        "ordering-plugins",
        {"zzz_json": "json", "aaa_decimal": "decimal"},
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    names = [plugin.name for plugin in discover_plugins().plugins]

    assert names == sorted(names)
    assert {"aaa_decimal", "sample", "zzz_json"} <= set(names)


def test_entry_point_that_cannot_be_imported_is_reported(tmp_path, monkeypatch):
    write_distribution(
        tmp_path,
        "broken-plugins",
        {
            "broken": "lms_no_such_plugin_module",
            # The package exists, the module inside it does not.
            "broken_submodule": "lms_sample_plugin.no_such_module:Config",
            "broken_name": "lms_sample_plugin.no_such_module",
            "broken_deep": "lms_sample_plugin.no_such_package.apps",
            # A module path plus an AppConfig class name is a valid app entry.
            "class_path": "lms_sample_plugin.apps.SamplePluginConfig",
        },
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    found = discover_plugins()

    errors = dict(found.errors)
    assert set(errors) == {"broken", "broken_submodule", "broken_name", "broken_deep"}
    assert "lms_no_such_plugin_module" in errors["broken"]
    assert "lms_sample_plugin.no_such_module" in errors["broken_submodule"]
    assert "'lms_sample_plugin' defines no 'no_such_module'" in errors["broken_name"]
    assert "lms_sample_plugin.no_such_package" in errors["broken_deep"]
    # A broken neighbour does not cost the working plugins their place.
    plugins = _by_name(found.plugins)
    assert plugins["sample"].app == "lms_sample_plugin"
    assert plugins["class_path"].app == "lms_sample_plugin.apps.SamplePluginConfig"

    # Excluding the broken entry point silences it.
    broken = ["broken", "broken_submodule", "broken_name", "broken_deep"]
    found = discover_plugins(exclude=broken)
    assert found.errors == []
    assert set(broken) <= set(_by_name(found.excluded))


def test_manage_py_honours_exclude_and_reports_a_broken_entry_point(
    tmp_path, sqlite_url
):
    broken_dir = tmp_path / "site"
    write_distribution(
        broken_dir,
        "broken-plugin",
        {
            "broken": "lms_no_such_plugin_module",
            "broken_submodule": "lms_sample_plugin.no_such_module",
        },
    )
    env = {"DJANGO_SETTINGS_MODULE": "lms.settings.test", "DATABASE_URL": sqlite_url}

    excluded, broken = run_all(
        manage("lms_plugins", "--json", env={**env, "LMS_PLUGINS_EXCLUDE": "sample"}),
        manage("check", env=env, pythonpath=[broken_dir]),
    )

    assert excluded.returncode == 0, excluded.stderr
    labels = [plugin["label"] for plugin in json.loads(excluded.stdout)["plugins"]]
    assert "sample_plugin" not in labels

    # Reported as a system check error with a hint; no traceback, no silence.
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Traceback" not in broken.stderr
    assert "SystemCheckError" in broken.stderr
    assert broken.stderr.count("lms.E004") == 2
    assert "The plugin entry point 'broken' cannot be loaded" in broken.stderr
    assert "The plugin entry point 'broken_submodule' cannot be loaded" in broken.stderr
    assert "lms_sample_plugin.no_such_module" in broken.stderr
    assert "HINT: Reinstall the plugin's package" in broken.stderr
    assert "LMS_PLUGINS_EXCLUDE" in broken.stderr
