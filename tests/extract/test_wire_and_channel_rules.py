"""Rules found on the blind10/blind11 corpora (long wire stories, trackers, security briefs, channel posts): each
test is a short invented text and asserts what a user sees in the coded events."""

from __future__ import annotations

from sitrep import extract
from sitrep.extract.casualties import find_casualties
from sitrep.extract.dates import find_dates
from sitrep.extract.pubdate import date_from_url
from sitrep.extract.times import find_times

DATELINE = "World news\n\nPublished: 22 November 2023\n\n"  # a Wednesday


def events(body: str, **kw):
    return extract(DATELINE + body, **kw)


def casualties(sentence: str) -> tuple[int | None, int | None]:
    found = find_casualties(sentence, 0, len(sentence))
    return found.killed, found.injured


# ---------------------------------------------------------------- wording of attacks and of their aftermath


def test_drones_that_flew_toward_a_base_are_an_attack():
    found = events("Two drones flew toward Ain al-Asad air base in western Anbar on Tuesday, officials said.")
    assert [(e.admin1, e.event_type, e.date) for e in found] == [("Al-Anbar", "drone", "2023-11-21")]


def test_a_rocket_impact_near_a_site_is_an_attack_with_its_clock_time():
    found = events("At 2142 local, a rocket impact was reported near Baghdad International Airport.")
    assert [(e.event_type, e.time, e.target) for e in found] == [("rocket", "21:42", "airport")]


def test_joint_operations_command_is_a_name_not_an_attack_word():
    body = (
        "The Joint Operations Command said on Wednesday that 22 missiles were launched at 1:45 a.m. and fell on "
        "Ain al-Asad air base in Anbar province."
    )
    found = events(body)
    assert [(e.date, e.time, e.admin1) for e in found] == [("2023-11-22", "01:45", "Al-Anbar")]


def test_a_capitalised_at_before_a_four_digit_time_still_gives_the_clock_time():
    assert [t.value for t in find_times("At 2315 local time on Thursday, an armed drone targeted the base.")] == [
        "23:15"
    ]
    assert [t.value for t in find_times("At 0310 on Saturday, two drones targeted the base.")] == ["03:10"]


def test_injuries_to_a_number_of_people_are_counted():
    assert casualties("the missile struck the base and caused minor injuries to six personnel, Carver said.") == (
        None,
        6,
    )
    assert casualties("the attack caused minor injuries to several coalition personnel") == (None, None)


def test_no_casualties_reported_at_this_time_is_no_report_yet():
    assert casualties("No casualties reported at this time.") == (None, None)
    assert casualties("No casualties were reported.") == (0, 0)


def test_that_attack_in_the_next_sentence_adds_its_casualties():
    body = (
        "Early on Tuesday, two drones were brought down as they approached the Victory base complex next to Baghdad "
        "International Airport, officials said. No casualties were caused, they said, and no group claimed that "
        "attack."
    )
    found = events(body)
    assert [(e.casualties.killed, e.casualties.injured) for e in found] == [(0, 0)]


def test_a_general_remark_after_a_ruled_out_tally_lends_nothing_to_the_attack():
    body = (
        "A rocket hit Ain al-Asad air base in Anbar on Tuesday, officials said.\n\n"
        "In Syria, militants have repeatedly targeted bases in the oil-rich east, including the al-Omar oil field. "
        "The Pentagon has said most of those attacks caused no injuries."
    )
    found = events(body)
    assert [(e.admin1, e.casualties.injured) for e in found] == [("Al-Anbar", None)]


def test_a_habitual_remark_is_not_the_casualty_count_of_the_attack_before_it():
    body = (
        "A roadside bomb damaged a truck in a convoy carrying coalition supplies near Ramadi on Tuesday.\n\n"
        "Such attacks have become routine on the highways. The great majority cause no casualties."
    )
    found = events(body)
    assert [(e.casualties.killed, e.casualties.injured) for e in found] == [(None, None)]


def test_a_casualty_figure_for_two_attacks_combined_belongs_to_neither():
    body = (
        "On Monday two drones struck al-Tanf garrison in Syria. On Tuesday a drone struck Ain al-Asad air base "
        "in Anbar.\n\nThe Pentagon later said that 21 U.S. personnel had suffered minor injuries in the Tanf attack "
        "and the Tuesday attack on Ain al-Asad combined."
    )
    found = events(body)
    assert sorted((e.admin1, e.casualties.injured) for e in found) == [("Al-Anbar", None), ("Homs", None)]


# ---------------------------------------------------------------- dates


