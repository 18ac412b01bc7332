"""The self-hosted Khmer web fonts: a Regular and a Bold subset, each small.

Bold Khmer used to be faked (one variable subset claimed 400-700 while the
``local()`` fonts it prefers are regular faces). Now each weight has its own
``@font-face``, its own local names and its own WOFF2 subset, built by
``manage.py build_fonts`` and kept under 40 KB each (first-load budget).
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from fontTools.ttLib import TTFont

from lms.fonts import (
    KHMER_BOLD_FONT_PATH,
    KHMER_FONT_PATH,
    KHMER_WEB_FONT_BUDGET_BYTES,
    source_font_path,
)

BUDGET = 40 * 1024
KHMER_LETTERS = range(0x1780, 0x17DE)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    # Built into a temporary folder: the shipped fonts may be served meanwhile.
    folder = tmp_path_factory.mktemp("fonts")
    regular, bold = folder / "regular.woff2", folder / "bold.woff2"
    out = StringIO()
    call_command(
        "build_fonts",
        "--if-missing",
        output=regular,
        bold_output=bold,
        stdout=out,
    )
    assert f"Wrote {regular}" in out.getvalue()
    assert f"Wrote {bold}" in out.getvalue()
    return {400: regular, 700: bold}


def test_the_budget_is_40_kb_a_weight():
    assert KHMER_WEB_FONT_BUDGET_BYTES == BUDGET


@pytest.mark.parametrize("weight", [400, 700])
def test_each_weight_is_a_static_woff2_under_40_kb(built, weight):
    path = built[weight]
    font = TTFont(path)

    assert path.stat().st_size < BUDGET, path.stat().st_size
    assert font.flavor == "woff2"
    assert "fvar" not in font  # one weight, not the variable font
    assert font["OS/2"].usWeightClass == weight
    assert bool(font["OS/2"].fsSelection & (1 << 5)) is (weight == 700)


def test_bold_covers_the_same_code_points_as_regular(built):
    regular = TTFont(built[400]).getBestCmap()
    bold = TTFont(built[700]).getBestCmap()
    source = TTFont(source_font_path()).getBestCmap()

    assert set(bold) == set(regular)
    khmer = {cp for cp in KHMER_LETTERS if cp in source}
    assert len(khmer) > 80 and khmer <= set(bold)


def test_bold_is_really_bold(built):
    # Heavier stems: the bold glyph of KA is wider and has another outline.
    regular, bold = TTFont(built[400]), TTFont(built[700])
    ka_regular = regular.getBestCmap()[0x1780]
    ka_bold = bold.getBestCmap()[0x1780]

    assert bold["hmtx"][ka_bold][0] > regular["hmtx"][ka_regular][0]
    assert bold["glyf"][ka_bold].coordinates != regular["glyf"][ka_regular].coordinates


def test_the_layout_features_khmer_needs_are_kept_in_bold(built):
    bold = TTFont(built[700])
    features = {
        record.FeatureTag for record in bold["GSUB"].table.FeatureList.FeatureRecord
    }
    assert {"pref", "blwf", "abvs", "pstf", "blws"} <= features
    assert "GPOS" in bold


def test_if_missing_builds_only_the_missing_weight(built, tmp_path):
    regular = tmp_path / "regular.woff2"
    regular.write_bytes(built[400].read_bytes())
    bold = tmp_path / "bold.woff2"
    out = StringIO()

    call_command(
        "build_fonts", "--if-missing", output=regular, bold_output=bold, stdout=out
    )

    assert [line.split(" (")[0] for line in out.getvalue().splitlines()] == [
        f"Wrote {bold}"
    ]
    assert regular.read_bytes() == built[400].read_bytes()


@pytest.mark.parametrize("path", [KHMER_FONT_PATH, KHMER_BOLD_FONT_PATH])
def test_the_shipped_fonts_are_built_and_under_budget(path):
    assert path.exists(), "run: python manage.py build_fonts"
    assert path.stat().st_size < BUDGET
    assert ord("A") not in TTFont(path).getBestCmap()


def font_faces() -> list[dict[str, str]]:
    css = Path(finders.find("lms/css/site.css")).read_text()
    faces = []
    for body in re.findall(r"@font-face\s*\{(.*?)\}", css, re.S):
        descriptors = {}
        for name, value in re.findall(r"([\w-]+)\s*:\s*([^;]+);", body):
            descriptors[name] = " ".join(value.split())
        faces.append(descriptors)
    return [face for face in faces if face.get("font-family") == '"LMS Khmer"']


def test_the_stylesheet_declares_one_face_per_weight():
    faces = {face["font-weight"]: face for face in font_faces()}

    assert set(faces) == {"400", "700"}
    assert (
        'url("../fonts/noto-sans-khmer.woff2") format("woff2")' in faces["400"]["src"]
    )
    assert (
        'url("../fonts/noto-sans-khmer-bold.woff2") format("woff2")'
        in faces["700"]["src"]
    )
    for face in faces.values():
        assert face["font-display"] == "swap"
        assert face["unicode-range"].startswith("U+1780-17FF")
    # A local font stands in only for its own weight.
    assert "Bold" not in faces["400"]["src"].replace("-bold.woff2", "")
    locals_700 = re.findall(r'local\("([^"]+)"\)', faces["700"]["src"])
    assert locals_700 and all("Bold" in name for name in locals_700)
