"""`sitrep actors`: look names up in the actor registry, list and show entries, check a registry file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

FORMATS = click.Choice(["jsonl", "table"])


def _registry(ctx: click.Context):
    from sitrep.actors import RegistryError, get_registry

    path = ctx.obj.get("registry") if ctx.obj else None
    try:
        reg = get_registry(path)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from exc
    for err in reg.errors:
        click.echo(f"warning: {err}", err=True)
    return reg


def _table(title: str | None, columns: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(width=None if sys.stdout.isatty() else 200).print(table)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


@click.group("actors")
@click.option(
    "--registry",
    "registry_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Use this registry YAML instead of the shipped one.",
)
@click.pass_context
def actors(ctx: click.Context, registry_path: Path | None) -> None:
    """The actor registry: facade names, parent militias, umbrellas, media channels."""
    ctx.ensure_object(dict)
    ctx.obj["registry"] = registry_path


@actors.command("resolve")
@click.argument("names", nargs=-1, required=True)
@click.option("--format", "fmt", type=FORMATS, default="jsonl", show_default=True)
@click.pass_context
def resolve_cmd(ctx: click.Context, names: tuple[str, ...], fmt: str) -> None:
    """Resolve each NAME to a registry entry (NAME "-" reads one name per line from stdin).

    One line per name: query, id, name, kind, parent, umbrella (parent and umbrella as canonical names),
    plus how it matched; id is null for a name the registry does not know."""
    reg = _registry(ctx)
    queries: list[str] = []
    for name in names:
        if name == "-":
            queries.extend(line.rstrip("\n") for line in sys.stdin)
        else:
            queries.append(name)
    rows = []
    for q in queries:
        res = reg.explain(q)
        if res.actor is not None:
            ref = reg.ref(res.actor)
            row = {
                "query": q,
                "id": ref.id,
                "name": ref.name,
                "kind": ref.kind,
                "parent": ref.parent,
                "umbrella": ref.umbrella,
                "match": res.match,
                "reason": None,
            }
        else:
            ref = reg.to_ref(q)
            row = {
                "query": q,
                "id": None,
                "name": ref.name,
                "kind": None,
                "parent": None,
                "umbrella": None,
                "match": "unknown",
                "reason": res.reason,
            }
        rows.append(row)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    cols = ["query", "id", "name", "kind", "parent", "umbrella", "match"]
    _table(None, cols, [[_cell(r[c]) if c != "match" or r["id"] else _cell(r["reason"]) for c in cols] for r in rows])


@actors.command("list")
@click.option("--kind", default=None, help="Only entries of this kind (facade, armed_group, umbrella, ...).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def list_cmd(ctx: click.Context, kind: str | None, fmt: str) -> None:
    """List registry entries."""
    reg = _registry(ctx)
    entries = [a for a in reg.all() if kind is None or a.kind == kind]
    if fmt == "jsonl":
        for a in entries:
            click.echo(json.dumps(a.to_dict(), ensure_ascii=False))
        return
    rows = []
    for a in entries:
        parent = reg.get(a.parent) if a.parent else None
        umbrella = reg.get(a.umbrella) if a.umbrella else None
        rows.append(
            [
                a.id,
                a.name,
                a.kind,
                parent.name if parent else "",
                umbrella.name if umbrella else "",
                a.confidence,
                str(len(a.aliases)),
            ]
        )
    _table(f"{len(entries)} actors", ["id", "name", "kind", "parent", "umbrella", "confidence", "aliases"], rows)


@actors.command("show")
@click.argument("actor_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def show_cmd(ctx: click.Context, actor_id: str, fmt: str) -> None:
    """Show one entry by id (or by any name the resolver knows)."""
    reg = _registry(ctx)
    actor = reg.get(actor_id) or reg.resolve(actor_id)
    if actor is None:
        raise click.ClickException(f"no actor {actor_id!r} in the registry (try `sitrep actors list`)")
    data = actor.to_dict()
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    children = [a for a in reg.all() if a.parent == actor.id or a.umbrella == actor.id]
    for key, value in data.items():
        if key == "aliases":
            value = "; ".join(value)
        elif key in ("parent", "umbrella") and value:
            value = f"{reg.get(value).name} ({value})"
        if value not in (None, "", []):
            click.echo(f"{key:15} {value}")
    if children:
        click.echo(f"{'linked':15} " + "; ".join(f"{a.name} ({a.id})" for a in children))


@actors.command("check")
@click.pass_context
def check_cmd(ctx: click.Context) -> None:
    """Validate the registry file: report broken rows and alias clashes; exit 1 if any."""
    reg = _registry(ctx)
    click.echo(f"{len(reg)} actors, {reg.alias_count} aliases, {len(reg.errors)} problems")
    if reg.errors:
        ctx.exit(1)


@actors.command("scan")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seen", default=None, help="First-seen date to record on new-group candidates (YYYY-MM-DD).")
@click.pass_context
def scan_cmd(ctx: click.Context, files: tuple[Path, ...], seen: str | None) -> None:
    """Registry names and candidate new groups in text files, one JSON line per file."""
    from sitrep.actors.discovery import find_new_groups

    reg = _registry(ctx)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        mentions = [
            {"start": m.start, "end": m.end, "surface": m.surface, "id": m.actor.id} for m in reg.find_mentions(text)
        ]
        new = [c.to_dict() for c in find_new_groups(text, seen=seen, registry=reg)]
        click.echo(json.dumps({"file": str(path), "mentions": mentions, "new_groups": new}, ensure_ascii=False))
