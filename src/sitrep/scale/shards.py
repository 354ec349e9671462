"""Shards: the unit of work of a scale-out run. A shard is one file, read as a stream of Documents.

Formats: JSONL (``.jsonl``, ``.ndjson``, optionally ``.gz``), Parquet (``.parquet``, read in row groups /
record batches, columns id, text, url, published, title, outlet, language), WARC (``.warc``, ``.warc.gz``:
``response`` records with HTML, and ``resource``/``conversion`` records with plain text, via warcio).
A folder stands for the shard files under it (sorted). Every unusable item becomes a ReadProblem; a shard
that breaks off in the middle (truncated gzip, corrupt Parquet) yields what was read and then one
ReadProblem for the rest, so a run stores what it can and reports the remainder.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep.models import Document
from sitrep.sources.problems import ReadProblem

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".warc": "warc"}
PARQUET_BATCH = 1024


@dataclass(frozen=True, slots=True)
class Shard:
    path: str  # as given / found (on a cluster: a path on shared storage, the same on every machine)
    fmt: str
    fingerprint: str  # size:mtime_ns, so an edited shard is redone

    @property
    def name(self) -> str:
        return self.path


def shard_format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return FORMATS.get(suffixes[-1]) if suffixes else None


def fingerprint(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def discover(paths: Iterable[str]) -> tuple[list[Shard], list[ReadProblem]]:
    """The shards named by `paths` (files, or folders of shard files), in order, and what could not be used."""
    shards: list[Shard] = []
    problems: list[ReadProblem] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and shard_format(f))
            if not files:
                problems.append(ReadProblem(raw, "folder has no .jsonl, .parquet or .warc shards"))
        elif p.is_file():
            if not shard_format(p):
                problems.append(ReadProblem(raw, "not a shard (expected .jsonl, .ndjson, .parquet or .warc, optionally .gz)"))
                continue
            files = [p]
        else:
            problems.append(ReadProblem(raw, "no such file or folder"))
            continue
        for f in files:
            key = os.path.abspath(f)
            if key in seen:
                continue
            seen.add(key)
            shards.append(Shard(key, shard_format(f) or "jsonl", fingerprint(f)))
    return shards, problems


def read_shard(shard: Shard | str) -> Iterator[Document | ReadProblem]:
    """Stream the documents of one shard (never the whole file in memory)."""
    path = Path(shard.path if isinstance(shard, Shard) else shard)
    fmt = shard.fmt if isinstance(shard, Shard) else (shard_format(path) or "jsonl")
    reader = {"jsonl": _read_jsonl, "parquet": _read_parquet, "warc": _read_warc}[fmt]
    n = 0
    try:
        for item in reader(path):
            n += 1
            yield item
    except Exception as exc:  # noqa: BLE001 - a corrupt shard: keep what was read, report the rest
        yield ReadProblem(str(path), f"shard is corrupt after {n} items ({type(exc).__name__}: {_first_line(exc)})")


def _first_line(exc: BaseException) -> str:
    s = str(exc)
    return s.splitlines()[0][:200] if s else type(exc).__name__


def _open(path: Path):  # noqa: ANN202
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")


def _read_jsonl(path: Path) -> Iterator[Document | ReadProblem]:
    from sitrep.sources.files import _read_jsonl_stream

    with _open(path) as fh:
        yield from _read_jsonl_stream(fh, str(path))


DOC_COLUMNS = ("id", "text", "url", "published", "title", "outlet", "language")


def _read_parquet(path: Path) -> Iterator[Document | ReadProblem]:
    import pyarrow.parquet as pq

    from sitrep.sources.files import _document_from_json

    pf = pq.ParquetFile(path)
    cols = [c for c in DOC_COLUMNS if c in pf.schema_arrow.names]
    if "text" not in cols:
        yield ReadProblem(str(path), "Parquet shard has no 'text' column")
        return
    row = 0
    for batch in pf.iter_batches(batch_size=PARQUET_BATCH, columns=cols):
        for rec in batch.to_pylist():
            row += 1
            obj = {k: v for k, v in rec.items() if v is not None}
            obj.setdefault("source_kind", "parquet")
            yield _document_from_json(obj, f"{path}:row{row}", row)


def _read_warc(path: Path) -> Iterator[Document | ReadProblem]:
    from warcio.archiveiterator import ArchiveIterator

    from sitrep.sources.files import _decode
    from sitrep.sources.html import html_to_document, looks_like_html

    with path.open("rb") as fh:
        for n, rec in enumerate(ArchiveIterator(fh), 1):
            if rec.rec_type not in ("response", "resource", "conversion"):
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            where = f"{path}:{url or f'record{n}'}"
            ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers else
                     rec.rec_headers.get_header("Content-Type")) or ""  # fmt: skip
            if rec.rec_type == "response" and rec.http_headers and not rec.http_headers.get_statuscode().startswith("2"):
                continue
            if ctype and not any(t in ctype for t in ("html", "text")):
                continue
            text = _decode(rec.content_stream().read(), where)
            if isinstance(text, ReadProblem):
                yield text
                continue
            date = (rec.rec_headers.get_header("WARC-Date") or "")[:10] or None
            doc_id = url or f"{path.name}#{n}"
            if "html" in ctype or looks_like_html(text):
                try:
                    doc = html_to_document(text, doc_id)
                except Exception as exc:  # noqa: BLE001
                    yield ReadProblem(where, f"HTML could not be parsed ({type(exc).__name__})")
                    continue
                if doc is None:
                    yield ReadProblem(where, "no article text found in the HTML")
                    continue
                doc = doc.model_copy(update={"url": doc.url or url, "published": doc.published or date,
                                             "source_kind": "warc"})  # fmt: skip
            else:
                doc = Document(id=doc_id, text=text, url=url, published=date, source_kind="warc")
            yield doc
