"""The REST API under /api: incidents, documents, actors, truces, stats, exports, and article submission."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from sitrep.models import EVENT_TYPES, TARGETS, Document
from sitrep.store import Store
from sitrep.web import queries
from sitrep.web.queries import FilterError, ListFilters
from sitrep.web.schemas import ArticleIn, ErrorOut, ExtractOut, Page, SubmitOut
from sitrep.web.security import check_token

log = logging.getLogger("sitrep.web")

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Bad request (e.g. an unknown query parameter)"},
    401: {"model": ErrorOut, "description": "A token is needed"},
    403: {"model": ErrorOut, "description": "Wrong token, or writing disabled"},
    404: {"model": ErrorOut, "description": "No such record"},
    422: {"model": ErrorOut, "description": "A value the API cannot use"},
}
TOO_LARGE: dict[int | str, dict[str, Any]] = {413: {"model": ErrorOut, "description": "Body over the limit (2 MB)"}}
UNAVAILABLE: dict[int | str, dict[str, Any]] = {503: {"model": ErrorOut, "description": "Module not in this install"}}


def store_of(request: Request) -> Store:
    return request.app.state.store


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in getattr(dependant, "query_params", [])}
    for sub in getattr(dependant, "dependencies", []):
        names |= _query_names(sub)
    return names


def strict_query(request: Request) -> None:
    """Unknown query parameters are a 400, not silently ignored (a misspelt filter would show everything)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _query_names(dependant)
    unknown = sorted(set(request.query_params.keys()) - known)
    if unknown:
        raise HTTPException(400, f"unknown query parameter(s): {', '.join(unknown)}; "
                                 f"this endpoint takes: {', '.join(sorted(known)) or 'none'}")  # fmt: skip


def can_read(request: Request) -> None:
    st = request.app.state
    if st.protect_reads and st.token:
        check_token(request, st.token)


def can_write(request: Request) -> None:
    token = request.app.state.token
    if not token:
        raise HTTPException(403, "writing is disabled: this server was started without a token "
                                 "(set SITREP_TOKEN before `sitrep serve`)")  # fmt: skip
    check_token(request, token)


router = APIRouter(prefix="/api", dependencies=[Depends(strict_query), Depends(can_read)], responses=ERRORS)

StoreDep = Annotated[Store, Depends(store_of)]

RowId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Row id (a 32-bit integer)")]
_TYPES = "|".join(EVENT_TYPES)
_TARGETS = "|".join(TARGETS)


