import pytest

from lms.registry import ALL_REGISTRIES, Registry


@pytest.fixture
def make_registry():
    """Build test-only registries; their names are removed again afterwards.

    Registry names are global (``ALL_REGISTRIES``) and the system check
    ``lms.E003`` loads every registry, so one left behind would leak into
    other tests.
    """
    created = []

    def make(hook_name: str, *, kind: str = "widget", **kwargs) -> Registry:
        registry = Registry(hook_name, kind=kind, **kwargs)
        created.append(hook_name)
        return registry

    yield make
    for hook_name in created:
        ALL_REGISTRIES.pop(hook_name, None)


@pytest.fixture
def reset_registries():
    """Forget loaded registry entries before and after a test that adds hooks."""
    for registry in ALL_REGISTRIES.values():
        registry.reset()
    yield
    for registry in ALL_REGISTRIES.values():
        registry.reset()


@pytest.fixture
def sqlite_url(tmp_path):
    """A throw-away SQLite database for ``manage.py`` subprocesses."""
    return f"sqlite:///{tmp_path / 'subprocess.sqlite3'}"
