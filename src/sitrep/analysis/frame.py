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
from sqlalchemy import and_, func, select

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


def fetch_frame(store: Any, query: Any, columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Run one SELECT and build a frame of object columns from the raw DBAPI rows (no per-row Row objects,
    no per-value type processing: the callers convert the few typed columns themselves, vectorised)."""
    with store.engine.connect() as conn:
        res = conn.execute(query)
        rows = res.cursor.fetchall() if res.cursor is not None else []
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    index = pd.RangeIndex(len(rows))
    return pd.DataFrame({c: pd.Series(np.array(v, dtype=object), index=index, dtype=object, copy=False)
                         for c, v in zip(columns, cols, strict=True)})  # fmt: skip


def _tables() -> dict[str, Any]:
    from sitrep.store import writer

    return {"I": writer.I, "R": writer.R, "D": writer.D, "L": writer.L, "A": writer.A}


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
    for a in reg.all():
        ref = reg.ref(a)
        out[a.name.casefold()] = (a.kind, ref.parent, ref.umbrella)
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
    names = {n for n in who.dropna().unique()}
    nets = {n: network_of(n) for n in names}
    vals = who.tolist()
    for k, col in enumerate(("group", "parent", "umbrella")):
        df[col] = pd.Series([nets[n][k] if isinstance(n, str) else None for n in vals], index=df.index, dtype=object)


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
    """Active incidents as a DataFrame, one row each, sorted by day then id.

    Added columns: `day` (datetime64 of the first day; NaT when undated), `day_end`, `time_precision`
    (1 day, 2 range, 3 month, NaN undated), `group`, `parent`, `umbrella`; with_sources also `outlets`
    (";"-joined), `urls`, `doc_ids`, `document_ids` (lists), `first_published` and `evidence` (first report)."""
    t = _tables()
    inc = t["I"]
    lo, hi = parse_day(since, "--since"), parse_day(until, "--until")
    if lo and hi and lo > hi:
        raise AnalysisError(f"--since {lo} is after --until {hi}")
    q = select(*[inc.c[c] for c in INCIDENT_COLUMNS]).where(inc.c.status == "active")
    if lo:
        q = q.where(inc.c.day_hi >= _ord(lo))
    if hi:
        q = q.where(inc.c.day_lo <= _ord(hi))
    if country:
        q = q.where(func.lower(inc.c.country) == country.lower())
    df = _finish_incidents(fetch_frame(store, q, INCIDENT_COLUMNS))
    if with_sources:
        df = attach_sources(store, df)
    return df


_EPOCH_ORD = date(1970, 1, 1).toordinal()


def _from_ordinal(s: pd.Series) -> pd.Series:
    v = pd.to_numeric(s, errors="coerce").astype("float64") - _EPOCH_ORD
    return pd.to_datetime(v, unit="D", errors="coerce")


def _finish_incidents(df: pd.DataFrame) -> pd.DataFrame:
    for col in ("lat", "lon"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    for col in ("created_at", "updated_at"):
        df[col] = pd.to_datetime(df[col], utc=True, errors="coerce", format="mixed")
    for col in ("id", "n_reports"):
        df[col] = pd.to_numeric(df[col]).astype("int64")
    for col in ("killed", "injured", "geo_precision", "day_lo", "day_hi"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    df["day"] = _from_ordinal(df["day_lo"])
    df["day_end"] = _from_ordinal(df["day_hi"])
    dstr = df["date"].astype("object")
    month_only = pd.Series([isinstance(d, str) and len(d) == 7 for d in dstr], index=df.index)
    ranged = df["date_end"].notna() & (df["day_hi"] != df["day_lo"])
    tp = pd.Series(1, index=df.index, dtype="Int64")
    tp[ranged.fillna(False).astype(bool)] = 2
    tp[month_only.astype(bool)] = 3
    tp[df["day_lo"].isna()] = pd.NA
    df["time_precision"] = tp
    df["month_only"] = month_only.astype(bool)
    _add_groups(df)
    return df.sort_values(["day", "id"], na_position="last", kind="stable").reset_index(drop=True)


def attach_sources(store: Any, df: pd.DataFrame) -> pd.DataFrame:
    """Add per-incident source columns from one SELECT over current links, reports and documents."""
    src = sources_frame(store)
    if len(df):
        src = src[src["incident_id"].isin(set(df["id"].tolist()))]
    dup = src["incident_id"].duplicated(keep=False).to_numpy()
    first = src[~src["incident_id"].duplicated(keep="first").to_numpy()].set_index("incident_id")
    first = first.reindex(df["id"].tolist())
    outlets = [o if isinstance(o, str) else "" for o in first["outlet"].tolist()]
    urls = [[u] if isinstance(u, str) and u else [] for u in first["url"].tolist()]
    doc_ids = [[d] if d is not None and d == d else [] for d in first["doc_id"].tolist()]
    document_ids = [[int(d)] if d is not None and d == d else [] for d in first["document_id"].tolist()]
    published = [p if isinstance(p, str) else None for p in first["published"].tolist()]
    evidence = [e if isinstance(e, str) and e else None for e in first["evidence"].tolist()]
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
    df = df.copy()
    for col, values in (("outlets", outlets), ("urls", urls), ("doc_ids", doc_ids), ("document_ids", document_ids),
                        ("first_published", published), ("evidence", evidence)):  # fmt: skip
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        df[col] = arr
    return df


def sources_frame(store: Any) -> pd.DataFrame:
    """One row per current link: incident_id, report_id, document and outlet, evidence; by incident, report."""
    t = _tables()
    L, R, D = t["L"], t["R"], t["D"]
    q = (
        select(L.c.incident_id, R.c.id.label("report_id"), D.c.id.label("document_id"), D.c.doc_id, D.c.url,
               D.c.outlet, D.c.published, R.c.evidence)  # fmt: skip
        .select_from(L.join(R, R.c.id == L.c.report_id).join(D, D.c.id == R.c.document_id))
        .where(L.c.unlinked_at.is_(None), R.c.active)
        .order_by(L.c.incident_id, R.c.id)
    )
    cols = ["incident_id", "report_id", "document_id", "doc_id", "url", "outlet", "published", "evidence"]
    return fetch_frame(store, q, cols)


REPORT_COLUMNS = (
    "id", "incident_id", "document_id", "doc_id", "doc_key", "url", "outlet", "published", "idx",
    "extractor_version", "date", "date_end", "time", "country", "admin1", "admin2", "place", "lat", "lon",
    "geo_precision", "event_type", "target", "claimed_by", "actor_name", "attribution", "attributed_to",
    "claim_channel", "killed", "injured", "confidence", "evidence",
)  # fmt: skip


def reports_frame(
    store: Any, *, since: str | date | None = None, until: str | date | None = None, country: str | None = None
) -> pd.DataFrame:
    """Active reports (one extracted event of one document) with their document and current incident."""
    t = _tables()
    L, R, D, A = t["L"], t["R"], t["D"], t["A"]
    lo, hi = parse_day(since, "--since"), parse_day(until, "--until")
    q = (
        select(R.c.id, L.c.incident_id, D.c.id.label("document_id"), D.c.doc_id, R.c.doc_key, D.c.url, D.c.outlet,
               D.c.published, R.c.idx, R.c.extractor_version, R.c.date, R.c.date_end, R.c.time, R.c.country,
               R.c.admin1, R.c.admin2, R.c.place, R.c.lat, R.c.lon, R.c.geo_precision, R.c.event_type, R.c.target,
               R.c.claimed_by, A.c.name.label("actor_name"), R.c.attribution, R.c.attributed_to, R.c.claim_channel,
               R.c.killed, R.c.injured, R.c.confidence, R.c.evidence)  # fmt: skip
        .select_from(
            R.join(D, D.c.id == R.c.document_id)
            .outerjoin(A, A.c.id == R.c.actor_id)
            .outerjoin(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None)))
        )
        .where(R.c.active)
        .order_by(R.c.id)
    )
    if lo:
        q = q.where(R.c.day_hi >= _ord(lo))
    if hi:
        q = q.where(R.c.day_lo <= _ord(hi))
    if country:
        q = q.where(func.lower(R.c.country) == country.lower())
    df = fetch_frame(store, q, REPORT_COLUMNS)
    for col in ("incident_id", "killed", "injured", "geo_precision", "idx"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    for col in ("lat", "lon", "confidence"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    df["id"] = pd.to_numeric(df["id"]).astype("int64")
    return df


def documents_frame(store: Any) -> pd.DataFrame:
    """Current documents: id, doc_id, url, outlet, title, published, ingested_at."""
    D = _tables()["D"]
    q = select(D.c.id, D.c.doc_id, D.c.url, D.c.outlet, D.c.title, D.c.published, D.c.ingested_at).where(
        D.c.is_current
    )
    df = fetch_frame(store, q.order_by(D.c.id), ["id", "doc_id", "url", "outlet", "title", "published", "ingested_at"])
    df["ingested_at"] = pd.to_datetime(df["ingested_at"], utc=True, errors="coerce", format="mixed")
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
