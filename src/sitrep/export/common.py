"""What every export shares: the incident frame with sources, JSON-safe records, country codes."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from sitrep.analysis.frame import incidents_frame

# ISO 3166-1 numeric and alpha-3 of the countries attacks are reported in.
ISO = {
    "iraq": (368, "IRQ", "IQ"), "syria": (760, "SYR", "SY"), "jordan": (400, "JOR", "JO"), "kuwait": (414, "KWT", "KW"),
    "turkey": (792, "TUR", "TR"), "iran": (364, "IRN", "IR"), "saudi arabia": (682, "SAU", "SA"),
    "lebanon": (422, "LBN", "LB"), "israel": (376, "ISR", "IL"), "bahrain": (48, "BHR", "BH"),
    "qatar": (634, "QAT", "QA"), "united arab emirates": (784, "ARE", "AE"), "yemen": (887, "YEM", "YE"),
}  # fmt: skip

# The flat incident record every JSON-ish export carries (GeoJSON properties, the STIX extension, ...).
RECORD_FIELDS = (
    "id", "date", "date_end", "time", "time_precision", "country", "admin1", "admin2", "place", "lat", "lon",
    "geo_precision", "event_type", "target", "claimed_by", "group", "parent", "umbrella", "attribution",
    "attributed_to", "killed", "injured", "n_reports", "outlets", "urls", "doc_ids", "evidence", "first_published",
    "created_at", "updated_at",
)  # fmt: skip


def load(store: Any, *, since: Any = None, until: Any = None, country: str | None = None,
         allow_empty: bool = True) -> pd.DataFrame:  # fmt: skip
    df = incidents_frame(store, since=since, until=until, country=country, with_sources=True)
    if df.empty and not allow_empty:
        from sitrep.export import ExportError

        filtered = any((since, until, country))
        raise ExportError("no incidents match the filters" if filtered else "the database has no incidents")
    return df


def clean(v: Any) -> Any:
    """A JSON-native value: NaN/NA/NaT -> None, numpy scalars -> Python, timestamps -> ISO strings."""
    if v is None:
        return None
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if isinstance(v, list | tuple):
        return [clean(x) for x in v]
    if isinstance(v, str | bool | int):
        return v
    if isinstance(v, pd.Timestamp):
        return None if pd.isna(v) else v.isoformat()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(v, "item"):
        return v.item()
    return v


def records(df: pd.DataFrame, fields: tuple[str, ...] = RECORD_FIELDS) -> list[dict[str, Any]]:
    """The incidents as plain dicts of JSON-native values, in frame order."""
    cols = {}
    for f in fields:
        s = df[f]
        if f in ("urls", "doc_ids"):
            cols[f] = [list(x) if isinstance(x, list) else [] for x in s]
        elif f == "outlets":
            cols[f] = [x.split(";") if isinstance(x, str) and x else [] for x in s]
        elif pd.api.types.is_float_dtype(s.dtype):
            cols[f] = [None if x != x else float(x) for x in s.tolist()]
        elif isinstance(s.dtype, pd.Int64Dtype):
            cols[f] = [None if x is pd.NA else int(x) for x in s.tolist()]
        elif pd.api.types.is_integer_dtype(s.dtype):
            cols[f] = [int(x) for x in s.tolist()]
        else:
            cols[f] = [clean(x) for x in s.tolist()]
    return [dict(zip(fields, vals, strict=True)) for vals in zip(*(cols[f] for f in fields), strict=True)]


def record_frame(df: pd.DataFrame, fields: tuple[str, ...] = RECORD_FIELDS) -> pd.DataFrame:
    """The flat record columns, ready for DataFrame.to_json: lists as lists, timestamps as ISO strings."""
    out = df[list(fields)].copy()
    if "outlets" in out:
        out["outlets"] = pd.Series([x.split(";") if isinstance(x, str) and x else [] for x in out["outlets"].tolist()],
                                   index=out.index, dtype=object)  # fmt: skip
    for col in ("created_at", "updated_at"):
        if col in out:
            out[col] = out[col].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ").astype(object)
    return out


def _to_json(frame: pd.DataFrame, lines: bool, drop_nulls: bool) -> str:
    text = frame.to_json(orient="records", lines=lines, force_ascii=False, double_precision=10, date_format="iso")
    if drop_nulls:  # plain substring replaces per column name: much faster than one regex over the text
        for col in frame.columns:
            text = text.replace(f'"{col}":null,', "").replace(f',"{col}":null}}', "}").replace(f'{{"{col}":null}}', "{}")
    return text


def json_lines(frame: pd.DataFrame, *, drop_nulls: bool = False) -> list[str]:
    """One compact JSON object string per row, encoded by pandas' C encoder (an order of magnitude faster
    than json.dumps over Python dicts). drop_nulls removes null members (STIX forbids them)."""
    if frame.empty:
        return []
    return _to_json(frame, True, drop_nulls).rstrip("\n").split("\n")


def json_body(frame: pd.DataFrame, *, drop_nulls: bool = False) -> str:
    """The rows as comma-separated JSON objects (a JSON array without its brackets)."""
    if frame.empty:
        return ""
    return _to_json(frame, False, drop_nulls)[1:-1]


def splice(base: list[str], **members: list[str] | str) -> list[str]:
    """Add members (one JSON text per row, or one for all rows) at the end of each JSON object in base."""
    out = []
    for i, b in enumerate(base):
        extra = ",".join(f'"{k}":{v if isinstance(v, str) else v[i]}' for k, v in members.items())
        out.append(b[:-1] + ("," if len(b) > 2 else "") + extra + "}")
    return out


def iso_of(country: str | None) -> tuple[int | None, str | None, str | None]:
    if not country:
        return None, None, None
    return ISO.get(country.lower(), (None, None, None))
