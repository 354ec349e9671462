"""`sitrep watch` against feeds served on 127.0.0.1: faults, recovery, restarts, folders, signals."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.sources.http import HostRateLimiter
from sitrep.sources.watch import ConfigError, Watcher, load_config
from sitrep.sources.watch.runner import backoff_delay

DATA = Path(__file__).parents[1] / "sources" / "data"

STORY = (b"<html><head><title>Drone attack reported at Harir</title></head><body><nav>Home | World</nav><article>"
         b"<h1>Drone attack reported at Harir</h1><p>A drone struck an open area near the Harir air base on Tuesday "
         b"evening, two officials said, in the third such attack in the province this month.</p><p>There were no "
         b"casualties. A group calling itself the Guardians of the Valley claimed the attack.</p></article>"
         b"</body></html>")  # fmt: skip
EXTRA_ITEM = """  <item>
   <title>Mortar rounds fall near embassy</title>
   <link>https://frontier.example/2024/03/09/embassy-mortar</link>
   <guid isPermaLink="false">frontier-0004</guid>
   <pubDate>Sat, 09 Mar 2024 02:00:00 GMT</pubDate>
   <content:encoded><![CDATA[<p>Three mortar rounds fell near the embassy compound in the capital shortly after midnight on Saturday, police sources said. Sirens sounded and the compound's air defences were activated. No casualties were reported and no group claimed the attack; an investigation was opened into the launch site, which police said was in a farm on the southern edge of the city.</p>]]></content:encoded>
  </item>
 </channel>"""


def feed_v1(server) -> bytes:  # noqa: ANN001
    return (DATA / "feed.xml").read_text(encoding="utf-8").replace("SERVER", server.base).encode()


def feed_v2(server) -> bytes:  # noqa: ANN001
    return feed_v1(server).decode().replace(" </channel>", EXTRA_ITEM).encode()


def write_config(tmp_path: Path, feeds: list[str], folders: list[str] | None = None, **extra: object) -> Path:
    cfg = {"db": "watch.sqlite", "timeout": 0.3, "per_host_interval": 0, "backoff": {"initial": 0, "max": 0},
           "interval": 0.1, "feeds": feeds, "folders": folders or [], **extra}  # fmt: skip
    path = tmp_path / "watch.yaml"
    path.write_text(json.dumps(cfg), encoding="utf-8")  # JSON is YAML
    return path


class FeedSite:
    """The feed's behaviour, switched by the test: ok, 500, hang; its story page: ok or 500."""

    def __init__(self, server) -> None:  # noqa: ANN001
        self.server, self.mode, self.story, self.body, self.etag = server, "ok", "ok", feed_v1(server), '"v1"'
        self.conditional = 0
        server.routes["/feed.xml"] = self.feed
        server.routes["/story/harir-drone"] = self.page

    def feed(self, h):  # noqa: ANN001, ANN201
        if self.mode == "500":
            return 500, {"Content-Type": "text/plain"}, b"internal error"
        if self.mode == "hang":
            time.sleep(1.0)  # the client gives up after 0.3 s
            return 200, {}, b""
        if h.headers.get("If-None-Match") == self.etag:
            self.conditional += 1
            return 304, {"ETag": self.etag}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": self.etag,
                     "Last-Modified": "Tue, 05 Mar 2024 20:00:00 GMT"}, self.body  # fmt: skip

    def page(self, _h):  # noqa: ANN001, ANN201
        if self.story == "500":
            return 500, {}, b"down"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, STORY


def documents(watcher: Watcher) -> int:
    return watcher.store.counts()["documents"]


def test_feed_failures_recovery_and_restart_lose_nothing_and_ingest_nothing_twice(server, tmp_path: Path) -> None:  # noqa: ANN001
    site = FeedSite(server)
    cfg = load_config(write_config(tmp_path, [server.url("/feed.xml")]))
    with Watcher(cfg) as w:
        site.mode = "500"
        s = w.run_round()
        assert (s.feeds_failed, s.new, documents(w)) == (1, 0, 0)
        site.mode = "hang"
        s = w.run_round()
        assert s.feeds_failed == 1 and documents(w) == 0
        assert "timed out" in w.state.feed(server.url("/feed.xml")).last_error
        assert w.state.feed(server.url("/feed.xml")).failures == 2
        site.mode, site.story = "ok", "500"  # the feed is back, but the summary-only item's page is not
        s = w.run_round()
        assert (s.new, s.retry_later, documents(w)) == (2, 1, 2)
        assert w.state.feed(server.url("/feed.xml")).etag is None  # not kept: the next round must refetch
        site.story = "ok"
        s = w.run_round()
        assert (s.new, s.unchanged, documents(w)) == (1, 0, 3)
        assert server.hits["/story/harir-drone"] == 2
        assert w.state.feed(server.url("/feed.xml")).etag == '"v1"'
        s = w.run_round()
        assert (s.feeds_not_modified, s.new, documents(w)) == (1, 0, 3)
        assert site.conditional == 1
    # a restart: the state file remembers the ETag and the items seen
    site.body, site.etag = feed_v2(server), '"v2"'
    with Watcher(load_config(cfg.source)) as w:
        s = w.run_round()
        assert (s.new, s.unchanged, documents(w)) == (1, 0, 4)
        assert server.hits["/story/harir-drone"] == 2  # seen items are not fetched again
        s = w.run_round()
        assert s.feeds_not_modified == 1 and documents(w) == 4
    # the state lost: the store's own content-hash check still keeps everything from being ingested twice
    cfg.state.unlink()
    with Watcher(load_config(cfg.source)) as w:
        s = w.run_round()
        assert (s.new, s.unchanged, documents(w)) == (0, 4, 4)


def test_backoff_is_exponential_capped_and_skips_requests_while_waiting(server, tmp_path: Path) -> None:  # noqa: ANN001
    site = FeedSite(server)
    site.mode = "500"
    now = [1000.0]
    cfg = load_config(write_config(tmp_path, [server.url("/feed.xml")], backoff={"initial": 10, "max": 40}))
    with Watcher(cfg, clock=lambda: now[0]) as w:
        fs = w.state.feed(server.url("/feed.xml"))
        delays = []
        for _ in range(5):
            hits = server.hits["/feed.xml"]
            s = w.run_round()
            assert server.hits["/feed.xml"] == hits + 1 and s.feeds_failed == 1
            delays.append(fs.next_try - now[0])
            s = w.run_round()  # too early: no request at all
            assert server.hits["/feed.xml"] == hits + 1 and s.feeds_waiting == 1
            now[0] = fs.next_try
        assert delays == [10, 20, 40, 40, 40]
        site.mode = "ok"
        s = w.run_round()
        assert s.new == 3 and fs.failures == 0 and fs.next_try == 0


def test_backoff_delay_and_retry_after() -> None:
    assert [backoff_delay(n, 5, 60) for n in range(1, 6)] == [5, 10, 20, 40, 60]
    assert backoff_delay(1, 5, 60, retry_after=30) == 30
    assert backoff_delay(1, 5, 60, retry_after=9999) == 60


def test_per_host_rate_limit() -> None:
    slept: list[float] = []
    limiter = HostRateLimiter(2.0, sleep=slept.append)
    limiter.wait("http://a.example/1")
    limiter.wait("http://b.example/1")
    limiter.wait("http://a.example/2")
    assert len(slept) == 1 and 1.9 < slept[0] <= 2.0


def test_folders_new_changed_and_unchanged_files_across_restarts(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Rockets hit base\n\nTwo rockets struck the Al-Sahil air base on Monday, officials said.\n")
    cfg = load_config(write_config(tmp_path, [], ["inbox"]))
    with Watcher(cfg) as w:
        s = w.run_round()
        assert (s.files_read, s.new) == (1, 1)
        s = w.run_round()
        assert (s.files_read, s.new, s.unchanged) == (0, 0, 0)  # not even read again
        shutil.copytree(DATA / "telegram_json", inbox / "tg")
        s = w.run_round()
        assert (s.files_read, s.new) == (1, 4)
        assert dict(s.non_english) == {"ar": 1}
        assert "1 non-English stored without events (ar 1; the extractor reads English only)" in s.line()
        assert documents(w) == 5
    (inbox / "a.txt").write_text("Rockets hit base\n\nThree rockets struck the Al-Sahil air base on Monday, officials said.\n")
    os.utime(inbox / "tg" / "result.json")  # touched, same content: hashed, not re-ingested
    with Watcher(load_config(cfg.source)) as w:
        s = w.run_round()
        assert (s.files_read, s.new, s.revised, s.unchanged) == (1, 0, 1, 0)
        assert documents(w) == 5


def test_stop_finishes_the_current_document_and_the_rest_follows_after_a_restart(tmp_path: Path) -> None:
    from sitrep.extract.pipeline import EXTRACTOR_VERSION, extract_document

    inbox = tmp_path / "inbox"
    shutil.copytree(DATA / "telegram_json", inbox)
    cfg = load_config(write_config(tmp_path, [], ["inbox"]))
    calls = []
    holder: list[Watcher] = []

    def extract_then_stop(doc):  # noqa: ANN001, ANN202
        calls.append(doc.id)
        holder[0].stop()  # as SIGTERM would, in the middle of the file
        return extract_document(doc)

    with Watcher(cfg, extract=extract_then_stop, extractor_version=EXTRACTOR_VERSION) as w:
        holder.append(w)
        w.run()
        assert len(calls) == 1 and documents(w) == 1
    assert cfg.state.exists()
    with Watcher(load_config(cfg.source)) as w:
        s = w.run(once=True)
        assert (s.new, s.unchanged, documents(w)) == (3, 1, 4)


def test_sigterm_stops_cleanly_with_exit_0(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Rockets hit base\n\nTwo rockets struck the Al-Sahil air base on Monday, officials said.\n")
    cfg = write_config(tmp_path, [], ["inbox"], interval=30)
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", "watch", str(cfg)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=tmp_path)  # fmt: skip
    state = tmp_path / "watch.state.json"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (state.exists() and "a.txt" in state.read_text()):
            time.sleep(0.1)
        assert state.exists(), "the first round did not finish"
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    # SIGTERM may land before or after the round's last step: the summary says which, and the document is in
    assert re.search(r"round 1( \(stopped early\))?: ", err) and "documents 1 new" in err
    assert "SIGTERM received" in err and "state saved" in err


def test_cli_once_exit_codes(server, tmp_path: Path) -> None:  # noqa: ANN001
    from click.testing import CliRunner

    from sitrep.cli import main

    site = FeedSite(server)
    cfg = write_config(tmp_path, [server.url("/feed.xml")])
    site.mode = "500"
    res = CliRunner().invoke(main, ["watch", str(cfg), "--once"])
    assert res.exit_code == 1, res.output
    site.mode = "ok"
    res = CliRunner().invoke(main, ["watch", str(cfg), "--once"])
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("feeds: [ftp://x]\n", "not an http(s) URL"),
        ("feed: [http://x]\n", "unknown key(s) feed"),
        ("folders: [{path: a, kind: pdf}]\n", "kind 'pdf' is not one of"),
        ("interval: soon\nfeeds: [http://x]\n", "interval must be a number"),
        ("feeds: [\n", "not valid YAML"),
        ("{}\n", "nothing to watch"),
    ],
)
def test_config_errors_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        load_config(path)
    assert str(path) in str(info.value)


def test_example_config_loads() -> None:
    cfg = load_config(Path(__file__).parents[2] / "examples" / "watch.yaml")
    assert cfg.feeds and cfg.folders and cfg.state.name == "watch.state.json"
