"""Name -> registry entry, and registry names found in running text.

Resolution steps, first hit wins (see docs/actors.md):
 1. exact: the folded name equals a folded alias ("Saryat Qasim al-Jabbarin" == "Saraya Qasem al-Jabbareen");
    ALL-CAPS acronyms ("KH", "PMF") match case-insensitively here, case-sensitively in text;
 2. the same without a parenthetical ("Kata'ib Hezbollah (KH)"), a leading "the", trailing words such as
    "militia" or "group", or with the spaces taken out ("Rab Allah" == "Rab'allah");
 3. core: the name without its unit words (Saraya, Kata'ib, Brigades, ...) equals an alias's core, and the unit
    words agree ("Sayyid al-Shuhada Brigade" -> Kata'ib Sayyid al-Shuhada; "Liwa X" never takes "Saraya X"
    when both exist);
 4. fuzzy: rapidfuzz ratio on cores with the same number of words, every word close, one clear winner.
Anything else is unknown (None): a new name is never forced onto the nearest entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate, compress, count
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.actors.normalize import (
    APOSTROPHES,
    BREAK_RE,
    CONTROL_RE,
    HYPHEN_ARTICLES,
    HYPHENS,
    TOKEN_RE,
    fold_word,
    fold_words,
    is_generic_only,
    strip_parenthetical,
    strip_suffix_words,
    type_classes,
)
from sitrep.actors.normalize import core_words as _core_words
from sitrep.actors.registry import Actor, load_rows
from sitrep.geo.wordcache import WordCache

if TYPE_CHECKING:
    from sitrep.models import ActorRef

MAX_NAME_CHARS = 200
_PLAIN_GAPS = frozenset({" ", "-", "\u2010", "\u2011", ""})
_HYPHEN_ARTICLE_KEYS = frozenset(fold_word(a) for a in HYPHEN_ARTICLES)
_ACRONYM_RE = re.compile(r"^[A-Z]{2,6}$")
# ``TOKEN_RE`` with a group, so that ``split`` returns the gaps and the words alternately.
_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")
_HYPHENS = tuple(HYPHENS)
_FOLDED = WordCache(fold_word)  # fold_word's own lru_cache costs more per call than the folding saved here
_THE = "thi"  # folded "the"
FUZZY_MIN = 88.0  # whole-core rapidfuzz ratio
FUZZY_WORD_MIN = 75.0  # every word pair
FUZZY_MARGIN = 3.0  # best must beat the best other actor by this much
FUZZY_MIN_CHARS = 6


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A registry name found in text: text[start:end] == surface."""

    start: int
    end: int
    surface: str
    actor: Actor


@dataclass(frozen=True, slots=True)
class Resolution:
    """Why a name resolved (or did not). match: exact, acronym, core, fuzzy or unknown."""

    query: str
    actor: Actor | None
    match: str
    score: float = 0.0
    reason: str | None = None


def _compatible(query_words: list[str], alias_classes: frozenset[str]) -> bool:
    """Every unit word of the query must translate a unit word of the alias."""
    for w in query_words:
        cls = type_classes([w])
        if cls and not (cls & alias_classes):
            return False
    return True


@dataclass
class _CoreEntry:
    actor: Actor
    classes: frozenset[str]


