"""`sitrep ingest`, `sitrep incidents`, `sitrep history`, `sitrep relink`: the incident database."""

from __future__ import annotations

import csv
import json
import sys

import click

from sitrep.cli.common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, warn
from sitrep.cli.options import KIND_OPTION

DB_OPTION = click.option(
    "--db", "db", envvar="SITREP_DB", default=None, metavar="URL",
    help="Database: sqlite:///FILE, a file path, or postgresql://... (env SITREP_DB; default ./sitrep.sqlite).",
)  # fmt: skip


def _open(db: str | None):  # noqa: ANN202
    from sitrep.store import open_store

    try:
        return open_store(db)
    except Exception as exc:  # noqa: BLE001 - unreachable server, bad URL, unwritable file
        raise click.ClickException(
            f"cannot open the database: {type(exc).__name__}: {str(exc).splitlines()[0]}"
        ) from None


def _extractor():  # noqa: ANN202
    try:
        from sitrep.extract.pipeline import EXTRACTOR_VERSION, extract_document
    except ImportError as exc:
        raise click.ClickException(f"the extractor is not available ({exc})") from None
    return extract_document, EXTRACTOR_VERSION


JOBS_OPTION = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
    help="Extract in N worker processes while this one stores (1: no workers). Default: the CPUs, at most 4.",
)  # fmt: skip


def _jobs(jobs: int | None) -> int:
    from sitrep.store.extraction import default_jobs

    return jobs or default_jobs()


