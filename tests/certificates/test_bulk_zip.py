"""The bulk API: a streamed ZIP of stored PDFs with a CSV manifest, for exactly
the certificates the caller may see."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates import bulk
from certificates.models import Certificate, CertificateEvent
from lms.spreadsheets import escape_cell
from tests import factories
from tests.certificates.factories import attach_pdf, make_certificate, minimal_pdf
from tests.certificates.test_downloads import World, client_for
from tests.certificates.test_downloads import world as world  # noqa: F401, PLC0414

pytestmark = pytest.mark.django_db

BULK_URL = reverse("certificates:bulk_download")


def read_zip(data: bytes) -> tuple[zipfile.ZipFile, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    text = archive.read(bulk.MANIFEST_NAME).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    return archive, rows


def pdf_names(archive: zipfile.ZipFile) -> set[str]:
    return {name for name in archive.namelist() if name != bulk.MANIFEST_NAME}


def stored_bytes(certificate: Certificate) -> bytes:
    with certificate.pdf.open("rb") as stored:
        return stored.read()


# zip_stream ----------------------------------------------------------------


def test_the_zip_holds_the_stored_pdfs_and_a_manifest_of_every_certificate():
    ready = [attach_pdf(make_certificate()) for _ in range(2)]
    pending = make_certificate()
    failed = make_certificate(render_state=Certificate.RenderState.FAILED)

    data = b"".join(bulk.zip_stream([*ready, pending, failed]))

    archive, rows = read_zip(data)
    assert pdf_names(archive) == {bulk.archive_name(c) for c in ready}
    for certificate in ready:
        assert archive.read(bulk.archive_name(certificate)) == stored_bytes(certificate)
        info = archive.getinfo(bulk.archive_name(certificate))
        assert info.compress_type == zipfile.ZIP_STORED
        # Sizes in the local header, no data descriptor: streaming unzip
        # tools can read it too.
        assert not info.flag_bits & 0x08
    assert tuple(rows[0]) == bulk.MANIFEST_COLUMNS
    by_code = {row["code"]: row for row in rows}
    assert set(by_code) == {c.code for c in [*ready, pending, failed]}
    first = by_code[ready[0].code]
    assert first["officer"] == ready[0].officer_name
    assert first["officer_km"] == "សុខ ដារា"
    assert first["course"] == ready[0].course_title
    assert first["issued_on"] == ready[0].issued_on.isoformat()
    assert first["verification_url"] == ready[0].get_verification_url()
    assert first["status"] == "valid"
    assert first["sha256"] == ready[0].pdf_sha256
    assert first["file"] == bulk.archive_name(ready[0])
    assert by_code[pending.code]["file"] == ""
    assert by_code[pending.code]["pdf_state"] == "pending"
    assert by_code[failed.code]["pdf_state"] == "failed"
    assert by_code[failed.code]["sha256"] == ""


def test_manifest_cells_never_run_as_formulas():
    dangerous = [
        '=HYPERLINK("http://evil","x")',
        "+1+2",
        "-2+3",
        "@SUM(A1)",
        "\tTab",
        "\rReturn",
    ]
    certificates = [
        make_certificate(officer_name=name, officer_name_km=name) for name in dangerous
    ]

    _, rows = read_zip(b"".join(bulk.zip_stream(certificates)))

    assert [row["officer"] for row in rows] == ["'" + name for name in dangerous]
    assert [row["officer_km"] for row in rows] == ["'" + name for name in dangerous]
    assert escape_cell("Sok Dara") == "Sok Dara"
    assert escape_cell("សុខ ដារា") == "សុខ ដារា"
    assert escape_cell(None) == ""


def test_streaming_starts_before_the_set_is_read():
    certificates = [attach_pdf(make_certificate()) for _ in range(5)]
    pulled = []

    def lazily():
        for certificate in certificates:
            pulled.append(certificate)
            yield certificate

    chunks = bulk.zip_stream(lazily())
    first = next(chunks)

    assert len(pulled) == 1
    assert first.startswith(b"PK\x03\x04")
    assert bulk.archive_name(certificates[0]).encode() in first
    assert stored_bytes(certificates[0]) in first
    rest = list(chunks)
    assert len(pulled) == 5
    # One PDF per chunk, then the manifest and the directory: the archive is
    # never held whole.
    assert len(rest) == 5
    assert max(len(chunk) for chunk in [first, *rest[:-1]]) < 2 * len(
        stored_bytes(certificates[0])
    )
    archive, _ = read_zip(first + b"".join(rest))
    assert len(pdf_names(archive)) == 5


def test_a_file_missing_from_storage_is_listed_but_left_out():
    kept, lost = attach_pdf(make_certificate()), attach_pdf(make_certificate())
    lost.pdf.storage.delete(lost.pdf.name)

    archive, rows = read_zip(b"".join(bulk.zip_stream([kept, lost])))

    assert pdf_names(archive) == {bulk.archive_name(kept)}
    assert {row["code"]: row["file"] for row in rows} == {
        kept.code: bulk.archive_name(kept),
        lost.code: "",
    }


def test_a_zip_without_a_manifest():
    certificate = attach_pdf(make_certificate())

    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(bulk.zip_stream([certificate], manifest=False)))
    )

    assert archive.namelist() == [bulk.archive_name(certificate)]


def test_more_than_65535_files_switch_to_zip64():
    """Past 65,535 entries the ZIP needs its ZIP64 end records; the same stored
    PDF stands in for every certificate (unsaved rows, no database)."""
    template = attach_pdf(make_certificate())
    count = 65_536 + 10

    def many():
        for number in range(count):
            certificate = Certificate(
                code=f"{number:028d}",
                user=template.user,
                course=template.course,
                officer_name="Sok Dara",
                course_title="Border checks",
                issued_on=template.issued_on,
                issued_at=template.issued_at,
                render_state="ready",
                pdf_sha256=template.pdf_sha256,
            )
            certificate.pdf.name = template.pdf.name
            yield certificate

    buffer = io.BytesIO()
    for chunk in bulk.zip_stream(many(), manifest=False):
        buffer.write(chunk)

    # The ZIP64 end of central directory record, near the end.
    assert b"PK\x06\x06" in buffer.getvalue()[-200:]
    archive = zipfile.ZipFile(buffer)
    assert len(archive.infolist()) == count
    assert archive.read(archive.infolist()[-1]) == stored_bytes(template)


def test_the_manifest_opens_in_spreadsheets_with_khmer():
    certificate = make_certificate(officer_name_km="សុខ ដារា")

    data = b"".join(bulk.zip_stream([certificate]))

    raw = zipfile.ZipFile(io.BytesIO(data)).read(bulk.MANIFEST_NAME)
    # The officer's core columns first, as in every report.
    assert raw.startswith(
        b"\xef\xbb\xbfstaff_id,name,name_km,unit,province,officer,officer_km,"
    )
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert "សុខ ដារា".encode() in raw


def test_certificates_are_read_in_batches_in_the_given_order(
    django_assert_num_queries,
):
    made = [make_certificate() for _ in range(7)]
    gone = made.pop(3)
    ids = [c.pk for c in reversed(made)] + [gone.pk]
    gone.delete()

    with django_assert_num_queries(3):  # 2, then 4, then 1
        found = list(bulk.in_chunks(ids, size=4, first=2))

    assert found == list(reversed(made))


# The bulk view ---------------------------------------------------------------


def get_zip(client, **params):
    response = client.post(BULK_URL, params)
    assert response.status_code == 200, response.content
    assert response.streaming
    return response, *read_zip(b"".join(response.streaming_content))


def codes_in(rows) -> set[str]:
    return {row["code"] for row in rows}


def test_the_bulk_access_matrix_has_no_unexpected_200(world: World):
    visible = {
        "owner": {world.certificate},
        "colleague": set(),
        "stranger": {world.stranger_certificate},
        "ministry reviewer": {world.certificate, world.ministry_certificate},
        "department reviewer": {world.certificate},
        "other reviewer": {world.stranger_certificate},
        "unattached reviewer": set(),
        "admin": {
            world.certificate,
            world.ministry_certificate,
            world.stranger_certificate,
        },
    }
    every_code = [
        c.code
        for c in (
            world.certificate,
            world.ministry_certificate,
            world.stranger_certificate,
        )
    ]
    for actor, user in world.actors().items():
        client = client_for(user)
        for params in ({}, {"code": every_code}, {"code": [world.certificate.code]}):
            response = client.post(BULK_URL, params)
            if actor == "anonymous":
                assert response.status_code == 302, (actor, params)
                assert response["Location"].startswith(reverse("accounts:login"))
                continue
            expected = visible[actor]
            if "code" in params:
                expected = {c for c in expected if c.code in params["code"]}
            if not expected:
                assert response.status_code == 404, (actor, params)
                continue
            assert response.status_code == 200, (actor, params)
            archive, rows = read_zip(b"".join(response.streaming_content))
            assert pdf_names(archive) == {bulk.archive_name(c) for c in expected}
            assert codes_in(rows) == {c.code for c in expected}, (actor, params)


def test_a_reviewer_never_gets_another_organisations_officers(world: World):
    _, archive, rows = get_zip(client_for(world.department_reviewer))

    manifest = "\n".join(",".join(row.values()) for row in rows)
    for hidden in (world.stranger_certificate, world.ministry_certificate):
        assert hidden.code not in manifest
        assert hidden.officer_name not in manifest
        assert bulk.archive_name(hidden) not in archive.namelist()
    assert codes_in(rows) == {world.certificate.code}


def test_the_response_is_a_streamed_zip_attachment(world: World):
    response, archive, _ = get_zip(client_for(world.owner))

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="certificates-'
    )
    assert response["Content-Disposition"].endswith('.zip"')
    assert "no-store" in response["Cache-Control"]
    assert archive.read(bulk.archive_name(world.certificate)) == stored_bytes(
        world.certificate
    )


def test_downloads_are_recorded_in_one_insert(world: World):
    client = client_for(world.admin)
    for _ in range(5):
        attach_pdf(make_certificate(user=world.owner))

    with CaptureQueriesContext(connection) as queries:
        response = client.post(BULK_URL)
    b"".join(response.streaming_content)

    inserts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "certificates_certificateevent"')
    ]
    assert len(inserts) == 1
    events = CertificateEvent.objects.filter(action=CertificateEvent.Action.DOWNLOADED)
    assert events.count() == Certificate.objects.count() == 8
    assert {e.actor for e in events} == {world.admin}
    assert {e.detail["via"] for e in events} == {"zip"}


def test_nothing_is_recorded_for_refused_requests(world: World):
    client_for(world.colleague).post(BULK_URL)
    client_for(world.owner).post(BULK_URL, {"status": "nonsense"})

    assert not CertificateEvent.objects.filter(action="downloaded").exists()


def test_filters_by_course_status_and_date(world: World):
    course = factories.make_course(modules=1, lessons=1, title="Customs basics")
    today = timezone.localdate()
    old = attach_pdf(
        make_certificate(
            user=world.owner,
            course=course,
            issued_on=today - datetime.timedelta(days=400),
        )
    )
    expired = attach_pdf(
        make_certificate(
            user=world.colleague,
            course=course,
            expires_on=today - datetime.timedelta(days=1),
        )
    )
    revoked = attach_pdf(
        make_certificate(
            user=world.ministry_officer, course=course, revoked_at=timezone.now()
        )
    )
    client = client_for(world.ministry_reviewer)

    def selected(**params) -> set[str]:
        return codes_in(get_zip(client, **params)[2])

    assert selected(course=course.pk) == {old.code, expired.code, revoked.code}
    assert selected(course=course.pk, status="valid") == {old.code}
    assert selected(status="expired") == {expired.code}
    assert selected(status="revoked") == {revoked.code}
    assert selected(
        course=course.pk, issued_to=(today - datetime.timedelta(days=1)).isoformat()
    ) == {old.code}
    assert selected(course=course.pk, issued_from=today.isoformat()) == {
        expired.code,
        revoked.code,
    }
    # Typed codes are accepted.
    assert selected(code=[old.display_code.lower(), f" {expired.code} "]) == {
        old.code,
        expired.code,
    }


@pytest.mark.parametrize(
    "params, field",
    [
        ({"course": "abc"}, "course"),
        ({"status": "lost"}, "status"),
        # Day first: 14/03/2026 is 14 March; month first is refused.
        ({"issued_from": "03/14/2026"}, "issued_from"),
        ({"issued_from": "2026-03-14", "issued_to": "2026-03-01"}, "issued_to"),
        ({"code": ["not-a-code"]}, "code"),
    ],
)
def test_bad_parameters_get_a_400_that_says_what_is_wrong(world, params, field):
    response = client_for(world.admin).post(BULK_URL, params)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert errors[field][0]["message"]


def test_nothing_visible_is_a_404_with_a_message(world: World):
    response = client_for(world.colleague).post(
        BULK_URL, {"code": [world.certificate.code]}
    )

    assert response.status_code == 404
    assert response.json()["errors"]["__all__"][0]["message"] == (
        "No certificate that you may download matches this request."
    )


def test_a_reissued_pdf_is_the_one_in_the_zip(world: World):
    attach_pdf(world.certificate, minimal_pdf("reissued"), reason="reissue")

    _, archive, rows = get_zip(client_for(world.owner))

    assert archive.read(bulk.archive_name(world.certificate)) == minimal_pdf("reissued")
    assert rows[0]["sha256"] == world.certificate.pdf_sha256


def test_a_get_writes_nothing_so_another_site_cannot_set_off_a_download(world):
    """A cross-site ``<img src=".../certificates/bulk/">`` sends a GET with the
    reviewer's cookies; it must not put "downloaded" on record."""
    response = client_for(world.admin).get(BULK_URL)

    assert response.status_code == 405
    assert not CertificateEvent.objects.filter(action="downloaded").exists()


def test_a_post_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)

    response = client.post(BULK_URL)

    assert response.status_code == 403
    assert not CertificateEvent.objects.filter(action="downloaded").exists()
