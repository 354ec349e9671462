"""Rules found on the blind10/blind11 corpora (long wire stories, trackers, security briefs, channel posts): each
test is a short invented text and asserts what a user sees in the coded events."""

from __future__ import annotations

from sitrep import extract
from sitrep.extract.dates import find_dates
from sitrep.extract.pubdate import date_from_url
from sitrep.extract.times import find_times

from .helpers import casualties

DATELINE = "World news\n\nPublished: 22 November 2023\n\n"  # a Wednesday


def events(body: str, **kw):
    return extract(DATELINE + body, **kw)


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
    assert [
        m.value for m in find_dates("the Christmas Day drone attack", 0, ref=__import__("datetime").date(2024, 1, 21))
    ] == ["2023-12-25"]
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


# ---------------------------------------------------------------- channel exports


CHANNEL = (
    "Axis Feed | channel posts\n\n"
    "[14.01.2024 19:02]\n"
    "🔴 Statement | The Islamic Resistance in Iraq\n"
    "The mujahideen of the Islamic Resistance in Iraq targeted today, with drones:\n"
    "1- The occupation base at Harir airport in Erbil.\n"
    "2- The occupation base at Ain al-Asad in western Iraq.\n"
    "👁 31.4K\n\n"
    "[14.01.2024 21:40]\n"
    "⚡️Urgent | Local sources: a drone targeted the American occupation base in al-Shaddadi in the Hasakah "
    "countryside. Explosions heard inside the base.\n"
    "👁 27.9K\n\n"
    "[14.01.2024 22:15]\n"
    "Kataib Sayyid al-Shuhada denies any connection to the al-Shaddadi operation and says statements attributing it "
    "to the Kataib are fabricated.\n"
    "👁 19.3K\n\n"
    "[15.01.2024 00:52]\n"
    "🔴 Kataib Hezbollah | Statement\n"
    "At 00:20 this morning, our fighters targeted the American occupation forces at Victoria base adjacent to "
    "Baghdad International Airport with a drone.\n"
    "👁 40.1K\n"
)


def test_a_statement_header_makes_the_post_under_it_the_groups_claim():
    found = {e.admin1: e for e in extract(CHANNEL)}
    assert found["Erbil"].claimed_by == found["Al-Anbar"].claimed_by == "Islamic Resistance in Iraq"
    assert found["Baghdad"].claimed_by == "Kataib Hezbollah"
    assert found["Al-Hasakah"].claimed_by is None  # local sources' report, no group's statement


def test_relative_days_in_a_post_count_from_its_own_stamp():
    found = {e.admin1: e for e in extract(CHANNEL)}
    assert found["Baghdad"].date == "2024-01-15" and found["Baghdad"].time == "00:20"
    assert found["Al-Hasakah"].date == "2024-01-14"


def test_a_group_denying_its_part_does_not_deny_the_attack():
    assert "Al-Hasakah" in {e.admin1 for e in extract(CHANNEL)}


def test_a_short_post_between_two_view_counters_is_a_report_not_a_related_headline():
    text = (
        "Muqawama Feed — posts, 08.12.2023\n\n"
        "🔴 #Urgent | Sources: mortar shells fell at dawn inside the compound of the American embassy in Baghdad.\n"
        "👁 31.2K   edited 04:52\n\n"
        "💥 The resistance's drones strike the American occupation base at the Conoco field in eastern Syria 🔥\n"
        "👁 38.0K   13:21\n\n"
        "⚠️ The coming days will be harder for the occupier.\n"
        "👁 19.8K   18:48\n"
    )
    found = extract(text)
    assert sorted((e.admin1, e.target, e.claimed_by) for e in found) == [
        ("Baghdad", "embassy", None),
        ("Deir ez-Zor", "base", None),
    ]


def test_a_contractor_who_died_sheltering_is_killed_and_a_record_aside_rules_nothing_out():
    body = (
        "An American civilian contractor has died of a suspected heart attack while sheltering during a rocket "
        "attack on the Al-Asad airbase in western Iraq, the Pentagon said, in the first such assault on coalition "
        "forces since the US launched airstrikes in Syria last week.\n\n"
        "At least 10 rockets struck the base in Anbar province on Tuesday. The contractor suffered a cardiac episode "
        "in a bunker and died shortly afterwards."
    )
    found = events(body)
    assert [(e.admin1, e.date, e.casualties.killed) for e in found] == [("Al-Anbar", "2023-11-21", 1)]


