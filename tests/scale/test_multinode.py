"""A simulated multi-node run: `dask scheduler` and two `dask worker` processes on loopback, one worker
killed (SIGKILL) in the middle of the run; the run completes with nothing lost or doubled."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sitrep.store import bulk, open_store

from .test_dask_ingest import _invariants

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dask_cmd() -> list[str]:
    exe = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    return [exe] if exe else [sys.executable, "-m", "distributed.cli.dask_spec"]


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _stop(p: subprocess.Popen) -> None:
    if p.poll() is None:
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(5)


def test_worker_killed_mid_run(tmp_path: Path, pg_url: str) -> None:
    pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    from distributed import Client

    from sitrep.scale.driver import run_ingest
    from sitrep.scale.synth import write_corpus

    write_corpus(1600, tmp_path, shard_size=100, seed=11)  # 16 shards
    exe = _dask_cmd()
    if not Path(exe[0]).exists():
        pytest.skip("the dask command line is not installed")
    port = _free_port()
    addr = f"tcp://127.0.0.1:{port}"
    procs = [_start([*exe, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])]
    try:
        workers = [_start([*exe, "worker", addr, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
                           "--no-dashboard", "--no-nanny", "--death-timeout", "30"]) for _ in range(2)]  # fmt: skip
        procs += workers
        client = Client(addr, timeout="30s")
        client.wait_for_workers(2, timeout=60)
        client.run(lambda: __import__("sitrep.extract.pipeline"))
        result: dict = {}
        t = threading.Thread(target=lambda: result.update(s=run_ingest([str(tmp_path / "shards")], pg_url, client=client)))
        t.start()
        with open_store(pg_url) as store:
            deadline = time.time() + 60
            while time.time() < deadline:  # kill a worker once some shards are stored and others are not
                with store.engine.connect() as conn:
                    done = conn.execute(select(func.count()).select_from(bulk.S).where(bulk.S.c.status == "done")).scalar_one()
                if done >= 3:
                    break
                time.sleep(0.2)
        assert 3 <= done < 16, "the run ended before a worker could be killed"
        os.killpg(workers[0].pid, signal.SIGKILL)
        t.join(120)
        assert not t.is_alive()
        s = result["s"]
        client.close()
    finally:
        for p in reversed(procs):
            _stop(p)
    assert not s.shard_errors and s.shards_done + s.shards_skipped == 16
    counts = _invariants(pg_url)  # no document twice, every report linked once
    assert counts["documents"] == 1600
    with open_store(pg_url) as store, store.engine.connect() as conn:
        assert set(conn.execute(select(bulk.S.c.status)).scalars()) == {"done"}
        attempts = sum(conn.execute(select(bulk.S.c.attempts)).scalars())
    assert attempts >= 16
