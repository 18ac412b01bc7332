"""What an import check or run found: planned actions per row and row errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"

#: How many row errors and planned changes a stored summary keeps (a job's
#: ``result``); the counts always cover every row.
SUMMARY_LIMIT = 2000


@dataclass(frozen=True)
class RowError:
    """``row`` as the spreadsheet numbers it; ``column`` as headed in the file.

    ``conflict``: the row names an existing account it may not take over (a
    staff ID outside the importer's units, an address another account holds).
    """

    row: int
    column: str
    message: str
    conflict: bool = False

    def __str__(self) -> str:
        if self.conflict:
            text = _(
                "Row %(row)s, column %(column)s (conflict with an existing "
                "account): %(message)s"
            )
        else:
            text = _("Row %(row)s, column %(column)s: %(message)s")
        return text % {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RowPlan:
    """What importing one row does.

    ``values`` holds the model field values to write (``organisation_id``,
    ``duty_station_id``...); ``changes`` the ``(field, old, new)`` texts a
    person reads, for an update.
    """

    row: int
    action: str
    label: str
    user_id: int | None = None
    values: dict = field(default_factory=dict)
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class ImportResult:
    """The outcome of checking (``applied`` False) or running an import.

    ``file_error`` is set when the file as a whole was refused (no rows were
    looked at); ``errors`` lists bad rows. An import with any error saves
    nothing.
    """

    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    applied: bool = False
    #: Data rows in the file, good and bad.
    total: int = 0
    #: Ids of the officers the import created (set once saved), for their
    #: activation: invitations by e-mail, letters printed from the import.
    created_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.total,
            "created": self.count(CREATE),
            "updated": self.count(UPDATE),
            "unchanged": self.count(UNCHANGED),
            "errors": len(self.errors),
        }

    @property
    def conflicts(self) -> int:
        """Of the errors, how many are conflicts with existing accounts."""
        return sum(1 for error in self.errors if error.conflict)

    def summary(self, limit: int = SUMMARY_LIMIT) -> dict:
        """A JSON-serialisable digest (a job's ``result``), lists cut at ``limit``."""
        changed = [row for row in self.rows if row.action != UNCHANGED]
        return {
            "applied": self.applied,
            "file_error": self.file_error,
            "counts": self.counts,
            "conflicts": self.conflicts,
            "errors": [[e.row, e.column, e.message] for e in self.errors[:limit]],
            "changes": [
                {
                    "row": row.row,
                    "action": row.action,
                    "label": row.label,
                    "fields": [list(change) for change in row.changes],
                }
                for row in changed[:limit]
            ],
            "changes_total": len(changed),
            "created_ids": list(self.created_ids),
        }
