"""The shipped registry file, bad input to the resolver, and broken registry files."""

from __future__ import annotations

import time

import pytest

from sitrep.actors import Registry, RegistryError, get_registry
from sitrep.actors.registry import KINDS
from sitrep.models import ActorRef


def test_shipped_registry_loads_clean_and_covers_the_issue_list():
    reg = get_registry()
    assert reg.errors == []
    assert len(reg) >= 40
    kinds = {a.kind for a in reg.all()}
    assert {"umbrella", "armed_group", "facade", "media_channel", "state_body", "coordination_body"} <= kinds
    assert kinds <= KINDS
    for actor in reg.all():
        assert actor.note, actor.id
        assert actor.confidence in {"high", "medium", "low"}
        if actor.parent:
            assert reg.get(actor.parent) is not None
        if actor.umbrella:
            assert reg.get(actor.umbrella) is not None


def test_uncertain_parents_say_so():
    reg = get_registry()
    for actor in reg.all():
        if actor.kind == "facade" and actor.confidence == "low" and actor.parent:
            assert "not established" in actor.note or "assessment" in actor.note or "analysts" in actor.note.lower()


def test_get_registry_is_cached_and_fast():
    assert get_registry() is get_registry()
    t0 = time.perf_counter()
    Registry.load()
    assert time.perf_counter() - t0 < 0.5  # ~0.04 s measured; generous for slow CI


def test_to_ref_known_and_unknown():
    reg = get_registry()
    ref = reg.to_ref("Saryat Qasim al-Jabbarin")
    assert isinstance(ref, ActorRef)
    assert ref.id == "saraya_qasim_al_jabbarin"
    assert ref.name == "Saraya Qasim al-Jabbarin"
    assert ref.kind == "facade"
    assert ref.parent == "Kata'ib Hezbollah"
    assert ref.umbrella == "Islamic Resistance in Iraq"
    new = reg.to_ref("  Saraya al-Ghadab al-Hashemi ")
    assert new.id is None and new.name == "Saraya al-Ghadab al-Hashemi" and new.kind is None


def test_get_and_all():
    reg = get_registry()
    assert reg.get("kataib_hezbollah").name == "Kata'ib Hezbollah"
    assert reg.get("no_such_id") is None
    assert reg.get(None) is None
    assert len(reg.all()) == len(reg)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 5000, "too long"),
        ("Kata'ib\x00 Hezbollah", "control"),
        ("Ashab\x1b[31m al-Kahf", "control"),
        ("!!!", "no letters"),
        ("The", "generic"),
        ("Saraya", "generic"),
    ],
)
def test_bad_input_is_unknown_with_reason(name, reason):
    reg = get_registry()
    res = reg.explain(name)
    assert res.actor is None
    assert reason in res.reason
    assert reg.resolve(name) is None
    assert reg.to_ref(name).id is None


def test_non_string_input_does_not_raise():
    reg = get_registry()
    assert reg.resolve(None) is None
    assert reg.resolve(42) is None
    assert "not a string" in reg.explain(None).reason


BROKEN = """
version: 1
actors:
- id: good_parent
  name: Good Parent
  kind: armed_group
  aliases: [Parent Brigades]
  note: fine
- name: No Id Group
  kind: facade
- id: orphan
  name: Orphan Facade
  kind: facade
  parent: nobody_here
- id: bad_date
  name: Bad Date Group
  kind: facade
  first_seen: "2021-13-45"
- id: bad_kind
  name: Bad Kind
  kind: fan_club
- id: good_child
  name: Saraya Good Child
  kind: facade
  parent: good_parent
  first_seen: 2021-04-14
- id: good_parent
  name: Duplicate
  kind: facade
- id: generic_alias
  name: Liwa Generic
  kind: facade
  aliases: [The Brigades]
"""


def test_broken_rows_are_reported_and_the_rest_loads(tmp_path):
    path = tmp_path / "registry.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    reg = Registry.load(path)
    assert sorted(a.id for a in reg.all()) == ["generic_alias", "good_child", "good_parent"]
    text = "\n".join(reg.errors)
    assert "row 2" in text and "missing id" in text
    assert "'orphan'" in text and "unknown parent 'nobody_here'" in text
    assert "'bad_date'" in text and "first_seen" in text
    assert "'bad_kind'" in text and "unknown kind" in text
    assert "duplicate id" in text
    assert "The Brigades" in text and "generic" in text
    assert reg.resolve("Parent Brigades").id == "good_parent"
    assert reg.get("good_child").first_seen == "2021-04-14"
    assert reg.to_ref("Saryat Good Child").parent == "Good Parent"
    assert reg.resolve("The Brigades") is None


def test_alias_clash_between_rows_is_reported_not_merged(tmp_path):
    path = tmp_path / "registry.yaml"
    path.write_text(
        "actors:\n"
        "- {id: a, name: Saraya Alpha, kind: facade, aliases: [Shared Name]}\n"
        "- {id: b, name: Saraya Beta, kind: facade, aliases: [Shared Naame]}\n",
        encoding="utf-8",
    )
    reg = Registry.load(path)
    assert any("Shared Naame" in e and "'a'" in e for e in reg.errors)
    assert reg.resolve("Shared Name") is None
    assert reg.resolve("Saraya Alpha").id == "a"


def test_unreadable_registry_raises_registry_error(tmp_path):
    with pytest.raises(RegistryError):
        Registry.load(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: [unclosed", encoding="utf-8")
    with pytest.raises(RegistryError):
        Registry.load(bad)
