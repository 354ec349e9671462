"""sitrep: news reports of attacks on US and coalition forces -> coded, geocoded, attributed incidents.

Stages (one package each): sources -> extract -> geo / actors -> store -> link -> analysis -> export / web.

    import sitrep
    events = sitrep.extract(text, url=None, published=None)   # list[sitrep.models.Event]
"""

from __future__ import annotations

from sitrep import extract  # the extraction package; calling it extracts one article

__version__ = "0.1.0"
__all__ = ["extract", "__version__"]
