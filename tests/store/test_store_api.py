"""Store behaviour on both backends: idempotency, revisions, linking, history, filters, relink."""

from __future__ import annotations

from sitrep.models import Document
from sitrep.store import IncidentFilters

from .helpers import ASAD, ASAD2, ASAD_NEXT_DAY, TANF, add, doc, fake_extract


def test_same_document_twice_changes_nothing(store) -> None:  # noqa: ANN001
    d = doc("a1", ASAD)
    first = add(store, d)
    assert (first.status, first.reports, first.incidents_new) == ("new", 1, 1)
    before = store.counts()
    again = add(store, d)
    assert again.status == "unchanged"
    assert store.counts() == before


def test_cross_source_linking_and_sources(store) -> None:  # noqa: ANN001
    add(store, doc("a1", ASAD, outlet="Desert Ledger"))
    o = add(store, doc("a2", ASAD2, outlet="Tigris Wire"))
    assert o.incidents_merged == 1 and o.incidents_new == 0
    add(store, doc("b1", ASAD_NEXT_DAY, outlet="Desert Ledger"))
    add(store, doc("c1", TANF, outlet="Levant Dispatch"))
    incs = store.incidents()
    assert len(incs) == 3
    asad = next(i for i in incs if i.n_reports == 2)
    assert {s.outlet for s in asad.sources} == {"Desert Ledger", "Tigris Wire"}
    assert asad.injured == 2  # most conservative
    alts = asad.resolution["injured"]["alternatives"]
    assert {a["value"] for a in alts} == {2, 4}
    assert asad.claimed_by == "Islamic Resistance in Iraq"
    linked = [s for s in asad.sources if s.score is not None]
    assert linked and "place" in linked[0].reason
    # every value traces back to a report with spans/evidence
    rep = store.reports(incident_id=asad.id)
    assert {r.id for r in rep} == {s.report_id for s in asad.sources}
    assert all(r.event["evidence"] for r in rep)


def test_two_attacks_in_one_document_stay_separate(store) -> None:  # noqa: ANN001
    o = add(store, doc("x", ASAD, ASAD2))  # the extractor said: two attacks
    assert o.incidents_new == 2
    o2 = add(store, doc("y", ASAD))  # another outlet: joins one of them, not both
    assert o2.incidents_merged == 1
    assert sorted(i.n_reports for i in store.incidents()) == [1, 2]


def test_revision_keeps_old_and_relinks(store) -> None:  # noqa: ANN001
    add(store, doc("a1", ASAD))
    add(store, doc("a2", ASAD2))
    changed = doc("a2", TANF, prose="Corrected report")
    o = add(store, changed)
    assert (o.status, o.revision) == ("revised", 2)
    docs = store.documents(current_only=False, doc_key=changed.url)
    assert [(d.revision, d.is_current) for d in docs] == [(1, False), (2, True)]
    incs = store.incidents()
    assert sorted((i.country, i.n_reports) for i in incs) == [("Iraq", 1), ("Syria", 1)]
    asad = next(i for i in incs if i.country == "Iraq")
    actions = [h.action for h in store.history(asad.id)]
    assert "report_unlinked" in actions and actions.count("report_linked") == 2


def test_revision_that_empties_an_incident_retires_it(store) -> None:  # noqa: ANN001
    add(store, doc("a1", ASAD))
    add(store, doc("a1", prose="Retracted: nothing happened"))
    assert store.incidents() == []
    retired = store.incidents(IncidentFilters(status="retired"))
    assert len(retired) == 1 and retired[0].n_reports == 0
    assert store.history(retired[0].id)[-1].action == "retired"


def test_filters(store) -> None:  # noqa: ANN001
    add(store, doc("a1", ASAD))
    add(store, doc("c1", TANF))
    add(store, doc("m1", "2024-03|Iraq|Al-Anbar|Al-Qaim|ied|convoy|Ashab al-Kahf||"))
    assert [i.country for i in store.incidents(country="syria")] == ["Syria"]
    assert len(store.incidents(admin1="Al-Anbar")) == 2
    assert [i.event_type for i in store.incidents(event_type="ied")] == ["ied"]
    assert len(store.incidents(group="resistance")) == 1
    assert len(store.incidents(since="2024-01-21")) == 1  # the March, month-only one
    assert len(store.incidents(since="2024-03-15", until="2024-03-20")) == 1  # month-only overlaps
    assert len(store.incidents(until="2024-01-20")) == 2


def test_extractor_change_reextracts_and_relink_is_stable(store) -> None:  # noqa: ANN001
    for i, e in enumerate((ASAD, ASAD2, TANF)):
        add(store, doc(f"d{i}", e))
    ids_before = sorted(i.id for i in store.incidents())
    o = store.add_result(doc("d0", ASAD), fake_extract(doc("d0", ASAD)), "test-2")
    assert o.status == "reextracted"
    res = store.relink()
    assert res["reports"] == 3 and res["incidents"] == 2
    assert sorted(i.id for i in store.incidents()) == ids_before
    assert store.relink()["reports_moved"] == 0


def test_relink_merges_after_rule_change(store) -> None:  # noqa: ANN001
    # two reports that incremental linking kept apart (one-day gap) stay apart on relink: same rules
    add(store, doc("a", ASAD))
    add(store, doc("b", ASAD_NEXT_DAY))
    assert store.relink()["incidents"] == 2


def test_context_facts_and_problems(store) -> None:  # noqa: ANN001
    d = Document(id="t", text="Truce\nTRUCE Kata'ib Hezbollah", url=None)
    add(store, d)
    facts = store.context_facts(kind="truce")
    assert len(facts) == 1 and facts[0].actor == "Kata'ib Hezbollah"
    store.record_problem("bad.html", "no article text found")
    assert store.problems() == [("bad.html", "no article text found")]
