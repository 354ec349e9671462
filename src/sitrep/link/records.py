"""The slim view of a report that the linker works on, built from an Event (or a stored report row).

Dates become day ordinals: a day-precise date is [d, d] (or [d, date_end] for a stated range of up to
31 days); a month-only date is [first day, last day] with ``month_only`` set. Places become folded,
transliteration-robust key words with generic words ("base", "air", "province", ...) removed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sitrep.actors.normalize import fold as fold_actor
from sitrep.geo.normalize import fold as fold_place

MAX_RANGE_DAYS = 31

_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_AREA_WORDS = re.compile(r"province|governorate|region|countryside|desert|\b(?:north|south|east|west)", re.I)

# Words that name the kind of place, not the place: removed before comparing places.
_GENERIC = (
    "base air airbase airfield airport camp near city area town province governorate district military us u.s "
    "american coalition forces force outpost site village region compound facility station field oil gas "
    "north south east west northern southern eastern western central outskirts the of in on at and road "
    "highway complex garrison headquarters hq logistics support mission iraq iraqi syria syrian jordan "
    "countryside desert border crossing point zone embassy international vicinity army"
)


@lru_cache(maxsize=1)
def _generic_keys() -> frozenset[str]:
    keys: set[str] = set()
    for w in _GENERIC.split():
        keys.update(fold_place(w).split())
        keys.add(w)
    return frozenset(k for k in keys if k)


@lru_cache(maxsize=100_000)
def place_tokens(place: str | None) -> frozenset[str]:
    """Distinctive folded words of a place name ('Ain al-Asad air base' -> {'ain', 'asad'})."""
    if not place:
        return frozenset()
    generic = _generic_keys()
    out = set()
    for t in fold_place(place).split():
        if t.isdigit():
            if _is_name_number(t):
                out.add(t)
        elif t not in generic:
            out.add(t)
    return frozenset(out)


def _is_name_number(t: str) -> bool:
    return t.isdigit() and len(t) <= 3  # "Tower 22", "T-4", "H3"


@lru_cache(maxsize=10_000)
def area_tokens(name: str | None) -> frozenset[str]:
    return place_tokens(name)


@lru_cache(maxsize=10_000)
def claim_key(name: str | None) -> str | None:
    if not name:
        return None
    words = [w for w in fold_actor(name).split() if w not in {"thi", "the"}]
    return " ".join(words) or None


def day_range(d: str | None, d_end: str | None = None) -> tuple[int | None, int | None, bool]:
    """(first day ordinal, last day ordinal, month_only) for a YYYY-MM-DD or YYYY-MM date."""
    if not d:
        return None, None, False
    m = _DAY_RE.match(d)
    try:
        if m:
            lo = date(int(m[1]), int(m[2]), int(m[3])).toordinal()
            hi = lo
            if d_end:
                m2 = _DAY_RE.match(d_end)
                if m2:
                    end = date(int(m2[1]), int(m2[2]), int(m2[3])).toordinal()
                    if lo <= end <= lo + MAX_RANGE_DAYS:
                        hi = end
            return lo, hi, False
        m = _MONTH_RE.match(d)
        if m:
            y, mo = int(m[1]), int(m[2])
            last = calendar.monthrange(y, mo)[1]
            return date(y, mo, 1).toordinal(), date(y, mo, last).toordinal(), True
    except ValueError:
        return None, None, False
    return None, None, False


def time_minutes(t: str | None) -> int | None:
    if not t:
        return None
    m = _TIME_RE.match(t)
    if not m:
        return None
    h, mi = int(m[1]), int(m[2])
    if h > 23 or mi > 59:
        return None
    return h * 60 + mi


@dataclass(slots=True)
class LinkReport:
    """What the linker needs to know about one report (one extracted event of one document)."""

    id: Any
    document: str  # natural key of the document: two reports of one document are never merged
    day_lo: int | None
    day_hi: int | None
    month_only: bool = False
    country: str | None = None
    admin1: str | None = None
    place: frozenset[str] = field(default_factory=frozenset)
    area_only: bool = True  # no specific place: only a governorate / region
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    event_type: str = "unknown"
    target: str = "other"
    claim: str | None = None
    time: int | None = None  # minutes after midnight
    killed: int | None = None
    injured: int | None = None
    order: tuple = ()  # sort key for batch linking


def make_link_report(
    id: Any,
    document: str,
    *,
    date: str | None = None,
    date_end: str | None = None,
    time: str | None = None,
    country: str | None = None,
    admin1: str | None = None,
    place: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    geo_precision: int | None = None,
    event_type: str | None = "unknown",
    target: str | None = "other",
    claimed_by: str | None = None,
    killed: int | None = None,
    injured: int | None = None,
    order: tuple = (),
) -> LinkReport:
    lo, hi, month_only = day_range(date, date_end)
    tokens = place_tokens(place)
    if geo_precision is not None:
        area_only = geo_precision >= 3 or not tokens
    else:  # no geocoder verdict: a bare governorate/region name is not a site
        admin_tokens = area_tokens(admin1) | area_tokens(country)
        area_only = not tokens or (tokens <= admin_tokens and bool(_AREA_WORDS.search(place or "")))
    specific = tokens
    return LinkReport(
        id=id,
        document=document,
        day_lo=lo,
        day_hi=hi,
        month_only=month_only,
        country=country or None,
        admin1=admin1 or None,
        place=frozenset(specific),
        area_only=area_only,
        lat=lat,
        lon=lon,
        geo_precision=geo_precision,
        event_type=event_type or "unknown",
        target=target or "other",
        claim=claim_key(claimed_by),
        time=time_minutes(time),
        killed=killed,
        injured=injured,
        order=order,
    )


def from_event(id: Any, document: str, event: Any, order: tuple = ()) -> LinkReport:
    """A LinkReport from a sitrep.models.Event."""
    return make_link_report(
        id,
        document,
        date=event.date,
        date_end=event.date_end,
        time=event.time,
        country=event.country,
        admin1=event.admin1,
        place=event.place,
        lat=event.lat,
        lon=event.lon,
        geo_precision=event.geo_precision,
        event_type=event.event_type,
        target=event.target,
        claimed_by=event.claimed_by,
        killed=event.casualties.killed,
        injured=event.casualties.injured,
        order=order,
    )
