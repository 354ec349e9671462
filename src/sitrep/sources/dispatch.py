"""`read_any`: one entry point for every reader, choosing by --kind, file name and a look at the content.

    for item in read_any(["saved/", "feed.xml", "result.json", "crawl.warc.gz"]):
        if isinstance(item, ReadProblem): print(item.message())
        else: ...  # a Document, its `language` set

.txt, .html and .jsonl (and '-' for JSONL on stdin) are read exactly as `iter_documents` reads them, so
`sitrep extract` and `sitrep ingest` keep their behaviour; the other kinds are added around them."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitrep.models import Document
from sitrep.sources.problems import ReadProblem

KINDS = ("auto", "html", "rss", "telegram", "warc", "csv", "jsonl", "txt")
READ_OPTIONS = frozenset({
    "text_col", "url_col", "date_col", "id_col", "title_col", "outlet_col", "delimiter",
    "follow_links", "timeout", "user_agent", "fetcher", "outlet", "channel_username", "detect_language",
})  # fmt: skip
SUFFIX_KINDS = {
    ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv", ".tab": "csv",
    ".rss": "rss", ".atom": "rss", ".xml": "rss", ".warc": "warc", ".arc": "warc", ".json": "telegram",
}  # fmt: skip
COMPOUND_SUFFIXES = {".warc.gz": "warc", ".arc.gz": "warc"}


def read_any(paths: Iterable[str], kind: str = "auto", **options: object) -> Iterator[Document | ReadProblem]:
    """Documents (language identified) and ReadProblems from files, folders, feed URLs and '-' (stdin JSONL).

    kind: auto (by name and content) or one of html, rss, telegram, warc, csv, jsonl, txt.
    options: text_col, url_col, date_col, id_col, title_col, outlet_col, delimiter (tables); follow_links
    (auto|always|never), timeout, user_agent, fetcher (feeds); outlet (feeds: override the outlet);
    channel_username (Telegram: build t.me URLs); detect_language (default True)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    unknown = set(options) - READ_OPTIONS
    if unknown:
        raise TypeError(f"read_any() got unknown options: {', '.join(sorted(unknown))}")
    detect = options.pop("detect_language", True)
    reader = _Reader(kind, options)
    try:
        for item in reader.read(paths):
            if detect and isinstance(item, Document) and not item.language:
                from sitrep.sources.language import with_language

                item = with_language(item)
            yield item
    finally:
        reader.close()


def detect_kind(path: Path, head: bytes | None = None) -> str | None:
    """The reader for one file: by its name, then by its first bytes. None: not a kind sitrep reads."""
    name = path.name.lower()
    for suffix, k in COMPOUND_SUFFIXES.items():
        if name.endswith(suffix):
            return k
    by_name = SUFFIX_KINDS.get(path.suffix.lower())
    if head is None:
        try:
            with path.open("rb") as fh:
                head = fh.read(4096)
        except OSError:
            return by_name
    if head.startswith((b"WARC/1.", b"\x1f\x8b")) and by_name not in ("csv", "jsonl", "txt"):
        return "warc" if head.startswith(b"WARC/1.") or by_name is None or name.endswith(".gz") else by_name
    text = head.decode("utf-8", errors="replace")
    if by_name in ("html", "rss", None):
        from sitrep.sources.feeds import looks_like_feed
        from sitrep.sources.telegram import looks_like_telegram_html

        if looks_like_telegram_html(text):
            return "telegram"
        if looks_like_feed(text):
            return "rss"
        if by_name is None:
            from sitrep.sources.html import looks_like_html

            if looks_like_html(text):
                return "html"
            if text.lstrip().startswith("{") and '"messages"' in text:
                return "telegram"
    return by_name


