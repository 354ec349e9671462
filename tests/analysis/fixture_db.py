"""A small invented incident database for the analysis and export tests (no corpus text is used)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.models import ActorRef, Casualties, ContextFact, Document, Event, ExtractionResult
from sitrep.store import open_store

IRI = ActorRef(id="islamic_resistance_in_iraq", name="Islamic Resistance in Iraq", kind="umbrella")
KH = ActorRef(id="kataib_hezbollah", name="Kata'ib Hezbollah", kind="armed_group",
              umbrella="Islamic Resistance in Iraq")
KAHF = ActorRef(id="ashab_al_kahf", name="Ashab al-Kahf", kind="facade")


def _ev(date, country, admin1, place, lat, lon, etype, target, claim=None, actor=None, killed=None, injured=None,
        date_end=None, attributed=None):  # noqa: ANN001, ANN202
    return Event(date=date, date_end=date_end, country=country, admin1=admin1, place=place, lat=lat, lon=lon,
                 geo_precision=1 if lat is not None else None, event_type=etype, target=target, claimed_by=claim,
                 actor=actor, attribution="claimed" if claim else ("attributed" if attributed else "none"),
                 attributed_to=attributed, casualties=Casualties(killed=killed, injured=injured),
                 evidence=f"Invented sentence: a {etype} attack on a {target} at {place or 'an unnamed site'}.")


EVENTS = [
    # (doc id, outlet, published, [events], [context facts])
    ("d1", "Wire A", "2024-01-20", [_ev("2024-01-20", "Iraq", "Al-Anbar", "Ain al-Asad air base", 33.8, 42.44,
                                          "rocket", "base", "Islamic Resistance in Iraq", IRI, injured=2)], []),
    ("d2", "Wire B", "2024-01-21", [_ev("2024-01-20", "Iraq", "Al-Anbar", "Ain al-Asad air base", 33.8, 42.44,
                                          "rocket", "base", "Islamic Resistance in Iraq", IRI, injured=2)], []),
    ("d3", "Wire A", "2024-01-23", [_ev("2024-01-22", "Iraq", "Erbil", "Harir base", 36.54, 44.35, "drone", "base",
                                          "Islamic Resistance in Iraq", IRI)], []),
    ("d4", "Paper C", "2024-01-29", [_ev("2024-01-28", "Jordan", "Mafraq", "Tower 22", 33.32, 38.69, "drone", "base",
                                           None, KH, killed=3, injured=40, attributed="Kata'ib Hezbollah")],
     [ContextFact(kind="tempo_statement", count=3, window_weeks=2, evidence="It was the 3rd attack in the last two weeks."),
      ContextFact(kind="tempo_statement", count=9, window_days=14,
                  evidence="Officials counted the 9th drone strike in the last 14 days."),
      ContextFact(kind="group_founded", group="Ashab al-Kahf", date="2020-08-01",
                  evidence="Ashab al-Kahf made its first appearance in August 2020.")]),
    ("d5", "Wire B", "2024-01-31", [], [ContextFact(kind="truce", actor="Kata'ib Hezbollah", start="2024-01-30",
                                                     evidence="Kata'ib Hezbollah announced it suspended attacks.")]),
    ("d6", "Paper C", "2024-02-05", [_ev("2024-02-04", "Syria", "Deir ez-Zor", "Conoco gas field", 35.36, 40.3,
                                           "drone", "base", "Islamic Resistance in Iraq", IRI)], []),
    ("d7", "Blog D", "2024-02-11", [_ev("2024-02-10", "Iraq", "Babil", "Hillah", 32.48, 44.42, "ied", "convoy",
                                          "Ashab al-Kahf", KAHF, killed=0, injured=0)], []),
    ("d8", "Wire A", "2024-03-02", [_ev("2024-03-01", "Iraq", "Erbil", "Harir base", 36.54, 44.35, "rocket", "base",
                                          "Kata'ib Hezbollah", KH)], []),
    ("d9", "Blog D", "2024-04-02", [_ev("2024-03", "Iraq", "Baghdad", None, None, None, "mortar", "embassy")], []),
    ("d10", "Blog D", "2024-04-05", [_ev(None, "Iraq", None, None, None, None, "small_arms", "other")], []),
    ("d11", "Wire B", "2023-11-10", [_ev("2023-11-08", "Syria", "Homs", "Al-Tanf garrison", 33.5, 38.63, "drone",
                                           "base", "Islamic Resistance in Iraq", IRI, date_end="2023-11-09")], []),
]


def build_db(path: Path) -> str:
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        for doc_id, outlet, published, events, context in EVENTS:
            doc = Document(id=doc_id, text=f"Invented article {doc_id}\nBody text.", url=f"https://example.test/{doc_id}",
                           published=published, outlet=outlet, title=f"Invented article {doc_id}")
            store.add_result(doc, ExtractionResult(id=doc_id, published=published, events=events, context=context),
                             "fixture-1")
    return url


@pytest.fixture(scope="session")
def fixture_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The small invented incident database, built once per test session."""
    return build_db(tmp_path_factory.mktemp("analysis") / "fixture.sqlite")


@pytest.fixture
def store(fixture_url: str):  # noqa: ANN201
    s = open_store(fixture_url)
    yield s
    s.close()
