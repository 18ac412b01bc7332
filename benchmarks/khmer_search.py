"""Khmer word segmentation for search: the cost of indexing lesson text.

Run with ``.venv/bin/python benchmarks/khmer_search.py``. No database: it
takes the Khmer paragraphs of the demo course's translation
(``courses/demo/khmer/*.po``), repeats them to 1,000 paragraphs, and prints
the time to put them in search form (``lms.khmer.search_text``: normalise,
segment with khmercut, join) and each step's share, as a ratio of plain
``str.split`` on the same text in the same run. Read ratios, not absolute
milliseconds: the machine is shared. Indexing runs when a page is saved, so
this is the cost a trainer's "Publish" pays, not a reader's search.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPHS = 1_000
ROUNDS = 5


def paragraphs() -> list[str]:
    import polib

    texts = []
    for path in sorted((ROOT / "courses" / "demo" / "khmer").glob("*.po")):
        texts += [entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr]
    if not texts:
        texts = ["មន្ត្រីត្រូវពិនិត្យលិខិតឆ្លងដែនរបស់អ្នកដំណើរគ្រប់រូបនៅច្រកព្រំដែន។"]
    return [texts[i % len(texts)] for i in range(PARAGRAPHS)]


def timed(function, texts) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for text in texts:
            function(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from lms.khmer import normalise_khmer, search_text

    texts = paragraphs()
    search_text(texts[0])  # loads the segmenter's model once, as a process does
    characters = sum(len(t) for t in texts)
    baseline = timed(str.split, texts)
    rows = [
        ("str.split (baseline)", baseline),
        ("normalise_khmer", timed(normalise_khmer, texts)),
        ("search_text (normalise + khmercut)", timed(search_text, texts)),
    ]
    print(f"{len(texts)} Khmer paragraphs, {characters:,} characters")
    print(f"{'step':<38}{'ms':>10}{'x split':>12}{'ms/paragraph':>14}")
    for name, seconds in rows:
        print(
            f"{name:<38}{seconds * 1000:>10.1f}{seconds / baseline:>12.0f}"
            f"{seconds * 1000 / len(texts):>14.3f}"
        )


if __name__ == "__main__":
    main()
