"""Counts of incidents by day, week or month, optionally split by one dimension (`sitrep stats`).

    from sitrep.analysis.stats import compute_stats
    table = compute_stats(store, by="week", group_by="group", since="2024-01-01")
    table.columns, table.rows, table.to_dict()

Periods run without holes from the first to the last (or --since/--until), zero rows included, so a
quiet week shows as 0 rather than disappearing. Week periods start on Monday and are labelled by that
Monday (YYYY-MM-DD); months are YYYY-MM. An incident with a date range counts on its first day. An
incident dated only to the month counts in month tables and is left out of day and week tables (the
count left out is in `excluded`); undated incidents are left out of all and counted there too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from sitrep.analysis.frame import NONE_LABEL, AnalysisError, dim_column, incidents_frame, parse_day

PERIODS = ("day", "week", "month")
GROUP_BY = ("type", "target", "admin1", "group", "parent", "umbrella", "country")


@dataclass
class StatsTable:
    by: str
    group_by: str | None
    columns: list[str]
    rows: list[dict[str, Any]]
    excluded: dict[str, int] = field(default_factory=dict)  # undated / month_only incidents left out
    total: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "group_by": self.group_by, "columns": list(self.columns), "rows": self.rows,
                "total": self.total, "excluded": dict(self.excluded)}  # fmt: skip

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=self.columns)


def period_labels(df: pd.DataFrame, by: str) -> pd.Series:
    """The period label of each dated incident (NaN where the incident cannot be placed at that grain)."""
    day = df["day"]
    if by == "day":
        lab = day.dt.strftime("%Y-%m-%d")
    elif by == "week":
        lab = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    else:
        return day.dt.strftime("%Y-%m")
    return lab.where(~df["month_only"])


def period_range(first: date, last: date, by: str) -> list[str]:
    if by == "day":
        return [d.strftime("%Y-%m-%d") for d in pd.date_range(first, last, freq="D")]
    if by == "week":
        start = pd.Timestamp(first) - pd.Timedelta(days=first.weekday())
        return [d.strftime("%Y-%m-%d") for d in pd.date_range(start, last, freq="7D")]
    start = pd.Timestamp(first.year, first.month, 1)
    return [d.strftime("%Y-%m") for d in pd.date_range(start, last, freq="MS")]


def stats_from_frame(
    df: pd.DataFrame, *, by: str = "week", group_by: str | None = None, since: Any = None, until: Any = None
) -> StatsTable:
    if by not in PERIODS:
        raise AnalysisError(f"unknown --by {by!r}; choose from {', '.join(PERIODS)}")
    col = dim_column(group_by)
    lo, hi = parse_day(since, "--since"), parse_day(until, "--until")
    undated = int(df["day"].isna().sum())
    d = df[df["day"].notna()]
    if lo:
        d = d[(d["day"] >= pd.Timestamp(lo)) | (d["month_only"] & (d["day"].dt.strftime("%Y-%m") >= f"{lo:%Y-%m}"))]
    if hi:
        d = d[d["day"] <= pd.Timestamp(hi)]
    labels = period_labels(d, by)
    month_only = int(labels.isna().sum())
    d = d.assign(period=labels)[labels.notna()]
    excluded = {"undated": undated, "month_only": month_only if by != "month" else 0}
    if d.empty and not (lo and hi):
        cols = ["period", "incidents", "killed", "injured"] if col is None else ["period", "total"]
        return StatsTable(by, group_by, cols, [], excluded, 0)
    first = lo or d["day"].min().date()
    last = hi or d["day"].max().date()
    periods = period_range(first, last, by)
    if col is None:
        g = d.groupby("period")
        out = pd.DataFrame({
            "incidents": g.size(),
            "killed": g["killed"].sum(min_count=1).fillna(0),
            "injured": g["injured"].sum(min_count=1).fillna(0),
        }).reindex(periods, fill_value=0)  # fmt: skip
        out = out.astype("int64")
        out.index.name = "period"
        out = out.reset_index()
    else:
        key = d[col].astype("object").where(d[col].notna(), NONE_LABEL)
        wide = pd.crosstab(d["period"], key) if len(d) else pd.DataFrame(index=pd.Index([], name="period"))
        order = sorted(wide.columns, key=lambda c: (c == NONE_LABEL, -int(wide[c].sum()), str(c)))
        wide = wide.reindex(index=periods, columns=order, fill_value=0).astype("int64")
        wide["total"] = wide.sum(axis=1)
        wide.index.name = "period"
        wide.columns.name = None
        out = wide.reset_index()
    columns = [str(c) for c in out.columns]
    out.columns = columns
    rows = out.to_dict(orient="records")
    return StatsTable(by, group_by, columns, rows, excluded, int(len(d)))


def compute_stats(
    store: Any, *, by: str = "week", group_by: str | None = None, since: Any = None, until: Any = None,
    country: str | None = None,
) -> StatsTable:  # fmt: skip
    """Incident counts per period (with killed/injured sums), or per period x group_by value (wide)."""
    if by not in PERIODS:
        raise AnalysisError(f"unknown --by {by!r}; choose from {', '.join(PERIODS)}")
    dim_column(group_by)
    df = incidents_frame(store, since=since, until=until, country=country)
    return stats_from_frame(df, by=by, group_by=group_by, since=since, until=until)
