"""lms.spreadsheets: exports never run a cell as a formula, and keep Khmer."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lms.spreadsheets import csv_lines, escape_cell, write_xlsx

DANGEROUS = ["=1+2", "+SUM(A1)", "-3+4", "@cmd", "\t=x", "\r=y"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_starts_are_prefixed(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Sok Dara", "សុខ ដារា", "", "a=b", "3-4"])
def test_ordinary_text_is_unchanged(text):
    assert escape_cell(text) == text


def test_csv_has_a_bom_escapes_text_and_keeps_numbers():
    rows = [
        (
            '=HYPERLINK("http://x")',
            "សុខ ដារា",
            -3,
            Decimal("87.50"),
            datetime.date(2026, 1, 2),
        ),
    ]
    text = "".join(csv_lines(["Name", "ឈ្មោះ", "n", "score", "date"], rows))
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed[0] == ["Name", "ឈ្មោះ", "n", "score", "date"]
    assert parsed[1] == [
        '\'=HYPERLINK("http://x")',
        "សុខ ដារា",
        "-3",
        # Decimals are written plainly: no trailing zeros (lms.numerals.plain).
        "87.5",
        "2026-01-02",
    ]


def test_xlsx_cells_are_strings_never_formulas_and_numbers_stay_numbers():
    output = io.BytesIO()
    count = write_xlsx(
        output,
        ["Name", "Score", "Issued"],
        [
            ("=1+2", 87.5, datetime.date(2026, 3, 1)),
            ("@SUM(A1)", -3, None),
            ("សុខ", 0, None),
        ],
        title="Completions: 2026/03",
    )
    assert count == 3
    sheet = load_workbook(io.BytesIO(output.getvalue())).active
    assert sheet.title == "Completions  2026 03"
    assert sheet["A2"].value == "'=1+2" and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "'@SUM(A1)"
    assert sheet["B2"].value == 87.5 and sheet["B3"].value == -3
    assert sheet["A4"].value == "សុខ"
    assert sheet["C2"].value.date() == datetime.date(2026, 3, 1)
