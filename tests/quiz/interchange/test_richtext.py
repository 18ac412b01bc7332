"""File HTML <-> Wagtail rich text: cleaning with Wagtail's whitelister, embedded
files as Wagtail images and documents, and back with the files' bytes."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from plugins.quiz.interchange.base import EmbeddedFile
from plugins.quiz.interchange.richtext import (
    FileLookup,
    from_rich_text,
    html_to_text,
    plain_to_html,
    to_rich_text,
)
from tests.quiz.interchange.transfer_helpers import png_bytes

Image = get_image_model()
Document = get_document_model()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def make_image(name="stamp.png", colour=(1, 2, 3)):
    content = png_bytes(colour)
    return Image.objects.create(
        title=name, file=ImageFile(ContentFile(content), name)
    ), content


def make_document(name="rules.pdf", content=b"%PDF-1.4 rules"):
    return Document.objects.create(title=name, file=ContentFile(content, name)), content


# Plain text ---------------------------------------------------------------------


def test_html_to_text():
    assert html_to_text('<p dir="ltr" style="x">1<br></p>') == "1"
    assert html_to_text("<p>a</p><p>b &amp; c</p>") == "a\n\nb & c"
    assert html_to_text("x < 2 & y\n  z") == "x < 2 & y z"
    assert html_to_text("<script>alert(1)</script>ok<style>p{}</style>") == "ok"
    assert html_to_text("<ul><li>one</li><li>two</li></ul>") == "one\n\ntwo"
    assert html_to_text("ភ្នំ<b>ពេញ</b>") == "ភ្នំពេញ"


def test_plain_text_survives_html_and_back():
    for text in ["a < b & c > d", "line\nnext", "ភ្នំពេញ", "'quotes' \"too\""]:
        assert html_to_text(plain_to_html(text)) == text


# Import ---------------------------------------------------------------------------


def test_plain_text_becomes_paragraphs():
    assert to_rich_text("Hello <b>world</b>", {}) == "<p>Hello <b>world</b></p>"
    assert to_rich_text("<p>One</p>two<br>three", {}) == (
        "<p>One</p><p>two<br/>three</p>"
    )
    assert to_rich_text("", {}) == ""


def test_scripts_styles_and_unknown_tags_are_stripped():
    value = to_rich_text(
        "<p onclick='steal()'>Read <span style='color:red'>this</span>"
        "<script>alert(1)</script><style>p{display:none}</style>"
        "<iframe src='https://example.org'>frame</iframe>"
        "<table><tr><td>cell</td></tr></table></p>"
        '<a href="javascript:alert(1)">js</a> <a href="https://moodle.org">ok</a>',
        {},
    )
    assert "script" not in value and "alert" not in value and "display" not in value
    assert "onclick" not in value and "style" not in value and "iframe" not in value
    assert "frame" not in value
    assert "Read this" in value and "cell" in value
    assert "javascript" not in value
    assert '<a href="https://moodle.org">ok</a>' in value


def test_embedded_images_and_documents_become_wagtail_references():
    value = to_rich_text(
        '<p>Look: <img src="@@PLUGINFILE@@/entry%20stamp.png" alt="Entry stamp"></p>'
        '<p>Rules: <a href="@@PLUGINFILE@@/rules.pdf">the rules</a></p>'
        '<p>Also <img src="@@PLUGINFILE@@/rules.pdf" alt="Rules"></p>',
        {"entry stamp.png": ("image", 12), "rules.pdf": ("document", 7)},
    )
    soup = BeautifulSoup(value, "html.parser")
    [embed] = soup.find_all("embed")
    assert embed.attrs == {
        "embedtype": "image",
        "id": "12",
        "format": "fullwidth",
        "alt": "Entry stamp",
    }
    links = soup.find_all("a")
    assert [(a["linktype"], a["id"], a.get_text()) for a in links] == [
        ("document", "7", "the rules"),
        ("document", "7", "Rules"),
    ]
    assert "@@PLUGINFILE@@" not in value


def test_references_to_unknown_files_and_foreign_images_are_dropped():
    value = to_rich_text(
        '<p>A <img src="@@PLUGINFILE@@/missing.png"> B '
        '<img src="https://tracker.example/pixel.gif"> C '
        '<a href="@@PLUGINFILE@@/missing.pdf">D</a></p>',
        {},
    )
    assert value == "<p>A  B  C D</p>"


def test_a_file_cannot_point_at_other_wagtail_objects():
    """data-embedtype / data-linktype from the file would let it embed any
    image, document or page of the site by id."""
    value = to_rich_text(
        '<p><span data-embedtype="image" data-id="1" data-format="left" '
        'data-alt="x">a</span><a data-linktype="document" data-id="2">b</a>'
        '<a data-linktype="page" data-id="3">c</a>'
        '<embed embedtype="image" id="4" format="left" alt=""/>'
        '<a linktype="document" id="5">d</a></p>',
        {},
    )
    assert value == "<p>abcd</p>"


def test_khmer_text_is_kept():
    assert to_rich_text("<p>តើ​លិខិតឆ្លងដែន​មួយណា​ពិត?</p>", {}) == (
        "<p>តើ​លិខិតឆ្លងដែន​មួយណា​ពិត?</p>"
    )


# Export ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_images_and_documents_come_back_with_their_bytes():
    image, image_bytes = make_image("stamp.png")
    document, document_bytes = make_document("rules.pdf")
    value = (
        f'<p>Look:</p><embed alt="An entry stamp" embedtype="image" '
        f'format="fullwidth" id="{image.pk}"/>'
        f'<p>Read <a id="{document.pk}" linktype="document">the rules</a>.</p>'
    )
    html, files = from_rich_text(value)
    soup = BeautifulSoup(html, "html.parser")
    [img] = soup.find_all("img")
    assert img.attrs == {"src": "@@PLUGINFILE@@/stamp.png", "alt": "An entry stamp"}
    assert soup.find("a")["href"] == "@@PLUGINFILE@@/rules.pdf"
    assert files == [
        EmbeddedFile("stamp.png", image_bytes),
        EmbeddedFile("rules.pdf", document_bytes),
    ]


@pytest.mark.django_db
def test_round_trip_keeps_the_same_wagtail_objects():
    image, _ = make_image("stamp.png")
    document, _ = make_document("rules.pdf")
    value = (
        f'<p>Look:</p><embed alt="Stamp" embedtype="image" format="fullwidth" '
        f'id="{image.pk}"/><p>Read <a id="{document.pk}" linktype="document">'
        "the rules</a>.</p>"
    )
    html, files = from_rich_text(value)
    saved = {"stamp.png": ("image", image.pk), "rules.pdf": ("document", document.pk)}
    assert to_rich_text(html, saved) == value
    assert [f.name for f in files] == ["stamp.png", "rules.pdf"]


@pytest.mark.django_db
def test_deleted_objects_and_unknown_embeds_are_left_out():
    image, _ = make_image()
    pk = image.pk
    image.delete()
    html, files = from_rich_text(
        f'<p>a</p><embed embedtype="image" id="{pk}" alt="x" format="left"/>'
        '<embed embedtype="media" url="https://video.example/1"/>'
        '<p><a linktype="document" id="999">gone</a></p>'
    )
    assert files == []
    assert html == (
        '<p>a</p><a href="https://video.example/1">https://video.example/1</a>'
        "<p>gone</p>"
    )


@pytest.mark.django_db
def test_different_files_with_one_name_get_different_names():
    first, first_bytes = make_image("stamp.png", (1, 1, 1))
    second, second_bytes = make_image("stamp.png", (2, 2, 2))
    assert first.file.name != second.file.name  # storage renamed the second
    taken = {}
    lookup = FileLookup()
    html_a, files_a = from_rich_text(
        f'<embed embedtype="image" id="{first.pk}" alt="" format="left"/>',
        lookup=lookup,
        taken=taken,
    )
    html_b, files_b = from_rich_text(
        f'<embed embedtype="image" id="{first.pk}" alt="" format="left"/>'
        f'<embed embedtype="image" id="{second.pk}" alt="" format="left"/>',
        lookup=lookup,
        taken=taken,
    )
    names = [f.name for f in taken.values()]
    assert len(names) == 2 and len(set(names)) == 2
    assert {f.content for f in taken.values()} == {first_bytes, second_bytes}
    assert files_a[0] == files_b[0]


@pytest.mark.django_db
def test_page_links_become_links_to_the_page(django_assert_max_num_queries):
    from wagtail.models import Page, Site

    root = Page.objects.get(depth=1)
    site = Site.objects.get(is_default_site=True)
    value = (
        f'<p><a linktype="page" id="{site.root_page_id}">Home</a> and '
        f'<a id="{root.pk}" linktype="page">root</a> and '
        '<a linktype="page" id="99999">gone</a></p>'
    )
    with django_assert_max_num_queries(4):
        html, files = from_rich_text(value)
    soup = BeautifulSoup(html, "html.parser")
    assert [a.get("href") for a in soup.find_all("a")] == [site.root_page.full_url]
    assert soup.get_text() == "Home and root and gone"
    assert files == []


@pytest.mark.django_db
def test_rich_text_without_references_needs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert from_rich_text("<p>Plain <b>text</b></p>") == (
            "<p>Plain <b>text</b></p>",
            [],
        )
