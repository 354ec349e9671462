"""The fast paths of the exports give exactly what the plain pandas / json / csv / uuid / store paths give."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import sqlite3
import uuid

import numpy as np
import orjson
import pandas as pd
import pytest

from sitrep.analysis.frame import incidents_frame
from sitrep.analysis.reader import open_sqlite_reader
from sitrep.export import FORMATS, csvtext, export_bytes, jsonrows, tabular
from sitrep.export.acled import _q
from sitrep.export.common import csv_datetimes, float_texts, iso_utc, load, per_distinct, record_columns
from sitrep.export.geojson import point_texts
from sitrep.export.jsonrows import (
    Obj,
    Raw,
    array_text,
    distinct_object_texts,
    escape_slashes,
    joined_objects,
    object_texts,
)
from sitrep.export.stix import NAMESPACE, sid, sids


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


TRICKY = ["a/b", 'say "hi"', "é ü 中文 😀", "line\nbreak\ttab", "ctl\x00\x1f\x7f", "\u2028", "back\\slash", '","',
          "],[", "", "plain", ",", 'ends in",', "ends in\\"]  # fmt: skip


def _columns(n: int, seed: int) -> dict[str, object]:
    rnd = random.Random(seed)

    def col(make):  # noqa: ANN001, ANN202
        return [make() for _ in range(n)]

    return {
        "type": "incident", "id": list(range(n)), "text": col(lambda: rnd.choice([*TRICKY, None])),
        "clean": col(lambda: rnd.choice(["a", "b, c", "", None])), "int": col(lambda: rnd.choice([None, 0, -3, 10**12])),
        "flag": col(lambda: rnd.random() < 0.5), "list": col(lambda: rnd.sample(TRICKY, rnd.randint(0, 2))),
        "dicts": col(lambda: [{"url": rnd.choice(TRICKY)}] if rnd.random() < 0.7 else None), "none": None,
        "nan_text": pd.Series(col(lambda: rnd.choice(["x", None, float("nan")])), dtype=object),
        "Int64": pd.Series(pd.array(col(lambda: rnd.choice([None, 1, 2])), dtype="Int64")),
        "str": pd.Series(col(lambda: rnd.choice(["x/y", None])), dtype="str"),
        "raw": Raw(col(lambda: b'{"a":[1]}' if rnd.random() < 0.5 else None)),
    }  # fmt: skip


def _plain(v: object) -> object:
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


@pytest.mark.parametrize("drop_nulls", [False, True])
@pytest.mark.parametrize("n", [0, 1, 400])
def test_object_texts_is_orjson_of_each_row(drop_nulls: bool, n: int) -> None:
    cols = _columns(n, seed=n)
    want = []
    for r in range(n):
        row = {}
        for k, v in cols.items():
            if isinstance(v, Raw):
                x = None if v[r] is None else orjson.Fragment(v[r])
            elif isinstance(v, pd.Series):
                x = v.to_numpy(dtype=object)[r]
            else:
                x = v[r] if isinstance(v, list) else v
            if _plain(x) is not None or not drop_nulls:
                row[k] = _plain(x)
        want.append(orjson.dumps(row))
    assert object_texts(cols, drop_nulls=drop_nulls) == want


@pytest.mark.parametrize("drop_nulls", [False, True])
@pytest.mark.parametrize("n", [0, 1, 6, 7, 400])
def test_joined_objects_is_object_texts_joined(drop_nulls: bool, n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonrows, "_ROWS_PER_CHUNK", 7)  # rows made 7 at a time: chunk edges in every case
    cols = _columns(n, seed=n)
    texts = object_texts(cols, drop_nulls=drop_nulls)
    for sep in (b",", b"\n", b""):
        assert joined_objects(cols, drop_nulls=drop_nulls, sep=sep) == sep.join(texts)
    assert joined_objects(cols, drop_nulls=drop_nulls, escaped=True) == escape_slashes(b",".join(texts))
    # the same columns as a nested object: in place after a constant, or first (then its first member, a
    # text that is sometimes null, starts some rows and not others)
    nested = {"type": "x", "o": Obj(cols), "n": list(range(n))}
    want = object_texts({"type": "x", "o": Raw(texts), "n": list(range(n))}, drop_nulls=drop_nulls)
    assert object_texts(nested, drop_nulls=drop_nulls) == want
    assert joined_objects(nested, drop_nulls=drop_nulls) == b",".join(want)
    inner = {"text": cols["text"], **cols}
    deep = {"o": Obj({"p": Obj(inner)})}
    want = object_texts({"o": Raw(object_texts({"p": Raw(object_texts(inner, drop_nulls=drop_nulls))},
                                               drop_nulls=drop_nulls))}, drop_nulls=drop_nulls)  # fmt: skip
    assert joined_objects(deep, drop_nulls=drop_nulls) == b",".join(want)


def test_text_columns_with_separator_look_alikes() -> None:
    """Columns are encoded whole and cut at the gaps between values; a value that looks like a gap must not be cut."""
    rnd = random.Random(9)
    alphabet = ['"', ",", "\\", "[", "]", "a", "/", "\n"]
    for _ in range(300):
        n = rnd.randint(1, 6)
        texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 5))) for _ in range(n)]
        lists = [rnd.sample(texts, rnd.randint(0, min(2, n))) for _ in range(n)]
        cols = {"t": texts, "l": lists}
        assert object_texts(cols) == [orjson.dumps({"t": t, "l": li}) for t, li in zip(texts, lists, strict=True)]


def test_per_distinct_is_per_row() -> None:
    rnd = random.Random(5)
    a, b = [rnd.choice(["x", "y", None]) for _ in range(200)], [rnd.choice([1, 2]) for _ in range(200)]
    assert per_distinct(lambda x, y: f"{x}-{y}", a, b) == [f"{x}-{y}" for x, y in zip(a, b, strict=True)]
    assert per_distinct(str, []) == []


def test_distinct_object_texts_is_object_texts() -> None:
    rnd = random.Random(4)
    cols = {"place": [rnd.choice(TRICKY) for _ in range(300)], "n": [rnd.choice([None, 0, 1]) for _ in range(300)],
            "lat": Raw(rnd.choice([b"33.8", b"-0.0", b"0.0", None]) for _ in range(300)), "code": "USAMIL"}  # fmt: skip
    for drop_nulls in (False, True):
        assert distinct_object_texts(cols, drop_nulls=drop_nulls) == object_texts(cols, drop_nulls=drop_nulls)
    assert distinct_object_texts({"a": []}) == [] and distinct_object_texts({"a": 1}) == []


def test_object_texts_rejects_ragged_columns() -> None:
    with pytest.raises(ValueError, match="different lengths"):
        object_texts({"a": [1, 2], "b": [1]})


def test_escaped_texts_are_what_pandas_wrote() -> None:
    """The exports' bytes stay those of pandas' JSON encoder (used before orjson): strings, slashes, floats."""
    rng = np.random.default_rng(2)
    places = zip(rng.uniform(-180, 180, 500), rng.integers(0, 12, 500), strict=True)
    floats = np.array([round(x, int(d)) for x, d in places])
    floats[::7] = np.nan
    frame = pd.DataFrame({"s": pd.Series([TRICKY[k % len(TRICKY)] for k in range(500)], dtype=object), "f": floats})
    want = frame.to_json(orient="records", force_ascii=False, double_precision=10).encode()
    got = escape_slashes(array_text(object_texts({"s": frame["s"], "f": float_texts(frame["f"])})))
    assert got == want


def test_sid_is_uuid5() -> None:
    for kind, key in (("incident", "1"), ("relationship", "a|located-at|b"), ("location", "(33.8, 42.44, 'é')")):
        assert sid(kind, key) == f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def test_sids_are_sid() -> None:
    keys = [str(k) for k in range(300)] + ["é|x", "", "(33.8, 42.44, 'é')"]
    assert sids("relationship", keys) == [sid("relationship", k) for k in keys]
    assert sids("incident", []) == []


def test_csv_text_is_what_to_csv_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvtext, "_ROWS_PER_CHUNK", 7)
    rnd = random.Random(3)
    floats = [0.0, -0.0, float("nan"), float("inf"), 1e16, 1e-5, 33.8, 0.1 + 0.2, -179.123456789]
    n = 60
    frame = pd.DataFrame({
        "text": pd.Series([rnd.choice([*TRICKY, None, float("nan")]) for _ in range(n)], dtype=object),
        "same": pd.Series([rnd.choice(["Iraq", "Syria", None]) for _ in range(n)], dtype=object),
        "mixed": pd.Series([rnd.choice([1, 2.5, True, "a,b", [1, 2], None]) for _ in range(n)], dtype=object),
        "ints_obj": pd.Series([rnd.choice([1, 10**12, None]) for _ in range(n)], dtype=object),
        "int": list(range(n)), "Int64": pd.array([rnd.choice([None, 0, 7]) for _ in range(n)], dtype="Int64"),
        "float": [rnd.choice(floats) for _ in range(n)],
        "str": pd.Series([rnd.choice(["x/y", 'q"', None]) for _ in range(n)], dtype="str"),
        "bool": [rnd.random() < 0.5 for _ in range(n)],
    })  # fmt: skip
    for df in (frame, frame.iloc[:0], frame[["text"]], frame.assign(when=pd.Timestamp("2024-01-01", tz="UTC"))):
        assert csvtext.csv_text(df) == df.to_csv(index=False, lineterminator="\n")


def test_csv_exports_are_what_to_csv_writes(store, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    fast = [export_bytes(store, "csv"), export_bytes(store, "csv", table="reports")]
    monkeypatch.setattr(tabular, "csv_text", lambda df: df.to_csv(index=False, lineterminator="\n"))
    assert fast == [export_bytes(store, "csv"), export_bytes(store, "csv", table="reports")]


def test_acled_quoting_is_what_csv_writes() -> None:
    fields = [*TRICKY, "a,b", '"', "x\r\ny"]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(fields)
    assert ",".join(_q(f) for f in fields) + "\n" == buf.getvalue()
    assert _q("a\rb") == '"a\rb"'  # csv.writer leaves a bare \r (readers split on it); the export quotes it


def test_points_keep_six_decimals_and_signs() -> None:
    got = point_texts(np.array([33.8, 33.8, np.nan, 0.0, -0.0]), np.array([42.44, 42.44, 1.0, 1.0, 1.0]))
    assert got[0] == got[1] == b'{"type":"Point","coordinates":[42.440000,33.800000]}' and got[2] is None
    assert got[3].endswith(b"[1.000000,0.000000]}") and got[4].endswith(b"[1.000000,-0.000000]}")


def test_geojson_properties_are_the_pandas_records(store) -> None:  # noqa: ANN001
    df = load(store)
    props = [f["properties"] for f in json.loads(export_bytes(store, "geojson"))["features"]]
    frame = pd.DataFrame({k: list(v) if isinstance(v, Raw) else v for k, v in record_columns(df).items()})
    frame["lat"], frame["lon"] = df["lat"], df["lon"]
    assert props == json.loads(frame.to_json(orient="records", double_precision=10))


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
