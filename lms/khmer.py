"""Khmer text as the platform compares, indexes and searches it.

Khmer text that looks the same on screen can be stored as different code
points: Word and Khmer keyboards insert zero-width spaces (U+200B) between
words, some keyboards let a vowel be typed before a subscript consonant or a
vowel be typed in two parts, and digits come in Khmer (០-៩) or Latin form.
Two strings that a reader cannot tell apart must compare equal, so every
comparison and every search index goes through :func:`normalise_khmer`.

The order this module puts a Khmer syllable into is the *encoding order* of
the Khmer script:

- The Unicode Standard, chapter 16.4 "Khmer" (Khmer block U+1780-U+17FF),
  section "Ordering of Syllable Components": a base character, then the
  robat or a consonant shifter, then subscripts (COENG + consonant), then
  the dependent vowel, then other signs. The standard lists the two-part
  spellings of ើ (U+17C1 U+17B8) and ោ (U+17C1 U+17B6) among the sequences
  to avoid (they render identically to U+17BE and U+17C4).
- SIL's "Khmer Character Specification", section 7 "Encoding Order"
  (Makara Sok, Marc Durdin, Martin Hosken and others, 2021,
  github.com/sillsdev/khmer-character-specification) and its reference
  normaliser ``khnormal``: within a syllable, base < robat < subscripts
  (with COENG RO after any other subscript, where the shaping engine draws
  it anyway) < register shifter (៉ ៊) < dependent vowel (pre, below, above,
  post) < other signs (ំ ់ ៍ ...) < final signs (ះ ៈ). SIL and Microsoft's
  "Developing OpenType Fonts for Khmer Script" put the register shifter
  after the subscripts, where every current keyboard and font expects it;
  Unicode's older grammar allows it before them. We follow SIL, and since
  both typed orders collapse to one, either input matches.

Only the order of marks within a syllable and a few visually identical
spellings change: nothing a reader can see. The functions never raise on any
``str`` and are idempotent (``f(f(x)) == f(x)``; property-tested).

Words: Khmer is written without spaces between words, so :func:`segment_words`
cuts Khmer runs with ``khmercut`` (a CRF word segmenter trained on Khmer
text; its model is loaded once per process, on first use).
:func:`search_text` is the one form used both for what is indexed and for
what is searched, so a query and a page meet word by word.
"""

from __future__ import annotations

import re
import threading
import unicodedata

__all__ = [
    "index_text",
    "normalise_khmer",
    "normalise_for_matching",
    "segment_words",
    "search_text",
    "KHMER_DIGITS",
]

KHMER_DIGITS = "០១២៣៤៥៦៧៨៩"
_TO_LATIN_DIGITS = str.maketrans(KHMER_DIGITS, "0123456789")

#: Invisible characters that are never part of a word: zero-width space,
#: non-joiner and joiner, word joiner, byte-order mark, soft hyphen, and the
#: two "inherent vowel" characters U+17B4/U+17B5 that Unicode says not to use
#: (they have no glyph). Removing ZWNJ/ZWJ can change how a rare syllable is
#: drawn, never which word it is.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u17b4\u17b5]")
#: Spaces other than " " (NBSP, thin, ideographic, ...): category Zs.
_OTHER_SPACES = re.compile(r"[^\S\n\r\t\f\v ]")

# Syllable categories, in encoding order (after SIL's khnormal). A syllable is
# a base followed by every following character of a higher category.
_OTHER, _BASE, _ROBAT, _COENG, _SHIFT = 0, 1, 2, 3, 5
_V_PRE, _V_BELOW, _V_ABOVE, _V_POST, _SIGN, _FINAL = 7, 8, 9, 10, 11, 12


def _category(char: str) -> int:
    code = ord(char)
    if 0x1780 <= code <= 0x17A2 or 0x17A5 <= code <= 0x17B3:
        return _BASE  # consonants and independent vowels (not deprecated 17A3-4)
    if code == 0x17B6:
        return _V_POST  # ា
    if 0x17B7 <= code <= 0x17BA:
        return _V_ABOVE  # ិ ី ឹ ឺ
    if 0x17BB <= code <= 0x17BD:
        return _V_BELOW  # ុ ូ ួ
    if 0x17BE <= code <= 0x17C5:
        return _V_PRE  # ើ ឿ ៀ េ ែ ៃ ោ ៅ: they start left of the base
    if code in (0x17C7, 0x17C8):
        return _FINAL  # ះ ៈ
    if code in (0x17C9, 0x17CA):
        return _SHIFT  # ៉ ៊
    if code == 0x17CC:
        return _ROBAT  # ៌
    if code == 0x17D2:
        return _COENG  # ្
    if 0x17C6 <= code <= 0x17D3 or code == 0x17DD:
        return _SIGN  # ំ ់ ៍ ៎ ៏ ័ ៑ ៓ ៝
    return _OTHER


