"""Folding of group names and running text into comparable word keys.

One set of rules serves both the registry aliases and the text they are looked up in, so a key
built from a YAML alias equals the key built from any spelling of it in an article:

* Unicode: NFKC; Latin accents dropped; apostrophes and their look-alikes (' ’ ‘ ʼ ʿ ʾ ` ´) removed
  inside a word ("Kata'ib" -> "kataib"); a possessive "'s" dropped.
* Arabic script: short vowels, shadda and tatweel dropped; alef forms -> ا, ة -> ه, ى -> ي,
  Persian ی/ک -> ي/ك.
* Article tokens: "al", "el", "il", "ul", "aal" are dropped; the assimilated forms ("ash-",
  "ad-", "as-", "at-", "an-", "ath-", ...) only when joined to the next word by a hyphen.
* Letters (after notes/dependencies.md §6): -iyah/-iyya/-iyeh/-iye -> -iya; a final -ah -> -a;
  q -> k; e -> i; o -> u; doubled letters collapsed.  "Qassem" -> "kasim", "Jabbareen" -> "jabarin".
* Spelling synonyms from data/actors/words.yaml (Saryat/Sarayat -> Saraya, Hizballah -> Hezbollah,
  Abi -> Abu, ...).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
APOSTROPHES = "'\u2019\u2018\u02bc\u02bf\u02be`\u00b4\u2032"
_APOS_RE = re.compile(f"[{APOSTROPHES}]")
# A word: letters/digits, possibly joined by apostrophes ("Kata'ib", "Rab'allah").
TOKEN_RE = re.compile(f"[^\\W_]+(?:[{APOSTROPHES}][^\\W_]+)*")
HYPHENS = "-\u2010\u2011"
ALWAYS_ARTICLES = frozenset({"al", "el", "il", "ul", "aal"})
HYPHEN_ARTICLES = frozenset(
    {"ad", "ed", "ar", "er", "as", "es", "at", "et", "az", "ez", "an", "en", "ash", "esh", "ath", "adh", "ud"}
)
_ARABIC_RE = re.compile("[\u0600-\u06ff]")
_ARABIC_DROP = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ؤ": "و"})
_IYA_RE = re.compile(r"(?:iyyah|iyah|iyya|iyeh|iye)$")
_DOUBLE_RE = re.compile(r"(.)\1+")
_LATIN_MAP = str.maketrans({"q": "k", "e": "i", "o": "u"})
# Control characters other than ordinary whitespace.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A clause break between two words: a match never spans it.
BREAK_RE = re.compile(r"[.,;:!?()\[\]{}\"\u201c\u201d\u00ab\u00bb|/\n]")


@dataclass(frozen=True, slots=True)
class WordLists:
    type_classes: dict[str, frozenset[str]]  # folded type word -> the classes it belongs to
    filler: frozenset[str]
    suffix: frozenset[str]
    synonyms: dict[str, str]  # folded spelling -> folded canonical spelling


def _fold_letters(word: str) -> str:
    """Fold one lower-case word with apostrophes already removed (no synonym step)."""
    if _ARABIC_RE.search(word):
        return _ARABIC_DROP.sub("", word).translate(_ARABIC_MAP)
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    word = _IYA_RE.sub("iya", word)
    if word.endswith("ah") and len(word) > 3:
        word = word[:-1]
    word = word.translate(_LATIN_MAP)
    return _DOUBLE_RE.sub(r"\1", word)


@lru_cache(maxsize=1)
def word_lists() -> WordLists:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load((DATA_DIR / "words.yaml").read_text("utf-8"), Loader=loader)
    synonyms: dict[str, str] = {}
    for canon, variants in (raw.get("synonyms") or {}).items():
        target = _fold_letters(str(canon).lower())
        for v in variants or []:
            synonyms[_fold_letters(str(v).lower())] = target
    classes: dict[str, set[str]] = {}
    for cls, words in (raw.get("type_words") or {}).items():
        for w in words or []:
            f = _fold_letters(str(w).lower())
            classes.setdefault(synonyms.get(f, f), set()).add(str(cls))
    return WordLists(
        type_classes={k: frozenset(v) for k, v in classes.items()},
        filler=frozenset(_fold_letters(str(w).lower()) for w in raw.get("filler") or []),
        suffix=frozenset(_fold_letters(str(w).lower()) for w in raw.get("suffix_words") or []),
        synonyms=synonyms,
    )


@lru_cache(maxsize=200_000)
def fold_word(token: str) -> str:
    """Fold one word as it appears in text (apostrophes allowed inside, a possessive 's dropped).

    Returns "" for an article that is always dropped ("al", "el", ...)."""
    if len(token) > 2 and token[-1] in "sS" and token[-2] in APOSTROPHES:
        token = token[:-2]
    low = token.lower()
    if not low.isascii():
        low = _APOS_RE.sub("", unicodedata.normalize("NFKC", low))
    elif "'" in low or "`" in low:
        low = _APOS_RE.sub("", low)
    if low in ALWAYS_ARTICLES:
        return ""
    folded = _fold_letters(low)
    return word_lists().synonyms.get(folded, folded)


class Token(NamedTuple):
    start: int  # where the word starts, or the article joined to it ("al-" in "al-Nujaba")
    end: int
    key: str  # folded word
    raw: str  # the word as written
    brk: bool  # a clause break (or the text start) lies before this word


_PLAIN_GAPS = frozenset({"", " ", "-", "\u2010", "\u2011"})


def tokenize(text: str) -> list[Token]:
    """Words of `text` with their spans and folded keys; dropped articles removed (their span joins the next word)."""
    out: list[Token] = []
    append = out.append
    prev_end = 0
    pending_break = True
    lead = -1  # start of a dropped article directly before the next word
    n = len(text)
    for m in TOKEN_RE.finditer(text):
        start, end = m.span()
        raw = m.group()
        if len(raw) > 2 and raw[-1] in "sS" and raw[-2] in APOSTROPHES:  # possessive 's
            raw = raw[:-2]
            end -= 2
        gap = text[prev_end:start]
        plain = gap in _PLAIN_GAPS or gap.isspace()
        brk = pending_break or (not plain and BREAK_RE.search(gap) is not None)
        if not plain:
            lead = -1
        prev_end = m.end()
        low = raw.lower()
        if low in ALWAYS_ARTICLES or (low in HYPHEN_ARTICLES and end < n and text[end] in HYPHENS):
            pending_break = brk
            if lead < 0:
                lead = start
            continue
        key = fold_word(raw)
        if not key:
            continue
        append(Token(lead if lead >= 0 else start, end, key, raw, brk))
        pending_break = False
        lead = -1
    return out


def fold_words(name: str) -> list[str]:
    """Folded words of a name, in order (articles dropped)."""
    return [t.key for t in tokenize(name)]


def fold(name: str) -> str:
    """The lookup key of a name: folded words joined by one space."""
    return " ".join(fold_words(name))


def strip_parenthetical(name: str) -> str:
    """'Kata'ib Hezbollah (KH)' -> 'Kata'ib Hezbollah'; brackets too. The name itself is kept if that empties it."""
    stripped = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", name).strip()
    return stripped or name


def core_words(words: list[str]) -> list[str]:
    """The distinctive words of a folded name: no type or filler words ("Saraya Qasim al-Jabbarin" -> kasim jabarin)."""
    wl = word_lists()
    return [w for w in words if w not in wl.type_classes and w not in wl.filler]


def strip_suffix_words(words: list[str]) -> list[str]:
    """Drop trailing words such as "group", "militia", "channel" ("Nujaba militia" -> nujaba)."""
    wl = word_lists()
    end = len(words)
    while end > 1 and words[end - 1] in wl.suffix:
        end -= 1
    return words[:end]


def type_classes(words: list[str]) -> frozenset[str]:
    """The unit kinds named in a folded name ({'saraya'}, {'kataib', 'saraya', 'liwa'} for 'brigades')."""
    wl = word_lists()
    out: set[str] = set()
    for w in words:
        out |= wl.type_classes.get(w, frozenset())
    return frozenset(out)


def is_generic_only(words: list[str]) -> bool:
    """True for names made only of type and filler words ('The Brigades', 'Saraya')."""
    wl = word_lists()
    return all(w in wl.type_classes or w in wl.filler for w in words)
