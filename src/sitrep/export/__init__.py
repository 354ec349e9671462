"""Exports of the incident database to the formats analysts load (`sitrep export`).

    from sitrep.export import export_to_path, export_bytes, FORMATS
    export_to_path(store, "acled", "incidents.csv", since="2024-01-01", country="Iraq")
    data = export_bytes(store, "geojson")

Formats: acled (ACLED's 31-column CSV), geojson (RFC 7946), stix (STIX 2.1 bundle), plover (PLOVER JSON
array), parquet and csv (flat tables; table="incidents" or "reports"). Filters: since, until (YYYY-MM-DD),
country, table. Files are written to a temporary name in the target folder and renamed when complete,
so a failed export never leaves a partial file."""

from __future__ import annotations

import gc
import importlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from sitrep.analysis.frame import AnalysisError

FORMATS: tuple[str, ...] = ("acled", "geojson", "stix", "plover", "parquet", "csv")
_MODULES = {"acled": "acled", "geojson": "geojson", "stix": "stix", "plover": "plover", "parquet": "tabular",
            "csv": "tabular"}  # fmt: skip
FILTERS = ("since", "until", "country", "table")
SUFFIX = {"acled": ".csv", "geojson": ".geojson", "stix": ".json", "plover": ".json", "parquet": ".parquet",
          "csv": ".csv"}  # fmt: skip


class ExportError(AnalysisError):
    """An export that cannot be made (unknown format or filter, bad date, nothing to export)."""


def _check(fmt: str, filters: dict[str, Any]) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    bad = sorted(set(filters) - set(FILTERS))
    if bad:
        raise ExportError(f"unknown export filter(s): {', '.join(bad)}; known: {', '.join(FILTERS)}")
    table = filters.get("table")
    if table not in (None, "incidents", "reports"):
        raise ExportError(f"table must be incidents or reports, got {table!r}")
    if table == "reports" and fmt not in ("csv", "parquet"):
        raise ExportError("table=reports is available for csv and parquet only")


def write(store: Any, fmt: str, out: BinaryIO, *, allow_empty: bool = True, **filters: Any) -> int:
    """Write one export to a binary stream; returns the number of records written."""
    _check(fmt, filters)
    module = importlib.import_module(f"sitrep.export.{_MODULES[fmt]}")
    # An export allocates millions of small acyclic objects (row tuples, dicts, lists); the cyclic collector
    # would rescan all of them again and again as they pile up (about a third of the CPU time at 100,000
    # incidents) and find nothing to free, so it is paused for the call.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return module.write(store, out, fmt=fmt, allow_empty=allow_empty, **filters)
    except ExportError:
        raise
    except AnalysisError as exc:
        raise ExportError(str(exc)) from None
    finally:
        if was_enabled:
            gc.enable()


def export_bytes(store: Any, fmt: str, *, allow_empty: bool = True, **filters: Any) -> bytes:
    """The export as bytes (for the web dashboard's download buttons)."""
    buf = io.BytesIO()
    write(store, fmt, buf, allow_empty=allow_empty, **filters)
    return buf.getvalue()


def export_to_path(store: Any, fmt: str, path: str | os.PathLike[str], *, allow_empty: bool = True,
                   **filters: Any) -> int:  # fmt: skip
    """Write the export to `path` atomically (temporary file in the same folder, then rename)."""
    _check(fmt, filters)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            n = write(store, fmt, fh, allow_empty=allow_empty, **filters)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; give the file the permissions open() would
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


__all__ = ["FORMATS", "ExportError", "export_bytes", "export_to_path", "write"]
