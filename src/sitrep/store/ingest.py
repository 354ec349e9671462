"""Ingest runner shared by `sitrep ingest` and `sitrep relink --reextract`: read, extract, store, link.

Documents are extracted outside any transaction and written in batches (one transaction each). If a batch
fails, its documents are retried one by one, so one malformed document is skipped with its reason and the
others are kept. A killed run loses at most the batch in flight; re-running the same command skips what is
already stored (same text, same extractor version) and finishes the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sitrep.models import Document, ExtractionResult
from sitrep.store.repository import Store
from sitrep.store.views import AddOutcome

Extractor = Callable[[Document], ExtractionResult]


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


def _documents(items: Iterable[object], summary: IngestSummary, store: Store) -> Iterator[Document]:
    from sitrep.sources.problems import ReadProblem

    for item in items:
        if isinstance(item, ReadProblem):
            summary.skipped.append((item.source, item.reason))
            store.record_problem(item.source, item.reason)
            continue
        yield item  # type: ignore[misc]


def ingest_documents(
    store: Store,
    items: Iterable[object],
    extract: Extractor,
    extractor_version: str,
    *,
    batch_size: int = 50,
    on_progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Extract and store Documents (ReadProblems in `items` are recorded as skipped)."""
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

    for doc in _documents(items, summary, store):
        problem = check_document(doc)
        if problem:
            skip(doc.id or "?", problem)
        else:
            status = store.document_status(doc, extractor_version)
            if status == "unchanged":
                summary.unchanged += 1
            else:
                try:
                    result = extract(doc)
                except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
                    skip(doc.id, f"extraction failed ({type(exc).__name__}: {exc})")
                    result = None
                if result is not None:
                    batch.append((doc, result))
                    if len(batch) >= batch_size:
                        flush()
        if on_progress:
            on_progress(summary)
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
