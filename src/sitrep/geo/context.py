"""Resolving the location of an event from the place words of a sentence or clause (``locate``), and the
query geocoder behind ``sitrep geocode`` (``geocode``)."""

from __future__ import annotations

import re
import unicodedata

from sitrep.geo.gazetteer import GazetteerData, script_of
from sitrep.geo.matcher import find_mentions, lookup, pick
from sitrep.geo.model import KIND_RANK, GeocodeResult, Location, Place, PlaceMention
from sitrep.geo.normalize import fold, fold_token, name_words

MAX_QUERY = 300
_SPECIFIC_MAX_RANK = KIND_RANK["city"]  # site .. city
_PRECISION_1 = {"site", "airport", "embassy", "crossing", "junction", "village", "town", "city"}
_PRECISION_2 = {"area", "road", "admin2"}

_DIR = (
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern)?"
)
_OFFSET_BEFORE = re.compile(
    rf"\b{_DIR}\s+of\s+(?:the\s+)?(?:(?:city|town|capital|village|province|governorate)\s*,?\s+(?:of\s+)?)?(?:the\s+)?$",
    re.IGNORECASE,
)
_OFFSET_START = re.compile(
    rf"(?:\b\d+(?:[.,]\d+)?\s*(?:km|kms|kilometers|kilometres|miles|mi)\s+)?\b{_DIR}\s+of\b", re.I
)
_NEAR_BEFORE = re.compile(
    r"\b(?:near|nearby|outside|around|close\s+to|vicinity\s+of|outskirts\s+of|edge\s+of|environs\s+of|"
    r"surroundings\s+of|suburbs\s+of|periphery\s+of|approaches\s+to|between|road\s+to|highway\s+to|"
    r"\d+\s*(?:km|kilometers|kilometres|miles)\s+(?:from|of))\s+"
    r"(?:the\s+)?(?:(?:city|town|village|area|district|region|capital|province)\s*,?\s+(?:of\s+)?)?(?:the\s+)?$",
    re.IGNORECASE,
)
_ADMIN1_BEFORE = re.compile(r"\b(?:province|governorate|governate)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_REGION_BEFORE = re.compile(
    r"\b(?:northern|southern|eastern|western|central|north-?eastern|north-?western|south-?eastern|south-?western|"
    r"northeast|northwest|southeast|southwest|north|south|east|west|upper|lower)\s+$",
    re.IGNORECASE,
)
_WORD_AFTER = re.compile(r"^[\s,]{0,2}([A-Za-z][A-Za-z'’]*)")
_AFTER_IN_PLACE = {
    "road",
    "highway",
    "expressway",
    "area",
    "region",
    "junction",
    "intersection",
    "district",
    "outskirts",
    "countryside",
    "desert",
    "bridge",
    "crossroads",
    "neighbourhood",
    "neighborhood",
}


def _after_word(text: str, end: int, limit: int) -> tuple[str, int, int] | None:
    m = _WORD_AFTER.match(text[end : min(limit, end + 40)])
    if not m:
        return None
    return m.group(1), end + m.start(1), end + m.end(1)


def _actor(data: GazetteerData, p: Place) -> bool:
    actors = data.lexicon.get("actor_countries", frozenset())
    return p.country in actors


def _precision(kind: str | None) -> int | None:
    if kind in _PRECISION_1:
        return 1
    if kind in _PRECISION_2:
        return 2
    if kind in ("admin1", "region"):
        return 3
    return None


def _disambiguate(m: PlaceMention, admin1_hints: list[str], country_hints: list[str]) -> Place:
    if not m.candidates:
        return m.place
    specific = [c for c in m.candidates if c.rank <= _SPECIFIC_MAX_RANK] if m.place.rank <= _SPECIFIC_MAX_RANK else []
    pool = specific or list(m.candidates)
    for a in admin1_hints:
        for c in pool:
            if c.admin1 == a:
                return c
    for cn in country_hints:
        for c in pool:
            if c.country == cn:
                return c
    return m.place