def list_filters(
    since: Annotated[str | None, Query(description="YYYY-MM-DD or YYYY-MM: incidents on or after")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD or YYYY-MM: incidents on or before")] = None,
    country: Annotated[
        str | None, Query(max_length=128, description="Iraq, Syria, ... (name, alias or ISO code)")
    ] = None,
    governorate: Annotated[str | None, Query(max_length=128, description="Governorate (admin1), e.g. Al-Anbar")] = None,
    type: Annotated[list[str] | None, Query(description=f"Event type ({_TYPES}); repeat or comma-separate")] = None,  # noqa: A002
    target: Annotated[list[str] | None, Query(description=f"Target ({_TARGETS}); repeat or comma-separate")] = None,
    group: Annotated[
        str | None, Query(max_length=256, description="Claimant/actor/attributed group, substring")
    ] = None,
    parent: Annotated[
        str | None,
        Query(max_length=256, description="Registry group id or name: incidents by it or by any group under it"),
    ] = None,  # fmt: skip
    q: Annotated[str | None, Query(max_length=256, description="Free text over place, governorate and group")] = None,
    min_casualties: Annotated[int | None, Query(ge=0, le=1_000_000, description="killed + injured at least")] = None,
) -> ListFilters:
    try:
        if since:
            queries.day_ordinal(since, "since")
        if until:
            queries.day_ordinal(until, "until")
        return ListFilters(
            since=since or None,
            until=until or None,
            country=queries.canonical_country(country) if country else None,
            admin1=queries.canonical_admin1(governorate) if governorate else None,
            event_type=queries.check_choices(type, EVENT_TYPES, "type"),
            target=queries.check_choices(target, TARGETS, "target"),
            group=group.strip() or None if group else None,
            parent=parent.strip() or None if parent else None,
            q=q.strip() or None if q else None,
            min_casualties=min_casualties,
        )
    except FilterError as exc:
        raise HTTPException(422, str(exc)) from None


FiltersDep = Annotated[ListFilters, Depends(list_filters)]


# -- incidents ---------------------------------------------------------------------------------------------


@router.get("/incidents", responses={200: {"model": Page, "description": "One page of incidents"}},
            summary="List incidents (filter, sort, page)")  # fmt: skip
def list_incidents(
    store: StoreDep,
    f: FiltersDep,
    sort: Annotated[
        str, Query(max_length=32, description=f"One of {', '.join(queries.SORTABLE)}; prefix - for descending")
    ] = "-date",  # fmt: skip
    limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    try:
        total, rows = queries.list_incidents(store, f, sort=sort, limit=limit, offset=offset)
    except FilterError as exc:
        raise HTTPException(422, str(exc)) from None
    page = {"total": total, "limit": limit, "offset": offset, "items": rows}  # plain values: encoded directly
    return Response(json.dumps(page, separators=(",", ":"), ensure_ascii=False), media_type="application/json")


def _cached(request: Request, key: tuple, compute: Any) -> Any:
    return request.app.state.cache.get(request.app.state.store, key, compute)


@router.get("/incidents/points", summary="Every matching incident, compact (map and timeline)",
            responses={200: {"content": {"application/json": {}}}})  # fmt: skip
def incident_points(store: StoreDep, f: FiltersDep, request: Request) -> Response:
    try:
        raw, packed = points_body(request, f)
    except FilterError as exc:
        raise HTTPException(422, str(exc)) from None
    if "gzip" in request.headers.get("accept-encoding", ""):  # compressed once, with the cached body
        return Response(packed, media_type="application/json",
                        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})  # fmt: skip
    return Response(raw, media_type="application/json", headers={"Vary": "Accept-Encoding"})


def points_body(request: Request, f: ListFilters) -> tuple[bytes, bytes]:
    """The points answer as JSON and gzipped JSON, cached: 10,000 rows through FastAPI's encoder would cost ~0.3 s,
    and gzipping their ~0.5 MB on every request ~20 ms."""
    store = request.app.state.store

    def compute() -> tuple[bytes, bytes]:
        raw = json.dumps(queries.map_points(store, f), separators=(",", ":"), ensure_ascii=False).encode()
        return raw, gzip.compress(raw, compresslevel=6, mtime=0)

    return _cached(request, ("points", repr(f)), compute)


@router.get("/facets", summary="Values present in the database (countries, governorates, groups, date span)")
def facets(store: StoreDep, request: Request) -> dict[str, Any]:
    return _cached(request, ("facets",), lambda: queries.facets(store))


def _actor_info(name: str | None) -> dict[str, Any] | None:
    if not name:
        return None
    from sitrep.actors import get_registry

    reg = get_registry()
    a = reg.resolve(name)
    if a is None:
        return {"id": None, "name": name, "kind": None, "parent": None, "umbrella": None, "in_registry": False}

    def brief(actor_id: str | None) -> dict[str, Any] | None:
        other = reg.get(actor_id) if actor_id else None
        return {"id": other.id, "name": other.name, "kind": other.kind} if other else None

    return {**a.to_dict(), "parent": brief(a.parent), "umbrella": brief(a.umbrella), "in_registry": True}


@router.get("/incidents/{incident_id}", summary="One incident with its reports, evidence spans and source documents")
def get_incident(store: StoreDep, incident_id: RowId) -> dict[str, Any]:
    inc = store.incident(incident_id)
    if inc is None:
        raise HTTPException(404, f"no incident {incident_id}")
    reports = store.reports(incident_id=incident_id)
    by_doc = {s.document_id: s for s in inc.sources}
    docs = queries.document_rows(store, sorted({r.document_id for r in reports} | set(by_doc)))
    report_out = []
    for r in reports:
        src = next((s for s in inc.sources if s.report_id == r.id), None)
        report_out.append({**r.to_dict(), "score": src.score if src else None, "reason": src.reason if src else None})
    disagreements = {
        field: [{"value": a.get("value"), "reports": a.get("reports", [])} for a in p.get("alternatives") or []]
        for field, p in (inc.resolution or {}).items()
        if p.get("alternatives")
    }
    return {
        "incident": inc.to_dict(provenance=True),
        "group": _actor_info(inc.actor_name or inc.claimed_by),
        "attributed_group": _actor_info(inc.attributed_to),
        "reports": report_out,
        "documents": docs,
        "outlets": sorted({d["outlet"] for d in docs if d.get("outlet")}),
        "disagreements": disagreements,
        "history": [e.to_dict() for e in store.history(incident_id)],
    }


# -- documents ---------------------------------------------------------------------------------------------


@router.get("/documents", response_model=Page, summary="Stored documents (current revisions, newest first)")
def list_documents(
    store: StoreDep,
    outlet: Annotated[str | None, Query(max_length=512)] = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    total, rows = queries.documents_page(store, limit=limit, offset=offset, outlet=outlet)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


@router.get("/documents/{document_id}", summary="One document with its text and the reports extracted from it")
def get_document(store: StoreDep, document_id: RowId) -> dict[str, Any]:
    rows = queries.document_rows(store, [document_id])
    if not rows:
        raise HTTPException(404, f"no document {document_id}")
    return {"document": rows[0], "reports": queries.reports_of_document(store, document_id)}


def _document_from(body: ArticleIn) -> Document:
    key = body.url or body.text or body.html or ""
    doc_id = body.id or "api-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    if body.html:
        from sitrep.sources.html import html_to_document

        doc = html_to_document(body.html, doc_id, url=body.url)
        if doc is None:
            raise HTTPException(422, "no article text found in the HTML")
        updates = {
            k: v for k, v in (("published", body.published), ("outlet", body.outlet), ("title", body.title)) if v
        }
        return doc.model_copy(update={**updates, "source_kind": "api"})
    return Document(id=doc_id, text=body.text or "", url=body.url, published=body.published, outlet=body.outlet,
                    title=body.title, source_kind="api")  # fmt: skip


def _extract(doc: Document):  # noqa: ANN202
    try:
        from sitrep.extract.pipeline import EXTRACTOR_VERSION, extract_document
    except ImportError as exc:  # pragma: no cover - the extractor ships with the package
        raise HTTPException(503, f"the extractor is not available ({exc})") from None
    return extract_document(doc), EXTRACTOR_VERSION


@router.post(
    "/extract", response_model=ExtractOut, responses=TOO_LARGE, summary="Dry run: extract an article, save nothing"
)
def extract_article(body: ArticleIn) -> dict[str, Any]:
    doc = _document_from(body)
    result, _ = _extract(doc)
    return {"document": doc.model_dump(mode="json"), "result": result.to_output()}


@router.post("/documents", response_model=SubmitOut, status_code=201, dependencies=[Depends(can_write)],
             responses={**TOO_LARGE, 200: {"model": SubmitOut, "description": "Already stored, unchanged"}},
             summary="Submit an article: extract, store and link it now (needs the token)")  # fmt: skip
def submit_document(store: StoreDep, body: ArticleIn, response: Response) -> dict[str, Any]:
    doc = _document_from(body)
    result, version = _extract(doc)
    outcome = store.add_result(doc, result, version)
    if outcome.status == "unchanged":
        response.status_code = 200
    incidents = [i.to_dict() for i in (store.incident(n) for n in outcome.incident_ids) if i is not None]
    from dataclasses import asdict

    return {"document": doc.model_dump(mode="json"), "result": result.to_output(), "outcome": asdict(outcome),
            "incidents": incidents}  # fmt: skip


# -- actors ------------------------------------------------------------------------------------------------


@router.get("/actors", summary="The actor registry, with parents, umbrellas and incident counts")
def list_actors(store: StoreDep) -> dict[str, Any]:
    from sitrep.actors import get_registry

    reg = get_registry()
    counts = queries.incident_counts_by_actor(store)
    items = []
    for a in reg.all():
        d = a.to_dict()
        d["parent_name"] = reg.get(a.parent).name if a.parent and reg.get(a.parent) else None
        d["umbrella_name"] = reg.get(a.umbrella).name if a.umbrella and reg.get(a.umbrella) else None
        d["incidents"] = counts.get(a.name.lower(), 0)
        items.append(d)
    return {"total": len(items), "items": items}


@router.get("/actors/{actor_id}", summary="One registry group")
def get_actor(actor_id: Annotated[str, Path(max_length=256)]) -> dict[str, Any]:
    from sitrep.actors import get_registry

    reg = get_registry()
    a = reg.get(actor_id)
    if a is None:
        raise HTTPException(404, f"no group {actor_id!r} in the registry")
    info = _actor_info(a.name) or {}
    info["members"] = [{"id": m.id, "name": m.name, "kind": m.kind} for m in reg.all()
                       if m.parent == a.id or m.umbrella == a.id]  # fmt: skip
    return info


# -- truces, stats, exports --------------------------------------------------------------------------------


def _fallback_truces(store: Store) -> list[dict[str, Any]]:
    """Truce periods straight from the stored context facts (used only when sitrep.analysis is absent)."""
    facts = store.context_facts()
    ends = sorted((f for f in facts if f.kind == "truce_end" and f.date), key=lambda f: f.date or "")
    out = []
    for f in sorted((f for f in facts if f.kind == "truce"), key=lambda f: f.start or f.date or ""):
        start = f.start or f.date
        if not start:
            continue
        end = next(
            (e for e in ends if (e.date or "") > start and (not f.actor or not e.actor or e.actor == f.actor)), None
        )
        out.append({"group": f.actor or f.group, "start": start, "end": end.date if end else None,
                    "evidence": [f.evidence] + ([end.evidence] if end else []), "source": "context facts"})  # fmt: skip
    return out


@router.get("/truces", summary="Truce periods (announced suspensions of attacks and their ends)")
def truces(store: StoreDep, request: Request) -> dict[str, Any]:
    try:
        from sitrep.analysis.truces import truce_timeline
    except ImportError:
        return {"items": _fallback_truces(store), "computed_by": "sitrep.web (context facts)"}

    def compute() -> dict[str, Any]:
        return {"items": [p.to_dict() for p in truce_timeline(store)], "computed_by": "sitrep.analysis.truces"}

    return _cached(request, ("truces",), compute)


@router.get("/stats", responses=UNAVAILABLE, summary="Attack statistics (the same numbers as `sitrep stats`)")
def stats(
    store: StoreDep,
    by: Annotated[str, Query(max_length=16, description="Period: day, week, month, year")] = "week",
    group_by: Annotated[str | None, Query(max_length=32, description="e.g. type, country, governorate, group")] = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
) -> dict[str, Any]:
    try:
        from sitrep.analysis.stats import compute_stats
    except ImportError:
        raise HTTPException(503, "statistics are not available in this install (sitrep.analysis.stats)") from None
    for name, value in (("since", since), ("until", until)):
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise HTTPException(422, f"{name}: {value!r} is not YYYY-MM-DD") from None
    try:
        table = compute_stats(store, by=by, group_by=group_by, since=since, until=until)
    except (ValueError, KeyError) as exc:
        raise HTTPException(422, f"cannot compute these statistics: {exc}") from None
    return table.to_dict()


_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
    "stix": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "kml": "application/vnd.google-earth.kml+xml",
}


@router.get("/export/{fmt}", summary="Download an export (the same files as `sitrep export`)",
            responses={200: {"content": {"application/octet-stream": {}}}, **UNAVAILABLE})  # fmt: skip
def export(
    store: StoreDep,
    fmt: Annotated[str, Path(max_length=32)],
    since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    country: Annotated[str | None, Query(max_length=128)] = None,
    governorate: Annotated[str | None, Query(max_length=128)] = None,
    group: Annotated[str | None, Query(max_length=256)] = None,
    type: Annotated[str | None, Query(description=_TYPES)] = None,  # noqa: A002
) -> Response:
    try:
        from sitrep.export import FORMATS, export_bytes
    except ImportError:
        raise HTTPException(503, "exports are not available in this install (sitrep.export)") from None
    names = list(FORMATS)
    if fmt not in names:
        raise HTTPException(404, f"unknown export format {fmt!r} (one of: {', '.join(names)})")
    kw: dict[str, Any] = {}
    try:
        for name, value in (("since", since), ("until", until)):
            if value:
                date.fromisoformat(value)
                kw[name] = value
        if country:
            kw["country"] = queries.canonical_country(country)
        if governorate:
            kw["admin1"] = queries.canonical_admin1(governorate)
        if group:
            kw["group"] = group
        if type:
            kw["event_type"] = (queries.check_choices([type], EVENT_TYPES, "type") or [None])[0]
    except (FilterError, ValueError) as exc:
        raise HTTPException(422, str(exc)) from None
    try:
        data = export_bytes(store, fmt, **kw)
    except (ValueError, TypeError) as exc:
        raise HTTPException(422, f"cannot export: {exc}") from None
    ext = {"stix": "json"}.get(fmt, fmt)
    return Response(data, media_type=_MEDIA.get(fmt, "application/octet-stream"),
                    headers={"Content-Disposition": f'attachment; filename="sitrep-incidents.{ext}"'})  # fmt: skip


@router.get("/export", summary="Export formats offered")
def export_formats() -> dict[str, Any]:
    try:
        from sitrep.export import FORMATS
    except ImportError:
        return {"formats": [], "available": False}
    return {"formats": list(FORMATS), "available": True}


@router.get("/health", summary="Liveness and database summary")
def health(store: StoreDep, request: Request) -> dict[str, Any]:
    queries.ping(store)
    return {"ok": True, "database": store.backend, "counts": store.counts(),
            "writable": bool(request.app.state.token)}  # fmt: skip