_COENG_CHAR = "\u17d2"
_RO = "\u179a"
#: Spellings that look the same as a single code point, applied to a sorted
#: syllable (so "េ" always precedes the second part). A below vowel between
#: the two parts (typed េ ុ ី) is kept, after the composed vowel.
_COMPOSE = (
    (re.compile("\u17c1([\u17bb-\u17bd]?)\u17b8"), "\u17be\\1"),  # េ+ី -> ើ
    (re.compile("\u17c1([\u17bb-\u17bd]?)\u17b6"), "\u17c4\\1"),  # េ+ា -> ោ
    # ើ+ា and ោ+ី draw the same glyphs; SIL's khnormal keeps ោ+ី.
    (re.compile("\u17be([\u17bb-\u17bd]?)\u17b6"), "\u17c4\\1\u17b8"),
    # Subscript DA and subscript TA have the same glyph; Khmer dictionaries
    # spell the same word with either, so they must meet (SIL: TA).
    (re.compile("\u17d2\u178a"), "\u17d2\u178f"),
)


def _sort_syllable(chars: list[str], cats: list[int]) -> str:
    """One syllable (a base and its marks) in encoding order."""
    keys = []
    pair_start = 0
    for index, (char, cat) in enumerate(zip(chars, cats, strict=True)):
        if cat == _COENG:
            # A subscript is COENG + consonant: the two move as one, keyed by
            # where the pair starts; COENG RO goes after the other subscripts.
            if char == _COENG_CHAR:
                pair_start = index
            is_ro = (
                chars[pair_start + 1 : pair_start + 2] == [_RO]
                and index <= pair_start + 1
            )
            keys.append((cat, is_ro, pair_start, index))
        else:
            keys.append((cat, False, index, index))
    ordered = [chars[i] for i in sorted(range(len(chars)), key=keys.__getitem__)]
    # A mark typed twice (ាា, ្្) renders with a dotted circle: keep one.
    # Consonants are kept, so two equal subscripts (្ក្ក) stay.
    kept: list[str] = []
    for char in ordered:
        if kept and char == kept[-1] and _category(char) > _BASE:
            continue
        kept.append(char)
    text = "".join(kept)
    for pattern, replacement in _COMPOSE:
        text = pattern.sub(replacement, text)
    return text


def _syllable_categories(text: str) -> list[int]:
    cats = [_category(char) for char in text]
    # A consonant after COENG is a subscript, part of the syllable before it.
    for i in range(1, len(text)):
        if text[i - 1] == _COENG_CHAR and cats[i] == _BASE:
            cats[i] = _COENG
    return cats


def _normalise_syllable(syllable: str, cats: list[int]) -> str:
    # Composing a vowel can bring two equal marks together or out of order
    # (typed ើ េ ី): sort again until nothing changes (two rounds at most in
    # practice; the bound only guards against a bug looping forever).
    for _ in range(4):
        result = _sort_syllable(list(syllable), cats)
        if result == syllable:
            break
        syllable, cats = result, _syllable_categories(result)
    return syllable


def _reorder_khmer(text: str) -> str:
    cats = _syllable_categories(text)
    out = []
    i = 0
    while i < len(text):
        if cats[i] != _BASE:
            out.append(text[i])
            i += 1
            continue
        j = i + 1
        while j < len(text) and cats[j] > _BASE:
            j += 1
        if j - i > 2:
            out.append(_normalise_syllable(text[i:j], cats[i:j]))
        else:
            out.append(text[i:j])  # a base alone or with one mark: in order
        i = j
    return "".join(out)


def _has_khmer(text: str) -> bool:
    return any("\u1780" <= char <= "\u17ff" for char in text)


