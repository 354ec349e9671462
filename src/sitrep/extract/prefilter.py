"""Regular expressions with a literal pre-check: the same matches, found faster when there are none.

Python's `re` tries a pattern at every position of the text, and an alternation of words costs one try per word
there. Most clauses contain none of the words a lexicon pattern needs, and `str.__contains__` says so about
twenty times faster. `fast()` works out, from the parsed pattern, a few strings one of which every match must
contain ("drone", "uav", "rocket", ...), and runs the pattern only on text that contains one of them.

The check is sound by construction (it never skips text the pattern could match): it only reads what a match
consumes, treats assertions and lookarounds as matching nothing, and gives up (always runs the pattern) on
anything it does not understand.

On text that is all ASCII the pattern runs compiled with re.ASCII (see ascii_variant): the same matches, with
cheaper character tests."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from itertools import product
from re import _constants as C  # noqa: PLC2701 (the parser's opcodes: stable across 3.11-3.13)
from re import _parser  # noqa: PLC2701

_MOST_STRINGS = 32  # the largest set of exact strings worth keeping for one piece of a pattern
_MOST_CLASS = 10  # a character class this small counts as a set of literals ("[- ]")
# A pattern that already turns most positions down at once (a word boundary, then alternatives that each start
# with a given letter) is checked only when it needs few strings: many `in` scans cost more than it does.
_MOST_NEEDLES_WHEN_QUICK = 8
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))
# Characters that case-insensitive matching takes for an ASCII letter although str.lower() does not turn them
# into one (İ, dotless ı, long ſ): text holding one of them is always handed to the pattern.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f")

Strings = frozenset[str]


def _useful(needles: Strings) -> bool:
    """Rare enough to be worth checking: no needle shorter than three characters unless it is not plain ASCII."""
    return all(len(n) >= 3 or not n.isascii() for n in needles)


def _score(needles: Strings | None) -> tuple[int, int, int]:
    """Rare needles first, then fewer of them (each is one scan of the text), then longer ones."""
    if not needles:
        return (0, 0, 0)
    return (int(_useful(needles)), -len(needles), min(len(n) for n in needles))


def _better(a: Strings | None, b: Strings | None) -> Strings | None:
    return b if _score(b) > _score(a) else a


def _required(exact: set[str] | None) -> Strings | None:
    """The exact strings of a piece as needles, unless one of them is empty (then nothing is required)."""
    if not exact or "" in exact:
        return None
    # a needle containing another is redundant: where it occurs, the shorter one does too
    kept: list[str] = []
    for s in sorted(exact, key=len):
        if not any(t in s for t in kept):
            kept.append(s)
    return frozenset(kept)


class _Unsupported(Exception):
    pass


def _char(code: int, fold: bool) -> str:
    ch = chr(code)
    if fold and not ch.isascii() and ch.lower() != ch.upper():
        raise _Unsupported  # a cased non-ASCII letter: its case-insensitive matches are not worth working out
    return ch.lower() if fold else ch


def _sequence(items, fold: bool) -> tuple[set[str] | None, Strings | None]:
    """(every string the sequence can match, when few; strings one of which every match contains)."""
    run: set[str] = {""}  # exact strings of the current stretch of exact pieces
    whole = True  # all pieces so far were exact: `run` is then the exact set of the whole sequence
    needles: Strings | None = None
    for op, av in items:
        exact, req = _node(op, av, fold)
        if exact is not None and (run == {""} or len(run) * len(exact) <= _MOST_STRINGS):
            run = {a + b for a, b in product(run, exact)}
            continue
        whole = False
        needles = _better(needles, _required(run))
        needles = _better(needles, req)
        run = set(exact) if exact is not None else {""}
    needles = _better(needles, _required(run))
    return (run if whole else None), needles


def _node(op, av, fold: bool) -> tuple[set[str] | None, Strings | None]:
    if op is C.LITERAL:
        return {_char(av, fold)}, None
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return {""}, None  # zero width: consumes nothing, requires nothing of what is consumed
    if op is C.SUBPATTERN:
        return _sequence(av[-1].data, fold)
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _sequence(av.data, fold)
    if op is C.IN:
        return _class(av, fold), None
    if op is C.BRANCH:
        return _branch(av[1], fold)
    if op in _REPEATS:
        return _repeat(*av, fold)
    return None, None  # \w, ., [^...], back references: anything may be consumed


def _class(items, fold: bool) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(_char(av, fold))
        elif op is C.RANGE and av[1] - av[0] < _MOST_CLASS:
            chars.update(_char(c, fold) for c in range(av[0], av[1] + 1))
        else:
            return None  # a negated class, \d, \w, a wide range
    return chars if len(chars) <= _MOST_CLASS else None


def _branch(alternatives, fold: bool) -> tuple[set[str] | None, Strings | None]:
    exact: set[str] | None = set()
    needles: set[str] = set()
    for alt in alternatives:
        e, req = _sequence(alt.data, fold)
        exact = exact | e if exact is not None and e is not None else None
        req = _better(req, _required(e))
        if needles is not None:
            needles = needles | req if req else None
    return exact, (_required(set(needles)) if needles else None)


def _repeat(lo: int, hi: int, item, fold: bool) -> tuple[set[str] | None, Strings | None]:
    exact, req = _sequence(item.data, fold)
    needles = _better(req, _required(exact)) if lo >= 1 else None
    if exact is None or hi > 3:
        return None, needles
    out, power = set(), {""}
    for k in range(hi + 1):
        if k >= lo:
            out |= power
        power = {a + b for a, b in product(power, exact)}
        if len(out) + len(power) > _MOST_STRINGS:
            return None, needles
    return out, needles


def needles_of(pattern: re.Pattern[str]) -> tuple[Strings | None, bool, bool]:
    """(strings one of which every match contains, or None; whether to compare them in lower case; whether
    they decide the search: the pattern is nothing but these strings, so it matches exactly where one occurs)."""
    if pattern.flags & re.LOCALE or not isinstance(pattern.pattern, str):
        return None, False, False
    tree = _parser.parse(pattern.pattern, pattern.flags)
    fold = bool(tree.state.flags & re.IGNORECASE) or "(?i" in pattern.pattern
    try:
        exact, needles = _sequence(tree.data, fold)
    except _Unsupported:
        return None, False, False
    if exact and "" not in exact and not _has_assertion(tree.data):
        needles = _required(exact)
        return (needles, fold, True) if _useful(needles) else (None, fold, False)
    needles = _better(needles, _required(exact))
    if not needles or not _useful(needles):
        return None, fold, False
    if not fold and len(needles) > _MOST_NEEDLES_WHEN_QUICK and _quick_reject(tree.data):
        return None, fold, False
    return needles, fold, False


def _has_assertion(items) -> bool:
    """A word boundary, an anchor or a lookaround anywhere: what the strings alone cannot tell."""
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            return True
        if op is C.SUBPATTERN and _has_assertion(av[-1].data):
            return True
        if op is C.BRANCH and any(_has_assertion(alt.data) for alt in av[1]):
            return True
        if op in _REPEATS and _has_assertion(av[2].data):
            return True
        if op is getattr(C, "ATOMIC_GROUP", None) and _has_assertion(av.data):
            return True
    return False


def _starts_with_letter(items) -> bool:
    if not items:
        return False
    op, av = items[0]
    if op is C.LITERAL:
        return True
    if op is C.SUBPATTERN:
        return _starts_with_letter(av[-1].data)
    if op is C.BRANCH:
        return all(_starts_with_letter(alt.data) for alt in av[1])
    return False


def _quick_reject(items) -> bool:
    """Every alternative starts with a word boundary and a given character (or just a given character)."""
    if len(items) == 1 and items[0][0] is C.BRANCH:
        return all(_quick_reject(alt.data) for alt in items[0][1][1])
    if len(items) == 1 and items[0][0] is C.SUBPATTERN:
        return _quick_reject(items[0][1][-1].data)
    if items and items[0][0] is C.AT:
        items = items[1:]
    return _starts_with_letter(items)


def _segment(string: str, pos: int, endpos: int) -> str:
    """string[pos:endpos] as re reads it (negative bounds count as 0, not from the end)."""
    return string[pos if pos > 0 else 0 : endpos if endpos > 0 else 0]


def _folds_to_ascii(seg: str) -> bool:
    return not seg.isascii() and any(c in seg for c in _FOLDS_TO_ASCII)


def ascii_variant(compiled: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern compiled with re.ASCII, for text that is all ASCII: there \\w, \\b, \\d, \\s and case folding
    mean what they mean in Unicode, and are tested from a small table instead of the Unicode database (the
    extractor's patterns are mostly word boundaries). The caller checks that the text the pattern can read before
    the segment is ASCII too (`reads_before`). None when that reach is not bounded."""
    return _compile_ascii(compiled) if reads_before(compiled) is not None else None


