"""The ingest runner: skips bad input with reasons, loses nothing else; crash safety; concurrent ingests;
extraction in worker processes (jobs > 1) gives the same database as in-process extraction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.models import Document
from sitrep.sources.problems import ReadProblem
from sitrep.store import extraction, open_store
from sitrep.store.ingest import CHUNK, ingest_documents

from .helpers import ASAD, ASAD2, VERSION, db_dump, doc, fake_extract, write_jsonl

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


def _child(url: str, path: Path, delay: float, jobs: int = 1) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen([sys.executable, str(CHILD), url, str(path), str(delay), str(jobs)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def _consistent(url: str, n_docs: int) -> None:
    with open_store(url) as st, st.engine.connect() as conn:
        c = st.counts()
        assert c["documents"] == c["revisions"] == n_docs
        assert c["reports"] == c["links"] == n_docs  # every report linked exactly once
        assert c["incidents"] == (n_docs + 2) // 3  # groups of three outlets -> one incident each
        from sqlalchemy import text

        assert (
            conn.execute(text("SELECT count(*) FROM incidents WHERE status='active' AND n_reports = 0")).scalar() == 0
        )
        dup = "SELECT count(*) FROM (SELECT doc_key FROM documents WHERE is_current GROUP BY doc_key HAVING count(*) > 1) d"
        assert conn.execute(text(dup)).scalar() == 0


def _processes_mentioning(text: str) -> list[int]:
    """Processes whose command line contains `text` (forked workers keep their parent's command line)."""
    out = []
    for d in Path("/proc").iterdir():
        try:
            if d.name.isdigit() and text in (d / "cmdline").read_bytes().decode(errors="replace"):
                out.append(int(d.name))
        except OSError:
            continue
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_sigkill_mid_ingest_then_rerun_completes(db_url: str, tmp_path: Path, jobs: int) -> None:
    path = write_jsonl(tmp_path / "docs.jsonl", 60)
    open_store(db_url).close()  # migrate first so the child starts writing quickly
    # with workers: wait until documents extracted by the pool are in (the first chunk is extracted in-process)
    delay, enough = (0.01, 10) if jobs == 1 else (0.05, CHUNK + 4)
    p = _child(db_url, path, delay, jobs)
    deadline = time.time() + 20
    while time.time() < deadline:  # wait until some, not all, documents are in
        with open_store(db_url) as st:
            n = st.counts()["documents"]
        if n >= enough:
            break
        time.sleep(0.05)
    linux = sys.platform.startswith("linux")
    if jobs > 1 and linux:
        assert len(_processes_mentioning(str(path))) == 1 + jobs  # the child and its workers
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    if jobs > 1 and linux:  # the workers go with their parent
        deadline = time.time() + 10
        while _processes_mentioning(str(path)) and time.time() < deadline:
            time.sleep(0.1)
        assert _processes_mentioning(str(path)) == []
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


# -- extraction in worker processes ----------------------------------------------------------------------

MAIN_PID = os.getpid()


def _mixed_input(n: int) -> list[object]:
    """n documents in groups of three outlets, with bad input of every kind spread through them."""
    items: list[object] = []
    for i in range(n):
        k = i // 3
        items.append(doc(f"d{i}", f"2023-02-{1 + k % 28:02d}|Iraq|Al-Anbar|Base{k} camp|rocket|base|||",
                         outlet=f"O{i % 3}"))  # fmt: skip
        if i % 11 == 5:
            items.append(Document(id=f"crash{i}", text="Title\nBOOM"))
        if i % 17 == 3:
            items.append(ReadProblem(f"broken{i}.html", "no article text found in the HTML"))
        if i % 19 == 7:
            items.append(Document(id=f"empty{i}", text=" "))
    return items


@pytest.fixture
def pool_starts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many extraction pools were started (a test of the pool must know that it used one)."""
    started: list[int] = []
    real = extraction._start_pool

    def spy(extract, jobs):  # noqa: ANN001, ANN202
        started.append(jobs)
        return real(extract, jobs)

    monkeypatch.setattr(extraction, "_start_pool", spy)
    return started


def test_jobs_2_stores_the_same_as_jobs_1(tmp_path: Path, pool_starts: list[int]) -> None:
    items = _mixed_input(10 * CHUNK)
    out = {}
    for jobs in (1, 2):
        url = f"sqlite:///{tmp_path / f'jobs{jobs}.sqlite'}"
        with open_store(url) as st:
            out[jobs] = (ingest_documents(st, items, fake_extract, VERSION, batch_size=7, jobs=jobs).to_dict(),
                         db_dump(url))  # fmt: skip
    assert pool_starts == [2]
    summary, dump = out[2]
    assert summary["documents"]["new"] == 10 * CHUNK and summary["incidents"]["new"] == (10 * CHUNK + 2) // 3
    reasons = {s["source"]: s["reason"] for s in summary["skipped"]}
    assert reasons["crash5"].startswith("extraction failed (RuntimeError: extractor crashed on purpose")
    assert reasons["broken3.html"] == "no article text found in the HTML"
    assert reasons["empty7"] == "document text is empty"
    assert len(dump["ingest_problems"]) == len(reasons) > 10
    assert out[1] == out[2]


def test_rerun_sends_nothing_to_the_pool(store, pool_starts: list[int]) -> None:  # noqa: ANN001
    items = [doc(f"d{i}", f"2023-03-{1 + i % 28:02d}|Syria|Homs|Tanf|drone|base|||") for i in range(3 * CHUNK)]
    ingest_documents(store, items, fake_extract, VERSION, jobs=2)
    assert pool_starts == [2]

    def must_not_run(d: Document):  # noqa: ANN202
        raise AssertionError(f"{d.id} extracted again")

    again = ingest_documents(store, items, must_not_run, VERSION, jobs=2)
    assert (again.unchanged, again.new, again.skipped) == (3 * CHUNK, 0, [])
    assert pool_starts == [2]  # no pool for a run with nothing to extract


def test_small_ingest_starts_no_pool(store, pool_starts: list[int]) -> None:  # noqa: ANN001
    s = ingest_documents(store, [doc("one", ASAD), doc("two", ASAD2)], fake_extract, VERSION, jobs=4)
    assert (s.new, s.incidents_new, s.incidents_merged) == (2, 1, 1)
    assert pool_starts == []


def _dies_in_worker(d: Document):  # noqa: ANN202
    if d.id == "d40" and os.getpid() != MAIN_PID:
        os._exit(3)  # a worker killed mid-document (out of memory, a crash in a C extension)
    return fake_extract(d)


def test_a_dead_worker_does_not_lose_documents(tmp_path: Path, pool_starts: list[int]) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    items = [doc(f"d{i}", f"2023-04-{1 + i // 3 % 28:02d}|Iraq|Erbil|Harir|rocket|base|||", outlet=f"O{i % 3}")
             for i in range(6 * CHUNK)]  # fmt: skip
    with open_store(url) as st:
        s = ingest_documents(st, items, _dies_in_worker, VERSION, jobs=2)
        assert pool_starts == [2]
        assert (s.new, s.skipped) == (6 * CHUNK, [])
        assert st.counts()["links"] == 6 * CHUNK
