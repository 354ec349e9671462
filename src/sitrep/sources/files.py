"""Read `.txt`, `.html` and `.jsonl` files, folders of them, and JSONL on stdin into Documents.

Every unusable item becomes a ReadProblem (file or file:line, and why); the others are still read."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from sitrep.models import Document
from sitrep.sources.problems import ReadProblem

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # one article; a 50 MB "article" is a mistake, not news
TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def iter_documents(paths: Iterable[str]) -> Iterator[Document | ReadProblem]:
    """Documents from each path in order: files, folders (sorted, recursively) and '-' for JSONL on stdin."""
    for raw in paths:
        if raw == "-":
            yield from _read_jsonl_stream(sys.stdin.buffer, "<stdin>")
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
            if not files:
                yield ReadProblem(raw, "folder has no .txt, .html or .jsonl files")
            for file in files:
                yield from _read_file(file, file.relative_to(path).as_posix())
        elif path.is_file():
            yield from _read_file(path, path.name)
        else:
            yield ReadProblem(raw, "no such file or folder")


def _read_file(path: Path, doc_id: str) -> Iterator[Document | ReadProblem]:
    kind = TEXT_SUFFIXES.get(path.suffix.lower(), "txt")
    source = str(path)
    if kind == "jsonl":
        try:
            with path.open("rb") as fh:
                yield from _read_jsonl_stream(fh, source)
        except OSError as exc:
            yield ReadProblem(source, f"cannot read: {exc.strerror or exc}")
        return
    text = read_text(path)
    if isinstance(text, ReadProblem):
        yield text
        return
    from sitrep.sources.html import looks_like_html

    if kind == "html" or looks_like_html(text):
        from sitrep.sources.html import html_to_document

        try:
            doc = html_to_document(text, doc_id)
        except Exception as exc:  # noqa: BLE001 - a broken page must not stop the run
            yield ReadProblem(source, f"HTML could not be parsed ({type(exc).__name__})")
            return
        yield doc if doc is not None else ReadProblem(source, "no article text found in the HTML")
        return
    yield Document(id=doc_id, text=text, source_kind="txt")


def read_text(path: Path) -> str | ReadProblem:
    """One document file's text (size limit, UTF-8 decoding, newlines normalised), or why it cannot be read."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            return ReadProblem(source, f"file is {size / 1e6:.1f} MB, over the {MAX_DOCUMENT_BYTES // 2**20} MB limit for one document")
        data = path.read_bytes()
    except OSError as exc:
        return ReadProblem(source, f"cannot read: {exc.strerror or exc}")
    return _decode(data, source)


def _decode(data: bytes, source: str) -> str | ReadProblem:
    if not data.strip():
        return ReadProblem(source, "empty file")
    if b"\x00" in data[:8192]:
        return ReadProblem(source, "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return ReadProblem(source, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it to UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_jsonl_stream(fh: BinaryIO, source: str) -> Iterator[Document | ReadProblem]:
    for lineno, raw in enumerate(fh, 1):
        where = f"{source}:{lineno}"
        if not raw.strip():
            continue
        if len(raw) > MAX_DOCUMENT_BYTES:
            yield ReadProblem(where, f"line is {len(raw) / 1e6:.1f} MB, over the {MAX_DOCUMENT_BYTES // 2**20} MB limit for one document")
            continue
        obj = parse_json_line(raw, where)
        yield obj if isinstance(obj, ReadProblem) else _document_from_json(obj, where, lineno)


def parse_json_line(raw: bytes, where: str) -> object | ReadProblem:
    """One JSON Lines record, or the reason it cannot be read (named by `where`, e.g. file:line)."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return ReadProblem(where, "not UTF-8 text; convert the file to UTF-8")
    except json.JSONDecodeError as exc:
        return ReadProblem(where, f"not valid JSON ({exc.msg} at column {exc.colno})")


def _document_from_json(obj: object, where: str, lineno: int) -> Document | ReadProblem:
    if not isinstance(obj, dict):
        return ReadProblem(where, "a JSON object with a 'text' field was expected")
    text = obj.get("text")
    if not isinstance(text, str):
        return ReadProblem(where, "missing 'text'" if text is None else "'text' is not a string")
    if not text.strip():
        return ReadProblem(where, "'text' is empty")
    fields = dict(obj)
    fields["id"] = str(obj.get("id") if obj.get("id") not in (None, "") else f"line-{lineno}")
    fields["text"] = text.replace("\r\n", "\n").replace("\r", "\n")
    for key in ("url", "published", "title", "outlet"):
        if fields.get(key) is not None and not isinstance(fields[key], str):
            fields[key] = str(fields[key])
    fields.setdefault("source_kind", "jsonl")
    try:
        return Document.model_validate(fields)
    except ValidationError as exc:
        return ReadProblem(where, f"invalid document: {exc.errors()[0]['msg']}")