def _compile_ascii(compiled: re.Pattern[str]) -> re.Pattern[str] | None:
    try:
        return re.compile(compiled.pattern, (compiled.flags & ~re.UNICODE) | re.ASCII)
    except (re.error, ValueError, TypeError):
        return None


def reads_before(compiled: re.Pattern[str]) -> int | None:
    """How many characters before a search's start the pattern may read: one for a word boundary, plus the widest
    lookbehind ("(?<!\\bto )" reads four characters back, and its \\b one more); None when a lookbehind has no
    fixed width or the pattern cannot be parsed."""
    if "(?<" not in compiled.pattern:
        return 1
    try:
        widest = _widest_lookbehind(_parser.parse(compiled.pattern, compiled.flags).data)
    except (re.error, _Unsupported, TypeError, ValueError):
        return None
    return None if widest is None else widest + 2


def _widest_lookbehind(items) -> int | None:
    widest = 0
    for op, av in items:
        subs = []
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            if direction < 0:
                low, high = sub.getwidth()
                if high >= C.MAXREPEAT or high != low:
                    return None
                widest = max(widest, high)
            subs = [sub.data]
        elif op is C.SUBPATTERN:
            subs = [av[-1].data]
        elif op is C.BRANCH:
            subs = [alt.data for alt in av[1]]
        elif op in _REPEATS:
            subs = [av[2].data]
        elif op is getattr(C, "ATOMIC_GROUP", None):
            subs = [av.data]
        for sub in subs:
            inner = _widest_lookbehind(sub)
            if inner is None:
                return None
            widest = max(widest, inner)
    return widest


