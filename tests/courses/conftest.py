"""Fixtures for the learning path: people by role, enrolments, signal recorders,
and a helper that runs callables in threads at the same moment."""

from __future__ import annotations

import threading
import time
from collections import defaultdict

import pytest
from django.db import connection

from courses.enrolment import enrol
from lms import signals
from tests import factories

LIFECYCLE_SIGNALS = (
    "enrolment_created",
    "lesson_completed",
    "module_completed",
    "course_completed",
)

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (DATABASE_URL=postgres://...): "
    "SQLite's shared-cache in-memory test database answers a second writer with "
    "'database table is locked' instead of waiting",
)


class SignalLog:
    """Every lifecycle signal sent while the fixture is active, thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self.calls: dict[str, list[dict]] = defaultdict(list)

    def record(self, name: str, kwargs: dict):
        with self._lock:
            self.calls[name].append(kwargs)

    def count(self, name: str) -> int:
        return len(self.calls[name])

    def counts(self) -> dict[str, int]:
        return {name: self.count(name) for name in LIFECYCLE_SIGNALS}


@pytest.fixture
def signal_log():
    log = SignalLog()
    receivers = []
    for name in LIFECYCLE_SIGNALS:
        signal = getattr(signals, name)

        def receiver(sender, _name=name, **kwargs):
            kwargs.pop("signal", None)
            log.record(_name, kwargs)

        signal.connect(receiver, weak=False, dispatch_uid=f"tests-{name}")
        receivers.append((signal, name))
    yield log
    for signal, name in receivers:
        signal.disconnect(dispatch_uid=f"tests-{name}")


@pytest.fixture
def slow_listener():
    """A ``lesson_completed`` receiver that takes its time, as a plugin might.

    It holds the completing transaction open for a moment, so that a second
    request racing the first really overlaps it instead of finishing before it
    starts; without it the race tests pass by luck of timing.
    """

    def receiver(sender, **kwargs):
        time.sleep(0.3)

    signals.lesson_completed.connect(receiver, weak=False, dispatch_uid="tests-slow")
    yield
    signals.lesson_completed.disconnect(dispatch_uid="tests-slow")


def run_concurrently(*funcs):
    """Run each callable in its own thread, released together; return results.

    Each thread uses its own database connection (Django connections are
    per thread) and closes it at the end. The first exception is re-raised.
    """
    barrier = threading.Barrier(len(funcs))
    results: list = [None] * len(funcs)
    errors: list[BaseException] = []

    def work(index, func):
        try:
            barrier.wait(timeout=10)
            results[index] = func()
        except BaseException as error:  # noqa: BLE001 - re-raised below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, f)) for i, f in enumerate(funcs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def trainer(db):
    return factories.make_user("trainer")


@pytest.fixture
def reviewer(db):
    return factories.make_user("reviewer")


@pytest.fixture
def admin_user(db):
    return factories.make_user("admin")


@pytest.fixture
def other_officer(db):
    return factories.make_user("officer")


@pytest.fixture
def enrolment(officer, course):
    return enrol(officer, course)[0]


@pytest.fixture
def lessons(course):
    return factories.lessons_of(course)


@pytest.fixture
def modules(course):
    return factories.modules_of(course)
