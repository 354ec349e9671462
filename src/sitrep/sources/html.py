"""Saved web pages: the article's main text (boilerplate and reader comments dropped) and its metadata.

- main text: trafilatura (navigation, footers, related links, reader-comment sections are dropped);
- title, publication date (YYYY-MM-DD, from the page's metadata only: meta tags, JSON-LD, <time>; never guessed
  from the body text, which the extractor reads itself), outlet (og:site_name, publisher) and canonical URL;
- an article that sits inside comment markup (`<!-- <article>...</article> -->`, as some CMS templates, mirrors
  and "saved page" tools leave it) is uncommented and read when the visible page holds less text than it.
"""

from __future__ import annotations

import re

from sitrep.models import Document

_TAG = re.compile(r"<[^>]+>")
_COMMENT = re.compile(r"<!--(?!\[if)(.*?)-->", re.S)  # not IE conditional comments
_BLOCK_IN_COMMENT = re.compile(r"<(p|article|h[1-3]|div|section)\b", re.I)
_SCRIPT_STYLE = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.S | re.I)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_META_CONTENT = r"""<meta\b[^>]*?(?:property|name|itemprop)\s*=\s*["']{name}["'][^>]*?content\s*=\s*["']([^"']+)["']"""
_META_CONTENT_REV = r"""<meta\b[^>]*?content\s*=\s*["']([^"']+)["'][^>]*?(?:property|name|itemprop)\s*=\s*["']{name}["']"""
_CANONICAL = re.compile(r"""<link\b[^>]*?rel\s*=\s*["']canonical["'][^>]*?href\s*=\s*["']([^"']+)["']""", re.I)
MIN_COMMENT_TEXT = 200  # characters of text in a comment before it is taken for a commented-out article
# fast: trafilatura's own extractor without the readability/jusText second opinion; ~1.5x faster, and on
# news pages with an <article> or a dense text block the result is the same (see docs/sources.md).
FAST = True
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def html_to_document(markup: str, doc_id: str, *, url: str | None = None) -> Document | None:
    """Main text of a page as a Document (title line first), or None when no article text is found."""
    commented = _commented_article(markup)
    if commented is not None and len(_TAG.sub(" ", commented)) > len(_visible_text(markup)):
        # the article is in comment markup and the visible page holds less: read the page uncommented
        data = _extract(_uncomment(markup), url) or _extract(markup, url)
    else:
        data = _extract(markup, url)
        if commented is not None and len((data or {}).get("text") or "") < len(_TAG.sub(" ", commented)) / 2:
            uncommented = _extract(_uncomment(markup), url)
            if uncommented and len(uncommented.get("text") or "") > len((data or {}).get("text") or ""):
                data = uncommented
    if data is None:
        return None
    body = (data.get("text") or "").strip()
    if not body:
        return None
    title = (data.get("title") or "").strip() or _meta(markup, "og:title") or None
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    published = _day(data.get("date")) or _day(_meta(markup, "article:published_time")) or _day(
        _meta(markup, "datePublished")
    )
    outlet = (data.get("sitename") or "").strip() or _meta(markup, "og:site_name") or None
    page_url = url or _canonical(markup) or data.get("url") or None
    return Document(
        id=doc_id,
        text=text,
        url=page_url,
        title=title,
        published=published,
        outlet=outlet,
        source_kind="html",
    )


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or len(_TAG.findall(head)) > 5


def _extract(markup: str, url: str | None) -> dict | None:
    import trafilatura  # imported here: it costs ~0.2 s and only HTML input needs it

    extracted = trafilatura.bare_extraction(
        markup,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params=DATE_PARAMS,
        fast=FAST,
    )
    if extracted is None:
        return None
    return extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)


def _visible_text(markup: str) -> str:
    body = _COMMENT.sub(" ", markup)
    body = _SCRIPT_STYLE.sub(" ", body)
    return " ".join(_TAG.sub(" ", body).split())


def _commented_article(markup: str) -> str | None:
    """The largest HTML comment that holds article markup with real text, or None."""
    if "<!--" not in markup:
        return None
    best = None
    for m in _COMMENT.finditer(markup):
        inner = m.group(1)
        if len(inner) < MIN_COMMENT_TEXT or not _BLOCK_IN_COMMENT.search(inner):
            continue
        if len(_TAG.sub(" ", inner).strip()) >= MIN_COMMENT_TEXT and (best is None or len(inner) > len(best)):
            best = inner
    return best


def _uncomment(markup: str) -> str:
    def repl(m: re.Match) -> str:
        inner = m.group(1)
        return inner if _BLOCK_IN_COMMENT.search(inner) else ""

    return _COMMENT.sub(repl, markup)


def _meta(markup: str, name: str) -> str | None:
    head = markup[:200_000]
    for pattern in (_META_CONTENT, _META_CONTENT_REV):
        m = re.search(pattern.replace("{name}", re.escape(name)), head, re.I)
        if m:
            return m.group(1).strip() or None
    return None


def _canonical(markup: str) -> str | None:
    m = _CANONICAL.search(markup[:200_000])
    return m.group(1).strip() if m and m.group(1).startswith(("http://", "https://")) else None


def _day(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    m = _DAY.match(value.strip())
    return m.group(0) if m else None
