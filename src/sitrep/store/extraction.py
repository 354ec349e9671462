"""Running the extractor for the ingest runner: in this process, or in a pool of worker processes.

Extraction is pure CPU work on one document; storing is database work and Python in the main process. With
``jobs`` > 1 the runner sends chunks of documents to a ``ProcessPoolExecutor`` and stores earlier chunks
meanwhile. Details that matter:

- The pool starts lazily, when a second chunk needs extracting: the first chunk is always extracted here,
  which loads the extractor's lazily loaded data before the workers are forked (they share it), and a small
  ingest never pays for a pool.
- Linux forks the workers (the extractor need not be picklable; a closure works); elsewhere they are
  spawned and the extractor must be a module-level function.
- An exception from the extractor is caught in the worker, per document, and comes back as the reason it is
  skipped. If the pool itself fails (a worker killed, a result that cannot be sent back), the chunk and all
  later ones are extracted in this process instead, with a warning.
- Workers ignore Ctrl-C (the main process handles it) and exit by themselves when the main process is gone
  (SIGKILL), so none is left behind.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Protocol

from sitrep.models import Document, ExtractionResult

Extractor = Callable[[Document], ExtractionResult]
Extracted = ExtractionResult | str  # a result, or why the document could not be extracted
MAX_DEFAULT_JOBS = 4  # beyond this the main process (storing) is the bottleneck

log = logging.getLogger(__name__)


def default_jobs() -> int:
    """Extraction processes for `sitrep ingest`: the CPUs this process may use, at most MAX_DEFAULT_JOBS."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_DEFAULT_JOBS))


def extract_all(extract: Extractor, docs: list[Document]) -> list[Extracted]:
    out: list[Extracted] = []
    for doc in docs:
        try:
            out.append(extract(doc))
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            out.append(f"extraction failed ({type(exc).__name__}: {exc})")
    return out


class Pending(Protocol):
    def done(self) -> bool: ...
    def result(self) -> list[Extracted]: ...


class _Ready:
    def __init__(self, results: list[Extracted]) -> None:
        self._results = results

    def done(self) -> bool:
        return True

    def result(self) -> list[Extracted]:
        return self._results


class _InPool:
    def __init__(self, owner: Extraction, future: Future, docs: list[Document]) -> None:
        self._owner, self._future, self._docs = owner, future, docs

    def done(self) -> bool:
        return self._future.done()

    def result(self) -> list[Extracted]:
        try:
            return self._future.result()
        except Exception as exc:  # noqa: BLE001 - the pool broke: carry on without it
            self._owner.give_up(exc)
            return extract_all(self._owner.extract, self._docs)


class Extraction:
    """submit(docs) -> Pending; a context manager that shuts the pool down (at once when interrupted)."""

    def __init__(self, extract: Extractor, jobs: int = 1) -> None:
        self.extract = extract
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None
        self._chunks = 0
        self._failed = False

    def submit(self, docs: list[Document]) -> Pending:
        self._chunks += 1
        if self.jobs > 1 and self._chunks > 1 and not self._failed:
            try:
                if self.pool is None:
                    self.pool = _start_pool(self.extract, self.jobs)
                return _InPool(self, self.pool.submit(_extract_in_worker, docs), docs)
            except Exception as exc:  # noqa: BLE001 - e.g. no processes allowed here
                self.give_up(exc)
        return _Ready(extract_all(self.extract, docs))

    def give_up(self, exc: BaseException) -> None:
        if not self._failed:
            log.warning("extraction pool failed (%s: %s); extracting in the main process",
                        type(exc).__name__, exc)  # fmt: skip
        self._failed = True
        self.close(now=True)

    def close(self, now: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=not now, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Extraction:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.close(now=exc_type is not None)


# -- the worker side --------------------------------------------------------------------------------------

_worker_extract: Extractor | None = None


def _start_pool(extract: Extractor, jobs: int) -> ProcessPoolExecutor:
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(extract, os.getpid()))  # fmt: skip


def _init_worker(extract: Extractor, parent: int) -> None:
    global _worker_extract
    _worker_extract = extract
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    # A worker blocks reading its task queue, whose write end it also holds (fork), so it would never see
    # the main process die: poll for it instead.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _extract_in_worker(docs: list[Document]) -> list[Extracted]:
    assert _worker_extract is not None
    return extract_all(_worker_extract, docs)
