"""sitrep: news reports of attacks on US and coalition forces -> coded, geocoded, attributed incidents.

Stages (one package each): sources -> extract -> geo / actors -> store -> link -> analysis -> export / web.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sitrep.models import Event

__all__ = ["extract", "__version__"]


def extract(text: str, *, url: str | None = None, published: str | None = None) -> list[Event]:
    """Extract the attack events of one article (title line, then body). See CODEBOOK §1."""
    from sitrep.extract.pipeline import extract_events

    return extract_events(text, url=url, published=published)
