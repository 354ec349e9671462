"""Shard readers (JSONL, gzip, Parquet, WARC, corrupt files) and the synthetic corpus generator."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from sitrep.models import Document
from sitrep.scale.shards import discover, read_shard
from sitrep.scale.synth import generate, main, write_corpus
from sitrep.sources.problems import ReadProblem

DOCS = [{"id": f"d{i}", "url": f"https://x.example/{i}", "published": "2024-01-20",
         "text": f"Rockets hit Ain al-Asad air base in Anbar on January 20, 2024. Report {i}."} for i in range(5)]  # fmt: skip


def _docs(items) -> list[Document]:  # noqa: ANN001
    return [x for x in items if isinstance(x, Document)]


def test_jsonl_gzip_parquet_and_discovery(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "a.jsonl").write_text("".join(json.dumps(d) + "\n" for d in DOCS) + "{broken\n")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt") as fh:
        fh.writelines(json.dumps(d) + "\n" for d in DOCS)
    pq.write_table(pa.table({k: [d[k] for d in DOCS] for k in DOCS[0]}), tmp_path / "c.parquet")
    (tmp_path / "notes.txt").write_text("not a shard")
    shards, problems = discover([str(tmp_path), str(tmp_path / "missing")])
    assert [Path(s.path).name for s in shards] == ["a.jsonl", "b.jsonl.gz", "c.parquet"]
    assert [s.fmt for s in shards] == ["jsonl", "jsonl", "parquet"]
    assert problems and "no such file" in problems[0].reason
    a = list(read_shard(shards[0]))
    assert len(_docs(a)) == 5 and isinstance(a[-1], ReadProblem) and "not valid JSON" in a[-1].reason
    assert [d.id for d in _docs(read_shard(shards[1]))] == [d["id"] for d in DOCS]
    pdocs = _docs(read_shard(shards[2]))
    assert [d.url for d in pdocs] == [d["url"] for d in DOCS] and pdocs[0].source_kind == "parquet"


def test_corrupt_shards_keep_what_was_read(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as fh:
        fh.write("".join(json.dumps(d) + "\n" for d in DOCS * 200).encode())
    (tmp_path / "t.jsonl.gz").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])  # truncated
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 this is not parquet")
    shards, _ = discover([str(tmp_path)])
    items = {Path(s.path).name: list(read_shard(s)) for s in shards}
    trunc = items["t.jsonl.gz"]
    assert 0 < len(_docs(trunc)) < 1000 and isinstance(trunc[-1], ReadProblem)
    assert "corrupt" in trunc[-1].reason
    assert len(items["bad.parquet"]) == 1 and "corrupt" in items["bad.parquet"][0].reason


def test_warc(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        html = ("<html><head><title>Rockets hit base</title></head><body><article><h1>Rockets hit base</h1>"
                "<p>Several rockets struck Ain al-Asad air base in Anbar province on January 20, 2024, a US "
                "official said. Two US service members suffered minor injuries.</p></article></body></html>")  # fmt: skip
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example/a1", "response", payload=io.BytesIO(html.encode()),
                                            http_headers=http))  # fmt: skip
        http404 = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example/gone", "response", payload=io.BytesIO(b"<html></html>"),
                                            http_headers=http404))  # fmt: skip
        w.write_record(w.create_warc_record("https://news.example/t2", "resource", payload=io.BytesIO(
            b"Drone attack on Harir base\nA drone struck Harir air base in Erbil on March 3, 2024."),
            warc_content_type="text/plain"))  # fmt: skip
    shards, _ = discover([str(path)])
    assert shards[0].fmt == "warc"
    docs = _docs(read_shard(shards[0]))
    assert [d.url for d in docs] == ["https://news.example/a1", "https://news.example/t2"]
    assert "Ain al-Asad" in docs[0].text and docs[0].source_kind == "warc"


def test_synth_is_deterministic_and_extractable(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from sitrep.extract.pipeline import extract_document

    main(["--n", "300", "--out", str(tmp_path / "c"), "--shard-size", "100"])
    assert "300 documents in 3 shards" in capsys.readouterr().out
    lines = [json.loads(x) for p in sorted((tmp_path / "c" / "shards").iterdir()) for x in p.open()]
    gold = [json.loads(x) for x in (tmp_path / "c" / "gold.jsonl").open()]
    assert len(lines) == len(gold) == 300 and len({d["id"] for d in lines}) == 300
    assert [d["published"] for d in lines] == sorted(d["published"] for d in lines)
    again = [d for d, _g in generate(300, seed=1)]
    assert [d["text"] for d in again] == [d["text"] for d in lines]
    attacks = [g for g in gold if g["attack"]]
    assert attacks and len({g["attack"] for g in attacks}) < len(attacks)  # several reports per attack
    assert len({d["outlet"] for d in lines}) > 5
    ok = 0
    for d, g in zip(lines, gold, strict=True):
        r = extract_document(Document(**d))
        if g["attack"] is None:
            assert not r.events
        elif r.events and r.events[0].date == g["date"] and r.events[0].admin1 == g["admin1"]:
            ok += 1
    assert ok >= 0.95 * len(attacks)
    paths = write_corpus(50, tmp_path / "p", shard_size=20, fmt="parquet")
    assert len(paths) == 3 and sum(len(_docs(read_shard(str(p)))) for p in paths) == 50