# ---------------------------------------------------------------- state media, encyclopedia pages, Kurdish names


def test_iranian_state_media_spelling_of_the_guards_claims_the_missile_strike():
    body = (
        "The Islamic Revolution Guards Corps (IRGC) says it has hit the Ain al-Assad airbase in Iraq's western "
        "province of al-Anbar, where American forces are stationed, with dozens of ballistic missiles.\n\n"
        "A second statement said a base used by the American forces near the city of Erbil had also been struck in "
        "a separate wave of missiles."
    )
    found = extract("Tehran desk\n\nWednesday, 08 January 2020 10:47 AM\n\n" + body)
    assert sorted((e.admin1, e.claimed_by) for e in found) == [
        ("Al-Anbar", "Islamic Revolution Guards Corps"),
        ("Erbil", "Islamic Revolution Guards Corps"),
    ]


def test_an_encyclopedia_page_is_dated_by_its_last_edit_and_its_entries_keep_their_year():
    text = (
        "Attacks on United States forces in Iraq and Syria (2023–2024)\n"
        "Date        17 October 2023 – 4 February 2024 (main phase)\n\n"
        "List of attacks[edit]\n"
        " • 26 October – A drone attack on the Green Village base near the al-Omar oil field in Deir ez-Zor "
        "Governorate caused no casualties.[10]\n"
        " • 1 November – Rockets were fired at Harir Air Base in Erbil Governorate.[12]\n"
        " • 8 December – Several rockets were fired at the U.S. embassy compound in Baghdad.[15]\n\n"
        "This page was last edited on 2 March 2024, at 11:06 (UTC).\n"
    )
    found = extract(text)
    assert sorted(e.date for e in found) == ["2023-10-26", "2023-11-01", "2023-12-08"]


def test_a_copyright_line_gives_the_year_a_dateline_leaves_out():
    text = (
        "Rockets slam into Iraq's Ain al-Asad base\n\n"
        "BAGHDAD, March 3 (Meridian) - At least 13 rockets hit Ain al-Asad air base in western Anbar province early "
        "on Wednesday, the coalition said. The base was hit by Iranian ballistic missiles in January 2020.\n\n"
        "(c) 2021 Meridian News\n"
    )
    assert [e.date for e in extract(text)] == ["2021-03-03"]


def test_kurdish_names_of_erbil_airport_and_harir_and_a_places_history():
    body = (
        "Two explosive-laden drones attacked the base of the international coalition forces at Hewler International "
        "Airport at 11:10 pm on Tuesday. About twenty minutes later, a third drone targeted the Hareer base in "
        "Shaqlawa district. No injuries were reported.\n\n"
        "This is not the first time that Hewler International Airport has been targeted. In February, rockets fired "
        "at the airport killed a foreign contractor."
    )
    found = events(body)
    assert sorted((e.place, e.admin1) for e in found) == [
        ("Hareer base", "Erbil"),
        ("Hewler International Airport", "Erbil"),
    ]
    assert all(e.casualties.killed is None for e in found)


# ---------------------------------------------------------------- monitors' analyses and encyclopedia timelines


MONITOR = (
    "Militia Watch: the anniversary week\n\nJanuary 8, 2022\n\n"
    "The week opened on January 3 with two small fixed-wing drones shot down as they approached Baghdad "
    "International Airport. No group claimed the attempt.\n\n"
    "The busiest day was January 5. In eastern Syria, eight rockets struck the Green Village base near the al-Omar "
    "oil field in Deir ez-Zor. U.S. forces had struck rocket launch positions near al-Mayadin earlier the same day, "
    "in what the coalition called a pre-emptive strike.\n\n"
    "On January 6, an improvised explosive device hit a logistics convoy on the highway near al-Mahawil in northern "
    "Babil. Within about an hour of each other, Ashab al-Kahf and Qasem al-Jabbarin both claimed responsibility for "
    "the attack. An Iraqi security source told a Baghdad outlet there were no casualties.\n\n"
    "Since the front groups first appeared, we have recorded only a handful of incidents claimed by more than one "
    "brand.\n\n"
    "There was no attack on the U.S. embassy this week, despite threats on militia channels."
)