def test_the_day_before_counts_back_from_the_attack_just_told():
    body = (
        "The most recent attack came on Tuesday at Al-Asad Air Base in western Iraq, where a missile struck the "
        "base.\n\nThe day before, a one-way attack drone targeted U.S. forces at Mission Support Site Euphrates in "
        "Syria's Deir ez-Zor province."
    )
    found = events(body)
    assert sorted((e.admin1, e.date) for e in found) == [("Al-Anbar", "2023-11-21"), ("Deir ez-Zor", "2023-11-20")]


def test_christmas_day_is_a_date_and_a_past_attack_named_by_it_stays_apart():
    assert [m.value for m in find_dates("the Christmas Day drone attack", 0, ref=__import__("datetime").date(2024, 1, 21))] == [
        "2023-12-25"
    ]
    body = (
        "Hours later, a drone was shot down near the coalition base at Erbil airport on Saturday, the counter-"
        "terrorism service said. It said the drone caused no casualties.\n\n"
        "The deadliest so far was the Christmas Day drone attack on the Erbil air base that wounded four U.S. "
        "service members."
    )
    found = extract("Iraq news\n\nPublished: 21 January 2024\n\n" + body)
    saturday = [e for e in found if e.date == "2024-01-20"]
    assert [(e.casualties.killed, e.casualties.injured) for e in saturday] == [(0, 0)]


def test_the_day_a_statement_was_made_does_not_date_an_attack_told_before_it():
    body = (
        "Two American service members were killed when a barrage of rockets crashed into Camp Taji north of "
        "Baghdad, U.S. officials said Wednesday.\n\nAt least 18 rockets struck the base at about 7:30 p.m. Tuesday, "
        "the coalition said."
    )
    found = events(body)
    assert [(e.date, e.casualties.killed) for e in found] == [("2023-11-21", 2)]


def test_a_date_written_as_eight_digits_at_the_end_of_a_url():
    assert str(date_from_url("https://desk.example/article/iraq-rocket-baghdad-airport-20200915")) == "2020-09-15"
    assert str(date_from_url("https://desk.example/news/rockets-20200915.html")) == "2020-09-15"


# ---------------------------------------------------------------- places and targets


def test_a_later_mention_of_one_end_of_the_road_is_the_same_convoy_attack():
    body = (
        "A bomb exploded as a convoy of seven trucks belonging to an Iraqi contractor passed along the road between "
        "Diwaniyah and Afak on Tuesday. There were no casualties, police said.\n\n"
        "A group calling itself Qasem al-Jabbarin said in a statement that it had targeted the Diwaniyah convoy."
    )
    found = events(body)
    assert len(found) == 1
    assert found[0].claimed_by == "Qasem al-Jabbarin" and found[0].casualties.killed == 0


def test_a_checkpoint_near_the_embassy_does_not_make_the_embassy_an_unnamed_position():
    body = (
        "A volley of rockets was fired at the U.S. Embassy inside Baghdad's Green Zone on Tuesday evening, lightly "
        "wounding an Iraqi soldier at a nearby checkpoint."
    )
    assert [e.target for e in events(body)] == ["embassy"]
    assert [e.target for e in events("A roadside bomb hit a U.S. patrol near Ain al-Asad air base on Tuesday.")] == [
        "other"
    ]


def test_drones_on_iraqi_army_installations_are_not_coalition_attacks():
    body = (
        "Separately, drones struck radar systems at two Iraqi army installations, at Camp Taji north of Baghdad and "
        "at the Imam Ali air base near Nasiriyah, on Tuesday."
    )
    assert events(body) == []


def test_a_chronology_entry_gives_its_site_to_the_text_under_it():
    body = (
        "Weekly tracker\n\n"
        "Nov. 19 — Mission Support Site Conoco (Deir ez-Zor, Syria). Two rockets fired at the site; no injuries.\n\n"
        "Nov. 20 — Harir Air Base (Erbil, Iraq). A one-way attack drone was shot down near the base, according to "
        "the Kurdistan Region counter-terrorism service.\n\n"
        "Nov. 21 — Al-Asad Air Base (Anbar, Iraq). Two drones targeted the base early in the day."
    )
    found = events(body)
    assert sorted((e.date, e.admin1) for e in found) == [
        ("2023-11-19", "Deir ez-Zor"),
        ("2023-11-20", "Erbil"),
        ("2023-11-21", "Al-Anbar"),
    ]


def test_logpac_is_a_logistics_convoy():
    body = "25 NOV | BABIL | At 0715 hrs an IED detonated against a LOGPAC on the Hillah-Mahawil road, north of Hillah."
    found = extract("Weekly sitrep\n\nIssued: 26 November 2021\n\n" + body)
    assert [(e.target, e.event_type, e.time, e.admin1) for e in found] == [("convoy", "ied", "07:15", "Babil")]


# ---------------------------------------------------------------- what rules an attack out, and what does not


