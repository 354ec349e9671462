"""Rules found on the blind15-17 corpora (ordinary news pages, claim-heavy pages, messy scraped pages): each test is
a short invented text and asserts what a user sees in the coded events."""

from __future__ import annotations

from sitrep import extract
from sitrep.extract.dates import find_dates

DATELINE = "Regional news\n\nPublished: 24 May 2021\n\n"  # a Monday


def events(body: str, **kw):
    return extract(DATELINE + body, **kw)


# ---------------------------------------------------------------- what is not an attack


def test_device_dismantled_before_it_exploded_is_no_attack_but_one_that_went_off_beside_it_is():
    body = (
        "Police engineers were able to dismantle an explosive device planted beside the highway near Samawah, which "
        "was meant to hit the convoys carrying supplies of the international coalition, before it exploded."
    )
    assert events(body) == []
    body = (
        "On Monday a roadside bomb exploded next to a coalition supply convoy on the highway near Samawah, police "
        "said, adding that a second device on the same road was defused by engineers before it could explode."
    )
    assert [e.admin1 for e in events(body)] == ["Al-Muthanna"]


def test_official_denial_of_news_about_a_convoy_attack_leaves_no_event():
    body = (
        "The Security Media Cell on Monday denied the news circulated on social media about the targeting of a "
        "coalition convoy with an explosive device west of Nasiriyah, saying a truck had caught fire."
    )
    assert events(body) == []


def test_there_was_no_explosion_denies_the_claimed_convoy_attack():
    body = (
        "A little-known group claimed on Monday that it had blown up a coalition convoy in Suq al-Shuyukh. "
        '"There was no explosion and no attack on any convoy in Suq al-Shuyukh today," a police spokesman said.'
    )
    assert events(body) == []


def test_generic_each_rocket_that_lands_is_no_attack():
    body = (
        "Each drone or rocket that falls harmlessly in the desert near a base in Anbar is added to a running tally "
        "the groups publish."
    )
    assert events(body) == []


def test_every_convoy_is_a_target_is_a_threat():
    body = "To the occupier: every convoy that carries your weapons is a target, from Safwan to Rabia."
    assert events(body) == []


def test_unnamed_and_named_oil_fields_are_not_coalition_sites_but_al_omar_is():
    assert events("On Monday drones hit the Sarsang oil field in Duhok province, setting a tank on fire.") == []
    body = (
        "A rocket landed on Monday near a workers' camp at an oil field north of Basra operated by a foreign "
        "company, causing no casualties."
    )
    assert events(body) == []
    kept = events("On Monday rockets struck the US base at the al-Omar oil field in Deir ez-Zor, officials said.")
    assert [(e.admin1, e.target) for e in kept] == [("Deir ez-Zor", "base")]


def test_denied_us_airstrike_is_not_an_attack_on_us_forces():
    body = (
        'US Central Command said the United States "has not conducted airstrikes in Iraq" on Sunday, denying '
        "reports that American aircraft had hit the base of the militia near Hillah."
    )
    assert events(body) == []


def test_american_answer_strikes_are_not_attacks_on_us_forces():
    body = (
        "The third was the American answer: strikes on 2 February on dozens of targets in Iraq and Syria, and a "
        "drone strike in Baghdad days later that killed a militia commander."
    )
    assert events(body) == []


def test_attack_on_turkiyes_base_is_not_coded():
    body = (
        "Two drones targeted Türkiye's Zilkan base near Bashiqa on Sunday night, the Turkish ministry said. Ministry "
        "sources said the drones were launched from an area south of the base."
    )
    assert extract("Drones downed over Türkiye's Zilkan base\n\n" + DATELINE + body) == []


# ---------------------------------------------------------------- dates


def test_the_january_strike_is_dated_by_its_month_and_is_background_in_august():
    body = (
        "Published: 6 August 2024\n\nRockets struck Ain al-Asad air base on Monday, wounding five US troops, officials "
        "said. That campaign largely stopped after the January drone strike on Tower 22, a US outpost in Jordan."
    )
    evs = extract("Attack report\n\n" + body)
    assert [(e.date, e.admin1) for e in evs] == [("2024-08-05", "Al-Anbar")]
    assert find_dates("after the January drone strike on Tower 22", ref=None, year_hint=2024)[0].period_edge is False
    assert find_dates("attacks rose after January", ref=None, year_hint=2024)[0].period_edge is True


