"""Checks of figures stated in articles against the database's own count.

A `tempo_statement` context fact ("the 21st attack against convoys in the last seven weeks") carries a
count and a window. The window ends on the fact's own date, else the article's publication day. The
scope is read from the statement's sentence: "convoy(s)" -> target convoy, "drone" / "rocket" -> event
type, "in Syria" / "in Iraq" -> country, a group the registry knows -> that group's network. The result
is `agree`, or `differ` with the database count minus the stated one."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from sitrep.analysis.frame import documents_frame, incidents_frame
from sitrep.analysis.tempo import window_count

_SCOPE_WORDS = (
    (re.compile(r"\bconvoys?\b", re.I), "target", "convoy"),
    (re.compile(r"\bembass(y|ies)\b", re.I), "target", "embassy"),
    (re.compile(r"\bdrones?\b", re.I), "event_type", "drone"),
    (re.compile(r"\brockets?\b", re.I), "event_type", "rocket"),
    (re.compile(r"\b(roadside bombs?|IEDs?)\b", re.I), "event_type", "ied"),
    (re.compile(r"\bin Syria\b", re.I), "country", "Syria"),
    (re.compile(r"\bin Iraq\b", re.I), "country", "Iraq"),
)


@dataclass
class FigureCheck:
    fact_id: int
    document_id: int
    doc_id: str | None
    stated: int
    window_days: int | None
    as_of: str | None
    scope: dict[str, Any] = field(default_factory=dict)
    counted: int | None = None
    uncertain: int = 0  # month-only incidents that might fall inside
    verdict: str = "unchecked"  # agree | differ | unchecked
    difference: int | None = None  # counted - stated
    reason: str = ""
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def summary(self) -> str:
        if self.verdict == "agree":
            return "agree"
        if self.verdict == "differ":
            return f"differ by {self.difference:+d}"
        return f"unchecked ({self.reason})"


def statement_scope(sentence: str) -> dict[str, Any]:
    scope: dict[str, Any] = {}
    for rx, key, value in _SCOPE_WORDS:
        if key not in scope and rx.search(sentence):
            scope[key] = value
    try:
        from sitrep.actors import get_registry

        hits = [m for m in get_registry().find_mentions(sentence) if getattr(m.actor, "kind", None) != "media_channel"]
    except Exception:  # noqa: BLE001 - scope by group is a refinement only
        hits = []
    if hits:
        scope["group"] = hits[0].actor.name
    return scope


def check_figures(store: Any, frame: pd.DataFrame | None = None) -> list[FigureCheck]:
    """Every active tempo statement compared with the database's count for the same window and scope."""
    facts = store.context_facts(kind="tempo_statement")
    if not facts:
        return []
    df = frame if frame is not None else incidents_frame(store)
    docs = {int(r.id): r for r in documents_frame(store).itertuples(index=False)}
    out = []
    for f in facts:
        doc = docs.get(int(f.document_id))
        days = int(f.window_days) if f.window_days else round(7 * float(f.window_weeks)) if f.window_weeks else None
        as_of = f.date or f.end or (doc.published if doc is not None else None)
        chk = FigureCheck(int(f.id), int(f.document_id), doc.doc_id if doc is not None else None, int(f.count or 0),
                          days, as_of, statement_scope(f.evidence), evidence=f.evidence)  # fmt: skip
        if f.count is None:
            chk.reason = "no count"
        elif not days:
            chk.reason = "no window"
        elif not as_of or len(as_of) != 10:
            chk.reason = "no date to end the window on"
        else:
            w = window_count(df, as_of, days=days, **chk.scope)
            chk.counted, chk.uncertain = w.count, w.uncertain
            chk.difference = w.count - chk.stated
            chk.verdict = "agree" if chk.difference == 0 else "differ"
        out.append(chk)
    return out
