"""Date expressions in text, and their resolution against the publication date (CODEBOOK rule 4).

Finding is done with patterns written for news prose (months are capitalised there, which keeps the
modal "may" out); weekday arithmetic uses dateutil's relativedelta."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from sitrep.extract.prefilter import fast

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_HOLIDAYS = {"Christmas Day": (12, 25), "Christmas Eve": (12, 24), "New Year's Day": (1, 1), "New Year's Eve": (12, 31)}
WEEKDAYS = {"monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR, "saturday": SA, "sunday": SU}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}


def _month_alt() -> str:
    names = sorted(MONTHS, key=len, reverse=True)
    alts = []
    for n in names:
        alts.append(n.capitalize())
        alts.append(n.upper())
    return "(?:" + "|".join(alts) + r")\.?"


MONTH = _month_alt()
DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
_WD = r"(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)"

# Every form starts at a word boundary with one of these characters; saying so once, in front, lets the
# matcher turn down most positions at once instead of trying each form there (the extractor's costliest pattern).
_FIRST = r"[\dACDEFJLMNOPSTWYaeflmopstwy]"
# Longest, most specific forms first; each alternative is a named group.
_PATTERN = fast(
    rf"""
    \b(?={_FIRST})(?:
    (?P<iso>(?P<iy>{YEAR})(?P<isep>[-/.])(?P<im>[01]\d)(?P=isep)(?P<id>[0-3]\d)\b)
  | (?P<num>(?P<na>[0-3]?\d)(?P<sep>[-/.])(?P<nb>[0-3]?\d)(?P=sep)(?P<ny>{YEAR})\b)
  | (?P<wdnum>(?P<wd2>{_WD}),?\s+(?P<wa>[0-3]?\d)/(?P<wb>[01]?\d)\b(?![/\d]))
  | (?P<dmy>(?P<d1>{DAY})(?:\s*(?:-|–|and|to)\s*(?P<d2>{DAY}))?\s+(?:of\s+)?(?P<m1>{MONTH}),?(?:\s+(?P<y1>{YEAR}))?\b)
  | (?P<mdy>(?P<m2>{MONTH})\s+(?P<d3>{DAY})(?:\s*(?:-|–|and|to)\s*(?P<d4>{DAY}))?\b(?!:\d)(?:,?\s+(?P<y2>{YEAR})\b)?)
  | (?P<month>(?P<q>(?:[Ee]arly|[Mm]id|[Ll]ate|[Tt]he\ end\ of|[Tt]he\ beginning\ of|[Tt]he\ start\ of|[Tt]he\ middle\ of)[-\s]+)?(?P<m3>{MONTH})(?:,?\s+(?P<y3>{YEAR}))?\b)
  | (?P<weekday>(?P<wmod>(?:[Ll]ast|[Tt]his\ past|[Pp]revious)\s+)?(?P<wd>{_WD})\b)
  | (?P<rel>(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]his\ (?:morning|afternoon|evening)|[Ll]ast\ night|[Oo]vernight|[Ee]arlier\ today|today's\ date|[Tt]he\ (?:previous|preceding)\ day|[Tt]he\ day\ before)\b)
  | (?P<holiday>Christmas\ (?:Day|Eve)|New\ Year['’]s\ (?:Day|Eve)\b)
  | (?P<ago>(?P<n>\d+|one|two|three|four|five|six|seven|a)\s+days?\s+ago\b)
  | (?P<relmonth>(?:[Ll]ast|[Tt]his|[Ee]arlier\ this|[Pp]revious)\s+month\b)
  | (?P<relweek>(?:[Ll]ast\ week|[Tt]he\ previous\ week|[Ee]arlier\ this\ week|[Tt]his\ week|(?:a|one)\ week\ ago)\b)
    )""",
    re.VERBOSE,
)
# A date introduced by these words is the edge of a period, not the day of an attack.
_PERIOD_EDGE = re.compile(
    r"\b(since|until|till|by|from|before|after|as of|through)\s+(the\s+)?(early|mid|late|end of|beginning of)?[-\s]*$",
    re.I,
)
# "after the January drone strike on Tower 22": the date names the strike, not the edge of a period
_BEFORE_OR_AFTER_THE = re.compile(r"\b(before|after)\s+the\s+$", re.I)
_ATTACK_NOUN_AFTER = re.compile(r"\s+([\w-]+\s+){0,2}(attacks?|strikes?|bombings?|barrages?|salvos?|assaults?)\b", re.I)
YEAR_IN_TEXT = re.compile(rf"\b({YEAR})\b")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    kind: str  # absolute, month, weekday, relative, ago, relmonth
    value: str | None  # YYYY-MM-DD or YYYY-MM once resolved; None when it cannot be resolved
    value_end: str | None = None  # for "July 25-26"
    period_edge: bool = False  # "since mid-October"


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _day(s: str | None) -> int | None:
    return int(re.match(r"\d+", s).group()) if s else None


def year_with_weekday(month: int, day: int, weekday: int, years: tuple[int, ...]) -> int | None:
    """The first of `years` in which month/day falls on `weekday` (0 is Monday), if any."""
    for y in years:
        d = _safe_date(y, month, day)
        if d is not None and d.weekday() == weekday:
            return y
    return None


def _year_of_weekday(before: str, year: int, month: int, day: int) -> int:
    """'on Wednesday, January 17' with no year anywhere: the likely year, or the one beside it where that day is a
    Wednesday (a guessed year only; a known publication date settles the year instead)."""
    wd = _WEEKDAY_NAME.search(before)
    if wd is None:
        return year
    return year_with_weekday(month, day, _WEEKDAY_INDEX[wd.group().lower()], (year, year + 1, year - 1)) or year


def _infer_year(month: int, day: int | None, ref: dt.date | None, year_hint: int | None) -> int | None:
    """The year of a month/day given without one: the publication year, or the year before when the date would
    otherwise lie in the future; else the year the text makes likely."""
    if ref is None:
        return year_hint
    year = ref.year
    candidate = _safe_date(year, month, day or 1)
    if candidate and candidate > ref + dt.timedelta(days=7):
        year -= 1
    return year


# Every form above contains a digit or one of these: weekdays, "yesterday", "today", "days ago" end in "day";
# month names start with their abbreviation, capitalised or upper case. Text with none of them holds no date,
# which is most clauses: checking first spares them the pattern.
_DATE_WORDS = ("day", "night", "Christmas", "New Year", "morning", "afternoon", "evening", "month", "week",
               *sorted({n[:3].capitalize() for n in MONTHS} | {n[:3].upper() for n in MONTHS}))  # fmt: skip
_DIGIT = re.compile(r"\d")


def _may_hold_date(text: str, start: int, end: int) -> bool:
    if _DIGIT.search(text, start, end):
        return True
    seg = text[start:end]
    for word in _DATE_WORDS:  # noqa: SIM110 (a plain loop: any() and a generator cost more here)
        if word in seg:
            return True
    return False


def find_dates(
    text: str, start: int = 0, end: int | None = None, *, ref: dt.date | None = None, year_hint: int | None = None
) -> list[DateMention]:
    """Date mentions in text[start:end], resolved against the reference (publication) date."""
    end = len(text) if end is None else end
    out: list[DateMention] = []
    if not _may_hold_date(text, start, end):
        return out
    for m in _PATTERN.finditer(text, start, end):
        before = text[max(start, m.start() - 30) : m.start()]
        edge = bool(_PERIOD_EDGE.search(before)) and not (
            _BEFORE_OR_AFTER_THE.search(before) and _ATTACK_NOUN_AFTER.match(text, m.end(), end)
        )
        value, value_end, kind = _resolve(m, ref, year_hint)
        out.append(DateMention(m.start(), m.end(), kind, value, value_end, edge))
    return out


def _resolve(m: re.Match[str], ref: dt.date | None, year_hint: int | None) -> tuple[str | None, str | None, str]:
    g = m.groupdict()
    if g["iso"]:
        d = _safe_date(int(g["iy"]), int(g["im"]), int(g["id"]))
        return (d.isoformat() if d else None), None, "absolute"
    if g["num"]:
        a, b, y = int(g["na"]), int(g["nb"]), int(g["ny"])
        return _numeric(a, b, y, m.string[max(0, m.start() - 30) : m.end() + 30])
    if g["wdnum"]:
        return _weekday_numeric(g, ref, year_hint)
    if g["dmy"] or g["mdy"]:
        month = MONTHS[(g["m1"] or g["m2"]).rstrip(".").lower()]
        d1 = _day(g["d1"] or g["d3"])
        d2 = _day(g["d2"] or g["d4"])
        year_s = g["y1"] or g["y2"]
        year = int(year_s) if year_s else _infer_year(month, d1, ref, year_hint)
        if not year_s and ref is None and year is not None and d1 is not None:
            year = _year_of_weekday(m.string[max(0, m.start() - 12) : m.start()], year, month, d1)
        if year is None or d1 is None:
            return None, None, "absolute"
        first = _safe_date(year, month, d1)
        last = _safe_date(year, month, d2) if d2 else None
        if first is None:
            return None, None, "absolute"
        return first.isoformat(), (last.isoformat() if last and last > first else None), "absolute"
    if g["holiday"]:
        # "the Christmas Day drone attack on the Erbil air base": a day of the year, its year as for "Dec. 25"
        month, day = _HOLIDAYS[g["holiday"].replace("’", "'")]
        year = _infer_year(month, day, ref, year_hint)
        return (_safe_date(year, month, day).isoformat() if year else None), None, "absolute"
    if g["month"]:
        month = MONTHS[g["m3"].rstrip(".").lower()]
        year = int(g["y3"]) if g["y3"] else _infer_year(month, None, ref, year_hint)
        return (f"{year:04d}-{month:02d}" if year else None), None, "month"
    if ref is None:
        kind = (
            "weekday"
            if g["weekday"]
            else "relmonth"
            if g["relmonth"] or g["relweek"]
            else "ago"
            if g["ago"]
            else "relative"
        )
        return None, None, kind
    if g["weekday"]:
        wd = WEEKDAYS[g["wd"].lower()]
        day = ref + relativedelta(days=-1, weekday=wd(-1)) if g["wmod"] else ref + relativedelta(weekday=wd(-1))
        return day.isoformat(), None, "weekday"
    if g["ago"]:
        n = g["n"].lower()
        days = int(n) if n.isdigit() else NUMBER_WORDS.get(n, 1)
        return (ref - dt.timedelta(days=days)).isoformat(), None, "ago"
    if g["relweek"]:
        # only the month is recoverable from "last week" (rule 4); "this week" is the publication's month
        back = 0 if g["relweek"].lower().endswith("this week") else 7
        day = ref - dt.timedelta(days=back)
        return f"{day.year:04d}-{day.month:02d}", None, "relweek"
    if g["relmonth"]:
        word = g["relmonth"].lower()
        month_ref = ref - relativedelta(months=1) if word.startswith(("last", "previous")) else ref
        return f"{month_ref.year:04d}-{month_ref.month:02d}", None, "relmonth"
    word = g["rel"].lower()
    if word in ("yesterday", "last night", "the previous day", "the preceding day", "the day before"):
        return (ref - dt.timedelta(days=1)).isoformat(), None, "relative"
    return ref.isoformat(), None, "relative"


_WEEKDAY_NAME = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_WEEKDAY_INDEX = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


def _numeric(a: int, b: int, y: int, around: str) -> tuple[str | None, None, str]:
    """'10/12/2023': day first unless a number rules it out, or a weekday named beside it says otherwise.
    Day-month is the order of most outlets outside the US; a named weekday settles the rest."""
    dmy, mdy = _safe_date(y, b, a), _safe_date(y, a, b)
    choice = dmy or mdy
    if dmy and mdy and dmy != mdy:
        wd = _WEEKDAY_NAME.search(around)
        if wd and mdy.weekday() == _WEEKDAY_INDEX[wd.group(1).lower()] != dmy.weekday():
            choice = mdy
    return (choice.isoformat() if choice else None), None, "absolute"


def _weekday_numeric(
    g: dict[str, str | None], ref: dt.date | None, year_hint: int | None
) -> tuple[str | None, None, str]:
    """'Sunday 12/12' in a translated channel list: day first (the order of the Arabic outlets that write it), the
    year from the publication date; the named weekday picks month-first where only that order fits it."""
    a, b = int(g["wa"] or 0), int(g["wb"] or 0)
    weekday = _WEEKDAY_INDEX[(g["wd2"] or "").lower()]
    candidates = []
    for day, month in ((a, b), (b, a)):
        year = _infer_year(month, day, ref, year_hint) if 1 <= month <= 12 else None
        d = _safe_date(year, month, day) if year else None
        if d:
            candidates.append(d)
    if not candidates:
        return None, None, "absolute"
    choice = next((d for d in candidates if d.weekday() == weekday), candidates[0])
    return choice.isoformat(), None, "absolute"


def parse_date_string(s: str) -> dt.date | None:
    """A single date written on its own (a dateline, a metadata field): 'May 15, 2022', '14 Mar 2021 | 10:12 AM UTC',
    '2022-03-14', '03/14/2021', 'Sunday, 14 March 2021'."""
    for m in _PATTERN.finditer(s):
        if (
            m.group("iso")
            or m.group("num")
            or ((m.group("dmy") or m.group("mdy")) and (m.group("y1") or m.group("y2")))
        ):
            value, _, _ = _resolve(m, None, None)
            if value:
                return dt.date.fromisoformat(value)
    return None


def day_of(value: str) -> dt.date:
    """The day an ISO date names, or the first of the month an ISO month ("2024-01") names."""
    return dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
