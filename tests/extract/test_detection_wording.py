"""Detection, exclusion and date rules for wording common in real reporting: press releases, thwarted plots,
bases named only as where forces live, datelines, translated channel lists. Short texts written for the tests."""

from __future__ import annotations

from sitrep import extract
from sitrep.extract.pipeline import extract_document
from sitrep.models import Document

DATELINE = "Published: 14 March 2021\n\n"  # a Sunday


def events(body: str, *, title: str = "Attack report", published: str | None = None):
    return extract(f"{title}\n\n{body}", published=published)


def fields(evs) -> list[tuple]:
    return [(e.date, e.admin1, e.event_type, e.target) for e in evs]


# ---------------------------------------------------------------- attacks told in press-release wording


def test_press_release_engaged_drones_survive_a_later_false_alarm():
    body = (
        DATELINE
        + "On March 12, U.S. forces defeated two one-way attack drones in Iraq. Both drones were engaged at Harir "
        "Base in northern Iraq; no injuries were reported.\n\n"
        + "On March 13, U.S. forces at Al-Tanf Garrison in southern Syria were targeted by a one-way attack drone.\n\n"
        + "Also on March 13, a service member was hurt during a false alarm of a possible rocket attack at Ain "
        "al-Asad Air Base. No attack took place on the base at that time."
    )
    assert fields(events(body)) == [
        ("2021-03-12", "Erbil", "drone", "base"),
        ("2021-03-13", "Homs", "drone", "base"),
    ]


def test_roadside_bomb_tearing_through_a_convoy_truck_is_an_attack():
    body = (
        DATELINE + "On Saturday a roadside bomb tore through a truck in a convoy carrying supplies for the US-led "
        "coalition near Samawah as it headed north towards Baghdad."
    )
    assert fields(events(body)) == [("2021-03-13", "Al-Muthanna", "ied", "convoy")]


def test_re_targeting_the_same_base_is_a_second_attack():
    body = (
        DATELINE + "- Operation 1: Targeting the occupation base at Harir with a drone at 13:10 on Saturday.\n"
        "- Operation 2: Re-targeting the occupation base at Harir with another drone at 20:45, after the first operation.\n"
    )
    assert [e.time for e in events(body)] == ["13:10", "20:45"]


# ---------------------------------------------------------------- not events


def test_launch_platform_dismantled_before_launch_is_not_an_attack():
    body = (
        DATELINE + "Security forces found a rocket launch platform in an orchard, aimed at Victory base near "
        "Baghdad airport, and dismantled it before launch on Saturday. No rocket was fired."
    )
    assert events(body, title="Launch platform aimed at Victory base dismantled") == []


def test_base_named_only_as_where_the_coalition_lives_is_not_the_target():
    body = (
        DATELINE + "Turkish drones struck a village near Zakho on Saturday, killing two shepherds.\n\n"
        "The US-led coalition, whose troops are stationed at Harir base, said none of its personnel were hurt by those strikes."
    )
    assert events(body) == []


def test_another_states_army_intercepting_a_drone_is_not_an_attack_on_us_forces():
    body = (
        DATELINE + "A drone struck the Tower 22 outpost in Jordan on Saturday, wounding two US soldiers.\n\n"
        "Separately, Jordan's army said its air defences had intercepted a drone over Irbid governorate."
    )
    assert fields(events(body)) == [("2021-03-13", "Mafraq", "drone", "base")]


def test_equipment_belonging_to_the_iraqi_army_at_a_known_base_is_not_a_coalition_target():
    body = DATELINE + "Drones struck radar systems belonging to the Iraqi army at Balad air base on Saturday night."
    assert events(body) == []


def test_tens_of_attacks_is_a_tempo_count():
    body = (
        DATELINE
        + "The US embassy and the bases hosting coalition forces had been exposed to tens of missile attacks, officials said."
    )
    assert events(body) == []


def test_feature_history_opening_at_first_is_background():
    body = DATELINE + "At first the factions fired rockets at bases and at the US embassy in Baghdad's Green Zone."
    assert events(body) == []


def test_suspension_of_operations_in_quotes_is_truce_talk():
    body = DATELINE + "Kataib Hezbollah said on Saturday it was suspending its operations against US forces."
    assert events(body, title='Kataib Hezbollah suspends "military operations" against US forces') == []


def test_first_account_later_corrected_does_not_move_the_attack():
    body = (
        DATELINE + "A drone struck a US outpost in northeastern Jordan on Saturday, killing two soldiers.\n\n"
        "A government spokesman initially told state television that the attack had hit al-Tanf, inside Syria."
    )
    evs = events(body)
    assert [(e.country, e.admin1) for e in evs] == [("Jordan", None)]


