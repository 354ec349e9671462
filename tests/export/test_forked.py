"""The STIX export's forked worker: same bytes as in one process, failures reported, nothing left behind."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from sitrep.analysis.reader import open_sqlite_reader
from sitrep.export import export_bytes, export_to_path, stix
from sitrep.export.forked import Forked, WorkerError


def _stix(source, monkeypatch: pytest.MonkeyPatch, *, forked: bool, **filters) -> bytes:  # noqa: ANN001, ANN003
    monkeypatch.setattr(stix, "FORK_MIN_INCIDENTS", 0 if forked else 10**9)
    return export_bytes(source, "stix", **filters)


@pytest.mark.parametrize("filters", [{}, {"since": "2024-01-01", "country": "Iraq"}])
def test_forked_bundle_is_byte_identical(store, fixture_url, monkeypatch, filters) -> None:  # noqa: ANN001
    alone = _stix(store, monkeypatch, forked=False, **filters)
    assert b'"type":"report"' in alone and b'"type":"location"' in alone
    assert _stix(store, monkeypatch, forked=True, **filters) == alone  # store: documents read before the fork
    reader = open_sqlite_reader(fixture_url)
    assert reader is not None
    try:  # SQLite file: the worker opens its own connection
        assert _stix(reader, monkeypatch, forked=True, **filters) == alone
    finally:
        reader.close()


def test_worker_failure_is_reported_and_leaves_no_file(fixture_url, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    parent = os.getpid()

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        assert os.getpid() != parent, "expected to run in the worker"
        raise RuntimeError("documents table unreadable")

    monkeypatch.setattr(stix, "report_chunks", broken)
    monkeypatch.setattr(stix, "FORK_MIN_INCIDENTS", 0)
    reader = open_sqlite_reader(fixture_url)
    assert reader is not None
    out = tmp_path / "bundle.json"
    try:
        with pytest.raises(WorkerError, match=r"(?s)STIX export failed in the worker process.*documents table"):
            export_to_path(reader, "stix", out)
    finally:
        reader.close()
    assert list(tmp_path.iterdir()) == []  # neither the bundle nor its temporary file


def test_killed_worker_is_reported() -> None:
    with Forked(lambda: os.kill(os.getpid(), signal.SIGKILL), what="job") as job, pytest.raises(WorkerError) as err:
        job.result()
    assert "killed by signal 9" in str(err.value)


def test_result_comes_back_from_the_child() -> None:
    with Forked(lambda: (os.getpid(), [b"x" * 100_000, b"y"]), what="job") as job:
        pid, data = job.result()
    assert pid != os.getpid() and data == [b"x" * 100_000, b"y"]


def test_runs_in_this_process_without_fork_or_with_threads(monkeypatch) -> None:  # noqa: ANN001
    me = os.getpid()
    with Forked(os.getpid, what="job", enabled=False) as job:
        assert job.result() == me
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:  # another thread: forking could deadlock the child, so no fork
        with Forked(os.getpid, what="job") as job:
            assert job.result() == me
    finally:
        stop.set()
        thread.join()
    monkeypatch.delattr(os, "fork")
    with Forked(os.getpid, what="job") as job:
        assert job.result() == me


def test_unused_worker_is_stopped() -> None:
    started = Forked(lambda: signal.pause(), what="job")  # would never finish
    pid = started.pid
    assert pid is not None
    with started:
        pass
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped


@pytest.mark.parametrize("mode", ["wb", "ab", "pipe"])
def test_bundle_written_alike_to_any_stream(store, tmp_path, mode) -> None:  # noqa: ANN001
    expected = export_bytes(store, "stix")  # BytesIO: the bundle id is written over its placeholder
    path = tmp_path / "out.json"
    path.write_bytes(b"PREFIX")
    if mode == "pipe":  # not seekable: the id is computed before anything is written
        read, write = os.pipe()

        def produce() -> None:
            with os.fdopen(write, "wb") as out:
                stix.write(store, out)

        thread = threading.Thread(target=produce)
        thread.start()
        with os.fdopen(read, "rb") as src:
            got = src.read()
        thread.join()
        assert got == expected
        return
    with open(path, mode) as out:  # noqa: PTH123
        if mode == "wb":
            out.write(b"PREFIX")
        stix.write(store, out)
    assert path.read_bytes() == b"PREFIX" + expected
