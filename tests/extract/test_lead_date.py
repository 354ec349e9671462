"""The article's lead date: attack sentences without a date of their own take the day the lead paragraph gives,
not a time stamp or a wire dateline above it. Short texts written for the tests."""

from __future__ import annotations

from sitrep import extract

STAMPED = """Two bases in Syria hit by rockets, officials say
EXAMPLE WIRE
Mar 18, 2021 9:15 AM ET
By A. Writer and B. Writer

AMMAN/BEIRUT, Mar 18 (Example) - Two U.S. service members were hurt in rocket attacks on two bases in eastern Syria on Tuesday, officials said, hours after U.S. strikes on facilities used by militias in the same area.
Several rockets landed inside the Conoco gas field base, one official said.
"""


def test_attack_without_a_date_takes_the_leads_weekday_not_the_time_stamp():
    # the lead sentence is not itself an attack record (it also tells of US strikes), so the Conoco sentence
    # has no date of its own and takes the lead's
    evs = extract(STAMPED)
    assert evs, "the rocket attack is coded"
    # 18 March 2021 is a Thursday: "on Tuesday" is the 16th; the stamp and the dateline say the 18th
    assert {e.date for e in evs} == {"2021-03-16"}


def test_stamp_lines_do_not_push_the_lead_out_of_reach():
    # the same story with four more furniture lines above the lead still finds the lead's day
    text = STAMPED.replace("By A. Writer and B. Writer", "By A. Writer\nEditor: C. Writer\nShare\nPrint")
    assert {e.date for e in extract(text)} == {"2021-03-16"}


def test_without_a_day_in_the_lead_the_publication_day_stands():
    text = STAMPED.replace(" on Tuesday", "")
    assert {e.date for e in extract(text)} == {"2021-03-18"}


def test_an_attack_a_day_earlier_is_news_not_background():
    # "a day earlier" tells the sequence of this week's attacks; "weeks earlier" stays background
    text = "Update\n\nA day earlier, on Sunday, a drone was shot down near Ain al-Asad air base."
    assert [(e.date, e.event_type) for e in extract(text, published="2024-08-06")] == [("2024-08-04", "drone")]
    older = text.replace("A day earlier", "Weeks earlier")
    assert extract(older, published="2024-08-06") == []
