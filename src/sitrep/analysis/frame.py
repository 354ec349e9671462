"""Incidents, their sources and reports as pandas frames, each from one set-based SELECT.

The store's object API (`store.incidents()`) builds one IncidentView per row plus a query per 500 ids for
sources; that is right for the web page of one incident, too slow for 100,000. The analysis layer reads
the same tables read-only, in bulk, here and only here (see docs/analysis.md)."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from sitrep.analysis.reader import reader_of

INCIDENT_COLUMNS = (
    "id", "date", "date_end", "time", "day_lo", "day_hi", "country", "admin1", "admin2", "place", "lat", "lon",
    "geo_precision", "event_type", "target", "claimed_by", "actor_name", "attribution", "attributed_to", "killed",
    "injured", "n_reports", "created_at", "updated_at",
)  # fmt: skip

GROUP_DIMENSIONS = {
    "type": "event_type",
    "target": "target",
    "admin1": "admin1",
    "country": "country",
    "group": "group",
    "parent": "parent",
    "umbrella": "umbrella",
}
NONE_LABEL = "(none)"

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class AnalysisError(ValueError):
    """Bad input to an analysis or export call (a date in the wrong form, an unknown option)."""


def parse_day(value: str | date | None, what: str = "date") -> date | None:
    """YYYY-MM-DD (or a date) -> date; None stays None; anything else -> AnalysisError."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DAY.match(value.strip()):
        raise AnalysisError(f"{what} must be YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise AnalysisError(f"{what} is not a real day: {value!r}") from None


def frame_of(rows: list[tuple[Any, ...]], columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """A frame of object columns from row tuples: one 2-D object array, column-major so that each column is a
    contiguous slice of it, used as it is (no per-row objects, no copies, no per-value type processing: the
    callers convert the few typed columns themselves, vectorised)."""
    grid = np.empty((len(rows), len(columns)), dtype=object, order="F")
    if rows:
        grid[:] = rows
    index = pd.RangeIndex(len(rows))
    return pd.DataFrame({c: pd.Series(grid[:, k], index=index, dtype=object, copy=False)
                         for k, c in enumerate(columns)}, copy=False)  # fmt: skip


def fetch_frame(
    store: Any, sql: str, columns: list[str] | tuple[str, ...], params: tuple[Any, ...] = ()
) -> pd.DataFrame:
    """Run one SELECT (SQL text, `?` placeholders) on a store or reader and return its rows as a frame."""
    return frame_of(reader_of(store).rows(sql, params), columns)


# -- groups: canonical claimant, its parent network and umbrella ------------------------------------------


@lru_cache(maxsize=1)
def _registry_index() -> dict[str, tuple[str, str | None, str | None]]:
    """folded name -> (kind, parent name, umbrella name) from the actor registry (empty if unavailable)."""
    try:
        from sitrep.actors import get_registry
    except ImportError:  # pragma: no cover - actors stage not installed
        return {}
    reg = get_registry()
    out: dict[str, tuple[str, str | None, str | None]] = {}
    for a in reg.all():  # the names Registry.ref gives, without building ActorRefs (that imports pydantic models)
        parent = reg.get(a.parent) if a.parent else None
        umbrella = reg.get(a.umbrella) if a.umbrella else None
        out[a.name.casefold()] = (a.kind, parent.name if parent else None, umbrella.name if umbrella else None)
    return out


def _resolve_group(name: str) -> tuple[str, str | None, str | None, str | None]:
    """name -> (canonical name, kind, parent, umbrella) via the registry; unknown names come back as given."""
    idx = _registry_index()
    hit = idx.get(name.casefold())
    if hit is None:
        try:
            from sitrep.actors import get_registry

            actor = get_registry().resolve(name)
        except Exception:  # noqa: BLE001 - resolution is a nicety; the name as written still counts
            actor = None
        if actor is not None:
            name = actor.name
            hit = idx.get(name.casefold())
    if hit is None:
        return name, None, None, None
    return name, hit[0], hit[1], hit[2]


def network_of(name: str | None) -> tuple[str | None, str | None, str | None]:
    """(group, parent network, umbrella) for a group name.

    parent: the registry's parent of a facade; an armed group is its own network; None when unknown.
    umbrella: the banner the group claims under; an umbrella or coordination body is its own."""
    if not name:
        return None, None, None
    canon, kind, parent, umbrella = _resolve_group(name)
    if parent is None and kind == "armed_group":
        parent = canon
    if umbrella is None and kind in ("umbrella", "coordination_body"):
        umbrella = canon
    return canon, parent, umbrella


def _add_groups(df: pd.DataFrame) -> None:
    who = df["actor_name"].where(df["actor_name"].notna(), df["claimed_by"])
    who = who.where(who.notna(), df["attributed_to"])
    codes, names = pd.factorize(who.astype(object), use_na_sentinel=True)  # resolve each distinct name once
    nets = [network_of(n) if isinstance(n, str) else (None, None, None) for n in names] + [(None, None, None)]
    for k, col in enumerate(("group", "parent", "umbrella")):
        table = np.empty(len(nets), dtype=object)
        table[:] = [n[k] for n in nets]
        df[col] = pd.Series(table[codes], index=df.index, dtype=object)  # code -1 (no name) takes the last entry


# -- incidents --------------------------------------------------------------------------------------------


def _ord(d: date | None) -> int | None:
    return d.toordinal() if d else None


def incidents_frame(
    store: Any,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    country: str | None = None,
    with_sources: bool = False,
) -> pd.DataFrame:
    """Active incidents as a DataFrame, one row each, sorted by day then id. `store`: an open store or a
    reader (sitrep.analysis.reader).

    Added columns: `day` (datetime64 of the first day; NaT when undated), `day_end`, `time_precision`
    (1 day, 2 range, 3 month, NaN undated), `group`, `parent`, `umbrella`; with_sources also `outlets`
    (";"-joined), `urls`, `doc_ids`, `document_ids` (lists), `first_published` and `evidence` (first report)."""
    lo, hi = parse_day(since, "--since"), parse_day(until, "--until")
    if lo and hi and lo > hi:
        raise AnalysisError(f"--since {lo} is after --until {hi}")
    where, params = _day_filters("i", lo, hi, country)
    sql = f"SELECT {', '.join('i.' + c for c in INCIDENT_COLUMNS)} FROM incidents i WHERE i.status = 'active'{where}"
    df = _finish_incidents(fetch_frame(store, sql, INCIDENT_COLUMNS, params))
    if with_sources:
        df = attach_sources(store, df)
    return df


def _day_filters(alias: str, lo: date | None, hi: date | None, country: str | None) -> tuple[str, tuple[Any, ...]]:
    """SQL conditions (to AND onto a WHERE) for the --since/--until/--country filters, and their parameters."""
    sql, params = "", []
    if lo:
        sql += f" AND {alias}.day_hi >= ?"
        params.append(_ord(lo))
    if hi:
        sql += f" AND {alias}.day_lo <= ?"
        params.append(_ord(hi))
    if country:
        sql += f" AND lower({alias}.country) = ?"
        params.append(country.lower())
    return sql, tuple(params)


_EPOCH_ORD = date(1970, 1, 1).toordinal()


def _from_ordinal(s: pd.Series) -> pd.Series:
    v = pd.to_numeric(s, errors="coerce").astype("float64") - _EPOCH_ORD
    return pd.to_datetime(v, unit="D", errors="coerce")


def _floats(s: pd.Series) -> pd.Series:
    try:  # numbers and None, as the drivers return them: one C loop
        return pd.Series(np.asarray(s.to_numpy(), dtype="float64"), index=s.index)
    except (TypeError, ValueError):
        return pd.to_numeric(s, errors="coerce").astype("float64")


def _datetimes(s: pd.Series) -> pd.Series:
    """UTC datetimes from what the drivers return (SQLite: text, PostgreSQL: datetime); NaT where unreadable.
    No cache of distinct values: timestamps rarely repeat, and building it costs more than it saves."""
    return pd.to_datetime(s, utc=True, errors="coerce", format="mixed", cache=False)


def _ints(s: pd.Series) -> pd.Series:
    try:
        return pd.Series(pd.array(s.to_numpy(), dtype="Int64"), index=s.index)
    except (TypeError, ValueError):
        return pd.to_numeric(s, errors="coerce").astype("Int64")


def _finish_incidents(df: pd.DataFrame) -> pd.DataFrame:
    for col in ("lat", "lon"):
        df[col] = _floats(df[col])
    for col in ("created_at", "updated_at"):
        df[col] = _datetimes(df[col])
    for col in ("id", "n_reports"):
        df[col] = pd.to_numeric(df[col]).astype("int64")
    for col in ("killed", "injured", "geo_precision", "day_lo", "day_hi"):
        df[col] = _ints(df[col])
    df["day"] = _from_ordinal(df["day_lo"])
    df["day_end"] = _from_ordinal(df["day_hi"])
    month_only = np.fromiter((isinstance(d, str) and len(d) == 7 for d in df["date"].tolist()), dtype=bool,
                             count=len(df))  # fmt: skip
    ranged = (df["date_end"].notna() & (df["day_hi"] != df["day_lo"])).to_numpy(dtype=bool, na_value=False)
    tp = np.where(month_only, 3, np.where(ranged, 2, 1))
    df["time_precision"] = pd.array(tp, dtype="Int64")
    df.loc[df["day_lo"].isna().to_numpy(), "time_precision"] = pd.NA
    df["month_only"] = month_only
    _add_groups(df)
    return df.sort_values(["day", "id"], na_position="last", kind="stable").reset_index(drop=True)


def attach_sources(store: Any, df: pd.DataFrame) -> pd.DataFrame:
    """Add per-incident source columns from one SELECT over current links, reports and documents."""
    src = sources_frame(store)
    ids = df["id"].to_numpy(dtype="int64")
    inc = src["incident_id"].to_numpy(dtype="int64")
    if len(df) and len(src):
        keep = np.isin(inc, ids)
        if not keep.all():
            src, inc = src[keep], inc[keep]
    dup = pd.Series(inc).duplicated(keep=False).to_numpy()
    first_rows = np.flatnonzero(~pd.Series(inc).duplicated(keep="first").to_numpy())
    pos = pd.Index(inc[first_rows]).get_indexer(ids)  # each incident's first source row, -1 for none
    found = pos >= 0

    def first(col: str) -> list[Any]:
        vals = np.full(len(ids), None, dtype=object)
        vals[found] = src[col].to_numpy(dtype=object)[first_rows[pos[found]]]
        return vals.tolist()

    outlets = [o if isinstance(o, str) else "" for o in first("outlet")]
    urls = [[u] if isinstance(u, str) and u else [] for u in first("url")]
    doc_ids = [[d] if d is not None and d == d else [] for d in first("doc_id")]
    document_ids = [[int(d)] if d is not None and d == d else [] for d in first("document_id")]
    published = [p if isinstance(p, str) else None for p in first("published")]
    evidence = [e if isinstance(e, str) and e else None for e in first("evidence")]
    if dup.any():  # incidents with several sources: merge them (rows come sorted by incident, then report)
        pos = {iid: k for k, iid in enumerate(df["id"].tolist())}
        seen_first: set[int] = set()
        multi = src[dup]
        for iid, outlet, url, doc_id, document_id, pub, ev in zip(
            multi["incident_id"].tolist(), multi["outlet"].tolist(), multi["url"].tolist(), multi["doc_id"].tolist(),
            multi["document_id"].tolist(), multi["published"].tolist(), multi["evidence"].tolist(), strict=True,
        ):  # fmt: skip
            k = pos.get(iid)
            if k is None:
                continue
            if iid not in seen_first:  # the first row is already in place
                seen_first.add(iid)
                continue
            if outlet and outlet not in outlets[k].split(";"):
                outlets[k] = f"{outlets[k]};{outlet}" if outlets[k] else outlet
            if url and url not in urls[k]:
                urls[k].append(url)
            if document_id not in document_ids[k]:
                document_ids[k].append(int(document_id))
                doc_ids[k].append(doc_id)
            if pub and (published[k] is None or pub < published[k]):
                published[k] = pub
            if not evidence[k] and ev:
                evidence[k] = ev
    df = df.copy(deep=False)  # new columns only: the caller's frame is left as it is, without copying its data
    for col, values in (("outlets", outlets), ("urls", urls), ("doc_ids", doc_ids), ("document_ids", document_ids),
                        ("first_published", published), ("evidence", evidence)):  # fmt: skip
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        # object dtype, None for missing: pandas would otherwise turn the text columns into Arrow strings,
        # which every export then converts back to Python objects
        df[col] = pd.Series(arr, index=df.index, dtype=object, copy=False)
    return df


def sources_frame(store: Any) -> pd.DataFrame:
    """One row per current link: incident_id, report_id, document and outlet, evidence; by incident, report."""
    sql = (
        "SELECT l.incident_id, r.id, d.id, d.doc_id, d.url, d.outlet, d.published, r.evidence"
        " FROM incident_reports l JOIN reports r ON r.id = l.report_id JOIN documents d ON d.id = r.document_id"
        " WHERE l.unlinked_at IS NULL AND r.active ORDER BY l.incident_id, r.id"
    )
    cols = ["incident_id", "report_id", "document_id", "doc_id", "url", "outlet", "published", "evidence"]
    return fetch_frame(store, sql, cols)


REPORT_COLUMNS = (
    "id", "incident_id", "document_id", "doc_id", "doc_key", "url", "outlet", "published", "idx",
    "extractor_version", "date", "date_end", "time", "country", "admin1", "admin2", "place", "lat", "lon",
    "geo_precision", "event_type", "target", "claimed_by", "actor_name", "attribution", "attributed_to",
    "claim_channel", "killed", "injured", "confidence", "evidence",
)  # fmt: skip
_REPORT_SELECT = (
    "r.id, l.incident_id, d.id, d.doc_id, r.doc_key, d.url, d.outlet, d.published, r.idx, r.extractor_version, "
    "r.date, r.date_end, r.time, r.country, r.admin1, r.admin2, r.place, r.lat, r.lon, r.geo_precision, "
    "r.event_type, r.target, r.claimed_by, a.name, r.attribution, r.attributed_to, r.claim_channel, r.killed, "
    "r.injured, r.confidence, r.evidence"
)


def reports_frame(
    store: Any, *, since: str | date | None = None, until: str | date | None = None, country: str | None = None
) -> pd.DataFrame:
    """Active reports (one extracted event of one document) with their document and current incident."""
    lo, hi = parse_day(since, "--since"), parse_day(until, "--until")
    where, params = _day_filters("r", lo, hi, country)
    sql = (
        f"SELECT {_REPORT_SELECT} FROM reports r JOIN documents d ON d.id = r.document_id"
        " LEFT OUTER JOIN actors a ON a.id = r.actor_id"
        " LEFT OUTER JOIN incident_reports l ON l.report_id = r.id AND l.unlinked_at IS NULL"
        f" WHERE r.active{where} ORDER BY r.id"
    )
    df = fetch_frame(store, sql, REPORT_COLUMNS, params)
    for col in ("incident_id", "killed", "injured", "geo_precision", "idx"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    for col in ("lat", "lon", "confidence"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    df["id"] = pd.to_numeric(df["id"]).astype("int64")
    return df


def documents_frame(store: Any) -> pd.DataFrame:
    """Current documents: id, doc_id, url, outlet, title, published, ingested_at."""
    sql = "SELECT id, doc_id, url, outlet, title, published, ingested_at FROM documents WHERE is_current ORDER BY id"
    df = fetch_frame(store, sql, ["id", "doc_id", "url", "outlet", "title", "published", "ingested_at"])
    df["ingested_at"] = _datetimes(df["ingested_at"])
    return df


def dim_column(group_by: str | None) -> str | None:
    if group_by is None:
        return None
    if group_by not in GROUP_DIMENSIONS:
        raise AnalysisError(f"unknown --group-by {group_by!r}; choose from {', '.join(GROUP_DIMENSIONS)}")
    return GROUP_DIMENSIONS[group_by]


def matches_scope(df: pd.DataFrame, group: str | None) -> pd.Series:
    """Incidents whose group, parent network or umbrella is `group` (any spelling the registry knows)."""
    if not group:
        return pd.Series(True, index=df.index)
    canon = network_of(group)[0] or group
    key = canon.casefold()
    out = pd.Series(False, index=df.index)
    for col in ("group", "parent", "umbrella"):
        out |= df[col].map(lambda v: isinstance(v, str) and v.casefold() == key)
    return out
