"""The layout of an article's body: paragraphs, list items, a brief's table-like lines, an incident log's entry
lines, the dated entries of a chronology, headline-like lines. Small questions the pipeline asks about where a
sentence stands, answered from the text's paragraphs (`Article.blocks`; the title is block -1)."""

from __future__ import annotations

import datetime as dt
import re

from sitrep.extract.article import Article, Sentence
from sitrep.extract.dates import DateMention
from sitrep.extract.draft import Draft
from sitrep.extract.features import Clause

SITE_KINDS = {"site", "airport", "embassy"}
_LIST_MARK = re.compile(r"\s*(\d{1,2}\s*[-.)]|[-•*–·])\s")
_SOURCE_TAG = re.compile(r"\s*\[[^\]\n]{1,80}\]\s*$")  # "... No casualties. [US official]": a log line's source
_HEADER_MAX = 120  # an incident log's entry line ("09.08.2024 | Rumalyn Landing Zone, Hasakah (SY)") is short
_ENTRY_HEAD = re.compile(r"\s*[:–—-]\s")  # "Oct. 17: ...", "Dec. 27 - ...": a dated entry of a timeline
_HEADLINE_LINE = 110
LOG_ENTRIES = 3  # paragraphs opening with a date ("Oct. 17: ...") that make an article a chronology


def block_span(article: Article, block: int) -> tuple[int, int] | None:
    """The span of paragraph `block`, or None for the title (block -1) or an index past the body."""
    return article.blocks[block] if 0 <= block < len(article.blocks) else None


def is_list_item(article: Article, sentence: Sentence) -> bool:
    span = block_span(article, sentence.block)  # (None for the title)
    return span is not None and sentence.start == span[0] and block_is_list_item(article, sentence.block)


def block_is_list_item(article: Article, block: int) -> bool:
    """Paragraph `block` is a numbered or bulleted item ("1- The occupation base at Harir ...")."""
    span = block_span(article, block)
    if span is None:
        return False
    line_start = article.text.rfind("\n", 0, span[0]) + 1
    return bool(_LIST_MARK.match(article.text, line_start))


def dropped_before(article: Article, block: int) -> bool:
    """Cleaning dropped a line between paragraph `block` - 1 and `block` (a view counter, a post stamp, a share bar)."""
    if not 0 < block < len(article.blocks):
        return False
    return bool(article.text[article.blocks[block - 1][1] : article.blocks[block][0]].strip())


def is_cell_line(article: Article, clause: Clause) -> bool:
    """The clause's paragraph is a brief's table-like line ("date | place | time | what happened")."""
    span = block_span(article, clause.sentence.block)
    return span is not None and article.text.count("|", span[0], clause.start) >= 2


def entry_header(article: Article, block: int):
    """(date, place) of the line above a paragraph when that line is a log entry's header: short, a date and a
    place separated by "|", and no sentence of its own; else None."""
    if not 0 < block <= len(article.blocks):
        return None  # the first paragraph, or the title (block -1)
    s, e = article.blocks[block - 1]
    line = article.text[s:e]
    if len(line) > _HEADER_MAX or "|" not in line or line.rstrip().endswith("."):
        return None
    dates = [m for m in article.dates_in(s, e) if m.value]
    if not dates:
        return None
    places = [m for m in article.places_in(s, e) if m.place.admin1]
    sites = [m for m in places if m.place.kind in SITE_KINDS]
    return dates[0], (sites or places or [None])[0]


def main_site(article: Article):
    """The base, airport or embassy the article names most often (at least twice), or None."""
    counts: dict[str, list] = {}
    for m in article.places:
        if m.place.kind in SITE_KINDS:
            counts.setdefault(m.place.id, []).append(m)
    best = max(counts.values(), key=len, default=[])
    return best[0] if len(best) >= 2 else None


def headline_like(article: Article, sentence: Sentence) -> bool:
    if sentence.is_title:
        return True
    s, e = article.blocks[sentence.block]
    line = _SOURCE_TAG.sub("", article.text[s:e]).rstrip()
    return len(line) <= _HEADLINE_LINE and not line.endswith((".", "!", "?", '"', "”", "'", ":", ";", ")"))


def entry_date(article: Article, block: int) -> DateMention | None:
    """The date a paragraph opens with when it is one entry of a chronology or of a monthly review ("Oct. 17: ...",
    "Dec. 27 - ...", "On June 3, ..."), else None."""
    span = block_span(article, block)
    if span is None:
        return None
    s, e = span
    first = next(iter(article.dates_in(s, min(e, s + 40))), None)
    if first is None or first.value is None:
        return None
    if first.start - s <= 2:
        return first if _ENTRY_HEAD.match(article.text, first.end) else None
    opens_with_on = (
        len(first.value) == 10
        and article.text[s : first.start] in ("On ", "On\xa0", "Also on ", "And on ")
        and article.text[first.end : first.end + 1] == ","
    )
    return first if opens_with_on else None


def dated_entry(article: Article, block: int) -> bool:
    """The paragraph is one entry of a chronology (see entry_date)."""
    return entry_date(article, block) is not None


def dated_by_entry(article: Article, d: Draft) -> bool:
    """The mention's date comes from an entry of a chronology (its own paragraph, or the one its date is in)."""
    if dated_entry(article, d.block):
        return True
    at = d.spans.get("date", (None,))[0]
    return at is not None and any(s <= at < e and dated_entry(article, b) for b, (s, e) in enumerate(article.blocks))


def dated_entries(article: Article) -> list[int]:
    if article.entries is None:
        article.entries = [b for b in range(len(article.blocks)) if dated_entry(article, b)]
    return article.entries


_STAMP_REST = re.compile(r"(?:\d{1,2}[:.]\d\d(?:\s?[AaPp]\.?[Mm]\.?)?|UTC|GMT|[\s\[\](){}|:,.\-–—/]+)*")
STAMP_LINE = 40
_LINE = re.compile(r"[^\n]+")  # (stamps are read from every line: cleaning drops them from the paragraphs)
MIN_STAMPS = 2


def post_stamps(article: Article) -> list:
    """Lines that are nothing but a date (and time): a channel export's post stamps ("[14.01.2024 19:02]",
    "— 08.12.2023 —"). Only a text with at least two is a feed of stamped posts."""
    found = []
    for line in _LINE.finditer(article.text):
        s, e = line.span()
        if e - s > STAMP_LINE:
            continue
        dates = [m for m in article.dates_in(s, e) if m.value and len(m.value) == 10 and m.kind == "absolute"]
        if len(dates) != 1:
            continue
        m = dates[0]
        if _STAMP_REST.fullmatch(article.text, s, m.start) and _STAMP_REST.fullmatch(article.text, m.end, e):
            found.append((s, dt.date.fromisoformat(m.value), (m.start, m.end)))
    return found if len(found) >= MIN_STAMPS else []
