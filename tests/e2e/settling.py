"""Waiting for a browser's requests in flight before touching the database."""

from __future__ import annotations

import time


def track_requests(context) -> None:
    """Count a browser context's requests in flight (see :func:`settle`)."""
    context.pending_requests = set()
    context.on("request", lambda r: context.pending_requests.add(r))
    for event in ("requestfinished", "requestfailed"):
        context.on(event, lambda r: context.pending_requests.discard(r))


def settle(page, timeout: float = 15.0, quiet: float = 0.3) -> None:
    """Wait until the page's context has no request in flight for ``quiet`` s.

    A lesson page sends its study report when it is left (``study.js``,
    keepalive). On SQLite the live server shares the test's connection, so
    the test must not touch the database, nor flush it at teardown, while such
    a report is being handled.
    """
    context = page.context
    if not hasattr(context, "pending_requests"):
        return
    deadline = time.monotonic() + timeout
    calm_since = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(50)  # lets Playwright deliver the events
        if context.pending_requests:
            calm_since = None
        elif calm_since is None:
            calm_since = time.monotonic()
        elif time.monotonic() - calm_since >= quiet:
            return
    raise AssertionError(f"requests still in flight: {context.pending_requests}")
