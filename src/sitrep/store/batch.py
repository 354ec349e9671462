"""The batch write path behind ``Store.add_results``: a batch of documents in a few statements.

Documents new to the database (the usual case in an ingest) are written together: one INSERT for their
document rows, one for their reports, one for their context facts. They are then linked one document at a
time, in batch order, against an in-memory ``Linker`` preloaded (one query) with every incident that any of
their reports could join, and each document's incidents are re-resolved in memory after it is linked; links,
history and the final incident values are written in one statement each. The outcome is the same as
``writer.add_document`` called for each document in turn: same rows, same ids in the same order, same
links and history entries (a "values" entry per document that changed an incident's values).

Revised and re-extracted documents, and a document key seen a second time in the batch, retire old reports
and so go through ``writer.add_document`` in their place in the order; the documents before them are
written first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select

from sitrep.link import Linker
from sitrep.link.records import MAX_RANGE_DAYS
from sitrep.link.scoring import WINDOW_DAYS
from sitrep.models import ActorRef, Document, ExtractionResult
from sitrep.store import writer
from sitrep.store.views import INCIDENT_FIELDS, AddOutcome

D, R, A, I, L, H, C = writer.D, writer.R, writer.A, writer.I, writer.L, writer.H, writer.C  # noqa: E741

Item = tuple[Document, ExtractionResult]

_INS_DOCS = insert(D).returning(D.c.id, D.c.doc_key)
_INS_REPORTS = insert(R).returning(R.c.id, R.c.document_id, R.c.idx)
_MEMBER_COLS = tuple(c.name for c in writer._REPORT_COLS if c.name not in ("id", "doc_key", "actor_name"))
# A new incident as writer._new_incident inserts it, i.e. what its first refresh compares against.
_EMPTY_INCIDENT = {**dict.fromkeys(INCIDENT_FIELDS), "event_type": "unknown", "target": "other",
                   "status": "active", "n_reports": 0}  # fmt: skip
_OR_TERMS = 200  # blocking windows per candidate query


def add_documents(conn: Connection, items: Sequence[Item], version: str, at: datetime) -> list[AddOutcome]:
    """Store (and link) documents in order, in the open write transaction; one outcome each."""
    keys = [writer.doc_key(doc) for doc, _ in items]
    cur = writer.current_documents(conn, keys)
    outcomes: list[AddOutcome | None] = [None] * len(items)
    run: list[int] = []  # consecutive new documents, written together
    seen: set[str] = set()

    def write_run() -> None:
        for i, o in zip(run, _add_new(conn, [items[i] for i in run], version, at), strict=True):
            outcomes[i] = o
        run.clear()

    for i, (doc, res) in enumerate(items):
        key, row = keys[i], cur.get(keys[i])
        if key in seen or (row is not None and row.content_hash != writer.content_hash(doc.text)):
            write_run()
            outcomes[i] = writer.add_document(conn, doc, res, version, at)
        elif row is None:
            run.append(i)
        elif row.extractor_version == version:
            outcomes[i] = AddOutcome(key, "unchanged", row.id, row.revision)
        else:
            write_run()
            outcomes[i] = writer.add_document(conn, doc, res, version, at)
        seen.add(key)
    write_run()
    return [o for o in outcomes if o is not None]


def _add_new(conn: Connection, items: Sequence[Item], version: str, at: datetime) -> list[AddOutcome]:
    if not items:
        return []
    keys = [writer.doc_key(doc) for doc, _ in items]
    doc_rows = [writer.document_row(doc, res, k, 1, version, at, writer.content_hash(doc.text))
                for (doc, res), k in zip(items, keys, strict=True)]  # fmt: skip
    got = {r.doc_key: r.id for r in conn.execute(_INS_DOCS, doc_rows)}
    doc_ids = [got[k] for k in keys]

    actors = _actors(conn, (ev.actor for _, res in items for ev in res.events))
    report_rows: list[dict[str, Any]] = []
    context: list[dict[str, Any]] = []
    for (_doc, res), did, key in zip(items, doc_ids, keys, strict=True):
        for idx, ev in enumerate(res.events):
            aid = actors[writer.actor_key(ev.actor)][0] if ev.actor is not None and ev.actor.name else None
            report_rows.append(writer.report_row(did, key, idx, ev, version, at, aid))
        context += writer.context_rows(did, res, version)
    rids: dict[tuple[int, int], int] = {}
    if report_rows:
        rids = {(r.document_id, r.idx): r.id for r in conn.execute(_INS_REPORTS, report_rows)}
    if context:
        conn.execute(insert(C), context)

    names = {aid: name for aid, name in actors.values()}
    members: list[list[dict[str, Any]]] = [[] for _ in items]
    pos = {did: i for i, did in enumerate(doc_ids)}
    for row in report_rows:
        members[pos[row["document_id"]]].append(_member(row, rids[(row["document_id"], row["idx"])], names))
    linking = _Linking(conn, at, [m for ms in members for m in ms])
    outcomes = []
    for key, did, ms in zip(keys, doc_ids, members, strict=True):
        new_ids, merged, all_ids = linking.link_document(ms)
        outcomes.append(AddOutcome(key, "new", did, 1, reports=len(ms), incidents_new=len(new_ids),
                                   incidents_merged=len(merged), incident_ids=all_ids))  # fmt: skip
    linking.write()
    return outcomes


def _actors(conn: Connection, refs: Iterable[ActorRef | None]) -> dict[str, tuple[int, str]]:
    """actor key -> (id, stored name); missing actors are created in order of first appearance."""
    want: dict[str, ActorRef] = {}
    for a in refs:
        if a is not None and a.name:
            want.setdefault(writer.actor_key(a), a)
    out: dict[str, tuple[int, str]] = {}
    for chunk in writer._chunks(list(want)):
        out.update(
            {r.key: (r.id, r.name) for r in conn.execute(select(A.c.key, A.c.id, A.c.name).where(A.c.key.in_(chunk)))}
        )
    for k, a in want.items():
        if k not in out:
            aid = conn.execute(
                insert(A)
                .values(key=k, registry_id=a.id, name=a.name, kind=a.kind, parent=a.parent, umbrella=a.umbrella)
                .returning(A.c.id)  # fmt: skip
            ).scalar_one()
            out[k] = (aid, a.name)
    return out


def _member(row: dict[str, Any], rid: int, actor_names: dict[int, str]) -> dict[str, Any]:
    """A new report as writer.member would read it back from the database."""
    m = {c: row[c] for c in _MEMBER_COLS}
    for f in ("lat", "lon"):  # a Float column gives floats back
        if m[f] is not None:
            m[f] = float(m[f])
    m.update(id=rid, document=row["doc_key"], actor_name=actor_names.get(row["actor_id"]))
    return m


class _Linking:
    """Incremental linking of a run of new documents, with the incidents it touches held in memory."""

    def __init__(self, conn: Connection, at: datetime, reports: list[dict[str, Any]]) -> None:
        self.conn, self.at = conn, at
        self.linker = Linker(id_factory=self._new_incident)
        self.members: dict[int, list[dict[str, Any]]] = defaultdict(list)  # arrival (report id) order
        self.state: dict[int, dict[str, Any]] = {}  # incident id -> its row as it would be stored now
        self.links: list[dict[str, Any]] = []
        self.history: list[dict[str, Any]] = []
        self.updates: dict[int, dict[str, Any]] = {}
        self._preload(reports)

    def _preload(self, reports: list[dict[str, Any]]) -> None:
        """Every incident with a current report in the blocking window (writer.link_reports's candidate
        query) of any of these reports, with all its members; extra incidents are harmless."""
        windows: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for m in reports:
            lr = writer.link_report_of(m)
            if lr.country and lr.day_lo is not None:
                windows[lr.country].append((lr.day_lo - WINDOW_DAYS, lr.day_hi + WINDOW_DAYS))
        terms = [
            and_(R.c.country == country, R.c.day_lo >= lo - MAX_RANGE_DAYS, R.c.day_lo <= hi, R.c.day_hi >= lo)
            for country, spans in windows.items()
            for lo, hi in _merge(spans)
        ]
        cands: set[int] = set()
        for i in range(0, len(terms), _OR_TERMS):
            q = (
                select(L.c.incident_id)
                .select_from(R.join(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None))))
                .where(R.c.active, or_(*terms[i : i + _OR_TERMS]))
            )
            cands |= set(self.conn.execute(q).scalars())
        for chunk in writer._chunks(sorted(cands)):
            q = (
                writer._report_select(L.c.incident_id)
                .join(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None)))
                .where(L.c.incident_id.in_(chunk))
                .order_by(R.c.id)
            )
            for row in self.conn.execute(q):
                d = writer.member(row)
                self.members[d.pop("incident_id")].append(d)
            for row in self.conn.execute(select(I).where(I.c.id.in_(chunk))):
                self.state[row.id] = dict(row._mapping)
        for iid in sorted(self.members):
            self.linker.add_cluster(iid, [writer.link_report_of(m) for m in self.members[iid]])

    def _new_incident(self) -> int:
        """Called by the Linker when a report starts an incident: the row now (its id is the cluster id, as
        the next document sees it), its history when the decision is recorded."""
        iid = self.conn.execute(
            writer._INS_INCIDENT,
            dict(status="active", n_reports=0, resolution={}, event_type="unknown", target="other",
                 created_at=self.at, updated_at=self.at),
        ).scalar_one()  # fmt: skip
        self.state[iid] = dict(_EMPTY_INCIDENT)
        return iid

    def link_document(self, reports: list[dict[str, Any]]) -> tuple[list[int], list[int], list[int]]:
        """writer.link_reports + writer.refresh_incidents for the reports of ONE document, in memory."""
        if not reports:
            return [], [], []
        by_id = {m["id"]: m for m in reports}
        decisions = self.linker.link_document([writer.link_report_of(m) for m in reports])
        at, new_ids, merged, out = self.at, [], [], []
        for d in decisions:
            iid = d.cluster_id
            if d.new:
                new_ids.append(iid)
                self.history.append(dict(incident_id=iid, at=at, action="created", report_id=None, detail={}))
            else:
                merged.append(iid)
            self.links.append(dict(incident_id=iid, report_id=d.report_id, score=d.score, reason=d.reason,
                                   linked_at=at))  # fmt: skip
            self.history.append(dict(incident_id=iid, at=at, action="report_linked", report_id=d.report_id,
                                     detail={"score": d.score, "reason": d.reason}))  # fmt: skip
            self.members[iid].append(by_id[d.report_id])
            out.append(iid)
        for iid in sorted(set(out)):
            change = writer.incident_change(self.members[iid], self.state[iid], at)
            if change is None:
                continue
            _action, params, detail = change  # a linked incident has reports: never "retired"
            assert params is not None
            self.state[iid] = params
            self.updates[iid] = params
            if detail is not None:
                self.history.append(dict(incident_id=iid, at=at, action="values", report_id=None, detail=detail))
        return new_ids, merged, out

    def write(self) -> None:
        if self.links:
            self.conn.execute(insert(L), self.links)
        if self.history:
            self.conn.execute(insert(H), self.history)
        if self.updates:
            self.conn.execute(writer._UPD_INCIDENT, [dict(p, _iid=iid) for iid, p in self.updates.items()])


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or adjacent day ranges merged (fewer, larger blocking windows)."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out
