"""Read-only queries the API needs beyond the Store's own readers: paged, sorted incident lists with every
dashboard filter, compact map points and facet values.

They are SELECTs built with SQLAlchemy Core over the store's tables (``sitrep.store.schema``), so every
value a user sends is a bound parameter, never SQL text. The Store stays the only writer."""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select, and_, false, func, literal, or_, select, union_all

from sitrep.models import EVENT_TYPES, TARGETS
from sitrep.store import Store
from sitrep.store.schema import ActorRow, ContextFactRow, DocumentRow, IncidentRow, LinkRow, ReportRow
from sitrep.store.views import INCIDENT_FIELDS

I = IncidentRow.__table__  # noqa: E741
D = DocumentRow.__table__
R = ReportRow.__table__
L = LinkRow.__table__
A = ActorRow.__table__

SORTABLE = ("date", "id", "country", "admin1", "place", "event_type", "target", "claimed_by", "actor_name",
            "killed", "injured", "n_reports", "updated_at")  # fmt: skip
MAX_LIMIT = 1000


class FilterError(ValueError):
    """A filter value the API cannot use (answered with 422 and this message)."""


@dataclass(slots=True)
class ListFilters:
    since: str | None = None
    until: str | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: list[str] | None = None
    target: list[str] | None = None
    group: str | None = None
    parent: str | None = None
    q: str | None = None
    min_casualties: int | None = None
    status: str = "active"


def day_ordinal(value: str, name: str, *, end: bool = False) -> int:
    """YYYY-MM-DD or YYYY-MM as a day number (the store's day_lo/day_hi scale)."""
    try:
        if len(value) == 7:
            first = date.fromisoformat(value + "-01")
            if not end:
                return first.toordinal()
            nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return nxt.toordinal() - 1
        if len(value) == 10:
            return date.fromisoformat(value).toordinal()
    except ValueError:
        pass
    raise FilterError(f"{name}: {value!r} is not a date (YYYY-MM-DD or YYYY-MM)")


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], dict[str, str]]:
    """Folded country and governorate names and aliases -> canonical names (from the shipped gazetteer)."""
    from sitrep.geo.gazetteer import data_path

    countries: dict[str, str] = {}
    admin1: dict[str, str] = {}
    for fname, target in (("countries.csv", countries), ("admin1.csv", admin1)):
        with data_path(fname).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                names = [row["name"], row.get("iso") or "", row.get("iso2") or "", row.get("id") or ""]
                names += (row.get("aliases") or "").split("|")
                for n in names:
                    if n.strip():
                        target.setdefault(n.strip().casefold(), row["name"])
    return countries, admin1


def canonical_country(value: str) -> str:
    name = _places()[0].get(value.strip().casefold())
    if name is None:
        raise FilterError(f"country: unknown country {value!r}")
    return name


def canonical_admin1(value: str) -> str:
    name = _places()[1].get(value.strip().casefold())
    if name is None:
        raise FilterError(f"governorate: unknown governorate {value!r}")
    return name


def known_places() -> dict[str, list[str]]:
    countries, admin1 = _places()
    return {"countries": sorted(set(countries.values())), "governorates": sorted(set(admin1.values()))}


def check_choices(values: list[str] | None, allowed: tuple[str, ...], name: str) -> list[str] | None:
    if not values:
        return None
    out: list[str] = []
    for v in values:
        for part in v.split(","):
            part = part.strip()
            if not part:
                continue
            if part not in allowed:
                raise FilterError(f"{name}: unknown value {part!r} (one of: {', '.join(allowed)})")
            out.append(part)
    return out or None


def vars_of(f: ListFilters) -> dict[str, Any]:
    return {k: getattr(f, k) for k in f.__slots__}


def _like(s: str) -> str:
    """A LIKE pattern matching `s` anywhere, with LIKE's own wildcards taken literally."""
    esc = s.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc}%"


def parent_names(parent: str) -> list[str]:
    """Folded names of the registry groups under `parent` (as parent or umbrella), `parent` included."""
    from sitrep.actors import get_registry

    reg = get_registry()
    root = reg.get(parent) or reg.resolve(parent)
    if root is None:
        raise FilterError(f"parent: unknown group {parent!r} (see /api/actors)")
    ids = {root.id}
    changed = True
    while changed:  # groups under groups under the parent
        changed = False
        for a in reg.all():
            if a.id not in ids and (a.parent in ids or a.umbrella in ids):
                ids.add(a.id)
                changed = True
    names: set[str] = set()
    for a in reg.all():
        if a.id in ids:
            names.add(a.name.lower())
            names.update(x.lower() for x in a.aliases)
    return sorted(names)


