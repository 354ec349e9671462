"""Rules found on the blind4/blind5 corpora (security briefs, translated local outlets, wire copy): each test is a
short invented article and asserts what a user sees in the coded events."""

from __future__ import annotations

from sitrep import extract
from sitrep.extract.pipeline import analyse
from sitrep.extract.times import find_times

from .helpers import casualties

DATELINE = "Security report\n\nPublished: 14 March 2021\n\n"  # a Sunday


def events(body: str):
    return extract(DATELINE + body)


# ---------------------------------------------------------------- security briefs


def test_brief_times_written_with_hrs_are_clock_times_unless_approximate():
    assert [t.value for t in find_times("23 May | 0930hrs | IED detonated against a convoy")] == ["09:30"]
    assert [t.value for t in find_times("fell at 1205 hours inside the base")] == ["12:05"]
    assert find_times("Approx. 2320hrs. One-way UAV attack on the base") == []
    assert find_times("after 1900 hours of fighting") == []


def test_brief_bullet_without_a_verb_is_an_attack_and_each_bullet_is_its_own_incident():
    body = (
        "INCIDENTS\n"
        "- BABIL | 13 Mar | IED detonated against a convoy carrying coalition logistics on Highway 8 near Hillah.\n"
        "- SOUTH OF BAGHDAD | 13 Mar | Local media reported an IED against a contractor convoy on Highway 1 south of "
        "Baghdad.\n"
    )
    found = events(body)
    assert len(found) == 2
    assert {e.admin1 for e in found} == {"Babil", None}
    assert all(e.event_type == "ied" and e.target == "convoy" for e in found)


def test_indirect_fire_in_a_brief_is_not_the_israeli_army():
    body = "- AL-ANBAR | 13 Mar | IDF (3x rockets) fired at Ain al-Asad air base at 1342L. No casualties."
    found = events(body)
    assert [(e.admin1, e.event_type, e.time) for e in found] == [("Al-Anbar", "rocket", "13:42")]
    # the Israel Defense Forces striking elsewhere stays out
    assert events("The IDF struck targets in southern Lebanon on Saturday, the army said.") == []


# ---------------------------------------------------------------- what is not an attack on the coalition


def test_a_hospital_the_wounded_are_taken_to_is_not_someone_elses_target():
    body = (
        "Two convoys carrying supplies for the international coalition were targeted with explosive devices on "
        "Saturday, security sources said.\n\nThe first device exploded on a convoy near Al-Khidr, east of Samawah.\n\n"
        "A few hours later, a second device targeted a convoy on the road near Diwaniyah, wounding two drivers who "
        "were transferred to hospital."
    )
    found = events(body)
    assert len(found) == 2
    assert (found[1].admin1, found[1].casualties.injured) == ("Al-Qadisiyah", 2)


def test_suspension_of_their_attacks_is_truce_news():
    body = "The factions announced on Saturday a conditional suspension of their attacks on American forces in Iraq."
    assert events(body) == []


def test_will_not_stop_is_a_vow():
    body = "The factions say that the operations against the American bases will not stop as long as the war continues."
    assert events(body) == []


def test_the_american_strikes_and_coalition_return_fire_are_not_attacks_on_the_coalition():
    assert events("On Saturday the leaders met to discuss the American strikes on the base of the brigade.") == []
    body = (
        "Rockets were fired at the Conoco base on Saturday morning. "
        "Coalition forces responded with artillery fire towards the launch area near the town of Mayadin."
    )
    assert [e.place for e in events(body)] == ["Conoco base"]


def test_flights_not_affected_is_no_attack_on_the_airport():
    body = (
        "Flights were not affected by the security operation at Erbil airport on Saturday, an airport spokesman said."
    )
    assert events(body) == []


def test_a_device_dismantled_before_it_exploded_is_not_an_attack():
    body = (
        "Security forces found a third explosive device planted near the entrance of Camp Taji on Saturday, and the "
        "engineering teams dismantled it before it exploded."
    )
    assert events(body) == []


