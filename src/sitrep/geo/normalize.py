"""Transliteration-robust folding of place names (Latin transliterations and Arabic script).

Folding is token-wise, so that the same function serves the index (names, aliases) and the text scanner
(token n-grams with character offsets). A folded key is the folded content tokens joined by one space;
Arabic articles (al-, ad-, as-, ash-, ...) are dropped, so "Al-Diwaniyah", "ad-Dīwānīyah" and "Diwaniya" share
the key ``diwaniya``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import ne

from sitrep.geo.wordcache import WordCache

# Article tokens dropped from keys. The ones that are also English words are only treated as articles in running
# text when hyphen-joined or capitalised mid-sentence (see ``tokenize``).
ARTICLES = frozenset(
    [
        "al",
        "el",
        "il",
        "ad",
        "ed",
        "ar",
        "er",
        "as",
        "es",
        "at",
        "et",
        "az",
        "ez",
        "an",
        "en",
        "ash",
        "esh",
        "ath",
        "adh",
        "ud",
        "ul",
        "aal",
        "az",
        "ul",
    ]
)
ENGLISH_ARTICLES = frozenset({"as", "an", "at", "en", "es", "er", "et", "il", "ed"})

_APOSTROPHES = "'’‘ʿʾ`´ʼʻ"
_LATIN_MAP = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ə": "e"})

# Arabic: tashkeel and tatweel removed, letter variants unified.
_AR_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_MAP = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ک": "ك", "ی": "ي", "ە": "ه"}
)
_ARABIC_CHAR = re.compile("[\u0600-\u06ff\u0750-\u077f]")

_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
# A word: letters (plus combining marks), with inner apostrophes (Ba'qubah, Kata'ib) and inner dots never.
TOKEN_RE = re.compile(rf"[\w{_MARKS}]+(?:[{_APOSTROPHES}][\w{_MARKS}]+)*")

_SUFFIX_IYA = re.compile(r"(iyyah|iyyeh|iyah|iyeh|iyya|iyye|iyah|iya|iye)$")
_DOUBLE = re.compile(r"(.)\1+")


def is_arabic(s: str) -> bool:
    return bool(_ARABIC_CHAR.search(s))


def strip_marks(s: str) -> str:
    """Remove diacritics (Latin and Arabic) and apostrophe-like characters; keep everything else."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _AR_DIACRITICS.sub("", s)
    return s.translate(_LATIN_MAP)


@lru_cache(maxsize=200_000)
def fold_token(tok: str) -> str:
    """Fold one word: diacritics, case, Arabic letter variants, and common transliteration variants."""
    t = strip_marks(tok)
    for a in _APOSTROPHES:
        t = t.replace(a, "")
    if is_arabic(t):
        t = t.translate(_AR_MAP)
        for prefix in ("وال", "بال", "فال", "لل", "ال"):
            if t.startswith(prefix) and len(t) - len(prefix) >= 2:
                t = t[len(prefix) :]
                break
        return t
    t = t.lower()
    t = re.sub(r"[^a-z0-9]", "", t)
    if not t or t.isdigit():
        return t
    t = _SUFFIX_IYA.sub("iya", t)
    if len(t) > 3 and (t.endswith("ah") or t.endswith("eh")):
        t = t[:-2] + "a"
    t = t.replace("q", "k").replace("ou", "u").replace("ee", "i").replace("oo", "u")
    t = t.replace("e", "i").replace("o", "u").replace("ay", "ai").replace("dh", "d").replace("th", "t")
    return _DOUBLE.sub(r"\1", t)


def is_article(tok: str) -> bool:
    return strip_marks(tok).lower() in ARTICLES


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # folded
    article: bool  # an Arabic article (al-, ad-, as- ...) in this position
    joined: bool  # connected to the previous token (space or hyphen only)


def _connected(gap: str, prev_len: int) -> bool:
    if gap == " " or gap == "-" or not gap:
        return True
    if prev_len == 1 and gap in {".", ". "}:
        return True  # U.S. / U. S.
    return len(gap) <= 3 and all(ch in " \t-\u2010\u2011\u2013\u00a0" for ch in gap)


# ``TOKEN_RE`` with a group, so that ``split`` returns the gaps and the words alternately.
_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")
_DOT_GAPS = frozenset({".", ". "})
_HYPHENS_AFTER_ARTICLE = ("-", "\u2010", "\u2011")
NOT_ARTICLE, ARTICLE, ENGLISH_ARTICLE = 0, 1, 2