def _run_with_progress(run, label: str):  # noqa: ANN001, ANN202
    """run(on_progress) with a rich progress line on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        return run(None)
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:  # fmt: skip
        task = progress.add_task(label)

        def on_progress(s) -> None:  # noqa: ANN001
            progress.update(task, description=f"{label}: {s.documents} documents, {len(s.skipped)} skipped, "
                                              f"{s.reports} reports, {s.incidents_new} new incidents")  # fmt: skip

        return run(on_progress)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--batch-size", default=50, show_default=True, help="Documents per transaction.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@KIND_OPTION
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="dask: shards (JSONL, Parquet, WARC) extracted on Dask workers, linked per time window (docs/scale.md).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="--engine dask: a dask.distributed scheduler (tcp://host:8786); default a LocalCluster.",
)
@click.option(
    "--workers", "n_workers", type=int, default=None, help="--engine dask: LocalCluster workers (default: cores)."
)
@JOBS_OPTION
def ingest(
    paths: tuple[str, ...],
    db: str | None,
    batch_size: int,
    as_json: bool,
    kind: str = "auto",
    engine: str = "local",
    scheduler: str | None = None,
    n_workers: int | None = None,
    jobs: int | None = None,
) -> None:
    """Extract events from articles and store them as linked incidents (idempotent; re-run to resume)."""
    if engine == "dask":
        _ingest_dask(paths, db, batch_size, as_json, scheduler, n_workers)
    from sitrep.sources import read_any
    from sitrep.store.ingest import ingest_documents

    extract, version = _extractor()
    store = _open(db)
    try:
        summary = _run_with_progress(
            lambda cb: ingest_documents(
                store,
                read_any(list(paths), kind),
                extract,
                version,
                batch_size=batch_size,
                on_progress=cb,
                jobs=_jobs(jobs),
            ),  # fmt: skip
            "ingest",
        )
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        for line in summary.lines():
            click.echo(line)
    if summary.skipped and summary.documents == 0:
        sys.exit(EXIT_FAILED)
    sys.exit(EXIT_PARTIAL if summary.skipped else EXIT_OK)


def _ingest_dask(paths, db, batch_size, as_json, scheduler, n_workers) -> None:  # noqa: ANN001
    from sitrep.scale.driver import require_dask, run_ingest

    try:
        require_dask()
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from None
    _open(db).close()  # a clear error for an unreachable database, before any worker starts
    from sitrep.store.engine import resolve_url

    summary = _run_with_progress(
        lambda cb: run_ingest(
            list(paths),
            resolve_url(db),
            scheduler=scheduler,
            n_workers=n_workers,
            batch_size=max(batch_size, 1),
            on_progress=cb,
        ),  # fmt: skip
        "ingest (dask)",
    )
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        for line in summary.lines():
            click.echo(line)
    if (summary.skipped or summary.shard_errors) and summary.documents == 0:
        sys.exit(EXIT_FAILED)
    sys.exit(EXIT_PARTIAL if summary.skipped or summary.shard_errors else EXIT_OK)


CSV_FIELDS = (
    "id", "date", "date_end", "time", "country", "admin1", "admin2", "place", "lat", "lon", "geo_precision",
    "event_type", "target", "claimed_by", "actor_name", "attribution", "attributed_to", "killed", "injured",
    "n_reports", "document_ids", "urls", "outlets",
)  # fmt: skip


def _flat(inc) -> dict:  # noqa: ANN001
    d = inc.to_dict()
    d["document_ids"] = ";".join(s.doc_id for s in inc.sources)
    d["urls"] = ";".join(s.url or "" for s in inc.sources)
    d["outlets"] = ";".join(sorted({s.outlet for s in inc.sources if s.outlet}))
    return {k: d.get(k) for k in CSV_FIELDS}


@click.command()
@DB_OPTION
@click.option("--since", default=None, metavar="YYYY-MM-DD")
@click.option("--until", default=None, metavar="YYYY-MM-DD")
@click.option("--country", default=None)
@click.option("--admin1", default=None)
@click.option("--group", default=None, help="Claimant, actor or attributed group (substring, any case).")
@click.option(
    "--type",
    "event_type",
    default=None,
    type=click.Choice(["ied", "rocket", "drone", "mortar", "small_arms", "unknown"]),
)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@click.option("--provenance", is_flag=True, help="jsonl: include each value's source report, rule and alternatives.")
def incidents(db, since, until, country, admin1, group, event_type, fmt, provenance) -> None:  # noqa: ANN001
    """List incidents (one per attack, with the reports it rests on)."""
    from datetime import date

    from sitrep.store import IncidentFilters

    for name, value in (("--since", since), ("--until", until)):
        if value:
            try:
                date.fromisoformat(value if len(value) == 10 else value + "-01")
            except ValueError:
                raise click.BadParameter(f"{value!r} is not YYYY-MM-DD", param_hint=name) from None
    store = _open(db)
    try:
        rows = store.incidents(IncidentFilters(since=since, until=until, country=country, admin1=admin1,
                                               group=group, event_type=event_type))  # fmt: skip
    finally:
        store.close()
    out = click.get_text_stream("stdout")
    if fmt == "jsonl":
        for inc in rows:
            out.write(json.dumps(inc.to_dict(provenance=provenance), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        w = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        w.writeheader()
        for inc in rows:
            w.writerow(_flat(inc))
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(title=f"{len(rows)} incidents")
        for col in ("id", "date", "country", "admin1", "place", "type", "target", "claimed by", "k/i", "n", "outlets"):
            t.add_column(col)
        for inc in rows:
            k = "?" if inc.killed is None else str(inc.killed)
            i = "?" if inc.injured is None else str(inc.injured)
            outlets = ", ".join(sorted({s.outlet or s.doc_id for s in inc.sources}))
            t.add_row(str(inc.id), inc.date or "", inc.country or "", inc.admin1 or "", inc.place or "",
                      inc.event_type or "", inc.target or "", inc.claimed_by or "", f"{k}/{i}", str(inc.n_reports),
                      outlets)  # fmt: skip
        Console(file=out, width=200 if not out.isatty() else None).print(t)


@click.command()
@click.argument("incident_id", type=int)
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def history(incident_id: int, db: str | None, fmt: str) -> None:
    """What an incident rests on and how it changed: reports linked/unlinked (score, reason), values over time."""
    store = _open(db)
    try:
        inc = store.incident(incident_id)
        if inc is None:
            raise click.ClickException(f"no incident {incident_id}")
        entries = store.history(incident_id)
        rids = sorted({e.report_id for e in entries if e.report_id is not None})
        reports = {r.id: r for r in store.reports(active_only=False, ids=rids)} if rids else {}
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps({"incident": inc.to_dict(provenance=True), "history": [e.to_dict() for e in entries]},
                              ensure_ascii=False, indent=2))  # fmt: skip
        return
    click.echo(f"incident {inc.id} [{inc.status}] {inc.date} {inc.country}/{inc.admin1} {inc.place} "
               f"{inc.event_type} on {inc.target}; {inc.n_reports} reports")  # fmt: skip
    for e in entries:
        line = f"{e.at:%Y-%m-%d %H:%M:%S}  {e.action}"
        if e.report_id is not None:
            r = reports.get(e.report_id)
            line += f"  report {e.report_id}" + (f" ({r.doc_key}#{r.idx}, {r.extractor_version})" if r else "")
        if e.detail:
            line += "  " + json.dumps(e.detail, ensure_ascii=False)
        click.echo(line)
    click.echo("values now (source report, rule; alternatives):")
    for f, p in inc.resolution.items():
        if p.get("report") is None and not p.get("alternatives"):
            continue
        alts = "; ".join(f"{a['value']} (reports {a['reports']})" for a in p.get("alternatives", []))
        click.echo(f"  {f} = {inc.values.get(f)!r}  from report {p.get('report')}, {p.get('rule')}" +
                   (f"; alternatives: {alts}" if alts else ""))  # fmt: skip


@click.command()
@DB_OPTION
@click.option("--reextract", is_flag=True, help="First re-run the extractor on documents stored by another version.")
@JOBS_OPTION
def relink(db: str | None, reextract: bool, jobs: int | None = None) -> None:
    """Recompute incidents from all current reports (after new reports, an extractor change or new rules)."""
    store = _open(db)
    try:
        if reextract:
            from sitrep.store.ingest import ingest_documents, stored_documents

            extract, version = _extractor()
            docs = list(stored_documents(store, version))
            summary = _run_with_progress(
                lambda cb: ingest_documents(store, docs, extract, version, on_progress=cb, jobs=_jobs(jobs)),
                "re-extract",
            )
            for line in summary.lines():
                click.echo(line)
        result = store.relink()
    finally:
        store.close()
    click.echo(f"relinked {result['reports']} reports into {result['incidents']} incidents: "
               f"{result['reports_moved']} reports moved, {result['incidents_created']} incidents created, "
               f"{result['incidents_emptied']} merged away")  # fmt: skip
    if not reextract:
        return
    if summary.skipped:
        warn(f"{len(summary.skipped)} documents could not be re-extracted")
        sys.exit(EXIT_PARTIAL)
