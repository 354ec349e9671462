"""Cleaning: find the title and the content lines, leaving page furniture out (offsets are kept)."""

from __future__ import annotations

import re

from sitrep.extract.article import Article, Span
from sitrep.extract.lexicon import lexicon

MAX_FURNITURE_LINE = 240
_LINE = re.compile(r"[^\n]+")
_WORDS = re.compile(r"[A-Za-z]{2,}")


def _norm(line: str) -> str:
    return " ".join(line.lower().split())


def clean(article: Article) -> None:
    """Set article.title and article.blocks."""
    lex = lexicon()
    seen_title: str | None = None
    blocks: list[Span] = []
    for m in _LINE.finditer(article.text):
        start, end = m.span()
        line = m.group()
        # trim surrounding whitespace and bullet characters, keeping offsets
        stripped = line.strip(" \t\u00a0•·*-–")
        if not stripped:
            continue
        start += line.index(stripped[0])
        end = start + len(stripped)
        # page furniture is short: a long line is prose, whatever words it contains
        low = stripped.lower() if len(stripped) <= MAX_FURNITURE_LINE else ""
        if low and lex.end_of_article.search(low):
            break
        if (low and lex.boilerplate_line.search(low)) or not _WORDS.search(stripped):
            continue
        if low and any(p.match(low) for p in lex.boilerplate_line_start):
            continue
        if seen_title is None:
            seen_title = _norm(stripped)
            article.title = (start, end)
            continue
        if _norm(stripped) == seen_title:
            continue  # repeated title
        blocks.append((start, end))
    article.blocks = blocks
