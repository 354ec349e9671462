"""One group of tests per rule of CODEBOOK §2, on short articles written for the tests."""

from __future__ import annotations

import pytest

from sitrep import extract
from sitrep.extract.pipeline import extract_document
from sitrep.models import Document


def events(body: str, *, title: str = "Attack report", url: str | None = None, published: str | None = None):
    return extract(f"{title}\n\n{body}", url=url, published=published)


def one(body: str, **kw):
    evs = events(body, **kw)
    assert len(evs) == 1, [e.model_dump() for e in evs]
    return evs[0]


DATELINE = "Published: 14 March 2021\n\n"  # a Sunday


# ---------------------------------------------------------------- rule 1: what counts


class TestRule1WhatCounts:
    def test_stated_attack_on_base_is_coded(self):
        e = one(DATELINE + "Three rockets struck Ain al-Asad air base in Anbar province on Saturday, officials said.")
        assert (e.event_type, e.target, e.admin1) == ("rocket", "base", "Al-Anbar")

    def test_intercepted_drone_is_coded(self):
        e = one(
            DATELINE
            + "Air defences at Harir base shot down an explosive-laden drone on Saturday night, Kurdish officials said."
        )
        assert e.event_type == "drone" and e.admin1 == "Erbil"

    @pytest.mark.parametrize(
        "body",
        [
            "Kataib Hezbollah vowed that its coming operations against the American occupier at Ain al-Asad base will be more painful.",
            "A commander said attacks on US bases may resume at any moment if the negotiations fail.",
            "US forces in Iraq and Syria have been attacked more than 70 times since October, the Pentagon said.",
            "US warplanes struck weapons depots belonging to Kataib Hezbollah near Al-Qaim on Friday, the Pentagon said.",
            "Islamic State militants attacked an Iraqi army checkpoint near Tarmiyah, killing two soldiers.",
            "Security forces thwarted a planned rocket attack on Victory base, seizing a launcher with four rockets ready for launch.",
        ],
        ids=["threat", "hypothetical", "tempo-count", "us-strike", "isis-on-iraqi-army", "thwarted-plot"],
    )
    def test_non_events_are_not_coded(self, body):
        assert events(DATELINE + body) == []

    def test_flatly_denied_claim_is_not_coded(self):
        body = (
            DATELINE
            + "A little-known group said it had bombed a coalition convoy near Zubair on Saturday.\n\n"
            + "Basra Police Command denied that any convoy had been attacked, saying the blaze was a fire in a generator."
        )
        assert events(body) == []

    def test_count_told_beside_an_attack_does_not_hide_it(self):
        body = (
            DATELINE
            + "A mortar round struck the coalition base at the Conoco gas field on Saturday, the second attack on the base in a week."
        )
        assert one(body).admin1 == "Deir ez-Zor"

    def test_background_mention_is_not_a_new_event(self):
        body = (
            DATELINE
            + "A roadside bomb hit a coalition supply convoy near Samawah on Saturday, a police source said.\n\n"
            + "In recent weeks, a rocket attack also targeted Victory base near Baghdad airport."
        )
        evs = events(body)
        assert [e.admin1 for e in evs] == ["Al-Muthanna"]


# ---------------------------------------------------------------- rule 2: claims


class TestRule2Claims:
    def test_named_group_claiming_fills_claimed_by(self):
        body = (
            DATELINE
            + "An explosive device struck a convoy carrying coalition supplies near Diwaniyah on Saturday.\n\n"
            + "Ashab al-Kahf claimed responsibility for the attack in a statement on Telegram."
        )
        e = one(body)
        assert e.claimed_by == "Ashab al-Kahf" and e.attribution == "claimed"
        assert e.actor is not None and e.actor.name

    def test_self_named_group_is_the_claimant(self):
        body = (
            DATELINE
            + "A group which calls itself Saraya Thar al-Muhandis claimed responsibility for a drone attack on Ain al-Asad air base on Saturday."
        )
        assert one(body).claimed_by == "Saraya Thar al-Muhandis"

    def test_official_blame_is_attribution_not_claim(self):
        body = (
            DATELINE
            + "Rockets hit Balad air base on Saturday, wounding two contractors. US officials blamed Kataib Hezbollah for the attack."
        )
        e = one(body)
        assert e.claimed_by is None
        assert e.attribution == "attributed"

    def test_channel_reporting_is_not_a_claim(self):
        body = (
            DATELINE + "Sabereen News celebrated a drone strike on Harir base on Saturday, posting pictures of smoke."
        )
        assert one(body).claimed_by is None

    def test_unnamed_group_claim_is_not_a_claim(self):
        body = (
            DATELINE
            + "A roadside bomb hit a coalition convoy near Nasiriyah on Saturday. An unknown group claimed the attack."
        )
        assert one(body).claimed_by is None

    def test_name_drops_leading_the_and_acronym(self):
        body = (
            DATELINE
            + "Rockets struck Ain al-Asad air base on Saturday. The Islamic Resistance in Iraq (IRI) claimed responsibility for the attack."
        )
        assert one(body).claimed_by == "Islamic Resistance in Iraq"