def _contains(col: Any, text: str, dialect: str) -> Any:
    """Case-insensitive substring match: SQLite's LIKE already ignores ASCII case (no lower() per row); PostgreSQL
    has ILIKE."""
    pat = _like(text)
    return col.ilike(pat, escape="\\") if dialect == "postgresql" else col.like(pat, escape="\\")


GROUP_COLUMNS = ("claimed_by", "actor_name", "attributed_to")  # `group` and `parent` look in these
TEXT_COLUMNS = ("place", "admin1", "actor_name")  # `q` looks in these
MAX_VALUES = 2000  # a column with more distinct values than this is filtered with LIKE over the rows instead


def distinct_values(conn: Connection, columns: list[str], limit: int = MAX_VALUES) -> dict[str, list[str] | None]:
    """Each column's distinct non-null values (None for a column with more than `limit`), in one statement.

    A loose index scan: a recursive query steps from one value to the next through the column's index (one probe
    per value), so 10,000 incidents with a few hundred group names cost a few hundred probes, not 10,000 rows."""
    parts = []
    for column in columns:
        col = I.c[column]
        walk = select(func.min(col).label("v")).cte(f"walk_{column}", recursive=True)
        step = select(func.min(col)).where(col > walk.c.v).scalar_subquery()
        walk = walk.union_all(select(step).where(walk.c.v.is_not(None)))
        part = select(literal(column).label("c"), walk.c.v).where(walk.c.v.is_not(None)).limit(limit + 1)
        parts.append(select(part.subquery()))
    out: dict[str, list[str] | None] = {c: [] for c in columns}
    for column, value in conn.execute(union_all(*parts) if len(parts) > 1 else parts[0]):
        out[column].append(value)  # type: ignore[union-attr]
    return {c: None if len(v or ()) > limit else v for c, v in out.items()}


class _Resolver:
    """Turns the text filters into `column IN (values)` conditions: the column's distinct values are listed from
    its index and tested here, so no per-row LIKE runs. Same matches as SQL: substring, case-insensitive."""

    def __init__(self, conn: Connection, dialect: str, f: ListFilters) -> None:
        self.dialect = dialect
        wanted = {c for used, cols in ((f.group or f.parent, GROUP_COLUMNS), (f.q, TEXT_COLUMNS)) if used for c in cols}
        self._values = distinct_values(conn, sorted(wanted)) if wanted else {}

    def values(self, column: str) -> list[str] | None:
        return self._values[column]

    def any_of(self, columns: tuple[str, ...], keep: Callable[[str], bool], fallback: Callable[[Any], Any]) -> Any:
        conds = []
        for column in columns:
            values = self.values(column)
            if values is None:  # too many distinct values to list: test the rows themselves
                conds.append(fallback(I.c[column]))
                continue
            hits = [v for v in values if keep(v)]
            if len(hits) > MAX_VALUES // 2:
                conds.append(fallback(I.c[column]))
            elif hits:
                conds.append(I.c[column].in_(hits))
        return or_(*conds) if conds else false()

    def contains(self, columns: tuple[str, ...], text: str) -> Any:
        needle = text.lower()
        return self.any_of(columns, lambda v: needle in v.lower(), lambda c: _contains(c, text, self.dialect))

    def named(self, columns: tuple[str, ...], names: list[str]) -> Any:
        wanted = set(names)
        return self.any_of(columns, lambda v: v.lower() in wanted, lambda c: func.lower(c).in_(names))


def apply_filters(q: Select, f: ListFilters, dialect: str = "sqlite", conn: Connection | None = None) -> Select:
    """`q` narrowed by the filters. With `conn`, the text filters (group, parent, q) become IN lists of the values
    that match (see _Resolver); without it, they test every row with LIKE."""
    resolve = _Resolver(conn, dialect, f) if conn is not None else None
    narrowing = any(v not in (None, [], "") for k, v in vars_of(f).items() if k != "status")
    if f.status:
        # With other filters, `status || ''` keeps SQLite off the (status, day) index: walking it costs one table
        # lookup per incident (~20 ms at 10,000) where a plain scan costs ~4 ms.
        q = q.where((I.c.status.concat("") if narrowing else I.c.status) == f.status)
    if f.since:
        q = q.where(I.c.day_hi >= day_ordinal(f.since, "since"))
    if f.until:
        q = q.where(I.c.day_lo <= day_ordinal(f.until, "until", end=True))
    if f.country:  # canonical gazetteer names on both sides (see canonical_country)
        q = q.where(I.c.country == f.country)
    if f.admin1:
        q = q.where(I.c.admin1 == f.admin1)
    if f.event_type:
        q = q.where(I.c.event_type.in_(f.event_type))
    if f.target:
        q = q.where(I.c.target.in_(f.target))
    if f.group:
        if resolve:
            q = q.where(resolve.contains(GROUP_COLUMNS, f.group))
        else:
            q = q.where(or_(*(_contains(I.c[c], f.group, dialect) for c in GROUP_COLUMNS)))
    if f.parent:
        names = parent_names(f.parent)
        if resolve:
            q = q.where(resolve.named(GROUP_COLUMNS, names))
        else:
            q = q.where(or_(*(func.lower(I.c[c]).in_(names) for c in GROUP_COLUMNS)))
    if f.q:
        if resolve:
            q = q.where(resolve.contains(TEXT_COLUMNS, f.q))
        else:
            q = q.where(or_(*(_contains(I.c[c], f.q, dialect) for c in TEXT_COLUMNS)))
    if f.min_casualties is not None:
        q = q.where(func.coalesce(I.c.killed, 0) + func.coalesce(I.c.injured, 0) >= f.min_casualties)
    return q


