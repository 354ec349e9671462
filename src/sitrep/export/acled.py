"""ACLED CSV: the 31 current columns in ACLED's order, coded as ACLED codes attacks on foreign forces.

Mapping (docs/analysis.md has the full table): ied -> Explosions/Remote violence / Remote
explosive/landmine/IED; rocket, mortar -> Shelling/artillery/missile attack; drone -> Air/drone strike;
small_arms -> Battles / Armed clash; weapon not stated -> Shelling/artillery/missile attack with the tag
"weapon not stated". actor1 is the claimed or attributed group, else "Unidentified Armed Group (<country>)";
actor2 the US military forces of the period. Undated incidents are left out (ACLED has no undated rows)."""

from __future__ import annotations

import csv
import re
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from sitrep.export.common import iso_of, load

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

SUB_EVENT = {
    "ied": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "rocket": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "mortar": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "drone": ("Explosions/Remote violence", "Air/drone strike"),
    "small_arms": ("Battles", "Armed clash"),
    "unknown": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
}
WEAPON_WORDS = {"ied": "an explosive device struck", "rocket": "rockets struck", "mortar": "mortar rounds struck",
                "drone": "a drone attacked", "small_arms": "gunmen fired on", "unknown": "an attack targeted"}  # fmt: skip
TARGET_WORDS = {"convoy": "a logistics convoy of the US-led coalition", "base": "a base hosting US/coalition forces",
                "embassy": "the US embassy", "airport": "an airport used by US/coalition forces",
                "other": "US/coalition forces"}  # fmt: skip
REBEL_GROUPS = {"islamic state"}
INTER_ACTOR2 = "External/Other forces"
# ACLED names state forces by the period of the government in office.
US_PERIODS = ((date(2017, 1, 20), "Military Forces of the United States (2009-2017)"),
              (date(2021, 1, 20), "Military Forces of the United States (2017-2021)"),
              (date(2025, 1, 20), "Military Forces of the United States (2021-2025)"),
              (date(9999, 1, 1), "Military Forces of the United States (2025-)"))  # fmt: skip


def us_forces(day: date) -> str:
    for until, name in US_PERIODS:
        if day < until:
            return name
    return US_PERIODS[-1][1]


@lru_cache(maxsize=1)
def centroids() -> dict[tuple[str, str], tuple[float, float]]:
    """(country, admin1) and (country, "") -> centroid, from the shipped gazetteer."""
    base = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
    out: dict[tuple[str, str], tuple[float, float]] = {}
    try:
        for r in csv.DictReader((base / "admin1.csv").open(encoding="utf-8")):
            out[(r["country"].lower(), r["name"].lower())] = (float(r["lat"]), float(r["lon"]))
        for r in csv.DictReader((base / "countries.csv").open(encoding="utf-8")):
            out[(r["name"].lower(), "")] = (float(r["lat"]), float(r["lon"]))
    except (OSError, KeyError, ValueError):  # pragma: no cover - gazetteer missing: leave coordinates empty
        pass
    return out


def _s(v: Any) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _texts(s: pd.Series) -> list[str]:
    return [x if isinstance(x, str) else _s(x) for x in s.tolist()]


def _opt_ints(s: pd.Series) -> list[int | None]:
    return [None if x is None else int(x) for x in s.astype(object).where(s.notna(), None).tolist()]


MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # fmt: skip  (strftime %B in the C locale Python runs in)


_NEEDS_QUOTES = re.compile(r'[,"\n\r]')


def _q(text: str) -> str:
    """A CSV field as csv.writer writes it with minimal quoting ("\r" quoted too, which csv.writer with a "\n"
    line end leaves bare and readers then split on)."""
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES.search(text) else text


class _Quoted(dict):
    """text -> _q(text), each text quoted once: names, places and outlets repeat from row to row."""

    def __missing__(self, text: str) -> str:
        self[text] = quoted = _q(text)
        return quoted


