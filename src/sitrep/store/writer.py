"""The write path, as functions over one open connection inside one transaction (the caller holds the
write lock): add a document and its extraction, retire superseded reports, link, re-resolve, relink."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from itertools import count
from typing import Any

from sqlalchemy import Connection, and_, bindparam, insert, select, update

from sitrep.actors.normalize import fold as fold_actor
from sitrep.link import Linker, clusters_of, link_all, make_link_report, resolve
from sitrep.link.records import MAX_RANGE_DAYS, day_range
from sitrep.link.scoring import WINDOW_DAYS
from sitrep.models import ActorRef, Document, ExtractionResult
from sitrep.store.schema import (
    ActorRow,
    ContextFactRow,
    DocumentRow,
    HistoryRow,
    IncidentRow,
    LinkRow,
    ProblemRow,
    ReportRow,
)
from sitrep.store.views import INCIDENT_FIELDS, AddOutcome

D = DocumentRow.__table__
R = ReportRow.__table__
A = ActorRow.__table__
I = IncidentRow.__table__  # noqa: E741
L = LinkRow.__table__
H = HistoryRow.__table__
C = ContextFactRow.__table__
ProblemTable = ProblemRow.__table__

# Statements built once: their compiled form is cached, and parameters come at execute time.
_INS_REPORT = insert(R).returning(R.c.id)
_INS_INCIDENT = insert(I).returning(I.c.id)
_UPD_INCIDENT = update(I).where(I.c.id == bindparam("_iid"))

CHUNK = 500


def now() -> datetime:
    return datetime.now(UTC)


def doc_key(doc: Document) -> str:
    """The natural key of a document: its URL when known (the same article re-read), else its id."""
    return (doc.url or "").strip() or doc.id


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _chunks(items: list, n: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


# -- documents ------------------------------------------------------------------------------------------


def document_status(conn: Connection, doc: Document, extractor_version: str) -> str:
    """new | unchanged | revised | reextract, judged from the current revision (no writes)."""
    row = conn.execute(
        select(D.c.content_hash, D.c.extractor_version).where(D.c.doc_key == doc_key(doc), D.c.is_current)
    ).first()
    if row is None:
        return "new"
    if row.content_hash != content_hash(doc.text):
        return "revised"
    return "unchanged" if row.extractor_version == extractor_version else "reextract"


def current_documents(conn: Connection, keys: Sequence[str]) -> dict[str, Any]:
    """doc_key -> (id, doc_key, revision, content_hash, extractor_version) of the current revisions."""
    out: dict[str, Any] = {}
    for chunk in _chunks(list(keys)):
        q = select(D.c.id, D.c.doc_key, D.c.revision, D.c.content_hash, D.c.extractor_version).where(
            D.c.doc_key.in_(chunk), D.c.is_current
        )
        for r in conn.execute(q):
            out[r.doc_key] = r
    return out


def batch_status(conn: Connection, docs: Sequence[Document], extractor_version: str) -> list[str]:
    """document_status for many documents, in one query per CHUNK documents."""
    cur = current_documents(conn, [doc_key(d) for d in docs])
    out = []
    for d in docs:
        row = cur.get(doc_key(d))
        if row is None:
            out.append("new")
        elif row.content_hash != content_hash(d.text):
            out.append("revised")
        else:
            out.append("unchanged" if row.extractor_version == extractor_version else "reextract")
    return out


def document_row(
    doc: Document, result: ExtractionResult, key: str, revision: int, version: str, at: datetime, h: str
) -> dict[str, Any]:
    return dict(
        doc_key=key, doc_id=doc.id, revision=revision, is_current=True, url=doc.url, outlet=doc.outlet,
        title=doc.title, published=doc.published or result.published, language=doc.language,
        source_kind=doc.source_kind, content_hash=h, extractor_version=version, text=doc.text,
        ingested_at=at,
    )  # fmt: skip


def report_row(
    document_id: int, key: str, idx: int, ev: Any, version: str, at: datetime, actor_id: int | None
) -> dict[str, Any]:
    """The reports row of one extracted Event."""
    lo, hi, _month = day_range(ev.date, ev.date_end)
    return dict(
        document_id=document_id, doc_key=key, idx=idx, extractor_version=version, active=True,
        date=ev.date, date_end=ev.date_end, time=ev.time, day_lo=lo, day_hi=hi, country=ev.country,
        admin1=ev.admin1, admin2=ev.admin2, place=ev.place, lat=ev.lat, lon=ev.lon,
        geo_precision=ev.geo_precision, event_type=ev.event_type, target=ev.target, claimed_by=ev.claimed_by,
        actor_id=actor_id, attribution=ev.attribution, attributed_to=ev.attributed_to,
        claim_channel=ev.claim_channel, killed=ev.casualties.killed, injured=ev.casualties.injured,
        evidence=ev.evidence, spans={k: list(v) for k, v in ev.spans.items()}, confidence=ev.confidence,
        event=ev.to_output(), created_at=at,
    )  # fmt: skip


def context_rows(document_id: int, result: ExtractionResult, version: str) -> list[dict[str, Any]]:
    return [
        dict(
            document_id=document_id,
            idx=idx,
            extractor_version=version,
            active=True,
            kind=f.kind,
            actor=f.actor,
            group_name=f.group,
            date=f.date,
            start=f.start,
            end=f.end,
            count=f.count,
            window_weeks=f.window_weeks,
            window_days=f.window_days,
            evidence=f.evidence,
            spans={k: list(v) for k, v in f.spans.items()},
        )  # fmt: skip
        for idx, f in enumerate(result.context)
    ]


def add_document(
    conn: Connection, doc: Document, result: ExtractionResult, extractor_version: str, at: datetime | None = None
) -> AddOutcome:
    at = at or now()
    key = doc_key(doc)
    h = content_hash(doc.text)
    cur = conn.execute(
        select(D.c.id, D.c.revision, D.c.content_hash, D.c.extractor_version).where(D.c.doc_key == key, D.c.is_current)
    ).first()
    touched: set[int] = set()
    if cur is not None and cur.content_hash == h:
        if cur.extractor_version == extractor_version:
            return AddOutcome(key, "unchanged", cur.id, cur.revision)
        status, document_id, revision = "reextracted", cur.id, cur.revision
        touched |= deactivate_document(conn, document_id, at, f"re-extracted with {extractor_version}")
        conn.execute(update(D).where(D.c.id == document_id).values(extractor_version=extractor_version))
    else:
        revision = 1 if cur is None else cur.revision + 1
        status = "new" if cur is None else "revised"
        if cur is not None:
            touched |= deactivate_document(conn, cur.id, at, f"document revised (revision {revision})")
            conn.execute(update(D).where(D.c.id == cur.id).values(is_current=False, superseded_at=at))
        row = document_row(doc, result, key, revision, extractor_version, at, h)
        document_id = conn.execute(insert(D).values(row).returning(D.c.id)).scalar_one()

    report_ids = _insert_reports(conn, document_id, key, result, extractor_version, at)
    _insert_context(conn, document_id, result, extractor_version)
    outcome = AddOutcome(key, status, document_id, revision, reports=len(report_ids))
    if report_ids:
        new_ids, merged_ids, all_ids = link_reports(conn, report_ids, key, at)
        outcome.incidents_new = len(new_ids)
        outcome.incidents_merged = len(merged_ids)
        outcome.incident_ids = all_ids
        touched |= set(all_ids)
    refresh_incidents(conn, touched, at)
    return outcome


def actor_key(actor: ActorRef) -> str:
    """The natural key of an actor: its registry id, else its folded name."""
    return actor.id or f"name:{fold_actor(actor.name) or actor.name.lower()}"


def _actor_id(conn: Connection, actor: ActorRef | None) -> int | None:
    if actor is None or not actor.name:
        return None
    key = actor_key(actor)
    row = conn.execute(select(A.c.id).where(A.c.key == key)).first()
    if row is not None:
        return row.id
    return conn.execute(
        insert(A)
        .values(
            key=key,
            registry_id=actor.id,
            name=actor.name,
            kind=actor.kind,
            parent=actor.parent,
            umbrella=actor.umbrella,
        )  # fmt: skip
        .returning(A.c.id)
    ).scalar_one()


def _insert_reports(
    conn: Connection, document_id: int, key: str, result: ExtractionResult, version: str, at: datetime
) -> list[int]:
    return [
        conn.execute(
            _INS_REPORT, report_row(document_id, key, idx, ev, version, at, _actor_id(conn, ev.actor))
        ).scalar_one()
        for idx, ev in enumerate(result.events)
    ]


def _insert_context(conn: Connection, document_id: int, result: ExtractionResult, version: str) -> None:
    rows = context_rows(document_id, result, version)
    if rows:
        conn.execute(insert(C), rows)


def deactivate_document(conn: Connection, document_id: int, at: datetime, reason: str) -> set[int]:
    """Retire the active reports and context facts of a document revision; returns the incidents touched."""
    rids = list(conn.execute(select(R.c.id).where(R.c.document_id == document_id, R.c.active)).scalars())
    conn.execute(update(C).where(C.c.document_id == document_id, C.c.active).values(active=False))
    if not rids:
        return set()
    touched: set[int] = set()
    for chunk in _chunks(rids):
        links = conn.execute(
            select(L.c.id, L.c.incident_id, L.c.report_id).where(L.c.report_id.in_(chunk), L.c.unlinked_at.is_(None))
        ).all()
        if links:
            conn.execute(
                update(L).where(L.c.id.in_([x.id for x in links])).values(unlinked_at=at, unlink_reason=reason)
            )
            conn.execute(
                insert(H),
                [
                    dict(
                        incident_id=x.incident_id,
                        at=at,
                        action="report_unlinked",
                        report_id=x.report_id,
                        detail={"reason": reason},
                    )  # fmt: skip
                    for x in links
                ],
            )
            touched |= {x.incident_id for x in links}
        conn.execute(update(R).where(R.c.id.in_(chunk)).values(active=False, deactivated_at=at))
    return touched


# -- linking --------------------------------------------------------------------------------------------

_REPORT_COLS = (
    R.c.id, R.c.doc_key, R.c.date, R.c.date_end, R.c.time, R.c.country, R.c.admin1, R.c.admin2, R.c.place,
    R.c.lat, R.c.lon, R.c.geo_precision, R.c.event_type, R.c.target, R.c.claimed_by, R.c.actor_id,
    R.c.attribution, R.c.attributed_to, R.c.killed, R.c.injured, A.c.name.label("actor_name"),
)  # fmt: skip


def _report_select(*extra: Any):  # noqa: ANN202
    return select(*_REPORT_COLS, *extra).select_from(R.outerjoin(A, A.c.id == R.c.actor_id))


def _link_report(row: Any):  # noqa: ANN202
    return make_link_report(
        row.id, row.doc_key, date=row.date, date_end=row.date_end, time=row.time, country=row.country,
        admin1=row.admin1, place=row.place, lat=row.lat, lon=row.lon, geo_precision=row.geo_precision,
        event_type=row.event_type, target=row.target, claimed_by=row.claimed_by, killed=row.killed,
        injured=row.injured, order=(row.id,),
    )  # fmt: skip


def link_reports(conn: Connection, report_ids: list[int], key: str, at: datetime) -> tuple[list, list, list]:
    """Link the new reports of ONE document to existing incidents or new ones.

    Returns (new incident ids, incident ids that gained a report, incident id of each report in order)."""
    rows = conn.execute(_report_select().where(R.c.id.in_(report_ids)).order_by(R.c.id)).all()
    reports = [_link_report(r) for r in rows]
    linker = Linker(id_factory=(f"new{n}" for n in count()).__next__)
    cand_ids: set[int] = set()
    for r in reports:
        if not r.country or r.day_lo is None:
            continue
        q = (
            select(L.c.incident_id)
            .select_from(R.join(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None))))
            .where(
                R.c.active,
                R.c.country == r.country,
                R.c.day_lo >= r.day_lo - WINDOW_DAYS - MAX_RANGE_DAYS,
                R.c.day_lo <= r.day_hi + WINDOW_DAYS,
                R.c.day_hi >= r.day_lo - WINDOW_DAYS,
                R.c.doc_key != key,
            )
        )
        cand_ids |= set(conn.execute(q).scalars())
    if cand_ids:
        members: dict[int, list] = defaultdict(list)
        for chunk in _chunks(sorted(cand_ids)):
            q = (
                _report_select(L.c.incident_id)
                .join(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None)))
                .where(L.c.incident_id.in_(chunk))
                .order_by(R.c.id)  # arrival order, as the batch path (batch.py) keeps them
            )
            for m in conn.execute(q):
                members[m.incident_id].append(_link_report(m))
        for iid in sorted(members):
            linker.add_cluster(iid, members[iid])
    decisions = linker.link_document(reports)
    new_map: dict[str, int] = {}
    new_ids: list[int] = []
    merged: list[int] = []
    out: list[int] = []
    for d in decisions:
        if d.new:
            iid = _new_incident(conn, at)
            new_map[d.cluster_id] = iid
            new_ids.append(iid)
        else:
            iid = new_map.get(d.cluster_id, d.cluster_id)
            merged.append(iid)
        _link(conn, iid, d.report_id, d.score, d.reason, at)
        out.append(iid)
    return new_ids, merged, out


def _new_incident(conn: Connection, at: datetime) -> int:
    iid = conn.execute(
        _INS_INCIDENT,
        dict(status="active", n_reports=0, resolution={}, event_type="unknown", target="other", created_at=at,
             updated_at=at),
    ).scalar_one()  # fmt: skip
    conn.execute(insert(H), dict(incident_id=iid, at=at, action="created", report_id=None, detail={}))
    return iid


def _link(conn: Connection, iid: int, report_id: int, score: float | None, reason: str, at: datetime) -> None:
    conn.execute(insert(L), dict(incident_id=iid, report_id=report_id, score=score, reason=reason, linked_at=at))
    conn.execute(
        insert(H),
        dict(incident_id=iid, at=at, action="report_linked", report_id=report_id,
             detail={"score": score, "reason": reason}),
    )  # fmt: skip


def member(row: Any) -> dict[str, Any]:
    """A _report_select row (with an incident_id) as `resolve` takes it: doc_key is called "document"."""
    d = dict(row._mapping)
    d["document"] = d.pop("doc_key")
    return d


def link_report_of(m: Mapping[str, Any]) -> Any:
    """The LinkReport of a `member` dict (what _link_report is for a row)."""
    return make_link_report(
        m["id"], m["document"], date=m["date"], date_end=m["date_end"], time=m["time"], country=m["country"],
        admin1=m["admin1"], place=m["place"], lat=m["lat"], lon=m["lon"], geo_precision=m["geo_precision"],
        event_type=m["event_type"], target=m["target"], claimed_by=m["claimed_by"], killed=m["killed"],
        injured=m["injured"], order=(m["id"],),
    )  # fmt: skip


def incident_change(
    reps: Sequence[dict], prev: Mapping[str, Any] | None, at: datetime
) -> tuple[str, dict | None, dict | None] | None:
    """What refreshing one incident does, given its current reports (arrival order) and its stored row:
    None (nothing changed), ("retired", None, history detail), or ("values", UPDATE parameters without _iid,
    history detail or None when no value changed). Shared by every write path so that they agree."""
    if not reps:
        if prev is not None and prev["status"] == "active":
            return "retired", None, {"reason": "no reports left"}
        return None
    values, prov = resolve(reps)
    row = {f: values.get(f) for f in INCIDENT_FIELDS}
    changed = {f: row[f] for f in INCIDENT_FIELDS if prev is None or prev[f] != row[f]}
    if prev is not None and prev["n_reports"] == len(reps) and not changed and prev["status"] == "active":
        return None
    lo, hi, _ = day_range(values.get("date"), values.get("date_end"))
    params = dict(row, day_lo=lo, day_hi=hi, n_reports=len(reps), resolution=prov, status="active", merged_into=None,
                  updated_at=at)  # fmt: skip
    return "values", params, ({"changed": changed, "n_reports": len(reps)} if changed else None)


def refresh_incidents(conn: Connection, incident_ids: Iterable[int], at: datetime) -> None:
    """Re-resolve the canonical values of these incidents from their current reports; record changes."""
    ids = sorted(set(incident_ids))
    for chunk in _chunks(ids):
        members: dict[int, list[dict]] = defaultdict(list)
        q = (
            _report_select(L.c.incident_id)
            .join(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None)))
            .where(L.c.incident_id.in_(chunk))
            .order_by(R.c.id)
        )
        for m in conn.execute(q):
            d = member(m)
            members[d.pop("incident_id")].append(d)
        old = {r.id: r._mapping for r in conn.execute(select(I).where(I.c.id.in_(chunk)))}
        for iid in chunk:
            change = incident_change(members.get(iid, []), old.get(iid), at)
            if change is None:
                continue
            action, params, detail = change
            if action == "retired":
                conn.execute(update(I).where(I.c.id == iid).values(status="retired", n_reports=0, updated_at=at))
            else:
                conn.execute(_UPD_INCIDENT, dict(params, _iid=iid))
            if detail is not None:
                conn.execute(insert(H), dict(incident_id=iid, at=at, action=action, report_id=None, detail=detail))


# -- full relink ----------------------------------------------------------------------------------------


def relink_all(conn: Connection, at: datetime | None = None) -> dict[str, int]:
    """Recluster every active report from scratch, keeping incident ids where the membership overlaps."""
    at = at or now()
    rows = conn.execute(
        _report_select(L.c.incident_id).outerjoin(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None)))
        .where(R.c.active)
        .order_by(R.c.id)
    ).all()  # fmt: skip
    current = {r.id: r.incident_id for r in rows}
    decisions = link_all(_link_report(r) for r in rows)
    by_report = {d.report_id: d for d in decisions}
    clusters = clusters_of(decisions)
    pairs = []
    for cid, rids in clusters.items():
        for inc, n in Counter(current[r] for r in rids if current.get(r) is not None).items():
            pairs.append((-n, inc, cid))
    pairs.sort(key=lambda p: (p[0], p[1], str(p[2])))
    assigned: dict[Any, int] = {}
    used: set[int] = set()
    for _n, inc, cid in pairs:
        if cid in assigned or inc in used:
            continue
        assigned[cid] = inc
        used.add(inc)
    created = 0
    for cid in clusters:
        if cid not in assigned:
            assigned[cid] = _new_incident(conn, at)
            created += 1
    moved = 0
    touched: set[int] = set()
    moved_to: dict[int, Counter] = defaultdict(Counter)
    for rid, d in by_report.items():
        target = assigned[d.cluster_id]
        old = current.get(rid)
        if old == target:
            continue
        moved += 1
        if old is not None:
            conn.execute(
                update(L).where(L.c.report_id == rid, L.c.unlinked_at.is_(None))
                .values(unlinked_at=at, unlink_reason="relink")
            )  # fmt: skip
            conn.execute(
                insert(H).values(
                    incident_id=old,
                    at=at,
                    action="report_unlinked",
                    report_id=rid,
                    detail={"reason": "relink", "moved_to": target},
                )  # fmt: skip
            )
            touched.add(old)
            moved_to[old][target] += 1
        _link(conn, target, rid, d.score, "relink: " + d.reason, at)
        touched.add(target)
    emptied = [iid for iid in touched if iid not in used and iid not in assigned.values()]
    refresh_incidents(conn, touched, at)
    for iid in emptied:
        if moved_to.get(iid):
            dest = moved_to[iid].most_common(1)[0][0]
            conn.execute(update(I).where(I.c.id == iid).values(status="merged", merged_into=dest, updated_at=at))
            conn.execute(
                insert(H).values(incident_id=iid, at=at, action="merged", report_id=None, detail={"into": dest})
            )
    return {"reports": len(rows), "incidents": len(clusters), "reports_moved": moved, "incidents_created": created,
            "incidents_emptied": len(emptied)}  # fmt: skip
