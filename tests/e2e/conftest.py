"""Playwright, driving Debian's Chromium, against pytest-django's live server.

Browsers are never downloaded: Playwright launches /usr/bin/chromium (installed
by ``make test``). A missing browser fails the run rather than skipping it.
"""

import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

from tests.e2e.settling import settle, track_requests

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# test code (not by the server) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("LMS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class SerialWSGIServer(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the live server's threads share the test database's single
    in-memory connection: two requests at once (a lesson's study report, sent
    as the next page loads) fail with "cannot open savepoint". PostgreSQL
    gives each thread its own connection and keeps the threaded server.
    """

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            # The body too: a streamed CSV reads the database as it is sent.
            with lock:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()

        super().set_app(one_at_a_time)


if connection.vendor == "sqlite":
    LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (make test does) "
            "or point LMS_CHROMIUM at a Chromium binary."
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django's ``connections`` are context-local, and Playwright's sync API runs
    # tests in a context of its own: inside it Django opens new connection
    # objects, which lack the snapshot that ``serialized_rollback`` restores
    # after each flush. Hand the snapshot over (the test database was set up,
    # and snapshotted, outside).
    snapshots = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def render_certificates_in_process(settings):
    """The live server renders certificate PDFs in its own request thread.

    Forking a render process from a process that also runs Playwright's event
    loop and the live server's threads can deadlock the child.
    """
    settings.CERTIFICATE_RENDER_IN_PROCESS = True


@pytest.fixture
def demo(request, transactional_db):
    """The demo curriculum, organisations and users, as ``make run`` loads them.

    Tests using it need ``django_db(transaction=True, serialized_rollback=True)``:
    the live server needs committed data, and the rollback restores the rows
    migrations created (Wagtail's root page and collection) after each flush.
    """
    from courses.demo.loader import load_demo

    load_demo()


@pytest.fixture
def browser_page(browser, live_server, demo):
    """A fresh browser tab on the live server, recording every request's host."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    track_requests(context)
    yield page
    # Leave the last page (a lesson sends its study report), then wait for it.
    page.goto("about:blank")
    settle(page)
    context.close()
