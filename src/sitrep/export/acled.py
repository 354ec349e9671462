"""ACLED CSV: the 31 current columns in ACLED's order, coded as ACLED codes attacks on foreign forces.

Mapping (docs/analysis.md has the full table): ied -> Explosions/Remote violence / Remote
explosive/landmine/IED; rocket, mortar -> Shelling/artillery/missile attack; drone -> Air/drone strike;
small_arms -> Battles / Armed clash; weapon not stated -> Shelling/artillery/missile attack with the tag
"weapon not stated". actor1 is the claimed or attributed group, else "Unidentified Armed Group (<country>)";
actor2 the US military forces of the period. Undated incidents are left out (ACLED has no undated rows)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

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


def acled_frame(df: pd.DataFrame) -> pd.DataFrame:
    df = df[df["day"].notna()]
    cents = centroids()
    rows = []
    cols = ["id", "day", "country", "event_type", "group", "parent", "umbrella", "lat", "lon", "geo_precision",
            "target", "attribution", "admin1", "admin2", "attributed_to", "claimed_by", "time_precision", "place",
            "killed", "injured", "evidence", "updated_at", "outlets"]  # fmt: skip
    for r in df[cols].astype(object).itertuples(index=False):
        day = r.day.date()
        country = _s(r.country)
        iso_num, iso3, _ = iso_of(country)
        etype = r.event_type if r.event_type in SUB_EVENT else "unknown"
        ev, sub = SUB_EVENT[etype]
        group = _s(r.group)
        actor1 = group or f"Unidentified Armed Group ({country or 'International'})"
        inter1 = "Rebel group" if group.lower() in REBEL_GROUPS else "Political militia"
        assoc = "; ".join(x for x in dict.fromkeys([_s(r.parent), _s(r.umbrella)]) if x and x != group)
        lat, lon, prec = r.lat, r.lon, r.geo_precision
        lat = None if lat is None or lat != lat else lat
        lon = None if lon is None or lon != lon else lon
        tags = [f"sitrep_id={r.id}", f"weapon={etype}", f"target={r.target}", f"attribution={_s(r.attribution) or 'none'}"]
        if etype == "unknown":
            tags.append("weapon not stated")
        if lat is None or lon is None:  # place the event at the governorate or country centroid
            c = cents.get((country.lower(), _s(r.admin1).lower())) or cents.get((country.lower(), ""))
            lat, lon = c if c else (None, None)
            prec = 3
            tags.append("coordinates=centroid")
        if _s(r.attributed_to) and not _s(r.claimed_by):
            tags.append(f"attributed to {_s(r.attributed_to)}")
        when = day.strftime("%-d %B %Y") if r.time_precision != 3 else day.strftime("%B %Y")
        place = ", ".join(x for x in (_s(r.place), _s(r.admin1), country) if x)
        note = f"On {when}, {WEAPON_WORDS[etype]} {TARGET_WORDS.get(r.target, TARGET_WORDS['other'])}"
        note += f" at {place}." if place else "."
        if _s(r.claimed_by):
            note += f" {_s(r.claimed_by)} claimed responsibility."
        elif _s(r.attributed_to):
            note += f" Attributed to {_s(r.attributed_to)}."
        if r.killed is not pd.NA or r.injured is not pd.NA:
            k = "unknown" if r.killed is pd.NA else int(r.killed)
            i = "unknown" if r.injured is pd.NA else int(r.injured)
            note += f" Killed: {k}; injured: {i}."
        if _s(r.evidence):
            note += f' Source text: "{_s(r.evidence)}"'
        updated = r.updated_at if isinstance(r.updated_at, datetime) else None
        rows.append((
            f"{iso3 or 'XXX'}{r.id}", day.isoformat(), day.year, int(r.time_precision), "Political violence", ev, sub,
            actor1, assoc, inter1, us_forces(day), "", INTER_ACTOR2, f"{inter1}-{INTER_ACTOR2}", "",
            iso_num if iso_num is not None else "", "Middle East", country, _s(r.admin1), _s(r.admin2), "",
            _s(r.place) or _s(r.admin1) or country, "" if lat is None else f"{lat:.4f}",
            "" if lon is None else f"{lon:.4f}", "" if prec is pd.NA or prec is None else int(prec),
            "; ".join(r.outlets.split(";")) if r.outlets else "", "", note,
            0 if r.killed is pd.NA else int(r.killed), "; ".join(tags),
            int((updated or datetime.now(UTC)).timestamp()),
        ))  # fmt: skip
    return pd.DataFrame.from_records(rows, columns=list(COLUMNS))


def write(store: Any, out: BinaryIO, *, fmt: str = "acled", allow_empty: bool = True, since: Any = None,
          until: Any = None, country: str | None = None, table: str | None = None) -> int:  # fmt: skip
    frame = acled_frame(load(store, since=since, until=until, country=country, allow_empty=allow_empty))
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    frame.to_csv(text, index=False, lineterminator="\n")
    text.flush()
    text.detach()
    return len(frame)
