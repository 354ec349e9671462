"""New-group detection: phrases such as "a group which calls itself X" or "a previously unknown group, X".

    from sitrep.actors.discovery import find_new_groups
    for c in find_new_groups(text, seen="2024-07-30"):
        c.name, c.start, c.end, c.evidence, c.first_seen, c.actor_id

`actor_id` is the registry entry the name already resolves to (None for a name the registry does not know):
the caller decides whether a known name is news. The name is kept as written, without a leading "The",
quotes, or a bracketed translation ("Al-Thawriyoun [The Revolutionaries]" -> "Al-Thawriyoun").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sitrep.actors.normalize import CONTROL_RE, fold
from sitrep.extract.prefilter import fast

_NEW = (
    r"(?:new|newly[- ]formed|newly[- ]established|new(?:ly)?[- ]emerged|previously[- ]unknown|hitherto[- ]unknown|"
    r"little[- ]known|obscure|shadowy|unknown|mysterious|self[- ]styled)"
)
_MOD = r"(?:armed|militant|iraqi|syrian|shia|shiite|pro[- ]iran(?:ian)?|iran[- ](?:backed|aligned|linked))"
_ADJS = rf"(?:(?:{_MOD}|{_NEW})[\s,]+(?:and\s+)?)*{_NEW}[\s,]+(?:and\s+)?(?:(?:{_MOD})[\s,]+)*"
_NOUN = r"(?:group|faction|militia|outfit|organi[sz]ation|movement|brigade|cell|front)"
_NAMING = (
    r"(?:calls|called|styles|styled|names|named|dubs|dubbed|brands|branded)\s+itself|"
    r"calling\s+itself|styling\s+itself|naming\s+itself|dubbing\s+itself|"
    r"going\s+by\s+the\s+name(?:\s+of)?|under\s+the\s+name(?:\s+of)?|known\s+as|called|named|dubbed"
)
# Each trigger ends where the name should begin.
# fast(): each trigger runs only on text holding one of its words ("itself", "group", ...); most articles have none
TRIGGERS = [
    fast(
        r"\b(?:which|that|who)\s+(?:has\s+|had\s+)?(?:calls|called|styles|styled|names|named|dubs|dubbed)\s+itself\s*[,:]?\s*",
        re.I,
    ),
    fast(r"\b(?:calling|styling|naming|dubbing)\s+itself\s*[,:]?\s*", re.I),
    fast(rf"\b(?:a|an)\s+{_ADJS}{_NOUN}(?:\s+(?:{_NAMING}))?\s*[,:]?\s*", re.I),
    fast(rf"\b(?:a|an)\s+{_NOUN}\s+(?:{_NAMING})\s*[,:]?\s*", re.I),
    # Arabic: "tutliq/atlaqat 'ala nafsiha (ism)", "tusammi nafsaha", "tud'a" (calls itself / is called)
    fast(
        "(?:تطلق|أطلقت|اطلقت|يطلق)\\s+على\\s+نفسها?\\s+(?:اسم\\s+)?|(?:تسمي|تسمّي)\\s+نفسها\\s+|(?:تدعى|تسمى)\\s+"
    ),
]
_WORD_RE = re.compile(r"[^\W_]+(?:[-'\u2019\u02bc\u02bf`][^\W_]+)*")
_CONNECTORS = frozenset(
    {
        "al",
        "el",
        "ad",
        "ar",
        "as",
        "at",
        "az",
        "an",
        "ash",
        "ath",
        "adh",
        "bin",
        "ibn",
        "abu",
        "abi",
        "of",
        "the",
        "wa",
        "fi",
        "li",
        "lil",
        "min",
        "ahl",
        "and",
        "de",
    }
)
_OPEN_QUOTES = "\"\u201c\u201e\u00ab'\u2018"
_CLOSE_FOR = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201c", "\u00ab": "\u00bb", "'": "'", "\u2018": "\u2019"}
_ARABIC = re.compile("[\u0600-\u06ff]")
_SENT_END = re.compile(r"(?<![A-Z])[.!?](?=\s)|\n")
MAX_NAME_WORDS = 8
MAX_NAME_CHARS = 80


@dataclass(frozen=True, slots=True)
class NewGroupCandidate:
    """A group name the text introduces; text[start:end] == name."""

    name: str
    start: int
    end: int
    evidence: str
    first_seen: str | None = None
    actor_id: str | None = None  # registry id when the name is already known
    trigger: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def _is_name_word(word: str) -> bool:
    if _ARABIC.search(word):
        return True
    parts = re.split(r"[-'\u2019\u02bc\u02bf`]", word)
    return any(p[:1].isupper() or p[:1].isdigit() for p in parts if p)


def _take_name(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the name beginning at pos (after optional quotes), or None."""
    n = len(text)
    if pos < n and text[pos] in _OPEN_QUOTES:
        close = _CLOSE_FOR.get(text[pos], text[pos])
        j = text.find(close, pos + 1, pos + 2 + MAX_NAME_CHARS)
        if j < 0 and close == "\u201d":
            j = text.find('"', pos + 1, pos + 2 + MAX_NAME_CHARS)
        if j > pos + 1:
            start, end = pos + 1, j
            inner = text[start:end].rstrip(" ,.;:")
            end = start + len(inner)
            return (start, end) if any(_is_name_word(w) for w in _WORD_RE.findall(inner)) else None
        return None
    if text[pos : pos + 4].lower() == "the ":
        pos += 4
    start = end = -1
    words = 0
    cursor = pos
    limit = 4 if _ARABIC.match(text, pos) else MAX_NAME_WORDS
    while words < limit:
        m = _WORD_RE.match(text, cursor)
        if m is None:
            break
        w = m.group()
        if _is_name_word(w):
            end = m.end()
        elif w.lower() not in _CONNECTORS:
            break
        if start < 0:
            if not _is_name_word(w) and w.lower() not in {"al", "el", "ad", "ash", "as", "at", "an", "abu", "ibn"}:
                break
            start = m.start()
        words += 1
        gap = re.match(r"[ \u00a0]+|-", text[m.end() :])
        if gap is None:
            break
        cursor = m.end() + gap.end()
    if start < 0 or end <= start:
        return None
    name = text[start:end]
    if name.lower().startswith("the "):
        start += 4
    return (start, end) if end > start else None