def test_weekday_settles_the_year_when_no_publication_date_is_known():
    found = find_dates("said in a statement on Wednesday, January 17, that it had attacked", year_hint=2023)
    assert [m.value for m in found if m.value] == ["2024-01-17"]  # 17 January 2023 was a Tuesday
    found = find_dates("said in a statement on January 17 that it had attacked", year_hint=2023)
    assert [m.value for m in found if m.value] == ["2023-01-17"]


def test_count_of_the_month_after_the_attack_does_not_date_it():
    body = (
        "Yesterday two American convoys were targeted in Dhi Qar and Al-Muthanna, the fifth and sixth this month, "
        "local sources said."
    )
    assert sorted((e.admin1, e.date) for e in events(body)) == [
        ("Al-Muthanna", "2021-05-23"),
        ("Dhi Qar", "2021-05-23"),
    ]


# ---------------------------------------------------------------- places


def test_road_leading_to_a_town_does_not_make_a_second_attack():
    body = (
        "In Al-Diwaniyah, a source said a device exploded on Monday on a coalition convoy passing through the "
        "Al-Shamiya district on the road leading to Al-Najaf."
    )
    evs = events(body)
    assert [e.admin1 for e in evs] == ["Al-Qadisiyah"]


def test_ambiguous_town_takes_the_governorate_of_the_towns_around_it_before_a_country_named_elsewhere():
    body = (
        "In Al-Diwaniyah, a source said a second device exploded on Monday on a coalition convoy in the Al-Shamiya "
        "district. The convoys carry equipment coming from Kuwait."
    )
    evs = events(body)
    assert [(e.country, e.admin1) for e in evs] == [("Iraq", "Al-Qadisiyah")]


# ---------------------------------------------------------------- claims


def test_claim_for_two_places_and_no_claim_for_the_third_in_one_sentence():
    body = (
        "A device exploded on Monday on a coalition convoy near Nasiriyah in Dhi Qar, police said.\n\n"
        "In Al-Diwaniyah, a second device exploded on a convoy in the Al-Shamiya district, while a third device "
        "targeted a convoy in the Al-Rumaitha district of Al-Muthanna.\n\n"
        'A group calling itself "Qasim al-Jabbarin" claimed responsibility for the attacks of Al-Shamiya and '
        "Al-Rumaitha in a statement on Telegram, while no party claimed the Nasiriyah attack."
    )
    claims = {e.admin1: e.claimed_by for e in events(body)}
    assert claims == {"Dhi Qar": None, "Al-Qadisiyah": "Qasim al-Jabbarin", "Al-Muthanna": "Qasim al-Jabbarin"}


def test_post_forwarded_from_a_group_is_its_claim():
    body = (
        "⚡️ Urgent | An explosive device targets a logistics convoy of the American occupation on the highway in "
        "Al-Nasiriyah, Dhi Qar\n👁 18.2K  08:12\n\n"
        "Forwarded from Saraya Qasim al-Jabbarin\n\n"
        "With the help of God, our mujahideen targeted the convoy of the American occupier in Dhi Qar this morning.\n"
        "👁 21.4K  09:55\n\n"
    )
    evs = events(body)
    assert [(e.admin1, e.claimed_by) for e in evs] == [("Dhi Qar", "Saraya Qasim al-Jabbarin")]


def test_heroes_of_a_named_group_is_its_claim_but_heroes_of_the_resistance_names_no_one():
    body = (
        "At 7:40 am today, the heroes of Ashab al-Kahf targeted a logistics convoy of the American occupier on the "
        "Ramadi road in Al-Anbar with an explosive device."
    )
    assert [e.claimed_by for e in events(body)] == ["Ashab al-Kahf"]
    body = "The heroes of the resistance targeted the occupation base in al-Shaddadi with drones at dawn today."
    assert [e.claimed_by for e in events(body)] == [None]


def test_claim_over_a_numbered_list_covers_the_list_not_later_posts():
    body = (
        "🔴 Statement | The Islamic Resistance in Iraq\n\n"
        "The mujahideen of the Islamic Resistance in Iraq targeted today, with drones:\n"
        "1- The occupation base at Harir in Erbil.\n"
        "2- The occupation base at Ain al-Asad in western Iraq.\n\n"
        "And our operations will continue.\n\n"
        "⚡️Urgent | Local sources: a drone targeted the American occupation base in al-Shaddadi in Hasakah today.\n\n"
    )
    claims = {e.admin1: e.claimed_by for e in events(body)}
    assert claims["Erbil"] == claims["Al-Anbar"] == "Islamic Resistance in Iraq"
    assert claims["Al-Hasakah"] is None
