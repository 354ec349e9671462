"""The Store: one interface over SQLite (embedded default) and PostgreSQL.

Writes run in one transaction per batch of documents under the database's write lock (SQLite: BEGIN
IMMEDIATE; PostgreSQL: pg_advisory_xact_lock), so a crash loses at most the batch in flight and two
ingests at once queue instead of racing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, or_, select, text

from sitrep.models import Document, ExtractionResult
from sitrep.store import batch, writer
from sitrep.store.engine import PG_WRITE_LOCK, make_engine, migrate, redact, resolve_url
from sitrep.store.views import (
    INCIDENT_FIELDS,
    AddOutcome,
    ContextFactView,
    DocumentView,
    HistoryEntry,
    IncidentFilters,
    IncidentView,
    ReportView,
    SourceRef,
)

D, R, I, L, H, C, A = writer.D, writer.R, writer.I, writer.L, writer.H, writer.C, writer.A  # noqa: E741


def _ord(d: str | None) -> int | None:
    if not d:
        return None
    return date.fromisoformat(d if len(d) == 10 else d + "-01").toordinal()


class Store:
    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @property
    def backend(self) -> str:
        return self.engine.dialect.name  # "sqlite" | "postgresql"

    def describe(self) -> str:
        return f"{self.backend} {redact(self.url)}"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction holding the database's write lock."""
        with self.engine.begin() as conn:
            if self.backend == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITE_LOCK})
            yield conn

    def document_status(self, doc: Document, extractor_version: str) -> str:
        """new | unchanged | revised | reextract (a cheap read, to skip extraction of unchanged documents)."""
        with self.engine.connect() as conn:
            return writer.document_status(conn, doc, extractor_version)

    def document_statuses(self, docs: list[Document], extractor_version: str) -> list[str]:
        """document_status of each document, in one query per few hundred documents."""
        with self.engine.connect() as conn:
            return writer.batch_status(conn, docs, extractor_version)

    def add_result(self, doc: Document, result: ExtractionResult, extractor_version: str = "unknown") -> AddOutcome:
        """Store one document and its extraction, and link its reports. Idempotent."""
        return self.add_results([(doc, result)], extractor_version)[0]

    def add_results(
        self, items: Iterable[tuple[Document, ExtractionResult]], extractor_version: str = "unknown"
    ) -> list[AddOutcome]:
        """Several documents in one transaction (all or nothing), in order; the same outcome as add_result
        for each in turn, in a few statements (store/batch.py)."""
        items = list(items)
        with self.write() as conn:
            return batch.add_documents(conn, items, extractor_version, writer.now())

    def record_problem(self, source: str, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(writer.ProblemTable).values(source=source, reason=reason, at=writer.now()))

    def relink(self) -> dict[str, int]:
        """Recluster all active reports (after an extractor change or a change of linking rules)."""
        with self.write() as conn:
            return writer.relink_all(conn)

    # -- reading -------------------------------------------------------------------------------------
    def incidents(self, filters: IncidentFilters | None = None, **kw: Any) -> list[IncidentView]:
        f = filters or IncidentFilters(**kw)
        q = select(I)
        if f.status:
            q = q.where(I.c.status == f.status)
        if f.since:
            q = q.where(I.c.day_hi >= _ord(f.since))
        if f.until:
            q = q.where(I.c.day_lo <= _ord(f.until))
        if f.country:
            q = q.where(func.lower(I.c.country) == f.country.lower())
        if f.admin1:
            q = q.where(func.lower(I.c.admin1) == f.admin1.lower())
        if f.event_type:
            q = q.where(I.c.event_type == f.event_type)
        if f.group:
            pat = f"%{f.group.lower()}%"
            q = q.where(
                or_(
                    func.lower(I.c.claimed_by).like(pat),
                    func.lower(I.c.actor_name).like(pat),
                    func.lower(I.c.attributed_to).like(pat),
                )
            )
        q = q.order_by(I.c.day_lo.is_(None), I.c.day_lo, I.c.id)
        if f.limit:
            q = q.limit(f.limit)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
            sources = self._sources(conn, [r.id for r in rows])
        return [self._view(r, sources.get(r.id, [])) for r in rows]

    def incident(self, incident_id: int) -> IncidentView | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(I).where(I.c.id == incident_id)).first()
            if row is None:
                return None
            return self._view(row, self._sources(conn, [row.id]).get(row.id, []))

    def history(self, incident_id: int) -> list[HistoryEntry]:
        """Everything that happened to an incident, oldest first (links with score and reason, value changes)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(H).where(H.c.incident_id == incident_id).order_by(H.c.id)).all()
        return [HistoryEntry(r.at, r.action, r.report_id, r.detail) for r in rows]

    def documents(
        self, current_only: bool = True, doc_key: str | None = None, with_text: bool = False
    ) -> list[DocumentView]:
        cols = [c for c in D.c if c.name not in ("text", "superseded_at", "language", "source_kind")]
        if with_text:
            cols.append(D.c.text)
        q = select(*cols)
        if current_only:
            q = q.where(D.c.is_current)
        if doc_key is not None:
            q = q.where(D.c.doc_key == doc_key)
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(D.c.id)).all()
        return [DocumentView(**dict(r._mapping)) for r in rows]

    def reports(
        self,
        incident_id: int | None = None,
        doc_key: str | None = None,
        active_only: bool = True,
        ids: list[int] | None = None,
    ) -> list[ReportView]:
        q = select(R.c.id, R.c.document_id, R.c.doc_key, R.c.idx, R.c.extractor_version, R.c.active, R.c.event,
                   L.c.incident_id).outerjoin(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None)))  # fmt: skip
        if active_only:
            q = q.where(R.c.active)
        if incident_id is not None:
            q = q.where(L.c.incident_id == incident_id)
        if doc_key is not None:
            q = q.where(R.c.doc_key == doc_key)
        if ids is not None:
            q = q.where(R.c.id.in_(ids))
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(R.c.id)).all()
        return [ReportView(**dict(r._mapping)) for r in rows]

    def context_facts(self, kind: str | None = None, group: str | None = None) -> list[ContextFactView]:
        q = select(C).where(C.c.active)
        if kind:
            q = q.where(C.c.kind == kind)
        if group:
            pat = f"%{group.lower()}%"
            q = q.where(or_(func.lower(C.c.group_name).like(pat), func.lower(C.c.actor).like(pat)))
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(C.c.id)).all()
        return [
            ContextFactView(
                r.id,
                r.document_id,
                r.kind,
                r.actor,
                r.group_name,
                r.date,
                r.start,
                r.end,
                r.count,
                r.window_weeks,
                r.window_days,
                r.evidence,
                r.spans,
            )  # fmt: skip
            for r in rows
        ]

    def problems(self) -> list[tuple[str, str]]:
        with self.engine.connect() as conn:
            return [(r.source, r.reason) for r in conn.execute(select(writer.ProblemTable).order_by("id"))]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:

            def n(q: Any) -> int:
                return conn.execute(q).scalar_one()

            return {
                "documents": n(select(func.count()).select_from(D).where(D.c.is_current)),
                "revisions": n(select(func.count()).select_from(D)),
                "reports": n(select(func.count()).select_from(R).where(R.c.active)),
                "incidents": n(select(func.count()).select_from(I).where(I.c.status == "active")),
                "links": n(select(func.count()).select_from(L).where(L.c.unlinked_at.is_(None))),
                "context_facts": n(select(func.count()).select_from(C).where(C.c.active)),
            }

    # -- helpers -------------------------------------------------------------------------------------
    @staticmethod
    def _sources(conn: Connection, ids: list[int]) -> dict[int, list[SourceRef]]:
        out: dict[int, list[SourceRef]] = defaultdict(list)
        for chunk in writer._chunks(ids):
            q = (
                select(
                    L.c.incident_id,
                    L.c.report_id,
                    L.c.score,
                    L.c.reason,
                    D.c.id.label("document_id"),
                    D.c.doc_id,
                    D.c.url,
                    D.c.outlet,
                    D.c.published,
                    D.c.revision,
                )  # fmt: skip
                .select_from(L.join(R, R.c.id == L.c.report_id).join(D, D.c.id == R.c.document_id))
                .where(L.c.incident_id.in_(chunk), L.c.unlinked_at.is_(None))
                .order_by(L.c.incident_id, R.c.id)
            )
            for r in conn.execute(q):
                out[r.incident_id].append(
                    SourceRef(
                        r.document_id,
                        r.doc_id,
                        r.url,
                        r.outlet,
                        r.published,
                        r.revision,
                        r.report_id,
                        r.score,
                        r.reason,
                    )  # fmt: skip
                )
        return out

    @staticmethod
    def _view(row: Any, sources: list[SourceRef]) -> IncidentView:
        values = {f: getattr(row, f) for f in INCIDENT_FIELDS}
        return IncidentView(row.id, row.status, values, row.n_reports, sources, row.resolution or {},
                            row.created_at, row.updated_at)  # fmt: skip


def open_store(url: str | None = None, *, migrate_schema: bool = True) -> Store:
    """Open (and create/migrate) the database: `url`, else $SITREP_DB, else ./sitrep.sqlite."""
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    if migrate_schema:
        migrate(engine)
    return Store(engine, resolved)
