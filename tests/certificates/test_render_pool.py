"""The render pool: signed PDFs from child processes, with time and memory limits.

Each test that changes a limit shuts the pool down before and after, so the
next render starts processes with the settings in force.
"""

from __future__ import annotations

import io
import os
import signal
import threading
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from certificates import render_pool, signing
from certificates.layouts.base import Logo
from certificates.rendering import RenderError
from tests.certificates.pdf_helpers import fixed_data, pdfinfo, pdftotext


@pytest.fixture(autouse=True)
def fresh_pool():
    render_pool.shutdown()
    yield
    render_pool.shutdown()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_until_dead(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_render_returns_a_signed_one_page_pdf():
    pdf = render_pool.render(fixed_data(is_sample=False))

    assert pdfinfo(pdf)["pages"] == 1
    assert signing.validate_pdf(pdf).ok


def test_previews_can_be_rendered_unsigned():
    pdf = render_pool.render(fixed_data(), sign=False)

    assert pdfinfo(pdf)["pages"] == 1
    assert signing.validate_pdf(pdf).signed is False


def test_render_in_process_is_signed_too():
    pdf = render_pool.render(fixed_data(), in_process=True)

    assert signing.validate_pdf(pdf).ok
    assert render_pool.child_pids() == []


def test_refused_data_comes_back_as_a_render_error():
    with pytest.raises(RenderError, match="U\\+0007"):
        render_pool.render(fixed_data(officer_name="Sok\x07"))

    # A refusal is not a failure of the process: it keeps serving.
    assert signing.validate_pdf(render_pool.render(fixed_data())).ok


def test_render_state_lives_as_long_as_the_process():
    before = render_pool.probe()
    render_pool.render(fixed_data())
    render_pool.render(fixed_data(officer_name="Chea Sophal"))
    after = render_pool.probe()

    assert after["pid"] == before["pid"]
    assert after["font_config_id"] == before["font_config_id"]
    assert after["state_id"] == before["state_id"]
    assert after["renders"] == before["renders"] + 2


@override_settings(CERTIFICATE_RENDER_MEMORY_MB=900)
def test_children_run_under_the_memory_limit():
    """The limit is 900 MiB of headroom above what the child started with."""
    info = render_pool.probe()
    headroom = info["address_space_limit"] - info["address_space_kib"] * 1024
    # The warm-up render has used a little of the headroom already.
    assert 700 * 1024 * 1024 < headroom <= 900 * 1024 * 1024


def test_a_render_over_the_time_limit_is_stopped_and_the_pool_replaced():
    old_pid = render_pool.probe()["pid"]

    with pytest.raises(RenderError, match="longer than 0.001 seconds"):
        render_pool.render(fixed_data(), timeout=0.001)

    assert wait_until_dead(old_pid)
    pdf = render_pool.render(fixed_data())
    assert signing.validate_pdf(pdf).ok
    assert render_pool.probe()["pid"] != old_pid


@pytest.fixture
def huge_logo():
    from PIL import Image

    # 9,000 x 9,000 pixels: a small PNG, but 240 MB once decoded.
    buffer = io.BytesIO()
    Image.new("RGB", (9000, 9000), (200, 10, 10)).save(buffer, "PNG")
    name = default_storage.save(
        "tests/render-pool/huge.png", ContentFile(buffer.getvalue())
    )
    yield Logo(url=default_storage.url(name), alt_text="Huge")
    default_storage.delete(name)


@override_settings(CERTIFICATE_RENDER_MEMORY_MB=200)
def test_a_render_over_the_memory_limit_is_refused_with_a_message(huge_logo):
    with pytest.raises(RenderError, match="more memory than the 200 MiB"):
        render_pool.render(fixed_data(logos=(huge_logo,)))

    # The pool is replaced and renders the next certificate.
    assert signing.validate_pdf(render_pool.render(fixed_data())).ok


def test_a_killed_render_process_is_replaced():
    old_pid = render_pool.probe()["pid"]
    os.kill(old_pid, signal.SIGKILL)
    assert wait_until_dead(old_pid)

    pdf = render_pool.render(fixed_data())

    assert signing.validate_pdf(pdf).ok
    assert render_pool.probe()["pid"] != old_pid


def test_processes_that_keep_dying_give_a_render_error():
    stop = threading.Event()

    def kill_every_render_process():
        while not stop.is_set():
            for pid in render_pool.child_pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.005)

    killer = threading.Thread(target=kill_every_render_process, daemon=True)
    killer.start()
    try:
        with pytest.raises(RenderError, match="stopped unexpectedly"):
            render_pool.render(fixed_data())
    finally:
        stop.set()
        killer.join()

    assert signing.validate_pdf(render_pool.render(fixed_data())).ok


# The database -----------------------------------------------------------------


def count_users() -> int:
    from accounts.models import User

    return User.objects.count()


@pytest.mark.django_db
def test_render_processes_never_use_the_parents_database_connection(officer):
    from django.db import connection

    from accounts.models import User

    assert User.objects.count() == 1  # the parent's connection is open
    pool = render_pool._get_pool()

    with pytest.raises(RenderError, match="must not use the database"):
        pool.submit(count_users).result(timeout=60)
    pdf = render_pool.render(fixed_data())

    # The parent's session is intact, still in the test's transaction.
    assert signing.validate_pdf(pdf).ok
    assert connection.in_atomic_block
    assert User.objects.count() == 1
    assert User.objects.filter(pk=officer.pk).exists()


# Bulk ------------------------------------------------------------------------------


def test_render_many_keeps_the_order():
    names = [f"Officer Number {index}" for index in range(6)]
    datas = [fixed_data(officer_name=name, is_sample=False) for name in names]

    pdfs = list(render_pool.render_many(datas, processes=2))

    assert len(pdfs) == 6
    for name, pdf in zip(names, pdfs, strict=True):
        assert name in pdftotext(pdf)
        assert signing.validate_pdf(pdf).ok


def test_render_many_names_the_certificate_it_cannot_render():
    datas = [fixed_data(), fixed_data(officer_name="Bad\x00", display_code="BAD-CODE")]

    with pytest.raises(RenderError, match="BAD-CODE"):
        list(render_pool.render_many(datas, processes=2))
