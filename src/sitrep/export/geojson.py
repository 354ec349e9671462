"""GeoJSON (RFC 7946): one FeatureCollection of Point features, coordinates [lon, lat] in WGS 84, no `crs`
member. Properties are the flat incident record (sitrep.export.common.RECORD_FIELDS). An incident with no
coordinates is kept, with `geometry: null`, as RFC 7946 section 3.2 allows."""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from sitrep.export.common import load, records


def features(df: Any) -> list[dict[str, Any]]:
    out = []
    for rec in records(df):
        lat, lon = rec["lat"], rec["lon"]
        geom = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]} if lat is not None and lon is not None else None
        out.append({"type": "Feature", "id": rec["id"], "geometry": geom, "properties": rec})
    return out


def write(store: Any, out: BinaryIO, *, fmt: str = "geojson", allow_empty: bool = True, since: Any = None,
          until: Any = None, country: str | None = None, table: str | None = None) -> int:  # fmt: skip
    feats = features(load(store, since=since, until=until, country=country, allow_empty=allow_empty))
    doc = {"type": "FeatureCollection", "features": feats}
    out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return len(feats)
