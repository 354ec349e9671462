"""CSV/TSV and JSONL tables with a column mapping: one Document per row.

Columns are named with `text_col`, `url_col`, `date_col`, `id_col`, `title_col`, `outlet_col`; any not given
is looked for under its usual names (text/body/content, url/link, published/date, id, title/headline,
outlet/source). A row without text is reported as a ReadProblem naming file:line; the rest are read."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from sitrep.models import Document
from sitrep.sources.files import parse_json_line
from sitrep.sources.problems import ReadProblem

MAX_TABLE_BYTES = 1024 * 1024 * 1024
MAX_FIELD_BYTES = 5 * 1024 * 1024
COLUMN_OPTIONS = ("text_col", "url_col", "date_col", "id_col", "title_col", "outlet_col")
DEFAULT_NAMES = {
    "text_col": ("text", "body", "content", "article", "message"),
    "url_col": ("url", "link", "href"),
    "date_col": ("published", "date", "pubdate", "published_at", "datetime"),
    "id_col": ("id", "doc_id", "uid"),
    "title_col": ("title", "headline"),
    "outlet_col": ("outlet", "source", "site", "channel"),
}


def read_csv(path: str | Path, *, delimiter: str | None = None, **columns: str | None) -> Iterator[Document | ReadProblem]:
    path = Path(path)
    source = str(path)
    data = _load(path)
    if isinstance(data, ReadProblem):
        yield data
        return
    text = data.decode("utf-8-sig", errors="replace")
    if delimiter is None:
        delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else _sniff_delimiter(text)
    csv.field_size_limit(MAX_FIELD_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield ReadProblem(source, "empty file")
        return
    except csv.Error as exc:
        yield ReadProblem(f"{source}:1", f"malformed CSV header ({exc})")
        return
    header = [h.strip() for h in header]
    mapping = _mapping(header, columns, source)
    if isinstance(mapping, ReadProblem):
        yield mapping
        return
    index = {name: header.index(name) for name in header[::-1]}
    lineno = reader.line_num
    while True:
        start = lineno + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ReadProblem(f"{source}:{start}", f"malformed CSV ({exc}); the rows after it cannot be read reliably")
            return
        lineno = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i] if i < len(row) else None) for name, i in index.items()}
        yield _row_document(values, mapping, f"{source}:{start}", f"{path.name}:{start}", "csv")


def read_jsonl_table(path: str | Path, **columns: str | None) -> Iterator[Document | ReadProblem]:
    """JSONL whose objects use other field names than the Document's (mapped like CSV columns)."""
    path = Path(path)
    data = _load(path)
    if isinstance(data, ReadProblem):
        yield data
        return
    yield from jsonl_table_rows(data, str(path), path.name, columns)


def jsonl_table_rows(data: bytes, source: str, name: str, columns: Mapping[str, str | None]) -> Iterator[Document | ReadProblem]:
    mapping: dict[str, str | None] | ReadProblem | None = None
    for lineno, raw in enumerate(data.splitlines(), 1):
        where = f"{source}:{lineno}"
        if not raw.strip():
            continue
        obj = parse_json_line(raw, where)
        if isinstance(obj, ReadProblem):
            yield obj
            continue
        if not isinstance(obj, dict):
            yield ReadProblem(where, "a JSON object was expected")
            continue
        if mapping is None:
            mapping = _mapping(list(obj), columns, source)
            if isinstance(mapping, ReadProblem):
                yield mapping
                return
        values = {k: (v if isinstance(v, str) or v is None else json.dumps(v) if isinstance(v, dict | list) else str(v))
                  for k, v in obj.items()}  # fmt: skip
        yield _row_document(values, mapping, where, f"{name}:{lineno}", "jsonl")


def column_options(options: Mapping[str, object]) -> dict[str, str]:
    return {k: str(v) for k, v in options.items() if k in COLUMN_OPTIONS and v}


# -- helpers -------------------------------------------------------------------------------------------------


def _load(path: Path) -> bytes | ReadProblem:
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            return ReadProblem(str(path), f"file is {size / 1e9:.1f} GB, over the {MAX_TABLE_BYTES // 2**30} GB limit")
        data = path.read_bytes()
    except OSError as exc:
        return ReadProblem(str(path), f"cannot read: {exc.strerror or exc}")
    if not data.strip():
        return ReadProblem(str(path), "empty file")
    if b"\x00" in data[:8192]:
        return ReadProblem(str(path), "binary file, not text (is it UTF-16? convert it to UTF-8)")
    return data


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)  # type: ignore[arg-type]
    return best if counts[best] else ","


def _mapping(header: list[str], columns: Mapping[str, str | None], source: str) -> dict[str, str | None] | ReadProblem:
    lower = {h.lower(): h for h in header}
    out: dict[str, str | None] = {}
    for opt, names in DEFAULT_NAMES.items():
        given = columns.get(opt)
        if given:
            if given not in header:
                if given.lower() in lower:
                    out[opt] = lower[given.lower()]
                    continue
                return ReadProblem(source, f"no column {given!r} (--{opt.replace('_', '-')}); columns: {', '.join(header)}")
            out[opt] = given
        else:
            out[opt] = next((lower[n] for n in names if n in lower), None)
    if out["text_col"] is None:
        return ReadProblem(source, f"no text column; name it with --text-col (columns: {', '.join(header) or 'none'})")
    return out


def _row_document(values: Mapping[str, str | None], mapping: Mapping[str, str | None], where: str, default_id: str,
                  kind: str) -> Document | ReadProblem:  # fmt: skip
    def get(opt: str) -> str | None:
        col = mapping.get(opt)
        v = values.get(col) if col else None
        return v.strip() or None if isinstance(v, str) else None

    text = values.get(mapping["text_col"] or "")
    if not isinstance(text, str) or not text.strip():
        return ReadProblem(where, f"empty text in column {mapping['text_col']!r}")
    if "\ufffd" in text:
        return ReadProblem(where, "not UTF-8 text (undecodable bytes in this row); convert the file to UTF-8")
    title = get("title_col")
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return Document(
        id=get("id_col") or default_id,
        text=body,
        url=get("url_col"),
        published=_day(get("date_col")),
        title=title,
        outlet=get("outlet_col"),
        source_kind=kind,
    )


def _day(value: str | None) -> str | None:
    """YYYY-MM-DD from a date cell (ISO, RFC 2822, '5 March 2024', ...), or None when it is not a date."""
    if not value:
        return None
    import re

    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    from dateutil import parser

    try:
        return parser.parse(value, dayfirst=True, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError):
        return None