def _order(sort: str, dialect: str = "sqlite") -> list[Any]:
    """ORDER BY for `sort`, missing values last either way, ties by id. Written so that an index on the column can
    give the order when it is the plain one: PostgreSQL puts NULL last when ascending, SQLite when descending (the
    default page, newest first, is then a backward walk of the (status, day) index on SQLite, not a sort)."""
    desc = sort.startswith("-")
    key = sort.lstrip("-+")
    if key not in SORTABLE:
        raise FilterError(f"sort: unknown field {key!r} (one of: {', '.join(SORTABLE)}; prefix - for descending)")
    col = I.c.day_lo if key == "date" else I.c[key]
    if dialect == "postgresql":
        primary = [col.desc().nulls_last() if desc else col.asc()]
    else:
        primary = [col.desc()] if desc else [col.is_(None), col.asc()]
    return [*primary, I.c.id.desc() if desc else I.c.id.asc()]


LIST_COLUMNS = [I.c.id, I.c.status, *(I.c[f] for f in INCIDENT_FIELDS), I.c.n_reports, I.c.updated_at]


def list_incidents(store: Store, f: ListFilters, *, sort: str = "-date", limit: int = 100,
                   offset: int = 0) -> tuple[int, list[dict[str, Any]]]:  # fmt: skip
    """(total matching, one page of rows)."""
    order = _order(sort, store.backend)
    pg = store.backend == "postgresql"
    with store.engine.connect() as conn:
        narrow = apply_filters(select(I.c.id), f, store.backend, conn)
        # one statement: sort the narrow (id, key) rows, then join the page's full rows (a sort over whole rows
        # costs SQLite ~50 ms at 10,000 incidents). PostgreSQL counts the matches in the same pass (a window);
        # SQLite's window would buffer every row, so it counts apart (cheap there: no round trip).
        paged = narrow.add_columns(func.count().over().label("n_total")) if pg else narrow
        page = paged.order_by(*order).limit(limit).offset(offset).subquery("page")
        stmt = select(*LIST_COLUMNS, *([page.c.n_total] if pg else [])).join_from(page, I, I.c.id == page.c.id)
        rows = [dict(r._mapping) for r in conn.execute(stmt.order_by(*order))]
        if pg and rows:
            total = rows[0]["n_total"]
            for r in rows:
                del r["n_total"]
        elif pg and not offset:
            total = 0
        else:
            total = conn.execute(select(func.count()).select_from(narrow.subquery())).scalar_one()
    for r in rows:
        if r.get("updated_at") is not None:
            r["updated_at"] = r["updated_at"].isoformat()
    return total, rows


def map_points(store: Store, f: ListFilters) -> dict[str, Any]:
    """Every matching incident as a compact row for the map and timeline (columnar, to keep 10k small)."""
    cols = [I.c.id, I.c.lat, I.c.lon, I.c.event_type, I.c.target, I.c.killed, I.c.injured, I.c.day_lo]
    with store.engine.connect() as conn:
        q = apply_filters(select(*cols), f, store.backend, conn).order_by(I.c.id)
        rows = conn.execute(q).all()
    epoch = date(1970, 1, 1).toordinal()
    fields = ["id", "lat", "lon", "type", "target", "killed", "injured", "day"]
    data = [
        [
            r.id,
            None if r.lat is None else round(r.lat, 4),
            None if r.lon is None else round(r.lon, 4),
            r.event_type,
            r.target,
            r.killed,
            r.injured,
            None if r.day_lo is None else r.day_lo - epoch,
        ]  # fmt: skip
        for r in rows
    ]
    return {"fields": fields, "rows": data, "day": "days since 1970-01-01 (first day of the incident)"}


