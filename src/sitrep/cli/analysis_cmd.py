"""`sitrep stats`, `sitrep truces`, `sitrep plot`: tempo, truces and charts from the incident database."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click

from sitrep.cli.common import EXIT_FAILED

DB_OPTION = click.option(
    "--db", "db", envvar="SITREP_DB", default=None, metavar="URL",
    help="Database: sqlite:///FILE, a file path, or postgresql://... (env SITREP_DB; default ./sitrep.sqlite).",
)  # fmt: skip


class Failed(click.ClickException):
    exit_code = EXIT_FAILED


def day_option(name: str, help_: str) -> Any:
    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        from sitrep.analysis.frame import AnalysisError, parse_day

        try:
            return parse_day(value, param.opts[0]).isoformat()
        except AnalysisError as exc:
            raise click.BadParameter(str(exc)) from None

    return click.option(name, default=None, metavar="YYYY-MM-DD", callback=check, help=help_)


def open_read_store(db: str | None):  # noqa: ANN201
    """Open an existing database for reading; a missing SQLite file is an error, not a new empty database."""
    from sitrep.store.engine import resolve_url

    url = resolve_url(db)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        path = Path(url[len("sqlite:///") :])
        if not path.is_file():
            raise Failed(f"no database at {path} (make one with `sitrep ingest FILES --db {url}`)")
    from sitrep.store import open_store

    try:
        return open_store(url)
    except Exception as exc:  # noqa: BLE001 - unreachable server, bad URL, unreadable file
        raise Failed(f"cannot open the database: {type(exc).__name__}: {str(exc).splitlines()[0]}") from None


def require_incidents(df: Any, filtered: bool) -> None:
    if df.empty:
        raise Failed("no incidents match the filters" if filtered else "the database has no incidents")


def _emit_rows(columns: list[str], rows: list[dict], fmt: str, payload: dict | None = None) -> None:
    if fmt == "json":
        click.echo(json.dumps(payload if payload is not None else rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else v) for k, v in r.items()})
    else:
        click.echo(_table(columns, rows))


def _table(columns: list[str], rows: list[dict]) -> str:
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    num = [all(x.replace("-", "").replace(".", "").isdigit() or x == "" for x in (row[i] for row in cells))
           for i in range(len(columns))]  # fmt: skip
    fmt_row = lambda vals: "  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(vals, widths, num, strict=True))  # noqa: E731
    lines = [fmt_row(columns), "  ".join("-" * w for w in widths)]
    lines += [fmt_row(r).rstrip() for r in cells]
    return "\n".join(lines)


@click.command()
@DB_OPTION
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month"]),
    default="week",
    show_default=True,
    help="Period of the counts (weeks start on Monday).",
)
@click.option("--group-by", "group_by", type=click.Choice(["type", "target", "admin1", "country", "group", "parent",
                                                           "umbrella"]), default=None,
              help="Split the counts (or the gaps) by this dimension.")  # fmt: skip
@day_option("--since", "First day (YYYY-MM-DD).")
@day_option("--until", "Last day (YYYY-MM-DD).")
@click.option("--country", default=None, help="Only incidents in this country.")
@click.option("--view", type=click.Choice(["counts", "window", "groups", "gaps", "checks"]), default="counts",
              show_default=True,
              help="counts: incidents per period; window: attacks in the last N weeks as of a day; groups: first and "
                   "last attack, gaps and resumptions per group; gaps: quiet spells and resumptions; checks: tempo "
                   "figures stated in articles against the database's count.")  # fmt: skip
@day_option("--as-of", "window: the last day of the window (default: the last incident's day).")
@click.option("--weeks", type=click.FloatRange(min=0, min_open=True), default=None, help="window: length in weeks.")
@click.option("--days", type=click.IntRange(min=1), default=None, help="window: length in days.")
@click.option("--group", "scope_group", default=None, help="window: only this group's network (any spelling).")
@click.option(
    "--gap-days",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="gaps/groups: the shortest quiet spell reported.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def stats(db, by, group_by, since, until, country, view, as_of, weeks, days, scope_group, gap_days, fmt) -> None:  # noqa: ANN001
    """Tempo: incidents by day, week or month, split by type, target, governorate or group; rolling windows,
    gaps and resumptions, group activity, and checks of figures stated in articles."""
    from sitrep.analysis.frame import AnalysisError, incidents_frame
    from sitrep.analysis.reader import open_sqlite_reader

    # groups and checks read context facts through the store; the other views need only the incident rows
    fast = open_sqlite_reader(db) if view in ("counts", "window", "gaps") else None
    store = fast or open_read_store(db)
    try:
        df = incidents_frame(store, since=since, until=until, country=country)
        require_incidents(df, bool(since or until or country))
        if view == "counts":
            from sitrep.analysis.stats import stats_from_frame

            t = stats_from_frame(df, by=by, group_by=group_by, since=since, until=until)
            _emit_rows(t.columns, t.rows, fmt, t.to_dict())
            if fmt == "table" and any(t.excluded.values()):
                click.echo(f"({t.total} incidents counted; left out: {t.excluded['undated']} undated, "
                           f"{t.excluded['month_only']} dated only to the month)", err=True)  # fmt: skip
        elif view == "window":
            from sitrep.analysis.tempo import window_count

            if not (weeks or days):
                raise click.UsageError("--view window needs --weeks N or --days N")
            end = as_of or df["day"].max().strftime("%Y-%m-%d")
            w = window_count(df, end, weeks=weeks, days=days, group=scope_group, country=country)
            row = {k: v for k, v in w.to_dict().items() if k != "incident_ids"}
            row["scope"] = ", ".join(f"{k}={v}" for k, v in w.scope.items()) or "all"
            _emit_rows(list(row), [row], fmt, w.to_dict())
        elif view == "groups":
            from sitrep.analysis.tempo import group_activity

            acts = group_activity(df, min_gap_days=gap_days, store=store)
            rows = [dict(a.to_dict(), resumptions=len(a.resumptions)) for a in acts]
            cols = ["group", "parent", "umbrella", "incidents", "first", "last", "longest_gap_days", "resumptions",
                    "founded"]  # fmt: skip
            _emit_rows(cols, rows, fmt, [a.to_dict() for a in acts])
        elif view == "gaps":
            from sitrep.analysis.tempo import gaps

            gl = gaps(df, min_days=gap_days, group_by=group_by)
            _emit_rows(["key", "last_before", "first_after", "days", "resumed_by"], [g.to_dict() for g in gl], fmt)
        else:
            from sitrep.analysis.figures import check_figures

            checks = check_figures(store, frame=incidents_frame(store))
            rows = [dict(c.to_dict(), result=c.summary, scope=", ".join(f"{k}={v}" for k, v in c.scope.items()))
                    for c in checks]  # fmt: skip
            cols = ["doc_id", "as_of", "window_days", "scope", "stated", "counted", "result", "evidence"]
            _emit_rows(cols, rows, fmt, [c.to_dict() for c in checks])
    except AnalysisError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        store.close()


@click.command()
@DB_OPTION
@click.option(
    "--truces",
    "truce_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="A YAML file of reviewed truce periods to add (same form as sitrep/data/truces.yaml).",
)
@click.option("--no-default", is_flag=True, help="Leave out the shipped reviewed periods.")
@click.option(
    "--rate-weeks",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Weeks before the start and after the end over which the attack rate is measured.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def truces(db, truce_file, no_default, rate_weeks, fmt) -> None:  # noqa: ANN001
    """Truce, moratorium and ceasefire periods (articles + reviewed file): violations, the first attack
    after each, and the attack rate before, during and after."""
    from sitrep.analysis.frame import AnalysisError
    from sitrep.analysis.truces import truce_timeline

    store = open_read_store(db)
    try:
        periods = truce_timeline(store, truce_file, include_default=not no_default, rate_weeks=rate_weeks)
    except AnalysisError as exc:
        raise Failed(str(exc)) from None
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps([p.to_dict() for p in periods], ensure_ascii=False, indent=2))
        return
    if not periods:
        click.echo("no truce periods known (none in articles, none in the reviewed file)")
        return
    rows = []
    for p in periods:
        first = p.first_after["date"] if p.first_after else None
        rows.append({"start": p.start, "end": p.end or (f"({p.during_until} resumed)" if p.end_basis == "resumption"
                                                          else "open"),
                     "actor": p.actor or "(unnamed)", "kind": p.kind, "sources": len(p.sources),
                     "inside": len(p.incidents_inside), "violations": len(p.violations), "first_after": first,
                     "rate_before": p.rate_before, "rate_during": p.rate_during, "rate_after": p.rate_after})  # fmt: skip
    click.echo(_table(list(rows[0]), rows))
    click.echo(
        "(rates: incidents per week; violations: inside the period and in the announcing group's network)", err=True
    )


@click.command()
@click.argument("chart", type=click.Choice(["tempo", "map", "groups"]))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Image file: .png or .svg (also .pdf).",
)
@DB_OPTION
@day_option("--since", "First day (YYYY-MM-DD).")
@day_option("--until", "Last day (YYYY-MM-DD).")
@click.option("--country", default=None, help="Only incidents in this country.")
@click.option(
    "--by", type=click.Choice(["day", "week", "month"]), default="week", show_default=True, help="tempo: bar width."
)
@click.option(
    "--truces",
    "truce_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="tempo: extra reviewed truce periods to shade.",
)
@click.option("--title", default=None, help="Chart title.")
def plot(chart, output, db, since, until, country, by, truce_file, title) -> None:  # noqa: ANN001
    """Charts for a report: tempo (stacked by weapon, truces shaded), map, groups (activity timeline)."""
    from sitrep.analysis.frame import AnalysisError, incidents_frame
    from sitrep.analysis.plots import PlotError, save_chart

    if Path(output).suffix.lower() not in (".png", ".svg", ".pdf"):
        raise click.BadParameter("the output must end in .png, .svg or .pdf", param_hint="-o")
    store = open_read_store(db)
    try:
        df = incidents_frame(store, since=since, until=until, country=country)
        require_incidents(df, bool(since or until or country))
        periods = None
        if chart == "tempo":
            from sitrep.analysis.truces import truce_timeline

            # the truce analysis needs every incident (a resumption may lie outside --since/--until)
            periods = truce_timeline(store, truce_file, frame=None if (since or until or country) else df)
        save_chart(chart, df, output, by=by, truces=periods, title=title, since=since, until=until)
    except (AnalysisError, PlotError) as exc:
        raise Failed(str(exc)) from None
    finally:
        store.close()
    click.echo(f"wrote {output}", err=True)
