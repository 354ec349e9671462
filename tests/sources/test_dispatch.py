"""read_any (dispatch by kind, name and content) and `sitrep read`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.models import Document
from sitrep.sources import ReadProblem, read_any
from sitrep.sources.dispatch import detect_kind
from sitrep.sources.files import iter_documents
from sitrep.sources.language import detect_language

DATA = Path(__file__).parent / "data"


def test_txt_html_jsonl_read_as_iter_documents_reads_them(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Rockets hit base\n\nTwo rockets struck the base on Monday, officials said.\n")
    shutil.copy(DATA / "pages" / "with_comments.html", folder / "sub" / "b.html")
    (folder / "c.jsonl").write_text(json.dumps({"id": "j1", "text": "A drone was shot down near the airport."}) + "\n{bad\n")
    (folder / "empty.txt").write_text("")
    (folder / "latin1.txt").write_bytes("Caf\xe9 owner says a mortar round fell nearby.".encode("latin-1"))
    expected = list(iter_documents([str(folder)]))
    got = list(read_any([str(folder)], detect_language=False))
    assert got == expected
    assert [d.id for d in got if isinstance(d, Document)] == ["a.txt", "j1", "sub/b.html"]
    reasons = {p.source: p.reason for p in got if isinstance(p, ReadProblem)}
    assert "empty file" in reasons[str(folder / "empty.txt")]
    assert "not UTF-8" in reasons[str(folder / "latin1.txt")]
    assert "not valid JSON" in reasons[f"{folder / 'c.jsonl'}:2"]
    # with language identification, only `language` is added
    langs = [d.language for d in read_any([str(folder)]) if isinstance(d, Document)]
    assert langs == ["en", "en", "en"]


def test_mixed_folder_dispatches_by_name_and_content(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copytree(DATA / "telegram_json", folder / "tg")
    shutil.copy(DATA / "telegram_html" / "messages.html", folder / "tg" / "messages.html")  # same export, as JSON too
    shutil.copy(DATA / "atom.xml", folder / "monitor.atom")
    shutil.copy(DATA / "table.csv", folder / "table.csv")
    (folder / "tg" / "photos").mkdir()
    (folder / "tg" / "photos" / "photo_4.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (folder / "notes.md").write_text("# not read")
    items = list(read_any([str(folder)], follow_links="never", text_col="body"))
    kinds = [d.source_kind for d in items if isinstance(d, Document)]
    assert kinds.count("telegram") == 4  # result.json only: messages.html beside it is the same export
    assert kinds.count("rss") == 1 and kinds.count("csv") == 2
    assert [p.source for p in items if isinstance(p, ReadProblem)] == [f"{folder / 'table.csv'}:3"]


def test_detect_kind_by_content(tmp_path: Path) -> None:
    cases = {
        "feed": (DATA / "feed.xml").read_bytes(),
        "page": (DATA / "pages" / "commented.html").read_bytes(),
        "export": (DATA / "telegram_html" / "messages.html").read_bytes(),
        "dump": b"WARC/1.1\r\nWARC-Type: warcinfo\r\n",
        "export.json": (DATA / "telegram_json" / "result.json").read_bytes(),
        "wire.html": (DATA / "feed.xml").read_bytes(),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    assert [detect_kind(tmp_path / n) for n in cases] == ["rss", "html", "telegram", "warc", "telegram", "rss"]


def test_unknown_kind_and_options() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        list(read_any(["x"], kind="pdf"))
    with pytest.raises(TypeError, match="text_column"):
        list(read_any(["x"], text_column="body"))


def test_missing_path_and_url_with_a_file_kind(tmp_path: Path) -> None:
    items = list(read_any([str(tmp_path / "nope.txt"), "https://127.0.0.1:9/x"], kind="warc"))
    assert [p.reason for p in items] == ["no such file or folder", "--kind warc reads files, not URLs (use --kind rss or html)"]


def test_language_identification() -> None:
    assert detect_language("Two rockets struck the base on Monday, officials said.") == "en"
    assert detect_language("أعلنت المقاومة استهداف القاعدة بطائرة مسيرة") == "ar"
    assert detect_language("Deux roquettes ont frappé la base lundi, selon des responsables.") == "fr"
    assert detect_language("ok 12") is None


def test_cli_read_prints_jsonl_and_reports_problems(tmp_path: Path) -> None:
    bad = tmp_path / "result.json"
    bad.write_text('{"name": "x", "messages": [{"id": 1, "type": "message", "text": "Rockets fell near the base at night."}, {"id"')
    runner = CliRunner()
    res = runner.invoke(main, ["read", str(DATA / "telegram_json"), str(bad)])
    assert res.exit_code == 1, res.output
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(lines) == 5 and {"id", "text", "url", "published", "title", "outlet", "language", "source_kind"} <= set(lines[0])
    assert f"skipped {bad}: truncated or damaged JSON" in res.stderr
    res = runner.invoke(main, ["read", "--kind", "csv", "--text-col", "body", "--date-col", "when", str(DATA / "table.csv")])
    assert res.exit_code == 1 and [json.loads(x)["published"] for x in res.stdout.splitlines()] == ["2024-02-03", "2024-02-05"]
    res = runner.invoke(main, ["read", str(tmp_path / "missing")])
    assert res.exit_code == 3 and "no such file or folder" in res.stderr


def test_cli_read_output_feeds_extract(tmp_path: Path) -> None:
    out = tmp_path / "docs.jsonl"
    runner = CliRunner()
    res = runner.invoke(main, ["read", str(DATA / "pages"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    docs = [Document.model_validate_json(line) for line in out.read_text().splitlines()]
    assert [d.id for d in docs] == ["commented.html", "with_comments.html"]
    again = list(iter_documents([str(out)]))  # what `sitrep extract docs.jsonl` reads
    assert [d.text for d in again] == [d.text for d in docs]


def test_truncated_html_page_is_still_read(tmp_path: Path) -> None:
    raw = (DATA / "pages" / "with_comments.html").read_text(encoding="utf-8")
    path = tmp_path / "cut.html"
    path.write_text(raw[: raw.index("No group has claimed")], encoding="utf-8")
    (doc,) = list(read_any([str(path)]))
    assert isinstance(doc, Document) and "Three mortar rounds fell" in doc.text
