from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.export import FORMATS, ExportError, export_bytes, export_to_path
from sitrep.export.acled import COLUMNS

ACLED_31 = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]  # fmt: skip

# RFC 7946, the parts we emit: a FeatureCollection of Feature objects with Point or null geometry, no crs.
GEOJSON_SCHEMA = {
    "type": "object", "required": ["type", "features"], "not": {"required": ["crs"]},
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {
            "type": "object", "required": ["type", "geometry", "properties"], "not": {"required": ["crs"]},
            "properties": {
                "type": {"const": "Feature"},
                "id": {"type": ["string", "number"]},
                "properties": {"type": ["object", "null"]},
                "geometry": {"oneOf": [{"type": "null"}, {
                    "type": "object", "required": ["type", "coordinates"],
                    "properties": {"type": {"const": "Point"}, "coordinates": {
                        "type": "array", "minItems": 2, "maxItems": 3,
                        "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                                        {"type": "number", "minimum": -90, "maximum": 90}]}}}]},
            }}},
    },
}  # fmt: skip


def test_acled_columns_and_values(store) -> None:  # noqa: ANN001
    df = pd.read_csv(io.BytesIO(export_bytes(store, "acled")), keep_default_na=False)
    assert list(df.columns) == ACLED_31 == list(COLUMNS)
    assert len(df) == 8  # the undated incident is left out
    row = df[df["location"] == "Ain al-Asad air base"].iloc[0]
    assert row["event_type"] == "Explosions/Remote violence" and row["sub_event_type"] == "Shelling/artillery/missile attack"
    assert row["actor1"] == "Islamic Resistance in Iraq" and row["iso"] == 368 and row["source"] == "Wire A; Wire B"
    assert row["disorder_type"] == "Political violence" and row["time_precision"] == 1 and row["fatalities"] == 0
    assert row["actor2"] == "Military Forces of the United States (2021-2025)" and "Invented sentence" in row["notes"]
    tower = df[df["location"] == "Tower 22"].iloc[0]
    assert tower["sub_event_type"] == "Air/drone strike" and tower["fatalities"] == 3 and tower["country"] == "Jordan"
    assert tower["assoc_actor_1"] == "Islamic Resistance in Iraq"
    mortar = df[df["event_date"] == "2024-03-01"]
    assert set(mortar["time_precision"]) == {1, 3}
    unnamed = df[df["actor1"].str.startswith("Unidentified")].iloc[0]
    assert unnamed["actor1"] == "Unidentified Armed Group (Iraq)" and unnamed["geo_precision"] == 3  # centroid
    assert df[df["sub_event_type"] == "Remote explosive/landmine/IED"].iloc[0]["location"] == "Hillah"


def test_geojson_rfc7946(store) -> None:  # noqa: ANN001
    jsonschema = pytest.importorskip("jsonschema")
    doc = json.loads(export_bytes(store, "geojson"))
    jsonschema.Draft202012Validator(GEOJSON_SCHEMA).validate(doc)
    f = next(x for x in doc["features"] if x["properties"]["place"] == "Harir base")
    assert f["geometry"]["coordinates"] == [44.35, 36.54]  # lon, lat
    assert sum(x["geometry"] is None for x in doc["features"]) == 2
    # a downstream reader: pandas json_normalize, as analysts load GeoJSON properties
    flat = pd.json_normalize(doc["features"])
    assert "properties.event_type" in flat.columns and len(flat) == 9


def test_stix_valid_parseable_deterministic(store) -> None:  # noqa: ANN001
    stix2 = pytest.importorskip("stix2")
    validator = pytest.importorskip("stix2validator")
    raw = export_bytes(store, "stix")
    assert raw == export_bytes(store, "stix")  # deterministic ids and timestamps
    res = validator.validate_string(raw.decode(), validator.ValidationOptions(version="2.1"))
    assert res.is_valid, [str(e) for e in res.errors]
    bundle = stix2.parse(raw.decode(), allow_custom=False)
    kinds = pd.Series([o.type for o in bundle.objects]).value_counts().to_dict()
    assert kinds["incident"] == 9 and kinds["report"] == 10 and kinds["extension-definition"] == 1
    assert kinds["threat-actor"] >= 1 and kinds["intrusion-set"] >= 1
    ta = {o.name: o for o in bundle.objects if o.type in ("threat-actor", "intrusion-set")}
    assert ta["Kata'ib Hezbollah"].type == "threat-actor" and ta["Ashab al-Kahf"].type == "intrusion-set"
    inc = next(o for o in bundle.objects if o.type == "incident" and "Tower 22" in o.name)
    ext = next(iter(inc.extensions.values()))
    assert ext["killed"] == 3 and ext["event_type"] == "drone" and ext["group"] == "Kata'ib Hezbollah"
    ms = stix2.MemoryStore(stix_data=bundle)  # a downstream reader: stix2's own store and query API
    assert len(ms.query([stix2.Filter("type", "=", "incident")])) == 9
    rels = ms.relationships(inc.id)
    assert {r.relationship_type for r in rels} == {"located-at", "attributed-to"}


def test_plover(store) -> None:  # noqa: ANN001
    recs = json.loads(export_bytes(store, "plover"))
    assert len(recs) == 9 and all(r["event"] == "ASSAULT" == r["event_type"] for r in recs)
    modes = {r["event_loc"]["resolved_place"]: r["mode"] for r in recs}
    assert modes["Hillah"] == "explosives" and modes["Tower 22"] == "drone" and modes["Ain al-Asad air base"] == "heavy-weapons"
    tower = next(r for r in recs if r["event_loc"]["city"] == "Tower 22")
    assert tower["magnitude"]["dead"] == 3 and tower["actor"]["entity_text"] == "Kata'ib Hezbollah"
    assert tower["event_date"] == "2024-01-28" and tower["event_loc"]["country"] == "JOR"


def test_parquet_and_csv_round_trip(store, tmp_path) -> None:  # noqa: ANN001
    pq = pytest.importorskip("pyarrow.parquet")
    p = tmp_path / "inc.parquet"
    assert export_to_path(store, "parquet", p) == 9
    df = pd.read_parquet(p)
    assert len(df) == 9 and df["killed"].dtype == "Int64" and isinstance(df["urls"].iloc[0].tolist(), list)
    assert pq.read_table(p).num_rows == 9  # pyarrow directly, as polars and R arrow read it
    rep = pd.read_parquet(io.BytesIO(export_bytes(store, "parquet", table="reports")))
    assert len(rep) == 10 and rep["incident_id"].notna().all()
    csv = pd.read_csv(io.BytesIO(export_bytes(store, "csv")))
    assert list(csv.columns[:3]) == ["id", "date", "date_end"] and len(csv) == 9
    assert csv.loc[csv["n_reports"] == 2, "outlets"].iloc[0] == "Wire A;Wire B"
    rcsv = pd.read_csv(io.BytesIO(export_bytes(store, "csv", table="reports", country="Syria")))
    assert set(rcsv["country"]) == {"Syria"} and len(rcsv) == 2


def test_filters(store) -> None:  # noqa: ANN001
    doc = json.loads(export_bytes(store, "geojson", since="2024-02-01", until="2024-02-29", country="Iraq"))
    assert [f["properties"]["place"] for f in doc["features"]] == ["Hillah"]
    assert json.loads(export_bytes(store, "geojson", since="2030-01-01"))["features"] == []
    with pytest.raises(ExportError, match="no incidents match"):
        export_bytes(store, "geojson", since="2030-01-01", allow_empty=False)


@pytest.mark.parametrize("fmt,kw,msg", [("xml", {}, "unknown export format"), ("csv", {"colour": "red"}, "filter"),
                                        ("acled", {"since": "2024-1-1"}, "YYYY-MM-DD"),
                                        ("stix", {"table": "reports"}, "csv and parquet")])
def test_bad_export_calls(store, fmt, kw, msg) -> None:  # noqa: ANN001
    with pytest.raises(ExportError, match=msg):
        export_bytes(store, fmt, **kw)


def test_cli_export_atomic(fixture_url, tmp_path) -> None:  # noqa: ANN001
    runner = CliRunner()
    for fmt in FORMATS:
        out = tmp_path / f"x.{fmt}"
        r = runner.invoke(main, ["export", "--db", fixture_url, "--format", fmt, "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert out.stat().st_size > 100
    before = sorted(p.name for p in tmp_path.iterdir())
    r = runner.invoke(main, ["export", "--db", fixture_url, "--format", "acled", "-o", str(tmp_path / "y.csv"),
                             "--since", "2030-01-01"])  # fmt: skip
    assert r.exit_code == 3 and "no incidents match" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing partial left behind
    r = runner.invoke(main, ["export", "--db", fixture_url, "--format", "acled", "-o", str(tmp_path / "no" / "y.csv")])
    assert r.exit_code == 3 and "cannot write" in r.output
    r = runner.invoke(main, ["export", "--db", fixture_url, "--format", "kml", "-o", str(tmp_path / "k.kml")])
    assert r.exit_code == 2
    r = runner.invoke(main, ["export", "--db", fixture_url, "--format", "geojson", "-o", "-"])
    assert r.exit_code == 0 and json.loads(r.stdout)["type"] == "FeatureCollection"