def test_a_launcher_discovered_after_a_tip_off_is_a_thwarted_plot():
    body = (
        "TIKRIT - Iraqi forces on Saturday found and dismantled a rocket launch platform primed to fire at Balad "
        "air base, thwarting an attack before launch.\n\nThe launcher, fitted with a timer, was discovered in an "
        "orchard about 10 kilometres from the base after a tip-off from residents, the Joint Operations Command said "
        "in a statement. Engineering teams defused the rockets."
    )
    assert events(body) == []


def test_explosions_from_an_exercise_are_denied_as_an_attack():
    body = (
        "Explosions heard at the Green Village base in Deir ez-Zor countryside on Saturday morning were the result "
        "of a coalition live-fire exercise, the Syrian Democratic Forces said."
    )
    assert events(body) == []


def test_periodic_fire_is_a_tempo_statement():
    body = "In Syria militias periodically fired rockets at U.S. positions in Deir ez-Zor province."
    assert events(body) == []


def test_a_denial_ends_where_the_official_names_what_was_struck():
    body = (
        "A one-way drone struck Tower 22 in Jordan early on Saturday, killing three U.S. soldiers. "
        "A U.S. defense official said there had been no attack on Shaddadi or al-Tanf on Saturday and that the only "
        "installation struck was Tower 22."
    )
    assert [(e.country, e.casualties.killed) for e in events(body)] == [("Jordan", 3)]


# ---------------------------------------------------------------- places


def test_a_feature_named_after_a_governorate_is_not_the_governorate():
    body = (
        "A rocket fell inside the Green Zone in the centre of Baghdad on Saturday, landing in an empty yard near the "
        "al-Qadisiya residential complex."
    )
    assert [e.admin1 for e in events(body)] == ["Baghdad"]


def test_two_attacks_joined_by_hours_before_a_second_are_two_records():
    body = (
        "A drone targeted the Harir air base in Erbil province on Saturday morning, hours before a second drone was "
        "shot down as it approached the coalition base at Erbil International Airport."
    )
    found = events(body)
    assert len(found) == 2
    assert {e.admin1 for e in found} == {"Erbil"}


def test_drones_brought_down_over_a_base_are_coded():
    body = "Two drones approaching the Union III base in central Baghdad were brought down on Saturday afternoon."
    assert [(e.admin1, e.event_type) for e in events(body)] == [("Baghdad", "drone")]


def test_dateline_city_with_a_day_month_year_date_is_not_a_place_of_the_attack():
    text = (
        "Rockets hit Ain al-Asad\n\nBAGHDAD, 3 March 2021 - At least 10 rockets slammed into Ain al-Asad air base "
        "in Anbar province on Wednesday, the coalition said."
    )
    found = extract(text)
    assert [(e.admin1, e.date) for e in found] == [("Al-Anbar", "2021-03-03")]


# ---------------------------------------------------------------- casualties


def test_casualty_phrasings_from_translated_reports():
    assert casualties("The driver of that truck suffered burns and was taken to hospital.") == (None, 1)
    assert casualties("Two soldiers sustained minor wounds.") == (None, 2)
    assert casualties("The explosion did not result in any injuries, and the damage was limited to one truck.") == (
        None,
        0,
    )
    assert casualties("One drone was intercepted; no damage or casualties.") == (0, 0)


# ---------------------------------------------------------------- publication dates and years


def _published(text: str) -> str | None:
    article = analyse(text)[0]
    return article.pub.date.isoformat() if article.pub else None


def test_lead_datelines_with_numeric_dates_give_the_publication_date():
    lead = (
        " - A roadside bomb hit three lorries hauling equipment of the international coalition on the highway west "
        "of Nasiriyah on Monday, killing one driver and wounding two others, police said."
    )  # a lead paragraph longer than a byline line
    assert _published("Convoy hit\n\nNASIRIYAH, 2021-03-15" + lead) == "2021-03-15"
    assert _published("Convoy hit\n\nBaghdad, 14-07-2020 (SWA)" + lead) == "2020-07-14"