def locate(
    data: GazetteerData,
    text: str,
    start: int = 0,
    end: int | None = None,
    mentions: list[PlaceMention] | None = None,
) -> Location | None:
    if not isinstance(text, str) or not text:
        return None
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    all_m = mentions if mentions is not None else find_mentions(data, text)
    span_m = [m for m in all_m if m.start >= start and m.end <= end]
    if not span_m:
        return None
    lex = data.lexicon
    near_after = lex.get("near_after", frozenset())

    specific: list[tuple[PlaceMention, bool]] = []  # (mention, near)
    admin1s: list[PlaceMention] = []
    offsets: list[PlaceMention] = []
    regions: list[tuple[int, PlaceMention]] = []
    countries: list[PlaceMention] = []
    for m in span_m:
        p = m.place
        if _actor(data, p):
            continue
        before = text[max(start, m.start - 70) : m.start]
        if p.kind == "country":
            r = _REGION_BEFORE.search(before)
            if r:
                regions.append((max(start, m.start - 70) + r.start(), m))
            else:
                countries.append(m)
            continue
        if p.kind != "admin1" and _ADMIN1_BEFORE.search(before):
            adm = next((c for c in (m.place, *m.candidates) if c.kind == "admin1"), None)
            if adm is None and p.admin1:
                adm = data.admin1.get(p.admin1)
            if adm is not None:
                m = PlaceMention(m.start, m.end, m.surface, adm, m.candidates)
                p = adm
        if _OFFSET_BEFORE.search(before):
            offsets.append(m)
            continue
        if p.kind == "admin1":
            admin1s.append(m)
            continue
        if p.kind == "region":
            regions.append((m.start, m))
            continue
        aw = _after_word(text, m.end, end)
        near = bool(_NEAR_BEFORE.search(before)) or (aw is not None and fold_token(aw[0]) in near_after)
        specific.append((m, near))

    admin1_hints = [m.place.name for m in admin1s]
    doc_admin1 = [m.place.name for m in all_m if m.place.kind == "admin1" and m not in admin1s]
    country_hints = [m.place.name for m in countries if not _actor(data, m.place)]
    doc_countries = [m.place.name for m in all_m if m.place.kind == "country" and not _actor(data, m.place)]

    if specific:
        m, near = min(specific, key=lambda mn: (mn[0].place.rank, mn[0].start))
        # governorates of the other towns the text names ("In Al-Diwaniyah, ... the Al-Shamiya district") come
        # before a country named anywhere in the text ("equipment coming from Kuwait"); only an ambiguous name
        # needs them
        town_admin1 = [
            o.place.admin1
            for o in (all_m if m.candidates else ())
            if o is not m and not o.candidates and o.place.kind not in ("admin1", "country") and o.place.admin1
        ]
        p = _disambiguate(m, admin1_hints + doc_admin1 + town_admin1, country_hints + doc_countries)
        admin1 = p.admin1
        same_country = [a for a in admin1s if a.place.country == p.country]
        if same_country and all(a.place.name != admin1 for a in same_country):
            admin1 = same_country[0].place.name  # the text names the governorate: it wins
        s, e = m.start, m.end
        aw = _after_word(text, e, end)
        if aw is not None and aw[0].lower() in _AFTER_IN_PLACE:
            e = aw[2]
        prec = _precision(p.kind)
        if near and prec == 1:
            prec = 2
        return Location(
            place=text[s:e],
            name=p.name,
            kind=p.kind,
            country=p.country,
            admin1=admin1,
            admin2=p.admin2 if admin1 == p.admin1 else None,
            lat=p.lat,
            lon=p.lon,
            geo_precision=prec,
            span=(s, e),
            place_id=p.id,
        )
    if admin1s:
        m = admin1s[0]
        p = m.place
        return Location(
            place=m.surface,
            name=p.name,
            kind="admin1",
            country=p.country,
            admin1=p.name,
            admin2=None,
            lat=p.lat,
            lon=p.lon,
            geo_precision=3,
            span=(m.start, m.end),
            place_id=p.id,
        )
    if offsets:
        m = offsets[0]
        before_start = max(start, m.start - 70)
        found = list(_OFFSET_START.finditer(text, before_start, m.start))
        s = found[-1].start() if found else m.start
        return Location(
            place=text[s : m.end],
            name=None,
            kind="region",
            country=m.place.country,
            admin1=None,
            admin2=None,
            lat=None,
            lon=None,
            geo_precision=3,
            span=(s, m.end),
            place_id=None,
        )
    if regions:
        s, m = regions[0]
        p = m.place
        return Location(
            place=text[s : m.end],
            name=p.name if p.kind == "region" else None,
            kind="region",
            country=p.country,
            admin1=None,
            admin2=None,
            lat=p.lat if p.kind == "region" else None,
            lon=p.lon if p.kind == "region" else None,
            geo_precision=3,
            span=(s, m.end),
            place_id=p.id if p.kind == "region" else None,
        )
    if countries:
        m = countries[0]
        return Location(
            place=m.surface,
            name=m.place.name,
            kind="country",
            country=m.place.name,
            admin1=None,
            admin2=None,
            lat=None,
            lon=None,
            geo_precision=None,
            span=(m.start, m.end),
            place_id=m.place.id,
        )
    return None


