"""`sitrep export`: the incident database in the formats analysts load."""

from __future__ import annotations

import sys

import click

from sitrep.cli.analysis_cmd import DB_OPTION, Failed, day_option, open_read_store

FORMAT_NAMES = ("acled", "geojson", "stix", "plover", "parquet", "csv")


@click.command()
@DB_OPTION
@click.option("--format", "fmt", required=True, type=click.Choice(FORMAT_NAMES),
              help="acled (ACLED 31-column CSV), geojson (RFC 7946), stix (STIX 2.1 bundle), plover (PLOVER JSON), "
                   "parquet or csv (flat tables).")  # fmt: skip
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Output file (written to a temporary name, renamed when complete); '-' for stdout (text formats).",
)
@day_option("--since", "Only incidents on or after this day (YYYY-MM-DD).")
@day_option("--until", "Only incidents on or before this day (YYYY-MM-DD).")
@click.option("--country", default=None, help="Only incidents in this country.")
@click.option(
    "--table",
    type=click.Choice(["incidents", "reports"]),
    default="incidents",
    show_default=True,
    help="csv/parquet: the incidents, or the reports (one per article event) behind them.",
)
def export(db, fmt, output, since, until, country, table) -> None:  # noqa: ANN001
    """Export incidents as ACLED CSV, GeoJSON, STIX 2.1, PLOVER JSON, Parquet or CSV."""
    from sitrep.export import ExportError, export_to_path, write

    filters = {"since": since, "until": until, "country": country}
    if fmt in ("csv", "parquet"):
        filters["table"] = table
    elif table != "incidents":
        raise click.BadParameter("--table reports is for csv and parquet only", param_hint="--table")
    from sitrep.analysis.reader import open_sqlite_reader

    store = open_sqlite_reader(db) or open_read_store(db)  # a current SQLite file is read without the store
    try:
        if output == "-":
            if fmt == "parquet":
                raise click.BadParameter("parquet cannot go to stdout; give a file", param_hint="-o")
            n = write(store, fmt, sys.stdout.buffer, allow_empty=False, **filters)
        else:
            n = export_to_path(store, fmt, output, allow_empty=False, **filters)
    except ExportError as exc:
        raise Failed(str(exc)) from None
    finally:
        store.close()
    click.echo(
        f"wrote {n} {'reports' if filters.get('table') == 'reports' else 'incidents'} as {fmt} to {output}", err=True
    )