def test_a_byline_without_a_year_takes_the_year_the_text_implies_and_its_weekday():
    text = (
        "Despite the truce, convoys hit\n\nWednesday, 25 November\n\n"
        "On Saturday, an explosive device exploded on a convoy of trucks carrying coalition supplies near Diwaniyah. "
        "The factions had presented the attacks as revenge for the assassination in January of Qassem Soleimani."
    )
    assert _published(text) == "2020-11-25"  # the anchor gives 2020, and 25 November 2020 was a Wednesday
    assert [e.date for e in extract(text)] == ["2020-11-21"]


def test_support_for_gaza_dates_a_story_to_the_war_that_began_in_october_2023():
    text = (
        "Drone strikes base\n\nTehran, Jan. 20 (PDA) - The Islamic Resistance in Iraq said on Saturday that it had "
        "targeted the occupation base at Harir in Erbil with a drone, in continued support of the oppressed people "
        "of Gaza."
    )
    assert _published(text) == "2024-01-20"


def test_a_count_of_a_thing_is_not_a_count_of_the_troops_it_houses():
    assert casualties(
        "A drone attack on a base housing US troops at the al-Omar oil field killed six fighters of the SDF."
    ) == (6, None)
    assert casualties("A contractor was killed when rockets hit the base.") == (1, None)


def test_a_live_blog_update_about_an_attack_it_never_told_is_that_attack():
    body = (
        "10:05 - Drones targeted the Conoco base in Deir ez-Zor on Saturday morning, the coalition said.\n\n"
        "11:20 - The Pentagon said more than 40 service members had now been reported injured in Friday's attack on "
        "Tower 22, a small logistics base in north-east Jordan."
    )
    found = events(body)
    assert sorted((e.country, e.date) for e in found) == [("Jordan", "2021-03-12"), ("Syria", "2021-03-13")]


def test_a_brief_line_gives_its_date_and_time_cells_to_the_attack_told_after_them():
    body = (
        "2. SIGNIFICANT INCIDENTS\n"
        "10/03/2021 | ERBIL | 2320hrs. One-way UAV attack on coalition facilities at Erbil International Airport. "
        "No casualties.\n"
        "12/03/2021 | AL-ANBAR | 1205hrs. 14x 122mm rockets fired at Ain al-Asad Air Base. Two contractors "
        "sustained minor injuries.\n"
        "13/03/2021 | DEIR EZ-ZOR (SYRIA) | UAV attack on the US base at Al-Omar oil field. No injuries.\n"
    )
    found = {e.admin1: e for e in events(body)}
    assert {k: (e.date, e.time) for k, e in found.items()} == {
        "Erbil": ("2021-03-10", "23:20"),
        "Al-Anbar": ("2021-03-12", "12:05"),
        "Deir ez-Zor": ("2021-03-13", None),
    }
    assert found["Erbil"].target == "base"  # coalition facilities at the airport: the coalition's base there
    assert [found[k].casualties.injured for k in ("Erbil", "Al-Anbar", "Deir ez-Zor")] == [0, 2, 0]


def test_a_second_drone_later_the_same_day_is_a_second_attack_at_the_same_base():
    body = (
        "A drone attack targeted Ain al-Asad air base in Anbar province at 1:20 a.m. on Saturday, the military said. "
        "Later on Saturday, at 4:15 p.m., a second drone struck near the base's runway, a security official said."
    )
    found = events(body)
    assert [(e.admin1, e.time) for e in found] == [("Al-Anbar", "01:20"), ("Al-Anbar", "16:15")]


