"""Numbers in one form (lms.numerals, lms_formats filters): scores rounded to
one decimal, half up, on Decimal; Khmer digits only on printed documents."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from lms import dates, numerals
from lms.numerals import (
    english_percent,
    format_percent,
    format_score,
    khmer_digits,
    khmer_percent,
    plain,
    round_score,
)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Decimal("92.3080000000000"), Decimal("92.3")),
        (Decimal("92.25"), Decimal("92.3")),  # half up, not half even
        (Decimal("92.35"), Decimal("92.4")),
        (Decimal("92.24999"), Decimal("92.2")),
        (Decimal("0.05"), Decimal("0.1")),
        (Decimal("100"), Decimal("100.0")),
        (Decimal("33.333"), Decimal("33.3")),
        (Decimal("66.666"), Decimal("66.7")),
        (57.735, Decimal("57.7")),
        (0.15, Decimal("0.2")),  # the float's shortest repr, not 0.1499999...
        (2.675, Decimal("2.7")),
        (7, Decimal("7.0")),
        ("81.25", Decimal("81.3")),
    ],
)
def test_scores_round_to_one_decimal_half_up(value, rounded):
    result = round_score(value)
    assert result == rounded and isinstance(result, Decimal)
    assert result.as_tuple().exponent == -1


@pytest.mark.parametrize("value", [None, "", "n/a", float("nan"), True])
def test_no_score_stays_no_score(value):
    assert round_score(value) is None
    assert format_score(value) == ""
    assert format_percent(value) == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("92.50"), "92.5"),
        (Decimal("100.0"), "100"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.0"), "0"),
        (Decimal("-0.0"), "0"),
        (Decimal("12.340"), "12.34"),
    ],
)
def test_plain_has_no_trailing_noise(value, text):
    assert plain(value) == text


@pytest.mark.parametrize(
    ("language", "score", "percent"),
    [("en", "92.3", "92.3%"), ("km", "92,3", "92,3%")],
)
def test_scores_for_reading_follow_the_language(language, score, percent):
    with translation.override(language):
        assert format_score(Decimal("92.3080000000000")) == score
        assert format_percent(Decimal("92.25")) == percent
        assert format_score(Decimal("100.000")) == "100"
        assert format_percent(Decimal("0")) == "0%"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "92.3% | 4.5 | 100 | –"), ("km", "92,3% | 4,5 | 100 | –")],
)
def test_template_filters(language, expected):
    template = Template(
        "{% load lms_formats %}{{ a|percent }} | {{ b|score }} | {{ c|score }} | "
        '{{ d|score|default:"–" }}'
    )
    context = Context(
        {"a": Decimal("92.25"), "b": Decimal("4.50000"), "c": 100, "d": None}
    )
    with translation.override(language):
        assert template.render(context) == expected


def test_khmer_digits_for_documents():
    assert khmer_digits("2026 B") == "២០២៦ B"
    assert khmer_digits(1234567890) == "១២៣៤៥៦៧៨៩០"
    assert english_percent(Decimal("92.25")) == "92.3%"
    assert khmer_percent(Decimal("92.25")) == "៩២,៣%"
    assert khmer_percent(Decimal("100.00")) == "១០០%"
    assert dates.khmer_date(datetime.date(2026, 12, 7)) == "ថ្ងៃទី០៧ ខែធ្នូ ឆ្នាំ២០២៦"
    assert dates.english_date(datetime.date(2026, 12, 7)) == "7 December 2026"


def test_certificates_keep_their_old_names():
    from certificates import khmer_dates

    assert khmer_dates.khmer_date is dates.khmer_date
    assert khmer_dates.khmer_digits is numerals.khmer_digits
    assert khmer_dates.khmer_score(Decimal("92.50")) == "៩២,៥%"
    assert khmer_dates.english_score(Decimal("87.50")) == "87.5%"
    assert khmer_dates.KHMER_MONTHS[1] == "កុម្ភៈ"
