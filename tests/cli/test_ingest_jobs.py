"""`sitrep ingest --jobs N` as a user runs it: extraction in worker processes stores exactly what in-process
extraction stores, and unreadable input is still skipped with its reason."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import DEV_CORPUS
from tests.store.helpers import db_dump


def ingest(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitrep", "ingest", *args], capture_output=True, text=True)


def test_jobs_2_gives_the_same_database_as_jobs_1(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted((DEV_CORPUS / "articles").iterdir())[:40]:  # enough for several chunks, so a pool starts
        shutil.copy(f, folder / f.name)
    (folder / "a020_blank.txt").write_text("   \n", encoding="utf-8")
    out = {}
    for jobs in ("1", "2"):
        url = f"sqlite:///{tmp_path / f'jobs{jobs}.sqlite'}"
        r = ingest(str(folder), "--db", url, "--jobs", jobs, "--json")
        assert r.returncode == 1, r.stderr  # partial: one file skipped
        out[jobs] = (json.loads(r.stdout), db_dump(url))
    summary, dump = out["2"]
    assert summary["documents"]["new"] == 40 and summary["reports"] > 40
    assert [Path(s["source"]).name for s in summary["skipped"]] == ["a020_blank.txt"]
    assert len(dump["incidents"]) == summary["incidents"]["new"] > 0
    assert out["1"] == out["2"]


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    r = ingest(str(DEV_CORPUS / "articles"), "--db", str(tmp_path / "x.sqlite"), "--jobs", "0")
    assert r.returncode == 2 and "--jobs" in r.stderr