class _Reader:
    def __init__(self, kind: str, options: dict[str, object]) -> None:
        from sitrep.sources.tabular import column_options

        self.kind = kind
        self.options = options
        self.columns = column_options(options)
        self._fetcher = options.get("fetcher")
        self._own_fetcher = None

    def close(self) -> None:
        if self._own_fetcher is not None:
            self._own_fetcher.close()

    @property
    def fetcher(self):  # noqa: ANN201
        if self._fetcher is None:
            from sitrep.sources.http import DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, Fetcher

            self._own_fetcher = Fetcher(timeout=float(self.options.get("timeout") or DEFAULT_TIMEOUT),  # type: ignore[arg-type]
                                        user_agent=str(self.options.get("user_agent") or DEFAULT_USER_AGENT))  # fmt: skip
            self._fetcher = self._own_fetcher
        return self._fetcher

    def read(self, paths: Iterable[str]) -> Iterator[Document | ReadProblem]:
        for raw in paths:
            if raw == "-":
                yield from self._stdin()
            elif raw.startswith(("http://", "https://")):
                yield from self._url(raw)
            else:
                path = Path(raw)
                if path.is_dir():
                    yield from self._folder(path, raw)
                elif path.is_file():
                    yield from self.read_file(path, path.name)
                else:
                    yield ReadProblem(raw, "no such file or folder")

    def read_file(self, path: Path, doc_id: str, kind: str | None = None) -> Iterator[Document | ReadProblem]:
        """One file, its Documents named after `doc_id` where the format has no ids of its own (.txt, .html)."""
        kind = kind or (self.kind if self.kind != "auto" else detect_kind(path))
        source = str(path)
        if kind is None:
            yield ReadProblem(source, "not a kind of file sitrep reads (name it with --kind)")
        elif kind in ("txt", "html") and self.kind == "auto":
            from sitrep.sources.files import _read_file  # the behaviour `sitrep extract` has always had

            yield from _read_file(path, doc_id)
        elif kind == "txt":
            yield from self._forced_text(path, doc_id)
        elif kind == "html":
            yield from self._forced_html(path, doc_id)
        elif kind == "jsonl":
            if self.columns:
                from sitrep.sources.tabular import read_jsonl_table

                yield from read_jsonl_table(path, **self.columns)
            else:
                from sitrep.sources.files import iter_documents

                yield from iter_documents([source])
        elif kind == "csv":
            from sitrep.sources.tabular import read_csv

            yield from read_csv(path, delimiter=self.options.get("delimiter"), **self.columns)  # type: ignore[arg-type]
        elif kind == "rss":
            from sitrep.sources.feeds import read_feed

            yield from read_feed(source, fetcher=self.fetcher, follow_links=str(self.options.get("follow_links") or "auto"),
                                 outlet=self.options.get("outlet"))  # type: ignore[arg-type]  # fmt: skip
        elif kind == "telegram":
            from sitrep.sources.telegram import read_telegram

            yield from read_telegram(path, channel_username=self.options.get("channel_username"))  # type: ignore[arg-type]
        elif kind == "warc":
            from sitrep.sources.warc import read_warc

            yield from read_warc(path)

    def _folder(self, folder: Path, raw: str) -> Iterator[Document | ReadProblem]:
        files = []
        for p in sorted(folder.rglob("*")):
            if not p.is_file() or p.name.startswith("."):
                continue
            k = self._folder_kind(p)
            if k is not None:
                files.append((p, k))
        telegram_json_dirs = {p.parent for p, k in files if k == "telegram" and p.suffix.lower() == ".json"}
        files = [(p, k) for p, k in files if not (k == "telegram" and p.suffix.lower() != ".json" and p.parent in telegram_json_dirs)]
        if not files:
            what = "no files sitrep reads" if self.kind == "auto" else f"no {self.kind} files"
            yield ReadProblem(raw, f"folder has {what}")
        for p, k in files:
            yield from self.read_file(p, p.relative_to(folder).as_posix(), k)

    def _folder_kind(self, p: Path) -> str | None:
        name = p.name.lower()
        by_name = next((k for s, k in COMPOUND_SUFFIXES.items() if name.endswith(s)), None) or SUFFIX_KINDS.get(p.suffix.lower())
        if by_name is None:
            return None  # in a folder, only files named as a kind sitrep reads (not photos, css, js)
        if self.kind == "auto":
            if by_name == "telegram" and name != "result.json":
                k = detect_kind(p)
                return k if k == "telegram" else None
            return detect_kind(p)
        if self.kind == "telegram":
            return "telegram" if name == "result.json" or (by_name == "html" and name.startswith("messages")) else None
        return self.kind if by_name == self.kind or (self.kind == "html" and by_name == "txt") else None

    def _url(self, url: str) -> Iterator[Document | ReadProblem]:
        if self.kind in ("auto", "rss"):
            from sitrep.sources.feeds import read_feed

            yield from read_feed(url, fetcher=self.fetcher, follow_links=str(self.options.get("follow_links") or "auto"),
                                 outlet=self.options.get("outlet"))  # type: ignore[arg-type]  # fmt: skip
        elif self.kind == "html":
            from sitrep.sources.html import html_to_document
            from sitrep.sources.http import FetchError, response_text

            try:
                resp = self.fetcher.get(url)
            except FetchError as exc:
                yield ReadProblem(url, f"could not fetch the page: {exc}")
                return
            doc = html_to_document(response_text(resp), url, url=url)
            yield doc if doc is not None else ReadProblem(url, "no article text found in the HTML")
        else:
            yield ReadProblem(url, f"--kind {self.kind} reads files, not URLs (use --kind rss or html)")

    def _stdin(self) -> Iterator[Document | ReadProblem]:
        if self.kind not in ("auto", "jsonl"):
            yield ReadProblem("<stdin>", f"standard input is read as JSONL only, not {self.kind}")
            return
        if self.columns:
            from sitrep.sources.tabular import jsonl_table_rows

            yield from jsonl_table_rows(sys.stdin.buffer.read(), "<stdin>", "stdin", self.columns)
            return
        from sitrep.sources.files import iter_documents

        yield from iter_documents(["-"])

    def _forced_text(self, path: Path, doc_id: str) -> Iterator[Document | ReadProblem]:
        from sitrep.sources.files import read_text

        text = read_text(path)
        yield text if isinstance(text, ReadProblem) else Document(id=doc_id, text=text, source_kind="txt")

    def _forced_html(self, path: Path, doc_id: str) -> Iterator[Document | ReadProblem]:
        from sitrep.sources.files import read_text
        from sitrep.sources.html import html_to_document

        text = read_text(path)
        if isinstance(text, ReadProblem):
            yield text
            return
        try:
            doc = html_to_document(text, doc_id)
        except Exception as exc:  # noqa: BLE001 - a broken page must not stop the run
            yield ReadProblem(str(path), f"HTML could not be parsed ({type(exc).__name__})")
            return
        yield doc if doc is not None else ReadProblem(str(path), "no article text found in the HTML")
