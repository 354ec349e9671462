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
four per incident) are encoded with the same properties by sitrep.export.jsonrows because stix2's validating
constructors run at about 6,000 objects/s, far too slow for 100,000 incidents; tests/export parses every
object of the test bundle back with stix2.parse and validates the bundle with stix2-validator. For big exports
a forked worker (sitrep.export.forked) makes the once-per-export objects, the attributions and the reports
while this process makes the incidents and the locations; see object_chunks."""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import uuid
from datetime import UTC, datetime
from itertools import compress
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from sitrep.analysis.frame import _resolve_group, documents_frame
from sitrep.analysis.reader import SQLiteReader
from sitrep.export.common import iso_of, iso_utc, load, per_distinct, record_columns
from sitrep.export.forked import Forked
from sitrep.export.jsonrows import Obj, joined_objects

NAMESPACE = uuid.UUID("6f1d8c3e-3a55-5b8a-9c1e-5a1b2c7d9e01")
EPOCH = "2020-01-01T00:00:00.000Z"
EXTENSION_FIELDS = (
    "sitrep_id", "date", "date_end", "time", "time_precision", "country", "admin1", "admin2", "place",
    "geo_precision", "event_type", "target", "claimed_by", "group", "parent", "umbrella", "attribution",
    "attributed_to", "killed", "injured", "n_reports", "outlets", "evidence",
)  # fmt: skip
THREAT_ACTOR_KINDS = ("armed_group", "state_body")
# From this many incidents on, the report objects are made in a forked worker (a fork and its copied page
# tables cost a few tens of milliseconds; at 100,000 incidents the reports take about a second).
FORK_MIN_INCIDENTS = 20_000
_RELS_PER_CHUNK = 1024  # relationships formatted at a time (see _rels)


_NS = NAMESPACE.bytes


_VARIANT = {c: "89ab"[int(c, 16) & 0x3] for c in "0123456789abcdef"}


def sid(kind: str, key: str) -> str:
    """f"{kind}--{uuid5(NAMESPACE, kind:key)}", computed without the uuid module's per-call overhead: the
    first 16 bytes of SHA-1 with the version nibble set to 5 and the variant bits to 10."""
    x = hashlib.sha1(_NS + f"{kind}:{key}".encode()).hexdigest()
    return f"{kind}--{x[:8]}-{x[8:12]}-5{x[13:16]}-{_VARIANT[x[16]]}{x[17:20]}-{x[20:32]}"


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_UUID_HEX_SLOTS = np.r_[0:8, 9:13, 14:18, 19:23, 24:36]  # where the 32 hex digits go in the 36-character form


def sids(kind: str, keys: list[str]) -> list[str]:
    """[sid(kind, k) for k in keys], with one SHA-1 call per key and the uuid bits and text made by numpy for
    all keys at once (a third of the time at 100,000s of ids)."""
    if not keys:
        return []
    prefix, sha1 = _NS + f"{kind}:".encode(), hashlib.sha1
    digests = b"".join([sha1(prefix + k.encode()).digest() for k in keys])
    raw = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 20)[:, :16].copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x50  # version 5
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # variant 10
    text = np.full((len(keys), 36), ord("-"), dtype=np.uint8)
    hexes = np.empty((len(keys), 32), dtype=np.uint8)
    hexes[:, 0::2], hexes[:, 1::2] = _HEX[raw >> 4], _HEX[raw & 0x0F]
    text[:, _UUID_HEX_SLOTS] = hexes
    flat, head = text.tobytes().decode("ascii"), f"{kind}--"
    return [head + flat[i : i + 36] for i in range(0, len(flat), 36)]


def ts_column(s: pd.Series) -> list[str]:
    t = pd.to_datetime(s, utc=True, errors="coerce")
    return [x if isinstance(x, str) else EPOCH for x in iso_utc(t, unit="ms").tolist()]


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

    me = stix2.Identity(
        id=SITREP_ID,
        created=EPOCH,
        modified=EPOCH,
        name="sitrep",
        identity_class="system",
        description="sitrep: news reports of attacks on US and coalition forces -> incident database",
    )
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


def _group_names(df: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """group name -> (parent, umbrella) for the groups seen, their parents and umbrellas."""
    names: dict[str, tuple[str | None, str | None]] = {}
    for g, p, u in zip(df["group"].tolist(), df["parent"].tolist(), df["umbrella"].tolist(), strict=True):
        if isinstance(g, str):
            names.setdefault(g, (p if isinstance(p, str) else None, u if isinstance(u, str) else None))
    for p, u in list(names.values()):
        for extra in (p, u):
            if extra and extra not in names:
                names[extra] = (None, None)
    return names


def group_ids(df: pd.DataFrame, names: dict[str, tuple[str | None, str | None]] | None = None) -> dict[str, str]:
    """group name -> its threat-actor or intrusion-set id (without building the objects)."""
    out = {}
    for name in names if names is not None else _group_names(df):
        kind = "threat-actor" if _resolve_group(name)[1] in THREAT_ACTOR_KINDS else "intrusion-set"
        out[name] = sid(kind, name)
    return out


def group_objects(df: pd.DataFrame) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """threat-actor / intrusion-set per group seen (and their parents, umbrellas), with their relationships."""
    import stix2

    names = _group_names(df)
    seen = df[df["group"].notna() & df["day"].notna()].groupby(df["group"].astype("object"))["day"].agg(["min", "max"])
    ids = group_ids(df, names)
    objs: list[Any] = []
    for name in sorted(names):
        kind = _resolve_group(name)[1]
        cls = stix2.ThreatActor if kind in THREAT_ACTOR_KINDS else stix2.IntrusionSet
        oid = ids[name]
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


def _rels(kind: str, src: list[str], dst: list[str], created: list[str], modified: list[str]) -> bytes:
    """Relationship objects as comma-separated JSON (a JSON array without its brackets). Every value is an id,
    a timestamp or a constant, none with a character JSON escapes, so the text is formatted directly, a
    thousand objects at a time (their memory then serves the next thousand)."""
    rids = sids("relationship", [f"{a}|{kind}|{b}" for a, b in zip(src, dst, strict=True)])
    head = '{"type":"relationship","spec_version":"2.1","id":"'
    mid = f'","created_by_ref":"{SITREP_ID}","created":"'
    out, step = io.BytesIO(), _RELS_PER_CHUNK
    for k in range(0, len(rids), step):
        rows = zip(rids[k : k + step], created[k : k + step], modified[k : k + step], src[k : k + step],
                   dst[k : k + step], strict=True)  # fmt: skip
        out.write(b"," if k else b"")
        out.write(",".join([
            f'{head}{r}{mid}{c}","modified":"{m}","relationship_type":"{kind}","source_ref":"{a}","target_ref":"{b}"}}'
            for r, c, m, a, b in rows
        ]).encode())  # fmt: skip
    return out.getvalue()


def _rels_where(kind: str, keep: list[bool], src: list[str], dst: list[str], created: list[str],
                modified: list[str]) -> bytes:  # fmt: skip
    """_rels for the rows where keep is true; dst holds the kept rows' targets only."""
    return _rels(kind, list(compress(src, keep)), dst, list(compress(created, keep)), list(compress(modified, keep)))


