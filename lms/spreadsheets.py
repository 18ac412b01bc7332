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

It is also the one place where a cell's value becomes what a file or a page
shows (README, "Dates and numbers"):

- CSV: ISO 8601, the platform's local time with its offset, to the second
  (``2026-12-07T14:05:33+07:00``; ``2026-12-07`` for a date); decimals
  written plainly (``92.3``, never ``92.3080000000000`` or ``1E+2``);
- XLSX: typed dates and numbers, dates shown day first (``7/12/2026 14:05``);
- pages (:func:`display_value`): the active language's short formats.

Scores are rounded by whoever builds the row (``lms.numerals.round_score``):
only the report knows which number is a score.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Iterator, Sequence

from django.utils import formats
from django.utils.translation import gettext

from lms.dates import iso_date, iso_datetime, local
from lms.numerals import plain, to_decimal

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


#: How XLSX shows dates (Excel's number formats): day first, 24-hour clock.
XLSX_DATE_FORMAT = "d/m/yyyy"
XLSX_DATETIME_FORMAT = "d/m/yyyy hh:mm"


def cell_value(value):
    """What goes into a cell: typed values as they are, everything else escaped."""
    if isinstance(value, _TYPED) and not isinstance(value, str):
        if isinstance(value, datetime.datetime):
            # XLSX has no time zones: the platform's local time, to the second.
            return local(value).replace(tzinfo=None, microsecond=0)
        return value
    return escape_cell(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_value(value):
    """What goes into a CSV field: ``2026-12-07T14:05:33+07:00`` for a moment,
    ``2026-12-07`` for a date, plain numbers (``92.3``), everything else as
    escaped text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, (float, decimal.Decimal)):
        number = to_decimal(value)
        return "" if number is None else plain(number)
    if isinstance(value, datetime.datetime):
        return iso_datetime(value)
    if isinstance(value, datetime.date):
        return iso_date(value)
    return escape_cell(value)


def display_value(value) -> str:
    """A cell as a page shows it, in the active language: dates day first in
    local time (``7/12/2026 14:05``), numbers with the language's decimal
    separator and no trailing noise, booleans as Yes/No."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(local(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, (float, decimal.Decimal)):
        number = to_decimal(value)
        if number is None:
            return ""
        text = plain(number)
        return formats.number_format(decimal.Decimal(text), len(text.partition(".")[2]))
    return str(value)


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
            elif isinstance(value, datetime.date):
                cells.append(_date_cell(sheet, WriteOnlyCell, value))
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


def _date_cell(sheet, cell_class, value):
    cell = cell_class(sheet, value=value)
    # openpyxl's default shows dates year first (yyyy-mm-dd h:mm:ss).
    is_moment = isinstance(value, datetime.datetime)
    cell.number_format = XLSX_DATETIME_FORMAT if is_moment else XLSX_DATE_FORMAT
    return cell


def _sheet_title(title: str) -> str:
    # Excel refuses these characters and names over 31 characters.
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in str(title))
    return cleaned[:31] or "Sheet1"
