"""Ingest runner shared by `sitrep ingest` and `sitrep relink --reextract`: read, extract, store, link.

Documents are extracted outside any transaction and written in batches (one transaction each). If a batch
fails, its documents are retried one by one, so one malformed document is skipped with its reason and the
others are kept. A killed run loses at most the batch in flight; re-running the same command skips what is
already stored (same text, same extractor version) and finishes the rest.

Input is taken in chunks of CHUNK documents: each chunk is checked (one status query; unchanged documents
are never extracted) and the documents that need it are extracted, in this process (``jobs=1``) or in a
pool of ``jobs`` worker processes (see ``extraction.py``) while this process writes the chunks before it.
Chunks are consumed strictly in input order, so the batches written, and hence the database, are the same
whatever ``jobs`` is.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from sitrep.models import Document, ExtractionResult
from sitrep.store.extraction import Extraction, Extractor, Pending, default_jobs
from sitrep.store.repository import Store
from sitrep.store.views import AddOutcome

__all__ = ["IngestSummary", "check_document", "default_jobs", "ingest_documents", "stored_documents"]

CHUNK = 8  # documents per status query and per task sent to a worker
AHEAD = 2  # chunks per worker extracted ahead of the writer


@dataclass
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    revised: int = 0
    reextracted: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    reports: int = 0
    incidents_new: int = 0
    incidents_merged: int = 0

    @property
    def documents(self) -> int:
        return self.new + self.unchanged + self.revised + self.reextracted

    def add(self, o: AddOutcome) -> None:
        setattr(self, o.status, getattr(self, o.status) + 1)
        self.reports += o.reports
        self.incidents_new += o.incidents_new
        self.incidents_merged += o.incidents_merged

    def to_dict(self) -> dict:
        return {
            "documents": {"new": self.new, "unchanged": self.unchanged, "revised": self.revised,
                          "reextracted": self.reextracted, "skipped": len(self.skipped)},
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
            "reports": self.reports,
            "incidents": {"new": self.incidents_new, "merged": self.incidents_merged},
        }  # fmt: skip

    def lines(self) -> list[str]:
        out = [
            f"documents: {self.new} new, {self.unchanged} unchanged, {self.revised} revised, "
            f"{self.reextracted} re-extracted, {len(self.skipped)} skipped",
            f"reports: {self.reports} stored",
            f"incidents: {self.incidents_new} new, {self.incidents_merged} reports merged into existing incidents",
        ]
        out += [f"  skipped {s}: {r}" for s, r in self.skipped]
        return out


def check_document(doc: Document) -> str | None:
    """Why a document cannot be stored, or None."""
    if not doc.id or not doc.id.strip():
        return "document has no id"
    if not doc.text or not doc.text.strip():
        return "document text is empty"
    if "\x00" in doc.text:
        return "document text contains NUL characters"
    return None


@dataclass(slots=True)
class _Slot:
    """One input item, in input order: skipped (with why), unchanged, or to be extracted."""

    source: str
    doc: Document | None = None
    skip: str | None = None
    unchanged: bool = False


@dataclass(slots=True)
class _Chunk:
    slots: list[_Slot]
    extracted: Pending | None  # results for the slots to extract, in order

    def done(self) -> bool:
        return self.extracted is None or self.extracted.done()


def _prepare(store: Store, items: list[object], version: str, extraction: Extraction) -> _Chunk:
    from sitrep.sources.problems import ReadProblem

    slots: list[_Slot] = []
    for item in items:
        if isinstance(item, ReadProblem):
            slots.append(_Slot(item.source, skip=item.reason))
            continue
        doc: Document = item  # type: ignore[assignment]
        slots.append(_Slot(doc.id or "?", doc, skip=check_document(doc)))
    checked = [s for s in slots if s.skip is None]
    todo: list[Document] = []
    for s, status in zip(checked, store.document_statuses([s.doc for s in checked], version), strict=True):
        if status == "unchanged":
            s.unchanged = True
        else:
            todo.append(s.doc)  # type: ignore[arg-type]
    return _Chunk(slots, extraction.submit(todo) if todo else None)


def _chunks(items: Iterable[object]) -> Iterator[list[object]]:
    it = iter(items)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def ingest_documents(
    store: Store,
    items: Iterable[object],
    extract: Extractor,
    extractor_version: str,
    *,
    batch_size: int = 50,
    on_progress: Callable[[IngestSummary], None] | None = None,
    jobs: int = 1,
) -> IngestSummary:
    """Extract and store Documents (ReadProblems in `items` are recorded as skipped).

    jobs > 1: extract in that many worker processes (started once more than one chunk needs extraction)."""
    summary = IngestSummary()
    batch: list[tuple[Document, ExtractionResult]] = []

    def skip(source: str, reason: str) -> None:
        summary.skipped.append((source, reason))
        store.record_problem(source, reason)

    def flush() -> None:
        if not batch:
            return
        try:
            outcomes = store.add_results(batch, extractor_version)
        except Exception:  # noqa: BLE001 - retry one by one to isolate the bad document
            outcomes = []
            for doc, res in batch:
                try:
                    outcomes.append(store.add_result(doc, res, extractor_version))
                except Exception as exc:  # noqa: BLE001
                    skip(doc.id, f"could not be stored ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})")
        for o in outcomes:
            summary.add(o)
        batch.clear()

    def consume(chunk: _Chunk) -> None:
        results = iter(chunk.extracted.result() if chunk.extracted else [])
        for s in chunk.slots:
            if s.skip is not None:
                skip(s.source, s.skip)
            elif s.unchanged:
                summary.unchanged += 1
            else:
                res = next(results)
                if isinstance(res, str):  # the extractor raised: one bad document must not stop the run
                    skip(s.source, res)
                else:
                    batch.append((s.doc, res))  # type: ignore[arg-type]
                    if len(batch) >= batch_size:
                        flush()
            if on_progress:
                on_progress(summary)

    ahead = AHEAD * jobs if jobs > 1 else 0
    pending: deque[_Chunk] = deque()
    with Extraction(extract, jobs) as extraction:
        for items_ in _chunks(items):
            pending.append(_prepare(store, items_, extractor_version, extraction))
            while pending and (len(pending) > ahead or pending[0].done()):
                consume(pending.popleft())
        while pending:
            consume(pending.popleft())
    flush()
    if on_progress:
        on_progress(summary)
    return summary


def stored_documents(store: Store, extractor_version: str | None = None) -> Iterator[Document]:
    """Current documents (with text) whose reports come from another extractor version (all when None)."""
    for d in store.documents(current_only=True, with_text=True):
        if extractor_version is not None and d.extractor_version == extractor_version:
            continue
        yield Document(id=d.doc_id, text=d.text or "", url=d.url, published=d.published, title=d.title,
                       outlet=d.outlet)  # fmt: skip
