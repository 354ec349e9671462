"""The speed-ups in matching never change a result: the literal pre-check and the ASCII-only compilation
(extract.prefilter), the date and time pre-checks, and the per-article date cache give what the plain patterns give."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.extract import (
    aftermath,
    claim_assignment,
    claims,
    dates,
    defaults,
    detect,
    drafting,
    features,
    pubdate,
    times,
)
from sitrep.extract.article import Article
from sitrep.extract.casualties import _VERB
from sitrep.extract.dates import _PATTERN as DATE_PATTERN
from sitrep.extract.dates import find_dates
from sitrep.extract.lexicon import lexicon, lower
from sitrep.extract.prefilter import Prefiltered, fast, needles_of
from sitrep.extract.times import find_times
from tests.conftest import DEV_CORPUS


def _lexicon_patterns() -> dict[str, Prefiltered]:
    out = {}
    lex = lexicon()
    for f in dataclasses.fields(lex):
        value = getattr(lex, f.name)
        for key, p in value.items() if isinstance(value, dict) else [(f.name, value)]:
            if isinstance(p, Prefiltered):
                out[f"{f.name}.{key}"] = p
    return out


def _module_patterns() -> dict[str, Prefiltered]:
    out = {"casualties._VERB": _VERB}
    for mod in (aftermath, claim_assignment, claims, dates, defaults, detect, drafting, features, pubdate, times):
        out.update({f"{mod.__name__}.{k}": v for k, v in vars(mod).items() if isinstance(v, Prefiltered)})
    return out


PATTERNS = {**_lexicon_patterns(), **_module_patterns()}
ARTICLES = sorted((DEV_CORPUS / "articles").glob("*.txt"))


def _spans(matches) -> list[tuple[int, int, tuple]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]


def _agrees(p: Prefiltered, text: str, start: int, end: int) -> None:
    raw = p._re
    got, want = p.search(text, start, end), raw.search(text, start, end)
    assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), (
        p.pattern[:60],
        text[start:end],
    )
    assert _spans(p.finditer(text, start, end)) == _spans(raw.finditer(text, start, end))
    assert p.contains(text, start, end) == (want is not None)
    got, want = p.match(text, start, end), raw.match(text, start, end)
    assert (got and got.span()) == (want and want.span())


def test_most_patterns_get_a_pre_check():
    """Guards the speed-up itself: if the needle extraction broke, every pattern would fall back to a full scan."""
    with_needles = [name for name, p in PATTERNS.items() if p._needles]
    assert len(with_needles) >= len(PATTERNS) // 2, with_needles
    assert PATTERNS["weapons.rocket"]._needles and set(PATTERNS["weapons.rocket"]._needles) == {
        "katyusha",
        "rocket",
        "missile",
        "grad",
    }


@pytest.mark.parametrize("path", ARTICLES[::4], ids=lambda p: p.stem[:12])
def test_pre_checked_patterns_match_like_plain_ones_on_the_corpus(path):
    text = path.read_text(encoding="utf-8")
    low = lower(text)
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)] + [(0, len(text))]
    for p in PATTERNS.values():
        for s, e in spans:
            _agrees(p, low, s, e)
            _agrees(p, text, s, e)


# Text that is mostly near misses: pieces of the patterns' own words, case changes, and the characters that
# case-insensitive matching takes for ASCII letters (İ, ı, ſ, the Kelvin sign).
_PIECES = ["rocket", "Rocket", "ROCKETS", "drone", "uav", "i.e.d.", "ied", "claim", "CLAİM", "ſaid", "statement", "attacks",
           "strike", "times", "since", "Iraq", "Syria", " ", " ", ", ", ". ", ";", "-", "'", "’", "12", "2024", "the",
           "of", "no one was hurt", "without", "were", "killed", "\u212a", "ı", "al-", "Tuesday", "March 3", "last week"]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.data())
def test_pre_checked_patterns_match_like_plain_ones_on_near_misses(pieces, data):
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for p in PATTERNS.values():
        _agrees(p, text, start, end)
        _agrees(p, lower(text), start, end)


@pytest.mark.parametrize(
    ("pattern", "flags", "needles"),
    [
        (r"\bdrones?\b", 0, {"drone"}),
        (r"\bi\.?e\.?d\.?s?\b", 0, {"ied", "i.ed", "ie.d", "i.e.d"}),
        (r"\b(claimed|took) responsibility\b", re.I, {"claimed responsibility", "took responsibility"}),
        (r"\b\w+ (attacks|strikes)\b", 0, {" attacks", " strikes"}),
        (r"\bat\b", 0, None),  # too short to be worth a scan
        (r"[a-z]+ed\b", 0, None),  # no literal of any length
    ],
)
def test_needles_are_what_every_match_must_contain(pattern, flags, needles):
    got, _, _ = needles_of(re.compile(pattern, flags))
    assert (set(got) if got else None) == needles


def test_case_insensitive_patterns_see_letters_that_fold_to_ascii():
    p = fast(r"\bclaimed\b", re.I)
    for text in ("CLAIMED", "claİmed", "clalmed and ſaid"):
        assert bool(p.search(text)) == bool(re.search(r"\bclaimed\b", text, re.I))
    assert p.search("claİmed") is not None  # İ matches i case-insensitively, though "İ".lower() is two characters


def test_contains_is_search_without_the_match():
    p = fast(r"claim|stat(ed|ing)|den(y|ied)", re.I)
    assert p._decides
    for text in ("they denied it", "STATED", "nothing here", "claİm", "clai"):
        assert p.contains(text) == bool(p._re.search(text))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            _PIECES + ["Jan", "SEPT", "yesterday", "overnight", "days ago", "this month", "2021-03-04", "4/5/2022", "٣"]
        ),
        max_size=25,
    )
)
def test_find_dates_finds_what_the_date_pattern_finds(pieces):
    text = "".join(pieces)
    want = [(m.start(), m.end()) for m in DATE_PATTERN._re.finditer(text)]  # the plain, Unicode pattern
    assert [(d.start, d.end) for d in find_dates(text)] == want


def test_find_times_in_text_without_digits_is_empty_and_with_digits_unchanged():
    assert find_times("The rockets landed at dawn near the base.") == []
    assert [t.value for t in find_times("The rockets landed at 07:20 near the base.")] == ["07:20"]


def test_article_dates_are_read_once_per_span_and_equal_find_dates():
    text = "Rockets hit the base on Tuesday, March 3, 2020. No one was hurt."
    article = Article(text=text)
    first = article.dates_in(0, 47)
    assert [(d.start, d.end, d.value) for d in first] == [(d.start, d.end, d.value) for d in find_dates(text, 0, 47)]
    assert article.dates_in(0, 47) is first


def test_ascii_compilation_is_used_only_where_the_text_read_is_ascii():
    p = fast(r"\bdrone\b")
    assert p.search("a drone hit") is not None and p._ascii is not None
    # "é" is a letter in Unicode, so there is no word boundary between it and "drone"; in ASCII there would be
    assert p.search("édrone", 1) is None
    assert p.search("drone\u00e9") is None
    # a lookbehind reads further back: its ASCII compilation is used only when that text is ASCII too ("é" before
    # "the" is a letter in Unicode, so there is no word boundary and the lookbehind fails)
    behind = fast(r"(?<=\bthe )drone")
    assert behind.search("the drone") is not None and behind._ascii is not None
    assert behind.search("\u00e9the drone", 5) is None
    assert re.compile(r"(?<=\bthe )drone").search("\u00e9the drone", 5) is None
