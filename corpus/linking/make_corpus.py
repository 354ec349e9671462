"""Writes articles.jsonl and gold.jsonl: invented short articles (invented outlets) on the same attacks,
with near-misses. Edit the ARTICLES table and re-run: python corpus/linking/make_corpus.py"""

import json
from pathlib import Path

HERE = Path(__file__).parent


def ev(inc, date, country, admin1, place, etype, target, claimed_by=None, killed=None, injured=None, time=None):
    return {"incident": inc, "date": date, "time": time, "country": country, "admin1": admin1, "place": place,
            "event_type": etype, "target": target, "claimed_by": claimed_by,
            "casualties": {"killed": killed, "injured": injured}}


ARTICLES = [
    # A: rockets on Ain al-Asad, 2024-01-20 (four outlets, different figures and spellings)
    ("a01", "Desert Ledger", "2024-01-20",
     "Rockets strike Ain al-Asad air base in western Iraq\n"
     "Several rockets struck Ain al-Asad air base in Iraq's Anbar province on Saturday, January 20, 2024, "
     "a US defense official said. Two US service members suffered minor injuries. The Islamic Resistance in Iraq "
     "claimed responsibility for the attack in a statement.",
     [ev("A", "2024-01-20", "Iraq", "Al-Anbar", "Ain al-Asad air base", "rocket", "base", "Islamic Resistance in Iraq", injured=2)]),
    ("a02", "Tigris Wire", "2024-01-21",
     "Four hurt as missiles hit Ayn al-Asad\n"
     "Ballistic missiles and rockets were fired at the Ayn al-Asad airbase in Al-Anbar Governorate on January 20, "
     "2024, injuring four American personnel and an Iraqi soldier, according to the coalition. "
     "No group immediately claimed the attack.",
     [ev("A", "2024-01-20", "Iraq", "Al-Anbar", "Ayn al-Asad airbase", "rocket", "base", None, injured=5)]),
    ("a03", "Mesopotamia Monitor", "2024-01-20",
     "Al-Asad base targeted\n"
     "The Islamic Resistance in Iraq said in a statement it targeted the Al-Asad base in Anbar with a barrage of "
     "rockets on January 20, 2024. US officials said several personnel were being evaluated for injuries.",
     [ev("A", "2024-01-20", "Iraq", "Al-Anbar", "Al-Asad base", "rocket", "base", "Islamic Resistance in Iraq")]),
    ("a04", "Levant Dispatch", "2024-01-22",
     "Pentagon confirms weekend strike on Iraqi base\n"
     "The Pentagon confirmed that Ain al-Asad air base in Anbar was attacked with rockets on January 20, 2024. "
     "Three service members were injured, a spokesman said.",
     [ev("A", "2024-01-20", "Iraq", "Al-Anbar", "Ain al-Asad air base", "rocket", "base", None, injured=3)]),
    # B: same base, different day (drone, 2024-01-22)
    ("b01", "Desert Ledger", "2024-01-22",
     "Drone attack on Ain al-Asad two days after rocket barrage\n"
     "A one-way attack drone targeted Ain al-Asad air base in Anbar province on Monday, January 22, 2024. "
     "It was shot down and there were no injuries, officials said.",
     [ev("B", "2024-01-22", "Iraq", "Al-Anbar", "Ain al-Asad air base", "drone", "base", None, injured=0)]),
    ("b02", "Euphrates Herald", "2024-01-23",
     "Another drone on Ain al-Asad\n"
     "US forces at Ain al-Asad air base in Al-Anbar intercepted a drone on January 22, 2024. The Islamic "
     "Resistance in Iraq claimed responsibility for the attack.",
     [ev("B", "2024-01-22", "Iraq", "Al-Anbar", "Ain al-Asad air base", "drone", "base", "Islamic Resistance in Iraq")]),
    # C: same day as A, different base (Al-Tanf, Syria)
    ("c01", "Levant Dispatch", "2024-01-20",
     "Drone hits Al-Tanf garrison\n"
     "A drone attacked the Al-Tanf garrison in Syria's Homs province on January 20, 2024, causing no injuries, "
     "the coalition said.",
     [ev("C", "2024-01-20", "Syria", "Homs", "Al-Tanf garrison", "drone", "base", None, injured=0)]),
    ("c02", "Tigris Wire", "2024-01-21",
     "Tanf base targeted\n"
     "The Islamic Resistance in Iraq said it struck the US base at al-Tanf in Syria with a drone on January 20, "
     "2024.",
     [ev("C", "2024-01-20", "Syria", "Homs", "al-Tanf", "drone", "base", "Islamic Resistance in Iraq")]),
    # D: IED on a convoy near Diwaniyah, 2024-02-04
    ("d01", "Euphrates Herald", "2024-02-04",
     "Roadside bomb hits coalition supply convoy near Diwaniyah\n"
     "A roadside bomb exploded near a convoy carrying logistics for the US-led coalition near Diwaniyah on "
     "February 4, 2024, a security source said. There were no casualties.",
     [ev("D", "2024-02-04", "Iraq", "Al-Qadisiyah", "Diwaniyah", "ied", "convoy", None, killed=0, injured=0)]),
    ("d02", "Southern Courier", "2024-02-05",
     "Ashab al-Kahf claims convoy bombing\n"
     "Ashab al-Kahf claimed responsibility for an IED attack on a US logistics convoy in Al-Diwaniyah on February 4, "
     "2024, in a post on Telegram.",
     [ev("D", "2024-02-04", "Iraq", "Al-Qadisiyah", "Al-Diwaniyah", "ied", "convoy", "Ashab al-Kahf")]),
    ("d03", "Mesopotamia Monitor", "2024-02-06",
     "Convoy blast in Qadisiyah\n"
     "An explosive device targeted a convoy of trucks carrying coalition equipment on the highway near Diwaniya in "
     "Al-Qadisiyah Governorate on February 4, 2024. One driver was injured.",
     [ev("D", "2024-02-04", "Iraq", "Al-Qadisiyah", "Diwaniya", "ied", "convoy", None, injured=1)]),
    # E: same day as D, different place (Samawah)
    ("e01", "Southern Courier", "2024-02-04",
     "Second convoy hit in the south\n"
     "A roadside bomb struck a coalition logistics convoy near Samawah in Al-Muthanna on February 4, 2024. "
     "No injuries were reported.",
     [ev("E", "2024-02-04", "Iraq", "Al-Muthanna", "Samawah", "ied", "convoy", None, injured=0)]),
    ("e02", "Tigris Wire", "2024-02-05",
     "Samawah convoy bombing\n"
     "An IED targeted a convoy transporting coalition supplies in Samawah on February 4, 2024, police said.",
     [ev("E", "2024-02-04", "Iraq", "Al-Muthanna", "Samawah", "ied", "convoy")]),
    # F: two separate attacks on Harir base on one day (one article reports both)
    ("f01", "Tigris Wire", "2024-03-10",
     "Harir base attacked twice in one day\n"
     "A drone targeted Harir base in Erbil governorate at 06:10 on March 10, 2024, causing no damage. In a separate "
     "attack later that day, rockets were fired at the same base at 21:30, officials said.",
     [ev("F1", "2024-03-10", "Iraq", "Erbil", "Harir base", "drone", "base", time="06:10"),
      ev("F2", "2024-03-10", "Iraq", "Erbil", "Harir base", "rocket", "base", time="21:30")]),
    ("f02", "Kurdistan Observer", "2024-03-11",
     "Rockets fired at Harir\n"
     "Rockets were fired at Harir air base north of Erbil at 21:30 on March 10, 2024. The Islamic Resistance in "
     "Iraq claimed the attack.",
     [ev("F2", "2024-03-10", "Iraq", "Erbil", "Harir air base", "rocket", "base", "Islamic Resistance in Iraq", time="21:30")]),
    ("f03", "Desert Ledger", "2024-03-10",
     "Morning drone at Harir\n"
     "A drone was shot down over Harir base in Erbil governorate at 06:10 on March 10, 2024, a Kurdish security "
     "official said.",
     [ev("F1", "2024-03-10", "Iraq", "Erbil", "Harir base", "drone", "base", time="06:10")]),
    # G: same day as F, same governorate, different base (Erbil airport)
    ("g01", "Kurdistan Observer", "2024-03-10",
     "Drone downed near Erbil airport\n"
     "Coalition air defenses shot down a drone approaching the coalition base at Erbil airport on March 10, 2024. "
     "No injuries were reported.",
     [ev("G", "2024-03-10", "Iraq", "Erbil", "Erbil airport", "drone", "base", None, injured=0)]),
    ("g02", "Levant Dispatch", "2024-03-11",
     "Erbil attack\n"
     "A drone attacked US forces at Erbil air base on March 10, 2024. The Islamic Resistance in Iraq claimed the "
     "attack.",
     [ev("G", "2024-03-10", "Iraq", "Erbil", "Erbil air base", "drone", "base", "Islamic Resistance in Iraq")]),
    # H: Victory Base rockets, 2024-04-02
    ("h01", "Desert Ledger", "2024-04-02",
     "Katyusha rockets hit Victory Base\n"
     "Two Katyusha rockets hit Victory Base near Baghdad airport on April 2, 2024, security sources said. No "
     "casualties were reported.",
     [ev("H", "2024-04-02", "Iraq", "Baghdad", "Victory Base", "rocket", "base", None, killed=0, injured=0)]),
    ("h02", "Euphrates Herald", "2024-04-03",
     "Rocket attack on Victoria base\n"
     "Rockets were fired at the Victoria base at Baghdad airport on April 2, 2024, the Iraqi military said.",
     [ev("H", "2024-04-02", "Iraq", "Baghdad", "Victoria base", "rocket", "base")]),
    # I, J: same day, same governorate, different bases (Conoco, Green Village) in Deir ez-Zor
    ("i01", "Levant Dispatch", "2024-04-03",
     "Rockets hit Conoco gas field base\n"
     "Rockets were fired at the US base at the Conoco gas field in Deir ez-Zor on April 3, 2024. There were no "
     "injuries.",
     [ev("I", "2024-04-03", "Syria", "Deir ez-Zor", "Conoco gas field", "rocket", "base", None, injured=0)]),
    ("i02", "Euphrates Herald", "2024-04-04",
     "Two US bases in eastern Syria attacked\n"
     "Rockets struck the Conoco base in Deir Al-Zour on April 3, 2024. In a separate attack the same day, a drone "
     "targeted the Green Village base in Deir ez-Zor, a war monitor said.",
     [ev("I", "2024-04-03", "Syria", "Deir ez-Zor", "Conoco base", "rocket", "base"),
      ev("J", "2024-04-03", "Syria", "Deir ez-Zor", "Green Village base", "drone", "base")]),
    ("j01", "Syria Frontline", "2024-04-03",
     "Drone attack on Green Village\n"
     "A drone attacked the US base at Green Village in Deir ez-Zor countryside on April 3, 2024. The coalition "
     "said there were no injuries.",
     [ev("J", "2024-04-03", "Syria", "Deir ez-Zor", "Green Village", "drone", "base", None, injured=0)]),
    # K: month-only report of the Victory Base attack family? No: a separate single-source attack, month only
    ("k01", "Southern Courier", "2024-05-30",
     "Convoy bombings continue in the south\n"
     "Earlier in May 2024, a roadside bomb hit a convoy carrying coalition supplies near Nasiriyah in Dhi Qar, "
     "police said.",
     [ev("K", "2024-05", "Iraq", "Dhi Qar", "Nasiriyah", "ied", "convoy")]),
    # L: single-source attack, Shaddadi (Al-Hasakah), 2024-04-03, same day as I/J but another governorate
    ("l01", "Syria Frontline", "2024-04-04",
     "Shaddadi base targeted\n"
     "Rockets were fired at the US base in al-Shaddadi in Al-Hasakah on April 3, 2024. No injuries were reported.",
     [ev("L", "2024-04-03", "Syria", "Al-Hasakah", "al-Shaddadi", "rocket", "base", None, injured=0)]),
]

SLUG = {"Desert Ledger": "desertledger", "Tigris Wire": "tigriswire", "Mesopotamia Monitor": "mesomonitor",
        "Levant Dispatch": "levantdispatch", "Euphrates Herald": "euphratesherald", "Southern Courier": "southcourier",
        "Kurdistan Observer": "kurdobserver", "Syria Frontline": "syriafrontline"}


def main() -> None:
    with (HERE / "articles.jsonl").open("w") as fa, (HERE / "gold.jsonl").open("w") as fg:
        for aid, outlet, published, text, events in ARTICLES:
            url = f"https://{SLUG[outlet]}.example/{published.replace('-', '/')}/{aid}"
            fa.write(json.dumps({"id": aid, "url": url, "outlet": outlet, "published": published, "text": text}) + "\n")
            fg.write(json.dumps({"id": aid, "outlet": outlet, "published": published, "events": events}) + "\n")


if __name__ == "__main__":
    main()
