from __future__ import annotations

import pytest

from sitrep.analysis.truces import TruceFileError, load_truce_file, truce_timeline


def test_shipped_file_loads() -> None:
    from sitrep.analysis.truces import DEFAULT_FILE

    periods = load_truce_file(DEFAULT_FILE)
    ids = {p.id for p in periods}
    assert {"iraqi_factions_conditional_truce_2020", "kataib_hezbollah_suspension_2024"} <= ids
    assert all(p.sources[0].evidence for p in periods)  # each has a source note


def test_timeline_merges_article_and_file(store) -> None:  # noqa: ANN001
    periods = {p.id: p for p in truce_timeline(store)}
    kh = periods["kataib_hezbollah_suspension_2024"]
    assert {s.origin for s in kh.sources} == {"file", "article"}  # the d5 fact merged into the reviewed row
    assert kh.end is None and kh.end_basis == "resumption"
    assert kh.first_after["date"] == "2024-03-01"  # the first KH-network attack after the start
    assert len(kh.incidents_inside) == 3 and len(kh.violations) == 1
    assert kh.rate_before == pytest.approx(0.12) and kh.to_dict()["n_violations"] == 1


def test_user_file_and_end(store, tmp_path) -> None:  # noqa: ANN001
    f = tmp_path / "mine.yaml"
    f.write_text('periods:\n- id: test_pause\n  actor: Islamic Resistance in Iraq\n  kind: ceasefire\n'
                 '  start: "2024-01-23"\n  end: "2024-02-01"\n  note: invented\n  source: test\n')
    p = next(p for p in truce_timeline(store, f) if p.id == "test_pause")
    assert p.scope == "all incidents" and p.end_basis == "file"
    assert p.incidents_inside == [3] and p.first_after["date"] == "2024-02-04"


@pytest.mark.parametrize("body,msg", [("periods:\n- id: x\n", "start is required"),
                                      ('periods:\n- start: "2024-13-01"\n', "not a real day"),
                                      ('periods:\n- start: "2024-02-01"\n  end: "2024-01-01"\n', "before start"),
                                      ("periods: [", "not valid YAML")])
def test_bad_truce_files(tmp_path, body, msg) -> None:  # noqa: ANN001
    f = tmp_path / "bad.yaml"
    f.write_text(body)
    with pytest.raises(TruceFileError, match=msg):
        load_truce_file(f)
