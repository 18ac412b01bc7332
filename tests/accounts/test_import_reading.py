"""Reading officer import files: CSV flavours, XLSX, headers and file limits."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import override_settings

from accounts.importing import COLUMNS, ImportFileError, read_table
from tests.accounts.import_files import HEADER, csv_bytes, xlsx_bytes

KHMER_ROW = ["1001", "dara@example.gov.kh", "Sok Dara", "សុខ ដារា", "A1", "Major"]


def values(table):
    return [row.values for row in table.rows]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", [False, True])
def test_csv_with_or_without_bom_and_any_common_separator(delimiter, bom):
    data = csv_bytes([HEADER, KHMER_ROW], delimiter=delimiter, bom=bom)
    table = read_table(data, "officers.csv")
    assert values(table) == [dict(zip(HEADER, KHMER_ROW, strict=True))]
    assert table.rows[0].number == 2
    assert table.layout.labels["staff_id"] == "staff_id"  # no BOM left in it


def test_utf16_with_a_byte_order_mark_is_read():
    """Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated."""
    data = csv_bytes([HEADER, KHMER_ROW], delimiter="\t", encoding="utf-16")
    assert values(read_table(data, "officers.txt"))[0]["full_name_km"] == "សុខ ដារា"


def test_non_utf8_csv_is_refused_with_the_line():
    data = "staff_id,full_name,unit\n1,Sok,A1\n2,Ren\xe9e,A1\n".encode("latin-1")
    with pytest.raises(ImportFileError, match=r"not UTF-8.*line 3.*CSV UTF-8"):
        read_table(data, "officers.csv")


def test_headers_ignore_case_spaces_and_accept_khmer_aliases():
    header = [" Staff ID ", "E-Mail", "FULL NAME", "ឈ្មោះខ្មែរ", "អង្គភាព", "Rank"]
    table = read_table(csv_bytes([header, KHMER_ROW]), "x.csv")
    assert values(table)[0] == dict(zip(HEADER, KHMER_ROW, strict=True))
    assert table.layout.label("unit") == "អង្គភាព"
    assert table.layout.label("staff_id") == "Staff ID"


def test_every_column_has_its_own_key_in_the_documented_layout():
    keys = [column.key for column in COLUMNS]
    assert keys == [
        "staff_id",
        "email",
        "full_name",
        "full_name_km",
        "unit",
        "rank",
        "position",
        "duty_station",
        "province",
        "preferred_language",
    ]
    assert all(column.aliases for column in COLUMNS)  # each has a Khmer name
    first_aliases = [column.aliases[-1] for column in COLUMNS]
    table = read_table(csv_bytes([first_aliases, ["x"] * len(keys)]), "x.csv")
    assert table.layout.positions == {key: n for n, key in enumerate(keys)}


def test_unknown_and_missing_columns_are_named():
    header = ["staff_id", "Nickname", "rank", "Rank", "Shoe size"]
    with pytest.raises(ImportFileError) as caught:
        read_table(csv_bytes([header, ["1", "x", "y", "z", "42"]]), "x.csv")
    message = str(caught.value)
    assert "Unknown columns: Nickname, Shoe size." in message
    assert "Columns given twice: Rank." in message
    assert "Missing columns: full_name, unit." in message


def test_a_file_without_staff_id_or_email_column_is_refused():
    with pytest.raises(ImportFileError, match=r"Missing columns: staff_id / email"):
        read_table(csv_bytes([["full_name", "unit"], ["Sok", "A1"]]), "x.csv")


def test_blank_lines_are_skipped_and_rows_keep_their_numbers():
    data = (
        b"\r\n"
        + csv_bytes([HEADER, KHMER_ROW])
        + b"\r\n,,,,,\r\n"
        + csv_bytes([["1002", "", "Keo", "", "A1", ""]])
    )
    table = read_table(data, "x.csv")
    assert [row.number for row in table.rows] == [3, 6]


def test_a_value_under_no_heading_is_refused():
    data = csv_bytes([HEADER, [*KHMER_ROW, "stray"]])
    with pytest.raises(ImportFileError, match="Row 2 has a value in column 7"):
        read_table(data, "x.csv")


def test_xlsx_numbers_become_staff_ids_and_trailing_rows_are_ignored():
    rows = [HEADER, [12345.0, None, "Sok Dara", "សុខ ដារា", "A1", 3], [None] * 6]
    rows += [[None] * 6 for _ in range(20)]
    table = read_table(xlsx_bytes(rows), "officers.xlsx")
    assert values(table) == [
        {
            "staff_id": "12345",
            "email": "",
            "full_name": "Sok Dara",
            "full_name_km": "សុខ ដារា",
            "unit": "A1",
            "rank": "3",
        }
    ]


def test_xlsx_reads_the_first_sheet_only():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(KHMER_ROW)
    other = workbook.create_sheet("Notes")
    other.append(["not", "a", "header"])
    out = io.BytesIO()
    workbook.save(out)
    assert len(read_table(out.getvalue(), "x.xlsx").rows) == 1


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "x.csv", "The file is empty."),
        (b"\r\n\r\n", "x.csv", "The file is empty."),
        (csv_bytes([HEADER]), "x.csv", "header but no officers"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "x.xls", r"\.xls"),
        (b"PK\x03\x04 not really a zip", "x.xlsx", "not a valid .xlsx"),
        (b"staff_id,full_name,unit\n", "x.xlsx", "not a valid .xlsx"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(data, name)


def test_an_xlsx_that_unpacks_to_too_much_is_refused(monkeypatch):
    from accounts.importing import reading

    monkeypatch.setattr(reading, "MAX_XLSX_UNPACKED_BYTES", 1000)
    with pytest.raises(ImportFileError, match="too large once unpacked"):
        read_table(xlsx_bytes([HEADER, KHMER_ROW]), "x.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ImportFileError, match="not a valid .xlsx"):
        read_table(out.getvalue(), "x.xlsx")


@override_settings(OFFICER_IMPORT_MAX_BYTES=100)
def test_files_over_the_size_limit_are_refused():
    data = csv_bytes([HEADER, *[KHMER_ROW] * 5])
    with pytest.raises(ImportFileError, match="the limit is 0.0 MB"):
        read_table(data, "x.csv")


@override_settings(OFFICER_IMPORT_MAX_ROWS=3)
@pytest.mark.parametrize("build", [csv_bytes, xlsx_bytes])
def test_files_over_the_row_limit_are_refused(build):
    rows = [HEADER, *[[str(n), "", "Sok", "", "A1", ""] for n in range(4)]]
    name = "x.xlsx" if build is xlsx_bytes else "x.csv"
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        read_table(build(rows), name)
    assert len(read_table(build(rows[:4]), name).rows) == 3
