"""STIX 2.1 bundle: incidents with a sitrep property extension, groups as threat-actor / intrusion-set,
locations, one report per source document, and the relationships between them.

Object model (docs/analysis.md):
  identity "sitrep" (created_by_ref of everything), extension-definition "sitrep-incident" (property
  extension holding our incident fields), identity for the targeted forces;
  incident            one per incident; name, description, extensions[sitrep-incident], external_references
  location            one per distinct place (lat/lon, else country); incident --located-at--> location
  threat-actor        armed groups (parent militias such as Kata'ib Hezbollah), state bodies
  intrusion-set       facade brands, umbrellas, names the registry does not know; facade --attributed-to--> parent
  relationship        incident --attributed-to--> group (claimed or attributed), group --related-to--> umbrella
  report              one per source document; object_refs = its incidents
Ids are uuid5 of a sitrep namespace and a stable key (incident id, place, group name, document key), and
timestamps come from the database, so exporting the same database twice gives the same bundle.

The objects that occur once per export are built with the `stix2` library. The per-incident objects (up to
four per incident) are built as plain dicts with the same properties because stix2's validating
constructors run at about 6,000 objects/s, far too slow for 100,000 incidents; tests/export parses every
object of the test bundle back with stix2.parse and validates the bundle with stix2-validator."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, BinaryIO

import pandas as pd

from sitrep.analysis.frame import _resolve_group, documents_frame
from sitrep.export.common import iso_of, load, records

NAMESPACE = uuid.UUID("6f1d8c3e-3a55-5b8a-9c1e-5a1b2c7d9e01")
EPOCH = "2020-01-01T00:00:00.000Z"
EXTENSION_FIELDS = (
    "sitrep_id", "date", "date_end", "time", "time_precision", "country", "admin1", "admin2", "place",
    "geo_precision", "event_type", "target", "claimed_by", "group", "parent", "umbrella", "attribution",
    "attributed_to", "killed", "injured", "n_reports", "outlets", "evidence",
)  # fmt: skip
THREAT_ACTOR_KINDS = ("armed_group", "state_body")


def sid(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def ts(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return EPOCH
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


SITREP_ID = sid("identity", "sitrep")
EXTENSION_ID = sid("extension-definition", "sitrep-incident-1.0")
TARGET_ID = sid("identity", "us-coalition-forces")


def fixed_objects() -> list[dict[str, Any]]:
    import stix2

    me = stix2.Identity(id=SITREP_ID, created=EPOCH, modified=EPOCH, name="sitrep", identity_class="system",
                        description="sitrep: news reports of attacks on US and coalition forces -> incident database")
    ext = stix2.ExtensionDefinition(
        id=EXTENSION_ID, created=EPOCH, modified=EPOCH, created_by_ref=SITREP_ID, name="sitrep-incident",
        description="Incident details STIX 2.1 incident lacks: date, place, weapon, target, claim, casualties.",
        schema="Plain-text definition: the fields " + ", ".join(EXTENSION_FIELDS) + " as documented in sitrep "
        "docs/analysis.md (STIX object model) and the sitrep CODEBOOK; dates YYYY-MM-DD or YYYY-MM.",
        version="1.0", extension_types=["property-extension"])  # fmt: skip
    target = stix2.Identity(id=TARGET_ID, created=EPOCH, modified=EPOCH, created_by_ref=SITREP_ID,
                            name="US and coalition forces in Iraq and Syria", identity_class="organization",
                            sectors=["defense"])  # fmt: skip
    return [json.loads(o.serialize()) for o in (me, ext, target)]


def group_objects(df: pd.DataFrame) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """threat-actor / intrusion-set per group seen (and their parents, umbrellas), with their relationships."""
    import stix2

    names: dict[str, tuple[str | None, str | None]] = {}
    for g, p, u in zip(df["group"].tolist(), df["parent"].tolist(), df["umbrella"].tolist(), strict=True):
        if isinstance(g, str):
            names.setdefault(g, (p if isinstance(p, str) else None, u if isinstance(u, str) else None))
    for p, u in list(names.values()):
        for extra in (p, u):
            if extra and extra not in names:
                names[extra] = (None, None)
    seen = df[df["group"].notna() & df["day"].notna()].groupby(df["group"].astype("object"))["day"].agg(["min", "max"])
    ids: dict[str, str] = {}
    objs: list[Any] = []
    for name in sorted(names):
        kind = _resolve_group(name)[1]
        cls = stix2.ThreatActor if kind in THREAT_ACTOR_KINDS else stix2.IntrusionSet
        oid = sid("threat-actor" if cls is stix2.ThreatActor else "intrusion-set", name)
        ids[name] = oid
        kw: dict[str, Any] = {}
        if name in seen.index:
            kw["first_seen"] = ts(seen.loc[name, "min"])
            kw["last_seen"] = ts(seen.loc[name, "max"])
        objs.append(cls(id=oid, created=EPOCH, modified=EPOCH, created_by_ref=SITREP_ID, name=name,
                        description=f"sitrep actor registry kind: {kind or 'not in the registry'}", **kw))  # fmt: skip
    for name, (parent, umbrella) in sorted(names.items()):
        if parent and parent != name:
            objs.append(stix2.Relationship(id=sid("relationship", f"{name}|attributed-to|{parent}"), created=EPOCH,
                                           modified=EPOCH, created_by_ref=SITREP_ID, relationship_type="attributed-to",
                                           source_ref=ids[name], target_ref=ids[parent],
                                           description="facade assessed as a front of its parent militia"))  # fmt: skip
        if umbrella and umbrella != name:
            objs.append(stix2.Relationship(id=sid("relationship", f"{name}|related-to|{umbrella}"), created=EPOCH,
                                           modified=EPOCH, created_by_ref=SITREP_ID, relationship_type="related-to",
                                           source_ref=ids[name], target_ref=ids[umbrella],
                                           description="claims under this umbrella banner"))  # fmt: skip
    return [json.loads(o.serialize()) for o in objs], ids


def _rel(kind: str, src: str, dst: str, created: str, modified: str) -> dict[str, Any]:
    return {"type": "relationship", "spec_version": "2.1", "id": sid("relationship", f"{src}|{kind}|{dst}"),
            "created_by_ref": SITREP_ID, "created": created, "modified": modified, "relationship_type": kind,
            "source_ref": src, "target_ref": dst}  # fmt: skip


def incident_objects(df: pd.DataFrame, group_ids: dict[str, str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    locations: dict[tuple, str] = {}
    for rec, created, modified in zip(records(df), df["created_at"].tolist(), df["updated_at"].tolist(), strict=True):
        c, m = ts(created), ts(modified)
        iid = sid("incident", str(rec["id"]))
        ext = {"extension_type": "property-extension", "sitrep_id": rec["id"]}
        for f in EXTENSION_FIELDS[1:]:
            v = rec[f]
            if v is not None and v != []:
                ext[f] = v
        what = f"{rec['event_type']} attack on {rec['target']}"
        where = ", ".join(x for x in (rec["place"], rec["admin1"], rec["country"]) if x)
        inc: dict[str, Any] = {
            "type": "incident", "spec_version": "2.1", "id": iid, "created_by_ref": SITREP_ID, "created": c,
            "modified": m, "name": f"{rec['date'] or 'undated'}: {what}" + (f" at {where}" if where else ""),
            "extensions": {EXTENSION_ID: ext},
        }  # fmt: skip
        if rec["evidence"]:
            inc["description"] = rec["evidence"]
        refs = [{"source_name": o or "source", "url": u} for o, u in zip(rec["outlets"] or [None] * len(rec["urls"]),
                                                                        rec["urls"], strict=False) if u]  # fmt: skip
        if refs:
            inc["external_references"] = refs
        out.append(inc)
        _, _, iso2 = iso_of(rec["country"])
        if rec["lat"] is not None and rec["lon"] is not None:
            key = (round(rec["lat"], 4), round(rec["lon"], 4), rec["place"], rec["admin1"], iso2)
        elif iso2:
            key = (None, None, None, rec["admin1"], iso2)
        else:
            key = None
        if key is not None:
            lid = locations.get(key)
            if lid is None:
                lid = locations[key] = sid("location", repr(key))
                loc: dict[str, Any] = {"type": "location", "spec_version": "2.1", "id": lid,
                                       "created_by_ref": SITREP_ID, "created": EPOCH, "modified": EPOCH}  # fmt: skip
                if key[0] is not None:
                    loc["latitude"], loc["longitude"] = key[0], key[1]
                    loc["precision"] = {1: 1000.0, 2: 10000.0, 3: 50000.0}.get(rec["geo_precision"] or 3, 50000.0)
                if key[2]:
                    loc["name"] = key[2]
                if key[3]:
                    loc["administrative_area"] = key[3]
                if iso2:
                    loc["country"] = iso2
                loc["region"] = "western-asia"
                out.append(loc)
            out.append(_rel("located-at", iid, lid, c, m))
        gid = group_ids.get(rec["group"]) if rec["group"] else None
        if gid:
            out.append(_rel("attributed-to", iid, gid, c, m))
    return out


def report_objects(store: Any, df: pd.DataFrame) -> list[dict[str, Any]]:
    docs = documents_frame(store)
    inc_by_doc: dict[int, list[str]] = {}
    for iid, dids in zip(df["id"].tolist(), df["document_ids"].tolist(), strict=True):
        for d in dids:
            inc_by_doc.setdefault(int(d), []).append(sid("incident", str(iid)))
    out = []
    for r in docs.itertuples(index=False):
        refs = inc_by_doc.get(int(r.id))
        if not refs:
            continue
        published = f"{r.published}T00:00:00.000Z" if isinstance(r.published, str) and len(r.published) == 10 \
            else ts(r.ingested_at)  # fmt: skip
        rep: dict[str, Any] = {"type": "report", "spec_version": "2.1", "id": sid("report", str(r.doc_id)),
                               "created_by_ref": SITREP_ID, "created": ts(r.ingested_at), "modified": ts(r.ingested_at),
                               "name": (r.title or r.doc_id or "source document")[:300], "report_types": ["incident"],
                               "published": published, "object_refs": sorted(set(refs))}  # fmt: skip
        if isinstance(r.url, str) and r.url:
            rep["external_references"] = [{"source_name": r.outlet or "source", "url": r.url}]
        out.append(rep)
    return out


def bundle(store: Any, df: pd.DataFrame) -> dict[str, Any]:
    groups, gids = group_objects(df)
    objects = fixed_objects() + groups + incident_objects(df, gids) + report_objects(store, df)
    bid = f"bundle--{uuid.uuid5(NAMESPACE, '|'.join(o['id'] for o in objects))}"
    return {"type": "bundle", "id": bid, "objects": objects}


def write(store: Any, out: BinaryIO, *, fmt: str = "stix", allow_empty: bool = True, since: Any = None,
          until: Any = None, country: str | None = None, table: str | None = None) -> int:  # fmt: skip
    df = load(store, since=since, until=until, country=country, allow_empty=allow_empty)
    out.write(json.dumps(bundle(store, df), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return len(df)