def facets(store: Store) -> dict[str, Any]:
    """Values present in the database, for the dashboard's filter menus."""
    with store.engine.connect() as conn:
        active = I.c.status == "active"

        def values(col: Any) -> list[dict[str, Any]]:
            q = select(col, func.count()).where(active, col.is_not(None)).group_by(col).order_by(func.count().desc())
            return [{"value": v, "count": n} for v, n in conn.execute(q)]

        span = conn.execute(select(func.min(I.c.date), func.max(I.c.date), func.count()).where(active)).one()
        countries = values(I.c.country)
        governorates = [{"value": a, "country": c, "count": n} for a, c, n in conn.execute(
            select(I.c.admin1, I.c.country, func.count()).where(active, I.c.admin1.is_not(None))
            .group_by(I.c.admin1, I.c.country).order_by(func.count().desc()))]  # fmt: skip
        groups = values(I.c.actor_name)
    return {
        "incidents": span[2],
        "first_date": span[0],
        "last_date": span[1],
        "countries": countries,
        "governorates": governorates,
        "event_types": list(EVENT_TYPES),
        "targets": list(TARGETS),
        "groups": groups,
    }


def documents_page(store: Store, *, limit: int, offset: int, outlet: str | None = None) -> tuple[int, list[dict]]:
    cols = [D.c.id, D.c.doc_id, D.c.doc_key, D.c.revision, D.c.url, D.c.outlet, D.c.title, D.c.published,
            D.c.extractor_version, D.c.ingested_at, D.c.source_kind]  # fmt: skip
    where = [D.c.is_current]
    if outlet:
        where.append(func.lower(D.c.outlet) == outlet.lower())
    n_reports = (select(func.count()).select_from(R).where(R.c.document_id == D.c.id, R.c.active)
                 .scalar_subquery().label("n_reports"))  # fmt: skip
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(D).where(*where)).scalar_one()
        rows = [dict(r._mapping) for r in conn.execute(
            select(*cols, n_reports).where(*where).order_by(D.c.id.desc()).limit(limit).offset(offset))]  # fmt: skip
    for r in rows:
        if r.get("ingested_at") is not None:
            r["ingested_at"] = r["ingested_at"].isoformat()
    return total, rows


def document_rows(store: Store, ids: list[int], *, with_text: bool = True) -> list[dict[str, Any]]:
    cols = [D.c.id, D.c.doc_id, D.c.doc_key, D.c.revision, D.c.is_current, D.c.url, D.c.outlet, D.c.title,
            D.c.published, D.c.extractor_version, D.c.ingested_at]  # fmt: skip
    if with_text:
        cols.append(D.c.text)
    if not ids:
        return []
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(*cols).where(D.c.id.in_(ids)).order_by(D.c.id))]
    for r in rows:
        if r.get("ingested_at") is not None:
            r["ingested_at"] = r["ingested_at"].isoformat()
    return rows


def reports_of_document(store: Store, document_id: int) -> list[dict[str, Any]]:
    q = (select(R.c.id, R.c.idx, R.c.event, L.c.incident_id)
         .outerjoin(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None)))
         .where(R.c.document_id == document_id, R.c.active).order_by(R.c.idx))  # fmt: skip
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def incident_counts_by_actor(store: Store) -> dict[str, int]:
    q = (select(func.lower(I.c.actor_name), func.count()).where(I.c.status == "active", I.c.actor_name.is_not(None))
         .group_by(func.lower(I.c.actor_name)))  # fmt: skip
    with store.engine.connect() as conn:
        return {k: n for k, n in conn.execute(q)}


def data_version(store: Store) -> tuple:
    """A cheap fingerprint of what the dashboard's cached answers depend on (changes with every write)."""
    C = ContextFactRow.__table__
    with store.engine.connect() as conn:
        inc = conn.execute(select(func.count(), func.max(I.c.id), func.max(I.c.updated_at))).one()
        ctx = conn.execute(select(func.count(), func.max(C.c.id)).where(C.c.active)).one()
    return (tuple(inc), tuple(ctx))


class VersionedCache:
    """Answers kept while data_version() is unchanged (facets, truce periods, map points)."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._items: dict[tuple, Any] = {}
        self._lock = threading.Lock()

    def get(self, store: Store, key: tuple, compute: Any) -> Any:
        full = (data_version(store), key)
        with self._lock:
            if full in self._items:
                return self._items[full]
        value = compute()
        with self._lock:
            if len(self._items) >= self.size:
                self._items.clear()
            self._items[full] = value
        return value


def ping(store: Store) -> bool:
    with store.engine.connect() as conn:
        return conn.execute(select(literal(1))).scalar_one() == 1
