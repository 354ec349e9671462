"""What every export shares: the incident frame with sources, JSON-safe records, country codes."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
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
            out[col] = iso_utc(out[col])
    return out


def _naive_utc(s: pd.Series) -> np.ndarray:
    return (s.dt.tz_convert("UTC").dt.tz_localize(None) if s.dt.tz is not None else s).to_numpy()


def iso_utc(s: pd.Series, unit: str = "us") -> np.ndarray:
    """ISO 8601 UTC texts of a datetime column, "YYYY-MM-DDTHH:MM:SS.ffffffZ" (unit "us", as strftime's
    %f) or "...SS.fffZ" (unit "ms", truncated); None for NaT. numpy formats in C: Series.dt.strftime
    makes one Timestamp per value, about 0.5 s per 100,000."""
    naive = _naive_utc(s)
    out = np.strings.add(np.datetime_as_string(naive, unit=unit), "Z").astype(object)
    out[np.isnat(naive)] = None
    return out


def csv_datetimes(s: pd.Series) -> pd.Series:
    """A UTC datetime column as the text DataFrame.to_csv writes for it ("YYYY-MM-DD HH:MM:SS[.fff|.ffffff]+00:00",
    the fraction to the finest precision any value needs, as pandas does column-wide), made in C by numpy.
    Columns of another resolution or zone are returned unchanged for pandas to format."""
    if str(s.dtype) != "datetime64[us, UTC]":
        return s
    naive = _naive_utc(s)
    nat = np.isnat(naive)
    frac = naive.astype("int64") % 1_000_000
    frac = frac[~nat]
    unit = "us" if (frac % 1000).any() else ("ms" if frac.any() else "s")
    text = np.strings.replace(np.datetime_as_string(naive, unit=unit), "T", " ")
    out = np.strings.add(text, "+00:00").astype(object)
    out[nat] = None
    return pd.Series(out, index=s.index, dtype=object)


def _to_json(frame: pd.DataFrame, lines: bool) -> str:
    return frame.to_json(orient="records", lines=lines, force_ascii=False, double_precision=10, date_format="iso")


def _split_lines(frame: pd.DataFrame) -> list[str]:
    if frame.shape[1] == 0:
        return ["{}"] * len(frame)
    return _to_json(frame, True).rstrip("\n").split("\n")


def _drop_nulls_by_text(frame: pd.DataFrame, text: str) -> str:
    for col in frame.columns:  # plain substring replaces per column name
        text = text.replace(f'"{col}":null,', "").replace(f',"{col}":null}}', "}").replace(f'{{"{col}":null}}', "{}")
    return text


MAX_NULL_PATTERNS = 256


def json_lines(frame: pd.DataFrame, *, drop_nulls: bool = False) -> list[str]:
    """One compact JSON object string per row, encoded by pandas' C encoder (an order of magnitude faster
    than json.dumps over Python dicts). drop_nulls leaves null members out (STIX forbids them): rows are
    encoded in groups that share which columns are null, each group with only its non-null columns, so
    no text has to be searched afterwards (rows with many different patterns fall back to that)."""
    if frame.empty:
        return []
    if not drop_nulls:
        return _split_lines(frame)
    null = frame.isna().to_numpy()
    if not null.any():
        return _split_lines(frame)
    codes, uniques = pd.factorize(pd.Series([r.tobytes() for r in np.packbits(null, axis=1)], dtype=object))
    if len(uniques) > MAX_NULL_PATTERNS:
        return _drop_nulls_by_text(frame, _to_json(frame, True)).rstrip("\n").split("\n")
    out: list[str] = [""] * len(frame)
    columns = list(frame.columns)
    for p in range(len(uniques)):
        rows = np.flatnonzero(codes == p)
        keep = [c for c, is_null in zip(columns, null[rows[0]], strict=True) if not is_null]
        for r, line in zip(rows.tolist(), _split_lines(frame.iloc[rows][keep]), strict=True):
            out[r] = line
    return out


def json_body(frame: pd.DataFrame, *, drop_nulls: bool = False) -> str:
    """The rows as comma-separated JSON objects (a JSON array without its brackets)."""
    if frame.empty:
        return ""
    if drop_nulls:
        return ",".join(json_lines(frame, drop_nulls=True))
    return _to_json(frame, False)[1:-1]


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