def test_news_told_after_the_attack_with_as_does_not_rule_it_out():
    body = (
        "A rocket attack on Ain al-Asad air base in western Iraq on Tuesday injured four U.S. service members, U.S. "
        "officials said, as Washington braced for possible Iranian retaliation against Israel."
    )
    found = events(body)
    assert [(e.admin1, e.casualties.injured) for e in found] == [("Al-Anbar", 4)]


def test_a_strike_story_keeps_the_drone_attack_it_answers():
    body = (
        "U.S. fighter jets struck three facilities used by Kataib Hezbollah in Iraq on Tuesday evening, hours after "
        "a one-way attack drone wounded four U.S. service members at Erbil Air Base, the Pentagon said.\n\n"
        "Iraq's government condemned the strikes, which it said had killed one Iraqi service member."
    )
    found = events(body)
    assert [(e.admin1, e.casualties.injured, e.casualties.killed) for e in found] == [("Erbil", 4, None)]
    # a past attack the strikes answer, named with "that killed", is not told again
    past = (
        "The United States carried out airstrikes on Tuesday against more than 85 targets in Iraq and Syria, its "
        "response to last weekend's drone attack that killed three American soldiers in Jordan."
    )
    assert events(past) == []


def test_a_later_mention_by_place_name_is_not_a_new_attack():
    body = (
        "U.S. jets struck three militia sites in Iraq on Tuesday evening, hours after a one-way attack drone wounded "
        "four U.S. service members at Erbil Air Base, the Pentagon said.\n\n"
        "The Erbil attack was one of the most serious since Iran-backed groups began targeting U.S. forces in "
        "October."
    )
    found = events(body)
    assert [(e.date, e.admin1, e.casualties.injured) for e in found] == [("2023-11-21", "Erbil", 4)]


def test_an_attack_named_as_the_start_of_a_period_is_not_told_again():
    body = (
        "Rockets struck Camp Taji north of Baghdad on Tuesday, killing two soldiers.\n\n"
        "The U.S. military has been moving Patriot batteries into Iraq since the Jan. 8 missile strike, but they "
        "offer little protection against the rockets used at Taji."
    )
    assert len(events(body)) == 1


def test_a_steady_tempo_of_attacks_is_a_count_not_an_attack():
    body = "The first week of the month saw a steady tempo of attacks on U.S. positions across Baghdad."
    assert events(body) == []


def test_a_flat_denial_that_rockets_were_fired_undoes_the_claim():
    body = (
        "Nov. 20 — Ain al-Asad Air Base (Anbar, Iraq). The Islamic Resistance in Iraq claimed a rocket attack on the "
        "base. Iraqi security officials flatly denied that any rockets had been fired."
    )
    assert events(body) == []


# ---------------------------------------------------------------- claims


def test_an_acronym_claimant_is_given_the_name_the_text_spelled_out():
    body = (
        "Tracker\n\nThe Islamic Resistance in Iraq (IRI) has claimed most attacks this month.\n\n"
        "Nov. 20 — Ain al-Asad Air Base (Anbar, Iraq). The IRI claimed a drone attack on the base."
    )
    found = events(body)
    assert [e.claimed_by for e in found] == ["Islamic Resistance in Iraq"]


def test_incidents_that_often_go_unclaimed_do_not_unclaim_a_claimed_attack():
    body = (
        "28 NOV | SALAH AL-DIN | IED detonated against a LOGPAC on the highway near Dujail. Ashab al-Kahf claimed "
        "the attack in a Telegram statement the same evening.\n\n"
        "4. ASSESSMENT\nClaims by front groups are inconsistent and several incidents each week go unclaimed."
    )
    found = extract("Weekly sitrep\n\nIssued: 29 November 2021\n\n" + body)
    assert [e.claimed_by for e in found] == ["Ashab al-Kahf"]


def test_a_risen_count_is_the_casualty_figure_not_the_first_count():
    body = (
        "The number of U.S. troops hurt in Sunday's drone strike on Tower 22 in northeastern Jordan has risen to 40, "
        "Pentagon officials said Tuesday.\n\nThe drone struck a housing unit at Tower 22 before dawn on Sunday, "
        "killing three American soldiers. Officials initially counted 34 injured."
    )
    found = events(body)
    assert [(e.casualties.killed, e.casualties.injured) for e in found] == [(3, 40)]


def test_a_claim_officials_say_never_reached_its_target_is_no_attack():
    body = (
        "The Islamic Resistance in Iraq issued a statement on Sunday claiming a drone attack on al-Shaddadi, a U.S. "
        "garrison in Syria's Hasakah province. A Pentagon spokeswoman said Monday that no attack on Shaddadi had "
        'taken place that day. "That claim is false. Nothing hit Shaddadi," she said.'
    )
    assert events(body) == []
