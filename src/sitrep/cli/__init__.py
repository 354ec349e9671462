"""The `sitrep` command. Each subcommand lives in its stage's own module and is imported only when used,
so that `sitrep extract` starts fast."""

from __future__ import annotations

import importlib

import click

# name -> "module:attribute". A module that is not there yet is simply not offered.
COMMANDS: dict[str, str] = {
    "extract": "sitrep.cli.extract_cmd:extract",
    "eval": "sitrep.cli.eval_cmd:eval_cmd",
    "examples": "sitrep.cli.examples_cmd:examples",
    "geocode": "sitrep.cli.geocode_cmd:geocode",
    "actors": "sitrep.cli.actors_cmd:actors",
    "ingest": "sitrep.cli.store_cmd:ingest",
    "incidents": "sitrep.cli.store_cmd:incidents",
    "history": "sitrep.cli.store_cmd:history",
    "relink": "sitrep.cli.store_cmd:relink",
    "stats": "sitrep.cli.analysis_cmd:stats",
    "truces": "sitrep.cli.analysis_cmd:truces",
    "plot": "sitrep.cli.analysis_cmd:plot",
    "export": "sitrep.cli.export_cmd:export",
    "serve": "sitrep.cli.serve_cmd:serve",
    "watch": "sitrep.cli.watch_cmd:watch",
    "read": "sitrep.cli.sources_cmd:read",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                return None  # that stage is not built into this install
            raise
        return getattr(module, attr, None)


@click.group(cls=LazyGroup)
@click.version_option(package_name="sitrep")
def main() -> None:
    """sitrep: attacks on US and coalition forces in Iraq and Syria, from news text to incident database."""