# ---------------------------------------------------------------------------------------------- geocode

_LEADING = {
    "qada",
    "qadha",
    "qadaa",
    "kada",
    "caza",
    "nahiyat",
    "nahiya",
    "nahiyah",
    "muhafazat",
    "muhafaza",
    "district",
    "province",
    "governorate",
    "city",
    "town",
    "village",
}


def _bad_input(query: object) -> str | None:
    if not isinstance(query, str):
        return "query is not a string"
    q = query.strip()
    if not q:
        return "empty query"
    if len(q) > MAX_QUERY:
        return f"query too long ({len(q)} characters; at most {MAX_QUERY})"
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") and ch not in "\t\u200c\u200d" for ch in q):
        return "query contains control or format characters"
    sc = script_of(q)
    if sc == "mixed":
        return "query mixes Latin and Arabic script"
    if sc == "none":
        return "query contains no letters"
    return None


def _country_name(data: GazetteerData, country: str | None) -> tuple[str | None, str | None]:
    if country is None or country == "":
        return None, None
    if not isinstance(country, str):
        return None, "country is not a string"
    k = fold(country)
    for p in data.index.get(k, []):
        if p.kind == "country":
            return p.name, None
    if len(country) == 2:
        for p in data.countries.values():
            if p.id == f"C-{country.upper()}":
                return p.name, None
    return None, f"unknown country {country!r}"


def _result(query: str, p: Place, prec: int | None, how: str, admin1: str | None = None) -> GeocodeResult:
    return GeocodeResult(
        query=query,
        name=p.name,
        kind=p.kind,
        country=p.country,
        admin1=admin1 if admin1 is not None else p.admin1,
        admin2=p.admin2,
        lat=p.lat,
        lon=p.lon,
        geo_precision=prec,
        place_id=p.id,
        extra={"match": how},
    )


