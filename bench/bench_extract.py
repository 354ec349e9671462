"""Extraction speed: documents per second in one process, time from process start to the first result, and
peak memory. Measured over the seed articles (../shared/corpus, when present) plus the development corpus.

    python bench/bench_extract.py [--repeat 5]

The figure depends on the Python build as well as on the code: see docs/extraction.md ("Speed") for the same code
under this machine's two CPython 3.11 builds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITREP_SHARED", REPO.parent / "shared"))


def corpus() -> list[tuple[str, str]]:
    docs = []
    for gold, base in ((SHARED / "corpus" / "seeds.gold.jsonl", SHARED / "corpus"), (REPO / "corpus/dev/gold.jsonl", REPO / "corpus/dev")):
        if not gold.is_file():
            continue
        for line in gold.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            docs.append((rec["file"], (base / rec["file"]).read_text(encoding="utf-8")))
    return docs


def first_result_seconds(doc_text: str) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write(doc_text)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", "extract", fh.name], stdout=subprocess.PIPE, text=True)
    proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    proc.wait()
    os.unlink(fh.name)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5, help="passes over the corpus")
    args = ap.parse_args()
    docs = corpus()
    starts = sorted(first_result_seconds(docs[0][1]) for _ in range(3))
    from sitrep.extract.pipeline import extract_document
    from sitrep.models import Document

    documents = [Document(id=i, text=t) for i, t in docs]
    extract_document(documents[0])  # load lexicon, gazetteer and registry once, as a long run would
    t0, c0 = time.perf_counter(), time.process_time()
    n_events = 0
    for _ in range(args.repeat):
        for doc in documents:
            n_events += len(extract_document(doc).events)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = len(documents) * args.repeat
    kb = sum(len(t) for _, t in docs) / len(docs) / 1024
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "documents": len(documents), "mean_kb_per_document": round(kb, 1), "passes": args.repeat,
        "docs_per_second": round(n / secs, 1), "docs_per_cpu_second": round(n / cpu, 1),
        "ms_per_document": round(1000 * secs / n, 2), "events_per_pass": n_events // args.repeat,
        "first_result_seconds_median": round(starts[1], 3), "first_result_seconds_all": [round(s, 3) for s in starts],
        "peak_rss_mb": round(peak_mb, 1),
        # the interpreter's build matters (~13 % here): a libpython built as a shared library without profile-guided
        # optimisation (pyenv's default) runs this code slower than a distribution's static, PGO build
        "python": sys.version.split()[0], "executable": sys.executable,
        "shared_libpython": bool(sysconfig.get_config_var("Py_ENABLE_SHARED")),
    }, indent=1))


if __name__ == "__main__":
    main()
