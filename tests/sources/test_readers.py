"""The readers, one by one, on small fictional fixtures (tests/sources/data) and files built in the test."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sitrep.models import Document
from sitrep.sources import ReadProblem, read_any
from sitrep.sources.feeds import parse_feed, read_feed
from sitrep.sources.html import html_to_document
from sitrep.sources.http import Fetcher
from sitrep.sources.tabular import read_csv
from sitrep.sources.telegram import flatten_text, read_telegram
from sitrep.sources.warc import read_warc

DATA = Path(__file__).parent / "data"


def docs(items) -> list[Document]:  # noqa: ANN001
    return [i for i in items if isinstance(i, Document)]


def problems(items) -> list[ReadProblem]:  # noqa: ANN001
    return [i for i in items if isinstance(i, ReadProblem)]


# -- HTML ------------------------------------------------------------------------------------------------------


def test_html_article_inside_comment_markup_is_read_with_its_metadata() -> None:
    doc = html_to_document((DATA / "pages" / "commented.html").read_text(encoding="utf-8"), "p1")
    assert doc is not None
    assert "one-way attack drone struck an open area near the Harir air base" in doc.text
    assert "Guardians of the Valley" in doc.text
    assert doc.title == "Drone strikes near Harir base"
    assert doc.text.startswith("Drone strikes near Harir base")
    assert doc.published == "2024-03-05"
    assert doc.outlet == "Northern Ledger"
    assert doc.url == "https://ledger.example/news/harir-drone"
    assert "All rights reserved" not in doc.text and "Opinion" not in doc.text


def test_html_reader_comments_and_boilerplate_are_dropped_and_jsonld_date_read() -> None:
    doc = html_to_document((DATA / "pages" / "with_comments.html").read_text(encoding="utf-8"), "p2")
    assert doc is not None
    assert "Three mortar rounds fell near the embassy compound" in doc.text
    assert "READERCOMMENT" not in doc.text
    assert "Football results" not in doc.text and "Front page" not in doc.text
    assert doc.published == "2024-01-12"
    assert doc.outlet == "Tigris Daily"


def test_html_date_is_never_guessed_from_body_text() -> None:
    page = ("<html><head><title>Attack on patrol</title></head><body><article><h1>Attack on patrol</h1>"
            + "<p>On 12 March 2023 gunmen attacked a patrol near the crossing, an official said in a statement.</p>" * 4
            + "</article></body></html>")  # fmt: skip
    doc = html_to_document(page, "p3")
    assert doc is not None and doc.published is None


def test_html_page_without_text_is_none() -> None:
    assert html_to_document("<html><head><title></title></head><body><div></div></body></html>", "x") is None


# -- Telegram --------------------------------------------------------------------------------------------------


def test_telegram_result_json_one_document_per_post() -> None:
    items = list(read_telegram(DATA / "telegram_json" / "result.json"))
    assert problems(items) == []
    by_id = {d.id: d for d in docs(items)}
    # service message (1) and the photo without a caption (6) carry no text
    assert sorted(by_id) == [f"telegram/1780042311/{i}" for i in (2, 3, 4, 5)]
    first = by_id["telegram/1780042311/2"]
    assert first.outlet == "Valley Front Monitor" and first.published == "2024-02-03"
    assert first.source_kind == "telegram"
    # a post that is only a forwarded caption is read like any other
    assert by_id["telegram/1780042311/4"].text == "Footage of the drone launched at Al-Sahil air base at dawn on Sunday."
    # formatted-text entities are flattened
    assert by_id["telegram/1780042311/5"].text == (
        "URGENT: A roadside bomb hit a logistics convoy on the Route Falcon highway near Dariya, local media reported. #Dariya"
    )


def test_telegram_arabic_post_is_kept_and_marked() -> None:
    out = docs(read_any([str(DATA / "telegram_json" / "result.json")]))
    arabic = [d for d in out if d.id.endswith("/3")]
    assert len(arabic) == 1 and arabic[0].language == "ar"
    assert {d.language for d in out if not d.id.endswith("/3")} == {"en"}


def test_telegram_channel_username_gives_urls() -> None:
    out = docs(read_telegram(DATA / "telegram_json" / "result.json", channel_username="@valleyfront"))
    assert out[0].url == "https://t.me/valleyfront/2"


def test_telegram_html_export() -> None:
    items = list(read_any([str(DATA / "telegram_html" / "messages.html")]))
    assert problems(items) == []
    out = docs(items)
    assert [d.id for d in out] == [f"telegram/Valley-Front-Monitor/{i}" for i in (2, 3, 4)]
    assert out[0].text == ("Two rockets landed near the perimeter of the Al-Sahil air base late on Saturday, "
                           "a security source told the monitor.\nNo casualties were reported.")  # fmt: skip
    assert out[0].published == "2024-02-03" and out[0].outlet == "Valley Front Monitor"
    assert out[1].language == "ar"
    assert out[2].text == "Footage of the drone launched at Al-Sahil air base at dawn on Sunday."
    assert "06:55" not in out[2].text  # the forwarded-from date is not part of the text


def test_flatten_text_shapes() -> None:
    assert flatten_text("plain") == "plain"
    assert flatten_text(["a ", {"type": "bold", "text": "b"}, {"type": "x"}, 3, " c"]) == "a b c"
    assert flatten_text(None) == ""


def test_telegram_truncated_json_keeps_complete_posts(tmp_path: Path) -> None:
    raw = (DATA / "telegram_json" / "result.json").read_text(encoding="utf-8")
    cut = raw.index('"id": 5')  # in the middle of the messages list
    path = tmp_path / "result.json"
    path.write_text(raw[:cut], encoding="utf-8")
    items = list(read_telegram(path))
    assert [d.id.rsplit("/", 1)[1] for d in docs(items)] == ["2", "3", "4"]
    (problem,) = problems(items)
    assert problem.source == str(path) and "truncated" in problem.reason and "line" in problem.reason


def test_telegram_export_of_the_wrong_shape(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "x", "posts": [{"id": 1, "text": "hello"}]}), encoding="utf-8")
    (problem,) = list(read_telegram(path))
    assert isinstance(problem, ReadProblem) and problem.source == str(path)
    assert "not a Telegram Desktop export" in problem.reason and "posts" in problem.reason
    bad = tmp_path / "bad" / "result.json"
    bad.parent.mkdir()
    bad.write_text(json.dumps({"name": "c", "id": 5, "messages": [{"id": 1, "type": "message", "text": "Fine post here."},
                                                                  "junk", {"id": 3, "type": "message", "text": 42}]}))  # fmt: skip
    items = list(read_telegram(bad))
    assert [d.text for d in docs(items)] == ["Fine post here."]
    assert [p.source for p in problems(items)] == [f"{bad} message #2", f"{bad} message #3 (id 3)"]


def test_telegram_html_that_is_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "messages.html"
    path.write_text("<html><body><p>hello</p></body></html>", encoding="utf-8")
    (problem,) = list(read_any([str(path)], kind="telegram"))
    assert isinstance(problem, ReadProblem) and "not a Telegram Desktop HTML export" in problem.reason


# -- feeds -----------------------------------------------------------------------------------------------------


def feed_bytes(server) -> bytes:  # noqa: ANN001
    return (DATA / "feed.xml").read_text(encoding="utf-8").replace("SERVER", server.base).encode()


STORY = (b"<html><head><title>Drone attack reported at Harir - Frontier Wire</title>"
         b"<meta property='og:site_name' content='Frontier Wire'></head><body><nav>Home | World</nav><article>"
         b"<h1>Drone attack reported at Harir</h1><p>A drone struck an open area near the Harir air base on Tuesday "
         b"evening, two officials said, in the third such attack in the province this month.</p><p>There were no "
         b"casualties. A group calling itself the Guardians of the Valley claimed the attack.</p></article>"
         b"<footer>Frontier Wire</footer></body></html>")  # fmt: skip


def test_feed_items_full_summary_and_followed_link(server, tmp_path: Path) -> None:  # noqa: ANN001
    server.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed_bytes(server))
    server.routes["/story/harir-drone"] = (200, {"Content-Type": "text/html; charset=utf-8"}, STORY)
    with Fetcher(timeout=2) as fetcher:
        items = list(read_feed(server.url("/feed.xml"), fetcher=fetcher))
    assert problems(items) == []
    a, b, c = docs(items)
    assert a.id == "frontier-0001" and a.url == "https://frontier.example/2024/02/04/rockets-al-sahil"
    assert a.published == "2024-02-04" and a.outlet == "Frontier Wire" and a.source_kind == "rss"
    assert a.text.startswith("Rockets hit near Al-Sahil air base\n\n") and "burnt-out launch rail" in a.text
    assert b.published is None  # an item without a date
    assert "escaped unhurt" in b.text  # a long description is the article: no page fetched for it
    assert c.url == server.url("/story/harir-drone")
    assert "Guardians of the Valley claimed the attack" in c.text  # the linked page, not the teaser
    assert "Read more" not in c.text
    assert c.published == "2024-03-05" and c.source_kind == "rss"
    assert server.hits["/story/harir-drone"] == 1
    assert not any(p.startswith("/2024") for p in server.hits)


def test_feed_item_whose_page_fails_is_a_problem_naming_the_item(server, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "feed.xml"
    path.write_bytes(feed_bytes(server))
    server.routes["/story/harir-drone"] = (500, {}, b"oops")
    items = list(read_any([str(path)], timeout=2))
    assert len(docs(items)) == 2
    (problem,) = problems(items)
    assert problem.source == f"{path} item {server.url('/story/harir-drone')}"
    assert "HTTP 500" in problem.reason
    # never: the teaser itself
    items = list(read_any([str(path)], follow_links="never"))
    assert len(docs(items)) == 3 and "Read more" in docs(items)[2].text


def test_atom_feed() -> None:
    (doc,) = docs(read_any([str(DATA / "atom.xml")], follow_links="auto"))
    assert doc.id == "urn:example:desert-monitor:17" and doc.url == "https://desert.example/17"
    assert doc.published == "2024-02-06" and doc.outlet == "Desert Monitor"
    assert "Gunmen opened fire on a patrol base" in doc.text


def test_feed_that_is_an_html_page(tmp_path: Path, server) -> None:  # noqa: ANN001
    path = tmp_path / "feed.xml"
    path.write_text("<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>")
    (problem,) = list(read_any([str(path)], kind="rss"))
    assert problem.source == str(path) and "not an RSS or Atom feed: it is an HTML page" in problem.reason
    server.routes["/rss"] = (200, {"Content-Type": "text/html"}, path.read_bytes())
    (problem,) = list(read_any([server.url("/rss")]))
    assert problem.source == server.url("/rss") and "HTML page" in problem.reason


def test_truncated_feed_keeps_items_before_the_break(server) -> None:  # noqa: ANN001
    data = feed_bytes(server)
    cut = data.index(b"<item>", data.index(b"frontier-0002"))
    parsed = parse_feed(data[:cut], "cut.xml")
    assert [e.key for e in parsed.entries] == ["frontier-0001", "frontier-0002"]
    assert parsed.problem is not None and parsed.problem.source == "cut.xml" and "malformed" in parsed.problem.reason


def test_feed_url_that_hangs_or_fails(server, hang) -> None:  # noqa: ANN001
    server.routes["/slow"] = hang(1.0)
    server.routes["/err"] = (503, {"Retry-After": "30"}, b"busy")
    items = list(read_any([server.url("/slow"), server.url("/err"), "http://127.0.0.1:9/nothing"], timeout=0.3))
    assert [p.source for p in problems(items)] == [server.url("/slow"), server.url("/err"), "http://127.0.0.1:9/nothing"]
    slow, err, refused = (p.reason for p in problems(items))
    assert "timed out after 0.3 s" in slow
    assert "HTTP 503" in err
    assert "cannot connect" in refused


# -- WARC ------------------------------------------------------------------------------------------------------


def build_warc(path: Path, *, gzip: bool, damage: int | None = None) -> list[str]:
    """Records: request, HTML response, image response, metadata, HTML response, 404 HTML, HTML response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzip)
    offsets = []

    def page(n: int) -> bytes:
        return (f"<html><head><title>Patrol report {n}</title><meta property='og:site_name' content='Crawl Post'>"
                f"</head><body><nav>Home</nav><article><h1>Patrol report {n}</h1><p>Gunmen fired on patrol number {n} "
                "near the river crossing on Monday night, a local official said, and the attackers fled.</p>"
                "<p>Nobody was hurt in the attack, the official said.</p></article></body></html>").encode()  # fmt: skip

    def response(uri: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
        offsets.append(buf.tell())
        h = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=h))

    offsets.append(buf.tell())
    req = StatusAndHeaders("GET /1 HTTP/1.1", [("Host", "crawl.example")], is_http_request=True)
    w.write_record(w.create_warc_record("https://crawl.example/1", "request", payload=io.BytesIO(b""), http_headers=req))
    response("https://crawl.example/1", page(1), "text/html; charset=utf-8")
    response("https://crawl.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    offsets.append(buf.tell())
    w.write_record(w.create_warc_record("https://crawl.example/1", "metadata", payload=io.BytesIO(b"outlinks: 3"),
                                        warc_content_type="application/warc-fields"))  # fmt: skip
    response("https://crawl.example/2", page(2), "text/html")
    response("https://crawl.example/missing", page(9), "text/html", "404 Not Found")
    response("https://crawl.example/3", page(3), "text/html; charset=utf-8")
    data = bytearray(buf.getvalue())
    if damage is not None:
        at = offsets[damage]
        data[at + 2 : at + 40] = b"\xff" * 38 if gzip else b"NOT A WARC HEADER LINE AT ALL, BROKEN"[:38]
    path.write_bytes(bytes(data))
    return ["https://crawl.example/1", "https://crawl.example/2", "https://crawl.example/3"]


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_html_responses_become_documents(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    urls = build_warc(path, gzip=gzip)
    items = list(read_any([str(path)]))
    assert problems(items) == []
    out = docs(items)
    assert [d.url for d in out] == urls and [d.id for d in out] == urls
    assert out[0].title == "Patrol report 1" and out[0].outlet == "Crawl Post" and out[0].source_kind == "warc"
    assert out[0].language == "en"


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_with_a_broken_record_reads_the_rest(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    build_warc(path, gzip=gzip, damage=4)  # the record of https://crawl.example/2
    items = list(read_warc(path))
    assert [d.url for d in docs(items)] == ["https://crawl.example/1", "https://crawl.example/3"]
    (problem,) = problems(items)
    assert problem.source.startswith(f"{path} record 5 (at or after byte offset ")
    assert "damaged WARC record" in problem.reason


def test_truncated_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    build_warc(path, gzip=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    items = list(read_warc(path))
    assert [d.url for d in docs(items)][:2] == ["https://crawl.example/1", "https://crawl.example/2"]
    assert all(str(path) in p.source for p in problems(items))


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "x.warc"
    path.write_text("hello")
    (problem,) = list(read_warc(path))
    assert "not a WARC file" in problem.reason


# -- CSV / JSONL tables ----------------------------------------------------------------------------------------


def test_csv_with_column_mapping() -> None:
    items = list(read_csv(DATA / "table.csv", text_col="body", title_col="headline", url_col="link", date_col="when",
                          id_col="ref"))  # fmt: skip
    out = docs(items)
    assert [d.id for d in out] == ["r1", "r3"]
    assert out[0].text.startswith("Rockets hit Al-Sahil\n\nTwo rockets")
    assert out[0].published == "2024-02-03" and out[1].published == "2024-02-05"
    assert out[0].url == "https://t.example/1" and out[0].source_kind == "csv"
    (problem,) = problems(items)
    assert problem.source == f"{DATA / 'table.csv'}:3" and "empty text" in problem.reason


def test_csv_unknown_column_and_missing_text_column(tmp_path: Path) -> None:
    (problem,) = list(read_csv(DATA / "table.csv", text_col="article_body"))
    assert "no column 'article_body'" in problem.reason and "headline, body" in problem.reason
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n")
    (problem,) = list(read_csv(path))
    assert "--text-col" in problem.reason


def test_csv_wrong_encoding_rows_are_named_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"text,url\nRockets struck the base on Monday.,u1\n"
                     + "Caf\xe9 owner says mortar fell nearby.,u2\n".encode("cp1252")
                     + b"A drone was shot down near the airport.,u3\n")  # fmt: skip
    items = list(read_any([str(path)]))
    assert [d.url for d in docs(items)] == ["u1", "u3"]
    (problem,) = problems(items)
    assert problem.source == f"{path}:3" and "not UTF-8" in problem.reason


def test_jsonl_with_column_mapping(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text(
        json.dumps({"post_id": "p1", "body": "Rockets struck the base on Monday, officials said.", "link": "https://x.example/1",
                    "ts": "2024-02-05T10:00:00Z"}) + "\n" + "{broken\n"
        + json.dumps({"post_id": "p2", "body": "A drone was shot down near the airport on Tuesday."}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    items = list(read_any([str(path)], text_col="body", id_col="post_id", url_col="link", date_col="ts"))
    assert [(d.id, d.url, d.published, d.source_kind) for d in docs(items)] == [
        ("p1", "https://x.example/1", "2024-02-05", "jsonl"), ("p2", None, None, "jsonl")]
    (problem,) = problems(items)
    assert problem.source == f"{path}:2" and "not valid JSON" in problem.reason
