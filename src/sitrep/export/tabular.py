"""Flat tables for pandas, polars and R: incidents (default) or reports, as CSV or Parquet.

List-valued columns (urls, doc_ids) are ";"-joined in CSV and real list columns in Parquet."""

from __future__ import annotations

from typing import Any, BinaryIO

import pandas as pd

from sitrep.analysis.frame import reports_frame
from sitrep.export.common import RECORD_FIELDS, csv_datetimes, load
from sitrep.export.csvtext import csv_text

INCIDENT_TABLE = tuple(f for f in RECORD_FIELDS)


def incidents_table(store: Any, *, since: Any = None, until: Any = None, country: str | None = None,
                    allow_empty: bool = True, typed: bool = True) -> pd.DataFrame:  # fmt: skip
    """The incident table; typed=False leaves text columns as Python objects (CSV writes them the same, faster)."""
    df = load(store, since=since, until=until, country=country, allow_empty=allow_empty)
    out = df[list(INCIDENT_TABLE)].copy()
    for col in ("created_at", "updated_at"):
        out[col] = pd.to_datetime(out[col], utc=True)
    if not typed:
        return out
    for col in ("date", "date_end", "time", "country", "admin1", "admin2", "place", "event_type", "target",
                "claimed_by", "group", "parent", "umbrella", "attribution", "attributed_to", "outlets", "evidence",
                "first_published"):  # fmt: skip
        out[col] = out[col].astype("string")
    return out


def reports_table(store: Any, *, since: Any = None, until: Any = None, country: str | None = None,
                  allow_empty: bool = True, typed: bool = True) -> pd.DataFrame:  # fmt: skip
    df = reports_frame(store, since=since, until=until, country=country)
    if df.empty and not allow_empty:
        from sitrep.export import ExportError

        raise ExportError("the database has no reports" if not any((since, until, country)) else
                          "no reports match the filters")  # fmt: skip
    if not typed:
        return df
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].astype("string")
    return df


def write(store: Any, out: BinaryIO, *, fmt: str = "csv", allow_empty: bool = True, since: Any = None,
          until: Any = None, country: str | None = None, table: str | None = None) -> int:  # fmt: skip
    maker = reports_table if table == "reports" else incidents_table
    df = maker(store, since=since, until=until, country=country, allow_empty=allow_empty, typed=fmt == "parquet")
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pandas(df, preserve_index=False), out, compression="zstd")
        return len(df)
    flat = df.copy()
    for col in ("urls", "doc_ids"):
        if col in flat.columns:
            flat[col] = [";".join(map(str, x)) if isinstance(x, list) else "" for x in flat[col]]
    for col in ("created_at", "updated_at"):
        if col in flat.columns:
            flat[col] = csv_datetimes(flat[col])
    out.write(csv_text(flat).encode("utf-8"))  # one write, one encode
    return len(flat)
