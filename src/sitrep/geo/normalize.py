"""Transliteration-robust folding of place names (Latin transliterations and Arabic script).

Folding is token-wise, so that the same function serves the index (names, aliases) and the text scanner
(token n-grams with character offsets). A folded key is the folded content tokens joined by one space;
Arabic articles (al-, ad-, as-, ash-, ...) are dropped, so "Al-Diwaniyah", "ad-Dīwānīyah" and "Diwaniya" share
the key ``diwaniya``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=200_000)
def _word_info(word: str) -> tuple[str, bool, bool]:
    """(folded key, is an article word, is an article that is also an English word)."""
    low = strip_marks(word).lower()
    is_art = low in ARTICLES
    return fold_token(word), is_art, is_art and low in ENGLISH_ARTICLES


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens with offsets, folded keys, article flags and connectivity."""
    out: list[Token] = []
    prev_end = -1
    prev_len = 0
    for m in TOKEN_RE.finditer(text):
        s, e = m.span()
        word = m.group()
        # Possessive: "Iraq's" -> "Iraq"
        if len(word) > 3 and word[-1] in "sS" and word[-2] in _APOSTROPHES:
            e -= 2
            word = word[:-2]
        joined = prev_end >= 0 and _connected(text[prev_end:s], prev_len)
        key, is_art, english = _word_info(word)
        art = False
        if is_art:
            if text[e : e + 1] in ("-", "\u2010", "\u2011") or not english:
                art = True
            else:
                # "As Samawah" mid-sentence: capitalised and preceded by a word in the same sentence
                art = word[0].isupper() and bool(out) and joined
        out.append(Token(s, e, word, key, art, joined))
        prev_end = e
        prev_len = len(word)
    return out


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
