"""Bulk downloads: a streamed ZIP of stored PDFs with a CSV manifest.

:func:`zip_stream` turns any iterable of certificates into the bytes of a ZIP
archive, yielded file by file: the first bytes leave after the first PDF is
read, and memory holds one PDF, the manifest and the ZIP's central directory
(together about 2 KB per file: 10,000 files of 150 KB, a 1.5 GB archive,
peaked at about 26 MB traced), never the archive. Nothing is rendered here:
only stored PDFs go in, so a ZIP of 10,000 certificates runs at disk speed
(about 700 MB/s, 4,900 files a second on the development machine).

:class:`BulkSelection` reads which certificates a request asks for (codes,
course, status, dates); the caller always intersects the result with
``Certificate.objects.visible_to(user)``.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator

from anyascii import anyascii
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.report_columns import CORE_KEYS, officer_core_columns
from certificates import codes
from certificates.models import Certificate
from lms.spreadsheets import csv_value

MANIFEST_NAME = "manifest.csv"

#: Columns of ``manifest.csv``, in order (a stable contract: append, never
#: rename). The officer's core columns come first, as in every report
#: (``accounts.report_columns``: staff ID, Latin and Khmer name, unit and
#: province as they are now); ``officer`` and ``officer_km`` are the names as
#: printed on the certificate.
MANIFEST_COLUMNS = (
    *CORE_KEYS,
    "officer",
    "officer_km",
    "course",
    "course_km",
    "edition",
    "issued_on",
    "expires_on",
    "code",
    "verification_url",
    "status",
    "sha256",
    "file",
    "pdf_state",
)


def has_stored_pdf(certificate: Certificate) -> bool:
    """Whether a PDF file is on record for ``certificate``.

    True also while a new file is being prepared or after a re-render failed:
    the stored file is the last complete, issued one (its hash is on the
    verification page), and it stays in place until a new one replaces it.
    """
    return bool(certificate.pdf.name) and bool(certificate.pdf_sha256)


#: The longest a name's parts may be in an archive file name (characters).
NAME_PART_LENGTH = 40


def _safe_part(text: str | None, limit: int = NAME_PART_LENGTH) -> str:
    """``text`` as ASCII letters, digits and hyphens only (Khmer or accented
    Latin transliterated by ``anyascii``): no path separator, no character a
    file system or an unzip tool refuses, nothing that needs quoting."""
    ascii_text = anyascii(text or "")
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
    return cleaned[:limit].rstrip("-")


def archive_name(certificate: Certificate) -> str:
    """The PDF's name inside a ZIP: ``<staff ID>_<Latin name>_<course>_<code>.pdf``.

    Named so that a ministry can file it by officer: staff ID (left out when
    the officer has none), the name in Latin script (transliterated to ASCII),
    the course's slug and the certificate's code, which is unique, so two
    certificates never share a name, whatever the officer's names. Reads
    ``certificate.user`` and ``certificate.course``: select them with it.
    """
    user = certificate.user
    parts = [
        _safe_part(user.staff_id),
        _safe_part(user.get_full_name() or certificate.officer_name),
        _safe_part(certificate.course.slug),
        certificate.display_code,
    ]
    return "_".join(part for part in parts if part) + ".pdf"


class _Window(io.RawIOBase):
    """A write-only stream that ``zipfile`` may seek in, but only forward of
    what was already handed on.

    ``zipfile`` writes each entry's header, then the data, then seeks back to
    rewrite the header with the real size and CRC. Keeping just the current
    entry lets it do so: the ZIP gets ordinary local headers (no data
    descriptors, which some unzip tools handle badly for stored files), and
    :meth:`take` hands on each finished entry.
    """

    def __init__(self):
        self._buffer = bytearray()
        self._base = 0  # absolute offset of _buffer[0]
        self._position = 0  # absolute

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            offset += self._position
        elif whence == io.SEEK_END:
            offset += self._base + len(self._buffer)
        if offset < self._base or offset > self._base + len(self._buffer):
            raise OSError("cannot seek outside the entry being written")
        self._position = offset
        return offset

    def write(self, data) -> int:
        start = self._position - self._base
        self._buffer[start : start + len(data)] = data
        self._position += len(data)
        return len(data)

    def take(self) -> bytes:
        """The bytes written since the last call; they can no longer change."""
        chunk = bytes(self._buffer)
        self._base += len(self._buffer)
        self._buffer.clear()
        self._position = self._base
        return chunk


def _zip_info(name: str, when: datetime.datetime) -> zipfile.ZipInfo:
    local = timezone.localtime(when) if timezone.is_aware(when) else when
    info = zipfile.ZipInfo(name, date_time=max(local.timetuple()[:6], (1980, 1, 1)))
    info.compress_type = zipfile.ZIP_STORED  # PDFs are compressed already
    info.external_attr = 0o644 << 16
    return info


def verification_urls() -> Callable[[str], str]:
    """``code -> verification URL``, resolving the URL pattern only once (a
    ``reverse()`` per row would cost more than storing the PDF)."""
    placeholder = "0" * codes.LENGTH
    template = Certificate(code=placeholder).get_verification_url()
    head, tail = template.rsplit(placeholder, 1)
    return lambda code: f"{head}{code}{tail}"


def manifest_values(
    certificate: Certificate,
    file: str,
    today: datetime.date,
    url_for: Callable[[str], str] | None = None,
) -> list:
    """One manifest row as values, not yet escaped (see ``MANIFEST_COLUMNS``).

    Dates stay dates and a missing expiry is ``None``, for writers that type
    their cells (``lms.spreadsheets``); :func:`manifest_row` is the text form.
    """
    url = url_for(certificate.code) if url_for else certificate.get_verification_url()
    return [
        *officer_core_columns().row(certificate.user),
        certificate.officer_name,
        certificate.officer_name_km,
        certificate.course_title,
        certificate.course_title_km,
        certificate.edition,
        certificate.issued_on,
        certificate.expires_on,
        certificate.code,
        url,
        certificate.status(today),
        certificate.pdf_sha256 if file else "",
        file,
        certificate.render_state,
    ]


def manifest_row(
    certificate: Certificate,
    file: str,
    today: datetime.date,
    url_for: Callable[[str], str] | None = None,
) -> list[str]:
    """One escaped ``manifest.csv`` row (see ``MANIFEST_COLUMNS``): dates in
    ISO 8601, as in every CSV file (``lms.spreadsheets.csv_value``)."""
    return [
        str(csv_value(value))
        for value in manifest_values(certificate, file, today, url_for)
    ]


def add_pdf(archive: zipfile.ZipFile, certificate: Certificate) -> str:
    """Add the stored PDF of ``certificate`` to ``archive``, read whole.

    Returns its name in the archive, or ``""`` when it has no stored PDF or
    the file is missing from storage (it is then left out).
    """
    if not has_stored_pdf(certificate):
        return ""
    try:
        with certificate.pdf.open("rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        return ""
    name = archive_name(certificate)
    archive.writestr(_zip_info(name, certificate.issued_at), data)
    return name


def add_file(archive: zipfile.ZipFile, name: str, data: bytes, when=None) -> None:
    """Add ``data`` as ``name`` (stored, dated ``when`` or now), e.g. a manifest."""
    archive.writestr(_zip_info(name, when or timezone.now()), data)


def zip_stream(
    certificates: Iterable[Certificate], *, manifest: bool = True
) -> Iterator[bytes]:
    """Yield a ZIP of the stored PDFs of ``certificates``, then ``manifest.csv``.

    PDFs are named by :func:`archive_name`; select ``user__organisation`` and
    ``course`` with the certificates (as :func:`in_chunks` does).

    ``certificates`` is read lazily, one at a time (pass a queryset's
    ``iterator()`` or any generator). Entries are stored, not deflated, and
    the archive switches to ZIP64 by itself past 65,535 files or 4 GiB.
    Certificates without a stored PDF, or whose file is missing from storage,
    are left out of the archive; the manifest lists every certificate with its
    file name (empty when left out) and PDF state. Cells are escaped against
    spreadsheet formulas, and the manifest is UTF-8 with a byte order mark so
    that spreadsheet programs read Khmer correctly.
    """
    window = _Window()
    today = timezone.localdate()
    url_for = verification_urls()
    # Encoded as it is written: a str buffer would hold 4 bytes per character
    # as soon as one Khmer name is in it.
    rows = io.BytesIO()
    text = io.TextIOWrapper(rows, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(MANIFEST_COLUMNS)
    with zipfile.ZipFile(window, mode="w", allowZip64=True) as archive:
        for certificate in certificates:
            name = add_pdf(archive, certificate)
            if name:
                yield window.take()
            if manifest:
                writer.writerow(manifest_row(certificate, name, today, url_for))
        if manifest:
            archive.writestr(
                _zip_info(MANIFEST_NAME, timezone.now()),
                rows.getvalue(),
            )
    yield window.take()


class BulkSelection(forms.Form):
    """Which certificates a bulk request asks for; every filter is optional.

    Query string: ``code`` (repeatable, typed codes are accepted), ``course``
    (a course page id), ``status`` (``valid``, ``expired``, ``revoked``),
    ``issued_from`` and ``issued_to`` (``YYYY-MM-DD``, inclusive).
    """

    code = forms.CharField(required=False, label=_("Verification codes"))
    course = forms.IntegerField(required=False, min_value=1, label=_("Course"))
    status = forms.ChoiceField(
        required=False,
        choices=[("", "")] + Certificate.Status.choices,
        label=_("Status"),
    )
    issued_from = forms.DateField(
        required=False, input_formats=["%Y-%m-%d"], label=_("Issued from")
    )
    issued_to = forms.DateField(
        required=False, input_formats=["%Y-%m-%d"], label=_("Issued until")
    )

    def __init__(self, query_dict, *args, **kwargs):
        self.typed_codes = [c for c in query_dict.getlist("code") if c.strip()]
        super().__init__(query_dict, *args, **kwargs)

    def clean_code(self) -> list[str]:
        canonical, wrong = [], []
        for typed in self.typed_codes:
            code = codes.normalise(typed)
            (canonical if code else wrong).append(code or typed)
        if wrong:
            raise forms.ValidationError(
                _("These are not certificate codes: %(codes)s"),
                code="invalid_code",
                params={"codes": ", ".join(wrong[:20])},
            )
        return canonical

    def clean(self):
        data = super().clean()
        start, end = data.get("issued_from"), data.get("issued_to")
        if start and end and start > end:
            self.add_error("issued_to", _("The end date is before the start date."))
        return data

    def filter(self, queryset, today: datetime.date | None = None):
        """``queryset`` narrowed to the selection (call after ``is_valid()``)."""
        data = self.cleaned_data
        if data["code"]:
            queryset = queryset.filter(code__in=data["code"])
        return filter_certificates(
            queryset,
            course=data["course"],
            status=data["status"],
            issued_from=data["issued_from"],
            issued_to=data["issued_to"],
            today=today,
        )


def filter_certificates(
    queryset,
    *,
    course: int | None = None,
    status: str = "",
    issued_from: datetime.date | None = None,
    issued_to: datetime.date | None = None,
    today: datetime.date | None = None,
):
    """``queryset`` narrowed by course page id, status today (``valid``,
    ``expired``, ``revoked``) and issue dates (inclusive); empty values do
    not filter. Scoping is the caller's: pass a ``visible_to`` queryset."""
    if course:
        queryset = queryset.filter(course_id=course)
    if issued_from:
        queryset = queryset.filter(issued_on__gte=issued_from)
    if issued_to:
        queryset = queryset.filter(issued_on__lte=issued_to)
    today = today or timezone.localdate()
    if status == Certificate.Status.VALID:
        queryset = queryset.valid(today)
    elif status == Certificate.Status.EXPIRED:
        queryset = queryset.filter(revoked_at__isnull=True, expires_on__lt=today)
    elif status == Certificate.Status.REVOKED:
        queryset = queryset.filter(revoked_at__isnull=False)
    return queryset


def in_chunks(
    ids: list[int], size: int = 500, first: int = 20, queryset=None
) -> Iterator[Certificate]:
    """The certificates with primary keys ``ids``, in that order, read ``size``
    at a time (``first`` at first, so the first bytes leave at once): a fixed
    set, however long the ZIP takes to stream. ``queryset`` (default: all
    certificates) may add ``select_related`` or narrow the set further."""
    # The officer, their unit and the course name the files and fill the
    # manifest's first columns: read with the certificates, not per file.
    source = (
        Certificate.objects.select_related("user__organisation", "course")
        if queryset is None
        else queryset
    )
    start = 0
    while start < len(ids):
        batch = ids[start : start + (size if start else first)]
        start += len(batch)
        found = source.in_bulk(batch)
        for pk in batch:
            if pk in found:
                yield found[pk]
