"""Builders for certificate test data, without rendering anything.

``make_certificate`` creates a ``Certificate`` row directly (no completion, no
``course_completed`` signal, no tasks), with the printed fields filled in.
``attach_pdf`` then puts a tiny but valid PDF into the private certificate
storage and marks the certificate ready, with its hash on record, as the
renderer would. Use them inside database-enabled tests::

    certificate = attach_pdf(make_certificate(user=officer, course=course))

Files land in the test certificate storage (``.test-var/certificates``,
ignored by git); each has a unique name, so tests never overwrite each other.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from certificates.models import Certificate, CertificatePdf
from certificates.storing import attach_pdf as attach
from tests import factories


def minimal_pdf(text: str = "Certificate") -> bytes:
    """A one-page PDF (Helvetica, ``text`` in ASCII) that readers open.

    ``text`` makes files of different certificates differ, so their hashes do.
    """
    safe = text.encode("ascii", "replace").replace(b"\\", b"").replace(b"(", b"")
    safe = safe.replace(b")", b"")
    stream = b"BT /F1 24 Tf 72 720 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def make_certificate(user=None, course=None, **overrides) -> Certificate:
    """A saved certificate of ``user`` for ``course``, its PDF still pending.

    Without ``user`` or ``course``, a new officer or a new (one-lesson) course
    is made. ``overrides`` set any model field (``expires_on``,
    ``revoked_at``, ``officer_name_km``...).
    """
    user = user or factories.make_user("officer")
    course = course or factories.make_course(modules=1, lessons=1)
    now = timezone.now()
    fields = {
        "officer_name": user.get_full_name(),
        "officer_name_km": user.full_name_km or "សុខ ដារា",
        "course_title": course.title,
        "course_title_km": "វគ្គសិក្សា " + course.title,
        "edition": course.edition or "2026",
        "completed_at": now,
        "issued_at": now,
        "issued_on": timezone.localdate(now),
        "issuer_name": "Frontline Officer Learning",
        "issuer_name_km": "ការសិក្សាមន្ត្រីជួរមុខ",
    }
    fields.update(overrides)
    return Certificate.objects.create(user=user, course=course, **fields)


def attach_pdf(
    certificate: Certificate,
    content: bytes | None = None,
    *,
    reason: str = CertificatePdf.Reason.ISSUE,
    at: datetime.datetime | None = None,
) -> Certificate:
    """Store ``content`` (default: a minimal PDF naming the certificate) as the
    certificate's current PDF through ``certificates.storing.attach_pdf`` (what
    a render does after it has the bytes), without rendering. Returns it,
    refreshed.
    """
    content = content or minimal_pdf(f"{certificate.officer_name} {certificate.code}")
    attach(certificate, content, reason=reason, now=at)
    certificate.refresh_from_db()
    return certificate