def _word_info(word: str) -> tuple[str, str, int, bool]:
    """(word without a possessive 's, its folded key, NOT_ARTICLE / ARTICLE / ENGLISH_ARTICLE, starts with a
    capital or an Arabic letter)."""
    if len(word) > 3 and word[-1] in "sS" and word[-2] in _APOSTROPHES:  # "Iraq's" -> "Iraq"
        word = word[:-2]
    low = strip_marks(word).lower()
    kind = NOT_ARTICLE
    if low in ARTICLES:
        kind = ENGLISH_ARTICLE if low in ENGLISH_ARTICLES else ARTICLE
    capital = word[0].isupper() or is_arabic(word[0])
    return word, fold_token(word), kind, capital


def _gap_joins(gap: str) -> bool:
    """Whether a gap joins the words on either side (the previous word taken as longer than one letter)."""
    return _connected(gap, 2)


_WORD_INFO = WordCache(_word_info)
_GAP_JOINS = WordCache(_gap_joins)


@dataclass(slots=True)
class Words:
    """The words of a text as parallel sequences (index i is the i-th word): what ``Token`` holds per word.

    Built with ``split_words`` from whole-text operations and cached per-word lookups, without a Python
    object or function call per word: the place matcher scans every word of every article."""

    texts: Sequence[str]  # as written, a possessive 's dropped
    keys: Sequence[str]  # folded
    article: list[bool]  # an Arabic article (al-, ad-, as- ...) in this position
    joined: list[bool]  # connected to the previous word (space or hyphen only)
    capital: Sequence[bool]  # starts with a capital or an Arabic letter
    offsets: list[int]  # where the gap before word i ends (2i) and where word i ends as written (2i + 1)
    possessive: set[int]  # words written with a possessive 's

    def __len__(self) -> int:
        return len(self.texts)

    def start(self, i: int) -> int:
        return self.offsets[2 * i]

    def end(self, i: int) -> int:
        end = self.offsets[2 * i + 1]
        return end - 2 if i in self.possessive else end


def split_words(text: str) -> Words:
    """Split text into words with offsets, folded keys, article flags and connectivity (see ``tokenize``)."""
    parts = _SPLIT_RE.split(text)  # gap, word, gap, word, ..., gap
    n = len(parts) // 2
    if not n:
        return Words([], [], [], [], [], [], set())
    _WORD_INFO.trim()
    _GAP_JOINS.trim()
    raw = parts[1::2]
    texts, keys, kinds, capital = zip(*map(_WORD_INFO.__getitem__, raw), strict=True)
    gaps = parts[2:-1:2]  # gaps[k - 1] lies between word k - 1 and word k (as written)
    joined = [False, *map(_GAP_JOINS.__getitem__, gaps)]
    for k in compress(count(1), map(_DOT_GAPS.__contains__, gaps)):
        if len(texts[k - 1]) == 1:
            joined[k] = True  # U.S. / U. S.
    possessive = set(compress(range(n), map(ne, raw, texts)))
    for k in possessive:
        if k + 1 < n:
            joined[k + 1] = False  # the dropped 's lies between the words
    words = Words(texts, keys, [False] * n, joined, capital, list(accumulate(map(len, parts))), possessive)
    article = words.article
    for k in compress(range(n), kinds):
        e = words.end(k)
        if kinds[k] == ARTICLE or text[e : e + 1] in _HYPHENS_AFTER_ARTICLE:
            article[k] = True
        else:
            # "As Samawah" mid-sentence: capitalised and preceded by a word in the same sentence
            article[k] = texts[k][0].isupper() and k > 0 and joined[k]
    return words


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens with offsets, folded keys, article flags and connectivity."""
    w = split_words(text)
    return [Token(w.start(i), w.end(i), w.texts[i], w.keys[i], w.article[i], w.joined[i]) for i in range(len(w))]


def fold_words(words: list[str]) -> list[str]:
    """Fold a list of words, dropping articles unless the name is nothing but an article."""
    keys = [fold_token(w) for w in words if not is_article(w)]
    if not keys:
        keys = [fold_token(w) for w in words]
    return [k for k in keys if k]


def name_words(name: str) -> list[str]:
    return [m.group() for m in TOKEN_RE.finditer(name)]


@lru_cache(maxsize=100_000)
def fold(name: str) -> str:
    """The index key of a name: folded content words joined by a space ('' when nothing is left)."""
    return " ".join(fold_words(name_words(name)))


def iter_ngrams(tokens: list[Token], max_n: int = 6) -> Iterator[tuple[int, int, str]]:
    """(first content index, last content index, key) for every run of connected content tokens."""
    n = len(tokens)
    for i in range(n):
        if tokens[i].article:
            continue
        parts: list[str] = []
        count = 0
        j = i
        while j < n and count < max_n:
            if j > i and not tokens[j].joined:
                break
            if not tokens[j].article:
                parts.append(tokens[j].key)
                count += 1
                yield i, j, " ".join(parts)
            j += 1