def _location_key(lat: float, lon: float, place: Any, admin1: Any, iso2: str | None) -> tuple | None:
    place = place if isinstance(place, str) else None
    admin1 = admin1 if isinstance(admin1, str) else None
    if lat == lat and lon == lon:
        return (round(lat, 4), round(lon, 4), place, admin1, iso2)
    return (None, None, None, admin1, iso2) if iso2 else None


def incident_ids(df: pd.DataFrame) -> list[str]:
    return sids("incident", [str(i) for i in df["id"].tolist()])


def _name_end(event_type: Any, target: Any, *where: Any) -> str:
    """An incident name after its date: ": rocket attack on base at Ain al-Asad air base, Al-Anbar, Iraq"."""
    at = ", ".join(x for x in where if isinstance(x, str) and x)
    return f": {event_type} attack on {target}" + (f" at {at}" if at else "")


def incident_text(df: pd.DataFrame, ids: list[str], created: list[str], modified: list[str]) -> bytes:
    """The incident objects, comma-separated, slashes escaped."""
    rec = record_columns(df, ("id", *EXTENSION_FIELDS[1:]))  # only what the objects carry
    ext_col = rec | {"sitrep_id": rec["id"], "outlets": [x or None for x in rec["outlets"]]}
    ext = Obj({"extension_type": "property-extension"} | {f: ext_col[f] for f in EXTENSION_FIELDS})
    what = per_distinct(_name_end, *(df[c].tolist() for c in ("event_type", "target", "place", "admin1", "country")))
    names = [(d if isinstance(d, str) else "undated") + w for d, w in zip(df["date"].tolist(), what, strict=True)]
    refs = [[{"source_name": o or "source", "url": u} for o, u in zip(outs, urls, strict=False) if u] or None
            for outs, urls in zip(rec["outlets"], df["urls"].tolist(), strict=True)]  # fmt: skip
    return joined_objects({"type": "incident", "spec_version": "2.1", "id": ids, "created_by_ref": SITREP_ID,
                           "created": created, "modified": modified, "name": names,
                           "description": [e if isinstance(e, str) and e else None for e in df["evidence"].tolist()],
                           "external_references": refs, "extensions": Obj({EXTENSION_ID: ext})},
                          drop_nulls=True, escaped=True)  # fmt: skip