def test_hours_later_is_the_day_of_the_attack_told_before():
    body = (
        "Six rockets landed at Baghdad International Airport early on Saturday, the military said.\n\n"
        "About two hours later, security forces shot down a drone as it approached the Victory military complex on "
        "the edge of the airport.\n\n"
        "On January 3, two armed drones were shot down as they approached the U.S. facility at the airport."
    )
    found = events(body)
    assert [(e.event_type, e.target, e.date) for e in found if e.date == "2021-03-13"] == [
        ("rocket", "airport", "2021-03-13"),
        ("drone", "base", "2021-03-13"),
    ]


def test_a_headline_about_rockets_defused_before_launch_is_no_attack():
    text = (
        "Iraqi forces find rockets primed to hit Baghdad airport, defuse them before launch\n\n"
        "Iraqi security forces on Saturday found a launch pad loaded with eight rockets aimed at Baghdad "
        "International Airport and defused them before they could be fired, the Security Media Cell said."
    )
    assert extract(text) == []


def test_coalition_support_to_counter_terrorism_operations_is_not_an_attack_on_it():
    body = (
        "Coalition advisers provide intelligence and air support to Iraqi counter-terrorism operations, officials "
        "said, including several strikes on Islamic State hideouts in the Hamrin mountains this month."
    )
    assert events(body) == []


def test_a_tyre_burst_is_not_an_attack():
    body = "Police said the blast that hit a convoy near Diwaniyah on Saturday was caused by a lorry's tyre bursting."
    assert events(body) == []


# ---------------------------------------------------------------- chronologies and explainers


TIMELINE = (
    "Timeline: attacks on U.S. troops since Oct. 17\n\nUpdated Nov. 2, 2023\n\n"
    "Oct. 17: Two drones targeted Ain al-Asad Air Base in Iraq's Anbar province. One was shot down.\n\n"
    "Oct. 18: Two drones struck at the al-Tanf garrison in southern Syria. The same day, a drone was shot down near "
    "Harir air base in northern Iraq.\n\n"
    "Oct. 18: A U.S. contractor died of a cardiac episode while sheltering at Ain al-Asad during a false alarm. "
    "No attack took place.\n\n"
    "Oct. 19: Rockets hit inside Ain al-Asad.\n\n"
    "Oct. 25: A drone was downed as it approached Harir air base north of Erbil.\n\n"
    "Nov. 1: Rockets were fired at the U.S. base at the Conoco gas field in Syria's Deir ez-Zor province.\n"
)


def test_every_entry_of_a_timeline_is_an_attack_of_its_own_day():
    found = sorted((e.date, e.place) for e in extract(TIMELINE))
    assert [d for d, _ in found] == ["2023-10-17", "2023-10-18", "2023-10-18", "2023-10-19", "2023-10-25", "2023-11-01"]
    # "The same day" takes the entry's date, so the Harir drones of Oct. 18 and Oct. 25 stay two attacks
    assert [d for d, p in found if p.startswith("Harir")] == ["2023-10-18", "2023-10-25"]


def test_a_monthly_review_keeps_attacks_from_the_start_of_the_month():
    text = (
        "Convoy Watch: June 2021\n\nPublished: 2 July 2021\n\n"
        "On June 1, an explosive device detonated beside a convoy of trucks on the highway near Diwaniyah.\n\n"
        "On June 3, two bombs struck a convoy carrying coalition supplies on the Samawah road in Muthanna.\n\n"
        "On June 22, an IED hit a coalition supply convoy on the southern ring road of Nasiriyah.\n"
    )
    assert sorted(e.date for e in extract(text)) == ["2021-06-01", "2021-06-03", "2021-06-22"]


def test_a_suicide_bomber_who_blew_himself_up_by_a_us_patrol_is_an_ied_attack():
    body = (
        "A suicide bomber blew himself up near a restaurant in the northern Syrian city of Manbij on Saturday where a "
        "U.S. patrol had stopped, killing two U.S. service members, the coalition said."
    )
    found = events(body)
    assert [(e.admin1, e.event_type, e.casualties.killed) for e in found] == [("Aleppo", "ied", 2)]


