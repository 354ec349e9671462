"""PLOVER JSON: a JSON array of event records in the PLOVER data fields (PLOVER_MANUAL "Data Fields"):
event ASSAULT with a mode from the weapon, actor and recipient entity objects, event_loc (the Mordecai3
location object), magnitude (dead, injured). `event_type` and `event_date` repeat `event` and `date` under
the names POLECAT-style consumers read."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, BinaryIO

from sitrep.export.common import iso_of, load, records

MODE = {"ied": "explosives", "rocket": "heavy-weapons", "mortar": "heavy-weapons", "drone": "drone",
        "small_arms": "firearms", "unknown": None}  # fmt: skip
CODER = "sitrep"


def plover_records(df: Any) -> list[dict[str, Any]]:
    coded = datetime.now(UTC)
    out = []
    for rec in records(df):
        _, iso3, _ = iso_of(rec["country"])
        group = rec["group"] or rec["claimed_by"] or rec["attributed_to"]
        actor = {"code": iso3 and f"{iso3}REB" if group else None, "sector": "Rebel/Militia",
                 "entity_text": group or "unidentified armed group", "identifier_id": None,
                 "identifier_text": rec["parent"] or rec["umbrella"]}  # fmt: skip
        recipient = {"code": "USAMIL", "sector": "Military", "entity_text": f"US/coalition forces ({rec['target']})",
                     "identifier_id": None, "identifier_text": None}  # fmt: skip
        loc = {"extracted_place": rec["place"], "resolved_place": rec["place"] or rec["admin1"], "geonameid": None,
               "lat": rec["lat"], "lon": rec["lon"], "city": rec["place"], "district": rec["admin2"],
               "province": rec["admin1"], "country": iso3, "feature_class": None, "feature_code": None}  # fmt: skip
        date = rec["date"] if rec["date"] and len(rec["date"]) == 10 else (f"{rec['date']}-01" if rec["date"] else None)
        out.append({
            "id": f"sitrep-{rec['id']}", "has_event": True, "event": "ASSAULT", "event_type": "ASSAULT",
            "mode": MODE.get(rec["event_type"]), "context": ["military"], "quad_code": "material conflict",
            "date": date, "event_date": date, "date_precision": {1: "day", 2: "range", 3: "month"}.get(
                rec["time_precision"]), "time": rec["time"], "enddate": rec["date_end"], "endtime": None,
            "actor": actor, "recipient": recipient, "event_loc": loc, "event_text": rec["evidence"],
            "magnitude": {"dead": rec["killed"], "injured": rec["injured"], "arrested": None},
            "claimed_by": rec["claimed_by"], "attribution": rec["attribution"],
            "cite_info": [{"outlet": o, "url": u} for o, u in zip(rec["outlets"], rec["urls"], strict=False)]
            or [{"outlet": o, "url": None} for o in rec["outlets"]],
            "link": rec["urls"], "coder": CODER, "coded_date": coded.date().isoformat(),
            "comment": f"sitrep incident {rec['id']}; weapon {rec['event_type']}; target {rec['target']}",
        })  # fmt: skip
    return out


def write(store: Any, out: BinaryIO, *, fmt: str = "plover", allow_empty: bool = True, since: Any = None,
          until: Any = None, country: str | None = None, table: str | None = None) -> int:  # fmt: skip
    recs = plover_records(load(store, since=since, until=until, country=country, allow_empty=allow_empty))
    out.write(json.dumps(recs, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return len(recs)