def acled_lines(df: pd.DataFrame) -> list[str]:
    """One ACLED CSV line (COLUMNS, without the line end) per dated incident. The per-row work is string
    building only: dates, periods, timestamps and cleaned text columns are computed column-wise first. Free
    text goes through _q; the other fields are digits, dates and the constants above, none needing quotes."""
    df = df[df["day"].notna()]
    cents = centroids()
    days = df["day"].to_numpy(dtype="datetime64[D]")
    event_date = np.datetime_as_string(days, unit="D").tolist()
    year = df["day"].dt.year.tolist()
    month = df["day"].dt.month.tolist()
    dom = df["day"].dt.day.tolist()
    bounds = np.array([until.isoformat() for until, _ in US_PERIODS], dtype="datetime64[D]")
    period = np.minimum(np.searchsorted(bounds, days, side="right"), len(US_PERIODS) - 1)
    actor2 = [US_PERIODS[k][1] for k in period.tolist()]
    upd = pd.to_datetime(df["updated_at"], utc=True, errors="coerce")
    now = int(datetime.now(UTC).timestamp())
    stamp = [now if x is None else x for x in
             (upd.dt.tz_localize(None).astype("datetime64[s]").astype("int64")).where(upd.notna(), None).tolist()]  # fmt: skip
    country_l, group_l, admin1_l = _texts(df["country"]), _texts(df["group"]), _texts(df["admin1"])
    lines, q = [], _Quoted()
    for (iid, country, etype_raw, group, parent, umbrella, lat, lon, prec, target, attribution, admin1, admin2,
         attributed_to, claimed_by, tp, place, killed, injured, evidence, outlets, ev_date, y, m, d, us, ts) in zip(
        df["id"].tolist(), country_l, df["event_type"].astype(object).tolist(), group_l, _texts(df["parent"]),
        _texts(df["umbrella"]), df["lat"].tolist(), df["lon"].tolist(), _opt_ints(df["geo_precision"]),
        df["target"].astype(object).tolist(), _texts(df["attribution"]), admin1_l, _texts(df["admin2"]),
        _texts(df["attributed_to"]), _texts(df["claimed_by"]), _opt_ints(df["time_precision"]), _texts(df["place"]),
        _opt_ints(df["killed"]), _opt_ints(df["injured"]), _texts(df["evidence"]), df["outlets"].tolist(),
        event_date, year, month, dom, actor2, stamp, strict=True,
    ):  # fmt: skip
        iso_num, iso3, _ = iso_of(country)
        etype = etype_raw if etype_raw in SUB_EVENT else "unknown"
        ev, sub = SUB_EVENT[etype]
        actor1 = group or f"Unidentified Armed Group ({country or 'International'})"
        inter1 = "Rebel group" if group.lower() in REBEL_GROUPS else "Political militia"
        assoc = "; ".join(x for x in dict.fromkeys([parent, umbrella]) if x and x != group)
        lat = None if lat is None or lat != lat else lat
        lon = None if lon is None or lon != lon else lon
        tags = [f"sitrep_id={iid}", f"weapon={etype}", f"target={target}", f"attribution={attribution or 'none'}"]
        if etype == "unknown":
            tags.append("weapon not stated")
        if lat is None or lon is None:  # place the event at the governorate or country centroid
            c = cents.get((country.lower(), admin1.lower())) or cents.get((country.lower(), ""))
            lat, lon = c if c else (None, None)
            prec = 3
            tags.append("coordinates=centroid")
        if attributed_to and not claimed_by:
            tags.append(f"attributed to {attributed_to}")
        when = f"{d} {MONTHS[m]} {y}" if tp != 3 else f"{MONTHS[m]} {y}"
        where = ", ".join(x for x in (place, admin1, country) if x)
        note = f"On {when}, {WEAPON_WORDS[etype]} {TARGET_WORDS.get(target, TARGET_WORDS['other'])}"
        note += f" at {where}." if where else "."
        if claimed_by:
            note += f" {claimed_by} claimed responsibility."
        elif attributed_to:
            note += f" Attributed to {attributed_to}."
        if killed is not None or injured is not None:
            note += f" Killed: {'unknown' if killed is None else killed}; injured: {'unknown' if injured is None else injured}."
        if evidence:
            note += f' Source text: "{evidence}"'
        lines.append(",".join((
            f"{iso3 or 'XXX'}{iid}", ev_date, str(y), str(int(tp)), "Political violence", ev, sub, q[actor1], q[assoc],
            inter1, us, "", INTER_ACTOR2, f"{inter1}-{INTER_ACTOR2}", "", "" if iso_num is None else str(iso_num),
            "Middle East", q[country], q[admin1], q[admin2], "", q[place or admin1 or country],
            "" if lat is None else f"{lat:.4f}", "" if lon is None else f"{lon:.4f}", "" if prec is None else str(int(prec)),
            q[outlets.replace(";", "; ")] if outlets else "", "", _q(note), str(0 if killed is None else killed),
            _q("; ".join(tags)), str(ts),
        )))  # fmt: skip
    return lines


def write(store: Any, out: BinaryIO, *, fmt: str = "acled", allow_empty: bool = True, since: Any = None,
          until: Any = None, country: str | None = None, table: str | None = None) -> int:  # fmt: skip
    lines = acled_lines(load(store, since=since, until=until, country=country, allow_empty=allow_empty))
    out.write(("\n".join([",".join(COLUMNS), *lines]) + "\n").encode("utf-8"))  # one write, one encode
    return len(lines)