def test_two_groups_claiming_one_attack_give_it_the_first_and_no_other_attack():
    found = {e.admin1: e for e in extract(MONITOR)}
    assert set(found) == {"Baghdad", "Deir ez-Zor", "Babil"}  # the US strike near al-Mayadin is not an attack
    assert found["Babil"].claimed_by == "Ashab al-Kahf"
    assert found["Deir ez-Zor"].claimed_by is None and found["Baghdad"].claimed_by is None


def test_a_denial_about_the_embassy_leaves_the_airport_drones_and_an_outlets_city_is_not_a_place():
    found = {e.admin1: e for e in extract(MONITOR)}
    assert found["Baghdad"].target == "airport"
    assert (found["Baghdad"].casualties.killed, found["Babil"].casualties.killed) == (None, 0)


def test_a_group_line_over_a_bare_statement_line_claims_the_post():
    text = (
        "Front Media | channel\n\n[18.10.2023 06:12]\n🔻 The Islamic Resistance in Iraq 🔻\nStatement:\n"
        "The mujahideen targeted the American occupation base of Ain al-Asad in western Iraq with two drones at dawn "
        "today.\n👁 41.3K\n\n[19.10.2023 21:30]\n⚠️ Reports of a drone attack on the Victory base at Baghdad airport, "
        "awaiting confirmation...\n👁 29.9K\n\n[19.10.2023 21:52]\n❌ Correction: the sounds heard near Baghdad airport "
        "were an exercise of the Iraqi air defences. No attack on Victory base.\n👁 30.2K\n"
    )
    found = extract(text)
    assert [(e.admin1, e.date, e.claimed_by) for e in found] == [
        ("Al-Anbar", "2023-10-18", "Islamic Resistance in Iraq")
    ]


def test_a_timeline_page_takes_its_year_from_its_title_not_from_its_contents_or_citations():
    text = (
        "Timeline of attacks on coalition forces in Iraq (2020)\n\n"
        "Contents\n1 Background\n2 January-February\n3 March\n4 April-June\n\n"
        "March[edit]\n"
        "* 16 March - Two Katyusha rockets landed inside the Basmaya base south-east of Baghdad.[12]\n"
        "April-June[edit]\n"
        "* 6 April - A Katyusha rocket fell inside the Green Zone in central Baghdad; no one was hurt.[13]\n"
        "* 8 June - A Katyusha rocket hit near the main gate of Baghdad International Airport.[14]\n\n"
        "References[edit]\n"
        '1. ^ "Rockets hit near US embassy in Baghdad after funeral". The Gulf Tribune.\n'
        '16. ^ "Mortars hit Taji perimeter". Iraq Today Online.\n'
    )
    found = extract(text)
    assert sorted(e.date for e in found) == ["2020-03-16", "2020-04-06", "2020-06-08"]


def test_rockets_found_before_launch_near_the_town_of_hit_are_no_attack():
    body = (
        "Iraqi security forces on Tuesday found a launch platform loaded with five Katyusha rockets aimed at Ain "
        "al-Asad air base and dismantled it before the rockets could be fired.\n\n"
        "On Saturday, police found two rockets on a makeshift rail near Hit, pointed in the direction of the base, "
        "and removed them. The preliminary investigation indicates that the rockets were set to be launched towards "
        "the Victory base near Baghdad airport."
    )
    assert events(body) == []


def test_an_appositive_about_the_latest_strike_rules_nothing_out():
    body = (
        "At least 13 rockets hit Ain al-Asad air base in western Anbar province early on Tuesday, the coalition said, "
        "the latest strike on a facility housing American troops and coming two days before a papal visit."
    )
    assert [(e.admin1, e.date) for e in events(body)] == [("Al-Anbar", "2023-11-21")]


