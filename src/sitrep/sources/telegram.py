"""Telegram Desktop channel exports: `result.json` (machine-readable) and `messages*.html` (human-readable).

One Document per post that has text (a media caption counts; a post that is only a forwarded caption is read
like any other). Service messages and media without a caption carry no text and are passed over.

    id        telegram/<channel id or name>/<message id>
    url       https://t.me/<username>/<message id> when the channel's username is given, else None
    outlet    the channel's name
    published the post's date (YYYY-MM-DD, the exporting computer's local time)
    text      the post's text, formatted-text entities flattened to plain text
    language  set later by language identification (Arabic posts are kept and marked "ar")

Views and forwarded-from are read (`TelegramPost`) but the Document has no slot for them; they are dropped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep.models import Document
from sitrep.sources.problems import ReadProblem

MAX_EXPORT_BYTES = 512 * 1024 * 1024
_MESSAGES_KEY = re.compile(r'"messages"\s*:\s*\[')
_HTML_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_SLUG = re.compile(r"[^\w.-]+", re.UNICODE)


@dataclass
class TelegramPost:
    channel: str | None
    channel_id: str | None
    message_id: str
    date: str | None  # YYYY-MM-DD
    text: str
    views: int | None = None
    forwarded_from: str | None = None


def read_telegram(path: str | Path, *, channel_username: str | None = None) -> Iterator[Document | ReadProblem]:
    """Documents from a Telegram Desktop export file: result.json, or messages.html (messages2.html, ...)."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_EXPORT_BYTES:
            yield ReadProblem(source, f"export is {size / 1e6:.0f} MB, over the {MAX_EXPORT_BYTES // 2**20} MB limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadProblem(source, f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield ReadProblem(source, "empty file")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield ReadProblem(source, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                                  "Telegram exports are UTF-8: is this the right file?")  # fmt: skip
        return
    posts = _json_posts(text, source) if text.lstrip().startswith(("{", "[")) else _html_posts(text, source)
    for item in posts:
        if isinstance(item, ReadProblem):
            yield item
        else:
            yield post_document(item, channel_username=channel_username)


def post_document(post: TelegramPost, *, channel_username: str | None = None) -> Document:
    chan = _SLUG.sub("-", post.channel_id or post.channel or "channel").strip("-") or "channel"
    url = f"https://t.me/{channel_username.lstrip('@')}/{post.message_id}" if channel_username else None
    return Document(
        id=f"telegram/{chan}/{post.message_id}",
        text=post.text,
        url=url,
        published=post.date,
        outlet=post.channel,
        source_kind="telegram",
    )


def looks_like_telegram_html(head: str) -> bool:
    return 'class="page_header"' in head and ('class="message' in head or 'class="history"' in head)


def looks_like_telegram_json(head: str) -> bool:
    return '"messages"' in head or ('"chats"' in head and '"list"' in head) or '"about"' in head


# -- result.json ---------------------------------------------------------------------------------------------


def flatten_text(value: object) -> str:
    """Telegram's `text`: a string, or a list of strings and entity objects ({"type": "bold", "text": ...})."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "".join(parts)
    return ""


def _json_posts(text: str, source: str) -> Iterator[TelegramPost | ReadProblem]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield from _salvage(text, source, exc)
        return
    chats = _chats(obj)
    if chats is None:
        found = type(obj).__name__ if not isinstance(obj, dict) else "keys " + ", ".join(list(obj)[:8]) or "{}"
        yield ReadProblem(source, "not a Telegram Desktop export: expected an object with 'messages' (one channel) "
                                  f"or 'chats' (a full export); found {found}")  # fmt: skip
        return
    for chat in chats:
        name, chat_id = _chat_name(chat), _chat_id(chat)
        messages = chat.get("messages")
        if not isinstance(messages, list):
            yield ReadProblem(f"{source} chat {name or chat_id or '?'}", "'messages' is not a list")
            continue
        for index, msg in enumerate(messages):
            post = _json_post(msg, name, chat_id, f"{source} message #{index + 1}")
            if post is not None:
                yield post


def _chats(obj: object) -> list[dict] | None:
    if isinstance(obj, dict) and "messages" in obj:
        return [obj]
    if isinstance(obj, dict) and isinstance(obj.get("chats"), dict) and isinstance(obj["chats"].get("list"), list):
        chats = [c for c in obj["chats"]["list"] if isinstance(c, dict)]
        left = obj.get("left_chats")
        if isinstance(left, dict) and isinstance(left.get("list"), list):
            chats += [c for c in left["list"] if isinstance(c, dict)]
        return chats
    return None


def _chat_name(chat: dict) -> str | None:
    name = chat.get("name")
    return name.strip() or None if isinstance(name, str) else None


def _chat_id(chat: dict) -> str | None:
    cid = chat.get("id")
    return str(cid) if isinstance(cid, int | str) and str(cid) else None


def _json_post(msg: object, channel: str | None, channel_id: str | None, where: str) -> TelegramPost | ReadProblem | None:
    if not isinstance(msg, dict):
        return ReadProblem(where, f"a message object was expected, found {type(msg).__name__}")
    if msg.get("type", "message") != "message":
        return None  # service messages: channel created, pinned, title changed
    mid = msg.get("id")
    if not isinstance(mid, int | str) or str(mid) == "":
        return ReadProblem(where, "message has no id")
    raw = msg.get("text")
    if raw is None or raw == "" or raw == []:
        raw = msg.get("text_entities")
    if raw is not None and not isinstance(raw, str | list):
        return ReadProblem(f"{where} (id {mid})", f"'text' is a {type(raw).__name__}, not a string or a list")
    parts = [flatten_text(raw).strip()]
    poll = msg.get("poll")
    if isinstance(poll, dict):
        parts.append(flatten_text(poll.get("question")).strip())
        parts += [flatten_text(a.get("text")).strip() for a in poll.get("answers") or [] if isinstance(a, dict)]
    body = "\n".join(p for p in parts if p).replace("\r\n", "\n")
    if not body.strip():
        return None  # a photo or video without a caption, a sticker
    views = msg.get("views")
    forwarded = msg.get("forwarded_from")
    return TelegramPost(
        channel=channel or (msg.get("from") if isinstance(msg.get("from"), str) else None),
        channel_id=channel_id,
        message_id=str(mid),
        date=_json_date(msg.get("date")),
        text=body,
        views=views if isinstance(views, int) else None,
        forwarded_from=forwarded if isinstance(forwarded, str) else None,
    )


def _json_date(value: object) -> str | None:
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def _salvage(text: str, source: str, exc: json.JSONDecodeError) -> Iterator[TelegramPost | ReadProblem]:
    """A truncated or damaged result.json: read the complete messages before the damage, then say where it is."""
    m = _MESSAGES_KEY.search(text)
    where = f"line {exc.lineno} column {exc.colno}"
    if m is None:
        yield ReadProblem(source, f"not valid JSON ({exc.msg} at {where}) and no 'messages' list found")
        return
    head = text[: m.start()]
    name = _head_value(head, "name")
    chat_id = _head_value(head, "id")
    decoder = json.JSONDecoder()
    pos, n, count = m.end(), len(text), 0
    while True:
        while pos < n and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= n or text[pos] == "]":
            break
        try:
            msg, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            break
        count += 1
        post = _json_post(msg, name, chat_id, f"{source} message #{count}")
        if post is not None:
            yield post
    yield ReadProblem(source, f"truncated or damaged JSON ({exc.msg} at {where}); the {count} complete messages "
                              "before it were read")  # fmt: skip


def _head_value(head: str, key: str) -> str | None:
    m = re.search(rf'"{key}"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)', head)
    if not m:
        return None
    try:
        return str(json.loads(m.group(1)))
    except json.JSONDecodeError:
        return None


# -- messages.html -------------------------------------------------------------------------------------------


def _html_posts(text: str, source: str) -> Iterator[TelegramPost | ReadProblem]:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # noqa: BLE001 - lxml raises several types on junk
        yield ReadProblem(source, f"HTML could not be parsed ({type(exc).__name__})")
        return
    header = root.xpath('//div[contains(@class,"page_header")]//div[contains(@class,"text")]')
    channel = _clean(header[0].text_content()) if header else None
    messages = root.xpath('//div[contains(concat(" ", @class, " "), " message ")]')
    if not messages:
        yield ReadProblem(source, "not a Telegram Desktop HTML export (no message blocks found)")
        return
    sender = None
    for el in messages:
        classes = (el.get("class") or "").split()
        if "service" in classes or "default" not in classes:
            continue
        mid = (el.get("id") or "").removeprefix("message")
        if not mid:
            yield ReadProblem(f"{source} message at line {el.sourceline}", "message block has no id")
            continue
        body = _first(el.xpath('./div[contains(@class,"body")]'))
        if body is None:
            continue
        name = _first(body.xpath('./div[contains(@class,"from_name")]'))
        if name is not None:
            sender = _clean(name.text_content())
        date_el = _first(body.xpath('./div[contains(@class,"date")]'))
        date = None
        if date_el is not None:
            m = _HTML_DATE.search(date_el.get("title") or "")
            date = f"{m.group(3)}-{m.group(2)}-{m.group(1)}" if m else None
        fwd = _first(body.xpath('.//div[contains(@class,"forwarded")]/div[contains(@class,"from_name")]'))
        forwarded = None
        if fwd is not None:
            for span in fwd.xpath('.//span[contains(@class,"date")]'):
                span.drop_tree()
            forwarded = _clean(fwd.text_content())
        parts = [_block_text(t) for t in body.xpath('.//div[contains(concat(" ", @class, " "), " text ")]')]
        parts += [_clean(q.text_content()) for q in body.xpath('.//div[contains(@class,"poll")]//div[contains(@class,"question")]')]
        body_text = "\n".join(p for p in parts if p)
        if not body_text.strip():
            continue
        yield TelegramPost(channel=channel or sender, channel_id=None, message_id=mid, date=date, text=body_text,
                           forwarded_from=forwarded)  # fmt: skip


def _block_text(el) -> str:  # noqa: ANN001
    for br in el.xpath(".//br"):
        br.tail = "\n" + (br.tail or "")
    lines = (" ".join(line.split()) for line in el.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _first(items: list):  # noqa: ANN202
    return items[0] if items else None


def _clean(s: str) -> str | None:
    s = " ".join(s.split())
    return s or None