def geocode(data: GazetteerData, query: str, *, country: str | None = None) -> GeocodeResult:
    bad = _bad_input(query)
    if bad is not None:
        return GeocodeResult(query=query if isinstance(query, str) else repr(query), reason=bad)
    q = query.strip()
    cname, err = _country_name(data, country)
    if err:
        return GeocodeResult(query=q, reason=err)
    lex = data.lexicon
    admin1_words = lex.get("admin1_words", frozenset())
    admin2_words = lex.get("admin2_words", frozenset())
    descriptors = lex.get("descriptors", frozenset())
    regions = lex.get("region_adjectives", frozenset())

    # 1. The whole query as a name.
    p, how = lookup(data, q, country=cname, fuzzy=False)
    if p is not None:
        return _result(q, p, _precision(p.kind), how)

    # 2. Strip descriptor words ("Al Fallujah town", "Qada Khanaqin", "Basra province") and keep them as a hint.
    words = name_words(q)
    keys = [fold_token(w) for w in words]
    hint: str | None = None
    core = list(range(len(words)))
    while core and keys[core[-1]] in (admin1_words | admin2_words | descriptors):
        k = keys[core.pop()]
        hint = hint or ("admin1" if k in admin1_words else "admin2" if k in admin2_words else "settlement")
    while core and keys[core[0]] in (_LEADING | admin1_words | admin2_words):
        k = keys[core.pop(0)]
        hint = hint or ("admin1" if k in admin1_words else "admin2" if k in admin2_words else "settlement")
    if not core:
        return GeocodeResult(query=q, reason="query has only descriptor words")
    name = " ".join(words[i] for i in core)

    # Regions: "Northern Iraq", "eastern Syria".
    if len(core) >= 2 and keys[core[0]] in regions:
        rest = " ".join(words[i] for i in core[1:])
        rp, _ = lookup(data, rest, fuzzy=False, kinds={"country"})
        if rp is not None:
            return GeocodeResult(
                query=q, name=None, kind="region", country=rp.name, geo_precision=3, extra={"match": "region"}
            )

    if hint == "admin1":
        p, how = lookup(data, name, country=cname, kinds={"admin1"})
        if p is None:
            p2, how = lookup(data, name, country=cname)
            if p2 is not None and p2.admin1:
                p = data.admin1.get(p2.admin1)
        if p is not None:
            return _result(q, p, 3, how)
    elif hint == "admin2":
        p, how = lookup(data, name, country=cname, kinds={"admin2"})
        if p is None:
            p, how = lookup(data, name, country=cname, kinds=_PRECISION_1 | {"area"})
        if p is not None:
            return _result(q, p, 2, how)
    elif hint == "settlement":
        p, how = lookup(data, name, country=cname, kinds=_PRECISION_1 | {"area"})
        if p is not None:
            return _result(q, p, _precision(p.kind), how)
    p, how = lookup(data, name, country=cname)
    if p is not None:
        prec = _precision(p.kind)
        if hint == "admin2" and prec == 1:
            prec = 2
        return _result(q, p, prec, how)

    # 3. A phrase: "the Yusufiya road south of Baghdad", "near Samawah".
    for text in (q, q.title()) if q != q.title() else (q,):
        loc = locate(data, text)
        if loc is not None and (cname is None or loc.country == cname):
            return GeocodeResult(
                query=q,
                name=loc.name,
                kind=loc.kind,
                country=loc.country,
                admin1=loc.admin1,
                admin2=loc.admin2,
                lat=loc.lat,
                lon=loc.lon,
                geo_precision=loc.geo_precision,
                place_id=loc.place_id,
                extra={"match": "context"},
            )
    where = f" in {cname}" if cname else ""
    return GeocodeResult(query=q, reason=f"no place named {name!r}{where} in the gazetteer")


def pick_admin1(data: GazetteerData, name: str) -> str | None:
    """Canonical governorate name for a free-form governorate string, or None."""
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_QUERY:
        return None
    full = fold(name)
    if full in data.admin1_keys:
        return data.admin1_keys[full]
    words = name_words(name)
    lex = data.lexicon
    strip = lex.get("admin1_words", frozenset()) | {fold_token("the")}
    keys = [fold_token(w) for w in words]
    core = [w for w, k in zip(words, keys, strict=True) if k not in strip]
    if core and fold_token(core[0]) == fold_token("of"):
        core = core[1:]
    if not core:
        return None
    cand = " ".join(core)
    k = fold(cand)
    if k in data.admin1_keys:
        return data.admin1_keys[k]
    # A town name used for its governorate ("Diwaniyah Governorate", "Samawah province").
    p = pick(data.index.get(k, []), kinds={"city", "town"})
    if p is not None and p.admin1 and len(core) == len(words) - 1:
        return p.admin1
    p, _ = lookup(data, cand, kinds={"admin1"})
    return p.name if p is not None else None
