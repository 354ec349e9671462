"""The bulk write path (scale-out ingest): documents, reports and context facts of many documents in a few
statements, links and incidents written per linking window, incidents resolved in bulk.

- ``copy_rows``: COPY ... FROM STDIN on PostgreSQL (psycopg 3), a multi-row INSERT elsewhere.
- ``store_batch``: one batch of extracted documents into the open transaction, *without linking* (the
  scale driver links per time window afterwards). Unchanged documents are recognised by one query per
  batch; revised / re-extracted ones retire their old reports as the row-by-row writer does.
- ``actor_ids``: actors are created in their own committed transaction and cached per process, so a cached
  id never points at a rolled-back row.
- ``write_links`` / ``refresh_incidents_bulk``: incident rows, links and history in bulk; values resolved
  with the same rules (``sitrep.link.resolve``) as the row-by-row writer.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, insert, select, update

from sitrep.link.records import day_range
from sitrep.models import ActorRef, Document, ExtractionResult
from sitrep.store import writer
from sitrep.store.schema import ShardRow

D, R, A, I, L, H, C, P = writer.D, writer.R, writer.A, writer.I, writer.L, writer.H, writer.C, writer.ProblemTable  # noqa: E741
S = ShardRow.__table__
_JSON_COLS = {"spans", "event", "resolution", "detail"}


def copy_rows(conn: Connection, table: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert many rows (tuples in `columns` order) without RETURNING: COPY on PostgreSQL."""
    rows = list(rows)
    if not rows:
        return 0
    if conn.dialect.name == "postgresql":
        json_idx = [i for i, c in enumerate(columns) if c in _JSON_COLS]
        raw = conn.connection.driver_connection
        cols = ", ".join(f'"{c}"' for c in columns)
        with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as cp:
            for r in rows:
                if json_idx:
                    r = list(r)
                    for i in json_idx:
                        if r[i] is not None:
                            r[i] = json.dumps(r[i], ensure_ascii=False)
                cp.write_row(r)
    else:
        conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])
    return len(rows)


# -- actors ---------------------------------------------------------------------------------------------

_ACTOR_CACHE: dict[tuple[str, str], int] = {}


actor_key = writer.actor_key


def actor_ids(engine: Engine, actors: Iterable[ActorRef]) -> dict[str, int]:
    """key -> id for these actors, creating missing ones in a separate, committed transaction."""
    url = str(engine.url)
    want = {actor_key(a): a for a in actors if a is not None and a.name}
    out = {k: _ACTOR_CACHE[(url, k)] for k in want if (url, k) in _ACTOR_CACHE}
    missing = [k for k in want if k not in out]
    if missing:
        with engine.begin() as conn:
            found = dict(conn.execute(select(A.c.key, A.c.id).where(A.c.key.in_(missing))).all())
            for k in missing:
                if k not in found:
                    a = want[k]
                    stmt = _insert_ignore(conn, A).values(key=k, registry_id=a.id, name=a.name, kind=a.kind,
                                                          parent=a.parent, umbrella=a.umbrella)  # fmt: skip
                    conn.execute(stmt)
            found = dict(conn.execute(select(A.c.key, A.c.id).where(A.c.key.in_(missing))).all())
        for k, v in found.items():
            _ACTOR_CACHE[(url, k)] = v
            out[k] = v
    return out


def _insert_ignore(conn: Connection, table: Any):  # noqa: ANN202
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing()


# -- documents ------------------------------------------------------------------------------------------


current_documents = writer.current_documents
batch_status = writer.batch_status


_DOC_COLS = ("doc_key", "doc_id", "revision", "is_current", "url", "outlet", "title", "published", "language",
             "source_kind", "content_hash", "extractor_version", "text", "ingested_at")  # fmt: skip
_REPORT_COLS = (
    "document_id", "doc_key", "idx", "extractor_version", "active", "date", "date_end", "time", "day_lo", "day_hi",
    "country", "admin1", "admin2", "place", "lat", "lon", "geo_precision", "event_type", "target", "claimed_by",
    "actor_id", "attribution", "attributed_to", "claim_channel", "killed", "injured", "evidence", "spans",
    "confidence", "event", "created_at",
)  # fmt: skip
_CONTEXT_COLS = ("document_id", "idx", "extractor_version", "active", "kind", "actor", "group_name", "date", "start",
                 "end", "count", "window_weeks", "window_days", "evidence", "spans")  # fmt: skip


