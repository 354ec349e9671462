"""`sitrep serve`: the REST API and the dashboard in one process (docs/web.md)."""

from __future__ import annotations

import os

import click

from sitrep.cli.store_cmd import DB_OPTION


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback unless you need a team server).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--open-read", is_flag=True, help="On a non-loopback address, let anyone read without the token.")
@click.option("--log-level", default="info", show_default=True, type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(db: str | None, host: str, port: int, open_read: bool, log_level: str) -> None:
    """Serve the dashboard and the REST API (reading open on localhost; writing needs $SITREP_TOKEN)."""
    from sitrep.web.security import is_loopback

    token = os.environ.get("SITREP_TOKEN") or None
    loopback = is_loopback(host)
    if not loopback and not token:
        raise click.ClickException(
            f"refusing to listen on {host}, a non-loopback address, without a token: set SITREP_TOKEN "
            "(clients then send 'Authorization: Bearer <token>'), or use --host 127.0.0.1"
        )
    try:
        import uvicorn

        from sitrep.web.app import create_app
    except ImportError as exc:
        raise click.ClickException(f"the web server is not available ({exc}); install fastapi and uvicorn") from None
    try:
        app = create_app(db, token, protect_reads=not loopback and not open_read)
    except Exception as exc:  # noqa: BLE001 - unreachable server, bad URL, unwritable file
        raise click.ClickException(f"cannot open the database: {type(exc).__name__}: {str(exc).splitlines()[0]}") from None
    store = app.state.store
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"sitrep: serving {store.describe()} on http://{shown}:{port}/ "
               f"(API docs: /docs; writing {'enabled with the token' if token else 'disabled: no SITREP_TOKEN'}"
               f"{'; reading needs the token' if app.state.protect_reads else ''})", err=True)  # fmt: skip
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
