"""Loading the shipped place table and indexing it by folded name.

Data files (``sitrep/data/gazetteer/``):

- ``countries.csv``  country rows (hand-written)
- ``admin1.csv``     governorates with canonical names, ISO 3166-2 codes and aliases (hand-written)
- ``curated.csv``    military sites, airports, embassies, crossings, roads, small towns (hand-written, reviewed)
- ``places.csv``     populated places derived from GeoNames by ``scripts/build_gazetteer.py`` (generated)
- ``lexicon.yaml``   word lists for the matcher guards and the context rules
"""

from __future__ import annotations

import csv
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from sitrep.geo.model import Place
from sitrep.geo.normalize import fold, fold_token, is_arabic

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"

# Order of preference among places sharing one folded name.
_SOURCE_ORDER = {"country": 0, "curated": 1, "geonames": 2, "admin1": 3, "admin2": 4}


def data_path(name: str) -> Path:
    return DATA_DIR / name


def _rows(path: Path) -> Iterable[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def _f(s: str | None) -> float | None:
    try:
        return float(s) if s not in (None, "") else None
    except ValueError:
        return None


def _split(s: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (s or "").split("|") if a.strip())


def load_lexicon(path: Path | None = None) -> dict[str, Any]:
    import yaml  # small file; pyyaml is a core dependency

    path = path or data_path("lexicon.yaml")
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    lex: dict[str, Any] = {}
    for k, v in raw.items():
        if isinstance(v, list):
            lex[k] = frozenset(fold_token(str(w)) if k != "actor_countries" else str(w) for w in v)
        else:
            lex[k] = v
    return lex


class GazetteerData:
    """The place rows and the folded-name index. Matching and context logic live in matcher.py / context.py."""

    def __init__(self, places: list[Place], lexicon: dict[str, Any]):
        self.places = places
        self.lexicon = lexicon
        self.by_id: dict[str, Place] = {p.id: p for p in places}
        self.index: dict[str, list[Place]] = defaultdict(list)
        self.primary: set[tuple[str, str]] = set()  # (key, place id) where key is the place's own name
        for p in places:
            seen: set[str] = set()
            for i, nm in enumerate((p.name, *p.aliases)):
                k = fold(nm)
                if not k or k in seen:
                    continue
                seen.add(k)
                self.index[k].append(p)
                if i == 0:
                    self.primary.add((k, p.id))
        for k, lst in self.index.items():
            lst.sort(key=lambda p, k=k: self._priority(k, p))
        self.index = dict(self.index)
        # Every proper prefix (in words) of a multi-word key, so the scanner can stop early.
        self.prefixes: set[str] = set()
        for k in self.index:
            parts = k.split(" ")
            for n in range(1, len(parts)):
                self.prefixes.add(" ".join(parts[:n]))
        self.admin1: dict[str, Place] = {p.name: p for p in places if p.kind == "admin1"}
        self.admin1_keys: dict[str, str] = {}
        for p in self.admin1.values():
            for nm in (p.name, *p.aliases):
                self.admin1_keys.setdefault(fold(nm), p.name)
        self.countries: dict[str, Place] = {p.name: p for p in places if p.kind == "country"}
        self._fuzzy_lock = threading.Lock()
        self._fuzzy_pools: dict[tuple[str | None, str], list[str]] = {}

    def _priority(self, key: str, p: Place) -> tuple[int, int, int, int]:
        src = "country" if p.kind == "country" else p.kind if p.kind in ("admin1", "admin2") else p.source
        order = _SOURCE_ORDER.get(src.split(":")[0], 2)
        primary = 0 if fold(p.name) == key else 1
        return (order, primary, -(p.population or 0), len(p.id))

    def fuzzy_pool(self, country: str | None, first: str) -> list[str]:
        """Index keys starting with the same character (and in the country, if given) for fuzzy matching."""
        pk = (country, first)
        pool = self._fuzzy_pools.get(pk)
        if pool is None:
            with self._fuzzy_lock:
                pool = [
                    k
                    for k, lst in self.index.items()
                    if k[:1] == first and (country is None or any(p.country == country for p in lst))
                ]
                self._fuzzy_pools[pk] = pool
        return pool


def _country_places() -> list[Place]:
    out = []
    for r in _rows(data_path("countries.csv")):
        out.append(
            Place(
                id=r["id"],
                name=r["name"],
                kind="country",
                country=r["name"],
                admin1=None,
                admin2=None,
                lat=_f(r["lat"]),
                lon=_f(r["lon"]),
                aliases=_split(r["aliases"]),
                source="curated",
            )
        )
    return out


def _admin1_places() -> list[Place]:
    iso_names: dict[str, list[str]] = defaultdict(list)
    for r in _rows(data_path("iso3166_2.csv")):  # generated from pycountry
        iso_names[r["code"]].append(r["iso_name"])
    out = []
    for r in _rows(data_path("admin1.csv")):
        r["aliases"] = "|".join([r["aliases"], *iso_names.get(r["iso"], [])])
        out.append(
            Place(
                id=r["id"],
                name=r["name"],
                kind="admin1",
                country=r["country"],
                admin1=r["name"],
                admin2=None,
                lat=_f(r["lat"]),
                lon=_f(r["lon"]),
                aliases=_split(r["aliases"]),
                source=f"curated;iso={r['iso']}",
            )
        )
    return out


def _table_places(name: str, default_source: str) -> list[Place]:
    out = []
    for r in _rows(data_path(name)):
        pop = r.get("population") or ""
        out.append(
            Place(
                id=r["id"],
                name=r["name"],
                kind=r["kind"],
                country=r["country"],
                admin1=r.get("admin1") or None,
                admin2=r.get("admin2") or None,
                lat=_f(r["lat"]),
                lon=_f(r["lon"]),
                aliases=_split(r.get("aliases")),
                population=int(pop) if pop.isdigit() else None,
                source=r.get("source") or default_source,
            )
        )
    return out


def _with_extra_aliases(places: list[Place]) -> list[Place]:
    extra: dict[str, tuple[str, ...]] = {}
    for r in _rows(data_path("aliases.csv")):
        extra[r["id"]] = extra.get(r["id"], ()) + _split(r["aliases"])
    if not extra:
        return places
    return [replace(p, aliases=p.aliases + extra[p.id]) if p.id in extra else p for p in places]


def load_places() -> list[Place]:
    return _with_extra_aliases(
        _country_places()
        + _admin1_places()
        + _table_places("curated.csv", "curated")
        + _table_places("places.csv", "geonames")
        + _table_places("admin2.csv", "admin2")
    )


def load_data() -> GazetteerData:
    return GazetteerData(load_places(), load_lexicon())


def script_of(s: str) -> str:
    """'arabic', 'latin', 'mixed' or 'none' (letters only)."""
    has_ar = is_arabic(s)
    has_lat = any(ch.isalpha() and not is_arabic(ch) for ch in s)
    if has_ar and has_lat:
        return "mixed"
    return "arabic" if has_ar else "latin" if has_lat else "none"
