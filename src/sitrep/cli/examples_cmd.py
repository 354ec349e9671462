"""`sitrep examples`: where the bundled example articles are, so a new user can try every command."""

from __future__ import annotations

from importlib import resources

import click


@click.command()
def examples() -> None:
    """Print the folder of bundled example articles (invented articles in the style of real outlets)."""
    click.echo(str(resources.files("sitrep").joinpath("examples")))
