"""A per-word memo for the text scanners (place matcher, actor resolver).

``functools.lru_cache`` costs an argument tuple and an LRU-list update per call; the scanners look up every
word of every article, so they use a plain dict instead: ``map(cache.__getitem__, words)`` runs in C and
computes a value only for a word not seen before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class WordCache(dict[str, V], Generic[V]):
    """``cache[word]`` is ``compute(word)``, computed once. Cleared when it outgrows ``limit`` (see ``trim``)."""

    def __init__(self, compute: Callable[[str], V], limit: int = 200_000):
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, word: str) -> V:
        value = self[word] = self.compute(word)
        return value

    def trim(self) -> None:
        """Bound the memory a long-running process spends on words it has seen: call between texts."""
        if len(self) > self.limit:
            self.clear()
