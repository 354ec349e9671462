from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sitrep.cli import main


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_stats_formats(fixture_url) -> None:  # noqa: ANN001
    r = run("stats", "--db", fixture_url, "--by", "month", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output)["rows"][0]["period"] == "2023-11"
    r = run("stats", "--db", fixture_url, "--by", "month", "--group-by", "type", "--format", "csv")
    assert r.output.splitlines()[0].startswith("period,drone")
    for view in ("groups", "gaps", "checks"):
        assert run("stats", "--db", fixture_url, "--view", view).exit_code == 0
    r = run("stats", "--db", fixture_url, "--view", "window", "--weeks", "2", "--as-of", "2024-01-28", "--format", "json")
    assert json.loads(r.output)["count"] == 3


def test_truces_cli(fixture_url) -> None:  # noqa: ANN001
    r = run("truces", "--db", fixture_url, "--format", "json")
    assert r.exit_code == 0 and any(p["actor"] == "Kata'ib Hezbollah" for p in json.loads(r.output))
    assert "suspension" in run("truces", "--db", fixture_url).output


def test_bad_input(fixture_url, tmp_path) -> None:  # noqa: ANN001
    assert run("stats", "--db", fixture_url, "--since", "01/02/2024").exit_code == 2
    assert run("stats", "--db", fixture_url, "--by", "year").exit_code == 2
    r = run("stats", "--db", str(tmp_path / "missing.sqlite"))
    assert r.exit_code == 3 and "no database" in r.output
    from sitrep.store import open_store

    empty = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    open_store(empty).close()
    r = run("stats", "--db", empty)
    assert r.exit_code == 3 and "no incidents" in r.output
    assert run("truces", "--db", fixture_url, "--truces", str(tmp_path / "nope.yaml")).exit_code == 3


@pytest.mark.parametrize("chart", ["tempo", "map", "groups"])
def test_plots(fixture_url, tmp_path, chart) -> None:  # noqa: ANN001
    out = tmp_path / f"{chart}.png"
    r = run("plot", chart, "-o", str(out), "--db", fixture_url)
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_plot_svg_and_bad_path(fixture_url, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "t.svg"
    assert run("plot", "tempo", "-o", str(out), "--db", fixture_url).exit_code == 0
    assert out.read_text().lstrip().startswith("<?xml")
    assert run("plot", "tempo", "-o", str(tmp_path / "t.gif"), "--db", fixture_url).exit_code == 2
    assert run("plot", "map", "-o", str(tmp_path / "no" / "m.png"), "--db", fixture_url).exit_code == 3