def location_chunks(df: pd.DataFrame, ids: list[str], created: list[str], modified: list[str]) -> list[bytes]:
    """The location objects (one per distinct place, in the order they first occur) and the located-at
    relationships."""
    places = zip(df["lat"].tolist(), df["lon"].tolist(), df["place"].tolist(), df["admin1"].tolist(),
                 df["country"].tolist(), strict=True)  # fmt: skip
    codes, distinct = pd.factorize(np.fromiter(places, dtype=object, count=len(df)))  # each place once
    first_rows = np.unique(codes, return_index=True)[1].tolist()  # codes count up in the order places occur
    precisions = df["geo_precision"].to_numpy(dtype=object, na_value=None)
    loc_ids: dict[tuple, str] = {}
    loc_rows = []
    place_ids = []  # each distinct place's location id (None: not a location)
    for (la, lo, p, a, c), row in zip(distinct.tolist(), first_rows, strict=True):
        key = _location_key(la, lo, p, a, iso_of(c)[2])
        if key is not None and key not in loc_ids:  # a location is described where it first occurs
            loc_ids[key] = sid("location", repr(key))
            loc_rows.append(_location_text(key, loc_ids[key], precisions[row]))
        place_ids.append(loc_ids[key] if key is not None else None)
    table = np.empty(len(place_ids), dtype=object)
    table[:] = place_ids
    targets = table[codes].tolist()
    at = [t is not None for t in targets]
    located = _rels_where("located-at", at, ids, [t for t in targets if t is not None], created, modified)
    return [x for x in [",".join(loc_rows).encode(), located] if x]


def _location_text(key: tuple, loc_id: str, precision: int | None) -> str:
    loc: dict[str, Any] = {"type": "location", "spec_version": "2.1", "id": loc_id, "created_by_ref": SITREP_ID,
                           "created": EPOCH, "modified": EPOCH}  # fmt: skip
    if key[0] is not None:
        loc["latitude"], loc["longitude"] = key[0], key[1]
        loc["precision"] = {1: 1000.0, 2: 10000.0}.get(precision, 50000.0)
    if key[2]:
        loc["name"] = key[2]
    if key[3]:
        loc["administrative_area"] = key[3]
    if key[4]:
        loc["country"] = key[4]
    loc["region"] = "western-asia"
    return json.dumps(loc, ensure_ascii=False, separators=(",", ":"))


def attribution_text(
    df: pd.DataFrame, group_ids: dict[str, str], ids: list[str], created: list[str], modified: list[str]
) -> bytes:
    """The incident --attributed-to--> group relationships."""
    gids = [group_ids.get(g) if isinstance(g, str) else None for g in df["group"].tolist()]
    return _rels_where("attributed-to", [g is not None for g in gids], ids, [g for g in gids if g], created, modified)


def report_chunks(
    store: Any, df: pd.DataFrame, ids: list[str] | None = None, docs: pd.DataFrame | None = None
) -> list[bytes]:
    """The report objects; `docs` is documents_frame(store) when the caller has read it already."""
    docs = documents_frame(store) if docs is None else docs
    inc_by_doc: dict[int, list[str]] = {}
    for iid, dids in zip(incident_ids(df) if ids is None else ids, df["document_ids"].tolist(), strict=True):
        for d in dids:
            inc_by_doc.setdefault(d, []).append(iid)  # document ids are ints (attach_sources)
    docs = docs[[int(i) in inc_by_doc for i in docs["id"].tolist()]]
    if docs.empty:
        return []
    ingested = ts_column(docs["ingested_at"])
    refs = [inc_by_doc[int(i)] for i in docs["id"].tolist()]
    rep = joined_objects({
        "type": "report", "spec_version": "2.1", "id": sids("report", [str(d) for d in docs["doc_id"].tolist()]),
        "created_by_ref": SITREP_ID, "created": ingested, "modified": ingested,
        "name": [str(t or d or "source document")[:300] for t, d in zip(docs["title"].tolist(), docs["doc_id"].tolist(),
                                                                         strict=True)],
        "report_types": [["incident"]] * len(docs),
        "published": [f"{p}T00:00:00.000Z" if isinstance(p, str) and len(p) == 10 else i
                      for p, i in zip(docs["published"].tolist(), ingested, strict=True)],
        "object_refs": [r if len(r) == 1 else sorted(set(r)) for r in refs],
        "external_references": [[{"source_name": o if isinstance(o, str) and o else "source", "url": u}]
                                if isinstance(u, str) and u else None
                                for o, u in zip(docs["outlet"].tolist(), docs["url"].tolist(), strict=True)],
    }, drop_nulls=True, escaped=True)  # fmt: skip
    return [rep]


