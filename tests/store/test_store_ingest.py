"""The ingest runner: skips bad input with reasons, loses nothing else; crash safety; concurrent ingests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitrep.models import Document
from sitrep.sources.problems import ReadProblem
from sitrep.store import open_store
from sitrep.store.ingest import ingest_documents

from .helpers import ASAD, ASAD2, VERSION, doc, fake_extract, write_jsonl

CHILD = Path(__file__).with_name("ingest_child.py")


def test_malformed_documents_are_skipped_with_reasons(store) -> None:  # noqa: ANN001
    items = [
        doc("ok1", ASAD),
        ReadProblem("broken.html", "no article text found in the HTML"),
        Document(id="empty", text="   "),
        Document(id="nul", text="Title\nbad \x00 byte"),
        Document(id="crash", text="Title\nBOOM"),
        doc("ok2", ASAD2),
    ]
    s = ingest_documents(store, items, fake_extract, VERSION, batch_size=2)
    assert (s.new, s.reports, s.incidents_new, s.incidents_merged) == (2, 2, 1, 1)
    reasons = dict(s.skipped)
    assert set(reasons) == {"broken.html", "empty", "nul", "crash"}
    assert "extraction failed" in reasons["crash"]
    assert len(store.problems()) == 4
    assert "4 skipped" in s.lines()[0]


def _child(url: str, path: Path, delay: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen([sys.executable, str(CHILD), url, str(path), str(delay)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def _consistent(url: str, n_docs: int) -> None:
    with open_store(url) as st, st.engine.connect() as conn:
        c = st.counts()
        assert c["documents"] == c["revisions"] == n_docs
        assert c["reports"] == c["links"] == n_docs  # every report linked exactly once
        assert c["incidents"] == (n_docs + 2) // 3  # groups of three outlets -> one incident each
        from sqlalchemy import text

        assert conn.execute(text("SELECT count(*) FROM incidents WHERE status='active' AND n_reports = 0")).scalar() == 0
        dup = "SELECT count(*) FROM (SELECT doc_key FROM documents WHERE is_current GROUP BY doc_key HAVING count(*) > 1) d"
        assert conn.execute(text(dup)).scalar() == 0


def test_sigkill_mid_ingest_then_rerun_completes(db_url: str, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "docs.jsonl", 60)
    open_store(db_url).close()  # migrate first so the child starts writing quickly
    p = _child(db_url, path, 0.01)
    deadline = time.time() + 20
    while time.time() < deadline:  # wait until some, not all, documents are in
        with open_store(db_url) as st:
            n = st.counts()["documents"]
        if n >= 10:
            break
        time.sleep(0.05)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    with open_store(db_url) as st:
        partial = st.counts()
    assert 0 < partial["documents"] < 60
    assert partial["reports"] == partial["links"] == partial["documents"]
    p = _child(db_url, path, 0.0)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err.decode()
    _consistent(db_url, 60)


def test_two_ingests_at_once(db_url: str, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "docs.jsonl", 45)
    open_store(db_url).close()
    procs = [_child(db_url, path, 0.0) for _ in range(2)]
    for p in procs:
        _out, err = p.communicate(timeout=90)
        assert p.returncode == 0, err.decode()
    _consistent(db_url, 45)
