"""`sitrep watch CONFIG.yaml`: poll feeds and folders, ingest what is new, log one line per round."""

from __future__ import annotations

import logging
import sys

import click

from sitrep.cli.common import EXIT_OK, EXIT_PARTIAL


@click.command()
@click.argument("config", type=click.Path(dir_okay=False))
@click.option("--once", is_flag=True, help="One round, then exit (for cron and tests): 0 if all went well, 1 if not.")
@click.option("--interval", type=float, default=None, help="Seconds between rounds (overrides the config).")
@click.option("--db", "db", envvar="SITREP_DB", default=None, metavar="URL",
              help="Database (overrides the config's db:; env SITREP_DB; default ./sitrep.sqlite).")
@click.option("--state", "state", default=None, metavar="FILE", help="State file (overrides the config's state:).")
@click.option("-v", "--verbose", is_flag=True, help="Log each feed and file, not only the round summaries.")
@click.option("-q", "--quiet", is_flag=True, help="Log only warnings.")
def watch(config: str, once: bool, interval: float | None, db: str | None, state: str | None, verbose: bool,
          quiet: bool) -> None:  # fmt: skip
    """Poll the configured feeds and folders and ingest what is new, until SIGTERM/SIGINT (then exit 0).

    Conditional requests (ETag, Last-Modified), capped exponential backoff per feed, a per-host rate limit;
    the state (seen items, ETags, file hashes) is kept in a JSON file so a restart resumes where it stopped."""
    from pathlib import Path

    from sitrep.sources.watch import ConfigError, Watcher, load_config

    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s sitrep watch: %(message)s", "%Y-%m-%d %H:%M:%S"))
    logger = logging.getLogger("sitrep.watch")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
    try:
        cfg = load_config(config)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    if db:
        cfg.db = db
    if state:
        cfg.state = Path(state)
    try:
        watcher = Watcher(cfg)
    except Exception as exc:  # noqa: BLE001 - unreachable database, unwritable state folder
        raise click.ClickException(f"cannot start: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None
    logger.info("watching %d feed(s) and %d folder(s); state in %s", len(cfg.feeds), len(cfg.folders), cfg.state)
    with watcher:
        last = watcher.run(once=once, interval=interval)
    if once and last is not None and last.had_errors:
        sys.exit(EXIT_PARTIAL)
    sys.exit(EXIT_OK)