def _sentence(text: str, start: int, end: int) -> str:
    left = 0
    for m in _SENT_END.finditer(text, 0, start):
        left = m.end()
    m = _SENT_END.search(text, end)
    right = m.end() if m else len(text)
    return " ".join(text[left:right].split())


def find_new_groups(text: str, *, seen: str | None = None, registry=None) -> list[NewGroupCandidate]:
    """Names the text introduces as a (new, obscure, self-named) group, in text order, one per name.

    `seen` is copied into each candidate's first_seen (the caller knows the article's date).
    `registry` (default: the shipped one) fills actor_id for names it already knows."""
    if not text or not isinstance(text, str):
        return []
    if registry is None:
        from sitrep.actors.resolver import get_registry

        registry = get_registry()
    hits: list[tuple[int, int, re.Match[str]]] = []
    for trig in TRIGGERS:
        for m in trig.finditer(text):
            span = _take_name(text, m.end())
            if span is not None:
                hits.append((span[0], span[1], m))
    out: list[NewGroupCandidate] = []
    names_seen: set[str] = set()
    for start, end, m in sorted(hits, key=lambda h: (h[0], h[2].start())):
        name = CONTROL_RE.sub("", text[start:end]).strip()
        key = fold(name)
        if not key or key in names_seen:
            continue
        names_seen.add(key)
        actor = registry.resolve(name)
        out.append(
            NewGroupCandidate(
                name=name,
                start=start,
                end=end,
                evidence=_sentence(text, m.start(), end),
                first_seen=seen,
                actor_id=actor.id if actor else None,
                trigger=" ".join(m.group().split()).rstrip(",:"),
            )
        )
    return out
