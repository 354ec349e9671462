"""Publication date: the text's own dateline or byline, else the URL, else the metadata (CODEBOOK rule 4)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache
from importlib import resources

import yaml

from sitrep.extract.article import Article, PubDate
from sitrep.extract.dates import (
    _WEEKDAY_INDEX,
    MONTH,
    YEAR_IN_TEXT,
    _safe_date,
    find_dates,
    parse_date_string,
    year_with_weekday,
)
from sitrep.extract.prefilter import fast

HEAD_LINES = 8  # a dateline sits near the top
MAX_DATELINE = 160
MAX_DATE_PART = 60
_SEPARATOR = re.compile(r"\s*(?:\||—|–|·|•|\s-\s|:\s|[()\[\]])\s*")
# A short line that is mostly a date, with optional label and time-of-day junk.
_DATE_LINE = re.compile(
    r"^\s*(?:(?:published|updated|posted|last updated|date|on)\s*:?\s*)?(?:[A-Za-z]+,?\s+)?[^\n]{0,40}$", re.I
)
# "BAGHDAD, March 14 (Reuters) -", "ERBIL, Iraq (AP) —", "BAGHDAD (AFP) -", "WASHINGTON/AMMAN, Jan 28 (Wire) -"
_WIRE = re.compile(
    rf"^\s*[A-Z][A-Z .'’/-]{{2,30}}(?:,\s*[A-Z][a-z]+)?,?\s*(?P<date>{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)?\s*\((?:[A-Za-z .]+)\)\s*[-–—]"
)
# "NASIRIYAH, 2021-03-15 - A roadside bomb ...", "Baghdad, 14-07-2020 (SWA) - The Security Media Cell ...": a
# dateline at the head of the lead paragraph, whatever the date's form (parse_date_string decides)
_LEAD_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z .'’/-]{2,30},\s*(?P<date>[^–—()\n]{6,30}?)\s*(?:\([^)\n]{1,30}\)\s*)?(?:\s[-–—]|[–—])\s"
)
# "Wednesday, 25 November" (a byline with no year), optionally with a clock time after it
_BYLINE_NO_YEAR = re.compile(
    rf"^\s*(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    rf"(?P<date>\d{{1,2}}\s+{MONTH}|{MONTH}\s+\d{{1,2}})\s*(?:[|,–—-]\s*\d{{1,2}}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*)?$",
    re.I,
)
_TRAILING_DATE = re.compile(r"[,|–—]\s*(?P<date>[^,|–—\[\]()]{6,30}?)\s*[\])]?\s*$")
_URL_PATTERNS = [
    (re.compile(r"/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d)(?:/|$|[^\d])"), "ymd"),
    (re.compile(r"[/_-]((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?:\b|_)"), "ymd"),
    (re.compile(r"[?&](?:d|date)=((?:19|20)\d\d)([01]\d)([0-3]\d)\b"), "ymd"),
    (re.compile(r"[/_-]((?:19|20)\d\d)([01]\d)([0-3]\d)(?:/|-|_|$|\.|\?)"), "ymd"),  # "/20200915/", "-20200915"
    (re.compile(r"[/_-]([0-3]\d)([01]\d)((?:19|20)\d\d)(?:-amp|/|$|-|_|\.)"), "dmy"),
]


def date_from_url(url: str | None) -> dt.date | None:
    if not url:
        return None
    for pattern, order in _URL_PATTERNS:
        m = pattern.search(url)
        if m:
            a, b, c = (int(x) for x in m.groups())
            d = _safe_date(a, b, c) if order == "ymd" else _safe_date(c, b, a)
            if d:
                return d
    return None


_PUBLISHED = fast(
    r"\b(?:published|posted|updated|dated|first published)\b[:,]?\s+(?:on\s+)?(?P<rest>[^\n]{6,40})", re.I
)


def _from_text(article: Article) -> PubDate | None:
    text = article.text
    lines = ([article.title] if article.title else []) + article.blocks[:HEAD_LINES]
    for start, end in lines:  # "Prepared by ... Published Sunday 12 June 2022." says it in so many words
        m = _PUBLISHED.search(text, start, end)
        if m:
            d = parse_date_string(m.group("rest"))
            if d:
                return PubDate(d, "text", (m.start("rest"), m.end("rest")))
    # also look at lines the cleaner dropped near the top (bylines often look like furniture)
    for start, end in lines:
        line = text[start:end]
        wire = _WIRE.match(line) or _LEAD_DATELINE.match(line)
        if wire and wire.group("date"):
            d = parse_date_string(wire.group("date"))
            if d:
                return PubDate(d, "text", (start + wire.start("date"), start + wire.end("date")))
        if len(line) <= 60 and _DATE_LINE.match(line):
            d = parse_date_string(line)
            if d:
                return PubDate(d, "text", (start, end))
        # "By Jane Doe | May 15, 2022", "KIRKUK, Iraq — December 28, 2019 — Frontier Press", "Alert (December 8, 2023)"
        if len(line) <= MAX_DATELINE and _SEPARATOR.search(line):
            for part in _SEPARATOR.split(line):
                if part and len(part.strip()) <= MAX_DATE_PART:
                    d = parse_date_string(part)
                    if d:
                        off = start + line.index(part)
                        return PubDate(d, "text", (off, off + len(part)))
        # "[Translated. Roundup posted on the ... Telegram channel, 16/12/2021]": a note line that ends in its date
        trailing = _TRAILING_DATE.search(line) if len(line) <= MAX_DATELINE else None
        if trailing:
            d = parse_date_string(trailing.group("date"))
            if d:
                return PubDate(d, "text", (start + trailing.start("date"), start + trailing.end("date")))
    return None


def _signature_date(article: Article) -> PubDate | None:
    """A statement signed and dated at its foot ("The Islamic Resistance in Iraq / ... corresponding to 9-11-2023")."""
    for start, end in reversed(article.blocks[-4:]):
        line = article.text[start:end]
        if len(line) <= 100 and len(line.split()) <= 14:
            d = parse_date_string(line)
            if d:
                return PubDate(d, "text", (start, end))
    return None


def _raw_head_dates(article: Article) -> PubDate | None:
    """Date lines among the first raw lines, including ones the cleaner classed as furniture ("print\\nMay 15, 2022")."""
    offset = 0
    for n, line in enumerate(article.text.split("\n")):
        if n > 12:
            break
        stripped = line.strip()
        if stripped and len(stripped) <= 40:
            d = parse_date_string(stripped)
            if d:
                start = offset + line.index(stripped)
                return PubDate(d, "text", (start, start + len(stripped)))
        offset += len(line) + 1
    return None


# "This page was last edited on 2 March 2024, at 11:06 (UTC).": an encyclopedia page's own date, at its foot
_LAST_EDITED = re.compile(r"\blast (?:edited|modified) on\s+(?P<rest>[^\n]{6,40})", re.I)


def _last_edited(article: Article) -> PubDate | None:
    for m in _LAST_EDITED.finditer(article.text):
        d = parse_date_string(m.group("rest"))
        if d:
            return PubDate(d, "text", (m.start("rest"), m.end("rest")))
    return None


def find_pubdate(article: Article) -> None:
    """Set article.pub (and article.year_hint when no publication date is known)."""
    pub = _last_edited(article) or _from_text(article) or _raw_head_dates(article) or _signature_date(article)
    if pub is None:
        d = date_from_url(article.url)
        if d:
            pub = PubDate(d, "url")
    if pub is None and article.published_meta:
        d = parse_date_string(article.published_meta)
        if d:
            pub = PubDate(d, "metadata")
    article.pub = pub
    if pub is None:
        article.year_hint = _likely_year(article)
        if article.year_hint:
            article.pub = _dateline_without_year(article, article.year_hint)


_CONTENTS_ITEM = re.compile(r"\d+(\.\d+)*\s+\S")


def _dateline_without_year(article: Article, year: int) -> PubDate | None:
    """'BAGHDAD, Oct 19 (Agency) -' gives the day; the year the text makes likely completes it."""
    text = article.text
    latest = _latest_dated_month(article)
    anchor = _anchor_date(article)
    if anchor and (latest is None or (anchor.year, anchor.month) > latest):
        latest = (anchor.year, anchor.month)
    previous = ""
    for start, end in article.blocks[:HEAD_LINES]:
        line, above, previous = text[start:end], previous, text[start:end]
        if text[text.rfind("\n", 0, start) + 1 : start].strip():
            continue  # "* 11 March - Main article: ...": an item of a list, not a dateline
        if _CONTENTS_ITEM.match(line) and (_CONTENTS_ITEM.match(above) or above.lower().startswith("contents")):
            continue  # "3 March" under "2 January-February" in a page's table of contents
        wire = (
            _WIRE.match(line)
            or _LEAD_DATELINE.match(line)
            or (_BYLINE_NO_YEAR.match(line) if len(line) <= MAX_DATE_PART else None)
        )
        if wire and wire.group("date"):
            d = parse_date_string(f"{wire.group('date')} {year}")
            if d and latest and (d.year, d.month) < latest:
                # "Jan 29" in a story that cites October 2023 was written in 2024
                d = parse_date_string(f"{wire.group('date')} {year + 1}")
            weekday = wire.groupdict().get("wd")
            if d and weekday and d.weekday() != _WEEKDAY_INDEX[weekday.lower()]:
                # "Wednesday, 25 November": the year next to the likely one whose 25 November is a Wednesday
                y = year_with_weekday(d.month, d.day, _WEEKDAY_INDEX[weekday.lower()], (year - 1, year, year + 1))
                d = _safe_date(y, d.month, d.day) if y else None
            if d:
                return PubDate(d, "text", (start + wire.start("date"), start + wire.end("date")))
    return None


def _latest_dated_month(article: Article) -> tuple[int, int] | None:
    """The latest (year, month) the text names with its year ("in October 2023", "on Oct. 17, 2023")."""
    best = None
    for start, end in article.blocks:
        for m in find_dates(article.text, start, end):
            if m.value and m.kind in ("absolute", "month"):
                ym = (int(m.value[:4]), int(m.value[5:7]))
                best = ym if best is None or ym > best else best
    return best


def _likely_year(article: Article) -> int | None:
    """With no publication date: the latest year the article's own text mentions (news is written after
    the events it cites)."""
    if article.title:  # "Timeline of attacks on coalition forces in Iraq (2020)": the year the page is about
        in_title = [int(m.group(1)) for m in YEAR_IN_TEXT.finditer(article.text, *article.title)]
        if in_title:
            return max(in_title)
    years: Counter[int] = Counter()
    for start, end in ([article.title] if article.title else []) + article.blocks:
        for m in YEAR_IN_TEXT.finditer(article.text, start, end):
            y = int(m.group(1))
            if 1990 <= y <= dt.date.today().year + 1:
                years[y] += 1
    copyright_year = _copyright_year(article)
    if years:
        latest = max(years)
        # "(c) 2021 Meridian News" under a text whose latest year is 2020: the page's year, when it is the next
        # one (a site footer years later shows the year it was crawled, not the article's)
        return copyright_year if copyright_year == latest + 1 else latest
    return _year_from_anchor(article) or copyright_year


_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\b)\s*(?:\d{4}\s*[-–]\s*)?((?:19|20)\d\d)\b", re.I)


def _copyright_year(article: Article) -> int | None:
    m = _COPYRIGHT.search(article.text)
    return int(m.group(1)) if m else None


# "more than a year ago", "last year", "two years ago": how many years after a named, dated event the article stands
_YEARS_AFTER = [
    (re.compile(r"\b(more than|over|nearly|almost) (a|one) years? ago\b|\blast year\b|\ba year ago\b", re.I), 1),
    (re.compile(r"\b(more than |over )?(two|2) years ago\b", re.I), 2),
    (re.compile(r"\b(more than |over )?(three|3) years ago\b", re.I), 3),
]


@cache
def _anchors() -> list[tuple[re.Pattern[str], dt.date]]:
    raw = yaml.safe_load(resources.files("sitrep.data.lexicon").joinpath("anchors.yaml").read_text(encoding="utf-8"))
    return [(re.compile(a["pattern"], re.I), dt.date.fromisoformat(str(a["date"]))) for a in raw]


def _anchor_date(article: Article) -> dt.date | None:
    """The latest dated reference event the text names (the article was written after it)."""
    found = [
        day for start, end in article.blocks for pattern, day in _anchors() if pattern.search(article.text, start, end)
    ]
    return max(found) if found else None


def _year_from_anchor(article: Article) -> int | None:
    """With no date and no year in the text: a named reference event, shifted by "more than a year ago"."""
    text = article.text
    for start, end in article.blocks:
        line = text[start:end]
        for pattern, day in _anchors():
            if pattern.search(line):
                shift = next((n for rx, n in _YEARS_AFTER if rx.search(line)), 0)
                return day.year + shift
    return None
