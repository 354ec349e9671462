"""Ingest throughput into SQLite and PostgreSQL.

    python bench/bench_ingest.py [--n 2000] [--jobs N] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Two figures per backend:
  store     documents/s through Store.add_results (batches of 50, linking included) with pre-extracted results
  pipeline  documents/s through ingest_documents with the real extractor (all own corpora, re-keyed),
            with --jobs extraction processes (default: what `sitrep ingest` uses; --jobs 1: in-process)
Wall-clock figures need an idle machine; the *_cpu_ms_per_doc figures (this process and its workers, not the
database server) are steadier on a busy one.
The PostgreSQL run creates a scratch database sitrep_bench_<random> and drops it afterwards.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sitrep.models import Casualties, Document, Event, ExtractionResult
from sitrep.store import open_store
from sitrep.store.engine import resolve_url
from sitrep.store.extraction import default_jobs
from sitrep.store.ingest import ingest_documents

ROOT = Path(__file__).resolve().parents[1]
PLACES = [("Iraq", "Al-Anbar", "Ain al-Asad air base"), ("Iraq", "Erbil", "Harir base"), ("Iraq", "Baghdad", "Victory Base"),
          ("Syria", "Deir ez-Zor", "Conoco gas field"), ("Syria", "Homs", "Al-Tanf garrison"),
          ("Iraq", "Al-Qadisiyah", "Diwaniyah")]  # fmt: skip


def synthetic_docs(n: int, seed: int = 3) -> list[tuple[Document, ExtractionResult]]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        k = i // 4  # about four outlets per attack
        country, admin1, place = PLACES[k % len(PLACES)]
        day = f"2023-{1 + (k // 28) % 12:02d}-{1 + k % 28:02d}"
        ev = Event(date=day, country=country, admin1=admin1, place=place, event_type="rocket", target="base",
                   casualties=Casualties(injured=rnd.choice([None, 0, 1, 2])), evidence=f"Rockets hit {place}.",
                   spans={"place": (12, 12 + len(place))})  # fmt: skip
        text_ = f"Attack report {i}\nRockets hit {place} on {day}. " + "Filler sentence. " * 150
        doc = Document(id=f"bench{i}", text=text_, url=f"https://outlet{i % 4}.example/{i}", outlet=f"Outlet {i % 4}")
        out.append((doc, ExtractionResult(id=doc.id, events=[ev])))
    return out


def corpus_docs(n: int) -> list[Document]:
    """n documents cycling through every article of the project's own corpora (about 200 distinct texts:
    dev, holdout, the blind sets and the linking set), re-keyed so each is a new document."""
    from sitrep.sources.files import iter_documents

    folders = [str(ROOT / "corpus" / c / "articles") for c in ("dev", "holdout", "blind", "blind2", "blind3")]
    folders.append(str(ROOT / "corpus" / "linking" / "articles.jsonl"))
    arts = [d for d in iter_documents(f for f in folders if Path(f).exists()) if isinstance(d, Document)]
    docs = []
    for i in range(n):
        a = arts[i % len(arts)].model_dump()
        a["id"] = f"{a['id']}-{i}"
        a["url"] = f"{a.get('url') or 'https://example.org/' + a['id']}-{i}"
        docs.append(Document(**a))
    return docs


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the extraction workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(url: str, n: int, jobs: int) -> dict:
    items = synthetic_docs(n)
    store = open_store(url)
    t0, c0 = time.perf_counter(), cpu_seconds()
    for j in range(0, n, 50):
        store.add_results(items[j : j + 50], "bench")
    dt, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    c = store.counts()
    res = {"store_docs_per_s": round(n / dt, 1), "store_seconds": round(dt, 2),
           "store_cpu_ms_per_doc": round(1000 * cpu / n, 2), "incidents": c["incidents"]}  # fmt: skip
    t0 = time.perf_counter()
    again = store.add_results(items[:500], "bench")
    res["rerun_unchanged_docs_per_s"] = round(len(again) / (time.perf_counter() - t0), 1)
    try:
        from sitrep.extract.pipeline import EXTRACTOR_VERSION, extract_document
    except ImportError:
        res["pipeline_docs_per_s"] = None
        store.close()
        return res
    docs = corpus_docs(max(200, n // 4))
    t0, c0 = time.perf_counter(), cpu_seconds()
    s = ingest_documents(store, docs, extract_document, EXTRACTOR_VERSION, jobs=jobs)
    dt, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    res["pipeline_docs_per_s"] = round(len(docs) / dt, 1)
    res["pipeline_cpu_ms_per_doc"] = round(1000 * cpu / len(docs), 2)
    res["pipeline_docs"] = s.documents
    res["jobs"] = jobs
    store.close()
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=default_jobs(), help="extraction processes for the pipeline figure")
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("sqlite    ", run(f"sqlite:///{tmp}/bench.sqlite", args.n, args.jobs))
    admin = resolve_url(args.pg)
    name = f"sitrep_bench_{uuid.uuid4().hex[:8]}"
    try:
        eng = create_engine(admin, isolation_level="AUTOCOMMIT")
        with eng.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        print(f"postgresql skipped: {exc}")
        return
    try:
        print(
            "postgresql",
            run(make_url(admin).set(database=name).render_as_string(hide_password=False), args.n, args.jobs),
        )
    finally:
        with eng.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
