"""Attribution states on events, and the context facts beside them (issue 5; the seeds' gold `context`)."""

from __future__ import annotations

from sitrep.extract.pipeline import extract_document
from sitrep.models import Document

HEAD = "Report\n\nPublished: 14 March 2021\n\n"


def run(body: str):
    return extract_document(Document(id="t", text=HEAD + body))


def test_claim_carries_channel_and_resolved_actor():
    r = run("A drone struck Harir base on Saturday. Saryat Qasim al-Jabbarin claimed responsibility in a statement on Telegram.")
    e = r.events[0]
    assert (e.attribution, e.claimed_by, e.claim_channel) == ("claimed", "Saryat Qasim al-Jabbarin", "telegram")
    assert e.actor is not None and e.actor.id is not None  # resolved against the registry despite the spelling


def test_disavowal_is_recorded_on_the_event_and_as_context():
    r = run("Rockets struck Ain al-Asad air base on Saturday. US officials blamed Kataib Hezbollah. "
            "Kataib Hezbollah denied any involvement in the attack.")
    e = r.events[0]
    assert e.attribution == "disavowed" and e.attributed_to == "Kataib Hezbollah" and e.claimed_by is None
    assert any(c.kind == "claim_disavowed" and c.group == "Kataib Hezbollah" for c in r.context)


def test_denied_claim_becomes_context_not_event():
    r = run("A group calling itself Saraya al-Muntaqim said it had bombed a coalition convoy near Zubair on Saturday.\n\n"
            "Basra police denied that any convoy had been attacked, calling the claim baseless.")
    assert r.events == []
    denied = [c for c in r.context if c.kind == "claim_denied"]
    assert denied and denied[0].group == "Saraya al-Muntaqim"


def test_unclaimed_attack_keeps_no_claimant_from_elsewhere():
    r = run("Ashab al-Kahf claimed a roadside bomb attack on a coalition convoy near Samawah on Saturday.\n\n"
            "Separately, rockets hit Victory base near Baghdad airport on Saturday. No group has claimed that attack.")
    by_place = {e.admin1: e.claimed_by for e in r.events}
    assert by_place == {"Al-Muthanna": "Ashab al-Kahf", "Baghdad": None}


def test_truce_tempo_and_founding_facts():
    r = run("Rockets struck Ain al-Asad air base on Saturday, the first attack since February, when the factions declared a "
            "moratorium on operations against US forces.\n\n"
            "Saturday's attack was the 21st against coalition bases in the last seven weeks.\n\n"
            "Katibat al-Sabiqoun, which made its first appearance on April 14, 2020, claimed the attack.")
    kinds = {c.kind: c for c in r.context}
    assert "truce" in kinds
    assert kinds["tempo_statement"].count == 21 and kinds["tempo_statement"].window_weeks == 7
    assert kinds["group_founded"].date == "2020-04-14"
    assert all(c.evidence for c in r.context)
