"""A DataFrame as the CSV text `DataFrame.to_csv(index=False, lineterminator="\\n")` writes, made column by column.

to_csv hands every row to csv.writer as a list of Python objects: at 100,000 incidents of 30 columns that
is about a second. Here each column becomes its field texts at once (a value that repeats is formatted and
quoted once), and the rows are joined 1,024 at a time. The rules are pandas' and csv.writer's:

* missing values (None, NaN, NA) are empty fields;
* float64 columns are numpy's text of each value (what to_csv uses); floats in other columns are repr();
  other float columns go to to_csv;
  everything else is str();
* a field is quoted, with its quotes doubled, when csv.writer quotes it: the characters that make it do so are
  asked of the csv module itself (a bare "\\r" is not among them with a "\\n" line end).

Column kinds this does not know (datetimes, categories, ...) leave the whole table to to_csv."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import numpy as np
import pandas as pd

_ROWS_PER_CHUNK = 1024


def _quote_pattern() -> re.Pattern[str]:
    """The characters for which csv.writer, as to_csv sets it up, quotes a field."""
    found = []
    for c in ',"\n\r':
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([f"a{c}b", "x"])
        if buf.getvalue().startswith('"'):
            found.append(c)
    return re.compile("[" + re.escape("".join(found)) + "]")


_QUOTE = _quote_pattern()


def _field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if _QUOTE.search(text) else text


def _text(value: Any) -> str:
    """A present value of an object column as csv.writer writes it."""
    if isinstance(value, str):
        return _field(value)
    return _field(repr(value) if isinstance(value, float) else str(value))


def _object_fields(values: np.ndarray) -> list[str]:
    missing = pd.isna(values)
    fields = values.tolist()
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if missing.any():
        for k in np.flatnonzero(missing).tolist():
            fields[k] = ""
    if kind == "string" and not _QUOTE.search("\0".join(fields)):
        return fields  # texts, none of which needs quoting
    if kind in ("string", "integer") and 2 * len(set(fields[:64])) <= len(fields[:64]):
        # values that repeat (judged by the first 64), equal ones written alike: each distinct one formatted once
        texts = {v: _text(v) for v in dict.fromkeys(fields)}
        return list(map(texts.__getitem__, fields))
    return [_text(v) for v in fields]


def column_fields(s: pd.Series) -> list[str] | None:
    """Each value of a column as to_csv writes it; None for a kind of column this does not know."""
    dtype = s.dtype
    if isinstance(dtype, np.dtype) and dtype == np.float64:
        values = s.to_numpy()
        # each distinct value (by bit pattern, so that -0.0 stays itself) formatted once: places repeat
        bits, where = np.unique(values.view(np.int64), return_inverse=True)
        texts = bits.view(np.float64).astype(str).astype(object)
        texts[np.isnan(bits.view(np.float64))] = ""
        return texts[where.reshape(-1)].tolist()
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return s.to_numpy().astype(str).tolist()
    if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
        return _object_fields(s.to_numpy(dtype=object))
    return None


def csv_text(df: pd.DataFrame) -> str:
    # one column: csv.writer quotes an empty field when it is the whole row
    columns = [column_fields(df[c]) for c in df.columns] if df.columns.is_unique and len(df.columns) > 1 else [None]
    if any(c is None for c in columns):
        return df.to_csv(index=False, lineterminator="\n")
    header = ",".join(_field(str(c)) for c in df.columns) + "\n"
    n, width = len(df), 2 * len(columns)
    chunks = [header]
    for a in range(0, n, _ROWS_PER_CHUNK):
        m = min(n - a, _ROWS_PER_CHUNK)
        flat = [","] * (m * width)  # field, ",", field, ",", ..., field, "\n"
        for k, fields in enumerate(columns):
            flat[2 * k :: width] = fields[a : a + m]
        flat[width - 1 :: width] = ["\n"] * m
        chunks.append("".join(flat))
    return "".join(chunks)