def normalise_khmer(text: str) -> str:
    """``text`` with invisible differences removed: the form to store or compare.

    - zero-width characters (U+200B ZWSP, U+200C ZWNJ, U+200D ZWJ, U+2060 WJ,
      U+FEFF, U+00AD soft hyphen) removed;
    - Unicode NFC;
    - NBSP and every other space character (category Zs) -> " " (line
      breaks and tabs are kept);
    - Khmer digits ០-៩ -> 0-9;
    - each Khmer syllable in encoding order (see the module docstring):
      a vowel or shifter typed before a subscript moves after it, COENG RO
      after another subscript, ៉/៊ before the vowel, ់ ំ after it, ះ last;
      the two-part vowels េ+ី and េ+ា become ើ and ោ, ើ+ា becomes ោ+ី,
      subscript DA becomes subscript TA (same glyph), a mark typed twice once.

    Idempotent, and never raises for a ``str`` (None gives "").
    """
    if not text:
        return ""
    text = _INVISIBLE.sub("", str(text))
    text = unicodedata.normalize("NFC", text)
    text = _OTHER_SPACES.sub(" ", text)
    text = text.translate(_TO_LATIN_DIGITS)
    if _has_khmer(text):
        # NFC again: reordering never puts a mark with a lower combining
        # class after a higher one, but joined pieces may compose.
        text = unicodedata.normalize("NFC", _reorder_khmer(text))
    return text


def normalise_for_matching(text: str) -> str:
    """The key two pieces of text are compared by: :func:`normalise_khmer`,
    case folded, whitespace collapsed to single spaces and stripped.

    ``" Unit\\u00a0 a1 "`` and ``"UNIT A1"`` give the same key, as do a Khmer
    name typed with a zero-width space or a split vowel and the same name
    typed cleanly.
    """
    return " ".join(normalise_khmer(text).casefold().split())


# Khmer letters and marks (a word's characters); Khmer punctuation
# (។ ៕ ៖ ៗ ៘ ៙ ៚), the riel sign and the lunar-date symbols are not.
_KHMER_RUN = re.compile("[\u1780-\u17d3\u17dc\u17dd]+")
_KHMER_PUNCTUATION = re.compile("[\u17d4-\u17db\u19e0-\u19ff]+")
_WORD = re.compile(r"[^\W_]+")
_SEGMENTER_LOCK = threading.Lock()


def _khmer_words(run: str) -> list[str]:
    # Imported on first use: the CRF model is opened by khmercut's first
    # tokenize() and kept for the process. The tagger is not thread-safe, so
    # one thread tags at a time (a paragraph takes about a millisecond).
    from khmercut import tokenize

    with _SEGMENTER_LOCK:
        tokens = tokenize(run)
    return [token for token in (t.strip() for t in tokens) if token]


def segment_words(text: str) -> list[str]:
    """The words of ``text``, in order, after :func:`normalise_khmer`.

    Khmer runs are cut into words by khmercut; other text is split on
    whitespace and punctuation (letters and digits stay together: "A1",
    "2024"). Punctuation, Khmer (។ ៕ ៖ ៗ ...) or not, is dropped. Case is
    kept; :func:`search_text` folds it.
    """
    # ៗ (repeat the last word) is a letter to the regular expressions: drop
    # Khmer punctuation before finding words.
    text = _KHMER_PUNCTUATION.sub(" ", normalise_khmer(text))
    words: list[str] = []
    position = 0
    for match in _KHMER_RUN.finditer(text):
        words.extend(_WORD.findall(text[position : match.start()]))
        words.extend(_khmer_words(match.group()))
        position = match.end()
    words.extend(_WORD.findall(text[position:]))
    return words


def search_text(text: str) -> str:
    """``text`` as it is indexed and as a query is searched: its words
    (:func:`segment_words`) joined by single spaces, case folded.

    ``search_text("ការត្រួតពិនិត្យ​លិខិតឆ្លងដែន ២០២៤")`` gives
    ``"ការត្រួតពិនិត្យ លិខិត ឆ្លង ដែន 2024"``.
    """
    return " ".join(segment_words(text)).casefold()


#: Prefixes that make nouns of verbs and adjectives ("ការ" + "ជួញដូរ",
#: trafficking). The segmenter keeps such a noun as one word, so a search
#: for the bare word would miss it: the index carries the bare word too.
NOMINAL_PREFIXES = ("សេចក្តី", "សេចក្ដី", "ការ", "ភាព", "អ្នក", "ជន", "អំពើ")


def index_text(text: str) -> str:
    """:func:`search_text` plus, after each Khmer noun made with a prefix of
    :data:`NOMINAL_PREFIXES`, the word without it, for the index only: a
    search for "ជួញដូរ" finds "ការជួញដូរ" (a query keeps its own words)."""
    words = []
    for word in search_text(text).split():
        words.append(word)
        for prefix in NOMINAL_PREFIXES:
            if word.startswith(prefix) and len(word) > len(prefix) + 1:
                rest = word[len(prefix) :]
                # Not a split inside a syllable: the rest starts with a base
                # consonant or independent vowel, not a sign or subscript.
                if "\u1780" <= rest[0] <= "\u17b3":
                    words.append(rest)
                break
    return " ".join(words)
