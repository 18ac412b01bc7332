"""Horizontal bar charts as inline SVG, drawn on the server: no JavaScript, no CDN.

A chart is read at a glance and is never the only place its numbers are: the
page puts a ``<table>`` with the same numbers right after it (see
``portal/templates/portal/dashboard_chart.html``). The SVG itself is one image
for assistive technology (``role="img"``, labelled by its ``<title>`` and
``<desc>``); each bar still carries its number as text, so nothing is told by
colour alone.

Layout: each bar has a text line above it, "number - label", and the bar
below spans the chart's width in per cent. Widths are percentages and the text
has a fixed size, so on a narrow phone the text stays readable instead of
shrinking with the drawing. Labels longer than :data:`LABEL_CHARACTERS` are
shortened with an ellipsis at a word or cluster boundary (never inside a
Khmer consonant cluster); the full label is the bar's tooltip and is in the
table.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

#: Characters of a label shown on the chart (the table has them all).
LABEL_CHARACTERS = 60
ROW_HEIGHT = 46
TEXT_BASELINE = 17
BAR_Y = 24
BAR_HEIGHT = 14
FONT_SIZE = 15
#: Dark blue on white (8.6:1) and a light track with a darker outline; the
#: portal stylesheet swaps them for system colours in forced-colours mode.
BAR_COLOUR = "#0b4f8a"
ALERT_COLOUR = "#a4262c"
TRACK_COLOUR = "#e8ebef"
TRACK_OUTLINE = "#6b7480"
TEXT_COLOUR = "#1a1a1a"

_COENG = "\u17d2"  # Khmer sign that joins the next consonant below this one


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    #: What is written next to the bar ("75% (3 of 4)", "12").
    text: str
    #: Language of the label, when it differs from the page's (a Khmer title).
    lang: str = ""


def shorten(label: str, limit: int = LABEL_CHARACTERS) -> str:
    """``label`` cut to about ``limit`` characters with an ellipsis.

    Cuts at the last space in the second half if there is one; otherwise
    steps back so that no combining mark or subscript consonant is cut off
    from its base (a Khmer cluster stays whole).
    """
    label = " ".join(label.split())
    if len(label) <= limit:
        return label
    cut = limit - 1
    space = label.rfind(" ", limit // 2, cut + 1)
    if space > 0:
        cut = space
    else:
        while cut > 1 and (
            unicodedata.category(label[cut]).startswith("M") or label[cut - 1] == _COENG
        ):
            cut -= 1
    return label[:cut].rstrip() + "…"


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart; ``str(chart)`` or ``chart.svg`` is the markup."""

    chart_id: str
    title: str
    bars: Sequence[Bar]
    #: The value of a full-width bar: 100 for percentages, else the largest.
    maximum: float
    alert: bool = False

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT

    def _width(self, value: float) -> str:
        if self.maximum <= 0 or value <= 0:
            return "0"
        share = min(value / self.maximum, 1.0) * 100
        # A value above nought always shows a sliver.
        return f"{max(share, 0.6):.2f}%"

    def _row(self, index: int, bar: Bar) -> SafeString:
        top = index * ROW_HEIGHT
        label = shorten(bar.label)
        lang = format_html(' lang="{}"', bar.lang) if bar.lang else ""
        return format_html(
            '<g class="chart-row"><title>{full}: {text}</title>'
            '<text x="0" y="{baseline}"><tspan font-weight="700">{text}</tspan>'
            '<tspan dx="10"{lang}>{label}</tspan></text>'
            '<rect class="chart-track" x="0" y="{bar_y}" width="100%" '
            'height="{bar_height}" fill="{track}" stroke="{outline}" '
            'stroke-width="1"/>'
            '<rect class="chart-bar" x="0" y="{bar_y}" width="{width}" '
            'height="{bar_height}" fill="{colour}"/></g>',
            full=bar.label,
            text=bar.text,
            baseline=top + TEXT_BASELINE,
            lang=lang,
            label=label,
            bar_y=top + BAR_Y,
            bar_height=BAR_HEIGHT,
            track=TRACK_COLOUR,
            outline=TRACK_OUTLINE,
            width=self._width(bar.value),
            colour=ALERT_COLOUR if self.alert else BAR_COLOUR,
        )

    @property
    def svg(self) -> SafeString:
        if self.bars:
            rows = format_html_join(
                "", "{}", ((self._row(i, bar),) for i, bar in enumerate(self.bars))
            )
        else:
            rows = format_html(
                '<text x="0" y="{}">{}</text>', TEXT_BASELINE, _("Nothing to show.")
            )
        return format_html(
            '<svg class="bar-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
            'width="100%" height="{height}" aria-labelledby="{id}-title {id}-desc" '
            'font-size="{font_size}" fill="{text_colour}">'
            '<title id="{id}-title">{title}</title>'
            '<desc id="{id}-desc">{desc}</desc>{rows}</svg>',
            height=self.height,
            id=self.chart_id,
            font_size=FONT_SIZE,
            text_colour=TEXT_COLOUR,
            title=self.title,
            desc=_("Bar chart; the table below it gives the same numbers."),
            rows=rows,
        )

    def __str__(self) -> str:
        return self.svg

    def __html__(self) -> str:
        return self.svg


def percent_chart(chart_id: str, title: str, bars: Sequence[Bar]) -> BarChart:
    """Bars of percentages: a full bar is 100%."""
    return BarChart(chart_id, title, list(bars), maximum=100)


def count_chart(
    chart_id: str, title: str, bars: Sequence[Bar], *, alert: bool = False
) -> BarChart:
    """Bars of counts: the largest count is a full bar."""
    bars = list(bars)
    return BarChart(
        chart_id,
        title,
        bars,
        maximum=max((bar.value for bar in bars), default=0),
        alert=alert,
    )
