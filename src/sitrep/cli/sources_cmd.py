"""`sitrep read`: print the Documents a reader makes of its input, as JSONL (to check a reader, or to feed
`sitrep extract -`)."""

from __future__ import annotations

import json
import sys

import click

from sitrep.cli.common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, output_stream, warn
from sitrep.cli.options import KIND_OPTION


@click.command()
@click.argument("paths", nargs=-1, required=True)
@KIND_OPTION
@click.option("--text-col", default=None, help="csv/jsonl: the column holding the article text.")
@click.option("--url-col", default=None, help="csv/jsonl: the column holding the URL.")
@click.option("--date-col", default=None, help="csv/jsonl: the column holding the publication date.")
@click.option("--id-col", default=None, help="csv/jsonl: the column holding a document id (default FILE:LINE).")
@click.option("--title-col", default=None, help="csv/jsonl: the column holding the title.")
@click.option("--outlet-col", default=None, help="csv/jsonl: the column holding the outlet.")
@click.option("--follow-links", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Feeds: read the linked page of items that carry only a summary.")
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds per HTTP request.")
@click.option("--channel-username", default=None, help="Telegram: the channel's @username, to give posts t.me URLs.")
@click.option("--no-language", is_flag=True, help="Skip language identification.")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("-o", "--output", default=None, help="Write to FILE instead of standard output.")
def read(paths, kind, text_col, url_col, date_col, id_col, title_col, outlet_col, follow_links, timeout,  # noqa: ANN001
         channel_username, no_language, fmt, output) -> None:  # fmt: skip
    """Read articles, feeds (files or URLs), Telegram exports, WARCs, CSV/JSONL tables; print Documents as JSONL.

    Problems (a damaged record, a row without text, a feed that is an HTML page) are reported on stderr
    with the file and record, and the rest is still read. Exit 0: all read; 1: some skipped; 3: nothing read."""
    from sitrep.models import Document
    from sitrep.sources import ReadProblem, read_any

    options = {k: v for k, v in (("text_col", text_col), ("url_col", url_col), ("date_col", date_col),
                                 ("id_col", id_col), ("title_col", title_col), ("outlet_col", outlet_col),
                                 ("channel_username", channel_username)) if v}  # fmt: skip
    done = skipped = 0
    with output_stream(output) as out:
        for item in read_any(list(paths), kind, follow_links=follow_links, timeout=timeout,
                             detect_language=not no_language, **options):  # fmt: skip
            if isinstance(item, ReadProblem):
                warn(item.message())
                skipped += 1
            elif isinstance(item, Document):
                out.write(json.dumps(item.model_dump(mode="json"), ensure_ascii=False) + "\n")
                done += 1
        out.flush()
    if skipped:
        warn(f"{done} document(s) read, {skipped} skipped")
    sys.exit(EXIT_OK if not skipped else EXIT_PARTIAL if done else EXIT_FAILED)
