"""Does a page read in Khmer? Find the English words a Khmer reader would meet.

A page is "in Khmer" when its text has no Latin-letter word (two letters or
more, ``[A-Za-z]{2,}``) outside :data:`ALLOWED_LATIN`, a small explicit set
of names and acronyms that Khmer texts themselves write in Latin letters.

What counts as the page's text (decided here, once, for the browser and for
the test client alike):

- the whole ``<body>``, not only ``<main>``: the header's menu, the footer
  and the "skip to content" link are read by the same officer; closed
  ``<details>`` (the phone menu) are opened first, so their links count;
- the options of every ``<select>`` and every ``aria-label``: what a
  screen reader says is text too;
- *except* what names a language in that language on purpose, so that an
  officer who cannot read the current script still finds the way back: the
  language switcher (``form.lang``: "English", "· Language") and links to
  another language version of the page (``a[hreflang]``: "English" on a
  Khmer lesson). Text marked ``lang="en"`` is **not** excused: English
  content shown in place of a missing translation is what this check is for.

Nothing here imports Playwright: the fast tests (``tests/courses``) read
HTML from Django's test client with :func:`html_text`.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from bs4 import BeautifulSoup

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

#: Latin-letter words a Khmer page may show. Keep it minimal; each says why.
ALLOWED_LATIN = frozenset(
    {
        # The International Organization for Migration, whose trainers wrote
        # the demo courses: Khmer texts name it "អង្គការអន្តរជាតិទេសន្តរប្រវេសន៍ (IOM)",
        # the acronym in brackets as Cambodian documents write it.
        "IOM",
        # The file format on the certificate's download link ("... (PDF)"):
        # Khmer has no other name for it.
        "PDF",
    }
)

#: Elements that name a language in that language on purpose (see above).
EXCUSED_SELECTORS = ("form.lang", "a[hreflang]")

_BROWSER_TEXT = """(excused) => {
  const undo = [];
  for (const el of document.querySelectorAll(excused.join(','))) {
    const display = el.style.display;
    undo.push(() => { el.style.display = display; });
    el.style.display = 'none';
  }
  for (const el of document.querySelectorAll('details:not([open])')) {
    el.open = true;
    undo.push(() => { el.open = false; });
  }
  const parts = [document.body.innerText];
  const skip = (el) => excused.some((s) => el.closest(s));
  for (const option of document.querySelectorAll('select option')) {
    if (!skip(option)) parts.push(option.textContent);
  }
  for (const el of document.querySelectorAll('[aria-label]')) {
    if (!skip(el)) parts.push(el.getAttribute('aria-label'));
  }
  for (const step of undo.reverse()) step();
  return parts.join('\\n');
}"""


def english_words(text: str, allow=ALLOWED_LATIN) -> list[str]:
    """The Latin-letter words of ``text`` not in ``allow``, each once, in order.

    Case matters: "IOM" is allowed, "Iom" is not.
    """
    found = dict.fromkeys(w for w in LATIN_WORD.findall(text) if w not in allow)
    return list(found)


def english_lines(text: str, allow=ALLOWED_LATIN, limit: int = 12) -> list[str]:
    """The lines of ``text`` holding English words: what a failure prints."""
    lines = [
        " ".join(line.split())[:160]
        for line in text.splitlines()
        if english_words(line, allow)
    ]
    return list(dict.fromkeys(lines))[:limit]


def page_text(page) -> str:
    """The text of the open Playwright ``page``, as defined in this module."""
    return page.evaluate(_BROWSER_TEXT, list(EXCUSED_SELECTORS))


def html_text(html: str) -> str:
    """The same text read from an HTML document (no CSS: nothing is hidden
    by a style sheet, so this is at least as strict as :func:`page_text`)."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.body or soup
    for tag in body.select("script, style, template, [hidden]"):
        tag.decompose()
    for selector in EXCUSED_SELECTORS:
        for tag in body.select(selector):
            tag.decompose()
    labels = [tag["aria-label"] for tag in body.select("[aria-label]")]
    return "\n".join([body.get_text("\n"), *labels])


def pdf_text(pdf: bytes) -> str:
    """What a reader copying a PDF gets: ``pdftotext`` (poppler's reading
    order, not ``-raw``), in NFC."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftotext", str(path)], check=True)
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
    return unicodedata.normalize("NFC", text)


def problem(where: str, text: str, allow=ALLOWED_LATIN) -> str | None:
    """A failure message listing the English on the page at ``where``, or
    ``None`` when there is none."""
    words = english_words(text, allow)
    if not words:
        return None
    shown = ", ".join(words[:25])
    if len(words) > 25:
        shown += f" … ({len(words) - 25} more)"
    lines = "\n    ".join(english_lines(text, allow))
    return f"English words on {where}: {shown}\n    {lines}"


def assert_khmer_page(page, allow=ALLOWED_LATIN) -> None:
    """Fail, naming the page's URL and the words, if the open page has
    English outside ``allow``."""
    message = problem(page.url, page_text(page), allow)
    assert message is None, message


class EnglishOnPages:
    """Collects :func:`problem` messages over a whole walk, so that one run
    names every page with English (the walk goes on past the first one);
    :meth:`assert_none` fails at the end with all of them. Other findings
    about a page's language (a fallback notice, a course not "taught in"
    Khmer) are noted with :meth:`note` and reported the same way."""

    def __init__(self, allow=ALLOWED_LATIN):
        self.allow = allow
        self.problems: list[str] = []
        self.pages_checked = 0

    def check(self, page, label: str = "") -> None:
        where = f"{label} {page.url}".strip()
        self.pages_checked += 1
        message = problem(where, page_text(page), self.allow)
        if message:
            print(message)
            self.problems.append(message)

    def note(self, where: str, message: str) -> None:
        message = f"{message} ({where})"
        print(message)
        self.problems.append(message)

    def expect(self, condition: bool, where: str, message: str) -> None:
        if not condition:
            self.note(where, message)

    def assert_none(self) -> None:
        assert not self.problems, "\n\n".join(self.problems)
