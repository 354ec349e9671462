"""Typed records of the geo layer (small frozen dataclasses)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Most specific first. locate() prefers a lower rank.
KIND_RANK: dict[str, int] = {
    "site": 0,
    "airport": 0,
    "embassy": 0,
    "crossing": 0,
    "junction": 0,
    "village": 1,
    "area": 1,
    "road": 1,
    "town": 2,
    "city": 3,
    "admin2": 4,
    "admin1": 5,
    "region": 6,
    "country": 7,
}
KINDS = tuple(KIND_RANK)


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    kind: str
    country: str
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...] = ()
    population: int | None = None
    source: str = ""

    @property
    def rank(self) -> int:
        return KIND_RANK.get(self.kind, 3)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    place: Place
    candidates: tuple[Place, ...] = ()


@dataclass(frozen=True, slots=True)
class Location:
    place: str
    name: str | None
    kind: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    span: tuple[int, int]
    place_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d


@dataclass(frozen=True, slots=True)
class GeocodeResult:
    query: str
    name: str | None = None
    kind: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    place_id: str | None = None
    reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def matched(self) -> bool:
        return self.name is not None or self.country is not None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("extra")
        if d["reason"] is None:
            d.pop("reason")
        return d
