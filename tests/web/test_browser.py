"""End-to-end tests in headless Chromium (Debian's /usr/bin/chromium driven by Playwright's Python API), as a
person uses the dashboard: load it over a seeded database, filter, brush the timeline, open an incident, submit an
article. Screenshots go to a temporary folder, or to $SITREP_SCREENSHOTS (e.g. docs/img) when set.

Skipped, with the reason, when Chromium or Playwright is absent."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.web.conftest import CHROMIUM, TOKEN, LiveServer
from tests.web.seed_articles import HOSTILE_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")

HOSTILE_GROUP = '<img src=x onerror="window.__pwned=9">Saraya "Test" & <b>Co</b>'


def shot_dir(tmp_path: Path) -> Path:
    d = Path(os.environ.get("SITREP_SCREENSHOTS") or tmp_path / "shots")
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _add_hostile_group(store) -> None:  # noqa: ANN001
    """An incident whose group name carries markup (as a badly scraped claim might)."""
    from sitrep.models import Casualties, Document, Event, ExtractionResult

    text = f"Rocket attack on Victory base\nBAGHDAD - A rocket hit Victory base on Monday. {HOSTILE_GROUP} claimed it."
    doc = Document(id="hostile-group", text=text, url="https://test-wire.example/victory", outlet="Test <i>Wire</i>",
                   published="2024-02-06")  # fmt: skip
    s = text.index("A rocket")
    ev = Event(date="2024-02-05", country="Iraq", admin1="Baghdad", place="Victory base", lat=33.26, lon=44.23,
               event_type="rocket", target="base", claimed_by=HOSTILE_GROUP, attribution="claimed",
               casualties=Casualties(), evidence=text[s:], spans={"evidence": (s, len(text)),
               "claimed_by": (text.index("<img"), text.index(" claimed it"))})  # fmt: skip
    store.add_result(doc, ExtractionResult(id=doc.id, published=doc.published, events=[ev]), "test")


@pytest.fixture(scope="module")
def server(seeded_url: str, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The seeded articles, one hostile group name, and 400 synthetic incidents so the map and timeline have shape."""
    from sitrep.store import open_store
    from sitrep.web import create_app
    from sitrep.web.synthetic import fill

    path = tmp_path_factory.mktemp("e2e") / "e2e.sqlite"
    shutil.copy(seeded_url.removeprefix("sqlite:///"), path)
    store = open_store(f"sqlite:///{path}")
    _add_hostile_group(store)
    fill(store, 400, start="2021-01-01", days=1250)
    with LiveServer(create_app(store=store, token=TOKEN)) as live:
        yield live
    store.close()


def _page(browser, url: str):  # noqa: ANN001, ANN202
    # bypass_csp: the escaping must hold on its own (the CSP is a second line), and wait_for_function needs eval
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    return page, errors


def test_dashboard_filter_brush_and_open_incident(browser, server, tmp_path: Path) -> None:  # noqa: ANN001
    shots = shot_dir(tmp_path)
    page, errors = _page(browser, server.url + "/")
    page.wait_for_selector("body[data-ready=dashboard]", timeout=20_000)
    page.wait_for_timeout(600)  # let the cluster layer finish its chunks
    assert page.locator(".leaflet-overlay-pane canvas, .leaflet-overlay-pane svg").count() >= 1  # outlines drawn
    assert page.locator(".cluster, path.leaflet-interactive").count() > 0  # incidents drawn
    total = int(page.locator("#tablecount").inner_text().split(" of ")[1].split()[0])
    assert total > 400
    page.locator("#view .map-panel").screenshot(path=str(shots / "dashboard-map.png"))
    page.screenshot(path=str(shots / "dashboard-overview.png"), full_page=True)

    # filter: drones only
    page.locator("input[name=type][value=drone]").check()
    page.wait_for_function(f"!document.querySelector('#tablecount').textContent.includes(' of {total} ')")
    types = page.locator("table.incidents tbody td:nth-child(5)").all_inner_texts()
    assert types and set(types) == {"drone"}
    page.locator("input[name=type][value=drone]").uncheck()
    page.wait_for_function(f"document.querySelector('#tablecount').textContent.includes(' of {total} ')")

    # sort by injured, descending
    page.locator("th[data-sort=injured]").click()
    page.wait_for_selector("th.sorted[data-sort=injured]")
    page.wait_for_timeout(300)
    injured = [int(x) for x in page.locator("table.incidents tbody td:nth-child(9)").all_inner_texts() if x != "–"]
    assert injured == sorted(injured, reverse=True)

    # brush a period on the timeline: the map and table follow
    svg = page.locator(".timeline-svg")
    box = svg.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + 60, steps=5)
    page.mouse.up()
    page.wait_for_selector("#clearbrush:not([hidden])")
    page.wait_for_function("document.querySelector('#tablecount').textContent.includes(' to ')")
    brushed = int(page.locator("#tablecount").inner_text().split(" of ")[1].split()[0])
    assert 0 < brushed < total
    assert f"{brushed} incidents" in page.locator("#mapcount").inner_text()
    page.locator("#view .timeline-panel").screenshot(path=str(shots / "dashboard-timeline.png"))
    page.locator("#clearbrush").click()

    # open a real incident (two reports that disagree on the wounded) from the table
    import httpx

    seeded = httpx.get(server.url + "/api/incidents", params={"q": "Ain al-Asad", "since": "2024-01-20",
                                                                "until": "2024-01-20", "sort": "-n_reports"}).json()  # fmt: skip
    asad = seeded["items"][0]["id"]
    page.locator("input[name=q]").fill("Ain al-Asad air base")
    page.wait_for_selector(f"table.incidents tr[data-id='{asad}']")
    page.locator(f"table.incidents tr[data-id='{asad}']").click()
    page.wait_for_selector("body[data-ready=incident]")
    assert page.locator("article.source").count() == 2
    assert page.locator("mark.hl").count() > 6
    assert page.locator(".group-name").inner_text().startswith("Islamic Resistance in Iraq")
    assert "injured" in page.locator(".disagree").inner_text()
    page.locator("tr[data-field=place]").click()
    assert page.locator("mark.focus").count() >= 1
    assert "Ain al-Asad air base" in "".join(page.locator("article.source").first.locator("mark.focus").all_inner_texts())
    page.wait_for_timeout(400)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "dashboard-incident.png"), full_page=True)
    assert not errors, errors


