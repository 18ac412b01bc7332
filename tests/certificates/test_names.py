"""Any name renders, or is refused with a message; nothing crashes the renderer."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certificates import rendering
from certificates.layouts.base import Signatory
from tests.certificates.pdf_helpers import fixed_data, pdfinfo

RENDERED = {
    "latin accents": ("Nguyễn Thị Minh Khai", "Ñúñez Çağlar Øster"),
    "khmer": ("Sok Dara", "សុខ ស្រីពៅ ក្រសួងមហាផ្ទៃ កៅ សោភា"),
    "khmer with joiners": ("Sok", "ស\u200bរី\u200cពៅ\u200dកៅ"),
    "thai and lao": ("สมชาย ใจดี", "ສົມພອນ"),
    "arabic right to left": ("محمد عبد الله", ""),
    "hebrew": ("דוד לוי", ""),
    "cjk": ("王小明", "やまだ たろう 김민수"),
    "devanagari": ("अनिल कुमार", ""),
    "cyrillic and greek": ("Иван Петров", "Γιώργος Παπαδόπουλος"),
    "emoji": (
        "Sok 👮🏽\u200d♀️ Dara 🇰🇭",
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    ),
    "combining marks": ("Z" + "\u0301\u0308\u0323" * 30 + "algo", "ក" + "\u17c6" * 20),
    "lone combining marks": ("\u0301\u17d2\u17b6", "\u17d2\u17d2\u17d2"),
    "invalid khmer clusters": ("Sok", "\u17c1\u17c1\u17b6\u17d2"),
    "private use and unassigned": ("\ue000\uf8ff", "\U000e01ef\u0378"),
    "300 latin": ("A" * 300, ""),
    "300 khmer": ("Sok", "ក្រ" * 100),
    "300 emoji": ("😀" * 300, ""),
    "300 no spaces mixed": (("Sok" + "ស្រី" + "王") * 37 + "abc", ""),
    "markup": ('<script>alert("x")</script> & "quotes"', "&amp; <b>"),
    "empty khmer name": ("Sok Dara", ""),
}


@pytest.mark.parametrize("name,name_km", RENDERED.values(), ids=RENDERED.keys())
def test_names_render_on_one_page(name, name_km):
    assert len(name) <= 300 and len(name_km) <= 300

    pdf = rendering.render_pdf(fixed_data(officer_name=name, officer_name_km=name_km))

    assert pdfinfo(pdf)["pages"] == 1


def test_every_printed_text_at_its_longest_still_fits_one_page():
    long = "ក្រសួងមហាផ្ទៃ Ministry of the Interior " * 8
    data = fixed_data(
        officer_name=long[:300],
        officer_name_km=long[:300],
        course_title=long[:300],
        course_title_km=long[:300],
        edition=long[:300],
        issuer_name=long[:300],
        issuer_name_km=long[:300],
        signatories=tuple(
            Signatory(long[:300], long[:300], long[:300], long[:300]) for _ in range(6)
        ),
    )

    assert pdfinfo(rendering.render_pdf(data))["pages"] == 1


REFUSED = {
    "301 characters": (
        "A" * 301,
        "",
        "301 characters long; a certificate prints at most 300",
    ),
    "301 khmer": ("Sok", "ក" * 301, "name (Khmer script) is 301 characters"),
    "nul": ("Sok\x00Dara", "", "U+0000"),
    "newline": ("Sok\nDara", "", "U+000A"),
    "tab": ("Sok\tDara", "", "U+0009"),
    "escape": ("Sok\x1b[31mDara", "", "U+001B"),
    "delete": ("Sok\x7f", "", "U+007F"),
    "c1 control": ("Sok\x85", "", "U+0085"),
    "right-to-left override": ("Sok \u202eaparD", "", "U+202E"),
    "left-to-right mark": ("Sok\u200e", "", "U+200E"),
    "bidi isolate": ("\u2066Sok\u2069", "", "U+2066"),
    "byte order mark": ("\ufeffSok", "", "U+FEFF"),
    "soft hyphen": ("So\u00adk", "", "U+00AD"),
    "unpaired surrogate": ("Sok\ud800", "", "U+D800"),
    "unpaired low surrogate in khmer": ("Sok", "ស\udc00", "U+DC00"),
}


@pytest.mark.parametrize("name,name_km,message", REFUSED.values(), ids=REFUSED.keys())
def test_unprintable_names_are_refused_with_a_message(name, name_km, message):
    with pytest.raises(rendering.RenderError) as refused:
        rendering.render_pdf(fixed_data(officer_name=name, officer_name_km=name_km))

    assert message in str(refused.value)
    assert "officer's name" in str(refused.value)


def test_refusal_names_the_field():
    with pytest.raises(rendering.RenderError, match="signatory's title"):
        rendering.validate_data(
            fixed_data(signatories=(Signatory("Chief", "", "Head\x07", ""),))
        )
    with pytest.raises(rendering.RenderError, match="course title"):
        rendering.validate_data(fixed_data(course_title="x" * 301))


# Any text at all: a PDF or a RenderError, never anything else ------------------------

any_text = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=320
)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(name=any_text, name_km=any_text)
def test_validation_never_raises_anything_but_a_render_error(name, name_km):
    data = fixed_data(officer_name=name, officer_name_km=name_km)
    try:
        rendering.validate_data(data)
    except rendering.RenderError as error:
        assert str(error)
        assert len(name) > 300 or len(name_km) > 300 or "U+" in str(error)
    else:
        assert len(name) <= 300 and len(name_km) <= 300


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    name=st.text(
        alphabet=st.characters(exclude_categories=("Cc", "Cs", "Cf")), max_size=300
    ),
    name_km=st.text(
        alphabet=st.characters(min_codepoint=0x1780, max_codepoint=0x17FF)
        | st.sampled_from("\u200b\u200c\u200d ក្រ"),
        max_size=300,
    ),
)
def test_any_accepted_name_renders_one_page(name, name_km):
    pdf = rendering.render_pdf(fixed_data(officer_name=name, officer_name_km=name_km))

    assert pdfinfo(pdf)["pages"] == 1