def test_entries_of_an_explainer_about_one_base_are_attacks_on_that_base():
    text = (
        "Explainer: Ain al-Asad, the desert base the militias keep returning to\n\nSept. 20, 2024\n\n"
        "Ain al-Asad lies about 180 kilometres west of Baghdad in Anbar province.\n\n"
        "March 3, 2021: At least 10 rockets hit the base. A civilian contractor died while sheltering.\n\n"
        "July 7, 2021: 14 rockets struck the base and its perimeter, lightly injuring two service members.\n\n"
        "Aug. 5, 2024: Two Katyusha rockets struck inside the base, injuring seven Americans.\n"
    )
    found = sorted((e.date, e.admin1, e.casualties.injured) for e in extract(text))
    assert found == [("2021-03-03", "Al-Anbar", None), ("2021-07-07", "Al-Anbar", 2), ("2024-08-05", "Al-Anbar", 7)]


# ---------------------------------------------------------------- claims


def test_a_claim_by_a_group_that_gave_no_name_does_not_go_to_the_group_named_before():
    body = (
        "Bombs hit coalition supply convoys near Samawah and near Safwan in Basra province on Saturday.\n\n"
        "The Telegram channel Sabereen News reported that Qasim al-Jabbarin had claimed the attack near Samawah. "
        "A statement from a group that did not give its name later claimed the Basra attack."
    )
    claims = {e.admin1: e.claimed_by for e in events(body)}
    assert claims == {"Al-Muthanna": "Qasim al-Jabbarin", "Basra": None}


def test_a_group_that_has_claimed_most_attacks_has_not_claimed_this_one():
    body = (
        "Mortar rounds hit the U.S. Embassy compound in Baghdad on Saturday, security officials said. "
        "The Islamic Resistance in Iraq, which has claimed most of the attacks on U.S. bases since October, was "
        "quiet on Saturday."
    )
    assert [(e.target, e.claimed_by) for e in events(body)] == [("embassy", None)]


def test_a_patrol_base_is_a_base():
    body = "A drone struck a patrol base housing U.S. troops in eastern Syria on Saturday, officials said."
    assert [e.target for e in events(body)] == ["base"]


# ---------------------------------------------------------------- logs, appositions, relative days


def test_an_incident_log_entry_line_gives_place_and_date_to_the_text_under_it():
    text = (
        "Incident log: US and coalition facilities, 05.08.2024 - 12.08.2024\n\nCompiled 13.08.2024\n\n"
        "05.08.2024 | Ain al-Asad Air Base, Anbar (IQ)\n\n"
        "Two Katyusha rockets struck inside the base at 21:50. No claim. [US DoD]\n\n"
        "08.08.2024 | Jurf al-Sakhar, Babil (IQ)\n\n"
        "Unidentified air strike on a Kataib Hezbollah depot. Not an attack on coalition forces; logged for context.\n\n"
        "09.08.2024 | Rumalyn Landing Zone, Hasakah (SY)\n\n"
        "One-way UAS shot down on approach. No casualties. [US official]\n"
    )
    found = sorted((e.date, e.admin1, e.event_type) for e in extract(text))
    assert found == [("2024-08-05", "Al-Anbar", "rocket"), ("2024-08-09", "Al-Hasakah", "drone")]


def test_a_weekday_beside_a_date_names_that_date():
    text = (
        "The first ten days\n\nPublished Oct. 27, 2023\n\n"
        "The strike came on Tuesday, Oct. 17, when two one-way drones flew at Ain al-Asad air base.\n\n"
        "The next day, two drones flew at the al-Tanf garrison in southern Syria.\n"
    )
    assert sorted((e.date, e.admin1) for e in extract(text)) == [("2023-10-17", "Al-Anbar"), ("2023-10-18", "Homs")]


