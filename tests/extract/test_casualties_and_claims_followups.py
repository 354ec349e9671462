"""Casualties and claims stated away from the attack's own sentence (rules 2 and 9): follow-up sentences, place-by-
place figures, "no human losses", claims several paragraphs later, militia-outlet wording. Sentences invented."""

from __future__ import annotations

from sitrep.extract.pipeline import extract_document
from sitrep.models import Document

HEAD = "Report\n\nPublished: 14 March 2021\n\n"


def run(body: str):
    return extract_document(Document(id="t", text=HEAD + body)).events


def cas(e) -> tuple[int | None, int | None]:
    return e.casualties.killed, e.casualties.injured


# ---------------------------------------------------------------- rule 9


def test_deaths_and_injuries_in_a_follow_up_about_the_barrage():
    (e,) = run(
        "Several rockets struck Harir air base in Erbil province on Saturday, officials said.\n\n"
        "Two soldiers were wounded and an American contractor died of a heart attack while sheltering from the "
        "barrage, an official said."
    )
    assert cas(e) == (1, 2)


def test_no_human_or_material_losses_gives_zeros():
    (e,) = run(
        "A drone targeted Victory base near Baghdad airport on Saturday and was shot down, and there are no "
        "human or material losses, a security source said."
    )
    assert cas(e) == (0, 0)


def test_numbers_replace_no_one_hurt_in_the_same_sentence():
    (e,) = run(
        "Three rockets hit Baghdad airport near a US facility on Saturday. Nobody was hurt at the airport, but a "
        "third rocket struck a farm nearby, killing four farm workers and wounding three others."
    )
    assert cas(e) == (4, 3)


def test_partitive_count_and_sustained_injuries():
    (e,) = run(
        "A roadside bomb hit a convoy carrying supplies for the US-led coalition near Samawah on Saturday. "
        "Three of the Iraqi drivers sustained light injuries, police said."
    )
    assert cas(e) == (None, 3)


def test_the_driver_was_wounded_counts_one_and_not_hurt_counts_none():
    (e,) = run(
        "A roadside bomb hit a coalition supply convoy near Nasiriyah on Saturday. The driver of the lead truck, "
        "a young man from Basra, was badly wounded; no one was killed, police said."
    )
    assert cas(e) == (0, 1)
    (e,) = run("A roadside bomb hit a coalition supply convoy near Nasiriyah on Saturday. The driver was not hurt.")
    assert cas(e)[1] != 1


def test_two_verbs_in_one_clause_add_up():
    (e,) = run(
        "Rockets struck Ain al-Asad air base on Saturday. Officials said two US personnel suffered concussions and "
        "injuries and one Iraqi soldier was also wounded."
    )
    assert cas(e) == (None, 3)


def test_figures_follow_the_place_they_name():
    evs = run(
        "Rockets hit the Conoco gas field base on Saturday, while another salvo struck the Green Village base.\n\n"
        "Officials said two service members suffered minor injuries at Conoco, and that no injuries were reported "
        "at Green Village."
    )
    by_place = {("Conoco" in e.place and "conoco") or ("Green" in e.place and "green"): cas(e) for e in evs}
    assert by_place == {"conoco": (None, 2), "green": (None, 0)}


def test_no_casualties_in_a_named_city_reaches_the_attack_there_even_when_reported_later():
    evs = run(
        "Rockets struck Ain al-Asad air base in Anbar on Saturday.\n\n"
        "Officials said there were no casualties in Erbil.\n\n"
        "Another missile hit near Erbil airport, where coalition troops are based, on Saturday."
    )
    erbil = [e for e in evs if e.admin1 == "Erbil"]
    assert erbil and cas(erbil[0]) == (0, 0)


# ---------------------------------------------------------------- rule 2


def test_claim_paragraphs_later_refers_back_to_the_attack():
    evs = run(
        "Rockets struck the coalition base at Erbil airport on Saturday night, officials said.\n\n"
        "The rockets were fired from a pickup truck south of the city, police said.\n\n"
        "The truck was found burned later that night.\n\n"
        "Investigators collected fragments at the scene.\n\n"
        "A group calling itself Kataib al-Thaar al-Jadida (New Revenge Brigades) claimed responsibility for the "
        "attack in a statement posted on Telegram."
    )
    assert len(evs) == 1 and evs[0].claimed_by == "Kataib al-Thaar al-Jadida"


def test_claim_of_both_attacks_naming_both_sites():
    evs = run(
        "A drone attacked Harir base late on Saturday.\n\n"
        "Hours later, a second drone approaching Erbil International Airport was shot down.\n\n"
        "The Islamic Resistance in Iraq claimed responsibility for both attacks, saying it had targeted the "
        "occupation bases at Harir and Erbil airport."
    )
    assert len(evs) == 2 and {e.claimed_by for e in evs} == {"Islamic Resistance in Iraq"}


def test_announced_targeting_is_a_claim():
    (e,) = run(
        "The Islamic Resistance in Iraq announced, today, Saturday, targeting the American occupation base of "
        "Ain al-Asad with a drone."
    )
    assert e.claimed_by == "Islamic Resistance in Iraq" and e.attribution == "claimed"


def test_state_force_saying_it_fired_is_a_claim():
    evs = run("Iran's Revolutionary Guards say they fired missiles at Ain al-Asad air base on Saturday.")
    assert evs and evs[0].claimed_by == "Iran's Revolutionary Guards"


def test_quoted_self_report_is_a_claim():
    (e,) = run(
        "A drone struck Ain al-Asad air base on Saturday. The Islamic Resistance in Iraq said in a Telegram post "
        'that it had "hit the occupation base with a drone".'
    )
    assert e.claimed_by == "Islamic Resistance in Iraq"


def test_truce_announcement_headline_is_not_a_claim():
    r = extract_document(
        Document(
            id="t",
            text="Kataib Hezbollah announces suspension of attacks on US forces\n\nPublished: 14 March 2021\n\n"
            "A drone struck Tower 22 in Jordan on Saturday, killing three US soldiers. US officials blamed "
            "Iran-backed militias.",
        )
    )
    assert r.events and all(e.claimed_by is None for e in r.events)


def test_denial_of_involvement_is_not_a_claim():
    (e,) = run(
        "Rockets hit Baghdad airport near a US facility on Saturday. Kataib Hezbollah denied involvement and "
        "condemned the attack."
    )
    assert e.claimed_by is None and e.attribution == "disavowed"
