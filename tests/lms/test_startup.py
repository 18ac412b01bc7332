"""`make run`'s output: the demo accounts and the address last, no worker chatter.

- ``load_demo`` ends with the demo accounts and the address;
- every demo account signs in to where it works;
- the background worker's routine lines (two per task) stay out of the
  terminal in development (into ``var/worker.log``), its errors do not;
- ``build_fonts`` does not warn about the fonts it is about to build.
"""

from __future__ import annotations

import copy
import io
import logging
import logging.config
import re

import pytest
from django.conf import settings
from django.core import checks
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from courses.demo.loader import DEMO_USERS

PLAIN = re.compile(r"\x1b\[[0-9;]*m")

LANDING = {
    "officer": reverse("courses:dashboard"),
    "trainer": reverse("wagtailadmin_home"),
    "lead-trainer": reverse("wagtailadmin_home"),
    "reviewer": reverse("portal:dashboard"),
    "customs-reviewer": reverse("portal:dashboard"),
    "admin": reverse("wagtailadmin_home"),
}


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """``manage.py load_demo``'s output, the demo loaded for this module."""
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=out)
        yield PLAIN.sub("", out.getvalue())
        transaction.set_rollback(True)


# ``db``: pytest-django runs database tests before transactional ones, which
# leave the database flushed (no Wagtail root page) for the tests after them.
def test_the_demo_loader_ends_with_the_accounts_and_the_address(demo_output, db):
    lines = [line for line in demo_output.splitlines() if line.strip()]

    assert lines[-1].startswith("Open http://127.0.0.1:8000/")
    heading = lines.index("Demo accounts (demo only):")
    accounts = lines[heading + 1 : heading + 1 + len(DEMO_USERS)]
    assert [line.split()[0] for line in accounts] == [u.username for u in DEMO_USERS]
    # Nothing but the two-step note (when on) between the accounts and the address.
    assert len(lines) - (heading + 1 + len(DEMO_USERS)) <= 2
    assert len(demo_output.splitlines()) < 30


@pytest.mark.parametrize("username", list(LANDING))
def test_each_demo_account_lands_where_it_works(demo_output, db, username):
    demo_user = next(u for u in DEMO_USERS if u.username == username)
    client = Client()

    response = client.post(
        reverse("accounts:login"),
        {"username": username, "password": demo_user.password},
    )

    assert response.status_code == 302
    assert response.url == LANDING[username]
    assert client.get(response.url).status_code == 200


# The worker's log --------------------------------------------------------------


@pytest.fixture
def dev_logging(tmp_path):
    """The development settings' LOGGING, its worker file under ``tmp_path``.

    Applied by the test itself, so that its console handlers write to the
    stream ``capsys`` captures.
    """
    from lms.settings import dev

    config = copy.deepcopy(dev.LOGGING)
    config["handlers"]["worker_file"]["filename"] = str(tmp_path / "worker.log")
    yield config
    logging.config.dictConfig(settings.LOGGING)


def test_the_workers_routine_lines_go_to_a_file_and_errors_show(capsys, dev_logging):
    from django_tasks_db.management.commands.db_worker import Command

    logging.config.dictConfig(dev_logging)

    # What db_worker does at start: its loggers to INFO (--verbosity 1).
    Command().configure_logging(1)
    worker = logging.getLogger("django_tasks_db")
    worker.info(
        "Task id=1 path=wagtail.tasks.update_reference_index_task state=RUNNING"
    )
    worker.error("Task id=2 failed unexpectedly")
    for handler in worker.handlers:
        handler.flush()

    terminal = capsys.readouterr()
    shown = terminal.out + terminal.err
    assert "state=RUNNING" not in shown
    assert "Task id=2 failed unexpectedly" in shown
    with open(dev_logging["handlers"]["worker_file"]["filename"]) as log:
        kept = log.read()
    assert "state=RUNNING" in kept and "failed unexpectedly" in kept


def test_production_keeps_the_workers_routine_lines_out_too(capsys):
    from django_tasks_db.management.commands.db_worker import Command

    logging.config.dictConfig(settings.LOGGING)  # base's, as production has
    try:
        Command().configure_logging(1)
        worker = logging.getLogger("django_tasks")
        worker.info("Task id=3 state=SUCCESSFUL")
        worker.warning("Task id=4 took long")
        terminal = capsys.readouterr()
    finally:
        logging.config.dictConfig(settings.LOGGING)
    shown = terminal.out + terminal.err
    assert "state=SUCCESSFUL" not in shown
    assert "Task id=4 took long" in shown


# Fonts ---------------------------------------------------------------------------


def test_building_the_fonts_does_not_warn_that_they_are_missing(capsys):
    from lms.management.commands.build_fonts import Command

    def fonts_missing(app_configs=None, **kwargs):
        return [checks.Warning("fonts missing (test)", id="lms.W999")]

    checks.register(fonts_missing)
    try:
        # As `make install` runs it: from the command line, where a command
        # that asks for system checks prints their warnings first.
        Command().run_from_argv(["manage.py", "build_fonts", "--if-missing"])
    finally:
        checks.registry.registry.registered_checks.discard(fonts_missing)

    terminal = capsys.readouterr()
    assert "fonts missing" not in terminal.out + terminal.err
