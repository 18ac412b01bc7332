"""A reviewer downloads their officers' certificates as a ZIP, in a real browser.

The job runs where it runs in production: queued in the database
(``django_tasks_db``) and picked up by a worker, here a ``db_worker`` worker
in a thread of the test process. Reading each stored PDF is slowed down by a
test storage (Django's ``FileSystemStorage`` with a pause in ``_open``), so
that the bar has time to move while the page polls; nothing in the code under
test waits. The test records every value the page gives the ``<progress>``
element and asserts that it showed one strictly between 0 and the total.
"""

from __future__ import annotations

import io
import re
import threading
import time
import zipfile

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connections
from playwright.sync_api import expect

from accounts.report_columns import CORE_KEYS
from certificates.bulk import archive_name
from certificates.models import Certificate
from portal.models import Job
from tests import factories
from tests.certificates.factories import attach_pdf, make_certificate

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CERTIFICATES = 40
#: Seconds each stored PDF takes to open: 40 files take about 3 seconds.
OPEN_DELAY = 0.075

RECORD_PROGRESS = """() => {
  const bar = document.querySelector("#job-progress");
  const words = document.querySelector("[data-job-progress-text]");
  window.progressSeen = [];
  const note = () => window.progressSeen.push({
    value: bar.hasAttribute("value") ? bar.value : null,
    max: bar.max,
    text: words.textContent,
  });
  note();
  new MutationObserver(note).observe(bar, {attributes: true});
}"""


class SlowStorage(FileSystemStorage):
    """The certificate storage, with a pause before each file is opened."""

    def _open(self, name, mode="rb"):
        time.sleep(OPEN_DELAY)
        return super()._open(name, mode)


class WorkerThread(threading.Thread):
    """``manage.py db_worker`` in a thread, until :meth:`stop`.

    On SQLite the test database lives in memory and only the live server's
    connection reaches it, so the worker borrows that connection (as the live
    server's own threads do); on PostgreSQL it opens its own.
    """

    def __init__(self, live_server):
        from django_tasks_db.management.commands.db_worker import Worker

        super().__init__(daemon=True)
        self.shared = dict(live_server.thread.connections_override)
        self.worker = Worker(
            queue_names=["default"],
            interval=0.1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="e2e-portal-zip",
            excluded_queue_names=[],
        )

    def run(self):
        for alias, connection in self.shared.items():
            connections[alias] = connection
        try:
            self.worker.run()
        finally:
            if not self.shared:
                connections.close_all()

    def stop(self):
        self.worker.running = False
        self.join(timeout=30)


@pytest.fixture
def reviewer_world(transactional_db):
    ministry = factories.make_organisation(name="Ministry A")
    unit = factories.make_organisation(name="Unit A1")
    unit.parent = ministry
    unit.save()
    other = factories.make_organisation(name="Organisation B")
    course = factories.make_course(modules=1, lessons=1, title="Border checks")
    other_course = factories.make_course(modules=1, lessons=1, title="Victim care")
    reviewer = factories.make_user("reviewer", reviews=ministry, username="reviewer-a")
    ours = []
    for number in range(CERTIFICATES):
        officer = factories.make_user(
            "officer",
            full_name=f"Officer {number:02d}",
            full_name_km="សុខ ដារា",
            organisation=unit,
        )
        ours.append(attach_pdf(make_certificate(user=officer, course=course)))
    filtered_out = attach_pdf(make_certificate(user=ours[0].user, course=other_course))
    stranger = factories.make_user("officer", full_name="Keo Bopha", organisation=other)
    theirs = attach_pdf(make_certificate(user=stranger, course=course))
    return {
        "reviewer": reviewer,
        "course": course,
        "ours": ours,
        "filtered_out": filtered_out,
        "theirs": theirs,
    }


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_reviewer_downloads_a_zip_and_sees_the_bar_move(
    page, live_server, reviewer_world, settings, monkeypatch, tmp_path
):
    settings.TASKS = DATABASE_QUEUE
    settings.LMS_PUBLIC_BASE_URL = live_server.url
    location = settings.STORAGES["certificates"]["OPTIONS"]["location"]
    # A FileField's storage is built once, when the model class is: swap the
    # field's storage instance rather than the setting.
    monkeypatch.setattr(
        Certificate._meta.get_field("pdf"), "storage", SlowStorage(location=location)
    )
    world = reviewer_world

    page.goto("/accounts/login/?next=/portal/certificates/")
    page.get_by_label("Username").fill(world["reviewer"].username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page.get_by_role("heading", name="Certificates")).to_be_visible()
    expect(page.get_by_text("41 certificates match.")).to_be_visible()

    page.get_by_label("Course").select_option(label="Border checks")
    page.get_by_role("button", name="Show certificates").click()
    expect(page.get_by_text(f"{CERTIFICATES} certificates match.")).to_be_visible()
    expect(page.get_by_text("Keo Bopha")).to_have_count(0)

    page.get_by_role("button", name="Download all as ZIP").click()
    expect(page).to_have_url(re.compile(r"/portal/jobs/[0-9a-f-]{36}/$"))
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    page.evaluate(RECORD_PROGRESS)

    worker = WorkerThread(live_server)
    worker.start()
    try:
        link = page.get_by_role("link", name="Download the file")
        expect(link).to_be_visible(timeout=60_000)
        expect(page.get_by_text("Done", exact=True)).to_be_visible()
    finally:
        # Before the download: on SQLite the worker shares the live server's
        # one connection, and two threads must not interleave transactions.
        worker.stop()
    assert not worker.is_alive()
    seen = page.evaluate("() => window.progressSeen")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    # The page showed the bar part-way, then full.
    values = [(s["value"], s["max"]) for s in seen if s["value"] is not None]
    assert any(0 < value < top == CERTIFICATES for value, top in values), seen
    assert values[-1] == (CERTIFICATES, CERTIFICATES), seen
    shown = [s["value"] for s in seen if s["value"] is not None]
    assert shown == sorted(shown), seen  # never backwards
    assert any(
        re.fullmatch(rf"\d+ of {CERTIFICATES} \(\d+%\)", s["text"]) for s in seen
    )

    # The file: every PDF of the filtered selection, and manifests listing them.
    assert re.fullmatch(r"certificates-\d{4}-\d{2}-\d{2}\.zip", path.name)
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    assert archive.testzip() is None
    ours = world["ours"]
    assert set(archive.namelist()) == {archive_name(c) for c in ours} | {
        "manifest.csv",
        "manifest.xlsx",
    }
    manifest = archive.read("manifest.csv").decode("utf-8-sig")
    lines = manifest.strip().splitlines()
    # The officer's core columns first (as in every report), then the names
    # as printed on the certificate.
    assert lines[0].startswith(",".join(CORE_KEYS) + ",officer,officer_km,course,")
    assert len(lines) == 1 + CERTIFICATES
    for certificate in ours:
        assert certificate.code in manifest
        assert certificate.get_verification_url() in manifest
    for hidden in (world["theirs"], world["filtered_out"]):
        assert hidden.code not in manifest
    assert "Keo Bopha" not in manifest
    job = Job.objects.get()
    assert job.status == Job.Status.DONE
    assert job.progress_done == job.progress_total == CERTIFICATES
