"""`sitrep actors resolve | list | show | check | scan`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sitrep.cli import main


def run(*args, input=None):
    result = CliRunner().invoke(main, ["actors", *args], input=input)
    return result


def test_resolve_jsonl_one_line_per_name():
    r = run("resolve", "Saryat Qasim al-Jabbarin", "Brand New Saraya X", "Hezbollah Brigades")
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert [row["query"] for row in rows] == ["Saryat Qasim al-Jabbarin", "Brand New Saraya X", "Hezbollah Brigades"]
    first = rows[0]
    assert first["id"] == "saraya_qasim_al_jabbarin"
    assert first["name"] == "Saraya Qasim al-Jabbarin"
    assert first["kind"] == "facade"
    assert first["parent"] == "Kata'ib Hezbollah"
    assert first["umbrella"] == "Islamic Resistance in Iraq"
    assert rows[1]["id"] is None and rows[1]["name"] == "Brand New Saraya X" and rows[1]["reason"]
    assert rows[2]["id"] == "kataib_hezbollah"
    for row in rows:
        assert {"query", "id", "name", "kind", "parent", "umbrella"} <= set(row)


def test_resolve_bad_input_never_crashes():
    r = run("resolve", "", "x" * 3000, "Kata'ib\x01Hezbollah")
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert all(row["id"] is None and row["reason"] for row in rows)


def test_resolve_stdin_and_table():
    r = run("resolve", "-", input="KH\nAl-Nujaba Movement\n")
    assert [json.loads(x)["id"] for x in r.output.splitlines()] == ["kataib_hezbollah", "harakat_hezbollah_al_nujaba"]
    t = run("resolve", "--format", "table", "Ashab al-Kahf")
    assert t.exit_code == 0 and "ashab_al_kahf" in t.output


def test_list_show_check():
    lst = run("list", "--format", "jsonl", "--kind", "facade")
    rows = [json.loads(x) for x in lst.output.splitlines()]
    assert rows and all(r["kind"] == "facade" for r in rows)
    assert "Katibat al-Sabiqoun" in run("list").output
    show = run("show", "kataib_hezbollah")
    assert show.exit_code == 0 and "Kata'ib Hezbollah" in show.output and "Saraya Qasim al-Jabbarin" in show.output
    assert json.loads(run("show", "--format", "json", "Qasem al-Jabbarin").output)["id"] == "saraya_qasim_al_jabbarin"
    missing = run("show", "nope_not_here")
    assert missing.exit_code != 0 and "no actor" in missing.output
    check = run("check")
    assert check.exit_code == 0 and "0 problems" in check.output


def test_custom_registry_with_broken_row(tmp_path):
    path = tmp_path / "reg.yaml"
    path.write_text(
        "actors:\n- {id: ok, name: Saraya Okay, kind: facade}\n- {name: No Id, kind: facade}\n", encoding="utf-8"
    )
    r = CliRunner().invoke(main, ["actors", "--registry", str(path), "check"])
    assert r.exit_code == 1
    assert "missing id" in r.output
    r2 = CliRunner().invoke(main, ["actors", "--registry", str(path), "resolve", "Saryat Okay"])
    assert json.loads(r2.output.splitlines()[-1])["id"] == "ok"


def test_scan(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("A previously unknown group, Saraya al-Fajr, and Ashab al-Kahf claimed it.", encoding="utf-8")
    r = run("scan", "--seen", "2022-01-23", str(f))
    out = json.loads(r.output)
    assert [m["id"] for m in out["mentions"]] == ["ashab_al_kahf"]
    assert out["new_groups"][0]["name"] == "Saraya al-Fajr" and out["new_groups"][0]["first_seen"] == "2022-01-23"
