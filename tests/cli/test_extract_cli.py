"""`sitrep extract` as a user runs it: formats, order, stdin, and bad input that never ends in a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

ARTICLE = "Rockets hit Victory base\n\nPublished: 14 March 2021\n\nKatyusha rockets hit Victory base near Baghdad airport on Saturday.\n"


def run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "sitrep", *args], input=stdin, capture_output=True, text=True)


def test_jsonl_one_line_per_document_in_input_order(tmp_path):
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Weather\n\nSunny in Erbil today.\n", encoding="utf-8")
    r = run("extract", str(tmp_path / "b.txt"), str(tmp_path / "a.txt"))
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["b.txt", "a.txt"]
    assert lines[0]["published"] == "2021-03-14"
    assert lines[0]["events"][0]["date"] == "2021-03-13"
    assert lines[1]["events"] == []


def test_stdin_jsonl_and_json_format():
    docs = "\n".join(json.dumps({"id": f"d{i}", "text": ARTICLE}) for i in range(3))
    r = run("extract", "--format", "json", "-", stdin=docs)
    assert r.returncode == 0, r.stderr
    assert [d["id"] for d in json.loads(r.stdout)] == ["d0", "d1", "d2"]


def test_table_format_is_readable(tmp_path):
    (tmp_path / "x.txt").write_text(ARTICLE, encoding="utf-8")
    r = run("extract", "--format", "table", str(tmp_path / "x.txt"))
    assert r.returncode == 0 and "Victory" in r.stdout and "rocket" in r.stdout


def test_output_file_is_written_whole(tmp_path):
    (tmp_path / "x.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = run("extract", str(tmp_path / "x.txt"), "-o", str(out))
    assert r.returncode == 0 and json.loads(out.read_text())["id"] == "x.txt"
    assert not list(tmp_path.glob(".out.jsonl.*"))


def test_html_main_text_only(tmp_path):
    page = (
        "<html><head><title>Drone hits Harir base</title></head><body><nav>Home | World | Iraq</nav>"
        "<article><h1>Drone hits Harir base</h1><p>Published: 14 March 2021</p>"
        "<p>An explosive-laden drone struck Harir base in Erbil province on Saturday, Kurdish officials said, "
        "adding that nobody was hurt in the attack on the base, which hosts US-led coalition forces.</p></article>"
        "<footer>Follow us on Facebook. All rights reserved.</footer></body></html>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    r = run("extract", str(tmp_path / "p.html"))
    assert r.returncode == 0, r.stderr
    ev = json.loads(r.stdout)["events"]
    assert len(ev) == 1 and ev[0]["admin1"] == "Erbil" and ev[0]["event_type"] == "drone"


def test_bad_inputs_are_named_and_skipped_and_the_rest_processed(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 10)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait\n".encode("latin-1"))
    with open(tmp_path / "huge.txt", "wb") as fh:  # a 50 MB file, written sparse
        fh.seek(50 * 1024 * 1024)
        fh.write(b"x")
    (tmp_path / "docs.jsonl").write_text(
        "\n".join([json.dumps({"id": "ok", "text": ARTICLE}), "{not json", json.dumps({"id": "notext"}), json.dumps(["x"])]),
        encoding="utf-8",
    )
    r = run("extract", str(tmp_path))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    out = [json.loads(x)["id"] for x in r.stdout.splitlines()]
    assert out == ["ok", "good.txt"]  # folder order: docs.jsonl, then good.txt
    for needle in ("empty.txt: empty file", "binary.txt: binary file", "latin1.txt: not UTF-8", "huge.txt: file is 52.4 MB",
                   "docs.jsonl:2: not valid JSON", "docs.jsonl:3: missing 'text'", "docs.jsonl:4:"):
        assert needle in r.stderr, needle


def test_nothing_readable_exits_3_and_missing_path_is_named(tmp_path):
    r = run("extract", str(tmp_path / "nope.txt"))
    assert r.returncode == 3 and "nope.txt: no such file or folder" in r.stderr and "Traceback" not in r.stderr


def test_examples_command_points_at_bundled_articles():
    r = run("examples")
    from pathlib import Path

    folder = Path(r.stdout.strip())
    assert len(list(folder.glob("*.txt"))) >= 3
    r = run("extract", str(folder))
    assert r.returncode == 0 and sum(len(json.loads(x)["events"]) for x in r.stdout.splitlines()) >= 4
