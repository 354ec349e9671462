"""Tempo questions beyond plain counts: "attacks in the last N weeks as of D", the first and last attack
of each group, and gaps and resumptions ("the first attack since mid-October").

Every function takes a store or an incidents frame (sitrep.analysis.frame.incidents_frame). Incidents
dated only to the month are not placed on a day: a window counts them apart as `uncertain`, and they
never open or close a gap."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd

from sitrep.analysis.frame import NONE_LABEL, AnalysisError, dim_column, incidents_frame, matches_scope, parse_day


def as_frame(source: Any) -> pd.DataFrame:
    return source if isinstance(source, pd.DataFrame) else incidents_frame(source)


def _day(ts: Any) -> str | None:
    return None if ts is None or pd.isna(ts) else pd.Timestamp(ts).strftime("%Y-%m-%d")


def _s(v: Any) -> str | None:
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


@dataclass
class WindowCount:
    as_of: str
    start: str
    days: int
    count: int
    uncertain: int  # month-only incidents whose month overlaps the window
    scope: dict[str, Any] = field(default_factory=dict)
    incident_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def scoped(
    df: pd.DataFrame, *, group: str | None = None, target: str | None = None, event_type: str | None = None,
    country: str | None = None,
) -> pd.DataFrame:  # fmt: skip
    m = matches_scope(df, group)
    if target:
        m &= df["target"] == target
    if event_type:
        m &= df["event_type"] == event_type
    if country:
        m &= df["country"].astype("object").str.lower() == country.lower()
    return df[m]


def window_count(
    source: Any, as_of: str | date, *, weeks: float | None = None, days: int | None = None, group: str | None = None,
    target: str | None = None, event_type: str | None = None, country: str | None = None,
) -> WindowCount:  # fmt: skip
    """Incidents on the `days` (or 7 x `weeks`) days ending on `as_of`, inclusive."""
    end = parse_day(as_of, "--as-of")
    if end is None:
        raise AnalysisError("an as-of date is needed")
    n_days = int(days) if days else round(7 * float(weeks)) if weeks else None
    if not n_days or n_days < 1:
        raise AnalysisError("give a window of at least one day (--weeks or --days)")
    start = end - timedelta(days=n_days - 1)
    df = scoped(as_frame(source), group=group, target=target, event_type=event_type, country=country)
    placed = df[df["day"].notna() & ~df["month_only"]]
    inside = placed[(placed["day"] >= pd.Timestamp(start)) & (placed["day"] <= pd.Timestamp(end))]
    mo = df[df["month_only"] & df["day"].notna()]
    mo_end = mo["day"] + pd.offsets.MonthEnd(0)
    uncertain = int(((mo["day"] <= pd.Timestamp(end)) & (mo_end >= pd.Timestamp(start))).sum())
    scope = {k: v for k, v in {"group": group, "target": target, "event_type": event_type, "country": country}.items()
             if v}  # fmt: skip
    return WindowCount(end.isoformat(), start.isoformat(), n_days, int(len(inside)), uncertain, scope,
                       [int(i) for i in inside["id"]])  # fmt: skip


@dataclass
class Gap:
    key: str | None  # the group_by value, None for all incidents
    last_before: str  # day of the last incident before the gap
    first_after: str  # day of the incident that ended it (the resumption)
    days: int  # quiet days between the two
    resumed_by: int  # incident id of the resumption

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _placed(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["day"].notna() & ~df["month_only"]].sort_values(["day", "id"], kind="stable")


def gaps(source: Any, *, min_days: int = 30, group_by: str | None = None) -> list[Gap]:
    """Quiet spells of at least `min_days` days between consecutive incidents (per group_by value if given)."""
    if min_days < 1:
        raise AnalysisError("--gap-days must be at least 1")
    col = dim_column(group_by)
    df = _placed(as_frame(source))
    out: list[Gap] = []
    parts = [(None, df)] if col is None else [(k, g) for k, g in df.groupby(df[col].astype("object").fillna(NONE_LABEL))]
    for key, g in parts:
        days = g["day"].drop_duplicates()
        if len(days) < 2:
            continue
        prev = days.shift(1)
        quiet = (days - prev).dt.days - 1
        hit = quiet >= min_days
        for i in quiet.index[hit.fillna(False)]:
            first_after = days[i]
            rid = int(g.loc[g["day"] == first_after, "id"].iloc[0])
            out.append(Gap(key, _day(prev[i]), _day(first_after), int(quiet[i]), rid))
    out.sort(key=lambda x: (x.first_after, str(x.key)))
    return out


@dataclass
class GroupActivity:
    group: str
    parent: str | None
    umbrella: str | None
    incidents: int
    first: str | None  # first attack on a known day
    last: str | None
    longest_gap_days: int | None
    resumptions: list[dict[str, Any]] = field(default_factory=list)  # gaps >= min_days before an attack
    founded: str | None = None  # first appearance an article states (context kind group_founded)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def group_activity(source: Any, *, min_gap_days: int = 30, store: Any = None) -> list[GroupActivity]:
    """Per claimed/attributed group: count, first and last attack, longest quiet spell, resumptions."""
    df = as_frame(source)
    if store is None and not isinstance(source, pd.DataFrame):
        store = source
    founded: dict[str, str] = {}
    if store is not None:
        from sitrep.analysis.frame import network_of

        for f in store.context_facts(kind="group_founded"):
            name = network_of(f.group or f.actor)[0]
            if name and f.date and (name not in founded or f.date < founded[name]):
                founded[name] = f.date
    named = df[df["group"].notna()]
    gap_list = gaps(named, min_days=min_gap_days, group_by="group") if len(named) else []
    by_key: dict[str, list[Gap]] = {}
    for gp in gap_list:
        by_key.setdefault(gp.key or "", []).append(gp)
    out = []
    for name, g in named.groupby(named["group"].astype("object")):
        p = _placed(g)
        days = p["day"].drop_duplicates()
        longest = int(((days - days.shift(1)).dt.days - 1).max()) if len(days) > 1 else None
        out.append(GroupActivity(
            group=str(name), parent=_s(g["parent"].iloc[0]), umbrella=_s(g["umbrella"].iloc[0]), incidents=int(len(g)),
            first=_day(days.min()) if len(days) else None, last=_day(days.max()) if len(days) else None,
            longest_gap_days=longest,
            resumptions=[{"after_quiet_days": x.days, "last_before": x.last_before, "first_after": x.first_after,
                          "incident_id": x.resumed_by} for x in by_key.get(str(name), [])],
            founded=founded.get(str(name)),
        ))  # fmt: skip
    out.sort(key=lambda a: (-a.incidents, a.group))
    return out


def first_since(source: Any, day: str | date, **scope: Any) -> dict[str, Any] | None:
    """The last incident before `day` in scope and how long before: "the first attack since ...". """
    d = parse_day(day, "date")
    df = _placed(scoped(as_frame(source), **scope))
    before = df[df["day"] < pd.Timestamp(d)]
    if before.empty:
        return None
    last = before.iloc[-1]
    return {"last_before": _day(last["day"]), "incident_id": int(last["id"]),
            "quiet_days": (pd.Timestamp(d) - last["day"]).days - 1}  # fmt: skip
