"""`sitrep serve`: the REST API and the dashboard (docs/web.md).

    from sitrep.web import create_app
    app = create_app("sqlite:///sitrep.sqlite", token=None)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(store_url: str | None = None, token: str | None = None, **kw: Any) -> FastAPI:
    from sitrep.web.app import create_app as _create

    return _create(store_url, token, **kw)


__all__ = ["create_app"]
