"""Bulk import of officers from a CSV or XLSX file.

The file
========

One header row, then one officer per row. CSV files are UTF-8 (with or
without the byte-order mark Excel writes; "CSV UTF-8" in Excel's Save As),
separated by commas, semicolons or tabs (worked out from the header line);
XLSX files are read from their first sheet. Empty rows are skipped; row
numbers in messages are those a spreadsheet shows (the header is row 1).
A file may hold at most ``OFFICER_IMPORT_MAX_ROWS`` rows (default 20,000) and
``OFFICER_IMPORT_MAX_BYTES`` bytes (default 10 MB).

Headings are recognised ignoring case, spaces, underscores and hyphens, in
English or in Khmer (the aliases in :data:`columns.COLUMNS`). Unknown
headings and missing required ones refuse the whole file, naming them.

=================== ========= ==============================================
column              required  holds
=================== ========= ==============================================
staff_id            one of    the ministry's ID; rows are matched on it
email               the two   never moves from one account to another (see
                              Rules)
full_name           yes       name in Latin script
full_name_km                  name in Khmer script (must contain Khmer)
unit                yes       the unit's code, English name or Khmer name
                              (any case, extra spaces and zero-width spaces
                              ignored); reviewers: one they review. A name
                              two of the importer's units share needs the
                              code. See ``accounts.importing.units``.
rank, position                free text
duty_station                  duty station code, or its English/Khmer name
province                      01-25, or the name in English or Khmer; empty:
                              the duty station's province, else the unit's
preferred_language            km or en; empty: km for a new officer (the
                              officers read Khmer first), unchanged otherwise
=================== ========= ==============================================

A column left out of the file leaves that field of existing officers as it
is. An empty cell in a column that is there clears the field, except: the
staff ID and email are never cleared, an empty language leaves the officer's
as it is, and an empty province is worked out as above (or left as it is when
neither the duty station nor the unit has one). New officers get a username
made from their staff ID (else their email; ``-2``, ``-3``... when taken), an
unusable password and an active account. They set a password with a
single-use code (``accounts.activation``): those with an e-mail address are
sent an invitation once the import commits; for the others a reviewer prints
activation letters (``ImportResult.created_ids`` names them).

Rules
=====

- A row names an existing officer by staff ID. An e-mail address alone
  never identifies anyone (officers can ask to change theirs): a row whose
  address belongs to another account (with another staff ID, without one,
  or outside the importer's units) is a *conflict*, reported on the email
  column; nothing is renamed or moved. A row without a staff ID updates the
  account holding its address only if that account has no staff ID either
  and is in the row's unit (so re-importing such a file changes nothing).
- A staff ID or address of an account outside the importer's units is a
  conflict too, saying only that ("belongs to an account outside your
  units"). Conflicts are rows (``RowError``) with ``conflict=True``, counted in
  ``ImportResult.conflicts``.
- Any error, in any row, and nothing is saved. Errors name the row, the
  column (as headed in the file) and what is wrong.
- Importing the same file twice changes nothing the second time.

Use :func:`preview_import` (dry run) and :func:`apply_import`; both take the
file's bytes and the importer's :class:`~accounts.scope.Scope`, and write the
audit log. ``manage.py import_officers`` and the portal's import pages are
built on them.
"""

from accounts.importing.columns import COLUMNS, Column
from accounts.importing.reading import ImportFileError, read_table
from accounts.importing.results import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportResult,
    RowError,
    RowPlan,
)
from accounts.importing.running import apply_import, preview_import

__all__ = [
    "COLUMNS",
    "CREATE",
    "UNCHANGED",
    "UPDATE",
    "Column",
    "ImportFileError",
    "ImportResult",
    "RowError",
    "RowPlan",
    "apply_import",
    "preview_import",
    "read_table",
]
