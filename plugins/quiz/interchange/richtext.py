"""Text as files carry it, and as the bank stores it.

Question files hold HTML (or plain text that the formats escape into HTML)
with embedded files referenced as ``@@PLUGINFILE@@/<name>``. The bank
stores Wagtail rich text in its database format, in which images are
``<embed embedtype="image" id=..>`` and documents ``<a linktype="document"
id=..>``. :func:`to_rich_text` goes one way (import), :func:`from_rich_text`
the other (export). Cleaning is Wagtail's own whitelister for the bank's
rich text features, so imported text can hold no more than the editor can.

:func:`html_to_text` and :func:`plain_to_html` convert between HTML and the
plain text that choices, true/false feedback and essay templates hold.
"""

from __future__ import annotations

import functools
import html as html_module
import os
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from urllib.parse import quote, unquote

from plugins.quiz.interchange.base import PLUGINFILE, EmbeddedFile

#: Elements removed together with everything inside them.
DROPPED_ELEMENTS = (
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "applet",
    "head",
    "title",
    "svg",
    "math",
    "form",
    "select",
    "textarea",
)
#: Elements after which plain text starts a new paragraph.
_BLOCK_ELEMENTS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "blockquote",
        "pre",
        "section",
        "article",
        "dd",
        "dt",
        "dl",
        "hr",
    }
)
#: Top-level elements that are blocks in Wagtail's rich text.
_RICH_TEXT_BLOCKS = frozenset(
    {"p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "embed"}
)
_PLUGINFILE_PREFIX = PLUGINFILE + "/"
#: Image embeds keep the whole width: questions are read on phones.
IMAGE_FORMAT = "fullwidth"


# Plain text <-> HTML -------------------------------------------------------


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_ELEMENTS and tag != "embed":
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_ELEMENTS:
            self.parts.append("\n\n")
        elif tag == "img" and not self.skipping:
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)

    def handle_startendtag(self, tag, attrs):
        if tag not in DROPPED_ELEMENTS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in DROPPED_ELEMENTS and tag != "embed":
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_ELEMENTS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            # Line breaks in HTML source are spaces; breaks come from tags.
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(value: str) -> str:
    """The text a reader sees in ``value`` (HTML): tags gone, entities
    decoded, ``<br>`` as a line break and blocks as paragraphs."""
    if not value:
        return ""
    parser = _TextExtractor()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def plain_to_html(value: str) -> str:
    """Plain text as HTML: escaped, line breaks as ``<br>``."""
    return html_module.escape(value or "", quote=False).replace("\n", "<br>")


def plugin_file_name(url: str | None) -> str | None:
    """``"x.png"`` for ``@@PLUGINFILE@@/x.png`` (URL-decoded), else ``None``."""
    if not url or not url.startswith(_PLUGINFILE_PREFIX):
        return None
    name = url[len(_PLUGINFILE_PREFIX) :].split("?", 1)[0].split("#", 1)[0]
    return unquote(name) or None


def plugin_file_url(name: str) -> str:
    """The reference to an embedded file, as Moodle writes it."""
    return _PLUGINFILE_PREFIX + quote(name)


def referenced_files(value: str) -> set[str]:
    """Names of the embedded files ``value`` (HTML) refers to."""
    found = set()
    for match in re.finditer(re.escape(_PLUGINFILE_PREFIX) + r"([^\"'\s<>]+)", value):
        name = plugin_file_name(_PLUGINFILE_PREFIX + match.group(1))
        if name:
            found.add(name)
    return found


# Import: file HTML -> Wagtail rich text ---------------------------------------


@functools.cache
def _converter():
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    from plugins.quiz.models.bank import RICH_TEXT_FEATURES

    # Imported documents become document links whatever the editor offers.
    features = list(RICH_TEXT_FEATURES)
    if "document-link" not in features:
        features.append("document-link")
    return EditorHTMLConverter(features=features)


