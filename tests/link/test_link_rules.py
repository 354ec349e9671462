"""Linking rules: blocking, scoring, vetoes, document-wise assignment, value resolution, corpus quality."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sitrep.link import Linker, clusters_of, link_all, make_link_report, resolve, score_pair
from sitrep.link.records import day_range


def r(id, doc, **kw):  # noqa: ANN001, ANN201
    base = dict(date="2024-01-20", country="Iraq", admin1="Al-Anbar", place="Ain al-Asad air base",
                event_type="rocket", target="base")  # fmt: skip
    base.update(kw)
    return make_link_report(id, doc, **base)


def test_day_ranges() -> None:
    lo, hi, m = day_range("2024-02")
    assert m and hi - lo == 28
    lo, hi, m = day_range("2024-07-25", "2024-07-26")
    assert (hi - lo, m) == (1, False)
    assert day_range("garbage") == (None, None, False)


def test_same_attack_spelling_variants_link() -> None:
    ps = score_pair(r(1, "a"), r(2, "b", place="Ayn Al Asad airbase", claimed_by="Islamic Resistance in Iraq"))
    assert ps.veto is None and ps.score >= 2.5 and "place:ain" in ps.reasons


def test_vetoes() -> None:
    assert score_pair(r(1, "a"), r(2, "a")).veto == "same document"
    assert score_pair(r(1, "a"), r(2, "b", country="Syria", admin1="Homs")).veto == "different country"
    assert "apart" in score_pair(r(1, "a"), r(2, "b", date="2024-01-25")).veto
    assert score_pair(r(1, "a"), r(2, "b", admin1="Erbil")).veto == "different admin1"
    assert score_pair(r(1, "a", time="06:10"), r(2, "b", time="21:30")).veto == "different clock times"


def test_near_misses_stay_apart() -> None:
    same_base_next_day = score_pair(r(1, "a"), r(2, "b", date="2024-01-21"))
    same_day_other_base = score_pair(r(1, "a"), r(2, "b", place="Al-Qaim"))
    assert same_base_next_day.score < 2.5 and same_day_other_base.score < 2.5
    decisions = link_all([r(1, "a"), r(2, "b", date="2024-01-21"), r(3, "c", place="Al-Qaim")])
    assert len(clusters_of(decisions)) == 3


def test_area_only_report_joins_sole_candidate() -> None:
    d = link_all([r(1, "a"), r(2, "b", place="western Anbar", event_type="unknown")])
    assert len(clusters_of(d)) == 1 and "sole candidate" in d[1].reason


def test_month_only_date() -> None:
    ps = score_pair(r(1, "a"), r(2, "b", date="2024-01"))
    assert ps.veto is None and "date:month" in ps.reasons
    assert score_pair(r(1, "a"), r(2, "b", date="2024-03")).veto


def test_one_document_two_attacks_assigned_one_to_one() -> None:
    linker = Linker()
    linker.link_document([r(1, "a", time="06:10", event_type="drone"), r(2, "a", time="21:30")])
    out = linker.link_document([r(3, "b", time="21:30"), r(4, "b", time="06:15", event_type="drone")])
    assert [d.new for d in out] == [False, False]
    by_cluster = {cid: sorted(m.id for m in c.members) for cid, c in linker.clusters.items()}
    assert sorted(by_cluster.values()) == [[1, 4], [2, 3]]


def test_resolution_rules() -> None:
    reports = [
        {"id": 1, "date": "2024-01", "place": "Anbar", "geo_precision": 3, "admin1": "Al-Anbar", "injured": 5,
         "event_type": "unknown", "target": "other", "claimed_by": None},
        {"id": 2, "date": "2024-01-20", "place": "Ain al-Asad air base", "geo_precision": 1, "admin1": "Al-Anbar",
         "injured": 3, "event_type": "rocket", "target": "base", "claimed_by": "Islamic Resistance in Iraq",
         "attribution": "claimed"},
        {"id": 3, "date": "2024-01-20", "place": None, "injured": None, "event_type": "rocket", "target": "base",
         "killed": 0},
    ]
    values, prov = resolve(reports)
    assert values["date"] == "2024-01-20" and values["place"] == "Ain al-Asad air base"
    assert values["injured"] == 3 and values["killed"] == 0
    assert values["event_type"] == "rocket" and values["attribution"] == "claimed"
    assert prov["place"]["report"] == 2
    assert {a["value"] for a in prov["injured"]["alternatives"]} == {5, 3}


def test_linking_quality_on_corpus() -> None:
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_linking.py"
    spec = importlib.util.spec_from_file_location("bench_linking", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    res = mod.quality()
    for key in ("gold_events.batch", "gold_events.incremental"):
        p, rec, *_ = res[key]
        assert p >= 0.95 and rec >= 0.9, (key, res[key])
