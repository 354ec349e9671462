"""The REST API with FastAPI's TestClient: listing and filters, one incident with its evidence, documents,
actors, truces, stats, exports, article submission, auth and bad input."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.web.conftest import TOKEN
from tests.web.seed_articles import HOSTILE_TEXT

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def items(client, **params):  # noqa: ANN001, ANN201
    r = client.get("/api/incidents", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_list_and_page(client) -> None:  # noqa: ANN001
    data = items(client)
    assert data["total"] >= 6
    dates = [i["date"] for i in data["items"] if i["date"]]
    assert dates == sorted(dates, reverse=True)  # default: newest first
    page1 = items(client, limit=3, offset=0, sort="date")
    page2 = items(client, limit=3, offset=3, sort="date")
    assert len(page1["items"]) == 3 and not {i["id"] for i in page1["items"]} & {i["id"] for i in page2["items"]}
    assert page1["items"][0]["date"] <= page2["items"][0]["date"]


@pytest.mark.parametrize("sort", ["date", "-date", "killed", "-injured", "country", "n_reports", "-id", "place"])
def test_sort(client, sort: str) -> None:  # noqa: ANN001
    data = items(client, sort=sort)
    key = sort.lstrip("-")
    key = {"date": "date"}.get(key, key)
    vals = [i[key] for i in data["items"] if i[key] is not None]
    assert vals == sorted(vals, reverse=sort.startswith("-"))


def test_filters(client) -> None:  # noqa: ANN001
    assert {i["country"] for i in items(client, country="Syria")["items"]} == {"Syria"}
    assert {i["country"] for i in items(client, country="sy")["items"]} == {"Syria"}  # ISO code
    anbar = items(client, governorate="Anbar")["items"]  # alias
    assert anbar and {i["admin1"] for i in anbar} == {"Al-Anbar"}
    assert {i["event_type"] for i in items(client, type="drone")["items"]} == {"drone"}
    assert {i["event_type"] for i in items(client, type="rocket,ied")["items"]} == {"rocket", "ied"}
    assert {i["target"] for i in items(client, target="convoy")["items"]} == {"convoy"}
    kahf = items(client, group="kahf")["items"]
    assert [i["claimed_by"] for i in kahf] == ["Ashab al-Kahf"]
    assert all(i["date"] >= "2024-01-01" for i in items(client, since="2024-01-01")["items"])
    assert all(i["date"] <= "2023-12-31" for i in items(client, until="2023-12")["items"])
    assert items(client, since="2023-12-01", until="2023-12-31")["total"] == 1
    assert {i["place"] for i in items(client, q="tanf")["items"]} == {"al-Tanf garrison"}
    assert all((i["killed"] or 0) + (i["injured"] or 0) >= 2 for i in items(client, min_casualties=2)["items"])


def test_parent_filter_takes_groups_under_an_umbrella(client) -> None:  # noqa: ANN001
    under = items(client, parent="islamic_resistance_in_iraq")["items"]
    names = {i["actor_name"] for i in under}
    assert "Harakat Hezbollah al-Nujaba" in names  # its umbrella is the Islamic Resistance in Iraq
    assert "Islamic Resistance in Iraq" in names
    assert "Ashab al-Kahf" not in names
    assert items(client, parent="Islamic Resistance in Iraq")["total"] == len(under)  # by name too


@pytest.mark.parametrize(("params", "status", "needle"), [
    ({"type": "nuke"}, 422, "type"),
    ({"target": "moon"}, 422, "target"),
    ({"country": "Narnia"}, 422, "unknown country"),
    ({"governorate": "Mordor"}, 422, "unknown governorate"),
    ({"since": "2024-13-45"}, 422, "since"),
    ({"until": "yesterday"}, 422, "until"),
    ({"sort": "password"}, 422, "sort"),
    ({"limit": "0"}, 422, "limit"),
    ({"limit": "100000"}, 422, "limit"),
    ({"offset": "-1"}, 422, "offset"),
    ({"parent": "no such group at all"}, 422, "parent"),
    ({"colour": "red"}, 400, "unknown query parameter"),
])  # fmt: skip
def test_bad_filters_are_clear_4xx(client, params: dict, status: int, needle: str) -> None:  # noqa: ANN001
    r = client.get("/api/incidents", params=params)
    assert r.status_code == status, r.text
    body = r.json()
    assert needle in body["error"]
    assert "Traceback" not in r.text


INJECTIONS = ["' OR '1'='1", "1; DROP TABLE incidents; --", "%' UNION SELECT id, text FROM documents --", "\" OR 1=1 --",
              "_", "%", "\\", "Robert'); DROP TABLE documents;--", "admin'--", "1' AND SLEEP(1)--", "𝕏\x00y"]  # fmt: skip
FILTERS = ["since", "until", "country", "governorate", "type", "target", "group", "parent", "q", "sort", "min_casualties",
           "limit", "offset"]  # fmt: skip


@pytest.mark.parametrize("name", FILTERS)
def test_injection_strings_in_every_filter(client, name: str) -> None:  # noqa: ANN001
    before = client.get("/api/health").json()["counts"]
    for s in INJECTIONS:
        for path in ("/api/incidents", "/api/incidents/points"):
            if path.endswith("points") and name in ("sort", "limit", "offset"):
                continue
            r = client.get(path, params={name: s})
            assert r.status_code in (200, 400, 422), (name, s, r.status_code, r.text)
            if r.status_code == 200 and path == "/api/incidents":
                assert r.json()["total"] == 0, (name, s)  # a literal match of the string, which matches nothing
    assert client.get("/api/health").json()["counts"] == before  # nothing dropped or changed


def test_like_wildcards_are_literal(client) -> None:  # noqa: ANN001
    assert items(client, group="%")["total"] == 0
    assert items(client, group="_")["total"] == 0


TEXT_FILTERS = [{"group": "kahf"}, {"group": "HEZBOLLAH"}, {"parent": "islamic_resistance_in_iraq"}, {"q": "tanf"},
                {"q": "ANBAR", "sort": "place"}, {"group": "%"}, {"q": "no such place"}]  # fmt: skip


@pytest.mark.parametrize("params", TEXT_FILTERS)
def test_text_filters_same_when_too_many_values_to_list(client, monkeypatch, params: dict) -> None:  # noqa: ANN001
    """group, parent and q match the values listed from the column indexes; a column with more distinct values than
    queries.MAX_VALUES is matched with LIKE over the rows instead: both give the same incidents."""
    from sitrep.web import queries

    listed = items(client, **params, limit=1000)
    monkeypatch.setattr(queries, "MAX_VALUES", 1)
    scanned = items(client, **params, limit=1000)
    assert scanned["total"] == listed["total"]
    assert [i["id"] for i in scanned["items"]] == [i["id"] for i in listed["items"]]


def test_list_paging_past_the_end_keeps_the_total(client) -> None:  # noqa: ANN001
    total = items(client)["total"]
    past = items(client, offset=total + 10)
    assert past["items"] == [] and past["total"] == total


def test_big_answers_come_gzipped_and_revalidated(client) -> None:  # noqa: ANN001
    import gzip

    from sitrep.web.app import STATIC

    for path, raw in (("/static/app.js", (STATIC / "app.js").read_bytes()), ("/api/incidents/points", None)):
        r = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200 and r.headers["content-encoding"] == "gzip", path
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and r.content == plain.content  # the client undid the gzip
        assert raw is None or plain.content == raw
        assert len(gzip.compress(plain.content)) < len(plain.content)
    r = client.get("/static/app.js")
    assert r.headers["cache-control"] == "no-cache"  # unhashed file names: revalidate (a 304 when unchanged)
    assert client.get("/static/app.js", headers={"If-None-Match": r.headers["etag"]}).status_code == 304


def test_incident_with_evidence(client) -> None:  # noqa: ANN001
    asad = items(client, q="Ain al-Asad")["items"][0]
    r = client.get(f"/api/incidents/{asad['id']}")
    assert r.status_code == 200
    d = r.json()
    assert d["incident"]["n_reports"] == 2
    assert set(d["outlets"]) == {"Desert Wire", "River Post"}
    texts = {doc["id"]: doc["text"] for doc in d["documents"]}
    for rep in d["reports"]:
        ev = rep["event"]
        text = texts[rep["document_id"]]
        for field, (a, b) in ev["spans"].items():
            assert 0 <= a < b <= len(text), field
        assert text[slice(*ev["spans"]["place"])] == "Ain al-Asad air base"
        assert text[slice(*ev["spans"]["evidence"])].strip()
    assert "injured" in d["disagreements"]  # two, four: the reports disagree
    assert d["group"]["name"] == "Islamic Resistance in Iraq"
    assert d["history"][0]["action"] == "created"


def test_incident_group_parent_and_umbrella(client) -> None:  # noqa: ANN001
    tanf = items(client, q="tanf")["items"][0]
    g = client.get(f"/api/incidents/{tanf['id']}").json()["group"]
    assert g["id"] == "harakat_hezbollah_al_nujaba"
    assert g["umbrella"]["name"] == "Islamic Resistance in Iraq"


def test_not_found(client) -> None:  # noqa: ANN001
    for path in ("/api/incidents/999999", "/api/documents/999999", "/api/actors/nobody", "/api/nothing"):
        r = client.get(path)
        assert r.status_code == 404 and r.json()["error"]
    assert client.get("/api/incidents/abc").status_code == 422


def test_documents(client) -> None:  # noqa: ANN001
    page = client.get("/api/documents", params={"limit": 2}).json()
    assert page["total"] >= 8 and len(page["items"]) == 2 and "text" not in page["items"][0]
    one = client.get(f"/api/documents/{page['items'][0]['id']}").json()
    assert one["document"]["text"]
    assert isinstance(one["reports"], list)


def test_points_and_facets(client) -> None:  # noqa: ANN001
    pts = client.get("/api/incidents/points").json()
    assert pts["fields"][:3] == ["id", "lat", "lon"] and len(pts["rows"]) == items(client)["total"]
    f = client.get("/api/facets").json()
    assert {c["value"] for c in f["countries"]} == {"Iraq", "Syria"}
    assert "rocket" in f["event_types"]


def test_actors(client) -> None:  # noqa: ANN001
    data = client.get("/api/actors").json()
    by_id = {a["id"]: a for a in data["items"]}
    assert by_id["kataib_hezbollah"]["umbrella_name"] == "Islamic Resistance in Iraq"
    assert by_id["islamic_resistance_in_iraq"]["incidents"] >= 1
    one = client.get("/api/actors/islamic_resistance_in_iraq").json()
    assert any(m["id"] == "kataib_hezbollah" for m in one["members"])


def test_truces(client) -> None:  # noqa: ANN001
    data = client.get("/api/truces").json()
    assert isinstance(data["items"], list)
    assert any("2024-01" in (t.get("start") or "") for t in data["items"])


def test_stats_match_the_cli(client, app) -> None:  # noqa: ANN001
    stats = pytest.importorskip("sitrep.analysis.stats")
    r = client.get("/api/stats", params={"by": "month"})
    assert r.status_code == 200, r.text
    assert r.json() == stats.compute_stats(app.state.store, by="month").to_dict()
    assert client.get("/api/stats", params={"since": "soon"}).status_code == 422


def test_exports_match_the_cli(client, app) -> None:  # noqa: ANN001
    export = pytest.importorskip("sitrep.export")
    if not hasattr(export, "FORMATS"):
        pytest.skip("sitrep.export has no FORMATS yet")
    for fmt in list(export.FORMATS)[:6]:
        r = client.get(f"/api/export/{fmt}")
        assert r.status_code == 200, (fmt, r.text[:200])
        if fmt not in ("stix", "xlsx", "parquet"):  # these carry timestamps or ids minted per call
            assert r.content == export.export_bytes(app.state.store, fmt)
    assert client.get("/api/export/doc").status_code == 404


def test_extract_is_a_dry_run(client) -> None:  # noqa: ANN001
    before = client.get("/api/health").json()["counts"]
    r = client.post("/api/extract", json={"text": HOSTILE_TEXT, "published": "2024-02-02"})
    assert r.status_code == 200, r.text
    ev = r.json()["result"]["events"]
    assert ev and ev[0]["place"] == "Harir air base"
    assert r.json()["document"]["text"] == HOSTILE_TEXT
    assert client.get("/api/health").json()["counts"] == before


def test_extract_html(client) -> None:  # noqa: ANN001
    html = ("<html><head><title>Drone hits Harir base</title></head><body><article><h1>Drone hits Harir base</h1>"
            "<p>ERBIL, Iraq, March 3, 2024 - A drone struck Harir air base in Erbil province on Sunday, wounding one "
            "soldier, officials said.</p><p>No group claimed the attack.</p></article></body></html>")  # fmt: skip
    r = client.post("/api/extract", json={"html": html, "published": "2024-03-03"})
    assert r.status_code in (200, 422), r.text
    if r.status_code == 200:
        assert "<p>" not in r.json()["document"]["text"]


def test_submit_needs_the_token(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from sitrep.web import create_app

    c = TestClient(create_app(db_url, token=TOKEN))
    body = {
        "text": HOSTILE_TEXT,
        "url": "https://test-wire.example/harir",
        "published": "2024-02-02",
        "outlet": "Test Wire",
    }
    r = c.post("/api/documents", json=body)
    assert r.status_code == 401 and "token" in r.json()["error"] and r.headers["www-authenticate"].startswith("Bearer")
    assert c.post("/api/documents", json=body, headers={"Authorization": "Bearer nope"}).status_code == 403
    assert c.post("/api/documents", json=body, headers={"Authorization": "Basic abc"}).status_code == 401
    r = c.post("/api/documents", json=body, headers=AUTH)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["outcome"]["status"] == "new" and out["outcome"]["reports"] >= 1 and out["incidents"]
    inc = c.get(f"/api/incidents/{out['incidents'][0]['id']}").json()
    assert inc["documents"][0]["text"] == HOSTILE_TEXT  # stored as text; the dashboard shows it as text
    again = c.post("/api/documents", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json()["outcome"]["status"] == "unchanged"


def test_writing_disabled_without_a_server_token(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from sitrep.web import create_app

    c = TestClient(create_app(db_url, token=None))
    r = c.post("/api/documents", json={"text": HOSTILE_TEXT}, headers=AUTH)
    assert r.status_code == 403 and "SITREP_TOKEN" in r.json()["error"]


def test_protected_reads(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from sitrep.web import create_app

    c = TestClient(create_app(db_url, token=TOKEN, protect_reads=True))
    assert c.get("/api/incidents").status_code == 401
    assert c.get("/api/incidents", headers=AUTH).status_code == 200
    assert c.get("/").status_code == 200  # the page itself holds no data


@pytest.mark.parametrize(("content", "ctype", "needle"), [
    (b"{not json", "application/json", "malformed JSON"),
    (b"[1, 2]", "application/json", "request"),
    (b'{"text": ""}', "application/json", "text"),
    (b'{"text": "x", "html": "<p>x</p>"}', "application/json", "not both"),
    (b'{"text": "x", "published": "21 Jan"}', "application/json", "published"),
    (b'{"text": "x", "surprise": 1}', "application/json", "surprise"),
    (b'{"text": 5}', "application/json", "text"),
    (b"text=hello", "application/x-www-form-urlencoded", "request"),
])  # fmt: skip
def test_malformed_bodies(client, content: bytes, ctype: str, needle: str) -> None:  # noqa: ANN001
    for path in ("/api/extract", "/api/documents"):
        r = client.post(path, content=content, headers={"Content-Type": ctype, **AUTH})
        assert r.status_code == 422, (path, r.status_code, r.text)
        assert needle in r.text and "Traceback" not in r.text


def test_oversized_body(client) -> None:  # noqa: ANN001
    big = b'{"text": "' + b"a" * (2 * 1024 * 1024 + 10) + b'"}'
    r = client.post("/api/extract", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["error"]

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(5):
            yield b"a" * (600 * 1024)

    r = client.post("/api/extract", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_wrong_method(client) -> None:  # noqa: ANN001
    r = client.delete("/api/incidents")
    assert r.status_code == 405 and r.json()["error"]


def test_pages_and_docs_are_local(client) -> None:  # noqa: ANN001
    import re

    from sitrep.web.app import STATIC

    for path in ("/", "/docs"):
        r = client.get(path)
        assert r.status_code == 200 and "text/html" in r.headers["content-type"]
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert not re.search(r"(src|href)=\"(https?:)?//", r.text)  # nothing loads from elsewhere
    assert client.get("/openapi.json").json()["paths"]["/api/incidents"]
    for name in ("app.js", "app.css", "docs.js", "basemap.json"):
        assert (STATIC / name).is_file(), name
        r = client.get(f"/static/{name}")
        assert r.status_code == 200
    js = (STATIC / "app.js").read_text()
    assert "tile.openstreetmap" not in js and "unpkg.com" not in js and "cdn." not in js
    assert (STATIC / "app.js").stat().st_size < 400_000


def test_serve_refuses_public_address_without_token(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # noqa: ANN001
    from sitrep.cli import main

    monkeypatch.delenv("SITREP_TOKEN", raising=False)
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.sqlite"), "--host", "0.0.0.0"])
    assert r.exit_code != 0
    assert "refusing" in r.output and "SITREP_TOKEN" in r.output


def test_loopback_detection() -> None:
    from sitrep.web.security import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