def to_rich_text(html: str, files: Mapping[str, tuple[str, int]]) -> str:
    """``html`` from a question file as Wagtail rich text (database format).

    ``files`` maps the name of each embedded file (as in
    ``@@PLUGINFILE@@/<name>``) to where it was saved: ``("image", image_id)``
    for a Wagtail image or ``("document", document_id)`` for a Wagtail
    document. ``<img>`` of an image becomes an image embed; a reference to a
    document (``<img>`` or ``<a>``) becomes a document link. References to
    files that are not in ``files``, images from elsewhere, scripts, styles
    and elements the bank's editor does not offer are removed (their text
    is kept, except for scripts and styles). Text outside any block is put
    in paragraphs, as the editor writes it.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html or "", "html.parser")
    for tag in soup.find_all(DROPPED_ELEMENTS):
        tag.decompose()
    for tag in soup.find_all(True):
        # Only this function may say what an embed or a link points to: a
        # file's own data-embedtype / data-linktype / data-id would let it
        # link any image, document or page of the site by id.
        for attribute in [name for name in tag.attrs if name.startswith("data-")]:
            del tag[attribute]
    for img in soup.find_all("img"):
        name = plugin_file_name(img.get("src"))
        kind, pk = files.get(name, (None, None)) if name else (None, None)
        alt = img.get("alt") or ""
        if kind == "image":
            embed = soup.new_tag("img")
            embed.attrs = {
                "data-embedtype": "image",
                "data-id": str(pk),
                "data-format": IMAGE_FORMAT,
                "data-alt": alt,
            }
            img.replace_with(embed)
        elif kind == "document":
            link = soup.new_tag("a")
            link.attrs = {"data-linktype": "document", "data-id": str(pk)}
            link.string = alt or name
            img.replace_with(link)
        else:
            img.decompose()
    for anchor in soup.find_all("a"):
        name = plugin_file_name(anchor.get("href"))
        if name is None:
            continue
        kind, pk = files.get(name, (None, None))
        if kind == "document":
            anchor.attrs = {"data-linktype": "document", "data-id": str(pk)}
        elif kind == "image":
            embed = soup.new_tag("img")
            embed.attrs = {
                "data-embedtype": "image",
                "data-id": str(pk),
                "data-format": IMAGE_FORMAT,
                "data-alt": anchor.get_text(" ", strip=True),
            }
            anchor.insert_after(embed)
            anchor.unwrap()
        else:
            anchor.unwrap()
    cleaned = _converter().to_database_format(str(soup))
    return _paragraphs(cleaned)


def _paragraphs(db_html: str) -> str:
    """``db_html`` with top-level inline content wrapped in ``<p>``."""
    from bs4 import BeautifulSoup, NavigableString
    from django.utils.html import escape

    soup = BeautifulSoup(db_html, "html.parser")
    for anchor in soup.find_all("a"):
        if not anchor.attrs:  # its URL was refused (javascript: ...)
            anchor.unwrap()
    run = []

    def close_run():
        if any(not isinstance(node, NavigableString) or node.strip() for node in run):
            paragraph = soup.new_tag("p")
            run[0].insert_before(paragraph)
            for node in run:
                paragraph.append(node.extract())
            # No stray breaks or spaces at the edges of a paragraph.
            for edge in (0, -1):
                while paragraph.contents and (
                    getattr(paragraph.contents[edge], "name", None) == "br"
                    or (
                        isinstance(paragraph.contents[edge], NavigableString)
                        and not paragraph.contents[edge].strip()
                    )
                ):
                    paragraph.contents[edge].extract()
            first, last = paragraph.contents[0], paragraph.contents[-1]
            if isinstance(first, NavigableString):
                first.replace_with(first.lstrip())
            if isinstance(last, NavigableString) and last.parent is paragraph:
                last.replace_with(last.rstrip())
        else:
            for node in run:
                node.extract()
        run.clear()

    for node in list(soup.contents):
        if getattr(node, "name", None) in _RICH_TEXT_BLOCKS:
            close_run()
        else:
            run.append(node)
    close_run()
    return soup.decode(formatter=escape)


# Export: Wagtail rich text -> file HTML ---------------------------------------


class FileLookup:
    """Wagtail images, documents and pages by id, fetched in bulk; file bytes.

    One lookup serves many rich texts (a whole export), so each image or
    document is queried and read once, and names stay unique in a question.
    """

    def __init__(self):
        self.images: dict[int, object] = {}
        self.documents: dict[int, object] = {}
        self.pages: dict[int, object] = {}
        # Ids asked for and not found (deleted since): not asked for again.
        self.absent: dict[str, set[int]] = {"image": set(), "document": set()}
        self.absent["page"] = set()
        self._content: dict[tuple[str, int], bytes | None] = {}

    def load(self, values) -> None:
        """Fetch every image, document and page the rich texts ``values`` use
        (one query per kind, only for what is not fetched yet)."""
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Page

        wanted = {"image": set(), "document": set(), "page": set()}
        for value in values:
            source = _source(value)
            if "<embed" not in source and "linktype" not in source:
                continue
            wanted["image"].update(_ids(source, "embed", "embedtype", "image"))
            wanted["document"].update(_ids(source, "a", "linktype", "document"))
            wanted["page"].update(_ids(source, "a", "linktype", "page"))
        for kind, model, found in (
            ("image", get_image_model(), self.images),
            ("document", get_document_model(), self.documents),
            ("page", Page, self.pages),
        ):
            missing = wanted[kind] - set(found) - self.absent[kind]
            if missing:
                found.update(model.objects.in_bulk(missing))
                self.absent[kind].update(missing - set(found))

    def content(self, kind: str, obj) -> bytes | None:
        key = (kind, obj.pk)
        if key not in self._content:
            try:
                with obj.file.open("rb") as handle:
                    self._content[key] = handle.read()
            except (OSError, ValueError):
                self._content[key] = None  # the file is gone from storage
        return self._content[key]


def _source(value) -> str:
    return getattr(value, "source", value) or ""


def _ids(source: str, element: str, attribute: str, kind: str) -> set[int]:
    """Ids of ``<element attribute="kind" id="..">`` in ``source``."""
    found = set()
    for tag in re.findall(rf"<{element}\b[^>]*>", source):
        if re.search(rf'(?<![\w-]){attribute}="{kind}"', tag):
            match = re.search(r'(?<![\w-])id="(\d+)"', tag)
            if match:
                found.add(int(match.group(1)))
    return found


def _unique_name(name: str, content: bytes, taken: dict[str, EmbeddedFile]) -> str:
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    candidate, number = name, 1
    while candidate in taken and taken[candidate].content != content:
        number += 1
        candidate = f"{stem}-{number}{dot}{extension}"
    return candidate


def from_rich_text(
    value,
    *,
    lookup: FileLookup | None = None,
    taken: dict[str, EmbeddedFile] | None = None,
) -> tuple[str, list[EmbeddedFile]]:
    """Wagtail rich text ``value`` (database format, or a ``RichText``) as
    file HTML and the files it embeds.

    Image embeds become ``<img src="@@PLUGINFILE@@/<name>">`` and document
    links ``<a href="@@PLUGINFILE@@/<name>">``, with the file's bytes read
    from storage. Page links become links to the page's URL; media embeds
    links to the media. Anything that no longer exists (a deleted image, a
    file gone from storage) is left out.

    ``lookup`` shares fetched images and documents between calls;
    ``taken`` (name -> file) keeps names unique across the fields of one
    question: a different file with a name already taken gets ``name-2``.
    """
    from bs4 import BeautifulSoup
    from django.utils.html import escape

    source = _source(value)
    if "<embed" not in source and "linktype" not in source:
        return source, []
    if lookup is None:
        lookup = FileLookup()
    lookup.load([source])
    taken = {} if taken is None else taken
    used: dict[str, EmbeddedFile] = {}

    def embed_file(kind, obj) -> str | None:
        content = lookup.content(kind, obj)
        if content is None:
            return None
        name = _unique_name(os.path.basename(obj.file.name) or kind, content, taken)
        taken[name] = used[name] = EmbeddedFile(name=name, content=content)
        return plugin_file_url(name)

    soup = BeautifulSoup(source, "html.parser")
    for embed in soup.find_all("embed"):
        kind, pk = embed.get("embedtype"), embed.get("id", "")
        if kind == "image" and pk.isdigit() and int(pk) in lookup.images:
            url = embed_file("image", lookup.images[int(pk)])
            if url:
                img = soup.new_tag("img")
                img.attrs = {"src": url, "alt": embed.get("alt", "")}
                embed.replace_with(img)
                continue
        elif kind == "media" and embed.get("url"):
            link = soup.new_tag("a", href=embed["url"])
            link.string = embed["url"]
            embed.replace_with(link)
            continue
        embed.decompose()
    for anchor in soup.find_all("a", attrs={"linktype": True}):
        kind, pk = anchor.get("linktype"), anchor.get("id", "")
        url = None
        if kind == "document" and pk.isdigit() and int(pk) in lookup.documents:
            url = embed_file("document", lookup.documents[int(pk)])
        elif kind == "page" and pk.isdigit() and int(pk) in lookup.pages:
            url = lookup.pages[int(pk)].full_url
        if url:
            anchor.attrs = {"href": url}
        else:
            anchor.unwrap()
    return soup.decode(formatter=escape), list(used.values())