def test_denial_covers_only_the_places_it_names():
    body = (
        DATELINE + "A drone struck a US outpost in northeastern Jordan on Saturday, killing two soldiers.\n\n"
        "A group said it had struck al-Shaddadi and al-Tanf bases with drones on Saturday.\n\n"
        "A US official said there had been no attacks on al-Tanf or al-Shaddadi on Saturday, and that the group "
        "meant the outpost in Jordan."
    )
    assert [e.country for e in events(body)] == ["Jordan"]


def test_count_beside_an_attack_setting_a_record_is_an_aside():
    body = (
        DATELINE + "A drone struck a US outpost in northeastern Jordan on Saturday, killing two soldiers, "
        "the first US deaths from hostile fire in the region since the start of the war."
    )
    assert [e.killed if hasattr(e, "killed") else e.casualties.killed for e in events(body)] == [2]


def test_attack_that_came_after_another_is_still_background():
    body = (
        DATELINE + "Rockets hit Ain al-Asad air base on Saturday, wounding one contractor.\n\n"
        "The Ain al-Asad attack was the first rocket strike on the base since January 2020 and came less than two "
        "weeks after rockets hit Erbil airport."
    )
    assert [e.admin1 for e in events(body)] == ["Al-Anbar"]


# ---------------------------------------------------------------- one clause, several attacks


def test_counted_convoys_split_by_governorate_are_one_attack_each():
    body = (
        DATELINE
        + "Two explosive devices targeted two convoys of the coalition in Babil and Diwaniyah governorates on Saturday."
    )
    assert sorted(e.admin1 for e in events(body)) == ["Al-Qadisiyah", "Babil"]


def test_parts_of_one_clause_are_never_merged():
    body = (
        DATELINE + "A group said on Saturday it had targeted two convoys of the US-led coalition, one near the city "
        "of Nasiriyah in Dhi Qar province and the second on the highway north of Baghdad."
    )
    assert [e.place for e in events(body)] == ["Nasiriyah", "north of Baghdad"]


def test_clock_time_and_day_stay_with_the_part_that_gives_them():
    body = (
        DATELINE + "The group said on Sunday that it had targeted Victory base near Baghdad airport with a drone at "
        "21:40 on Saturday evening, and the al-Tanf base with a drone."
    )
    got = {e.admin1: (e.date, e.time) for e in events(body)}
    assert got == {"Baghdad": ("2021-03-13", "21:40"), "Homs": ("2021-03-14", None)}


# ---------------------------------------------------------------- datelines and dates


def test_multi_city_dateline_is_not_the_attack_place():
    body = "DOHA / BAGHDAD — A drone was shot down near a base hosting US troops in Iraq on Saturday, officials said."
    evs = events(body, published="2021-03-14")
    assert [(e.country, e.admin1, e.date) for e in evs] == [("Iraq", None, "2021-03-13")]


def test_wire_dateline_without_year_takes_the_year_of_a_named_reference_event():
    text = (
        "Drone kills US soldiers in Jordan\n\n"
        "WASHINGTON/AMMAN, Feb 4 (Desk Wire) - A drone struck a US outpost in northeastern Jordan on Sunday, "
        "killing two soldiers, the first such deaths since the start of the Gaza war."
    )
    result = extract_document(Document(id="t", text=text))
    assert result.published == "2024-02-04"
    assert [e.date for e in result.events] == ["2024-02-04"]


def test_weekday_and_day_month_list_with_bracketed_posting_date():
    text = (
        "Operations of the week\n"
        '[Translated. Roundup posted on the "Companions of the Roads" Telegram channel, 18/03/2021]\n\n'
        "- Operation 2 — Thursday 11/3: A group announced that it had targeted a convoy of the occupation "
        "with an explosive device near Diwaniyah.\n"
        "- Operation 3 — Monday 15/3: A group announced that it had targeted a convoy of the American occupation "
        "with an explosive device near Nasiriyah.\n"
        "- Operation 4 — Tuesday 16/3: A group announced that it had targeted a convoy of the occupation with an "
        "explosive device near Samawah.\n"
    )
    result = extract_document(Document(id="t", text=text))
    assert result.published == "2021-03-18"
    assert [(e.date, e.admin1) for e in result.events] == [
        ("2021-03-11", "Al-Qadisiyah"),
        ("2021-03-15", "Dhi Qar"),
        ("2021-03-16", "Al-Muthanna"),
    ]
