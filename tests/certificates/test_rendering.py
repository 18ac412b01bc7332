"""Rendering certificate PDFs: Khmer shaping, fonts, page, QR code, layout rules.

Renders in this process (``certificates.rendering``); the pool, limits and
signature are tested in ``test_render_pool.py`` and ``test_signing.py``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from fontTools.ttLib import TTFont
from weasyprint.formatting_structure import boxes

from certificates import khmer_dates, qr, rendering
from certificates.hooks import certificate_layouts
from certificates.layouts import builtin_layouts
from certificates.layouts.base import Logo
from certificates.layouts.classic import ClassicLayout
from lms import fonts
from tests.certificates import pdf_helpers
from tests.certificates.pdf_helpers import (
    A4_LANDSCAPE_POINTS,
    FIXED_URL,
    compact,
    fixed_data,
    glyph_names_drawn,
    pdffonts,
    pdfinfo,
    pdftotext,
)

KHMER_NAMES = ["ស្រីពៅ", "ក្រសួងមហាផ្ទៃ", "កៅ", "សោភា", "សុខ ស្រីពៅ ច័ន្ទធូ"]


def is_khmer(text: str) -> bool:
    return any("\u1780" <= char <= "\u17ff" for char in text)


# Khmer ------------------------------------------------------------------------


@pytest.mark.parametrize("name_km", KHMER_NAMES)
def test_khmer_names_are_shaped_with_the_embedded_khmer_font(name_km):
    pdf = rendering.render_pdf(
        fixed_data(officer_name_km=name_km, course_title_km="ក្រសួងមហាផ្ទៃ")
    )

    embedded = {font["name"].split("+", 1)[-1]: font for font in pdffonts(pdf)}
    assert {"Noto-Sans-Khmer", "Noto-Sans-Khmer-Bold"} <= embedded.keys()
    assert all(font["embedded"] and font["subset"] for font in embedded.values())

    drawn = glyph_names_drawn(pdf)
    khmer = drawn["Noto-Sans-Khmer"] | drawn["Noto-Sans-Khmer-Bold"]
    # Shaping happened: subscript consonants (coeng + consonant) are their own
    # glyphs, and split vowels draw their pre-base part (U+17C1).
    assert any(name.startswith("uni17D2") and len(name) > 7 for name in khmer)
    assert "uni17C1" in khmer
    # No dotted circle (an invalid cluster) and no missing glyph (a box), in any
    # font on the page.
    for font, glyphs in drawn.items():
        assert "uni25CC" not in glyphs, font
        assert ".notdef" not in glyphs and "gid0" not in glyphs, font


def test_the_officer_name_in_khmer_is_drawn_in_bold_khmer():
    # Another Khmer name changes which bold Khmer glyphs the page draws: the
    # name is set in the bold Khmer font (not a fallback font).
    with_name = glyph_names_drawn(rendering.render_pdf(fixed_data()))
    other = glyph_names_drawn(rendering.render_pdf(fixed_data(officer_name_km="ស្រីពៅ")))
    assert other["Noto-Sans-Khmer-Bold"] != with_name["Noto-Sans-Khmer-Bold"]


def test_khmer_text_follows_the_layout_rules():
    document = rendering.render_document(fixed_data(officer_name_km="ស្រីពៅ"))
    khmer_elements = {
        element
        for root in document._html.etree_element.iter()
        if root.get("lang") == "km"
        for element in root.iter()
    }
    checked = 0
    for box in walk(document.pages[0]._page_box):
        if not (isinstance(box, boxes.TextBox) and is_khmer(box.text)):
            continue
        style = box.style
        assert box.element in khmer_elements, box.text
        assert style["font_family"][0] == "Noto Sans Khmer", box.text
        assert style["letter_spacing"] == "normal", box.text
        line_height = style["line_height"]
        ratio = (
            line_height.value / style["font_size"]
            if getattr(line_height, "unit", None)
            else getattr(line_height, "value", line_height)
        )
        assert ratio >= 1.6, box.text
        checked += 1
    assert checked >= 10


def walk(box):
    box = getattr(box, "_box", box)  # absolutely placed boxes
    yield box
    for child in getattr(box, "children", ()):
        yield from walk(child)


# Page and content ---------------------------------------------------------------


def test_one_a4_landscape_page():
    info = pdfinfo(rendering.render_pdf(fixed_data()))

    assert info["pages"] == 1
    width, height = info["page_size"]
    assert width == pytest.approx(A4_LANDSCAPE_POINTS[0], abs=0.5)
    assert height == pytest.approx(A4_LANDSCAPE_POINTS[1], abs=0.5)


def test_qr_code_on_the_page_encodes_the_verification_url(tmp_path):
    pdf = rendering.render_pdf(fixed_data(is_sample=False))

    png = pdf_helpers.page_png(pdf, 150, tmp_path / "page.png")

    assert pdf_helpers.decode_qr_codes(png) == [FIXED_URL]


def test_english_side_prints_the_placeholders():
    data = fixed_data(
        officer_name="Chea Sophal",
        course_title="Border document checks",
        edition="2026 B",
        score=Decimal("87.50"),
        expires_on=datetime.date(2028, 11, 21),
        issuer_name="Ministry of Interior",
        is_sample=False,
    )
    text = pdftotext(rendering.render_pdf(data))

    for expected in (
        "Chea Sophal",
        "Border document checks",
        "Edition: 2026 B",
        "Score: 87.5%",
        "Date: 21 November 2026",
        "Valid until: 21 November 2028",
        "MINISTRY OF INTERIOR",
        data.display_code,
        "Chief of Mission",
    ):
        assert expected in text
    assert "SPECIMEN" not in compact(text)


def test_no_score_line_without_a_score():
    text = pdftotext(rendering.render_pdf(fixed_data(score=None)))

    assert "Score" not in text
    assert "Date: 21 November 2026" in text


def test_samples_carry_a_specimen_mark():
    text = pdftotext(rendering.render_pdf(fixed_data(is_sample=True)))

    assert "SPECIMEN" in compact(text)
    assert "Specimen with sample data: not a certificate." in text


def test_a_name_cannot_inject_markup():
    name = '<img src="/static/certificates/fonts/x.png">Sok'
    pdf = rendering.render_pdf(fixed_data(officer_name=name, is_sample=False))

    assert compact(name) in compact(pdftotext(pdf))
    assert pdf_helpers.image_count(pdf) == 0


def test_colours_that_are_not_hex_fall_back_to_the_defaults():
    data = fixed_data(primary_colour="red; } body { display: none", accent_colour="#12")

    cleaned = rendering.clean_data(data)

    assert cleaned.primary_colour == "#1f4e79"
    assert cleaned.accent_colour == "#b8860b"
    assert rendering.clean_data(
        fixed_data(primary_colour="#AbCdEf")
    ).primary_colour == ("#AbCdEf")
    assert pdfinfo(rendering.render_pdf(data))["pages"] == 1


@pytest.mark.django_db
def test_logos_from_media_are_embedded(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    image = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (31, 78, 121)).save(image)
    name = default_storage.save("tests/logo.png", ContentFile(image.read_bytes()))
    try:
        logos = (Logo(url=default_storage.url(name), alt_text="Ministry"),)
        pdf = rendering.render_pdf(fixed_data(logos=logos))
    finally:
        default_storage.delete(name)

    assert pdf_helpers.image_count(pdf) == 1


# Layouts and state ----------------------------------------------------------------


def test_builtin_layouts_are_the_classic_one():
    layouts = builtin_layouts()

    assert [layout.identifier for layout in layouts] == ["classic"]
    assert "classic" in certificate_layouts


def test_unknown_layout_falls_back_to_classic():
    assert isinstance(rendering.get_layout("uninstalled"), ClassicLayout)
    assert isinstance(rendering.get_layout(None), ClassicLayout)
    pdf = rendering.render_pdf(fixed_data(layout="uninstalled"))
    assert pdfinfo(pdf)["pages"] == 1


def test_layout_from_the_data_is_used():
    class Narrow(ClassicLayout):
        identifier = "narrow-test"

        def get_context(self, data):
            context = super().get_context(data)
            context["issued_on_en"] = "NARROW LAYOUT DATE"
            return context

    with certificate_layouts.temporarily(Narrow()):
        pdf = rendering.render_pdf(fixed_data(layout="narrow-test"))

    assert "NARROW LAYOUT DATE" in pdftotext(pdf)


def test_render_state_is_reused_across_renders():
    rendering.render_pdf(fixed_data())
    state = rendering.render_state()
    font_config, stylesheets = state.font_config, state.stylesheets(ClassicLayout())
    renders = state.renders

    rendering.render_pdf(fixed_data(officer_name="Another Officer"))

    assert rendering.render_state() is state
    assert state.font_config is font_config
    assert state.stylesheets(ClassicLayout()) == stylesheets
    again = state.stylesheets(ClassicLayout())
    assert all(a is b for a, b in zip(again, stylesheets, strict=True))
    assert state.renders == renders + 1


def test_fonts_missing_refuse_the_render(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "CERTIFICATE_FONTS_DIR", tmp_path)
    rendering.reset_render_state()
    try:
        with pytest.raises(rendering.RenderError, match="build_fonts"):
            rendering.render_pdf(fixed_data())
    finally:
        monkeypatch.undo()
        rendering.reset_render_state()


# Print packs ------------------------------------------------------------------------


def test_merged_pdf_has_one_landscape_page_per_certificate():
    datas = [fixed_data(officer_name=f"Officer {n}", is_sample=False) for n in range(3)]

    pdf = rendering.render_merged(datas)

    assert pdf_helpers.page_sizes(pdf) == [pytest.approx((841.89, 595.28), abs=0.5)] * 3
    text = pdftotext(pdf)
    assert text.index("Officer 0") < text.index("Officer 1") < text.index("Officer 2")


def test_print_packs_are_chunks_of_at_most_500_pages():
    datas = [fixed_data(officer_name=f"Officer {n}") for n in range(5)]

    chunks = list(rendering.print_pack_chunks(datas, chunk_size=2))

    assert [pdfinfo(chunk)["pages"] for chunk in chunks] == [2, 2, 1]
    assert rendering.MAX_PACK_PAGES == 500
    # Asking for more than 500 per chunk still gives chunks of at most 500.
    assert len(list(rendering.print_pack_chunks(datas[:1], chunk_size=10_000))) == 1


def test_a_refused_certificate_in_a_print_pack_is_named():
    datas = [fixed_data(), fixed_data(officer_name="Bad\x07Name")]

    with pytest.raises(rendering.RenderError, match=datas[1].display_code):
        rendering.render_merged(datas)


# Khmer dates, QR code ----------------------------------------------------------------


def test_khmer_dates_and_numbers():
    assert (
        khmer_dates.khmer_date(datetime.date(2026, 11, 21)) == "ថ្ងៃទី២១ ខែវិច្ឆិកា ឆ្នាំ២០២៦"
    )
    assert khmer_dates.khmer_date(datetime.date(2027, 1, 5)) == "ថ្ងៃទី០៥ ខែមករា ឆ្នាំ២០២៧"
    assert [khmer_dates.KHMER_MONTHS[m] for m in (0, 3, 11)] == ["មករា", "មេសា", "ធ្នូ"]
    assert khmer_dates.khmer_digits("2026 B") == "២០២៦ B"
    assert khmer_dates.khmer_score(Decimal("92.50")) == "៩២,៥%"
    assert khmer_dates.khmer_score(Decimal("100.00")) == "១០០%"
    assert khmer_dates.english_score(Decimal("100.00")) == "100%"
    assert khmer_dates.english_score(Decimal("0.00")) == "0%"
    assert khmer_dates.english_date(datetime.date(2026, 3, 1)) == "1 March 2026"


def test_qr_svg_is_vector_with_quiet_zone_and_medium_error_correction():
    code = qr.qr_code(FIXED_URL)
    svg = str(qr.qr_svg(FIXED_URL, title="A <title>"))

    assert code.error in ("M", "Q", "H")
    assert not code.is_micro
    size = code.symbol_size(border=qr.BORDER)[0]
    assert size == code.symbol_size(border=0)[0] + 2 * 4
    assert svg.startswith("<svg") and f'viewBox="0 0 {size} {size}"' in svg
    assert "width=" not in svg.split(">", 1)[0]
    assert "<image" not in svg and "data:" not in svg
    assert "A &lt;title&gt;" in svg


# Static fonts -----------------------------------------------------------------------


def test_static_certificate_fonts_are_static_instances_with_their_licences():
    for font in fonts.CERTIFICATE_FONTS:
        built = TTFont(fonts.CERTIFICATE_FONTS_DIR / font.filename)
        assert "fvar" not in built and "gvar" not in built
        assert built["OS/2"].usWeightClass == font.weight
        assert bool(built["head"].macStyle & 1) == (font.weight == 700)
    for name in fonts.CERTIFICATE_FONT_LICENCES.values():
        text = (fonts.CERTIFICATE_FONTS_DIR / name).read_text()
        assert "SIL OPEN FONT LICENSE Version 1.1" in text
    khmer = TTFont(fonts.CERTIFICATE_FONTS_DIR / "NotoSansKhmer-Regular.ttf")
    assert {0x1780, 0x17D2, 0x17C1, 0x25CC} <= khmer.getBestCmap().keys()


def test_static_font_build_is_reproducible(tmp_path):
    font = fonts.CERTIFICATE_FONTS[0]  # Noto Sans Khmer Regular: quick to build

    first = fonts.build_static_font(font, tmp_path / "a.ttf").read_bytes()
    second = fonts.build_static_font(font, tmp_path / "b.ttf").read_bytes()

    assert first == second
    assert first == (fonts.CERTIFICATE_FONTS_DIR / font.filename).read_bytes()
    assert list(tmp_path.glob(".*partial")) == []


def test_build_fonts_if_missing_skips_when_everything_exists(tmp_path):
    import shutil

    for path in fonts.certificate_font_outputs():
        shutil.copy2(path, tmp_path / path.name)
    woff2 = tmp_path / "web.woff2"
    shutil.copy2(fonts.KHMER_FONT_PATH, woff2)
    before = {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()}
    out = StringIO()

    call_command(
        "build_fonts",
        "--if-missing",
        output=woff2,
        certificate_fonts_dir=tmp_path,
        stdout=out,
    )

    assert out.getvalue() == ""
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


def test_build_fonts_if_missing_builds_only_what_is_missing(tmp_path):
    import shutil

    for path in fonts.certificate_font_outputs():
        if path.name != "NotoSansKhmer-Regular.ttf":
            shutil.copy2(path, tmp_path / path.name)
    woff2 = tmp_path / "web.woff2"
    shutil.copy2(fonts.KHMER_FONT_PATH, woff2)
    out = StringIO()

    call_command(
        "build_fonts",
        "--if-missing",
        output=woff2,
        certificate_fonts_dir=tmp_path,
        stdout=out,
    )

    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Wrote {tmp_path / 'NotoSansKhmer-Regular.ttf'} (")
    assert fonts.missing_certificate_fonts(tmp_path) == []
