"""The watch loop: rounds of polling feeds and scanning folders, ingesting what is new.

Per document it does what `sitrep ingest` does: the store's status check first (unchanged text and extractor
version: skipped without extracting), else `extract_document` and `store.add_result`. A feed item is marked
seen, and a feed's ETag/Last-Modified kept, only once everything it brought has been stored, so that an
error part-way (a linked page that fails, a stop signal) means the rest is tried again, never lost."""

from __future__ import annotations

import hashlib
import logging
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.models import Document
from sitrep.sources.problems import ReadProblem
from sitrep.sources.watch.config import FeedConfig, FolderConfig, WatchConfig
from sitrep.sources.watch.state import FeedState, FileState, WatchState

log = logging.getLogger("sitrep.watch")


@dataclass
class RoundSummary:
    number: int = 0
    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    feeds_waiting: int = 0
    files_read: int = 0
    new: int = 0
    revised: int = 0
    reextracted: int = 0
    unchanged: int = 0
    skipped: int = 0  # documents or inputs that cannot be used (recorded in the store's problems)
    retry_later: int = 0  # items not stored this round that will be tried again
    reports: int = 0
    incidents_new: int = 0
    non_english: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    stopped: bool = False

    @property
    def stored(self) -> int:
        return self.new + self.revised + self.reextracted

    @property
    def had_errors(self) -> bool:
        return bool(self.feeds_failed or self.skipped or self.retry_later)

    def line(self) -> str:
        feeds = f"feeds {self.feeds_polled} polled"
        extra = [f"{n} {what}" for n, what in ((self.feeds_not_modified, "not modified"), (self.feeds_failed, "failed"),
                                               (self.feeds_waiting, "waiting to retry")) if n]  # fmt: skip
        if extra:
            feeds += f" ({', '.join(extra)})"
        parts = [
            feeds,
            f"files {self.files_read} read",
            f"documents {self.new} new, {self.revised} revised, {self.reextracted} re-extracted, "
            f"{self.unchanged} unchanged, {self.skipped} skipped",
            f"{self.reports} reports, {self.incidents_new} new incidents",
        ]
        if self.retry_later:
            parts.append(f"{self.retry_later} to retry")
        if self.non_english:
            langs = ", ".join(f"{lang} {n}" for lang, n in self.non_english.most_common())
            parts.append(f"{sum(self.non_english.values())} non-English stored without events ({langs}; "
                         "the extractor reads English only)")  # fmt: skip
        return f"round {self.number}{' (stopped early)' if self.stopped else ''}: " + "; ".join(parts) + f"; {self.seconds:.1f} s"


