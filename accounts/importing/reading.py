"""Reading an import file (CSV or XLSX) into rows of text, with its header mapped.

Everything a file can get wrong as a whole (size, encoding, format, header)
raises :class:`ImportFileError` with a message for the person who sent it;
problems with single rows are left to ``accounts.importing.checking``.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.importing.columns import Layout, LayoutError, read_header

#: Defaults for ``settings.OFFICER_IMPORT_MAX_BYTES`` / ``..._MAX_ROWS``.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000
#: An XLSX is a ZIP: refuse one that would unpack to more than this (a small
#: file can hide gigabytes of XML).
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls


def max_bytes() -> int:
    return getattr(settings, "OFFICER_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows() -> int:
    return getattr(settings, "OFFICER_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


class ImportFileError(ValueError):
    """The file cannot be imported at all; ``str(error)`` says why."""


@dataclass(frozen=True)
class Row:
    #: The row's number as a spreadsheet shows it (the header is usually row 1).
    number: int
    #: Field key -> the cell's text, stripped ("" when empty).
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    layout: Layout
    rows: list[Row]


def read_table(data: bytes, name: str = "") -> Table:
    """Read ``data`` (the file's bytes; ``name`` only helps to guess the format)."""
    limit = max_bytes()
    if len(data) > limit:
        raise ImportFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split it in parts.")
            % {"size": _megabytes(len(data)), "limit": _megabytes(limit)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    lowered = name.lower()
    if data.startswith(_ZIP_MAGIC):
        records = _xlsx_records(data)
    elif data.startswith(_OLE_MAGIC) or lowered.endswith(".xls"):
        raise ImportFileError(
            _(
                "Old Excel files (.xls) cannot be read: save it as .xlsx or as "
                "CSV UTF-8."
            )
        )
    elif lowered.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(_("This is not a valid .xlsx file."))
    else:
        records = _csv_records(data)
    return _table(records)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def _table(records) -> Table:
    """Find the header (the first non-empty record), then the data rows."""
    layout = None
    width = 0
    rows: list[Row] = []
    limit = max_rows()
    for number, cells in records:
        cells = [_text(cell) for cell in cells]
        if not any(cells):
            continue  # blank lines, empty trailing rows of a sheet
        if layout is None:
            try:
                layout = read_header(cells)
            except LayoutError as error:
                raise ImportFileError(str(error)) from None
            width = len(cells)
            continue
        beyond = range(width, len(cells))
        for position in (*layout.unnamed, *beyond):
            if position < len(cells) and cells[position]:
                raise ImportFileError(
                    _(
                        "Row %(row)s has a value in column %(column)s, which has "
                        "no heading."
                    )
                    % {"row": number, "column": position + 1}
                )
        values = {
            key: cells[position] if position < len(cells) else ""
            for key, position in layout.positions.items()
        }
        rows.append(Row(number=number, values=values))
        if len(rows) > limit:
            raise ImportFileError(
                _("The file has more than %(limit)s rows. Split it in parts.")
                % {"limit": limit}
            )
    if layout is None:
        raise ImportFileError(_("The file is empty."))
    if not rows:
        raise ImportFileError(_("The file has a header but no officers."))
    return Table(layout=layout, rows=rows)


def _text(value) -> str:
    """A cell as text: spreadsheet numbers lose a trailing ".0" (staff IDs)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


# CSV -----------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text": UTF-16 with a byte-order mark, unambiguous.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (line %(line)s has bytes that are not "
                "UTF-8). Save it as “CSV UTF-8” in Excel or LibreOffice, "
                "or upload the .xlsx file."
            )
            % {"line": line}
        ) from None


def _delimiter(text: str) -> str:
    """``,``, ``;`` or tab: whichever the header line holds most of."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_records(data: bytes):
    text = _decode(data)
    if "\x00" in text:
        raise ImportFileError(_("The file is not a CSV or XLSX file."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file is malformed near line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None


# XLSX ----------------------------------------------------------------------


def _xlsx_records(data: bytes):
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(_("This is not a valid .xlsx file.")) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(
            _("The spreadsheet is too large once unpacked. Split it in parts.")
        )
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on bad files
        raise ImportFileError(_("This is not a valid .xlsx file.")) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The spreadsheet has no sheets."))
        sheet = workbook.worksheets[0]
        # The stored dimensions may be wrong (some tools write "A1"); read all.
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
    finally:
        workbook.close()
