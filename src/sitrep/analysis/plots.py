"""Charts for reports (`sitrep plot tempo|map|groups`). matplotlib with the Agg backend, imported only here.

tempo   incidents per week (or day/month) stacked by weapon, truce periods shaded and labelled
map     incidents over simplified Iraq/Syria/Jordan outlines, marker size = incidents at the place,
        colour = weapon; governorates with incidents labelled at their centroids
groups  one row per group (top 15 by incidents): a dot per attack, first-to-last line, count on the right"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sitrep.analysis.frame import AnalysisError

WEAPON_COLOURS = {"rocket": "#d95f02", "drone": "#7570b3", "ied": "#1b9e77", "mortar": "#e6ab02",
                  "small_arms": "#66a61e", "unknown": "#999999"}  # fmt: skip
WEAPON_LABELS = {"rocket": "rocket", "drone": "drone", "ied": "IED", "mortar": "mortar", "small_arms": "small arms",
                 "unknown": "not stated"}  # fmt: skip


class PlotError(AnalysisError):
    """A chart that cannot be drawn or written."""


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
                         "svg.hashsalt": "sitrep", "figure.dpi": 100})  # fmt: skip
    return plt


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def _save(fig: Any, output: str | Path) -> None:
    import os
    import tempfile

    target = Path(output)
    suffix = target.suffix.lower()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent if str(target.parent) else ".")
    except OSError as exc:
        raise PlotError(f"cannot write {target}: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=150, bbox_inches="tight", format=suffix.lstrip("."),
                    metadata={"Date": None} if suffix == ".svg" else None)  # fmt: skip
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def tempo_chart(df: pd.DataFrame, *, by: str = "week", truces: Sequence[Any] | None = None, title: str | None = None,
                since: Any = None, until: Any = None) -> Any:  # fmt: skip
    from sitrep.analysis.stats import stats_from_frame

    plt = _plt()
    t = stats_from_frame(df, by=by, group_by="type", since=since, until=until).to_frame()
    if t.empty:
        raise PlotError("no dated incidents to chart")
    x = pd.to_datetime(t["period"] + ("-01" if by == "month" else ""))
    width = {"day": 0.9, "week": 6.0, "month": 26.0}[by]
    fig, ax = plt.subplots(figsize=(10, 4.2))
    bottom = pd.Series(0, index=t.index)
    for w in WEAPON_COLOURS:
        if w in t.columns and t[w].sum():
            ax.bar(x, t[w], width=width, bottom=bottom, align="edge" if by != "month" else "center",
                   color=WEAPON_COLOURS[w], label=WEAPON_LABELS[w], linewidth=0)  # fmt: skip
            bottom = bottom + t[w]
    lo, hi = x.min(), x.max() + pd.Timedelta(days=width)
    top = max(1, int(bottom.max()))
    shown = 0
    for p in truces or []:
        start = pd.Timestamp(p.start)
        end = pd.Timestamp(p.end or p.during_until or p.start)
        if end < lo or start > hi:
            continue
        s, e = max(start, lo), min(max(end, start + pd.Timedelta(days=1)), hi)
        ax.axvspan(s, e, color="#4a90d9", alpha=0.15, linewidth=0, zorder=0)
        if start >= lo:
            ax.axvline(s, color="#4a90d9", linewidth=1, zorder=0)
        state = f" to {end:%d %b %Y}" if p.end else " to the first attack after" if p.end_basis == "resumption" \
            else " (open)"  # fmt: skip
        label = f"{p.actor or 'unnamed group'} {p.kind}, {start:%d %b %Y}{state}"
        ax.text(s, top * (1.03 + 0.09 * (shown % 3)), " " + label, fontsize=7.5, color="#1f4e79", va="bottom",
                ha="left", clip_on=True)  # fmt: skip
        shown += 1
    ax.set_ylim(0, top * (1.12 + 0.09 * min(shown, 3)))
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(lo - pd.Timedelta(days=width), hi)
    ax.set_ylabel(f"incidents per {by}")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    n = int(t["total"].sum())
    ax.set_title(title or f"Attacks on US and coalition forces: {n} incidents, {x.min():%d %b %Y} to "
                          f"{x.max():%d %b %Y}", loc="left", fontsize=11)  # fmt: skip
    handles, labels = ax.get_legend_handles_labels()
    if truces:
        from matplotlib.patches import Patch

        handles.append(Patch(color="#4a90d9", alpha=0.3, label="truce / suspension"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, title="weapon")
    fig.autofmt_xdate()
    return fig


def _centroids() -> list[tuple[str, str, float, float]]:
    base = Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "admin1.csv"
    try:
        with base.open(encoding="utf-8") as fh:
            return [(r["name"], r["country"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)]
    except (OSError, KeyError, ValueError):
        return []


def map_chart(df: pd.DataFrame, *, title: str | None = None, **_: Any) -> Any:
    from sitrep.analysis.outlines import FRAME, OUTLINES

    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 6.4))
    for name, pts in OUTLINES.items():
        xs, ys = zip(*pts, strict=True)
        ax.fill(xs, ys, color="#f3f1ea", edgecolor="#8c8c8c", linewidth=0.9, zorder=1)
        lx, ly = LABELS[name]
        ax.text(lx, ly, name.upper(), fontsize=11, color="#a0a0a0", ha="center", zorder=2, fontweight="bold")
    located = df[df["lat"].notna() & df["lon"].notna()]
    if located.empty:
        raise PlotError("no incidents with coordinates to map")
    g = located.groupby([located["lat"].round(2), located["lon"].round(2)])
    pts = g.agg(n=("id", "size"), weapon=("event_type", lambda s: s.value_counts().index[0])).reset_index()
    for w, colour in WEAPON_COLOURS.items():
        sub = pts[pts["weapon"] == w]
        if len(sub):
            ax.scatter(sub["lon"], sub["lat"], s=18 + 22 * sub["n"] ** 0.75, color=colour, alpha=0.75,
                       edgecolor="white", linewidth=0.6, label=WEAPON_LABELS[w], zorder=4)  # fmt: skip
    active = {(str(a).lower()) for a in located["admin1"].dropna().unique()}
    for name, _country, lat, lon in _centroids():
        if name.lower() in active:
            ax.plot(lon, lat, marker="+", color="#555555", markersize=5, zorder=3)
            ax.annotate(name, (lon, lat), xytext=(4, -9), textcoords="offset points", fontsize=7, color="#333333",
                        zorder=5)  # fmt: skip
    ax.set_xlim(FRAME[0], FRAME[1])
    ax.set_ylim(FRAME[2], FRAME[3])
    ax.set_aspect(1.2)
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.grid(color="#eeeeee", linewidth=0.5, zorder=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="weapon\n(most common\nat the place)", frameon=False,
              fontsize=8, title_fontsize=8, markerscale=0.5, labelspacing=1.0)  # fmt: skip
    ax.set_title(title or f"Located incidents: {len(located)} of {len(df)} (marker size = incidents at the place)",
                 loc="left", fontsize=11)  # fmt: skip
    return fig


def groups_chart(df: pd.DataFrame, *, title: str | None = None, top: int = 15, **_: Any) -> Any:
    plt = _plt()
    named = df[df["group"].notna() & df["day"].notna()]
    if named.empty:
        raise PlotError("no claimed or attributed incidents to chart")
    counts = named["group"].astype("object").value_counts().head(top)
    order = list(counts.index)[::-1]
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(order) + 1.4))
    for i, name in enumerate(order):
        days = named.loc[named["group"] == name, "day"]
        ax.plot([days.min(), days.max()], [i, i], color="#bbbbbb", linewidth=2, zorder=1)
        ax.scatter(days, [i] * len(days), s=14, color="#b2182b", alpha=0.6, linewidth=0, zorder=2)
        ax.annotate(f"{int(counts[name])}", (1.0, i), xycoords=("axes fraction", "data"), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=8)  # fmt: skip
    ax.set_yticks(range(len(order)), order)
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    ax.set_title(title or "Claimed or attributed attacks by group (dot = attack; number = incidents)", loc="left",
                 fontsize=11)  # fmt: skip
    fig.autofmt_xdate()
    return fig


LABELS = {"Iraq": (46.3, 32.4), "Syria": (38.3, 35.6), "Jordan": (36.7, 30.6)}
CHARTS = {"tempo": tempo_chart, "map": map_chart, "groups": groups_chart}


def save_chart(chart: str, df: pd.DataFrame, output: str | Path, **kw: Any) -> None:
    if chart not in CHARTS:
        raise PlotError(f"unknown chart {chart!r}; choose from {', '.join(CHARTS)}")
    if Path(output).suffix.lower() not in (".png", ".svg", ".pdf"):
        raise PlotError("the output must end in .png, .svg or .pdf")
    fig = CHARTS[chart](df, **kw)
    try:
        _save(fig, output)
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