class Watcher:
    """Polls the configured feeds and folders. `run()` loops until stopped; `run_round()` does one round."""

    def __init__(
        self,
        config: WatchConfig,
        *,
        store=None,  # noqa: ANN001 - sitrep.store.Store; opened from config.db when None
        extract: Callable | None = None,
        extractor_version: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        from sitrep.sources.http import Fetcher, HostRateLimiter

        self.config = config
        self.stop_event = threading.Event()
        self.clock = clock
        self.state = WatchState.load(config.state)
        self._own_store = store is None
        if store is None:
            from sitrep.store import open_store

            store = open_store(config.db)
        self.store = store
        if extract is None:
            from sitrep.extract.pipeline import EXTRACTOR_VERSION, extract_document

            extract, extractor_version = extract_document, extractor_version or EXTRACTOR_VERSION
        self.extract = extract
        self.extractor_version = extractor_version or "unknown"
        self.fetcher = Fetcher(timeout=config.timeout, user_agent=config.user_agent,
                               limiter=HostRateLimiter(config.per_host_interval, sleep=self.stop_event.wait))  # fmt: skip
        self.rounds = 0

    # -- lifecycle -----------------------------------------------------------------------------------------

    def close(self) -> None:
        self.fetcher.close()
        if self._own_store:
            self.store.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stop(self, *_: object) -> None:
        """Ask the loop to stop after the current document (safe from a signal handler or another thread)."""
        self.stop_event.set()

    @property
    def stopping(self) -> bool:
        return self.stop_event.is_set()

    def run(self, *, once: bool = False, interval: float | None = None, handle_signals: bool = True) -> RoundSummary | None:
        """Rounds every `interval` seconds until SIGTERM/SIGINT (or `stop()`); with once=True, a single round."""
        interval = self.config.interval if interval is None else interval
        previous = {}
        if handle_signals and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, self._on_signal)
        last = None
        try:
            while not self.stopping:
                last = self.run_round()
                if once:
                    break
                self.stop_event.wait(interval)
        finally:
            self.state.save()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if self.stopping:
            log.info("stopped; state saved to %s", self.config.state)
        return last

    def _on_signal(self, signum: int, _frame: object) -> None:
        log.info("%s received: finishing the current document, then stopping", signal.Signals(signum).name)
        self.stop()

    # -- one round -----------------------------------------------------------------------------------------

    def run_round(self) -> RoundSummary:
        self.rounds += 1
        summary = RoundSummary(number=self.rounds)
        started = time.monotonic()
        for feed in self.config.feeds:
            if self.stopping:
                break
            self._poll_feed(feed, summary)
            self.state.save()
        for folder in self.config.folders:
            if self.stopping:
                break
            self._scan_folder(folder, summary)
            self.state.save()
        summary.stopped = self.stopping
        summary.seconds = time.monotonic() - started
        log.info(summary.line())
        return summary

    # -- feeds ---------------------------------------------------------------------------------------------

    def _poll_feed(self, feed: FeedConfig, summary: RoundSummary) -> None:
        from sitrep.sources.feeds import entry_document, parse_feed
        from sitrep.sources.http import FetchError

        fs = self.state.feed(feed.url)
        now = self.clock()
        if fs.next_try > now:
            summary.feeds_waiting += 1
            log.debug("%s: waiting %.0f s more after %d failure(s)", feed.url, fs.next_try - now, fs.failures)
            return
        if fs.next_poll > now:
            return
        headers = {}
        if fs.etag:
            headers["If-None-Match"] = fs.etag
        if fs.last_modified:
            headers["If-Modified-Since"] = fs.last_modified
        summary.feeds_polled += 1
        try:
            resp = self.fetcher.get(feed.url, headers)
        except FetchError as exc:
            self._failed(fs, feed.url, str(exc), summary, exc.retry_after)
            return
        if resp.status_code == 304:
            summary.feeds_not_modified += 1
            self._succeeded(fs, feed)
            return
        parsed = parse_feed(resp.content, feed.url, base_url=str(resp.url))
        if parsed.problem is not None and not parsed.entries:
            self._failed(fs, feed.url, parsed.problem.reason, summary)
            return
        complete = True
        follow = feed.follow_links or self.config.follow_links
        for entry in parsed.entries:
            if self.stopping:
                complete = False
                break
            if fs.is_seen(entry.key):
                continue
            tries = fs.item_failures.get(entry.key, 0)
            item = entry_document(entry, parsed, fetcher=self.fetcher, outlet=feed.outlet,
                                  follow_links=follow if tries < self.config.max_item_retries else "never")  # fmt: skip
            if isinstance(item, ReadProblem):
                fs.item_failures[entry.key] = tries + 1
                summary.retry_later += 1
                complete = False
                log.warning("%s (attempt %d of %d; then the item's summary is stored)", item.message(), tries + 1,
                            self.config.max_item_retries)  # fmt: skip
                continue
            if item is None or self._ingest(item, summary):
                fs.mark_seen(entry.key, self.config.max_seen)
            else:
                complete = False
        if parsed.problem is not None:
            log.warning(parsed.problem.message())
        if complete:  # only then may the server answer "not modified" next time
            fs.etag = resp.headers.get("etag")
            fs.last_modified = resp.headers.get("last-modified")
        self._succeeded(fs, feed)

    def _succeeded(self, fs: FeedState, feed: FeedConfig) -> None:
        fs.failures, fs.next_try, fs.last_error = 0, 0.0, None
        fs.next_poll = self.clock() + feed.interval if feed.interval else 0.0

    def _failed(self, fs: FeedState, url: str, why: str, summary: RoundSummary, retry_after: float | None = None) -> None:
        fs.failures += 1
        fs.last_error = why
        delay = backoff_delay(fs.failures, self.config.backoff_initial, self.config.backoff_max, retry_after)
        fs.next_try = self.clock() + delay
        summary.feeds_failed += 1
        log.warning("%s: %s (failure %d; next try in %.0f s)", url, why, fs.failures, delay)

    # -- folders -------------------------------------------------------------------------------------------

    def _scan_folder(self, folder: FolderConfig, summary: RoundSummary) -> None:
        from sitrep.sources.dispatch import _Reader

        if not folder.path.is_dir():
            log.warning("%s: no such folder", folder.path)
            summary.skipped += 1
            return
        options: dict[str, object] = dict(folder.columns)
        if folder.channel_username:
            options["channel_username"] = folder.channel_username
        reader = _Reader(folder.kind, options)
        files = self.state.folder(str(folder.path))
        now = self.clock()
        try:
            for path in sorted(folder.path.rglob("*")):
                if self.stopping:
                    return
                if not path.is_file() or path.name.startswith(".") or reader._folder_kind(path) is None:
                    continue
                rel = path.relative_to(folder.path).as_posix()
                try:
                    st = path.stat()
                except OSError:
                    continue
                known = files.get(rel)
                if known is not None and known.mtime_ns == st.st_mtime_ns and known.size == st.st_size:
                    continue
                if now - st.st_mtime < folder.min_age:
                    continue  # still being written, perhaps: next round
                digest = _sha256(path)
                if digest is None:
                    continue
                if known is not None and known.sha256 == digest:
                    files[rel] = FileState(st.st_mtime_ns, st.st_size, digest)
                    continue
                summary.files_read += 1
                if self._ingest_all(reader.read_file(path, rel, reader._folder_kind(path)), summary):
                    files[rel] = FileState(st.st_mtime_ns, st.st_size, digest)
                    self.state.save()
        finally:
            reader.close()

    # -- documents -----------------------------------------------------------------------------------------

    def _ingest_all(self, items: Iterator[Document | ReadProblem], summary: RoundSummary) -> bool:
        """Ingest a file's documents; False when it must be read again (stopped, or a store error)."""
        ok = True
        for item in items:
            if isinstance(item, ReadProblem):
                self._problem(item.source, item.reason, summary)
                continue
            if not self._ingest(item, summary):
                ok = False
            if self.stopping:
                return False
        return ok

    def _ingest(self, doc: Document, summary: RoundSummary) -> bool:
        """Store one document (extracting only when the store does not have this text). False: try again later."""
        from sitrep.sources.language import with_language
        from sitrep.store.ingest import check_document

        doc = with_language(doc)
        why = check_document(doc)
        if why:
            self._problem(doc.id or "?", why, summary)
            return True
        try:
            status = self.store.document_status(doc, self.extractor_version)
            if status == "unchanged":
                summary.unchanged += 1
                return True
            try:
                result = self.extract(doc)
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the watcher
                self._problem(doc.id, f"extraction failed ({type(exc).__name__}: {exc})", summary)
                return True
            outcome = self.store.add_result(doc, result, self.extractor_version)
        except Exception as exc:  # noqa: BLE001 - database busy or gone: keep the item for the next round
            summary.retry_later += 1
            log.warning("%s: could not be stored (%s: %s); will retry", doc.id, type(exc).__name__,
                        str(exc).splitlines()[0][:200] if str(exc) else "")  # fmt: skip
            return False
        if outcome.status in ("new", "revised", "reextracted", "unchanged"):
            setattr(summary, outcome.status, getattr(summary, outcome.status) + 1)
        summary.reports += outcome.reports
        summary.incidents_new += outcome.incidents_new
        if doc.language and doc.language != "en" and outcome.status != "unchanged":
            summary.non_english[doc.language] += 1
        return True

    def _problem(self, source: str, reason: str, summary: RoundSummary) -> None:
        summary.skipped += 1
        log.warning("skipped %s: %s", source, reason)
        try:
            self.store.record_problem(source, reason)
        except Exception:  # noqa: BLE001 - the problem is logged either way
            log.debug("could not record the problem in the store", exc_info=True)


def backoff_delay(failures: int, initial: float, maximum: float, retry_after: float | None = None) -> float:
    """Seconds to wait after the n-th failure in a row: initial * 2**(n-1), capped; a server's Retry-After
    is honoured (within the cap)."""
    delay = min(initial * (2 ** max(0, failures - 1)), maximum)
    if retry_after is not None:
        delay = max(delay, min(retry_after, maximum))
    return delay


def _sha256(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        log.warning("%s: cannot read (%s)", path, exc.strerror or exc)
        return None
    return h.hexdigest()