_UNSET: re.Pattern[str] = re.compile("")  # ascii_variant() not asked yet


class Prefiltered:
    """A compiled pattern that answers "no match" without running when the text lacks every needle, and runs its
    ASCII-only compilation on ASCII text.

    search/match/fullmatch/finditer take the same arguments and return the same results as re.Pattern's."""

    __slots__ = ("_re", "_ascii", "_behind", "_needles", "_fold", "_decides", "pattern", "flags", "groups", "groupindex")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self._re = compiled
        self._ascii: re.Pattern[str] | None = _UNSET  # compiled on first use: start-up time matters
        self._behind = 1  # characters before the segment the pattern may read (set with _ascii)
        needles, self._fold, self._decides = needles_of(compiled)
        self._needles = tuple(sorted(needles, key=len, reverse=True)) if needles else None
        self.pattern, self.flags, self.groups, self.groupindex = (
            compiled.pattern,
            compiled.flags,
            compiled.groups,
            compiled.groupindex,
        )

    def _may_match(self, seg: str) -> bool:
        needles = self._needles
        if needles is None:
            return True
        if self._fold:
            if not seg.isascii() and _folds_to_ascii(seg):
                return True
            seg = seg.lower()
        for needle in needles:  # noqa: SIM110 (a plain loop: any() and a generator cost more here)
            if needle in seg:
                return True
        return False

    def may_match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """False when no match can lie in string[pos:endpos] (True says only that one may)."""
        return self._may_match(_segment(string, pos, endpos))

    def _engine(self, string: str, pos: int, endpos: int) -> re.Pattern[str] | None:
        """The compiled pattern to run on string[pos:endpos], or None when the needles rule a match out.
        (_may_match and _segment written out: this runs a few hundred times per article.)"""
        seg = string[pos if pos > 0 else 0 : endpos if endpos > 0 else 0]
        ascii_text = seg.isascii()
        needles = self._needles
        if needles is not None:
            low = seg
            if self._fold:
                if not ascii_text and _folds_to_ascii(seg):
                    return self._re
                low = seg.lower()
            for needle in needles:
                if needle in low:
                    break
            else:
                return None
        # the text the pattern reads: the segment, and what it may read before it (a word boundary's one character,
        # a lookbehind's width)
        if ascii_text:
            if self._ascii is _UNSET:  # (ascii_variant, with the pattern parsed once)
                behind = reads_before(self._re)
                self._ascii = _compile_ascii(self._re) if behind is not None else None
                self._behind = behind or 1
            behind = self._behind
            if self._ascii is not None and (pos <= 0 or string[max(0, pos - behind) : pos].isascii()):
                return self._ascii
        return self._re

    def contains(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """bool(self.search(...)), without running the pattern when the needles alone decide it."""
        if self._decides and not (self._fold and _folds_to_ascii(_segment(string, pos, endpos))):
            return self.may_match(string, pos, endpos)
        return self.search(string, pos, endpos) is not None

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        engine = self._engine(string, pos, endpos)
        return engine.search(string, pos, endpos) if engine is not None else None

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        engine = self._engine(string, pos, endpos)
        return engine.match(string, pos, endpos) if engine is not None else None

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        engine = self._engine(string, pos, endpos)
        return engine.fullmatch(string, pos, endpos) if engine is not None else None

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        engine = self._engine(string, pos, endpos)
        return engine.finditer(string, pos, endpos) if engine is not None else iter(())

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        engine = self._engine(string, pos, endpos)
        return engine.findall(string, pos, endpos) if engine is not None else []

    def sub(self, repl, string: str, count: int = 0) -> str:
        return self._re.sub(repl, string, count)

    def __repr__(self) -> str:
        return f"fast({self._re!r}, needles={self._needles!r})"


def fast(pattern: str | re.Pattern[str], flags: int = 0) -> Prefiltered:
    """re.compile, plus the literal pre-check and the ASCII-only compilation (see Prefiltered)."""
    return Prefiltered(pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags))
