"""Helpers for tests that start the project in a fresh Python process.

Settings are read once per process, so behaviour that depends on the
environment (plugin discovery, settings, an unreachable database) is checked
in subprocesses. They are started together and awaited together: each costs
about a second of start-up, and the suite should stay fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import tests.lms

PROJECT_DIR = Path(__file__).resolve().parents[2]

#: Environment variables the settings read; subprocesses start without them
#: unless a test sets them, so the developer's shell cannot change outcomes.
SETTINGS_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CACHE_URL",
    "EMAIL_URL",
    "MEDIA_ROOT",
    "MEDIA_URL",
    "MEDIA_STORAGE_BACKEND",
    "MEDIA_STORAGE_OPTIONS",
    "STATIC_ROOT",
    "LMS_PLUGINS_EXCLUDE",
    "CONN_MAX_AGE",
    # Set by the browser tests' conftest for the test process only; a project
    # started in a subprocess is a deployment (check --deploy refuses it).
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


@dataclass
class Run:
    """One process to start: ``python <args>`` in the project directory."""

    args: list[str]
    env: dict[str, str] = field(default_factory=dict)
    pythonpath: list[Path] = field(default_factory=list)

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
        env.update(self.env)
        if self.pythonpath:
            paths = [str(p) for p in self.pythonpath]
            if env.get("PYTHONPATH"):
                paths.append(env["PYTHONPATH"])
            env["PYTHONPATH"] = os.pathsep.join(paths)
        return env


def manage(*args: str, env=None, pythonpath=()) -> Run:
    return Run(["manage.py", *args], dict(env or {}), list(pythonpath))


def python(code: str, env=None, pythonpath=()) -> Run:
    return Run(["-c", code], dict(env or {}), list(pythonpath))


def run_all(*runs: Run, timeout: float = 60) -> list[subprocess.CompletedProcess]:
    """Start every run at once and return their results in the same order."""
    processes = [
        subprocess.Popen(
            [sys.executable, *run.args],
            cwd=PROJECT_DIR,
            env=run.environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for run in runs
    ]
    results = []
    for run, process in zip(runs, processes, strict=True):
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        results.append(
            subprocess.CompletedProcess(
                [sys.executable, *run.args], process.returncode, stdout, stderr
            )
        )
    return results


def write_distribution(root: Path, name: str, entry_points: dict[str, str]) -> Path:
    """Write an installed-looking ``<name>-1.0.dist-info`` into ``root``.

    With ``root`` on ``sys.path`` (or ``PYTHONPATH``), ``importlib.metadata``
    sees a distribution whose ``lms.plugins`` entry points are ``entry_points``,
    exactly as if it had been pip-installed. No code is written: the entry
    points may name modules that do not exist.
    """
    dist_info = root / f"{name}-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
    )
    lines = [f"{key} = {value}" for key, value in entry_points.items()]
    (dist_info / "entry_points.txt").write_text(
        "[lms.plugins]\n" + "\n".join(lines) + "\n"
    )
    return dist_info


#: A complete ``LmsPluginMeta`` for plugin configs built in tests.
COMPLETE_META = {
    "name": "Fake plugin",
    "author": "Tests",
    "version": "2.1.0",
    "description": "A plugin built in a test.",
    "category": "activity",
    "compatibility": "lms>=0.1,<1",
}


def build_config(meta_fields=None, **attrs):
    """An LmsPluginConfig instance for the ``tests.lms`` module, built in memory.

    ``meta_fields`` becomes its nested ``LmsPluginMeta`` (none when ``None``).
    """
    from lms.plugin import LmsPluginConfig

    if meta_fields is not None:
        attrs["LmsPluginMeta"] = type("LmsPluginMeta", (), meta_fields)
    config_class = type(
        "FakePluginConfig",
        (LmsPluginConfig,),
        {"label": "fake_plugin", "path": tests.lms.__path__[0], **attrs},
    )
    return config_class("tests.lms", tests.lms)