# ---------------------------------------------------------------- rule 3: duplicates


class TestRule3Duplicates:
    def test_headline_lead_and_quote_are_one_event(self):
        text = (
            "Roadside bomb hits coalition convoy near Yusufiyah\n\n"
            + DATELINE
            + "A roadside bomb struck a coalition supply convoy on the Yusufiyah road south of Baghdad on Saturday.\n\n"
            + '"An explosive device targeted a logistics convoy on the Yusufiyah road," a security source said.\n\n'
            + "The explosion in Yusufiyah damaged one truck."
        )
        evs = extract(text)
        assert len(evs) == 1 and evs[0].admin1 == "Baghdad"

    def test_separate_attacks_on_one_base_stay_separate(self):
        body = (
            DATELINE
            + "A drone struck Ain al-Asad air base on Saturday morning, a US official said.\n\n"
            + "Another drone attack targeted Ain al-Asad air base on Saturday evening, the official added."
        )
        assert len(events(body)) == 2

    def test_two_devices_minutes_apart_are_one_record_with_the_first_time(self):
        body = (
            DATELINE
            + "Two explosive devices went off at 06:30 and 06:45 under a coalition convoy on the highway near Rumaitha on Saturday."
        )
        e = one(body)
        assert e.time == "06:30"

    def test_one_sentence_reporting_two_places_gives_two_events(self):
        body = (
            DATELINE
            + "On Saturday, rockets were fired at Ain al-Asad air base in Anbar and the Conoco base in Syria's Deir ez-Zor province."
        )
        evs = events(body)
        assert sorted(e.country for e in evs) == ["Iraq", "Syria"]


# ---------------------------------------------------------------- rule 4: dates


class TestRule4Dates:
    def test_weekday_resolved_against_dateline(self):
        assert one(DATELINE + "Rockets hit Victory base on Thursday, police said.").date == "2021-03-11"

    def test_last_weekday_and_yesterday(self):
        assert one(DATELINE + "Rockets hit Victory base last Friday, police said.").date == "2021-03-12"
        assert one(DATELINE + "Rockets hit Victory base yesterday, police said.").date == "2021-03-13"

    def test_wire_dateline(self):
        text = "Rockets hit base\n\nBAGHDAD, March 14, 2021 (Reuters) - Rockets hit Victory base near Baghdad airport on Saturday, police said."
        e = extract(text)[0]
        assert e.date == "2021-03-13" and e.admin1 == "Baghdad"

    def test_url_date_when_text_has_none(self):
        e = one(
            "Rockets hit Victory base on Thursday, police said.", url="https://news.example.org/iraq/2021/03/14/rockets"
        )
        assert e.date == "2021-03-11"

    def test_metadata_date_last(self):
        e = one("Rockets hit Victory base on Thursday, police said.", published="2021-03-14")
        assert e.date == "2021-03-11"

    def test_month_only(self):
        e = one(DATELINE + "A drone attack targeted Harir base in late February, officials said on Sunday.")
        assert e.date == "2021-02"

    def test_range_gives_date_end(self):
        e = one(DATELINE + "On March 10-11, 2021, rockets were fired at Ain al-Asad air base in Anbar.")
        assert (e.date, e.date_end) == ("2021-03-10", "2021-03-11")

    def test_no_date_recoverable_is_null(self):
        assert one("Rockets hit Victory base near Baghdad airport on Thursday, police said.").date is None

    def test_day_month_numeric_date_settled_by_weekday(self):
        text = "Statement\n\nSunday 10/12/2023\n\nThe mujahideen targeted the occupation base at Ain al-Asad with a drone on Sunday."
        assert extract(text)[0].date == "2023-12-10"

    def test_date_of_founding_is_not_the_attack_date(self):
        body = (
            "Published: 16 April 2020\n\nUsbat al-Tha'ireen, a group that first appeared last month, released a video claiming "
            "a rocket attack that targeted the US embassy in Baghdad two days ago."
        )
        assert one(body).date == "2020-04-14"