def test_us_strikes_told_as_the_strikes_and_plans_to_target_are_not_attacks():
    body = (
        "The strikes hit three sites in Iraq near the town of al-Qaim on Saturday, the Pentagon said.\n\n"
        "The seizures indicate continued intent to target Ain al-Asad and the Baghdad airport complex."
    )
    assert events(body) == []


def test_a_landmark_after_near_is_not_a_second_attack():
    body = (
        "A one-way drone struck the living quarters of Tower 22, a small logistics outpost in north-eastern Jordan "
        "close to the Syrian border and the Rukban camp, on Saturday, killing three US soldiers."
    )
    assert [(e.country, e.casualties.killed) for e in events(body)] == [("Jordan", 3)]


def test_an_attack_told_before_a_mention_of_airstrikes_is_kept():
    body = (
        "A contractor died of a heart attack while sheltering from a rocket barrage on Saturday at Ain al-Asad air "
        "base, in the first significant attack on U.S. forces since the president ordered airstrikes in Syria."
    )
    assert [(e.admin1, e.event_type, e.casualties.killed) for e in events(body)] == [("Al-Anbar", "rocket", 1)]


def test_a_summary_month_does_not_date_the_attacks_of_the_monthly_review():
    text = (
        "Escalation Monitor: January 2024\n\nPublished: 5 February 2024\n\n"
        "January was the deadliest month for US forces since the campaign of attacks by Iran-aligned groups began "
        "in mid-October.\n\n"
        "A one-way drone struck the living quarters of Tower 22 in north-eastern Jordan on 28 January, killing "
        "three US soldiers.\n\n"
        "A drone attack on the Rumalyn Landing Zone in Hasakah late in the month caused no casualties."
    )
    dates = [e.date for e in extract(text)]
    assert len(dates) == 2 and {d[:7] for d in dates} == {"2024-01"}  # not October, from the summary


def test_a_death_during_a_false_alarm_is_no_casualty_and_its_denial_covers_only_its_base():
    body = (
        "Drones struck Ain al-Asad air base on March 11 and the al-Tanf garrison on March 12.\n\n"
        "Also on March 12, a contractor at Ain al-Asad died of a cardiac episode while sheltering during a false "
        "alarm. No attack took place, the Pentagon said."
    )
    found = sorted((e.date, e.admin1, e.casualties.killed) for e in events(body))
    assert found == [("2021-03-11", "Al-Anbar", None), ("2021-03-12", "Homs", None)]


def test_articles_that_are_only_a_title_or_a_single_line_give_no_traceback():
    assert extract("Statement\n\nThe drone hit the base.") is not None
    assert [e.admin1 for e in extract("A drone struck Ain al-Asad air base.")] == ["Al-Anbar"]
    assert extract("hello") == []
    assert extract("\nRockets hit the base in Erbil on Monday.") is not None


def test_a_statement_headline_about_strikes_on_a_group_is_not_that_groups_claim():
    text = (
        "CENTCOM statement on strikes against IRGC Quds Force and affiliated groups\n\n"
        "The strikes follow the drone attack on Tower 22 in Jordan on Saturday that killed three U.S. service "
        "members, officials said."
    )
    assert [e.claimed_by for e in extract(text)] in ([], [None])
    # a group's own statement headline still claims
    text = (
        "Islamic Resistance in Iraq statement on the targeting of Harir base\n\n"
        "The statement said its fighters targeted the American occupation base at Harir with a drone on Saturday."
    )
    assert [e.claimed_by for e in extract(text)] == ["Islamic Resistance in Iraq"]


