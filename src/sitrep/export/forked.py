"""One computation in a forked child process while the caller goes on with its own share of an export.

    with Forked(lambda: make_the_rest(df), what="export", enabled=len(df) >= 20_000) as part:
        mine = other_work()
        theirs = part.result()

The child starts with a copy of the caller's memory (the frame already read), so nothing is pickled or
read twice; it writes its bytes to an anonymous temporary file (no name on disk, so nothing can be left
behind) as a pickle and exits. A failure in the child comes back as a WorkerError with the child's traceback. Where
fork is unavailable (not POSIX), unsafe (the process has other threads: a child of a threaded process
can deadlock on a lock another thread held) or not worth it (`enabled` false), `result()` runs the
computation in this process instead. The computation must not use database connections opened before
the fork (SQLite forbids it); it opens its own."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import tempfile
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import IO, Generic, TypeVar

T = TypeVar("T")


class WorkerError(RuntimeError):
    """The computation failed (or was killed) in the worker process."""


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


class Forked(Generic[T]):
    """`fn()` in a forked child from construction on; `result()` waits for it. Use as a context manager:
    leaving the block reaps the child, and kills it first if its result was not taken."""

    def __init__(self, fn: Callable[[], T], *, what: str, enabled: bool = True) -> None:
        self.fn, self.what = fn, what
        self.pid: int | None = None
        self.done: int | None = None  # read end of the pipe the child reports on
        self.file: IO[bytes] | None = None
        self.exit = "not started"
        if enabled and can_fork():
            self._start()

    def _start(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _close
        done, report = os.pipe()
        pid = os.fork()
        if pid:
            os.close(report)
            self.pid, self.done = pid, done
            return
        os.close(done)  # child: never returns into the caller's code (its handlers, atexit, buffered files)
        status = b"F"
        try:
            result = self.fn()
            with os.fdopen(os.dup(self.file.fileno()), "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            status = b"K"
        except BaseException:  # noqa: BLE001 - everything goes back to the parent as text
            with contextlib.suppress(BaseException):  # the status byte still reports the failure
                os.ftruncate(self.file.fileno(), 0)  # drop a partly written result
                os.lseek(self.file.fileno(), 0, os.SEEK_SET)
                with os.fdopen(os.dup(self.file.fileno()), "wb") as fh:
                    fh.write(traceback.format_exc().encode("utf-8", "replace"))
        finally:
            with contextlib.suppress(BaseException):
                os.write(report, status)  # the parent goes on from here; this process's exit is reaped later
            os._exit(0 if status == b"K" else 1)  # a forked child must skip the parent's interpreter teardown

    def result(self) -> T:
        if self.pid is None:
            return self.fn()
        assert self.done is not None and self.file is not None
        status = os.read(self.done, 1)  # b"" if the child died before reporting
        if status != b"K":
            self._reap(kill=False)
        self.file.seek(0)
        try:
            if status == b"K":
                return pickle.load(self.file)  # noqa: S301 - written by our own child just now
            detail = self.file.read().decode("utf-8", "replace").strip()
        finally:
            self._close()
        if status == b"F":
            raise WorkerError(f"{self.what} failed in the worker process:\n{detail or 'no traceback'}")
        raise WorkerError(f"{self.what}: the worker process ended without a result ({self.exit})")

    def _reap(self, *, kill: bool) -> None:
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        self.exit = f"killed by signal {-code}" if code < 0 else f"exit status {code}"

    def _close(self) -> None:
        if self.done is not None:
            os.close(self.done)
            self.done = None
        if self.file is not None:
            self.file.close()
            self.file = None

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, typ: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._reap(kill=self.file is not None)  # a result not taken (the caller failed): stop the child
        self._close()