# ---------------------------------------------------------------- rule 5: time


class TestRule5Time:
    @pytest.mark.parametrize(
        ("phrase", "expected"),
        [
            ("at 9:07 pm", "21:07"),
            ("precisely at 10:03 am", "10:03"),
            ("at 05:30", "05:30"),
            ("just before 2 p.m.", None),
            ("in the morning", None),
            ("around 11:40 GMT", None),
            ("at 0230 local time", "02:30"),
        ],
    )
    def test_explicit_clock_times_only(self, phrase, expected):
        assert one(DATELINE + f"A drone struck Harir base {phrase} on Saturday, officials said.").time == expected

    def test_posting_timestamp_is_not_the_attack_time(self):
        text = (
            "Drone hits Harir\n\n14 Mar 2021 | 10:12 AM UTC\n\nA drone struck Harir base on Saturday, officials said."
        )
        assert extract(text)[0].time is None


# ---------------------------------------------------------------- rule 6: admin1


class TestRule6Admin1:
    @pytest.mark.parametrize(
        ("place", "admin1"),
        [
            ("Diwaniyah", "Al-Qadisiyah"),
            ("Samawah", "Al-Muthanna"),
            ("Latifiya", "Baghdad"),
            ("Hillah", "Babil"),
            ("Nasiriyah", "Dhi Qar"),
            ("Safwan", "Basra"),
        ],
    )
    def test_town_gives_its_governorate(self, place, admin1):
        assert (
            one(DATELINE + f"A roadside bomb struck a coalition supply convoy near {place} on Saturday.").admin1
            == admin1
        )

    def test_transliterated_governorate(self):
        assert one(DATELINE + "An IED hit a coalition convoy in Babylon province on Saturday.").admin1 == "Babil"

    def test_offset_without_named_place_is_null(self):
        e = one(DATELINE + "A roadside bomb hit a coalition convoy on the main highway north of Baghdad on Saturday.")
        assert e.admin1 is None and e.country == "Iraq"

    def test_named_spot_placed_by_an_offset_from_a_town_takes_its_governorate(self):
        e = one(
            DATELINE
            + "A roadside bomb struck a coalition convoy near the Hamza junction, south of Diwaniyah, on Saturday."
        )
        assert e.admin1 == "Al-Qadisiyah" and e.geo_precision == 2

    def test_between_two_governorates_is_null(self):
        e = one(
            DATELINE + "A roadside bomb hit a coalition convoy on the road between Hilla and Diwaniyah on Saturday."
        )
        assert e.admin1 is None


# ---------------------------------------------------------------- rule 7: event type


class TestRule7EventType:
    @pytest.mark.parametrize(
        ("wording", "event_type"),
        [
            ("A roadside bomb struck a coalition convoy", "ied"),
            ("Katyusha rockets hit Victory base", "rocket"),
            ("A one-way attack drone struck Harir base", "drone"),
            ("Mortar shells fell on the Conoco base", "mortar"),
            ("Gunmen opened fire on a coalition supply convoy", "small_arms"),
            ("Unknown assailants attacked Victory base", "unknown"),
            ("Drones and rockets targeted Ain al-Asad air base", "drone"),
        ],
    )
    def test_weapon_words(self, wording, event_type):
        assert one(DATELINE + f"{wording} on Saturday, officials said.").event_type == event_type

    def test_explosion_hitting_a_convoy_is_ied(self):
        assert one(DATELINE + "An explosion hit a coalition supply convoy near Safwan on Saturday.").event_type == "ied"


# ---------------------------------------------------------------- rule 8: target


class TestRule8Target:
    @pytest.mark.parametrize(
        ("wording", "target"),
        [
            ("a coalition supply convoy near Samawah", "convoy"),
            ("Ain al-Asad air base", "base"),
            ("the US embassy in Baghdad", "embassy"),
            ("Baghdad International Airport", "airport"),
            ("the Green Zone in Baghdad", "other"),
        ],
    )
    def test_target_categories(self, wording, target):
        assert one(DATELINE + f"Rockets hit {wording} on Saturday, officials said.").target == target

    def test_coalition_base_at_erbil_airport_is_a_base(self):
        assert (
            one(DATELINE + "A drone struck the coalition base at Erbil International Airport on Saturday.").target
            == "base"
        )


