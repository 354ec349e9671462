"""Value resolution: the canonical values of an incident from the reports it rests on.

Rules (ACLED practice where there is one), each value keeps the report it came from and the alternatives:

- place / admin1 / admin2 / lat / lon / geo_precision: the most specific place (lowest geo_precision, then a
  named place over a bare governorate, then the most reports, then the earliest report); admin1 and the
  coordinates come with that place (admin1 falls back to the most common governorate).
- date: the most precise date (a day over a month-only date); among days, the most reported; ties -> earliest.
  date_end comes with the chosen date. time: the most reported explicit clock time; ties -> earliest.
- country: the most reported.
- event_type / target: the most reported specific value ("unknown" / "other" only when nothing else is known).
- claimed_by (+ actor, attribution): the most reported claimant; attribution "claimed" if any report has a claim.
- killed / injured: the most conservative figure, i.e. the smallest explicit number any report gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

FIELDS = (
    "date", "date_end", "time", "country", "admin1", "admin2", "place", "lat", "lon", "geo_precision",
    "event_type", "target", "claimed_by", "actor_id", "actor_name", "attribution", "attributed_to",
    "killed", "injured",
)  # fmt: skip


def _alternatives(reports: Sequence[dict], field: str) -> list[dict]:
    seen: dict[Any, list[Any]] = {}
    for r in reports:
        v = r.get(field)
        if v is None:
            continue
        seen.setdefault(v, []).append(r["id"])
    return [{"value": v, "reports": ids} for v, ids in seen.items()]


def _pick(reports: Sequence[dict], field: str, rank: Callable[[dict], tuple] | None = None,
          ignore: tuple = (None,)) -> dict | None:
    """The report whose value wins: most reported (or by `rank`), ties -> earliest report."""
    cands = [r for r in reports if r.get(field) not in ignore]
    if not cands:
        return None
    counts = Counter(r[field] for r in cands)
    order = {id(r): i for i, r in enumerate(reports)}

    def key(r: dict) -> tuple:
        return (*(rank(r) if rank else ()), -counts[r[field]], order[id(r)])

    return min(cands, key=key)


def resolve(reports: Sequence[dict]) -> tuple[dict, dict]:
    """(values, provenance) for an incident. `reports` must be in arrival order and carry an 'id'.

    provenance[field] = {"report": id or None, "rule": str, "alternatives": [{"value", "reports"}]}"""
    values: dict[str, Any] = dict.fromkeys(FIELDS)
    prov: dict[str, dict] = {}

    def set_from(field: str, src: dict | None, rule: str, fields: tuple[str, ...] = ()) -> None:
        for f in (field, *fields):
            values[f] = src.get(f) if src else None
            alts = _alternatives(reports, f)
            prov[f] = {"report": src["id"] if src else None, "rule": rule, "alternatives": alts if len(alts) > 1 else []}

    def place_rank(r: dict) -> tuple:
        prec = r.get("geo_precision") or (3 if not r.get("place") else 2)
        return (prec, 0 if r.get("place") else 1)

    src = _pick(reports, "place", place_rank)
    set_from("place", src, "most specific place", ("admin2", "lat", "lon", "geo_precision"))
    if src and src.get("admin1"):
        set_from("admin1", src, "governorate of the most specific place")
    else:
        set_from("admin1", _pick(reports, "admin1"), "most reported governorate")
    set_from("country", _pick(reports, "country"), "most reported")

    src = _pick(reports, "date", lambda r: (0 if len(r["date"]) == 10 else 1,))
    set_from("date", src, "most precise date, then most reported", ("date_end",))
    set_from("time", _pick(reports, "time"), "most reported clock time")
    set_from("event_type", _pick(reports, "event_type", ignore=(None, "unknown")) or _pick(reports, "event_type"),
             "most reported specific weapon")
    set_from("target", _pick(reports, "target", ignore=(None, "other")) or _pick(reports, "target"),
             "most reported specific target")
    src = _pick(reports, "claimed_by")
    set_from("claimed_by", src, "most reported claimant", ("actor_id", "actor_name"))
    if src is None:
        set_from("actor_name", _pick(reports, "actor_name"), "most reported actor", ("actor_id",))
    att = [r for r in reports if r.get("attribution") and r["attribution"] != "none"]
    rank = {"claimed": 0, "attributed": 1, "disavowed": 2, "denied": 3}
    src = min(att, key=lambda r: rank.get(r["attribution"], 9)) if att else None
    set_from("attribution", src, "strongest link to a group")
    if values["attribution"] is None:
        values["attribution"] = "none"
    set_from("attributed_to", _pick(reports, "attributed_to"), "most reported")
    for f in ("killed", "injured"):
        nums = [r for r in reports if r.get(f) is not None]
        src = min(nums, key=lambda r: r[f]) if nums else None
        set_from(f, src, "most conservative figure")
    return values, prov