def store_batch(
    conn: Connection,
    engine: Engine,
    items: Sequence[tuple[Document, ExtractionResult]],
    extractor_version: str,
    at: datetime,
) -> tuple[dict[str, int], set[int]]:
    """Store a batch (distinct doc_keys) without linking. Returns (status counts incl. reports, touched incidents).

    Documents that another writer stored meanwhile (a duplicate in a concurrent shard) count as unchanged."""
    counts: dict[str, int] = defaultdict(int)
    touched: set[int] = set()
    cur = current_documents(conn, [writer.doc_key(d) for d, _ in items])
    actors = actor_ids(engine, [ev.actor for _, res in items for ev in res.events if ev.actor is not None])
    new_rows: list[tuple] = []
    pending: list[tuple[str, ExtractionResult]] = []  # (doc_key, result) whose document row is new
    doc_ids: dict[str, int] = {}
    for doc, res in items:
        key = writer.doc_key(doc)
        h = writer.content_hash(doc.text)
        row = cur.get(key)
        if row is not None and row.content_hash == h:
            if row.extractor_version == extractor_version:
                counts["unchanged"] += 1
                continue
            touched |= writer.deactivate_document(conn, row.id, at, f"re-extracted with {extractor_version}")
            conn.execute(update(D).where(D.c.id == row.id).values(extractor_version=extractor_version))
            doc_ids[key] = row.id
            counts["reextracted"] += 1
            pending.append((key, res))
            continue
        revision = 1
        if row is not None:
            revision = row.revision + 1
            touched |= writer.deactivate_document(conn, row.id, at, f"document revised (revision {revision})")
            conn.execute(update(D).where(D.c.id == row.id).values(is_current=False, superseded_at=at))
        new_rows.append(dict(
            doc_key=key, doc_id=doc.id, revision=revision, is_current=True, url=doc.url, outlet=doc.outlet,
            title=doc.title, published=doc.published or res.published, language=doc.language,
            source_kind=doc.source_kind, content_hash=h, extractor_version=extractor_version, text=doc.text,
            ingested_at=at,
        ))  # fmt: skip
        counts["revised" if row is not None else "new"] += 1
        pending.append((key, res))
    if new_rows:
        stmt = _insert_ignore(conn, D).returning(D.c.id, D.c.doc_key)
        got = {r.doc_key: r.id for r in conn.execute(stmt, new_rows)}
        lost = [r for r in new_rows if r["doc_key"] not in got]
        for r in lost:  # stored by a concurrent writer between our check and our insert
            counts["revised" if r["revision"] > 1 else "new"] -= 1
            counts["unchanged"] += 1
        doc_ids.update(got)
    report_rows: list[tuple] = []
    context_rows: list[tuple] = []
    for key, res in pending:
        did = doc_ids.get(key)
        if did is None:
            continue
        for idx, ev in enumerate(res.events):
            lo, hi, _m = day_range(ev.date, ev.date_end)
            report_rows.append((
                did, key, idx, extractor_version, True, ev.date, ev.date_end, ev.time, lo, hi, ev.country, ev.admin1,
                ev.admin2, ev.place, ev.lat, ev.lon, ev.geo_precision, ev.event_type, ev.target, ev.claimed_by,
                actors.get(actor_key(ev.actor)) if ev.actor is not None and ev.actor.name else None, ev.attribution,
                ev.attributed_to, ev.claim_channel, ev.casualties.killed, ev.casualties.injured, ev.evidence,
                {k: list(v) for k, v in ev.spans.items()}, ev.confidence, ev.to_output(), at,
            ))  # fmt: skip
        for idx, f in enumerate(res.context):
            context_rows.append((did, idx, extractor_version, True, f.kind, f.actor, f.group, f.date, f.start, f.end,
                                 f.count, f.window_weeks, f.window_days, f.evidence,
                                 {k: list(v) for k, v in f.spans.items()}))  # fmt: skip
    counts["reports"] += copy_rows(conn, R, _REPORT_COLS, report_rows)
    copy_rows(conn, C, _CONTEXT_COLS, context_rows)
    return dict(counts), touched


def record_problems(conn: Connection, problems: Sequence[tuple[str, str]], at: datetime) -> None:
    copy_rows(conn, P, ("source", "reason", "at"), [(s, r, at) for s, r in problems])