# ---------------------------------------------------------------- rule 9: casualties


class TestRule9Casualties:
    @pytest.mark.parametrize(
        ("sentence", "killed", "injured"),
        [
            ("wounding three soldiers and two contractors", None, 5),
            ("killing at least four people", 4, None),
            ("wounding several soldiers", None, None),
            ("causing no casualties", 0, 0),
            ("killing one civilian contractor and wounding nine others, including a US service member", 1, 9),
            ("and two fighters of the SDF were killed and eleven others wounded", 2, 11),
        ],
    )
    def test_counts(self, sentence, killed, injured):
        c = one(DATELINE + f"Rockets hit Ain al-Asad air base on Saturday, {sentence}.").casualties
        assert (c.killed, c.injured) == (killed, injured)

    def test_no_injuries_and_no_immediate_report(self):
        c = one(DATELINE + "Rockets hit Victory base on Saturday. No injuries were reported.").casualties
        assert (c.killed, c.injured) == (None, 0)
        c = one(
            DATELINE + "Rockets hit Victory base on Saturday. There was no immediate report of casualties."
        ).casualties
        assert (c.killed, c.injured) == (None, None)

    @pytest.mark.parametrize(
        ("sentence", "killed", "injured"),
        [
            ("No one was hurt.", None, 0),
            ("Nobody was wounded, the army said.", None, 0),
            ("No personnel were hurt.", None, 0),
            ("No one was killed or hurt.", 0, 0),
            ("There were no casualties.", 0, 0),
        ],
    )
    def test_hurt_phrases_deny_injuries_only(self, sentence, killed, injured):
        c = one(DATELINE + f"Rockets hit Victory base on Saturday. {sentence}").casualties
        assert (c.killed, c.injured) == (killed, injured)

    def test_statement_about_both_attacks_applies_to_both(self):
        body = (
            DATELINE
            + "One convoy was hit by a roadside bomb near Samawah on Saturday. The second was struck later in Latifiya, south of Baghdad.\n\n"
            + "Both caused material damage but no casualties."
        )
        evs = events(body)
        assert len(evs) == 2 and all((e.casualties.killed, e.casualties.injured) == (0, 0) for e in evs)

    def test_death_while_sheltering_counts(self):
        body = (
            DATELINE
            + "A US contractor died of a heart attack while sheltering during a drone attack on Ain al-Asad air base on Saturday."
        )
        assert one(body).casualties.killed == 1


# ---------------------------------------------------------------- rule 10: country


class TestRule10Country:
    def test_country_is_where_the_attack_happened(self):
        body = DATELINE + "The Islamic Resistance in Iraq claimed a drone attack on the al-Tanf garrison on Saturday."
        e = one(body)
        assert e.country == "Syria" and e.admin1 == "Homs"

    def test_jordan(self):
        assert (
            one(DATELINE + "A drone struck Tower 22, a US outpost in northeastern Jordan, on Saturday.").country
            == "Jordan"
        )


# ---------------------------------------------------------------- the contract: evidence and spans


def test_every_span_points_into_the_text():
    text = (
        "Rockets hit base\n\n"
        + DATELINE
        + "Katyusha rockets hit Victory base at 9:07 pm on Saturday, wounding two soldiers. Kataib Hezbollah claimed responsibility."
    )
    result = extract_document(Document(id="x", text=text))
    e = result.events[0]
    assert e.evidence and e.evidence.split(". ")[0] in text
    for field, (start, end) in e.spans.items():
        assert 0 <= start < end <= len(text), field
    assert text[slice(*e.spans["time"])].startswith("9:07")
    assert "Victory" in text[slice(*e.spans["place"])]
    assert text[slice(*e.spans["claimed_by"])] == "Kataib Hezbollah"
    assert result.published == "2021-03-14"


def test_non_english_or_empty_text_gives_no_event_and_no_error():
    assert extract("عنوان\n\nاستهدفت المقاومة الإسلامية قاعدة عين الأسد") == []
    assert extract("") == []
