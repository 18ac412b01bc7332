"""Signed certificate PDFs from a pool of render processes, with limits.

:func:`render` is what the rest of the platform calls: it sends the
placeholders to a child process, which renders (``certificates.rendering``)
and signs (``certificates.signing``) the PDF. Children are forked lazily, keep
their render state and signer for their whole life, and run under an address
space limit (``CERTIFICATE_RENDER_MEMORY_MB``). A render that takes longer than
``CERTIFICATE_RENDER_TIMEOUT`` seconds, or a child that dies, gets the pool
killed and replaced; the caller gets a :class:`RenderError` with a message.

Children never use the database: they get a ``CertificateData`` and return
bytes. The database connections they inherit from the parent are set aside
untouched (closing one in a child would end the parent's session) and any
query in a child fails.

``CERTIFICATE_RENDER_IN_PROCESS = True`` (or ``in_process=True``) renders in
the calling process instead, without limits: for debugging and benchmarks.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import gc
import logging
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext

from certificates.layouts.base import CertificateData
from certificates.rendering import RENDER_SETTINGS, RenderError, RenderMemoryError

logger = logging.getLogger(__name__)

# Results a bulk render keeps in flight per process: enough to keep every
# child busy, few enough that memory does not grow with the number of PDFs.
_BULK_WINDOW_PER_PROCESS = 4


# In the child ------------------------------------------------------------------

# The parent's database connections, kept alive (never closed) in the child.
_inherited_connections: list = []


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError("Certificate render processes must not use the database.")


def _set_aside_database_connections() -> None:
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _inherited_connections.append(connection.connection)
            connection.connection = None
        connection.execute_wrappers.append(_refuse_queries)


def _child_init(memory_mb: int, temp_dir: str) -> None:
    """Initializer of every render process: limits first, then warm state."""
    _set_aside_database_connections()
    # The parent stops the pool; a Ctrl-C in a terminal is its business.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # WeasyPrint copies the fonts into a temporary folder it only removes at
    # exit; children are killed, so the parent removes this folder instead.
    tempfile.tempdir = temp_dir
    if memory_mb:
        # The limit is headroom above what the child inherited: a fork starts
        # with its parent's whole address space (a big worker or test process
        # may already map more than the limit), and only what a render adds
        # should count.
        limit = _status_kib("VmSize") * 1024 + memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    from certificates import rendering, signing

    try:
        rendering.warm_up()
        signing.signer()
    except Exception:  # the first render reports the problem with a message
        logger.exception("Warming up a certificate render process failed")
    # Everything inherited or loaded so far lives as long as the process: keep
    # it out of garbage collections, which then only scan what a render makes
    # (and do not copy the parent's memory pages by touching their objects).
    gc.freeze()


def _render_signed(
    data: CertificateData, language: str | None, sign: bool = True
) -> bytes:
    from certificates import rendering, signing

    with translation.override(language or settings.LANGUAGE_CODE):
        pdf = rendering.render_pdf(data)
    return signing.sign_pdf(pdf) if sign else pdf


def _run(function, *args):
    """Run ``function`` in a child; out-of-memory becomes a :class:`RenderError`."""
    try:
        return function(*args)
    except MemoryError:
        raise RenderMemoryError(
            gettext(
                "The certificate needed more memory than the %(limit)d MiB a render "
                "may use. Use smaller logo and signature images."
            )
            % {"limit": settings.CERTIFICATE_RENDER_MEMORY_MB}
        ) from None
    except RenderError:
        raise
    except Exception as error:
        logger.exception("Certificate render failed")
        raise RenderError(
            gettext("The certificate could not be rendered (%(error)s).")
            % {"error": f"{type(error).__name__}: {error}"[:300]}
        ) from None


def state_info() -> dict:
    """What a child knows about itself (for tests and diagnostics)."""
    from certificates import rendering

    state = rendering.render_state()
    return {
        "pid": os.getpid(),
        "font_config_id": id(state.font_config),
        "state_id": id(state),
        "renders": state.renders,
        "rss_kib": _status_kib("VmRSS"),
        "peak_rss_kib": _status_kib("VmHWM"),
        "address_space_limit": resource.getrlimit(resource.RLIMIT_AS)[0],
        "address_space_kib": _status_kib("VmSize"),
    }


def _warm_probe() -> int:
    # Runs after the initializer; the pause lets every child take one probe.
    import time

    time.sleep(0.2)
    return os.getpid()


def _status_kib(field: str, pid: int | str = "self") -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# In the parent -----------------------------------------------------------------


class Pool:
    """A process pool that can be killed and replaced as a whole."""

    def __init__(self, processes: int):
        self.processes = max(1, int(processes))
        self.temp_dir = tempfile.mkdtemp(prefix="lms-render-")
        self.executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_child_init,
            initargs=(settings.CERTIFICATE_RENDER_MEMORY_MB, self.temp_dir),
        )
        self.killed = False

    def submit(self, function, *args) -> concurrent.futures.Future:
        return self.executor.submit(_run, function, *args)

    def pids(self) -> list[int]:
        # ProcessPoolExecutor has no public way to reach its processes before
        # Python 3.14 (terminate_workers); _processes is stable since 3.2.
        return list((self.executor._processes or {}).keys())

    def warm(self, timeout: float = 60) -> list[int]:
        """Start every child and wait until each has warmed up; return pids."""
        futures = [self.executor.submit(_warm_probe) for _ in range(self.processes)]
        return sorted({future.result(timeout=timeout) for future in futures})

    def kill(self) -> None:
        """Stop every child at once, whatever it is doing."""
        self.killed = True
        processes = list((self.executor._processes or {}).values())
        for process in processes:
            try:
                process.kill()
            except (OSError, AttributeError):
                pass
        for process in processes:
            process.join(timeout=5)
        self.shutdown(wait=False)

    def shutdown(self, wait: bool = True) -> None:
        self.executor.shutdown(wait=wait, cancel_futures=True)
        shutil.rmtree(self.temp_dir, ignore_errors=True)


_pool: Pool | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()


def _get_pool() -> Pool:
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = Pool(settings.CERTIFICATE_RENDER_PROCESSES)
            _pool_pid = os.getpid()
        return _pool


def _discard(pool: Pool) -> None:
    """Kill ``pool`` and forget it, if it is still the current one."""
    global _pool
    with _pool_lock:
        if _pool is pool:
            _pool = None
    pool.kill()


def shutdown() -> None:
    """Stop the render processes (they are started again on the next render)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None and _pool_pid == os.getpid():
        pool.shutdown(wait=True)


