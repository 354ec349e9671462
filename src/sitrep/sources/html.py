"""Saved web pages: the article's main text (boilerplate and comments dropped) and its metadata."""

from __future__ import annotations

import re

from sitrep.models import Document

_TAG = re.compile(r"<[^>]+>")


def html_to_document(markup: str, doc_id: str, *, url: str | None = None) -> Document | None:
    """Main text of a page as a Document (title line first), or None when no article text is found."""
    import trafilatura  # imported here: it costs ~0.2 s and only HTML input needs it

    extracted = trafilatura.bare_extraction(
        markup, url=url, include_comments=False, include_tables=False, with_metadata=True
    )
    if extracted is None:
        return None
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = (data.get("text") or "").strip()
    if not body:
        return None
    title = (data.get("title") or "").strip() or None
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    published = data.get("date")
    return Document(
        id=doc_id,
        text=text,
        url=url or data.get("url"),
        title=title,
        published=published if isinstance(published, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else None,
        outlet=data.get("sitename"),
        source_kind="html",
    )


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or len(_TAG.findall(head)) > 5
