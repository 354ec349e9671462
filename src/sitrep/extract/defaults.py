"""Values an attack's own text left empty, filled after merging: the date (its paragraph's date, a post's stamp,
the article's lead date, else the publication date) and the country (the one the article names most).

Separate because these defaults read the whole article and run once every attack is known."""

from __future__ import annotations

from sitrep.extract.article import Article
from sitrep.extract.claims import ClaimStatement
from sitrep.extract.draft import Draft
from sitrep.extract.layout import block_span
from sitrep.extract.prefilter import fast
from sitrep.extract.sentences import WIRE_DATELINE

LEAD_BLOCKS = 3
_COUNTRY_WORDS = fast(r"\b(Iraq|Syria|Jordan)\b")


def _lead_date(
    article: Article, drafts: list[Draft], claims: list[ClaimStatement]
) -> tuple[str, str | None, tuple[int, int] | None] | None:
    """The day the article is about: the first date given for an attack or its claim, else the first date in
    the opening paragraphs ("Wednesday was another busy day on the supply route ...")."""
    found: list[tuple[int, str, str | None, tuple[int, int] | None]] = []
    for d in drafts:
        if d.date and "date" in d.spans:
            found.append((d.spans["date"][0], d.date, d.date_end, d.spans["date"]))
    for c in claims:
        s = c.sentence
        for m in article.dates_in(s.start, s.end):
            if m.value and not m.period_edge:
                found.append((m.start, m.value, m.value_end, (m.start, m.end)))
                break
    if found:
        _, value, value_end, span = min(found)
        return value, value_end, span
    pub_span = article.pub.span if article.pub else None
    for s, e in _prose_blocks(article)[:LEAD_BLOCKS]:
        # a wire dateline's day ("BAGHDAD, Aug 25 (Agency) -") is when the story was filed, not the attack's day
        dateline = WIRE_DATELINE.match(article.text[s:e])
        body = s + dateline.end() if dateline else s
        for m in article.dates_in(s, e):
            if m.start < body:
                continue
            if m.value and not m.period_edge and (pub_span is None or not (pub_span[0] <= m.start < pub_span[1])):
                return m.value, m.value_end, (m.start, m.end)
    return None


def _prose_blocks(article: Article) -> list[tuple[int, int]]:
    """Blocks that read as prose: page furniture above the lead (outlet name, a time stamp, "By ..." lines) is
    not the opening paragraph, so it must not push the lead out of the first LEAD_BLOCKS."""
    out = []
    for s, e in article.blocks:
        block = article.text[s:e].rstrip()
        if block.endswith((".", "!", "?", '"', "”", "’")) or len(block.split()) >= 12:
            out.append((s, e))
    return out


def default_dates(article: Article, drafts: list[Draft], claims: list[ClaimStatement]) -> None:
    """An attack sentence without a date takes the article's lead date, else the publication date."""
    lead = _lead_date(article, drafts, claims)
    for d in drafts:
        if d.date is None:
            # "05/07/2021 | ERBIL | 2320hrs. One-way UAV attack on ...": the date its own paragraph gave before it
            earlier = [] if d.is_title else paragraph_dates(article, d, d.clause.start)
            if earlier:
                m = earlier[-1]
                d.date, d.date_end = m.value, m.value_end
                d.spans["date"] = (m.start, m.end)
            elif (stamp := article.stamp_at(d.clause.start) if article.stamps else None) is not None:
                # a channel post with no day of its own: the day it was posted
                d.date, d.date_end = stamp[1].isoformat(), None
                d.spans["date"] = stamp[2]
            elif lead:
                d.date, d.date_end = lead[0], lead[1]
                if lead[2]:
                    d.spans["date"] = lead[2]
            elif article.pub:
                d.date = article.pub.date.isoformat()
                if article.pub.span:
                    d.spans["date"] = article.pub.span


def default_country(article: Article, drafts: list[Draft]) -> None:
    counts: dict[str, int] = {}
    for s, e in article.blocks:
        for m in _COUNTRY_WORDS.finditer(article.text, s, e):
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    main = max(counts, key=counts.get) if counts else None
    for d in drafts:
        if d.country is None:
            m = _COUNTRY_WORDS.search(article.text, d.clause.sentence.start, d.clause.sentence.end)
            d.country = m.group(1) if m else main


def paragraph_dates(article: Article, d: Draft, until: int) -> list:
    """The resolved dates (not a period's edge) from the start of the mention's paragraph up to `until`."""
    span = block_span(article, d.block)
    if span is None:
        return []
    return [m for m in article.dates_in(span[0], until) if m.value and not m.period_edge]
