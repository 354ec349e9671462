"""RSS and Atom feeds (a file or a URL), read with feedparser: one Document per item.

An item that carries only a summary (no full content, a short description) is completed by fetching the
page its link points to (httpx, with timeouts) and reading that page's main text; when the fetch fails the
item is reported as a ReadProblem naming the feed and the link, so that a watcher can try it again later.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.models import Document
from sitrep.sources.http import Fetcher, FetchError, response_text
from sitrep.sources.problems import ReadProblem

SUMMARY_ONLY_CHARS = 500  # an item whose only text is a summary shorter than this is a teaser: read the page
MIN_CONTENT_CHARS = 200  # full content (content:encoded, atom:content) shorter than this is a teaser too
FOLLOW_MODES = ("auto", "always", "never")
MAX_FEED_BYTES = 20 * 1024 * 1024
_BENIGN_BOZO = ("CharacterEncodingOverride", "NonXMLContentType", "CharacterEncodingUnknown")
_BLOCK_TAGS = re.compile(r"</?(p|div|br|li|h[1-6]|blockquote|tr|section|article)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_ELLIPSIS = re.compile(r"(\.\.\.|…|\[…\]|\[\.\.\.\]|read more|continue reading)\s*$", re.I)


@dataclass
class FeedEntry:
    key: str  # stable identity of the item (guid, else link, else a hash of its text), for "seen" tracking
    link: str | None
    title: str | None
    published: str | None
    text: str  # plain text of the content or summary
    has_content: bool  # the item carries full content (content:encoded / atom:content)


@dataclass
class ParsedFeed:
    source: str
    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    problem: ReadProblem | None = None  # set when the input is not a feed, or is broken part-way


def parse_feed(data: bytes, source: str, *, base_url: str | None = None) -> ParsedFeed:
    """Parse RSS/Atom bytes. `problem` says why the input is not a feed, or where a broken feed stopped."""
    import feedparser

    out = ParsedFeed(source)
    if not data.strip():
        out.problem = ReadProblem(source, "empty feed")
        return out
    headers = {"content-location": base_url} if base_url else None
    parsed = feedparser.parse(data, response_headers=headers)  # bytes: feedparser never fetches anything itself
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.get("version") and not parsed.entries:
        head = data[:2000].decode("utf-8", errors="replace").lower()
        if "<html" in head or "<!doctype html" in head:
            why = "not an RSS or Atom feed: it is an HTML page (is the feed URL right?)"
        elif exc is not None:
            why = f"not an RSS or Atom feed ({_bozo_text(exc)})"
        else:
            why = "not an RSS or Atom feed (no channel or feed element)"
        out.problem = ReadProblem(source, why)
        return out
    out.title = (parsed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(parsed.entries, 1):
        out.entries.append(_entry(entry, i, source))
    if exc is not None and type(exc).__name__ not in _BENIGN_BOZO:
        out.problem = ReadProblem(source, f"feed is malformed ({_bozo_text(exc)}); {len(out.entries)} items read before it")
    return out


def needs_page(entry: FeedEntry, follow_links: str = "auto") -> bool:
    """Whether the item's linked page must be read to get the article text."""
    if not entry.link or follow_links == "never":
        return False
    if follow_links == "always":
        return True
    return not entry.has_content and (len(entry.text) < SUMMARY_ONLY_CHARS or bool(_ELLIPSIS.search(entry.text)))


def entry_document(
    entry: FeedEntry,
    feed: ParsedFeed,
    *,
    fetcher: Fetcher | None = None,
    follow_links: str = "auto",
    outlet: str | None = None,
) -> Document | ReadProblem | None:
    """The item as a Document (reading its linked page when it carries only a summary), a ReadProblem when
    that page cannot be fetched, or None for an item with no text at all."""
    doc_id = entry.key
    where = f"{feed.source} item {entry.link or entry.key}"
    summary_doc = _summary_document(entry, feed, outlet) if entry.text or entry.title else None
    if fetcher is not None and needs_page(entry, follow_links):
        from sitrep.sources.html import html_to_document

        try:
            resp = fetcher.get(entry.link)  # type: ignore[arg-type]
        except FetchError as exc:
            return ReadProblem(where, f"could not fetch the linked article: {exc}")
        try:
            page = html_to_document(response_text(resp), doc_id, url=entry.link)
        except Exception as exc:  # noqa: BLE001 - a broken page must not stop the feed
            page = None
            if summary_doc is None:
                return ReadProblem(where, f"linked article could not be parsed ({type(exc).__name__})")
        if page is not None:
            return page.model_copy(
                update={
                    "title": page.title or entry.title,
                    "published": entry.published or page.published,
                    "outlet": outlet or page.outlet or feed.title,
                    "source_kind": "rss",
                }
            )
    return summary_doc


