"""Dates in Cambodian form (lms.formats, lms.dates, lms.date_inputs): day
first in English and Khmer, 24-hour times, day-first input, ISO 8601 in CSV."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.conf import settings
from django.utils import formats, translation
from openpyxl import load_workbook

from lms.date_inputs import DayFirstDateField
from lms.dates import iso_date, iso_datetime, parse_date
from lms.spreadsheets import csv_lines, csv_value, display_value, write_xlsx

UTC = datetime.UTC
PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
#: 14:05:33 in Phnom Penh (UTC+7), with microseconds a database would keep.
MOMENT = datetime.datetime(2026, 12, 7, 7, 5, 33, 123456, tzinfo=UTC)
DAY = datetime.date(2026, 12, 7)
LANGUAGES = ["en", "km"]
KHMER_DIGIT = re.compile("[០-៩]")
MONTHS_KM = [
    "មករា",
    "កុម្ភៈ",
    "មីនា",
    "មេសា",
    "ឧសភា",
    "មិថុនា",
    "កក្កដា",
    "សីហា",
    "កញ្ញា",
    "តុលា",
    "វិច្ឆិកា",
    "ធ្នូ",
]


def test_display_is_in_phnom_penh_and_storage_in_utc():
    assert settings.TIME_ZONE == "Asia/Phnom_Penh"
    assert settings.USE_TZ is True
    assert settings.FORMAT_MODULE_PATH == ["lms.formats"]


@pytest.mark.parametrize(
    ("language", "medium", "month_day"),
    [("en", "7 Dec 2026", "7 December"), ("km", "7 ធ្នូ 2026", "7 ធ្នូ")],
)
def test_dates_are_day_first_in_both_languages(language, medium, month_day):
    local = MOMENT.astimezone(PHNOM_PENH)
    with translation.override(language):
        assert formats.date_format(DAY, "DATE_FORMAT") == medium
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "7/12/2026"
        assert formats.date_format(local, "DATETIME_FORMAT") == f"{medium}, 14:05"
        assert formats.date_format(local, "SHORT_DATETIME_FORMAT") == (
            "7/12/2026 14:05"
        )
        assert formats.time_format(local.time(), "TIME_FORMAT") == "14:05"
        assert formats.date_format(DAY, "MONTH_DAY_FORMAT") == month_day
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_afternoon_times_use_the_24_hour_clock(language):
    evening = datetime.datetime(2026, 3, 1, 21, 30, tzinfo=PHNOM_PENH)
    with translation.override(language):
        text = formats.date_format(evening, "SHORT_DATETIME_FORMAT")
    assert text == "1/3/2026 21:30"
    assert "p.m" not in text and "PM" not in text


def test_khmer_dates_name_every_month_in_khmer():
    with translation.override("km"):
        shown = [
            formats.date_format(datetime.date(2026, month, 7), "DATE_FORMAT")
            for month in range(1, 13)
        ]
    assert shown == [f"7 {name} 2026" for name in MONTHS_KM]


@pytest.mark.parametrize(
    ("language", "decimal", "thousands"), [("en", ".", ","), ("km", ",", ".")]
)
def test_number_separators(language, decimal, thousands):
    with translation.override(language):
        assert formats.get_format("DECIMAL_SEPARATOR") == decimal
        assert formats.get_format("THOUSAND_SEPARATOR") == thousands
        assert formats.get_format("NUMBER_GROUPING") == 3
        assert formats.number_format(Decimal("1250.5"), 1, force_grouping=True) == (
            f"1{thousands}250{decimal}5"
        )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("7/12/2026", DAY),
        ("07/12/2026", DAY),
        (" 7/12/2026 ", DAY),
        ("2026-12-07", DAY),
        ("7-12-2026", DAY),
        ("7.12.2026", DAY),
        # Ambiguous: read day first, never as 7 December.
        ("12/7/2026", datetime.date(2026, 7, 12)),
        ("01/02/2027", datetime.date(2027, 2, 1)),
    ],
)
def test_typed_dates_are_read_day_first(language, typed, meant):
    with translation.override(language):
        assert forms.DateField().clean(typed) == meant
        assert DayFirstDateField().clean(typed) == meant
        assert parse_date(typed) == meant


@pytest.mark.parametrize("language", LANGUAGES)
def test_khmer_digits_typed_on_a_khmer_keyboard_are_read(language):
    with translation.override(language):
        assert DayFirstDateField().clean("៧/១២/២០២៦") == DAY
        assert parse_date("០៧/១២/២០២៦") == DAY


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["12/31/2026", "31/13/2026", "Dec 7 2026", "7/12"])
def test_month_first_and_nonsense_are_refused(language, typed):
    with translation.override(language):
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean(typed)
        assert parse_date(typed) is None


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a valid date, day first: for example 7/12/2026"),
        ("km", "សូមបញ្ចូលកាលបរិច្ឆេទត្រឹមត្រូវ ដោយសរសេរថ្ងៃមុន៖ ឧទាហរណ៍ 7/12/2026"),
    ],
)
def test_a_refused_date_says_which_form_is_expected(language, message):
    class Form(forms.Form):
        due_on = DayFirstDateField(label="Due date")

    with translation.override(language):
        form = Form({"due_on": "12/31/2026"})
        assert not form.is_valid()
        assert form.errors["due_on"][0].startswith(message)
        html = str(form["due_on"])
    # A date picker where the browser has one; its value is ISO 8601.
    assert 'type="date"' in html
    assert 'value="2026-12-07"' in str(Form(initial={"due_on": DAY})["due_on"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_typed_date_times_are_read_day_first(language):
    with translation.override(language):
        value = forms.DateTimeField().clean("7/12/2026 14:05")
    assert value == datetime.datetime(2026, 12, 7, 14, 5, tzinfo=PHNOM_PENH)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_wagtail_admin_pickers_write_what_the_forms_read(language):
    from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

    local = MOMENT.astimezone(PHNOM_PENH).replace(microsecond=0)
    with translation.override(language):
        date_html = AdminDateInput().render("day", DAY)
        moment_html = AdminDateTimeInput().render("at", local)
        assert 'value="07/12/2026"' in date_html
        assert 'value="07/12/2026 14:05"' in moment_html
        # The pickers start weeks on Monday and write day first.
        assert '"dayOfWeekStart": 1' in date_html
        assert '"format": "d/m/Y"' in date_html
        # What the picker writes, the admin's form fields read back.
        assert forms.DateField().clean("07/12/2026") == DAY
        assert forms.DateTimeField().clean("07/12/2026 14:05") == local.replace(
            second=0
        )


def test_iso_text_for_files():
    assert iso_datetime(MOMENT) == "2026-12-07T14:05:33+07:00"
    assert iso_datetime(datetime.datetime(2026, 12, 7, 14, 5, 33, 9)) == (
        "2026-12-07T14:05:33+07:00"
    )
    assert iso_date(DAY) == "2026-12-07"
    # Late at night in UTC is the next morning in Phnom Penh.
    assert iso_date(datetime.datetime(2026, 12, 6, 20, 0, tzinfo=UTC)) == "2026-12-07"


def test_csv_cells_are_iso_8601_without_microseconds():
    assert csv_value(MOMENT) == "2026-12-07T14:05:33+07:00"
    assert csv_value(DAY) == "2026-12-07"
    assert csv_value(Decimal("92.3080000000000")) == "92.308"
    assert csv_value(Decimal("1E+2")) == "100"
    assert csv_value(Decimal("-0.50")) == "-0.5"
    assert csv_value(92.5) == "92.5"
    assert csv_value(7) == 7
    assert csv_value(None) == ""

    text = "".join(csv_lines(["when", "day"], [(MOMENT, DAY)]))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == ["2026-12-07T14:05:33+07:00", "2026-12-07"]
    assert "123456" not in text


def test_xlsx_dates_are_typed_and_shown_day_first():
    output = io.BytesIO()
    write_xlsx(output, ["when", "day", "score"], [(MOMENT, DAY, Decimal("92.3"))])
    sheet = load_workbook(io.BytesIO(output.getvalue())).active
    when, day, score = sheet["A2"], sheet["B2"], sheet["C2"]
    # Local time, to the second (XLSX has no time zones).
    assert when.value == datetime.datetime(2026, 12, 7, 14, 5, 33)
    assert when.number_format == "d/m/yyyy hh:mm"
    assert day.value.date() == DAY and day.number_format == "d/m/yyyy"
    assert score.value == 92.3 and score.data_type == "n"


@pytest.mark.parametrize(("language", "number"), [("en", "92.308"), ("km", "92,308")])
def test_page_cells_use_the_short_formats(language, number):
    with translation.override(language):
        assert display_value(MOMENT) == "7/12/2026 14:05"
        assert display_value(DAY) == "7/12/2026"
        assert display_value(Decimal("92.3080000000000")) == number
        assert display_value(Decimal("100.00")) == "100"
        assert display_value(None) == ""
        assert display_value(12) == "12"


def test_no_template_hard_codes_a_year_first_or_month_first_date():
    """Templates format dates by name (DATE_FORMAT ...), so lms.formats holds
    the one form; machine-readable attributes (datetime="", meta) may use ISO."""
    root = Path(settings.BASE_DIR)
    offending = []
    folders = [
        child
        for child in root.iterdir()
        if child.is_dir() and not child.name.startswith((".", "node_modules"))
    ]
    for path in (
        p for folder in folders for p in folder.glob("**/templates/**/*.html")
    ):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in re.finditer(r"\|(?:date|time):[\"']([^\"']+)[\"']", line):
                form = match.group(1)
                if form.endswith("_FORMAT") or form in ("c", "Y-m-d"):
                    continue
                offending.append(f"{path.relative_to(root)}:{number}: {form}")
            for match in re.finditer(r"\|date:[\"']Y-m-d[\"']", line):
                # ISO only inside an attribute a machine reads.
                before = line[: match.start()]
                if not re.search(r'(datetime|content)="[^"]*$', before):
                    offending.append(f"{path.relative_to(root)}:{number}: Y-m-d")
    assert offending == []


@pytest.mark.parametrize(
    "catalogue",
    [
        "lms/locale",
        "portal/locale",
        "certificates/locale",
        "plugins/quiz/locale",
    ],
)
def test_khmer_translations_write_latin_digits(catalogue):
    """Pages use Latin digits in Khmer too (README, "Dates and numbers"): a
    translation that wrote "៦" next to a "6" the officer types would mix them."""
    path = Path(settings.BASE_DIR) / catalogue / "km" / "LC_MESSAGES" / "django.po"
    text = path.read_text(encoding="utf-8")
    offending = [
        block.strip().splitlines()[-1]
        for block in text.split("\n\n")
        if KHMER_DIGIT.search(block.partition("msgstr")[2])
    ]
    assert offending == []
