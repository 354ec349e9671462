"""Test helpers: a tiny deterministic 'extractor' that reads events written into the text itself.

A document's text is a title line, then one line per event:  EVENT date|country|admin1|place|type|target|claim|k|i
(empty fields -> None). Anything else is prose."""

from __future__ import annotations

import json
from pathlib import Path

from sitrep.models import Casualties, ContextFact, Document, Event, ExtractionResult

VERSION = "test-1"


def _n(s: str) -> int | None:
    return int(s) if s.strip() else None


def fake_extract(doc: Document) -> ExtractionResult:
    events, context = [], []
    for line in doc.text.splitlines():
        if line.startswith("BOOM"):
            raise RuntimeError("extractor crashed on purpose")
        if line.startswith("TRUCE "):
            context.append(ContextFact(kind="truce", actor=line[6:].strip(), evidence=line))
        if not line.startswith("EVENT "):
            continue
        f = (line[6:].split("|") + [""] * 9)[:9]
        events.append(Event(date=f[0] or None, country=f[1] or None, admin1=f[2] or None, place=f[3] or None,
                            event_type=f[4] or "unknown", target=f[5] or "other", claimed_by=f[6] or None,
                            attribution="claimed" if f[6] else "none",
                            casualties=Casualties(killed=_n(f[7]), injured=_n(f[8])), evidence=line,
                            spans={"date": (0, 10)}))  # fmt: skip
    return ExtractionResult(id=doc.id, published=doc.published, events=events, context=context)


def doc(id: str, *events: str, outlet: str = "Test Outlet", prose: str = "Report") -> Document:
    text = prose + "\n" + "\n".join(f"EVENT {e}" for e in events)
    return Document(id=id, text=text, url=f"https://{outlet.replace(' ', '').lower()}.example/{id}", outlet=outlet)


def add(store, d: Document, version: str = VERSION):  # noqa: ANN001, ANN201
    return store.add_result(d, fake_extract(d), version)


ASAD = "2024-01-20|Iraq|Al-Anbar|Ain al-Asad air base|rocket|base|Islamic Resistance in Iraq||2"
ASAD2 = "2024-01-20|Iraq|Al-Anbar|Ayn al-Asad airbase|rocket|base|||4"
ASAD_NEXT_DAY = "2024-01-22|Iraq|Al-Anbar|Ain al-Asad air base|drone|base|||"
TANF = "2024-01-20|Syria|Homs|Al-Tanf garrison|drone|base|||"


def write_jsonl(path: Path, n: int, start: int = 0) -> Path:
    """n documents: groups of 3 outlets reporting the same attack (attack k on day k)."""
    with path.open("w") as fh:
        for i in range(start, start + n):
            k = i // 3
            day = f"2023-{1 + (k // 28) % 12:02d}-{1 + k % 28:02d}"
            ev = f"{day}|Iraq|Al-Anbar|Base{k} camp|rocket|base|||"
            fh.write(json.dumps({"id": f"doc{i}", "url": f"https://o{i % 3}.example/{i}", "outlet": f"O{i % 3}",
                                 "text": f"Attack {k}\nEVENT {ev}"}) + "\n")  # fmt: skip
    return path


TIMESTAMPS = {"ingested_at", "created_at", "updated_at", "at", "linked_at", "unlinked_at", "deactivated_at",
              "superseded_at"}  # fmt: skip


def db_dump(url: str) -> dict[str, list[dict]]:
    """Every row of every table, in id order, timestamps reduced to set / not set: two databases written by
    the same inputs compare equal."""
    from sqlalchemy import select

    from sitrep.store import open_store
    from sitrep.store.schema import Base

    with open_store(url) as st, st.engine.connect() as conn:
        return {
            t.name: [
                {k: (v is not None if k in TIMESTAMPS else v) for k, v in r._mapping.items()}
                for r in conn.execute(select(t).order_by(t.c.id))
            ]  # fmt: skip
            for t in Base.metadata.sorted_tables
        }
