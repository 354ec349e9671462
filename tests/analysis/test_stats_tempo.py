from __future__ import annotations

import pytest

from sitrep.analysis.figures import check_figures
from sitrep.analysis.frame import AnalysisError, incidents_frame
from sitrep.analysis.stats import compute_stats
from sitrep.analysis.tempo import first_since, gaps, group_activity, window_count


def test_frame_groups_and_sources(store) -> None:  # noqa: ANN001
    df = incidents_frame(store, with_sources=True)
    assert len(df) == 9  # d1 and d2 report one attack
    two = df[df["n_reports"] == 2].iloc[0]
    assert two["outlets"] == "Wire A;Wire B" and len(two["doc_ids"]) == 2
    kh = df[df["group"] == "Kata'ib Hezbollah"]
    assert set(kh["parent"]) == {"Kata'ib Hezbollah"} and set(kh["umbrella"]) == {"Islamic Resistance in Iraq"}
    assert df.loc[df["date"] == "2024-03", "time_precision"].iloc[0] == 3
    assert df.loc[df["date"] == "2023-11-08", "time_precision"].iloc[0] == 2


def test_month_counts_fill_gaps(store) -> None:  # noqa: ANN001
    t = compute_stats(store, by="month")
    assert t.columns == ["period", "incidents", "killed", "injured"]
    rows = {r["period"]: r for r in t.rows}
    assert rows["2023-12"]["incidents"] == 0  # a quiet month is a zero row, not missing
    assert rows["2024-01"] == {"period": "2024-01", "incidents": 3, "killed": 3, "injured": 42}
    assert t.excluded["undated"] == 1 and t.total == 8
    d = t.to_dict()
    assert set(d) >= {"by", "group_by", "columns", "rows"} and d["by"] == "month"


def test_week_counts_by_group_leave_out_month_only(store) -> None:  # noqa: ANN001
    t = compute_stats(store, by="week", group_by="group", since="2024-01-15", until="2024-02-11")
    assert t.columns[0] == "period" and t.columns[-1] == "total"
    assert [r["period"] for r in t.rows] == ["2024-01-15", "2024-01-22", "2024-01-29", "2024-02-05"]
    assert t.rows[1]["Islamic Resistance in Iraq"] == 1 and t.rows[1]["Kata'ib Hezbollah"] == 1
    assert sum(r["total"] for r in t.rows) == 5


@pytest.mark.parametrize("kw", [{"by": "year"}, {"group_by": "colour"}, {"since": "2024/01/01"}, {"until": "2024-02-30"}])
def test_bad_arguments(store, kw) -> None:  # noqa: ANN001
    with pytest.raises(AnalysisError):
        compute_stats(store, **kw)


def test_window_gaps_activity(store) -> None:  # noqa: ANN001
    w = window_count(store, "2024-01-28", weeks=2)
    assert (w.start, w.count) == ("2024-01-15", 3)
    assert window_count(store, "2024-02-28", weeks=8, target="convoy").count == 1
    assert window_count(store, "2024-03-31", days=10).uncertain == 1  # the March month-only mortar
    g = gaps(store, min_days=30)
    assert [(x.last_before, x.first_after, x.days) for x in g] == [("2023-11-08", "2024-01-20", 72)]
    acts = {a.group: a for a in group_activity(store)}
    assert acts["Kata'ib Hezbollah"].first == "2024-01-28" and acts["Kata'ib Hezbollah"].last == "2024-03-01"
    assert acts["Kata'ib Hezbollah"].resumptions[0]["after_quiet_days"] == 32
    assert acts["Ashab al-Kahf"].founded == "2020-08-01"
    assert first_since(store, "2024-01-20") == {"last_before": "2023-11-08", "incident_id": 9, "quiet_days": 72}


def test_figure_checks(store) -> None:  # noqa: ANN001
    checks = {c.stated: c for c in check_figures(store)}
    assert checks[3].verdict == "agree" and checks[3].counted == 3 and checks[3].as_of == "2024-01-29"
    assert checks[9].scope == {"event_type": "drone"} and checks[9].summary == "differ by -7"
