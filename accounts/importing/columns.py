"""The column layout of an officer import, and how headings are recognised.

:data:`COLUMNS` is the contract with the people who prepare the files; the
package docstring (``accounts.importing``) describes it for them. Headings are
matched case-, space-, underscore- and hyphen-insensitively, in English or in
Khmer (:attr:`Column.aliases`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Column:
    """One column of the import file."""

    #: The canonical heading, also the name used in messages.
    key: str
    #: What the column holds, for the upload page.
    description: object
    #: Other headings accepted for it (English variants and Khmer).
    aliases: tuple[str, ...] = ()
    #: The longest value the model accepts (None: not a free-text field).
    max_length: int | None = None
    #: A value is needed on every row.
    required: bool = False
    #: The description with an ``%(example)s`` placeholder, used when the page
    #: has a real value to show (e.g. one of the importer's own unit codes).
    description_with_example: object = None

    def describe(self, example: str = "") -> str:
        """What the column holds; with ``example`` when one is given and used."""
        if example and self.description_with_example is not None:
            return str(self.description_with_example) % {"example": example}
        return str(self.description)


COLUMNS: tuple[Column, ...] = (
    Column(
        "staff_id",
        gettext_lazy(
            "The officer's ID in their ministry. Re-imports match on it first. "
            "Either staff_id or email is needed on every row."
        ),
        aliases=("staff id", "staff no", "staff number", "id", "អត្តលេខ", "អត្តលេខមន្ត្រី"),
        max_length=40,
    ),
    Column(
        "email",
        gettext_lazy(
            "Email address. Officers are found by staff ID, not by email: an "
            "address that belongs to another account is a conflict. A row "
            "without a staff ID updates the account with this address only if "
            "that account has no staff ID and is in the row's unit."
        ),
        aliases=("e-mail", "email address", "អ៊ីមែល", "អ៊ីម៉ែល", "អុីមែល"),
        max_length=254,
    ),
    Column(
        "full_name",
        gettext_lazy("Full name in Latin script, as on the ID card. Required."),
        aliases=("name", "full name (latin)", "name (latin)", "ឈ្មោះ", "ឈ្មោះឡាតាំង"),
        max_length=200,
        required=True,
    ),
    Column(
        "full_name_km",
        gettext_lazy("Full name in Khmer script (optional)."),
        aliases=(
            "full name (khmer)",
            "khmer name",
            "name (khmer)",
            "name km",
            "ឈ្មោះខ្មែរ",
            "ឈ្មោះជាអក្សរខ្មែរ",
            "គោត្តនាមនិងនាម",
        ),
        max_length=200,
    ),
    Column(
        "unit",
        gettext_lazy(
            "The officer's unit: its code, its English name or its Khmer name. "
            "Required; reviewers may only name units they review."
        ),
        aliases=(
            "unit code",
            "unit name",
            "organisation",
            "organization",
            "org",
            "អង្គភាព",
            "ឈ្មោះអង្គភាព",
        ),
        required=True,
        # The example is one of the importer's own codes, filled in when the
        # page is shown: a hard-coded one would be wrong for every ministry.
        description_with_example=gettext_lazy(
            "The officer's unit: its code (e.g. %(example)s), its English name "
            "or its Khmer name. Required; reviewers may only name units they "
            "review."
        ),
    ),
    Column(
        "rank",
        gettext_lazy("Rank (optional)."),
        aliases=("ឋានន្តរស័ក្តិ", "សក្តិ"),
        max_length=100,
    ),
    Column(
        "position",
        gettext_lazy("Position or post (optional)."),
        aliases=("post", "job title", "តួនាទី", "មុខតំណែង"),
        max_length=150,
    ),
    Column(
        "duty_station",
        gettext_lazy(
            "Duty station: its code, or its name in English or Khmer (optional)."
        ),
        aliases=("station", "duty station code", "ទីតាំងបំពេញការងារ", "ប៉ុស្តិ៍"),
    ),
    Column(
        "province",
        gettext_lazy(
            "Province: its number (01-25) or its name in English or Khmer. "
            "Empty: the duty station's province, else the unit's."
        ),
        aliases=("ខេត្ត", "រាជធានី/ខេត្ត", "រាជធានីខេត្ត"),
    ),
    Column(
        "preferred_language",
        gettext_lazy(
            "Language of the site for the officer: km (Khmer) or en (English). "
            "Empty: Khmer for new officers, unchanged for existing ones."
        ),
        aliases=("language", "lang", "ភាសា"),
    ),
)

COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
#: The row must give at least one of these (matching needs one of them).
IDENTIFIERS = ("staff_id", "email")

_IGNORED = re.compile(r"[\s_\-.()/\u200b\u200c\u200d\ufeff]+")


def normalise_heading(text: str) -> str:
    """``"Staff ID"``, ``"staff_id"`` and ``" STAFF-ID "`` all give ``"staffid"``."""
    text = unicodedata.normalize("NFC", str(text or ""))
    return _IGNORED.sub("", text).casefold()


def _heading_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for column in COLUMNS:
        for heading in (column.key, *column.aliases):
            index.setdefault(normalise_heading(heading), column.key)
    return index


_HEADINGS = _heading_index()


@dataclass(frozen=True)
class Layout:
    """Which column of the file holds which field, as worked out from the header."""

    #: Field key -> position in the row.
    positions: dict[str, int]
    #: Field key -> the heading as written in the file (for messages).
    labels: dict[str, str]
    #: Positions whose heading is empty (values there are an error).
    unnamed: tuple[int, ...] = ()

    def has(self, key: str) -> bool:
        return key in self.positions

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


class LayoutError(ValueError):
    """The header row cannot be used; the message says why."""


def read_header(cells: list[str]) -> Layout:
    """Map the header row to :data:`COLUMNS`, or raise :class:`LayoutError`.

    Unknown, repeated and missing required headings are all reported at once.
    """
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    unnamed: list[int] = []
    for position, cell in enumerate(cells):
        heading = str(cell or "").strip()
        if not normalise_heading(heading):
            unnamed.append(position)
            continue
        key = _HEADINGS.get(normalise_heading(heading))
        if key is None:
            unknown.append(heading)
        elif key in positions:
            repeated.append(heading)
        else:
            positions[key] = position
            labels[key] = heading
    problems = []
    if unknown:
        problems.append(
            _("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
    if repeated:
        problems.append(
            _("Columns given twice: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    missing = [c.key for c in COLUMNS if c.required and c.key not in positions]
    if not any(key in positions for key in IDENTIFIERS):
        missing.insert(0, " / ".join(IDENTIFIERS))
    if missing:
        problems.append(
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if problems:
        problems.append(
            _("The columns are: %(columns)s.")
            % {"columns": ", ".join(c.key for c in COLUMNS)}
        )
        raise LayoutError(" ".join(problems))
    return Layout(positions=positions, labels=labels, unnamed=tuple(unnamed))
