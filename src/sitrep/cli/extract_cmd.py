"""`sitrep extract`: articles in, one JSON line of coded events per document out (CODEBOOK §1)."""

from __future__ import annotations

import json

import click

from sitrep.cli.common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, output_stream, warn
from sitrep.cli.options import KIND_OPTION


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True)
@click.option("-o", "--output", "output", default=None, help="Write to FILE instead of standard output.")
@KIND_OPTION
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="dask: shards (JSONL, Parquet, WARC) extracted on Dask workers; JSONL out, shards in order.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="--engine dask: a dask.distributed scheduler (tcp://host:8786); default a LocalCluster.")
def extract(paths: tuple[str, ...], fmt: str, output: str | None, kind: str = "auto", engine: str = "local",
            scheduler: str | None = None) -> None:
    """Extract attack events from articles: .txt (first line = title), .html, .jsonl, folders, or '-' (JSONL on stdin)."""
    if engine == "dask":
        _extract_dask(paths, fmt, output, scheduler)
    from sitrep.extract.pipeline import extract_document
    from sitrep.models import ExtractionResult
    from sitrep.sources import ReadProblem, read_any

    skipped = done = 0
    results: list[ExtractionResult] = []
    with output_stream(output) as out:
        # language identification is left to ingest: its model costs a second to load, and extract reads English
        for item in read_any(list(paths), kind, detect_language=False):
            if isinstance(item, ReadProblem):
                warn(item.message())
                skipped += 1
                continue
            try:
                result = extract_document(item)
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
                warn(f"skipped {item.id}: extraction failed ({type(exc).__name__}: {exc})")
                skipped += 1
                continue
            done += 1
            if fmt == "jsonl":
                out.write(json.dumps(result.to_output(), ensure_ascii=False) + "\n")
                out.flush()
            else:
                results.append(result)
        if fmt == "json":
            json.dump([r.to_output() for r in results], out, ensure_ascii=False, indent=1)
            out.write("\n")
        elif fmt == "table":
            _table(results, out)
    if skipped:
        warn(f"{done} document(s) extracted, {skipped} skipped")
    raise SystemExit(EXIT_OK if not skipped else EXIT_PARTIAL if done else EXIT_FAILED)


def _extract_dask(paths: tuple[str, ...], fmt: str, output: str | None, scheduler: str | None) -> None:
    from sitrep.scale.driver import require_dask, run_extract

    if fmt != "jsonl":
        raise click.UsageError("--engine dask writes --format jsonl")
    try:
        require_dask()
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from None
    with output_stream(output) as out:
        done, skipped = run_extract(paths, out, scheduler=scheduler, warn=warn)
    if skipped:
        warn(f"{done} document(s) extracted, {skipped} skipped")
    raise SystemExit(EXIT_OK if not skipped else EXIT_PARTIAL if done else EXIT_FAILED)


def _table(results, out) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="sitrep extract", show_lines=False)
    for col in ("document", "date", "time", "country", "admin1", "place", "type", "target", "claimed by", "killed", "injured"):
        table.add_column(col, overflow="fold")
    for r in results:
        if not r.events:
            table.add_row(r.id, "-", "", "", "", "(no attack found)", "", "", "", "", "")
        for e in r.events:
            c = e.casualties
            table.add_row(r.id, e.date or "", e.time or "", e.country or "", e.admin1 or "", e.place or "", e.event_type,
                          e.target, e.claimed_by or "", _n(c.killed), _n(c.injured))
    Console(file=out, width=160).print(table)


def _n(v: int | None) -> str:
    return "" if v is None else str(v)
