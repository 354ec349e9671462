"""Gazetteer and geocoder for Iraq, Syria and Jordan (plus Kuwait and the border crossings).

from sitrep.geo import get_gazetteer
gz = get_gazetteer()
gz.find_mentions(text)          # every place named in text, left to right
gz.lookup("Diwaniya")           # Place | None
gz.admin1_canonical("Babylon province")  # 'Babil'
gz.locate(text, start, end)     # Location of the event described in text[start:end]
gz.geocode("Al Fallujah town", country="Iraq")  # GeocodeResult (what `sitrep geocode` prints)
"""

from __future__ import annotations

import threading

from sitrep.geo import context as _context
from sitrep.geo import matcher as _matcher
from sitrep.geo.gazetteer import GazetteerData, load_data
from sitrep.geo.model import GeocodeResult, Location, Place, PlaceMention

__all__ = ["Gazetteer", "GeocodeResult", "Location", "Place", "PlaceMention", "get_gazetteer"]


class Gazetteer:
    """Public facade over the loaded place table. Thread-safe for reading."""

    def __init__(self, data: GazetteerData | None = None):
        self.data = data or load_data()
        self._last: tuple[str, list[PlaceMention]] | None = None

    # -- introspection
    @property
    def places(self) -> list[Place]:
        return self.data.places

    def get(self, place_id: str) -> Place | None:
        return self.data.by_id.get(place_id)

    def __len__(self) -> int:
        return len(self.data.places)

    # -- API
    def find_mentions(self, text: str) -> list[PlaceMention]:
        """Every gazetteer place named in text, left to right, longest match first, non-overlapping."""
        try:
            return _matcher.find_mentions(self.data, text)
        except Exception:  # noqa: BLE001 - bad input never raises
            return []

    def lookup(self, name: str, *, country: str | None = None, admin1: str | None = None) -> Place | None:
        """Exact-or-folded match, then guarded fuzzy match; None when nothing fits."""
        try:
            if country:
                cname, err = _context._country_name(self.data, country)
                if err:
                    return None
                country = cname
            if admin1:
                admin1 = self.admin1_canonical(admin1) or admin1
            return _matcher.lookup(self.data, name, country=country, admin1=admin1)[0]
        except Exception:  # noqa: BLE001
            return None

    def admin1_canonical(self, name: str) -> str | None:
        """Canonical governorate name ('Babylon province' -> 'Babil'), or None."""
        try:
            return _context.pick_admin1(self.data, name)
        except Exception:  # noqa: BLE001
            return None

    def locate(
        self, text: str, start: int = 0, end: int | None = None, *, mentions: list[PlaceMention] | None = None
    ) -> Location | None:
        """Best location for the event described in text[start:end]; other governorate/country mentions in the
        whole text are used to disambiguate. `mentions`: find_mentions(text), when the caller has it already."""
        try:
            last = self._last
            if mentions is not None:
                pass
            elif last is not None and last[0] is text:
                mentions = last[1]
            else:
                mentions = _matcher.find_mentions(self.data, text)
                self._last = (text, mentions)
            return _context.locate(self.data, text, start, end, mentions)
        except Exception:  # noqa: BLE001
            return None

    def geocode(self, query: str, *, country: str | None = None) -> GeocodeResult:
        try:
            return _context.geocode(self.data, query, country=country)
        except Exception as exc:  # noqa: BLE001
            q = query if isinstance(query, str) else repr(query)
            return GeocodeResult(query=q, reason=f"internal error: {type(exc).__name__}")


_LOCK = threading.Lock()
_GAZETTEER: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded once, on first use)."""
    global _GAZETTEER
    if _GAZETTEER is None:
        with _LOCK:
            if _GAZETTEER is None:
                _GAZETTEER = Gazetteer()
    return _GAZETTEER
