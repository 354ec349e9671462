"""Small helpers the commands share: problem reporting, exit codes, atomic output files."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click

EXIT_OK = 0
EXIT_PARTIAL = 1  # something was skipped; the rest was processed
EXIT_USAGE = 2  # click's own code for bad arguments
EXIT_FAILED = 3  # nothing could be done


def warn(message: str) -> None:
    click.echo(f"sitrep: {message}", err=True)


@contextmanager
def output_stream(path: str | None) -> Iterator[IO[str]]:
    """stdout, or a file written to a temporary name and renamed into place only when complete."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent if str(target.parent) else ".")
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