# Stop the children (and remove their font folder) when this process exits.
atexit.register(shutdown)


@receiver(setting_changed, dispatch_uid="certificates.render_pool.settings")
def _settings_changed(setting, **kwargs):
    # Children keep the settings of the moment they were forked; when a test
    # overrides one that rendering reads, start new children next time.
    if setting in RENDER_SETTINGS or setting.startswith("CERTIFICATE_"):
        shutdown()


def _timeout_error(timeout: float) -> RenderError:
    return RenderError(
        gettext(
            "Rendering the certificate took longer than %(seconds)s seconds and "
            "was stopped. Try again; if it keeps happening, simplify the layout "
            "or its images."
        )
        % {"seconds": f"{timeout:g}"}
    )


def _crash_error() -> RenderError:
    return RenderError(
        gettext(
            "The certificate render process stopped unexpectedly (most often it "
            "ran out of memory). Try again; if it keeps happening, use smaller "
            "logo and signature images."
        )
    )


def _in_process_default() -> bool:
    return bool(getattr(settings, "CERTIFICATE_RENDER_IN_PROCESS", False))


def render(
    data: CertificateData,
    *,
    timeout: float | None = None,
    in_process: bool | None = None,
    sign: bool = True,
) -> bytes:
    """The signed PDF of ``data``, rendered in a render process.

    Raises :class:`RenderError` for refused data, a render over ``timeout``
    seconds (default ``CERTIFICATE_RENDER_TIMEOUT``), a render over the memory
    limit, or a render process that died; the pool is replaced after the last
    three. ``sign=False`` skips the signature (previews and specimens, which
    must not carry the platform's signature). The active language is the
    render's.
    """
    language = translation.get_language()
    if in_process if in_process is not None else _in_process_default():
        return _run(_render_signed, data, language, sign)
    timeout = settings.CERTIFICATE_RENDER_TIMEOUT if timeout is None else timeout
    for attempt in range(2):
        pool = _get_pool()
        try:
            future = pool.submit(_render_signed, data, language, sign)
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            _discard(pool)
            raise _timeout_error(timeout) from None
        except RenderMemoryError:
            # The child survived, but its heap may be fragmented or half-freed.
            _discard(pool)
            raise
        except BrokenProcessPool:
            # A render process died (the kernel's OOM killer, a crash in a C
            # library, or another render's timeout killing the pool). Once more
            # on fresh processes: a certificate that kills them twice is refused.
            _discard(pool)
            if attempt == 0:
                continue
            raise _crash_error() from None
        except RuntimeError:
            # Submitting to a pool that another thread has just shut down.
            _discard(pool)
            if attempt == 0:
                continue
            raise _crash_error() from None
    raise _crash_error()


