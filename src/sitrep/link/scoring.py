"""Pairwise evidence that two reports describe the same attack: a score, the reasons, or a veto.

Vetoes (never the same attack): same document; different country; dates more than 2 days apart;
different governorates (unless the coordinates are within 25 km); coordinates more than 50 km apart;
stated clock times more than 2 hours apart.

Score (summed; see LINK_THRESHOLD in cluster.py):
  place   +1.0 a shared distinctive place word or coordinates within 10 km; +0.3 one side only names the
          governorate/region (or nothing); -2.0 two specific places with nothing in common
  date    +1.0 same day; 0 month-only vs a day in that month; -1.0 one day apart; -1.5 two days apart
  type    +1.0 same weapon; 0 when either is unknown; -1.0 different weapons
  target  +0.5 same (not "other"); +0.2 base vs airport; 0 when either is "other"; -0.5 different
  claim   +0.7 same claimant; 0 when either has none; -0.7 different claimants
  time    +1.0 clock times within 30 minutes
  toll    +0.5 the same non-zero killed or injured figure
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz.fuzz import ratio

from sitrep.link.records import LinkReport

WINDOW_DAYS = 2
MAX_TIME_GAP_MIN = 120


@dataclass(slots=True)
class PairScore:
    score: float
    reasons: list[str]
    veto: str | None = None
    negative: bool = False  # some component spoke against the link
    place_ok: bool = False  # the places are compatible (shared word, close, or one side area-only)
    same_day: bool = False


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def day_gap(a: LinkReport, b: LinkReport) -> int | None:
    if a.day_lo is None or b.day_lo is None:
        return None
    return max(0, max(a.day_lo, b.day_lo) - min(a.day_hi, b.day_hi))


def _shared_place(a: frozenset[str], b: frozenset[str]) -> str | None:
    common = a & b
    if common:
        return sorted(common)[0]
    for x in a:
        if len(x) < 5:
            continue
        for y in b:
            if len(y) >= 5 and ratio(x, y) >= 80:
                return f"{x}~{y}"
    return None


def _distance(a: LinkReport, b: LinkReport) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    if (a.geo_precision or 1) >= 3 or (b.geo_precision or 1) >= 3:
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def score_pair(a: LinkReport, b: LinkReport) -> PairScore:
    """How strongly a and b look like the same attack."""
    if a.document == b.document:
        return PairScore(0.0, [], veto="same document")
    if a.country and b.country and a.country != b.country:
        return PairScore(0.0, [], veto="different country")
    gap = day_gap(a, b)
    if gap is None:
        return PairScore(0.0, [], veto="no date")
    if gap > WINDOW_DAYS:
        return PairScore(0.0, [], veto=f"dates {gap} days apart")
    dist = _distance(a, b)
    if a.admin1 and b.admin1 and a.admin1 != b.admin1 and (dist is None or dist > 25):
        return PairScore(0.0, [], veto="different admin1")
    if dist is not None and dist > 50:
        return PairScore(0.0, [], veto=f"{dist:.0f} km apart")
    if a.time is not None and b.time is not None and abs(a.time - b.time) > MAX_TIME_GAP_MIN:
        return PairScore(0.0, [], veto="different clock times")

    score = 0.0
    reasons: list[str] = []
    negative = False
    place_ok = False
    shared = _shared_place(a.place, b.place) if not (a.area_only or b.area_only) else None
    if shared:
        score += 1.0
        place_ok = True
        reasons.append(f"place:{shared}")
    elif dist is not None and dist <= 10:
        score += 1.0
        place_ok = True
        reasons.append(f"place:{dist:.0f}km")
    elif a.area_only or b.area_only:
        score += 0.3
        place_ok = True
        reasons.append("place:compatible-area")
    else:
        score -= 2.0
        negative = True
        reasons.append("place:different")

    same_day = False
    if a.month_only or b.month_only:
        reasons.append("date:month")
    elif gap == 0:
        score += 1.0
        same_day = True
        reasons.append("date:same-day")
    else:
        score -= 1.0 if gap == 1 else 1.5
        negative = True
        reasons.append(f"date:{gap}d-apart")

    if a.event_type != "unknown" and b.event_type != "unknown":
        if a.event_type == b.event_type:
            score += 1.0
            reasons.append(f"type:{a.event_type}")
        else:
            score -= 1.0
            negative = True
            reasons.append("type:different")

    if a.target != "other" and b.target != "other":
        if a.target == b.target:
            score += 0.5
            reasons.append(f"target:{a.target}")
        elif {a.target, b.target} == {"base", "airport"}:
            score += 0.2
            reasons.append("target:base~airport")
        else:
            score -= 0.5
            negative = True
            reasons.append("target:different")

    if a.claim and b.claim:
        if a.claim == b.claim or ratio(a.claim, b.claim) >= 90:
            score += 0.7
            reasons.append("claim:same")
        else:
            score -= 0.7
            negative = True
            reasons.append("claim:different")

    if a.time is not None and b.time is not None and abs(a.time - b.time) <= 30:
        score += 1.0
        reasons.append("time:same")

    if (a.killed and a.killed == b.killed) or (a.injured and a.injured == b.injured):
        score += 0.5
        reasons.append("toll:same")

    return PairScore(round(score, 3), reasons, None, negative, place_ok, same_day)