@dataclass
class Registry:
    """The loaded registry with its lookup indexes. Build with `Registry.load()` or `get_registry()`."""

    actors: list[Actor]
    errors: list[str] = field(default_factory=list)
    path: str | None = None

    def __post_init__(self) -> None:
        self._by_id: dict[str, Actor] = {a.id: a for a in self.actors}
        self._exact: dict[str, Actor] = {}
        self._compact: dict[str, Actor | None] = {}
        self._acronym: dict[str, Actor] = {}
        self._core: dict[str, list[_CoreEntry]] = {}
        self._fuzzy_keys: list[str] = []
        self._fuzzy_owner: list[_CoreEntry] = []
        self._cache: dict[str, Resolution] = {}
        self.alias_count = 0
        owner: dict[str, Actor] = {}
        ambiguous: set[str] = set()
        for actor in self.actors:
            for alias in actor.aliases:
                if _ACRONYM_RE.match(alias):
                    if alias in self._acronym and self._acronym[alias].id != actor.id:
                        self.errors.append(
                            f"alias {alias!r} of {actor.id!r} is also an alias of {self._acronym[alias].id!r}; dropped"
                        )
                        continue
                    self._acronym[alias] = actor
                    self.alias_count += 1
                    continue
                words = fold_words(alias)
                if words and words[0] == _THE and len(words) > 1:
                    words = words[1:]
                if not words:
                    self.errors.append(f"alias {alias!r} of {actor.id!r} has no letters; dropped")
                    continue
                if is_generic_only(words):
                    self.errors.append(f"alias {alias!r} of {actor.id!r} is only generic words; dropped")
                    continue
                key = " ".join(words)
                if key in owner and owner[key].id != actor.id:
                    self.errors.append(
                        f"alias {alias!r} of {actor.id!r} folds to {key!r}, already an alias of {owner[key].id!r};"
                        " dropped from both"
                    )
                    ambiguous.add(key)
                    continue
                owner[key] = actor
                self.alias_count += 1
                compact = key.replace(" ", "")
                prev = self._compact.get(compact, actor)
                self._compact[compact] = actor if prev is not None and prev.id == actor.id else None
                classes = type_classes(words)
                core = " ".join(_core_words(words))
                if core:
                    entries = self._core.setdefault(core, [])
                    if not any(e.actor.id == actor.id and e.classes == classes for e in entries):
                        entries.append(_CoreEntry(actor, classes))
                        if len(core) >= FUZZY_MIN_CHARS:
                            self._fuzzy_keys.append(core)
                            self._fuzzy_owner.append(entries[-1])
        for key in ambiguous:  # a clash resolves to neither row, by any route
            owner.pop(key, None)
            self._compact[key.replace(" ", "")] = None
            self._core.pop(" ".join(_core_words(key.split(" "))), None)
        keep = [i for i, k in enumerate(self._fuzzy_keys) if k in self._core]
        self._fuzzy_keys = [self._fuzzy_keys[i] for i in keep]
        self._fuzzy_owner = [self._fuzzy_owner[i] for i in keep]
        self._exact = owner
        # Text matching: first word -> longest alias length in words starting with it.
        self._first: dict[str, int] = {}
        for key in self._exact:
            parts = key.split(" ")
            self._first[parts[0]] = max(self._first.get(parts[0], 0), len(parts))
        self._acronym_ci = {k.lower(): v for k, v in self._acronym.items()}
        self._acronym_folded = {fold_word(k): (k, v) for k, v in self._acronym.items()}

    # ------------------------------------------------------------------ construction
    @classmethod
    def load(cls, path: str | Path | None = None) -> Registry:
        actors, errors = load_rows(path)
        return cls(actors, errors, str(path) if path is not None else None)

    # ------------------------------------------------------------------ lookups
    def get(self, actor_id: str) -> Actor | None:
        return self._by_id.get(actor_id) if isinstance(actor_id, str) else None

    def all(self) -> list[Actor]:
        return list(self.actors)

    def __len__(self) -> int:
        return len(self.actors)

    def resolve(self, name: str) -> Actor | None:
        """The registry entry for any spelling of a group name, or None for a name it does not know."""
        return self.explain(name).actor

    def explain(self, name: str) -> Resolution:
        """Like resolve, with how it matched or why not. Never raises on bad input."""
        if not isinstance(name, str):
            return Resolution(str(name), None, "unknown", reason=f"not a string ({type(name).__name__})")
        hit = self._cache.get(name)
        if hit is not None:
            return hit
        res = self._explain(name)
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[name] = res
        return res

    def _explain(self, name: str) -> Resolution:
        query = name.strip()
        if not query:
            return Resolution(name, None, "unknown", reason="empty name")
        if len(query) > MAX_NAME_CHARS:
            return Resolution(
                name, None, "unknown", reason=f"name too long ({len(query)} characters, limit {MAX_NAME_CHARS})"
            )
        if CONTROL_RE.search(query):
            return Resolution(name, None, "unknown", reason="name contains control characters")
        variants = [query]
        bare = strip_parenthetical(query)
        if bare != query:
            variants.append(bare)
        for text in variants:
            acro = self._acronym_ci.get(text.strip().lower())
            if acro is not None:
                return Resolution(name, acro, "acronym", 100.0)
        word_lists = []
        for text in variants:
            words = fold_words(text)
            if words and words[0] == _THE and len(words) > 1:
                words = words[1:]
            if not words:
                continue
            word_lists.append(words)
            trimmed = strip_suffix_words(words)
            if trimmed != words:
                word_lists.append(trimmed)
        if not word_lists:
            return Resolution(name, None, "unknown", reason="no letters in name")
        for words in word_lists:
            actor = self._exact.get(" ".join(words))
            if actor is not None:
                return Resolution(name, actor, "exact", 100.0)
            if len(words) == 1 and words[0] in self._acronym_folded:  # "the SDF", "ISIS militants"
                acro, actor = self._acronym_folded[words[0]]
                if re.search(rf"\b{acro}\b", query, re.IGNORECASE):
                    return Resolution(name, actor, "acronym", 100.0)
        for words in word_lists:
            actor = self._compact.get("".join(words))
            if actor is not None:
                return Resolution(name, actor, "exact", 100.0)
        if all(is_generic_only(w) for w in word_lists):
            return Resolution(name, None, "unknown", reason="only generic words (no group name)")
        for words in word_lists:
            res = self._by_core(name, words)
            if res is not None:
                return res
        for words in word_lists:
            res = self._fuzzy(name, words)
            if res is not None:
                return res
        return Resolution(name, None, "unknown", reason="no registry entry matches")

    def _by_core(self, name: str, words: list[str]) -> Resolution | None:
        core_list = _core_words(words)
        has_type = len(core_list) < len(words) and bool(type_classes(words))
        if not core_list or (not has_type and len(core_list) < 2):
            return None  # a bare single word resolves only through an exact alias
        entries = self._core.get(" ".join(core_list))
        if not entries:
            return None
        if has_type:
            fits = [e for e in entries if e.classes and _compatible(words, e.classes)]
        else:
            fits = [e for e in entries if not e.classes]
        actors = {e.actor.id: e.actor for e in (fits or entries)}
        if len(actors) == 1 and (fits or len({e.actor.id for e in entries}) == 1):
            return Resolution(name, next(iter(actors.values())), "core", 100.0)
        if len(actors) > 1:
            return Resolution(name, None, "unknown", reason="ambiguous between " + ", ".join(sorted(actors)))
        return None

    def _fuzzy(self, name: str, words: list[str]) -> Resolution | None:
        core_list = _core_words(words)
        core = " ".join(core_list)
        if len(core) < FUZZY_MIN_CHARS or not self._fuzzy_keys:
            return None
        from rapidfuzz import fuzz, process

        hits = process.extract(core, self._fuzzy_keys, scorer=fuzz.ratio, limit=10, score_cutoff=FUZZY_MIN - 10)
        query_types = type_classes(words)
        scored: list[tuple[float, _CoreEntry]] = []
        for key, score, idx in hits:
            entry = self._fuzzy_owner[idx]
            kw = key.split(" ")
            if len(kw) != len(core_list):
                continue
            if any(fuzz.ratio(a, b) < FUZZY_WORD_MIN for a, b in zip(kw, core_list, strict=True)):
                continue
            if entry.classes and query_types and not _compatible(words, entry.classes):
                continue
            scored.append((float(score), entry))
        if not scored:
            return None
        score, entry = max(scored, key=lambda se: se[0])
        if score < FUZZY_MIN:
            return None
        rival = max((s for s, e in scored if e.actor.id != entry.actor.id), default=0.0)
        if rival > score - FUZZY_MARGIN:
            return Resolution(name, None, "unknown", score, reason="ambiguous fuzzy match")
        return Resolution(name, entry.actor, "fuzzy", score)

    # ------------------------------------------------------------------ references
    def ref(self, actor: Actor) -> ActorRef:
        from sitrep.models import ActorRef

        parent = self._by_id.get(actor.parent) if actor.parent else None
        umbrella = self._by_id.get(actor.umbrella) if actor.umbrella else None
        return ActorRef(
            id=actor.id,
            name=actor.name,
            kind=actor.kind,
            parent=parent.name if parent else None,
            umbrella=umbrella.name if umbrella else None,
        )

    def to_ref(self, name: str) -> ActorRef:
        """ActorRef for a name: canonical names when known; id None and the name as given when not."""
        from sitrep.models import ActorRef

        actor = self.resolve(name)
        if actor is not None:
            return self.ref(actor)
        given = name.strip() if isinstance(name, str) else str(name)
        return ActorRef(id=None, name=CONTROL_RE.sub("", given))

    # ------------------------------------------------------------------ text
    def find_mentions(self, text: str) -> list[ActorMention]:
        """Every registry name in text, left to right, longest match first, non-overlapping.

        The text is split into words once; each word is folded through a cache and only words that can
        start an alias are looked at further, so a 4 KB article takes well under a millisecond."""
        if not text or not isinstance(text, str):
            return []
        parts = _SPLIT_RE.split(text)  # gap, word, gap, word, ..., gap
        raws = parts[1::2]
        offsets = list(accumulate(map(len, parts)))  # offsets[p]: where parts[p] ends
        starts, ends = offsets[0:-1:2], offsets[1::2]
        _FOLDED.trim()
        keys = list(map(_FOLDED.__getitem__, raws))
        # Drop articles: always-articles fold to ""; "ash-", "ad-", ... only before a hyphen.
        idx = list(compress(range(len(raws)), keys))
        hyphened = {
            i
            for i in compress(range(len(raws)), map(_HYPHEN_ARTICLE_KEYS.__contains__, keys))
            if raws[i].lower() in HYPHEN_ARTICLES and parts[2 * i + 2][:1] in _HYPHENS
        }
        if hyphened:
            idx = [i for i in idx if i not in hyphened]
        out: list[ActorMention] = []
        exact, first, acronym = self._exact, self._first, self._acronym
        # Only words that start an alias or are an acronym can begin a mention; test those alone.
        idx_keys, idx_raws = list(map(keys.__getitem__, idx)), list(map(raws.__getitem__, idx))
        begins = set(compress(count(), map(first.__contains__, idx_keys)))
        begins.update(compress(count(), map(acronym.__contains__, idx_raws)))
        n = len(idx)
        resume = 0  # positions before this one belong to the last mention
        for pos in sorted(begins):
            if pos < resume:
                continue
            ti = idx[pos]
            key = keys[ti]
            longest = first.get(key, 0)
            found = 0
            actor: Actor | None = None
            if longest:
                span = 1
                while span < longest and pos + span < n:
                    gap = text[ends[idx[pos + span - 1]] : starts[idx[pos + span]]]
                    if gap != " " and BREAK_RE.search(gap):
                        break
                    span += 1
                for size in range(span, 0, -1):
                    k = key if size == 1 else " ".join(idx_keys[pos : pos + size])
                    hit = exact.get(k)
                    if hit is not None:
                        actor, found = hit, size
                        break
            if actor is None:
                hit = acronym.get(raws[ti])
                if hit is not None:
                    actor, found = hit, 1
            if actor is None:
                continue
            start = starts[ti]
            dropped_before = ti > 0 and (pos == 0 or idx[pos - 1] < ti - 1)
            if dropped_before and text[ends[ti - 1] : start] in _PLAIN_GAPS:
                start = starts[ti - 1]  # a dropped "al-" directly before the name belongs to it
            last = idx[pos + found - 1]
            end = ends[last]
            if end - starts[last] > 2 and text[end - 1] in "sS" and text[end - 2] in APOSTROPHES:
                end -= 2
            out.append(ActorMention(start, end, text[start:end], actor))
            resume = pos + found
        return out


_DEFAULT: Registry | None = None


def get_registry(path: str | Path | None = None) -> Registry:
    """The shipped registry, loaded once per process; a path loads (uncached) that file instead."""
    global _DEFAULT
    if path is not None:
        return Registry.load(path)
    if _DEFAULT is None:
        _DEFAULT = Registry.load()
    return _DEFAULT