def test_a_rocket_in_the_green_zone_without_the_embassy_is_an_unnamed_target():
    body = (
        "Rockets struck Victory base near Baghdad airport on Tuesday night. About two hours earlier, a rocket landed "
        "in an open area of the Green Zone in central Baghdad, the Security Media Cell said."
    )
    assert sorted(e.target for e in events(body)) == ["base", "other"]


def test_precision_defensive_strikes_are_us_strikes():
    body = (
        'The Pentagon said the "precision defensive strikes" hit three sites in Iraq on Tuesday, including near the '
        "town of al-Qaim, describing them as depots used to plan attacks on coalition forces."
    )
    assert events(body) == []


def test_a_byline_date_written_year_first_with_slashes():
    text = (
        "Rocket attack on Erbil airport kills foreign contractor\n\nHawler Post · 2021/02/16 · 01:14\n\n"
        "ERBIL, Kurdistan Region - A barrage of rockets struck Erbil International Airport late Monday, killing a "
        "civilian contractor, officials said."
    )
    assert [(e.date, e.casualties.killed) for e in extract(text)] == [("2021-02-15", 1)]


# ---------------------------------------------------------------- precision on ordinary news pages


def test_a_headline_whose_body_says_the_base_was_not_hit_codes_nothing():
    text = (
        "Blasts rock PMF arms depot near Balad air base; drone strike suspected\n\nWednesday, 21 August 2019\n\n"
        "A series of explosions tore through a weapons depot belonging to the Popular Mobilisation Forces near Balad "
        "air base on Tuesday evening, local officials said. An official at the air base said the base itself had "
        "not been hit."
    )
    assert extract(text) == []


def test_a_headline_alone_is_its_own_evidence():
    found = extract("Rockets hit Ain al-Asad air base in Anbar\n\nPublished: 22 November 2023\n")
    assert [e.evidence for e in found] == ["Rockets hit Ain al-Asad air base in Anbar"]


def test_an_analysis_of_months_of_attacks_and_a_sites_record_are_no_attacks():
    text = (
        "Analysis: What five months of militia attacks on US troops say about Iraq's next move\n\n"
        "Published: 14 March 2024\n\n"
        "Baghdad airport, where US-led coalition advisers are stationed, has been targeted at least six times this "
        "year, according to security officials."
    )
    assert extract(text) == []


def test_us_people_killed_at_an_iraqi_base_make_it_an_attack_on_the_coalition():
    body = (
        "At least 25 rockets slammed into an Iraqi military base near the northern city of Kirkuk on Tuesday evening, "
        "killing a U.S. civilian contractor and wounding three American service members, officials said."
    )
    assert [(e.admin1, e.casualties.killed, e.casualties.injured) for e in events(body)] == [("Kirkuk", 1, 3)]


def test_a_record_set_since_an_earlier_attack_is_not_that_attack_and_shelling_by_us_forces_is_not_one():
    body = (
        "Rockets struck Camp Taji north of Baghdad on Tuesday, killing two soldiers. It was the deadliest attack on "
        "coalition forces in Iraq since January, when Iran launched ballistic missiles at Ain al-Asad air base.\n\n"
        "Syrian state media said U.S. forces had shelled areas near the town of Mayadin. Drones have also struck oil "
        "fields in Duhok province, halting production at sites operated by foreign companies."
    )
    assert [e.admin1 for e in events(body)] == ["Baghdad"]


def test_brain_injuries_diagnosed_later_and_a_claim_that_names_its_reason():
    body = (
        "Twenty-nine American service members have been diagnosed with traumatic brain injuries from Iran's missile "
        "barrage on al-Asad air base in western Iraq on Tuesday, the Defense Department said.\n\n"
        "The Islamic Revolutionary Guard Corps claimed the strike within hours, calling it revenge for the U.S. drone "
        "strike that killed Gen. Qassem Soleimani in Baghdad."
    )
    found = events(body)
    assert [(e.admin1, e.casualties.injured, e.claimed_by) for e in found] == [
        ("Al-Anbar", 29, "Islamic Revolutionary Guard Corps")
    ]
