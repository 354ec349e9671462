"""Extraction: one article in, its attacks out (CODEBOOK §1-2). See docs/extraction.md.

`sitrep.extract` is both this package and the library call the issue asks for:
`sitrep.extract(text, *, url=None, published=None) -> list[Event]`. The package module is made callable so
that the call keeps working whichever submodule was imported first."""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitrep.models import Event


def extract(text: str, *, url: str | None = None, published: str | None = None) -> list[Event]:
    """The attack events of one article (title line, then body), coded per CODEBOOK §1."""
    from sitrep.extract.pipeline import extract_events

    return extract_events(text, url=url, published=published)


class _CallablePackage(types.ModuleType):
    def __call__(self, text: str, *, url: str | None = None, published: str | None = None) -> list[Event]:
        return extract(text, url=url, published=published)


sys.modules[__name__].__class__ = _CallablePackage