def test_a_log_entrys_claim_goes_to_the_attack_under_the_same_entry_line():
    text = (
        "Incident log\n\nCompiled 13.08.2024\n\n"
        "09.08.2024 | Rumalyn Landing Zone, Hasakah (SY)\n\n"
        "One-way UAS shot down on approach. No casualties. [US official]\n\n"
        "10.08.2024 | MSS Euphrates (Conoco), Deir ez-Zor (SY)\n\n"
        "Three mortar rounds landed near the base perimeter. No damage reported. [SDF media centre]\n\n"
        "10.08.2024 | Green Village, Deir ez-Zor (SY)\n\n"
        'Saraya Awliya al-Dam (SAD) claimed a "drone strike" on the base in a Telegram statement. No confirmation '
        "from CJTF-OIR; no denial. [Telegram]\n"
    )
    claims = sorted((e.event_type, e.claimed_by or "") for e in extract(text))
    assert claims == [("drone", ""), ("drone", "Saraya Awliya al-Dam"), ("mortar", "")]


def test_the_large_majority_of_the_attacks_is_a_record_not_a_claim():
    body = (
        "Two drones flew at Ain al-Asad air base on Saturday. "
        "The Islamic Resistance in Iraq has claimed the large majority of the attacks since October."
    )
    assert [e.claimed_by for e in events(body)] == [None]


def test_a_label_that_allows_groups_to_claim_operations_claims_nothing():
    body = (
        "Our working assumption is that the label is a shared banner for Kata'ib Hezbollah, Harakat al-Nujaba and "
        "Kata'ib Sayyid al-Shuhada, allowing them to claim operations collectively.\n\n"
        "Two drones targeted Harir air base on Saturday. The Islamic Resistance in Iraq claimed the attack."
    )
    assert [e.claimed_by for e in events(body)] == ["Islamic Resistance in Iraq"]


def test_a_groups_claim_record_does_not_unclaim_the_attacks_it_did_claim():
    body = (
        "Drones struck the al-Tanf garrison on Saturday. The Islamic Resistance in Iraq claimed the attack.\n\n"
        "The Islamic Resistance in Iraq has claimed at least two attacks that U.S. officials say did not happen, "
        "and has not claimed several that did."
    )
    assert [e.claimed_by for e in events(body)] == ["Islamic Resistance in Iraq"]


def test_no_claim_for_the_attack_on_the_embassy_leaves_the_claimed_base_attack_claimed():
    body = (
        "Mortar rounds hit the U.S. embassy in Baghdad early on Saturday.\n\nHours later, drones targeted Ain al-Asad "
        "air base. The Islamic Resistance in Iraq said in a statement that it had targeted the base.\n\n"
        "No group had claimed responsibility for the attack on the embassy."
    )
    claims = {e.target: e.claimed_by for e in events(body)}
    assert claims == {"embassy": None, "base": "Islamic Resistance in Iraq"}


def test_rockets_in_the_green_zone_during_a_fight_between_iraqi_camps_are_not_an_attack_on_the_coalition():
    text = (
        "Rockets and gunfire shake Baghdad's Green Zone as Sadr supporters clash with security forces\n\n"
        "BAGHDAD, Aug 30 (Wire) - Rockets and mortar rounds crashed into Baghdad's Green Zone overnight as "
        "supporters of Moqtada al-Sadr fought security forces and members of rival factions.\n\n"
        "Security officials said the rockets were fired by the rival camps at each other's positions in the zone."
    )
    assert extract(text) == []


def test_an_attack_fired_from_iraq_at_a_base_in_syria_happened_in_syria():
    body = (
        "At least five rockets were fired from the Iraqi border town of Zummar at a U.S. military base in Syria's "
        "Rumeilan on Saturday night, Iraqi security officials said."
    )
    assert [(e.country, e.admin1) for e in events(body)] == [("Syria", "Al-Hasakah")]


def test_the_day_a_pentagon_disclosure_was_made_is_not_the_attacks_day():
    body = (
        "Rockets struck Ain al-Asad air base on Saturday, injuring seven Americans. The Pentagon also disclosed on "
        "Saturday that a one-way attack drone struck a building at the al-Tanf garrison in southern Syria last month."
    )
    found = sorted((e.admin1, e.date) for e in events(body))
    assert ("Al-Anbar", "2021-03-13") in found
    assert ("Homs", "2021-03-13") not in found  # last month's attack (background here), not Saturday's
