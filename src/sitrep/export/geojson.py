"""GeoJSON (RFC 7946): one FeatureCollection of Point features, coordinates [lon, lat] in WGS 84, no `crs`
member. Properties are the flat incident record (sitrep.export.common.RECORD_FIELDS). An incident with no
coordinates is kept, with `geometry: null`, as RFC 7946 section 3.2 allows."""

from __future__ import annotations

from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from sitrep.export.common import load, record_columns
from sitrep.export.jsonrows import Obj, Raw, joined_objects


def point_texts(lat: np.ndarray, lon: np.ndarray) -> Raw:
    """Point geometries with six decimals, each distinct position formatted once; None without coordinates."""
    out = np.full(len(lat), None, dtype=object)
    ok = ~(np.isnan(lat) | np.isnan(lon))
    if ok.any():
        # distinct by bit pattern, so that -0.0 keeps its sign
        lat_codes, lat_bits = pd.factorize(lat[ok].view("int64"))
        lon_codes, lon_bits = pd.factorize(lon[ok].view("int64"))
        lats, lons = lat_bits.view("float64"), lon_bits.view("float64")
        where, pairs = pd.factorize(lat_codes.astype("int64") * len(lons) + lon_codes)
        texts = np.empty(len(pairs), dtype=object)
        texts[:] = [f'{{"type":"Point","coordinates":[{lons[k % len(lons)]:.6f},{lats[k // len(lons)]:.6f}]}}'.encode()
                    for k in pairs.tolist()]  # fmt: skip
        out[ok] = texts[where]
    return Raw(out.tolist())


def features_text(df: pd.DataFrame) -> bytes:
    """The Feature objects (one per incident), comma-separated, slashes escaped."""
    geoms = point_texts(df["lat"].to_numpy(dtype="float64"), df["lon"].to_numpy(dtype="float64"))
    return joined_objects({"type": "Feature", "id": df["id"].tolist(), "geometry": geoms,
                           "properties": Obj(record_columns(df))}, escaped=True)  # fmt: skip


def write(store: Any, out: BinaryIO, *, fmt: str = "geojson", allow_empty: bool = True, since: Any = None,
          until: Any = None, country: str | None = None, table: str | None = None) -> int:  # fmt: skip
    df = load(store, since=since, until=until, country=country, allow_empty=allow_empty)
    for piece in (b'{"type":"FeatureCollection","features":[', features_text(df), b"]}"):
        out.write(piece)
    return len(df)
