"""The one test of blank rich text (``lms.richtext``), its validator and block."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail import blocks
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import RichText

from lms.richtext import (
    RequiredRichTextBlock,
    RichTextNotBlankValidator,
    is_blank_richtext,
    is_blank_text,
)

BLANK = [
    "",
    None,
    '<p data-block-key="abc12"></p>',
    '<p data-block-key="x"> </p>',
    '<p data-block-key="x"><br/></p>',
    "<p>&nbsp;</p>",
    "<p>&#160; &nbsp;\u00a0</p>",
    '<p data-block-key="a"></p><p data-block-key="b"></p><p data-block-key="c"></p>',
    "<p>\u200b</p>",
    "\u200b\u200c\u200d\ufeff",
    "<p>&#8203;</p>",
    "<h2></h2><ul><li> </li></ul>",
    '<p><a linktype="document" id="3"></a></p>',
    "<p><b> </b><i>\t</i></p>\n\n",
    "<!-- only a comment -->",
    "<p>\u17b4</p>",  # Khmer inherent vowel: renders as nothing
    "   ",
]

NOT_BLANK = [
    "<p>Which passport is genuine?</p>",
    '<p data-block-key="x">a</p>',
    "<p>\u200bក</p>",  # Khmer separated by zero-width spaces is text
    "<p>ត្រា</p>",
    "<p>&amp;</p>",
    "<p>0</p>",
    "plain text",
    '<embed embedtype="image" id="1" format="fullwidth" alt=""/>',
    '<p></p><embed embedtype="media" url="https://example.org/v"/>',
    '<img src="/media/x.png" alt="">',
]


@pytest.mark.parametrize("html", BLANK)
def test_blank_rich_text_is_blank(html):
    assert is_blank_richtext(html)


@pytest.mark.parametrize("html", NOT_BLANK)
def test_visible_rich_text_is_not_blank(html):
    assert not is_blank_richtext(html)


def test_media_counts_only_when_the_field_allows_it():
    image = '<p></p><embed embedtype="image" id="1" format="left" alt="Stamp"/>'
    assert not is_blank_richtext(image)
    assert is_blank_richtext(image, media_counts=False)
    assert not is_blank_richtext("<p>Words</p>" + image, media_counts=False)


def test_script_and_style_text_is_not_visible():
    assert is_blank_richtext("<script>alert(1)</script><style>p{}</style><p></p>")


def test_rich_text_objects_are_read_by_their_source():
    assert is_blank_richtext(RichText('<p data-block-key="k"></p>'))
    assert not is_blank_richtext(RichText("<p>Text</p>"))


def test_plain_text_blankness():
    assert is_blank_text(" \u200b\t\u00a0\ufeff ")
    assert is_blank_text(None)
    assert not is_blank_text("<b>")  # plain text: the characters are shown
    assert not is_blank_text("ក")


def test_what_wagtails_editor_saves_for_an_emptied_editor_is_blank():
    """Wagtail 8 stores an emptied Draftail editor as an empty paragraph with a
    block key, and ``required`` lets that through: the test must catch it."""
    converter = ContentstateConverter(features=["bold", "italic", "link"])
    for html in ["<p></p>", "<p> </p>", "<p>&nbsp;</p>", "<p></p><p></p>"]:
        stored = converter.to_database_format(converter.from_database_format(html))
        assert stored.startswith("<p data-block-key=")
        assert is_blank_richtext(stored), stored


def test_validator_refuses_blank_and_accepts_text():
    validator = RichTextNotBlankValidator()
    validator("<p>Text</p>")
    with pytest.raises(ValidationError) as error:
        validator('<p data-block-key="x"></p>')
    assert error.value.code == "blank"
    assert "empty" in error.value.messages[0]
    with pytest.raises(ValidationError):
        RichTextNotBlankValidator(media_counts=False)('<embed embedtype="image"/>')
    assert RichTextNotBlankValidator() == RichTextNotBlankValidator()


def test_required_block_refuses_blank_with_its_label():
    block = RequiredRichTextBlock(label="Situation")
    block.set_name("situation")
    assert block.clean(RichText("<p>At the border</p>")).source == (
        "<p>At the border</p>"
    )
    with pytest.raises(ValidationError) as error:
        block.clean(RichText('<p data-block-key="a"></p><p data-block-key="b"></p>'))
    assert "Situation" in error.value.messages[0]


def test_required_block_message_is_translated():
    block = RequiredRichTextBlock(label="Text")
    with translation.override("km"), pytest.raises(ValidationError) as error:
        block.clean(RichText("<p>\u200b</p>"))
    assert any("\u1780" <= ch <= "\u17ff" for ch in error.value.messages[0])


def test_optional_block_accepts_blank():
    block = RequiredRichTextBlock(required=False)
    assert block.clean(RichText("<p></p>")).source == "<p></p>"


def test_draft_defers_the_blank_check_like_required():
    """Saving a draft defers required checks (Wagtail): so does blankness."""
    block = blocks.StructBlock([("text", RequiredRichTextBlock())])
    value = block.to_python({"text": "<p></p>"})
    block.defer_required_validation()
    try:
        block.clean(value)
    finally:
        block.restore_deferred_validation()
    with pytest.raises(blocks.StructBlockValidationError):
        block.clean(value)


def test_required_block_is_a_plain_rich_text_block_in_migrations():
    block = RequiredRichTextBlock(
        label="Text", blank_message="Write it", media_counts=False
    )
    path, args, kwargs = block.deconstruct()
    assert path == "wagtail.blocks.RichTextBlock"
    assert kwargs == {"label": "Text"}
