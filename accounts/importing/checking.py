"""Checking an import: every row validated and matched, nothing written.

:func:`check` turns a :class:`~accounts.importing.reading.Table` into an
:class:`~accounts.importing.results.ImportResult`. The database is read in a
fixed number of queries whatever the number of rows (organisations and duty
stations once each, in ``references``; existing officers by staff ID and by
email in chunks of :data:`CHUNK`), so 5,000 rows check in about a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections import namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.importing.columns import COLUMN_BY_KEY
from accounts.importing.reading import Row, Table
from accounts.importing.references import AMBIGUOUS, References
from accounts.importing.results import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportResult,
    RowError,
    RowPlan,
)
from accounts.importing.units import LISTED_UNITS, Found, Unit
from accounts.scope import Scope

#: Identifiers per ``IN (...)`` query: below SQLite's historic 999 limit.
CHUNK = 900
#: Default language of new officers: they are Cambodian frontline officers,
#: most of whom read Khmer first; they can switch in their profile.
DEFAULT_LANGUAGE = "km"
PROGRESS_EVERY = 250

#: Fields compared and written on an update, with the column they come from.
_FIELD_COLUMNS = {
    "staff_id": "staff_id",
    "email": "email",
    "full_name": "full_name",
    "full_name_km": "full_name_km",
    "organisation_id": "unit",
    "rank": "rank",
    "position": "position",
    "duty_station_id": "duty_station",
    "province": "province",
    "preferred_language": "preferred_language",
}
USER_FIELDS = ("pk", "is_superuser", *_FIELD_COLUMNS)
#: An existing user as the check needs it (plain values: no model instances).
Existing = namedtuple("Existing", USER_FIELDS)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

Progress = Callable[[int, int], None]


def has_khmer(text: str) -> bool:
    return any("\u1780" <= c <= "\u17ff" or "\u19e0" <= c <= "\u19ff" for c in text)


def chunked(values: Iterable, size: int = CHUNK):
    values = sorted(set(values))
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass
class _Row:
    """One row while it is being checked."""

    row: Row
    values: dict = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    staff_id: str = ""
    email_key: str = ""  # the email, lower-cased, for matching


class Checker:
    """Checks one table for one scope. Use :func:`check`."""

    def __init__(self, table: Table, scope: Scope, *, lock: bool = False):
        self.table = table
        self.layout = table.layout
        self.scope = scope
        self.lock = lock
        #: The row whose error lists the units the importer may use.
        self.units_listed_at: int | None = None

    def load_users(self, rows: list[_Row]) -> tuple[dict, dict]:
        """Existing users by staff ID, and lists of them by lower-cased email."""
        from accounts.models import User

        base = User.objects.order_by("pk")
        if self.lock:
            base = base.select_for_update()
        by_staff: dict[str, Existing] = {}
        by_email: dict[str, list[Existing]] = {}
        staff_ids = [r.staff_id for r in rows if r.staff_id]
        for chunk in chunked(staff_ids):
            for values in base.filter(staff_id__in=chunk).values_list(*USER_FIELDS):
                user = Existing(*values)
                by_staff[user.staff_id] = user
        emails = [r.email_key for r in rows if r.email_key]
        for chunk in chunked(emails):
            found = (
                base.annotate(email_key=Lower("email"))
                .filter(email_key__in=chunk)
                .values_list(*USER_FIELDS)
            )
            for values in found:
                user = Existing(*values)
                by_email.setdefault(user.email.lower(), []).append(user)
        return by_staff, by_email

    # Checking --------------------------------------------------------------

    def run(self, progress: Progress | None = None) -> ImportResult:
        self.refs = References()
        total = len(self.table.rows)
        rows = []
        for index, row in enumerate(self.table.rows, start=1):
            rows.append(self.clean(row))
            if progress is not None and index % PROGRESS_EVERY == 0:
                progress(index, total)
        self.find_duplicates(rows)
        by_staff, by_email = self.load_users(rows)
        matched: dict[int, int] = {}  # user pk -> first row number
        plans = []
        for checked in rows:
            plan = self.plan(checked, by_staff, by_email, matched)
            if not checked.errors and plan is not None:
                plans.append(plan)
        if progress is not None:
            progress(total, total)
        errors = sorted(
            (error for checked in rows for error in checked.errors),
            key=lambda e: e.row,
        )
        return ImportResult(rows=plans, errors=errors, total=total)

    def error(self, checked: _Row, column: str, message: str):
        checked.errors.append(
            RowError(checked.row.number, self.layout.label(column), message)
        )

    def clean(self, row: Row) -> _Row:  # noqa: C901 - one rule per column, in order
        checked = _Row(row=row)
        values = checked.values
        cells = {key: unicodedata.normalize("NFC", v) for key, v in row.values.items()}
        bad = set()  # columns already reported
        for key, value in cells.items():
            if _CONTROL.search(value):
                self.error(checked, key, _("Remove the control character."))
                bad.add(key)
            elif (limit := COLUMN_BY_KEY[key].max_length) and len(value) > limit:
                self.error(
                    checked,
                    key,
                    _("At most %(limit)s characters (this has %(length)s).")
                    % {"limit": limit, "length": len(value)},
                )
                bad.add(key)
        for key in bad:
            cells[key] = ""

        staff_id, email = cells.get("staff_id", ""), cells.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.error(checked, "email", _("Not a valid email address."))
                bad.add("email")
                email = ""
            else:
                local, _at, domain = email.rpartition("@")
                email = f"{local}@{domain.lower()}"
        if not staff_id and not email and not bad & {"staff_id", "email"}:
            column = "staff_id" if self.layout.has("staff_id") else "email"
            self.error(checked, column, _("Give a staff ID or an email address."))
        if staff_id:
            checked.staff_id = values["staff_id"] = staff_id
        if email:
            values["email"] = email
            checked.email_key = email.lower()

        full_name = cells.get("full_name", "")
        if not full_name:
            if "full_name" not in bad:
                self.error(checked, "full_name", _("The full name is required."))
        elif has_khmer(full_name):
            self.error(
                checked,
                "full_name",
                _(
                    "Write this name in Latin script; the Khmer name goes in "
                    "full_name_km."
                ),
            )
        else:
            values["full_name"] = full_name

        if self.layout.has("full_name_km"):
            name_km = cells["full_name_km"]
            if name_km and not has_khmer(name_km):
                self.error(
                    checked,
                    "full_name_km",
                    _("Write this name in Khmer script, or leave it empty."),
                )
            values["full_name_km"] = name_km
        for key in ("rank", "position"):
            if self.layout.has(key):
                values[key] = cells[key]

        unit = cells.get("unit", "")
        unit_id = None
        if not unit:
            if "unit" not in bad:
                self.error(checked, "unit", _("The unit is required."))
        else:
            found = self.refs.unit(unit, self.allowed_unit_ids)
            if found.unit is not None:
                unit_id = values["organisation_id"] = found.unit.pk
            elif found.ambiguous:
                self.error(checked, "unit", ambiguous_unit_message(unit, found))
            else:
                self.error(checked, "unit", self.unknown_unit_message(unit, checked))

        station_id = None
        if self.layout.has("duty_station"):
            station = cells["duty_station"]
            if station:
                station_id = self.refs.station(station)
                if station_id is None:
                    self.error(
                        checked,
                        "duty_station",
                        _("No duty station has the code or name %(value)s.")
                        % {"value": station},
                    )
                elif station_id == AMBIGUOUS:
                    station_id = None
                    self.error(
                        checked,
                        "duty_station",
                        _("Several duty stations are called %(value)s; use the code.")
                        % {"value": station},
                    )
            values["duty_station_id"] = station_id

        province = cells.get("province", "")
        if province:
            code = self.refs.province(province)
            if code is None:
                self.error(
                    checked,
                    "province",
                    _("No province is called or numbered %(value)s.")
                    % {"value": province},
                )
            else:
                values["province"] = code
        elif derived := self.refs.default_province(station_id, unit_id):
            values["province"] = derived

        language = cells.get("preferred_language", "")
        if language:
            code = self.refs.language(language)
            if code is None:
                self.error(
                    checked,
                    "preferred_language",
                    _("Use km (Khmer) or en (English)."),
                )
            else:
                values["preferred_language"] = code
        return checked

    @property
    def allowed_unit_ids(self):
        """The organisations rows may name: None (all) for an admin."""
        return None if self.scope.is_admin else self.scope.organisation_ids

    def in_scope_user(self, user) -> bool:
        if self.scope.is_admin:
            return True
        return not user.is_superuser and user.organisation_id in (
            self.scope.organisation_ids
        )

    def unknown_unit_message(self, unit: str, checked: _Row) -> str:
        """What is wrong, and which units may be named instead.

        The list is written out in the first such row only; later rows point
        to it, so a file with a thousand bad rows does not repeat it a
        thousand times. A reviewer reads the same words whether the unit
        exists elsewhere or not at all.
        """
        if self.scope.is_admin:
            problem = _("No organisation has the code or name “%(value)s”.")
        else:
            problem = _("“%(value)s” is not the code or name of a unit you manage.")
        problem %= {"value": unit}
        if self.units_listed_at is not None:
            return " ".join(
                (
                    problem,
                    _("The units you may use are listed in row %(row)s.")
                    % {"row": self.units_listed_at},
                )
            )
        allowed = self.refs.units.allowed(self.allowed_unit_ids)
        if not allowed:
            return problem
        self.units_listed_at = checked.row.number
        return " ".join((problem, units_you_may_use(allowed)))

    def find_duplicates(self, rows: list[_Row]):
        """A staff ID or email given twice: an error on the later row, naming both."""
        first_staff: dict[str, int] = {}
        first_email: dict[str, int] = {}
        for checked in rows:
            number = checked.row.number
            if checked.staff_id:
                earlier = first_staff.setdefault(checked.staff_id, number)
                if earlier != number:
                    self.error(
                        checked,
                        "staff_id",
                        _("Staff ID %(value)s is also in row %(row)s.")
                        % {"value": checked.staff_id, "row": earlier},
                    )
            if checked.email_key:
                earlier = first_email.setdefault(checked.email_key, number)
                if earlier != number:
                    self.error(
                        checked,
                        "email",
                        _("Email address %(value)s is also in row %(row)s.")
                        % {"value": checked.values["email"], "row": earlier},
                    )

    # Matching --------------------------------------------------------------

    def match(self, checked: _Row, by_staff, by_email):
        """The existing user this row is about, None for a new one, False on error.

        People are matched by staff ID, never by an e-mail address alone: an
        address can change hands, a staff ID does not. A row's address held
        by any *other* account is a conflict (an import never moves an
        address from one account to another, nor renames the account that
        holds it). A row without a staff ID updates the account holding its
        address only when that account has no staff ID either and is in the
        row's unit (so re-importing such a file changes nothing); otherwise
        it is a conflict too.
        """
        staff_user = by_staff.get(checked.staff_id) if checked.staff_id else None
        email_users = by_email.get(checked.email_key, []) if checked.email_key else []
        if checked.staff_id:
            if staff_user is not None and not self.in_scope_user(staff_user):
                self.conflict(
                    checked,
                    "staff_id",
                    _("This staff ID belongs to an account outside your units."),
                )
                return False
            others = [
                u for u in email_users if staff_user is None or u.pk != staff_user.pk
            ]
            if others:
                self.conflict(checked, "email", self.address_taken_message(others))
                return False
            return staff_user
        if not email_users:
            return None
        if len(email_users) > 1:
            self.conflict(
                checked,
                "email",
                _("Several accounts use this email address; add the staff ID."),
            )
            return False
        user = email_users[0]
        if not self.in_scope_user(user):
            self.conflict(checked, "email", _outside_message())
            return False
        if user.staff_id:
            self.conflict(
                checked,
                "email",
                _(
                    "This email address belongs to the account with staff ID "
                    "%(other)s; add that staff ID to the row."
                )
                % {"other": user.staff_id},
            )
            return False
        unit_id = checked.values.get("organisation_id")
        if unit_id is not None and user.organisation_id != unit_id:
            self.conflict(
                checked,
                "email",
                _(
                    "This email address belongs to an account in unit %(unit)s. "
                    "A row without a staff ID never moves anyone to another "
                    "unit: add the staff ID, or correct the unit."
                )
                % {
                    "unit": self.refs.display("organisation_id", user.organisation_id)
                    or "-"
                },
            )
            return False
        return user

    def conflict(self, checked: _Row, column: str, message: str):
        """An error about an existing account the row would take over."""
        checked.errors.append(
            RowError(
                checked.row.number, self.layout.label(column), message, conflict=True
            )
        )

    def address_taken_message(self, holders) -> str:
        outside = [user for user in holders if not self.in_scope_user(user)]
        if outside:
            return _outside_message()
        user = holders[0]
        if user.staff_id:
            return _(
                "This email address belongs to another account (staff ID "
                "%(other)s). An import never moves an address from one account "
                "to another: correct the address or the staff ID."
            ) % {"other": user.staff_id}
        return _(
            "This email address belongs to another account, which has no staff "
            "ID. An import never moves an address from one account to another: "
            "correct the address, or have that account's staff ID set first."
        )

    def plan(self, checked: _Row, by_staff, by_email, matched) -> RowPlan | None:
        if not (checked.staff_id or checked.email_key):
            return None
        user = self.match(checked, by_staff, by_email)
        if user is False:
            return None
        values = checked.values
        label = values.get("full_name") or checked.staff_id or checked.email_key
        if user is None:
            values.setdefault("preferred_language", DEFAULT_LANGUAGE)
            return RowPlan(checked.row.number, CREATE, label, values=values)
        earlier = matched.setdefault(user.pk, checked.row.number)
        if earlier != checked.row.number:
            self.error(
                checked,
                "staff_id" if self.layout.has("staff_id") else "email",
                _("This row and row %(row)s are the same officer.") % {"row": earlier},
            )
            return None
        changes = []
        for name, new in values.items():
            old = getattr(user, name)
            if name == "email" and (old or "").lower() == new.lower():
                continue
            if (old or None) != (new or None):
                column = _FIELD_COLUMNS[name]
                changes.append(
                    (column, self.refs.display(name, old), self.refs.display(name, new))
                )
        action = UPDATE if changes else UNCHANGED
        return RowPlan(
            checked.row.number, action, label, user.pk, values=values, changes=changes
        )


def units_you_may_use(units: list[Unit]) -> str:
    """``"Use one of these …: A; B; … and 5 more: see …"`` for an error message."""
    listed = "; ".join(unit.describe() for unit in units[:LISTED_UNITS])
    text = _(
        "Use the code, the English name or the Khmer name of one of these "
        "(code — English name — Khmer name): %(units)s."
    ) % {"units": listed}
    more = len(units) - LISTED_UNITS
    if more > 0:
        text += " " + ngettext(
            "%(count)s more unit is not listed here: see “Your units and their "
            "codes” on the Import officers page.",
            "%(count)s more units are not listed here: see “Your units and their "
            "codes” on the Import officers page.",
            more,
        ) % {"count": more}
    return text


def ambiguous_unit_message(unit: str, found: Found) -> str:
    names = "; ".join(other.describe() for other in found.ambiguous)
    return _(
        "Several of the units you may use are called “%(value)s”: %(units)s. "
        "Write the code of the one you mean."
    ) % {"value": unit, "units": names}


def _outside_message() -> str:
    # Nothing more about someone outside the importer's scope.
    return _("This email address belongs to an account outside your units.")


def check(
    table: Table,
    scope: Scope,
    *,
    progress: Progress | None = None,
    lock: bool = False,
) -> ImportResult:
    """Validate and match every row of ``table`` for ``scope``; write nothing.

    ``lock`` takes row locks on the matched users (inside the caller's
    transaction, when applying). ``progress(done, total)`` is called every
    :data:`PROGRESS_EVERY` rows.
    """
    return Checker(table, scope, lock=lock).run(progress)