def test_submit_article_nothing_executes(browser, server, tmp_path: Path) -> None:  # noqa: ANN001
    shots = shot_dir(tmp_path)
    page, errors = _page(browser, server.url + "/#/submit")
    page.wait_for_selector("body[data-ready=submit]")
    page.locator("textarea[name=text]").fill(HOSTILE_TEXT)
    page.locator("input[name=published]").fill("2024-02-02")
    page.locator("input[name=outlet]").fill("Test Wire")
    page.locator("#btn-preview").click()
    page.wait_for_selector("body[data-ready=previewed]")
    assert "Harir air base" in page.locator("table.extracted").inner_text()
    assert "<script>" in page.locator("#preview pre.article-text").inner_text()  # shown as text
    # saving without the token is refused, with the reason
    page.locator("#btn-save").click()
    page.wait_for_selector("body[data-ready=submit-error]")
    assert "token" in page.locator("#submit-status").inner_text().lower()
    page.locator("input[name=token]").fill(TOKEN)
    page.locator("#btn-save").click()
    page.wait_for_selector("body[data-ready=saved]")
    assert "Saved (new)" in page.locator("#submit-status").inner_text()
    page.screenshot(path=str(shots / "dashboard-submit.png"), full_page=True)
    page.locator("a.inc-link").first.click()
    page.wait_for_selector("body[data-ready=incident]")
    assert "<script>window.__pwned = 1</script>" in page.locator("article.source pre").first.inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("article.source script, article.source img, article.source b").count() == 0
    assert not [e for e in errors if "401" not in e], errors  # the refused save is the only error


def test_hostile_group_name_is_text(browser, server) -> None:  # noqa: ANN001
    page, errors = _page(browser, server.url + "/")
    page.wait_for_selector("body[data-ready=dashboard]", timeout=20_000)
    page.locator("input[name=group]").fill("Saraya \"Test\"")
    page.wait_for_function("[...document.querySelectorAll('table.incidents tbody tr')].length === 1")
    assert HOSTILE_GROUP in page.locator("table.incidents tbody").inner_text()
    page.locator("table.incidents tbody tr").first.click()
    page.wait_for_selector("body[data-ready=incident]")
    assert HOSTILE_GROUP in page.locator(".group-name").inner_text()
    assert page.locator("#view img, #view [onerror], #view [onmouseover]").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert not errors, errors


def test_first_view_with_10k_incidents(browser, tmp_path_factory: pytest.TempPathFactory, seeded_url: str) -> None:  # noqa: ANN001
    """The figure is reported (printed, and written to $SITREP_TIMINGS when set); the bound is loose."""
    from sitrep.store import open_store
    from sitrep.web import create_app
    from sitrep.web.synthetic import fill

    path = tmp_path_factory.mktemp("big") / "big.sqlite"
    shutil.copy(seeded_url.removeprefix("sqlite:///"), path)
    store = open_store(f"sqlite:///{path}")
    fill(store, 10_000 - store.counts()["incidents"])
    n = store.counts()["incidents"]
    with LiveServer(create_app(store=store, token=TOKEN)) as live:
        runs = []
        for _ in range(3):
            page, errors = _page(browser, live.url + "/")
            t0 = time.monotonic()
            page.wait_for_selector("body[data-ready=dashboard]", timeout=30_000)
            wall = (time.monotonic() - t0) * 1000
            nav = page.evaluate("performance.getEntriesByType('navigation')[0].startTime")
            ready = page.evaluate("window.__sitrepReadyMs") + page.evaluate("performance.timeOrigin ? 0 : 0")
            dom = page.evaluate("Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd - "
                                "performance.getEntriesByType('navigation')[0].startTime)")  # fmt: skip
            runs.append({"ready_after_script_ms": round(ready), "dom_content_loaded_ms": dom, "wall_ms": round(wall),
                         "nav_start": nav})  # fmt: skip
            assert not errors, errors
            page.close()
    store.close()
    first_view = [r["dom_content_loaded_ms"] + r["ready_after_script_ms"] for r in runs]
    report = {"incidents": n, "runs": runs, "first_view_ms": first_view, "median_first_view_ms": sorted(first_view)[1]}
    print("\nfirst view with", n, "incidents:", json.dumps(report))
    if os.environ.get("SITREP_TIMINGS"):
        Path(os.environ["SITREP_TIMINGS"]).write_text(json.dumps(report, indent=2))
    assert sorted(first_view)[1] < 5000  # reported, not tightly asserted (target: under 1 s)
