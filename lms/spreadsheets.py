"""CSV and XLSX files that are safe to open: the one place exports are written.

Every export of the platform (reports, ZIP manifests) goes through here so
that no cell can run as a formula. A spreadsheet evaluates a cell that starts
with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one),
and officers' names and free text come from the officers themselves (OWASP
"CSV injection"). Such text is prefixed with an apostrophe, in CSV and XLSX
alike; numbers, dates and booleans keep their types, so a negative *number*
stays a number.

CSV files start with a UTF-8 byte-order mark so that Excel reads Khmer text
correctly. XLSX files are written with openpyxl in write-only mode (constant
memory), and every text cell is typed as a string, never a formula.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Iterator, Sequence

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TYPED = (int, float, decimal.Decimal, datetime.date, datetime.datetime, bool)


def escape_cell(value) -> str:
    """``value`` as text that a spreadsheet shows, never evaluates."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def cell_value(value):
    """What goes into a cell: typed values as they are, everything else escaped."""
    if isinstance(value, _TYPED) and not isinstance(value, str):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            # XLSX has no time zones; show the platform's local time.
            from django.utils import timezone

            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return escape_cell(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_value(value):
    """What goes into a CSV field: numbers as they are, dates in ISO 8601,
    everything else as escaped text."""
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return cell_value(value).isoformat()
    return escape_cell(value)


def csv_lines(headings: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The CSV file line by line (for a ``StreamingHttpResponse``), BOM first."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([escape_cell(h) for h in headings])
    for row in rows:
        yield writer.writerow([csv_value(v) for v in row])


def write_xlsx(
    output: io.IOBase,
    headings: Sequence[str],
    rows: Iterable[Sequence],
    *,
    title: str = "Sheet1",
) -> int:
    """Write one sheet to ``output``; returns the number of data rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.append([_text_cell(sheet, WriteOnlyCell, h) for h in headings])
    count = 0
    for row in rows:
        cells = []
        for value in row:
            value = cell_value(value)
            if isinstance(value, str):
                cells.append(_text_cell(sheet, WriteOnlyCell, value))
            else:
                cells.append(value)
        sheet.append(cells)
        count += 1
    workbook.save(output)
    return count


def _text_cell(sheet, cell_class, text):
    cell = cell_class(sheet, value=escape_cell(text))
    # openpyxl types text starting with "=" as a formula; it is escaped
    # already, and a string cell is never evaluated.
    cell.data_type = "s"
    return cell


def _sheet_title(title: str) -> str:
    # Excel refuses these characters and names over 31 characters.
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in str(title))
    return cleaned[:31] or "Sheet1"
