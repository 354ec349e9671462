"""GeoJSON (RFC 7946): one FeatureCollection of Point features, coordinates [lon, lat] in WGS 84, no `crs`
member. Properties are the flat incident record (sitrep.export.common.RECORD_FIELDS). An incident with no
coordinates is kept, with `geometry: null`, as RFC 7946 section 3.2 allows."""

from __future__ import annotations

from typing import Any, BinaryIO

import pandas as pd

from sitrep.export.common import json_lines, load, record_frame


def feature_lines(df: pd.DataFrame) -> list[str]:
    props = json_lines(record_frame(df))
    out = []
    for iid, lat, lon, p in zip(df["id"].tolist(), df["lat"].tolist(), df["lon"].tolist(), props, strict=True):
        geom = "null" if lat != lat or lon != lon else f'{{"type":"Point","coordinates":[{lon:.6f},{lat:.6f}]}}'
        out.append(f'{{"type":"Feature","id":{iid},"geometry":{geom},"properties":{p}}}')
    return out


def write(store: Any, out: BinaryIO, *, fmt: str = "geojson", allow_empty: bool = True, since: Any = None,
          until: Any = None, country: str | None = None, table: str | None = None) -> int:  # fmt: skip
    feats = feature_lines(load(store, since=since, until=until, country=country, allow_empty=allow_empty))
    out.write(('{"type":"FeatureCollection","features":[' + ",".join(feats) + "]}").encode("utf-8"))
    return len(feats)