# -- linking output -------------------------------------------------------------------------------------


def new_incidents(conn: Connection, n: int, at: datetime) -> list[int]:
    """Create n empty incidents (values come with refresh_incidents_bulk) and their 'created' history."""
    if n <= 0:
        return []
    rows = [dict(status="active", n_reports=0, resolution={}, event_type="unknown", target="other", created_at=at,
                 updated_at=at) for _ in range(n)]  # fmt: skip
    ids = list(conn.execute(insert(I).returning(I.c.id, sort_by_parameter_order=True), rows).scalars())
    copy_rows(
        conn, H, ("incident_id", "at", "action", "report_id", "detail"), [(i, at, "created", None, {}) for i in ids]
    )
    return ids


def write_links(conn: Connection, links: Sequence[tuple[int, int, float | None, str]], at: datetime) -> None:
    """links: (incident_id, report_id, score, reason); with their 'report_linked' history."""
    copy_rows(conn, L, ("incident_id", "report_id", "score", "reason", "linked_at"),
              [(i, r, s, why, at) for i, r, s, why in links])  # fmt: skip
    copy_rows(conn, H, ("incident_id", "at", "action", "report_id", "detail"),
              [(i, at, "report_linked", r, {"score": s, "reason": why}) for i, r, s, why in links])  # fmt: skip


def refresh_incidents_bulk(conn: Connection, incident_ids: Iterable[int], at: datetime) -> int:
    """writer.refresh_incidents with batched statements and the same rules and history entries, except that
    "arrival order" (ties go to the earliest report) is publication date, then document id, then report id:
    in a parallel run, report ids depend on which worker stored what first, and the outcome should not."""
    ids = sorted(set(incident_ids))
    n = 0
    for chunk in writer._chunks(ids, 2000):
        members: dict[int, list[dict]] = defaultdict(list)
        q = (
            writer._report_select(L.c.incident_id, D.c.published.label("_pub"), D.c.doc_id.label("_doc_id"))
            .join(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None)))
            .join(D, D.c.id == R.c.document_id)
            .where(L.c.incident_id.in_(chunk))
        )
        rows = sorted(conn.execute(q), key=lambda m: (m._pub or "9999", m._doc_id, m.id))
        for m in rows:
            d = writer.member(m)
            del d["_pub"], d["_doc_id"]
            members[d.pop("incident_id")].append(d)
        old = {r.id: r._mapping for r in conn.execute(select(I).where(I.c.id.in_(chunk)))}
        updates: list[dict] = []
        retire: list[int] = []
        history: list[tuple] = []
        for iid in chunk:
            change = writer.incident_change(members.get(iid, []), old.get(iid), at)
            if change is None:
                continue
            action, params, detail = change
            if action == "retired":
                retire.append(iid)
            else:
                updates.append(dict(params, _iid=iid))
            if detail is not None:
                history.append((iid, at, action, None, detail))
        if updates:
            conn.execute(writer._UPD_INCIDENT, updates)
        if retire:
            conn.execute(update(I).where(I.c.id.in_(retire)).values(status="retired", n_reports=0, updated_at=at))
        copy_rows(conn, H, ("incident_id", "at", "action", "report_id", "detail"), history)
        n += len(updates)
    return n


# -- shard status ---------------------------------------------------------------------------------------


def shard_rows(conn: Connection) -> dict[str, Any]:
    return {r.shard: r for r in conn.execute(select(S))}


def register_shards(conn: Connection, shards: Sequence[Any], extractor_version: str) -> list[Any]:
    """Insert missing shards as pending; reset changed ones; return the shards still to do (not done)."""
    have = shard_rows(conn)
    todo = []
    for sh in shards:
        row = have.get(sh.path)
        if row is None:
            conn.execute(insert(S).values(shard=sh.path, fmt=sh.fmt, fingerprint=sh.fingerprint,
                                          extractor_version=extractor_version, status="pending", attempts=0))  # fmt: skip
            todo.append(sh)
        elif row.status == "done" and row.fingerprint == sh.fingerprint and row.extractor_version == extractor_version:
            continue
        else:
            conn.execute(update(S).where(S.c.id == row.id).values(
                fmt=sh.fmt, fingerprint=sh.fingerprint, extractor_version=extractor_version,
                status="pending" if row.status == "done" else row.status))  # fmt: skip
            todo.append(sh)
    return todo
