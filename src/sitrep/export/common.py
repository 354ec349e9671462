"""What every export shares: the incident frame with sources, the flat record as JSON-ready columns and their
encoder (orjson), country codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from sitrep.analysis.frame import incidents_frame
from sitrep.export.jsonrows import Raw

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


def values(s: pd.Series) -> list[Any]:
    """A column as Python values, None where missing (NaN, NA, None): for code that looks at the values."""
    return s.to_numpy(dtype=object, na_value=None).tolist()


def float_texts(s: pd.Series) -> Raw:
    """A float column as the JSON texts pandas' encoder writes (10 decimals), None where missing. The exports used
    that encoder before; orjson's shortest repr differs from it in the last digit for some values."""
    if s.empty:
        return Raw()
    return Raw(
        None if t == b"null" else t for t in s.to_json(orient="values", double_precision=10)[1:-1].encode().split(b",")
    )


def record_columns(df: pd.DataFrame, fields: tuple[str, ...] = RECORD_FIELDS) -> dict[str, Any]:
    """The flat incident record as columns for sitrep.export.jsonrows.object_texts: outlets as lists,
    timestamps as ISO 8601 UTC texts, floats as pandas' texts, the rest as the frame holds them (object_texts
    reads None, NaN and NA as null)."""
    out: dict[str, Any] = {}
    for f in fields:
        s = df[f]
        if f == "outlets":
            out[f] = [x.split(";") if isinstance(x, str) and x else [] for x in s.tolist()]
        elif f in ("created_at", "updated_at"):
            out[f] = iso_utc(s)
        elif pd.api.types.is_float_dtype(s.dtype):
            out[f] = float_texts(s)
        else:
            out[f] = s
    return out


def per_distinct(fn: Callable[..., Any], *columns: list[Any]) -> list[Any]:
    """[fn(*row) for row in zip(*columns)], calling fn once per distinct row: for values made from a few
    columns that repeat (a place's name from place, admin1, country). Values must be hashable."""
    rows = np.fromiter(zip(*columns, strict=True), dtype=object, count=len(columns[0]))
    codes, distinct = pd.factorize(rows)
    table = np.fromiter((fn(*row) for row in distinct.tolist()), dtype=object, count=len(distinct))
    return table[codes].tolist()


def iso_of(country: str | None) -> tuple[int | None, str | None, str | None]:
    if not country:
        return None, None, None
    return ISO.get(country.lower(), (None, None, None))
