"""Rules against false events and false claims: each test is a short invented article and asserts the events
(or their fields) a user sees."""

from __future__ import annotations

from sitrep import extract

DATELINE = "Attack report\n\nPublished: 14 March 2021\n\n"  # a Sunday


def events(body: str):
    return extract(DATELINE + body)


def test_statement_that_no_attack_was_reported_since_a_month_is_no_event():
    body = (
        "The US military has not reported any attack on its forces in Syria since early January, when the "
        "factions paused their campaign after the strike on the Tower 22 outpost."
    )
    assert events(body) == []


def test_forces_firing_flares_is_not_an_attack_on_them():
    body = "Local sources said the American occupation forces fired illumination flares over the Conoco field base on Saturday night."
    assert events(body) == []
    # an attack told beside the flares is still coded
    body = "Rockets hit Ain al-Asad air base on Saturday, and US forces fired flares over the base afterwards."
    assert [e.admin1 for e in events(body)] == ["Al-Anbar"]


def test_the_base_after_an_attack_on_someone_elses_base_is_that_base():
    body = (
        "Several rockets were fired at the Turkish military base at Bashiqa on Saturday night. "
        "At least four rockets landed near the base, the mayor said."
    )
    assert events(body) == []
    # a later base that hosts coalition troops is coded
    body = (
        "Rockets hit the Iraqi army base near Mosul on Saturday. Hours later, three rockets struck the base in "
        "Bashiqa that hosts coalition advisers."
    )
    assert [e.place for e in events(body)] == ["Bashiqa"]


def test_claim_that_police_deny_is_no_event():
    body = (
        "A little-known group claimed on Telegram that it had blown up a truck in a US convoy near Samawah on Saturday.\n\n"
        "But local police denied the claim, saying a truck had overturned after a tyre burst."
    )
    assert events(body) == []


def test_denying_reports_of_casualties_keeps_the_attack():
    body = (
        "A little-known group claimed on Telegram that it had blown up a truck in a US convoy near Samawah on Saturday.\n\n"
        "Police denied reports that two drivers were killed."
    )
    assert [e.target for e in events(body)] == ["convoy"]


def test_follow_up_in_a_numbered_item_belongs_to_that_item_only():
    body = (
        "1. The Islamic Resistance in Iraq claimed a drone attack on Ain al-Asad air base on Saturday. "
        "The group said that it launched two drones at the base at 2130 local time.\n\n"
        "2. Unidentified militants fired rockets at US forces at Green Village in Deir ez-Zor on Saturday."
    )
    by_place = {e.admin1: e for e in events(body)}
    assert by_place["Al-Anbar"].time == "21:30"
    assert by_place["Deir ez-Zor"].time is None
    assert by_place["Deir ez-Zor"].event_type == "rocket"


def test_launch_point_given_with_a_clock_time_is_not_a_second_attack():
    body = (
        "Three rockets hit the coalition base at Erbil airport on Saturday night, officials said.\n\n"
        "The rockets were launched at around 9 pm from an area near the boundary with Nineveh province, the "
        "statement said."
    )
    assert [e.admin1 for e in events(body)] == ["Erbil"]


def test_second_source_speaking_separately_is_the_same_attack():
    body = (
        "Unidentified militants fired rockets at US forces at the Conoco gas field on Saturday night. "
        "A US official said separately that no personnel were hurt in an attack at Conoco that night."
    )
    (e,) = events(body)
    assert (e.casualties.killed, e.casualties.injured) == (None, 0)
    # "separately" about the attack itself still tells of another one
    body = "Rockets hit US forces at the Conoco gas field on Saturday night. Separately, a drone struck the Conoco base that night."
    assert len(events(body)) == 2


def test_claim_statement_that_leaves_a_site_out_does_not_claim_it():
    head = "Drone attack kills three US soldiers in Jordan\n\nPublished: 14 March 2021\n\n"
    body = (
        "Key points:\n• Three US soldiers killed in drone attack on US outpost in Jordan\n"
        "• Islamic Resistance in Iraq claims drone attacks on three bases\n\n"
        "A drone struck the Tower 22 outpost in Jordan early on Saturday, killing three US soldiers.\n\n"
        "The Islamic Resistance in Iraq said in a statement that its fighters attacked three bases with drones on "
        "Saturday: al-Tanf base and al-Shaddadi base in Syria, and a port in Israel."
    )
    claimed = {e.country: e.claimed_by for e in extract(head + body)}
    assert claimed == {"Jordan": "Islamic Resistance in Iraq", "Syria": "Islamic Resistance in Iraq"}
    claimed = {
        e.country: e.claimed_by for e in extract(head + body + " The statement did not mention Tower 22 or Jordan.")
    }
    assert claimed == {"Jordan": None, "Syria": "Islamic Resistance in Iraq"}


def test_highway_linking_two_governorates_is_one_attack_on_no_single_governorate():
    body = "On the highway linking Hilla and Diwaniyah, an explosive device targeted a coalition convoy on Saturday, a source said."
    (e,) = events(body)
    assert (e.admin1, e.place) == (None, "highway linking Hilla and Diwaniyah")


def test_attack_on_a_road_between_two_governorates_is_not_merged_with_one_in_a_third():
    body = (
        "In Basra, a roadside bomb went off near a coalition convoy near Safwan on Saturday.\n\n"
        "On the highway linking Hilla and Diwaniyah, an explosive device targeted a convoy, a source said."
    )
    assert sorted(str(e.admin1) for e in events(body)) == ["Basra", "None"]