def render_many(
    datas: Iterable[CertificateData],
    processes: int | None = None,
    *,
    timeout: float | None = None,
    in_process: bool | None = None,
    pool: Pool | None = None,
    sign: bool = True,
) -> Iterator[bytes]:
    """Signed (unless ``sign`` is false) PDFs of ``datas``, in order, rendered
    on ``processes`` processes (default: every core) of a pool made for this
    call, or on ``pool`` (which the caller then owns and shuts down).

    A bounded number of renders is in flight, so memory stays flat however many
    certificates there are. The first failure raises :class:`RenderError`
    (naming the certificate) and stops the rest.
    """
    language = translation.get_language()
    if in_process if in_process is not None else _in_process_default():
        for data in datas:
            yield _run(_render_signed, data, language, sign)
        return
    timeout = settings.CERTIFICATE_RENDER_TIMEOUT if timeout is None else timeout
    owned = pool is None
    if owned:
        pool = Pool(processes or os.cpu_count() or 1)
    window = pool.processes * _BULK_WINDOW_PER_PROCESS
    pending: deque = deque()
    iterator = iter(datas)
    try:
        while True:
            while len(pending) < window:
                data = next(iterator, None)
                if data is None:
                    break
                pending.append(
                    (data, pool.submit(_render_signed, data, language, sign))
                )
            if not pending:
                return
            data, future = pending.popleft()
            try:
                # Results come in order: the head of the queue waits at most
                # for the renders queued before it on its process.
                yield future.result(timeout=timeout * _BULK_WINDOW_PER_PROCESS)
            except concurrent.futures.TimeoutError:
                pool.kill()
                raise _bulk_error(data, _timeout_error(timeout)) from None
            except BrokenProcessPool:
                pool.kill()
                raise _bulk_error(data, _crash_error()) from None
            except RenderError as error:
                raise _bulk_error(data, error) from None
    finally:
        if owned and not pool.killed:
            pool.shutdown(wait=True)


def _bulk_error(data: CertificateData, error: RenderError) -> RenderError:
    return RenderError(
        gettext("Certificate %(code)s: %(error)s")
        % {"code": data.display_code, "error": error}
    )


def child_pids() -> list[int]:
    """Process ids of the current pool's render processes (may be empty)."""
    with _pool_lock:
        pool = _pool
    return pool.pids() if pool is not None and _pool_pid == os.getpid() else []


def probe(timeout: float = 30) -> dict:
    """:func:`state_info` from one of the pool's render processes."""
    return _get_pool().submit(state_info).result(timeout=timeout)
