"""The fast paths of the exports give exactly what the plain pandas / uuid / store paths give."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid

import numpy as np
import pandas as pd
import pytest

from sitrep.analysis.frame import incidents_frame
from sitrep.analysis.reader import open_sqlite_reader
from sitrep.export import FORMATS, common, export_bytes
from sitrep.export.common import csv_datetimes, iso_utc, json_lines
from sitrep.export.stix import NAMESPACE, sid


def _times(seed: int, step: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    us = rng.integers(1_500_000_000, 1_800_000_000, 40) * 1_000_000 + rng.integers(0, 1_000_000 // step, 40) * step
    s = pd.Series(pd.to_datetime(us, unit="us", utc=True)).astype("datetime64[us, UTC]")
    s[rng.random(40) < 0.2] = pd.NaT
    return s


@pytest.mark.parametrize("step", [1, 1000, 1_000_000])  # microseconds, milliseconds, whole seconds
def test_csv_datetimes_writes_what_pandas_writes(step: int) -> None:
    s = _times(step, step)
    assert pd.DataFrame({"t": csv_datetimes(s)}).to_csv(index=False) == pd.DataFrame({"t": s}).to_csv(index=False)


def test_iso_utc_matches_strftime() -> None:
    s = _times(3, 1)
    want = [None if x != x else x for x in s.dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ").tolist()]
    assert list(iso_utc(s)) == want
    assert [x[:23] + "Z" if x else None for x in want] == list(iso_utc(s, unit="ms"))


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    n = 300
    return pd.DataFrame({
        "a": pd.array(np.where(rng.random(n) < 0.3, None, rng.integers(0, 9, n)), dtype="Int64"),
        "b": np.where(rng.random(n) < 0.5, np.nan, rng.random(n) * 100),
        "c": pd.Series(np.where(rng.random(n) < 0.4, None, 'say "hi", é'), dtype=object),
        "d": [["x", "y"] if k % 3 else [] for k in range(n)],
    })  # fmt: skip


@pytest.mark.parametrize("max_patterns", [256, 0])  # grouped by null pattern; the text-replace fallback
def test_json_lines_drop_nulls(monkeypatch: pytest.MonkeyPatch, max_patterns: int) -> None:
    monkeypatch.setattr(common, "MAX_NULL_PATTERNS", max_patterns)
    df = _frame()
    with_nulls = [json.loads(x) for x in json_lines(df)]
    dropped = json_lines(df, drop_nulls=True)
    assert [json.loads(x) for x in dropped] == [{k: v for k, v in r.items() if v is not None} for r in with_nulls]
    assert all("null" not in x for x in dropped)


def test_sid_is_uuid5() -> None:
    for kind, key in (("incident", "1"), ("relationship", "a|located-at|b"), ("location", "(33.8, 42.44, 'é')")):
        assert sid(kind, key) == f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def test_sqlite_reader_gives_the_same_frame_and_exports(store, fixture_url) -> None:  # noqa: ANN001
    reader = open_sqlite_reader(fixture_url)
    assert reader is not None
    try:
        pd.testing.assert_frame_equal(incidents_frame(reader, with_sources=True),
                                      incidents_frame(store, with_sources=True))  # fmt: skip
        for fmt in FORMATS:
            if fmt != "plover":  # plover carries today's date as coded_date
                assert export_bytes(reader, fmt) == export_bytes(store, fmt), fmt
        assert export_bytes(reader, "csv", table="reports", country="Syria") == export_bytes(
            store, "csv", table="reports", country="Syria"
        )
    finally:
        reader.close()


def test_sqlite_reader_only_for_a_current_sqlite_file(fixture_url, tmp_path) -> None:  # noqa: ANN001
    assert open_sqlite_reader(str(tmp_path / "missing.sqlite")) is None
    assert open_sqlite_reader("postgresql://nobody@127.0.0.1/none") is None
    old = tmp_path / "old.sqlite"
    shutil.copy(fixture_url[len("sqlite:///") :], old)
    with sqlite3.connect(old) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert open_sqlite_reader(f"sqlite:///{old}") is None  # an older schema goes through the store (migrates)
