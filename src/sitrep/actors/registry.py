"""Loading and validating the actor registry file (data/actors/registry.yaml).

A broken row (no id, unknown kind, unknown parent or umbrella, bad date, ...) is skipped with an error
that names the row; every other row still loads. `load_rows` never raises on bad content, only on a
file that cannot be read or parsed as YAML at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sitrep.actors.normalize import DATA_DIR

KINDS = frozenset(
    {
        "umbrella",
        "armed_group",
        "facade",
        "media_channel",
        "state_body",
        "coordination_body",
        "political_party",
        "other",
    }
)
CONFIDENCE = frozenset({"high", "medium", "low"})
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DATE_FIELDS = ("first_seen", "last_seen", "parent_since", "parent_until", "umbrella_since", "umbrella_until")
_KNOWN_FIELDS = frozenset({"id", "name", "kind", "aliases", "parent", "umbrella", "note", "confidence", *_DATE_FIELDS})


class RegistryError(ValueError):
    """The registry file cannot be read at all (missing, not YAML, no `actors` list)."""


@dataclass(frozen=True, slots=True)
class Actor:
    """One registry row. `parent` and `umbrella` are ids of other rows."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    umbrella: str | None = None
    parent_since: str | None = None
    parent_until: str | None = None
    umbrella_since: str | None = None
    umbrella_until: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    note: str = ""
    confidence: str = "medium"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "parent": self.parent,
            "parent_since": self.parent_since,
            "parent_until": self.parent_until,
            "umbrella": self.umbrella,
            "umbrella_since": self.umbrella_since,
            "umbrella_until": self.umbrella_until,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "confidence": self.confidence,
            "note": self.note,
        }


def default_path() -> Path:
    return DATA_DIR / "registry.yaml"


def _date(value: object) -> str | None:
    """'2021', '2021-04', '2021-04-14' or a YAML date -> ISO string. Raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1900 <= value <= 2100:
        return str(value)
    text = str(value).strip()
    if not _DATE_RE.match(text):
        raise ValueError(f"bad date {value!r} (want YYYY, YYYY-MM or YYYY-MM-DD)")
    parts = [int(p) for p in text.split("-")]
    dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)  # range check
    return text


def _row_label(index: int, row: object) -> str:
    rid = row.get("id") if isinstance(row, dict) else None
    return f"row {index + 1}" + (f" (id {rid!r})" if rid else "")


def _parse_row(row: object) -> Actor:
    if not isinstance(row, dict):
        raise ValueError("not a mapping")
    rid = row.get("id")
    if not rid or not isinstance(rid, str):
        raise ValueError("missing id")
    if not _ID_RE.match(rid):
        raise ValueError(f"bad id {rid!r} (lower-case letters, digits and _ only)")
    name = row.get("name")
    if not name or not isinstance(name, str):
        raise ValueError("missing name")
    kind = row.get("kind")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
    aliases = row.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str | int) for a in aliases):
        raise ValueError("aliases must be a list of strings")
    confidence = row.get("confidence") or "medium"
    if confidence not in CONFIDENCE:
        raise ValueError(f"bad confidence {confidence!r} (high, medium or low)")
    dates: dict[str, str | None] = {}
    for field in _DATE_FIELDS:
        try:
            dates[field] = _date(row.get(field))
        except ValueError as exc:
            raise ValueError(f"{field}: {exc}") from None
    for link in ("parent", "umbrella"):
        value = row.get(link)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{link} must be an id")
    unknown = set(row) - _KNOWN_FIELDS
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
    seen: set[str] = set()
    alias_list: list[str] = []
    for a in [name, *(str(a) for a in aliases)]:
        a = a.strip()
        if a and a not in seen:
            seen.add(a)
            alias_list.append(a)
    return Actor(
        id=rid,
        name=name.strip(),
        kind=kind,
        aliases=tuple(alias_list),
        parent=row.get("parent") or None,
        umbrella=row.get("umbrella") or None,
        note=" ".join(str(row.get("note") or "").split()),
        confidence=confidence,
        **dates,
    )


def load_rows(path: str | Path | None = None) -> tuple[list[Actor], list[str]]:
    """Read a registry file. Returns (actors, errors); each error names its row and why it was skipped."""
    import yaml

    p = Path(path) if path is not None else default_path()
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"cannot read actor registry {p}: {exc}") from exc
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise RegistryError(f"actor registry {p} is not valid YAML: {exc}") from exc
    rows = data.get("actors") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise RegistryError(f"actor registry {p}: expected a list under 'actors'")

    errors: list[str] = []
    parsed: list[tuple[int, Actor]] = []
    ids: set[str] = set()
    for i, row in enumerate(rows):
        try:
            actor = _parse_row(row)
        except ValueError as exc:
            errors.append(f"{p.name} {_row_label(i, row)}: {exc}; row skipped")
            continue
        if actor.id in ids:
            errors.append(f"{p.name} {_row_label(i, row)}: duplicate id; row skipped")
            continue
        ids.add(actor.id)
        parsed.append((i, actor))

    # Links must point at rows that loaded. Repeat until stable: dropping a row can orphan another.
    while True:
        good = {a.id for _, a in parsed}
        keep: list[tuple[int, Actor]] = []
        for i, a in parsed:
            bad = next(
                (
                    f"unknown {link} {getattr(a, link)!r}"
                    for link in ("parent", "umbrella")
                    if getattr(a, link) is not None and getattr(a, link) not in good
                ),
                None,
            )
            if bad is None and a.parent == a.id:
                bad = "parent is itself"
            if bad:
                errors.append(f"{p.name} row {i + 1} (id {a.id!r}): {bad}; row skipped")
            else:
                keep.append((i, a))
        if len(keep) == len(parsed):
            break
        parsed = keep
    return [a for _, a in parsed], errors
