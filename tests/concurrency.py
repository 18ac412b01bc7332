"""Many callers at once on PostgreSQL, within its connection limit."""

from __future__ import annotations

import threading

from django.db import connection


def connection_budget(wanted: int) -> int:
    """How many threads may hold a connection at once, at most ``wanted``.

    PostgreSQL's ``max_connections`` (100 by default) is shared with other
    sessions; keep ten in reserve.
    """
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        maximum = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_stat_activity")
        used = int(cursor.fetchone()[0])
    return max(2, min(wanted, maximum - used - 10))


def run_many(func, times: int):
    """Call ``func(index)`` ``times`` times from as many threads as connections allow.

    All threads are released together; each makes its share of the calls
    back to back. Returns results and exceptions in call order.
    """
    workers = connection_budget(times)
    barrier = threading.Barrier(workers)
    outcomes: list = [None] * times

    def work(worker):
        try:
            barrier.wait(timeout=30)
            for index in range(worker, times, workers):
                try:
                    outcomes[index] = func(index)
                except Exception as error:  # noqa: BLE001 - asserted by the caller
                    outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes
