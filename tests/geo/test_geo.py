"""User-visible behaviour of the gazetteer and geocoder (issue 4)."""

from __future__ import annotations

import csv
import json
import math

import pytest
from click.testing import CliRunner

from sitrep.geo import GeocodeResult, Location, Place, PlaceMention, get_gazetteer


@pytest.fixture(scope="module")
def gz():
    return get_gazetteer()


def loc(gz, text: str) -> Location | None:
    return gz.locate(text)


# ----------------------------------------------------------------------------- sanity examples from the issue


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("A roadside bomb hit a convoy at the Afaq junction in Al-Diwaniyah.", "Al-Qadisiyah"),
        ("near the city of Al-Diwaniyah, near the Al-Dawajin area", "Al-Qadisiyah"),
        ("An IED exploded in Samawah in Al-Muthanna province.", "Al-Muthanna"),
        ("The blast hit the Ayn Al Asad airbase in Iraq's Al-Anbar Governorate", "Al-Anbar"),
        ("the Yusufiya road south of the capital, Baghdad", "Baghdad"),
        ("Harir base", "Erbil"),
        ("Victory base near Baghdad airport", "Baghdad"),
    ],
)
def test_locate_admin1(gz, text, admin1):
    got = loc(gz, text)
    assert got is not None
    assert got.admin1 == admin1
    assert got.country == "Iraq"
    assert got.lat is not None and got.lon is not None


def test_intersection_in_babylon(gz):
    got = loc(gz, "A convoy was targeted at the intersection of Jableh, Jisr al-Mahaweel in the province of Babylon.")
    assert got is not None
    assert (got.country, got.admin1) == ("Iraq", "Babil")


def test_latifiya_outskirts(gz):
    got = loc(gz, "the Latifiya region on the outskirts of Baghdad")
    assert got is not None
    assert got.admin1 == "Baghdad"
    assert got.geo_precision == 2
    assert "Latifiya" in got.place


def test_yusufiya_road_is_precision_2(gz):
    got = loc(gz, "an IED struck a convoy on the Yusufiya road south of the capital, Baghdad")
    assert got.geo_precision == 2
    assert got.place == "Yusufiya road"


def test_conoco_in_syria(gz):
    got = loc(gz, "drones targeted the Conoco base in Syria's Deir Al-Zour Governorate")
    assert (got.country, got.admin1, got.kind) == ("Syria", "Deir ez-Zor", "site")
    assert got.geo_precision == 1


def test_ain_al_asad_is_a_site(gz):
    got = loc(gz, "the Ayn Al Asad airbase in Iraq's Al-Anbar Governorate")
    assert got.kind == "site"
    assert got.geo_precision == 1
    assert got.name == "Ain al-Asad Air Base"


@pytest.mark.parametrize("text", ["the K-1 military base northwest of Kirkuk", "rockets hit K1 airbase", "the K-1 base"])
def test_k1_spellings_are_the_site_not_the_city(gz, text):
    got = loc(gz, text)
    assert got.name == "K1 Air Base"
    assert got.admin1 == "Kirkuk"


def test_governorate_only_is_precision_3(gz):
    got = loc(gz, "rockets fell in the southern province of Muthanna")
    assert got.admin1 == "Al-Muthanna"
    assert got.geo_precision == 3


def test_tanf_and_tower_22(gz):
    tanf = loc(gz, "a drone attack on the al-Tanf garrison")
    assert (tanf.country, tanf.admin1) == ("Syria", "Homs")
    tower = loc(gz, "three US soldiers were killed at Tower 22")
    assert tower.country == "Jordan"
    assert tower.admin1 == "Mafraq"


def test_group_name_is_not_a_place(gz):
    assert gz.find_mentions("Saraya Qasim al-Jabbarin claimed the attack") == []
    assert loc(gz, "Saraya Qasim al-Jabbarin claimed") is None


def test_offset_has_no_admin1(gz):
    got = loc(gz, "a rocket landed north of Baghdad")
    assert got.country == "Iraq"
    assert got.admin1 is None
    assert got.place == "north of Baghdad"


@pytest.mark.parametrize(
    ("text", "country"), [("attacks in western Iraq", "Iraq"), ("bases in eastern Syria", "Syria")]
)
def test_region_has_no_admin1(gz, text, country):
    got = loc(gz, text)
    assert got.country == country
    assert got.admin1 is None


def test_span_restricts_and_document_disambiguates(gz):
    text = "Rockets hit Jableh on Monday. The town lies in Babylon province."
    first = text.index(".")
    got = gz.locate(text, 0, first)
    assert got.name == "Jableh"
    assert got.country == "Iraq" and got.admin1 == "Babil"
    assert text[got.span[0] : got.span[1]] == got.place


# ----------------------------------------------------------------------------- mentions and guards


def test_mentions_are_ordered_non_overlapping_with_offsets(gz):
    text = "BAGHDAD (Reuters) - Rockets struck the Ain al-Asad air base in Anbar province and the US embassy."
    ms = gz.find_mentions(text)
    assert all(isinstance(m, PlaceMention) for m in ms)
    assert [m.surface for m in ms] == ["BAGHDAD", "Ain al-Asad air base", "Anbar province", "US embassy"]
    for a, b in zip(ms, ms[1:], strict=False):
        assert a.end <= b.start
    for m in ms:
        assert text[m.start : m.end] == m.surface
    assert ms[2].place.kind == "admin1" and ms[2].place.name == "Al-Anbar"
    assert ms[3].place.kind == "embassy"


@pytest.mark.parametrize(
    "text",
    [
        "Qassem Soleimani and Abu Mahdi al-Muhandis were killed.",
        "Hit by a rocket, the convoy stopped.",
        "He said the attack was a hit.",
        "Abu Bakr al-Baghdadi was the leader.",
        "kataib hezbollah said",
    ],
)
def test_no_false_places(gz, text):
    assert gz.find_mentions(text) == []


def test_hit_the_town_with_a_cue(gz):
    ms = gz.find_mentions("A roadside bomb exploded in Hit, west of Ramadi.")
    assert [m.place.name for m in ms][:1] == ["Hīt"]
    assert ms[0].place.admin1 == "Al-Anbar"


def test_country_names_resolve_to_the_country(gz):
    ms = gz.find_mentions("Iraq, Syria, Jordan and Kuwait")
    assert [m.place.kind for m in ms] == ["country"] * 4
    assert [m.place.name for m in ms] == ["Iraq", "Syria", "Jordan", "Kuwait"]


def test_arabic_script(gz):
    ms = gz.find_mentions("قصف صاروخي على قاعدة عين الأسد في الأنبار")
    names = [m.place.name for m in ms]
    assert "Ain al-Asad Air Base" in names
    assert "Al-Anbar" in names


def test_ambiguous_names_carry_candidates(gz):
    ms = gz.find_mentions("Jableh")
    assert ms and len(ms[0].candidates) >= 2
    assert {c.country for c in ms[0].candidates} >= {"Iraq", "Syria"}


def test_find_mentions_bad_input(gz):
    for bad in ["", "\x00\x01\x02", "x" * 100_000, None, 42]:
        assert gz.find_mentions(bad) == []  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- lookup / admin1


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Babylon province", "Babil"),
        ("Babel", "Babil"),
        ("Diwaniyah Governorate", "Al-Qadisiyah"),
        ("Qadisiyyah", "Al-Qadisiyah"),
        ("Deir Al-Zour", "Deir ez-Zor"),
        ("Dayr az Zawr", "Deir ez-Zor"),
        ("Saladin", "Salah al-Din"),
        ("Salahuddin", "Salah al-Din"),
        ("Ninawa", "Nineveh"),
        ("Al Anbār province", "Al-Anbar"),
        ("At-Ta'mim province", "Kirkuk"),
        ("Arbīl province", "Erbil"),
        ("Hasakah", "Al-Hasakah"),
        ("Rural Damascus", "Rif Dimashq"),
        ("Mafraq Governorate", "Mafraq"),
        ("بابل", "Babil"),
    ],
)
def test_admin1_canonical(gz, name, canonical):
    assert gz.admin1_canonical(name) == canonical


@pytest.mark.parametrize("bad", ["", "   ", "north of Baghdad", "x" * 5000, None, "Nowhereland province"])
def test_admin1_canonical_no_match(gz, bad):
    assert gz.admin1_canonical(bad) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Diwaniya", "Al Diwaniyah"),
        ("Ad Diwaniyah", "Al Diwaniyah"),
        ("Afaq", "‘Afak"),
        ("Yusufiyah", "Yusufiyah"),
        ("Yusufiya", "Yusufiyah"),
        ("Mahaweel", "Al Maḩāwīl"),
        ("Hilla", "Al Hillah"),
        ("Samawah", "As Samawah"),
        ("Ain al-Assad", "Ain al-Asad Air Base"),
        ("Al-Bukamal", "Ālbū Kamāl"),
        ("الديوانية", "Al Diwaniyah"),
    ],
)
def test_lookup_variants(gz, name, expected):
    p = gz.lookup(name)
    assert isinstance(p, Place)
    assert p.name == expected


def test_lookup_traps(gz):
    assert gz.lookup("Samawah").admin1 == "Al-Muthanna"
    assert gz.lookup("Samarra").admin1 == "Salah al-Din"
    assert gz.lookup("Al-Hillah").admin1 == "Babil"
    assert gz.lookup("Al-Hindiyah").admin1 == "Karbala"
    assert gz.lookup("Ramadi", country="Syria") is None
    assert gz.lookup("Iraq").kind == "country"
    assert gz.lookup("Soleimani") is None


def test_lookup_country_filter_and_fuzzy(gz):
    assert gz.lookup("Jableh", country="Syria").admin1 == "Latakia"
    assert gz.lookup("Jableh", country="Iraq").admin1 == "Babil"
    assert gz.lookup("Mahmoudiyahh").name == "Al Maḩmūdīyah"  # fuzzy


# ----------------------------------------------------------------------------- geocode


def test_geocode_ucdp_style(gz):
    r = gz.geocode("Al Fallūjah town", country="Iraq")
    assert isinstance(r, GeocodeResult)
    assert (r.admin1, r.geo_precision) == ("Al-Anbar", 1)
    r = gz.geocode("Qaḑā’ Khānaqīn", country="Iraq")
    assert r.admin1 == "Diyala" and r.geo_precision == 2
    r = gz.geocode("Nīnawá province", country="Iraq")
    assert (r.kind, r.admin1, r.geo_precision) == ("admin1", "Nineveh", 3)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 1000, "too long"),
        ("Baghdad\x07", "control"),
        ("Baghdad بغداد", "mixes"),
        ("12345", "no letters"),
        ("Xqzwvvt", "no place"),
    ],
)
def test_geocode_bad_input(gz, query, reason):
    r = gz.geocode(query)
    assert not r.matched
    assert reason in r.reason
    d = r.to_dict()
    assert d["lat"] is None and d["reason"]


def test_geocode_unknown_country(gz):
    r = gz.geocode("Baghdad", country="Atlantis")
    assert "unknown country" in r.reason


def test_geocode_not_a_string(gz):
    r = gz.geocode(None)  # type: ignore[arg-type]
    assert r.reason


# ----------------------------------------------------------------------------- CLI


def _cli():
    from sitrep.cli import main

    return main


def test_cli_jsonl():
    res = CliRunner().invoke(_cli(), ["geocode", "Diwaniya", "Tower 22", ""])
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.output.splitlines()]
    assert [r["query"] for r in lines] == ["Diwaniya", "Tower 22", ""]
    for key in ("query", "name", "kind", "country", "admin1", "admin2", "lat", "lon", "geo_precision"):
        assert key in lines[0]
    assert lines[0]["admin1"] == "Al-Qadisiyah"
    assert lines[1]["country"] == "Jordan"
    assert lines[2]["reason"]


def test_cli_input_file_country_and_table(tmp_path):
    f = tmp_path / "q.txt"
    f.write_text("Ramadi\nJableh\n", encoding="utf-8")
    res = CliRunner().invoke(_cli(), ["geocode", "--input", str(f), "--country", "Syria"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert rows[0]["reason"] and rows[1]["admin1"] == "Latakia"
    res = CliRunner().invoke(_cli(), ["geocode", "--format", "table", "Conoco"])
    assert res.exit_code == 0 and "Conoco" in res.output


def test_cli_needs_a_query():
    res = CliRunner().invoke(_cli(), ["geocode"])
    assert res.exit_code != 0


# ----------------------------------------------------------------------------- data


def test_admin1_values_are_canonical(gz):
    canonical_iraq = {
        "Al-Anbar",
        "Baghdad",
        "Babil",
        "Al-Qadisiyah",
        "Al-Muthanna",
        "Dhi Qar",
        "Basra",
        "Maysan",
        "Wasit",
        "Najaf",
        "Karbala",
        "Diyala",
        "Salah al-Din",
        "Kirkuk",
        "Nineveh",
        "Erbil",
        "Duhok",
        "Sulaymaniyah",
    }
    canonical_syria = {
        "Deir ez-Zor",
        "Al-Hasakah",
        "Homs",
        "Raqqa",
        "Aleppo",
        "Rif Dimashq",
        "Damascus",
        "Idlib",
        "Hama",
        "Latakia",
        "Tartus",
        "Daraa",
        "As-Suwayda",
        "Quneitra",
    }
    for p in gz.places:
        if p.country == "Iraq" and p.admin1 is not None:
            assert p.admin1 in canonical_iraq, p
        if p.country == "Syria" and p.admin1 is not None:
            assert p.admin1 in canonical_syria, p
        if p.kind not in ("country", "region"):
            assert p.lat is not None and -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p


def test_attribution_is_kept(gz):
    gn = [p for p in gz.places if p.id.startswith("gn-")]
    assert len(gn) > 500
    assert all("GeoNames" in p.source and "CC BY 4.0" in p.source for p in gn)


# ----------------------------------------------------------------------------- UCDP GED Iraq (needs ../shared)


def _haversine(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    x = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 12742 * math.asin(math.sqrt(x))


def test_ucdp_targets(shared_dir, gz):
    path = shared_dir / "datasets" / "ucdp_ged_irq" / "conflict_data_irq.csv"
    if not path.is_file():
        pytest.skip("UCDP GED Iraq file not present")
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if not (r["year"] or "").startswith("#")]
    rows = [r for r in rows if r["where_prec"] in ("1", "2")]
    adm = near = 0
    for r in rows:
        res = gz.geocode(r["where_coordinates"], country="Iraq")
        gold = gz.admin1_canonical(r["adm_1"]) if r["adm_1"].strip() else None
        adm += res.admin1 == gold
        if res.lat is not None:
            near += _haversine(res.lat, res.lon, float(r["latitude"]), float(r["longitude"])) <= 25
    assert adm / len(rows) >= 0.95
    assert near / len(rows) >= 0.90
