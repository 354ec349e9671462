"""Small helpers shared by the extractor's rule tests."""

from __future__ import annotations

from sitrep.extract.casualties import find_casualties


def casualties(sentence: str) -> tuple[int | None, int | None]:
    """(killed, injured) as the casualty reader finds them in one sentence."""
    found = find_casualties(sentence, 0, len(sentence))
    return found.killed, found.injured
