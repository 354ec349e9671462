"""Options several commands share. Imported only by the commands that use them (not at `sitrep` start-up)."""

from __future__ import annotations

import click

from sitrep.sources.dispatch import KINDS

KIND_OPTION = click.option(
    "--kind", type=click.Choice(KINDS), default="auto", show_default=True,
    help="Input kind; auto decides by file name and content (see `sitrep read`).",
)  # fmt: skip
