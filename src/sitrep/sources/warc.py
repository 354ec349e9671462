"""WARC files (.warc, .warc.gz, as written by wget --warc-file, Heritrix, browsertrix, ...), read with warcio.

Each `response` record whose payload is HTML becomes a Document (id and url: the record's WARC-Target-URI;
the page's own metadata for title, date and outlet). Other records (requests, metadata, images, scripts,
redirects, errors) are passed over. A damaged record is reported with its number and byte offset, and
reading resumes at the next record boundary found after it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from sitrep.models import Document
from sitrep.sources.problems import ReadProblem

MAX_PAYLOAD_BYTES = 5 * 1024 * 1024
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_WARC_START = re.compile(rb"(?:^|\r?\n)(WARC/1\.[01]\r?\n)")
_GZIP_START = b"\x1f\x8b\x08"
MAX_RESYNCS = 1000


def read_warc(path: str | Path) -> Iterator[Document | ReadProblem]:
    """Documents from the HTML responses in a WARC file; ReadProblems for damaged records."""
    from warcio.archiveiterator import ArchiveIterator

    path = Path(path)
    source = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield ReadProblem(source, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        head = fh.read(4)
        fh.seek(0)
        gz = head.startswith(b"\x1f\x8b")
        if not head:
            yield ReadProblem(source, "empty file")
            return
        if not gz and not head.startswith(b"WARC"):
            yield ReadProblem(source, "not a WARC file (it does not start with a WARC/1.x header or gzip data)")
            return
        base, number = 0, 0
        for _ in range(MAX_RESYNCS):
            fh.seek(base)
            it = ArchiveIterator(fh, check_digests=False)
            end = base  # where the record after the last good one starts (or a little before it)
            try:
                for record in it:
                    number += 1
                    item = _record_item(record, source, number)  # reads the payload before offsets are asked
                    it.read_to_end()
                    start = base + it.get_record_offset()
                    end = start + it.get_record_length()
                    if item is not None:
                        yield item
                return
            except Exception as exc:  # noqa: BLE001 - warcio raises several types on damaged data
                number += 1
                yield ReadProblem(f"{source} record {number} (at or after byte offset {end})",
                                  f"damaged WARC record ({type(exc).__name__}: {_first_line(exc)}); skipped")  # fmt: skip
                nxt = _next_boundary(path, end + 1, gz)
                if nxt is None:
                    return
                base = nxt
        yield ReadProblem(source, f"too many damaged records; stopped after record {number}")


def _record_item(record, source: str, number: int) -> Document | ReadProblem | None:  # noqa: ANN001
    from sitrep.sources.html import html_to_document

    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    if status and not status.startswith("2"):
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if ctype and not ctype.startswith(_HTML_TYPES):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#record{number}"
    where = f"{source} record {number} ({uri})"
    data = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
    if len(data) > MAX_PAYLOAD_BYTES:
        return ReadProblem(where, f"payload over the {MAX_PAYLOAD_BYTES // 2**20} MB limit for one page")
    if not data.strip():
        return None
    if not ctype and b"<html" not in data[:4096].lower():
        return None  # no declared type, and not HTML by content
    markup = _decode(data, ctype)
    try:
        doc = html_to_document(markup, uri, url=uri if uri.startswith(("http://", "https://")) else None)
    except Exception as exc:  # noqa: BLE001 - one broken page must not stop the file
        return ReadProblem(where, f"HTML could not be parsed ({type(exc).__name__})")
    if doc is None:
        return ReadProblem(where, "no article text found in the HTML")
    return doc.model_copy(update={"source_kind": "warc"})


def _decode(data: bytes, ctype: str) -> str:
    m = _CHARSET.search(ctype)
    charsets = [m.group(1)] if m else []
    mm = _META_CHARSET.search(data[:4096])
    if mm:
        charsets.append(mm.group(1).decode("ascii", "replace"))
    for cs in [*charsets, "utf-8"]:
        try:
            return data.decode(cs)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def _next_boundary(path: Path, start: int, gz: bool) -> int | None:
    """Byte offset of the next record start after `start`: a gzip member, or a WARC/1.x line."""
    with path.open("rb") as fh:
        fh.seek(start)
        pos = start
        tail = b""
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                return None
            buf = tail + chunk
            base = pos - len(tail)
            if gz:
                i = buf.find(_GZIP_START)
                if i >= 0:
                    return base + i
            else:
                m = _WARC_START.search(buf)
                if m:
                    return base + m.start(1)
            tail = buf[-16:]
            pos += len(chunk)


def _first_line(exc: BaseException) -> str:
    text = "".join(c if c.isprintable() and ord(c) < 0x250 else "?" for c in str(exc))
    text = " ".join(text.split())
    if text.count("?") > len(text) / 5:
        text = text.split(":")[0] + ": binary data where a record header should be"
    return text[:120] if text else type(exc).__name__