def _reports_text(store: Any, df: pd.DataFrame, ids: list[str], docs: pd.DataFrame | None) -> list[bytes]:
    """report_chunks; from an SQLite file through a connection of its own (a connection must not be used
    across a fork, and this may run in a forked worker)."""
    if docs is not None or not isinstance(store, SQLiteReader):
        return report_chunks(store, df, ids, docs)
    own = SQLiteReader(store.path)
    try:
        return report_chunks(own, df, ids)
    finally:
        own.close()


Times = tuple[list[str], list[str]]


def _times(df: pd.DataFrame) -> Times:
    """(created, modified) of each incident as STIX timestamps."""
    return (ts_column(df["created_at"]), ts_column(df["updated_at"])) if len(df) else ([], [])


def _worker_part(
    store: Any, df: pd.DataFrame, ids: list[str], times: Times, docs: pd.DataFrame | None
) -> tuple[list[bytes], bytes, list[bytes]]:
    """(the once-per-export objects, the attributed-to relationships, the reports)."""
    groups, gids = group_objects(df)
    head = [json.dumps(o, ensure_ascii=False, separators=(",", ":")).encode() for o in fixed_objects() + groups]
    return head, attribution_text(df, gids, ids, *times) if len(df) else b"", _reports_text(store, df, ids, docs)


def object_chunks(store: Any, df: pd.DataFrame) -> list[bytes]:
    """The bundle's objects as comma-separated JSON texts, in bundle order (the bundle id hashes them).

    When the export is big enough for it to pay, a forked worker process makes the once-per-export objects,
    attributions and reports while this one makes the incidents and locations (two parts of about equal cost).
    The bytes are the same either way."""
    ids, times = incident_ids(df), _times(df)
    enabled = len(df) >= FORK_MIN_INCIDENTS
    # a store's pooled connections must stay in this process: the worker gets the documents read here
    docs = documents_frame(store) if enabled and not isinstance(store, SQLiteReader) else None
    with Forked(lambda: _worker_part(store, df, ids, times, docs), what="STIX export", enabled=enabled) as part:
        incidents = incident_text(df, ids, *times) if len(df) else b""
        places = location_chunks(df, ids, *times) if len(df) else []
        head, attributions, reports = part.result()
    return [x for x in [*head, incidents, *places, attributions, *reports] if x]


def _bundle_id(objects: list[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in objects:
        digest.update(chunk)
    return sid("bundle", digest.hexdigest())


def _opening(bid: str) -> bytes:
    return b'{"type":"bundle","id":"' + bid.encode() + b'","objects":['


def bundle_chunks(store: Any, df: pd.DataFrame) -> list[bytes]:
    """The bundle's JSON text in pieces (written one by one: no second copy of a 200 MB text)."""
    objects = object_chunks(store, df)
    return [_opening(_bundle_id(objects)), *_joined(objects), b"]}"]


def _joined(objects: list[bytes]) -> list[bytes]:
    out: list[bytes] = []
    for k, chunk in enumerate(objects):
        if k:
            out.append(b",")
        out.append(chunk)
    return out


def _seekable(out: BinaryIO) -> bool:
    """Whether the bundle's opening can be written over later: a seekable stream not in append mode (where
    every write goes to the end)."""
    try:
        if not out.seekable():
            return False
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both: BytesIO has no file
        return isinstance(out, io.BytesIO)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return False
    return not fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND


def write(store: Any, out: BinaryIO, *, fmt: str = "stix", allow_empty: bool = True, since: Any = None,
          until: Any = None, country: str | None = None, table: str | None = None) -> int:  # fmt: skip
    df = load(store, since=since, until=until, country=country, allow_empty=allow_empty)
    objects = object_chunks(store, df)
    if not _seekable(out):  # a pipe: the bundle id (a hash of all objects) must come first
        bid = _bundle_id(objects)
        for chunk in [_opening(bid), *_joined(objects), b"]}"]:
            out.write(chunk)
        return len(df)
    # A file: the objects are written while a thread hashes them (both release the GIL on large buffers), and
    # the bundle id, whose length is fixed, is written over its placeholder at the end.
    start = out.tell()
    out.write(_opening(sid("bundle", "")))
    ids: list[str] = []
    hasher = threading.Thread(target=lambda: ids.append(_bundle_id(objects)))
    hasher.start()
    try:
        for chunk in _joined(objects):
            out.write(chunk)
        out.write(b"]}")
    finally:
        hasher.join()
    end = out.tell()
    out.seek(start)
    out.write(_opening(ids[0]))
    out.seek(end)
    return len(df)