def read_feed(
    source: str,
    *,
    fetcher: Fetcher | None = None,
    follow_links: str = "auto",
    timeout: float = 20.0,
    outlet: str | None = None,
) -> Iterator[Document | ReadProblem]:
    """Documents from a feed file or URL (http/https)."""
    own = fetcher is None
    if fetcher is None:
        fetcher = Fetcher(timeout=timeout)
    try:
        if source.startswith(("http://", "https://")):
            try:
                resp = fetcher.get(source)
            except FetchError as exc:
                yield ReadProblem(source, f"could not fetch the feed: {exc}")
                return
            data, base = resp.content, str(resp.url)
        else:
            path = Path(source)
            try:
                size = path.stat().st_size
                if size > MAX_FEED_BYTES:
                    yield ReadProblem(source, f"feed file is {size / 1e6:.1f} MB, over the {MAX_FEED_BYTES // 2**20} MB limit")
                    return
                data = path.read_bytes()
            except OSError as exc:
                yield ReadProblem(source, f"cannot read: {exc.strerror or exc}")
                return
            base = None
        yield from documents_of_feed(parse_feed(data, source, base_url=base), fetcher=fetcher,
                                     follow_links=follow_links, outlet=outlet)  # fmt: skip
    finally:
        if own:
            fetcher.close()


def documents_of_feed(
    feed: ParsedFeed, *, fetcher: Fetcher | None, follow_links: str = "auto", outlet: str | None = None
) -> Iterator[Document | ReadProblem]:
    for entry in feed.entries:
        item = entry_document(entry, feed, fetcher=fetcher, follow_links=follow_links, outlet=outlet)
        if item is not None:
            yield item
    if feed.problem is not None:
        yield feed.problem


def looks_like_feed(head: str) -> bool:
    """Sniff the first few KB of a file: an RSS, RDF or Atom document."""
    h = head[:4000].lower()
    return bool(re.search(r"<(rss|feed|rdf:rdf)\b", h)) and "<html" not in h


# -- helpers -------------------------------------------------------------------------------------------------


def _entry(entry, index: int, source: str) -> FeedEntry:  # noqa: ANN001 - feedparser.FeedParserDict
    link = (entry.get("link") or "").strip() or None
    title = _plain(entry.get("title") or "") or None
    contents = entry.get("content") or []
    content_html = "\n".join(c.get("value", "") for c in contents if c.get("value"))
    summary_html = entry.get("summary") or entry.get("description") or ""
    content_text = _plain(content_html) if content_html.strip() else ""
    text = content_text or _plain(summary_html)
    has_content = len(content_text) >= MIN_CONTENT_CHARS and not _ELLIPSIS.search(content_text)
    key = (entry.get("id") or "").strip() or link
    if not key:
        digest = hashlib.sha1(f"{title}\n{text}".encode(errors="replace")).hexdigest()[:16]
        key = f"{source}#{digest}"
    return FeedEntry(key=key, link=link, title=title, published=_date(entry), text=text, has_content=has_content)


def _summary_document(entry: FeedEntry, feed: ParsedFeed, outlet: str | None) -> Document:
    body = entry.text
    if entry.title and not body.startswith(entry.title):
        text = f"{entry.title}\n\n{body}" if body else entry.title
    else:
        text = body
    return Document(
        id=entry.key,
        text=text,
        url=entry.link,
        published=entry.published,
        title=entry.title,
        outlet=outlet or feed.title,
        source_kind="rss",
    )


def _date(entry) -> str | None:  # noqa: ANN001
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
            except AttributeError:
                continue
    return None


def _plain(fragment: str) -> str:
    """Text of an HTML fragment: block tags become line breaks, entities decoded, spaces collapsed."""
    import html

    if "<" in fragment:
        fragment = _BLOCK_TAGS.sub("\n", fragment)
        fragment = _TAG.sub("", fragment)
    text = html.unescape(fragment)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _bozo_text(exc: BaseException) -> str:
    line = getattr(exc, "getLineNumber", None)
    where = ""
    if callable(line):
        try:
            where = f" at line {line()}"
        except Exception:  # noqa: BLE001
            where = ""
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{msg}{where}"
