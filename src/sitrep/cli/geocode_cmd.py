"""`sitrep geocode NAME... [--country C] [--input FILE] [--format jsonl|table]`."""

from __future__ import annotations

import json
import sys

import click

_COLUMNS = ("query", "name", "kind", "country", "admin1", "admin2", "lat", "lon", "geo_precision", "reason")


@click.command("geocode")
@click.argument("names", nargs=-1)
@click.option("--country", "-c", default=None, help="Restrict matches to this country (Iraq, Syria, Jordan, Kuwait).")
@click.option(
    "--input",
    "-i",
    "input_file",
    type=click.File("r", encoding="utf-8", errors="replace"),
    default=None,
    help="Read one query per line from FILE ('-' for stdin).",
)
@click.option("--format", "-f", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
def geocode(names: tuple[str, ...], country: str | None, input_file, fmt: str) -> None:
    """Geocode place names (Iraq, Syria, Jordan): one JSON line per query with query, name, kind, country,
    admin1, admin2, lat, lon, geo_precision (and a reason when nothing matches)."""
    from sitrep.geo import get_gazetteer

    queries = list(names)
    if input_file is not None:
        queries.extend(line.rstrip("\r\n") for line in input_file if line.strip())
    if not queries:
        raise click.UsageError("give at least one NAME or --input FILE")
    gz = get_gazetteer()
    results = [gz.geocode(q, country=country).to_dict() for q in queries]
    if fmt == "jsonl":
        out = sys.stdout
        for r in results:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True, header_style="bold")
    for col in _COLUMNS:
        table.add_column(col, overflow="fold")
    for r in results:
        table.add_row(*("" if r.get(c) is None else str(r.get(c)) for c in _COLUMNS))
    console = Console()
    if not console.is_terminal:
        console.width = 200  # piped or captured: do not squeeze the columns to 80
    console.print(table)
