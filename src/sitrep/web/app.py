"""The FastAPI application: the REST API, the dashboard's static files and a self-contained API docs page.

from sitrep.web import create_app
app = create_app("sqlite:///sitrep.sqlite", token="s3cret")
"""

from __future__ import annotations

import gzip
import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from sitrep.store import Store, open_store
from sitrep.web.queries import ListFilters, VersionedCache
from sitrep.web.security import MAX_BODY_BYTES, BodyLimitAndHeaders

STATIC = Path(__file__).with_name("static")
log = logging.getLogger("sitrep.web")


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for e in errors[:5]:
        if e.get("type") == "json_invalid":
            return "malformed JSON body: " + str((e.get("ctx") or {}).get("error", "cannot parse"))
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "request"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _clean_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for e in errors[:20]:
        item = {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
        out.append(jsonable_encoder(item))
    return out


def create_app(store_url: str | None = None, token: str | None = None, *, protect_reads: bool = False,
               store: Store | None = None, max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:  # fmt: skip
    """The app over the database at `store_url` ($SITREP_DB, else ./sitrep.sqlite).

    token: the bearer token writes need (default $SITREP_TOKEN; no token: writing is refused).
    protect_reads: reads need the token too (what `sitrep serve` does on a non-loopback address)."""
    from sitrep.web.api import router

    if token is None:
        token = os.environ.get("SITREP_TOKEN") or None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # compute the dashboard's slow answers (facets, truce periods) once, in the background
        threading.Thread(target=_warm_cache, args=(app,), daemon=True, name="sitrep-warm").start()
        yield
        if store is None:
            app.state.store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="sitrep API",
        version=_version(),
        description="Attacks on US and coalition forces in Iraq and Syria: deduplicated, geocoded incidents with "
        "the evidence sentence behind every value. Reading is open unless the server protects it; "
        "writing needs `Authorization: Bearer <SITREP_TOKEN>`.",
        docs_url=None,  # FastAPI's pages load swagger-ui from a CDN; /docs is served from the package instead
        redoc_url=None,
    )
    app.state.store = store if store is not None else open_store(store_url)
    app.state.token = token
    app.state.protect_reads = protect_reads
    app.state.cache = VersionedCache()

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        msg = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"not found: {request.url.path}"
        elif exc.status_code == 405:
            msg = f"method {request.method} not allowed on {request.url.path}"
        return JSONResponse({"error": msg}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        return JSONResponse({"error": _validation_message(errors), "detail": _clean_errors(errors)}, status_code=422)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"error": "internal server error (see the server log)"}, status_code=500)

    app.include_router(router)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return _static_file("index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return _static_file("docs.html")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> RedirectResponse:
        return RedirectResponse("/docs")

    if STATIC.is_dir():
        app.mount("/static", _Static(directory=STATIC), name="static")

    app.add_middleware(GZipMiddleware, minimum_size=4096, compresslevel=5)
    app.add_middleware(BodyLimitAndHeaders, limit=max_body_bytes)
    return app


class _Static(StaticFiles):
    """The built dashboard. Revalidated on each load (the file names carry no hash, so a rebuild shows at once, and
    an unchanged file costs a 304); the big text files (app.js, basemap.json) are gzipped once per file version
    instead of on every request (~20 ms of CPU each, while the first view's API calls wait)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["Cache-Control"] = "no-cache"
        if (
            isinstance(response, FileResponse)
            and response.status_code == 200
            and scope.get("method") == "GET"
            and response.stat_result is not None
            and Path(response.path).suffix in _PACKED
            and "gzip" in Headers(scope=scope).get("accept-encoding", "")
        ):
            st = response.stat_result
            packed = _gzipped(str(response.path), st.st_mtime_ns, st.st_size)
            headers = {k: v for k, v in response.headers.items() if k != "content-length"}
            headers.update({"content-encoding": "gzip", "vary": "Accept-Encoding"})
            return Response(packed, headers=headers)
        return response


_PACKED = {".js", ".css", ".json", ".html", ".svg"}


@lru_cache(maxsize=32)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:  # keyed on the file's version, not only its name
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


def _warm_cache(app: FastAPI) -> None:
    from sitrep.web import api

    class _Req:  # what the cached endpoints read from a request
        def __init__(self) -> None:
            self.app = app

    try:
        req = _Req()
        api.facets(app.state.store, req)  # type: ignore[arg-type]
        api.points_body(req, ListFilters())  # type: ignore[arg-type]
        api.truces(app.state.store, req)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - only a warm-up: the endpoints report their own errors
        log.debug("cache warm-up failed", exc_info=True)


def _static_file(name: str) -> FileResponse:
    path = STATIC / name
    if not path.is_file():
        raise HTTPException(404, f"{name} is missing from the package (rebuild the front end: see docs/web.md)")
    return FileResponse(path, headers={"Cache-Control": "no-cache"})


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("sitrep")
    except Exception:  # noqa: BLE001
        return "0"
