"""New-group detection: 'a group which calls itself X' and friends."""

from __future__ import annotations

import pytest

from sitrep.actors.discovery import NewGroupCandidate, find_new_groups


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("On May 15, a group which calls itself Katibat Al-Sabiqoun claimed responsibility.", "Katibat Al-Sabiqoun"),
        ("A previously unknown group, Saraya Awliya al-Haqq, claimed the attack.", "Saraya Awliya al-Haqq"),
        (
            "An obscure group in Iraq which calls itself “Liwa al-Ghadab” said on Telegram it fired rockets.",
            "Liwa al-Ghadab",
        ),
        (
            "A new faction named Harakat al-Thawra al-Islamiya announced itself on Monday.",
            "Harakat al-Thawra al-Islamiya",
        ),
        (
            "Rockets were fired by a group calling itself the Brigades of Revenge, officials said.",
            "Brigades of Revenge",
        ),
        ("a little-known group called Ashab al-Kahf said", "Ashab al-Kahf"),
        (
            'an obscure, previously unknown group claiming to be part of the "Islamic Resistance in Iraq," which calls '
            "itself Al-Thawriyoun [The Revolutionaries].",
            "Al-Thawriyoun",
        ),
        (
            "A newly formed militia known as Saraya al-Intiqam al-Husseini vowed attacks.",
            "Saraya al-Intiqam al-Husseini",
        ),
        ("أعلنت جماعة تطلق على نفسها اسم «سرايا الغضب» مسؤوليتها", "سرايا الغضب"),
    ],
)
def test_candidate_name_span_and_evidence(text, name):
    found = find_new_groups(text, seen="2024-07-30")
    assert [c.name for c in found] == [name]
    c = found[0]
    assert isinstance(c, NewGroupCandidate)
    assert text[c.start : c.end] == name
    assert name in c.evidence
    assert c.first_seen == "2024-07-30"


def test_known_names_carry_their_registry_id():
    found = find_new_groups("a group which calls itself Katibat Al-Sabiqoun claimed it")
    assert found[0].actor_id == "katibat_al_sabiqoun"
    assert found[0].first_seen is None
    new = find_new_groups("a previously unknown group, Saraya al-Fajr al-Jadid, claimed it")
    assert new[0].actor_id is None


@pytest.mark.parametrize(
    "text",
    [
        "A new group of fighters arrived at the base.",
        "a shadowy pro-Iran group claiming responsibility for both attacks.",
        "An Iran-backed militia, Kata'ib Hezbollah, denied it.",
        'a group which has identified itself as part of the Iran-linked "Islamic Resistance" network',
        "The group calls for the withdrawal of US forces.",
        "",
    ],
)
def test_no_candidate_without_a_naming_phrase_and_a_name(text):
    assert find_new_groups(text) == []


def test_one_candidate_per_name_in_text_order():
    text = (
        "A new group called Saraya al-Fajr claimed it. Later a group calling itself Saraya al-Fajr struck again, "
        "and an obscure faction named Liwa al-Nasr joined."
    )
    found = find_new_groups(text, seen="2021-01-01")
    assert [c.name for c in found] == ["Saraya al-Fajr", "Liwa al-Nasr"]
    assert found[0].start < found[1].start
    assert found[1].evidence.startswith("Later") or "Liwa al-Nasr" in found[1].evidence


def test_evidence_is_one_sentence_and_to_dict():
    text = "U.S. officials spoke. On Monday a group which calls itself Saraya al-Fajr claimed it. Nothing else."
    c = find_new_groups(text)[0]
    assert c.evidence == "On Monday a group which calls itself Saraya al-Fajr claimed it."
    d = c.to_dict()
    assert d["name"] == "Saraya al-Fajr" and d["start"] == c.start and "evidence" in d


def test_seed_articles_new_groups(shared_dir):
    seeds = shared_dir / "corpus" / "seeds"
    got = {
        p.name[:3]: [c.name for c in find_new_groups(p.read_text(encoding="utf-8"))]
        for p in sorted(seeds.glob("*.txt"))
    }
    assert got["000"] == ["Katibat Al-Sabiqoun"]
    assert got["001"] == ["Al-Thawriyoun"]
    assert got["002"] == [] and got["003"] == [] and got["004"] == []
