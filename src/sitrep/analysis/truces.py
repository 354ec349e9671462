"""Truce, moratorium, suspension and ceasefire periods, merged into one timeline (`sitrep truces`).

Sources: the `truce` and `truce_end` context facts the extractor found in articles, the reviewed file
shipped in sitrep/data/truces.yaml, and an optional user file of the same form (--truces FILE). For each
period: the incidents inside it, the violations (inside it and in the announcing group's network), the
first incident after it, and the attack rate (incidents per week) before, during and after.

Merging: facts and file rows for the same group whose start days lie within MERGE_DAYS of each other
are one period; a reviewed file row's dates win over dates read from articles. A `truce_end` fact
closes the latest period of its group (or of any group when the article names none) that started
before it. A period nobody declared over ends de facto with the first in-scope attack after its start (the
resumption: end_basis "resumption", that attack is its violation and its `first_after`); with no such
attack it is still open and "during" runs to the last incident in the database."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from sitrep.analysis.frame import AnalysisError, documents_frame, incidents_frame, matches_scope, network_of

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "data" / "truces.yaml"
MERGE_DAYS = 21
RATE_WEEKS = 8
KINDS = ("truce", "moratorium", "suspension", "ceasefire")
_WIDE_KINDS = ("umbrella", "coordination_body")


class TruceFileError(AnalysisError):
    """A truce file that cannot be used (not YAML, bad row)."""


@dataclass
class TruceSource:
    origin: str  # file | article
    fact: str  # period (file row) | truce | truce_end
    date: str | None
    evidence: str = ""
    document_id: int | None = None
    doc_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TrucePeriod:
    id: str
    actor: str | None
    kind: str
    start: str
    end: str | None
    end_basis: str | None  # file | article | resumption (never declared over: ended by the first attack) | None
    country: str | None = None
    note: str = ""
    reviewed: bool = False  # from a reviewed file
    sources: list[TruceSource] = field(default_factory=list)
    scope: str = "all incidents"
    incidents_inside: list[int] = field(default_factory=list)
    violations: list[int] = field(default_factory=list)
    first_after: dict[str, Any] | None = None  # {"incident_id", "date", "days_after_start"|"days_after_end"}
    rate_before: float | None = None  # incidents per week, RATE_WEEKS before the start
    rate_during: float | None = None
    rate_after: float | None = None  # RATE_WEEKS after the end (closed periods only)
    during_until: str | None = None  # the last day counted as "during" (end, or the data's last day)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["n_violations"] = len(self.violations)
        d["n_inside"] = len(self.incidents_inside)
        return d


# -- the reviewed file ----------------------------------------------------------------------------------


def _file_date(value: Any, what: str, where: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", s):
        raise TruceFileError(f"{where}: {what} must be YYYY-MM-DD, got {value!r}")
    try:
        date.fromisoformat(s)
    except ValueError:
        raise TruceFileError(f"{where}: {what} is not a real day: {value!r}") from None
    return s


def load_truce_file(path: str | Path) -> list[TrucePeriod]:
    """Read a truce file (see sitrep/data/truces.yaml); raises TruceFileError with the row at fault."""
    import yaml

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TruceFileError(f"cannot read truce file {p}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise TruceFileError(f"truce file {p} is not valid YAML: {str(exc).splitlines()[0]}") from None
    rows = data.get("periods") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise TruceFileError(f"truce file {p}: expected a `periods:` list")
    out = []
    for i, row in enumerate(rows, 1):
        where = f"{p.name} period {i}"
        if not isinstance(row, dict):
            raise TruceFileError(f"{where}: expected a mapping")
        start = _file_date(row.get("start"), "start", where)
        if start is None:
            raise TruceFileError(f"{where}: start is required")
        end = _file_date(row.get("end"), "end", where)
        if end and end < start:
            raise TruceFileError(f"{where}: end {end} is before start {start}")
        kind = str(row.get("kind") or "truce")
        if kind not in KINDS:
            raise TruceFileError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
        actor = network_of(row.get("actor"))[0] if row.get("actor") else None
        pid = str(row.get("id") or f"{p.stem}-{i}")
        src = TruceSource("file", "period", start, evidence=str(row.get("source") or ""), file=p.name)  # the name only: a server path is nobody else's business
        out.append(TrucePeriod(pid, actor, kind, start, end, "file" if end else None, row.get("country") or None,
                               " ".join(str(row.get("note") or "").split()), True, [src]))  # fmt: skip
    return out


# -- article facts --------------------------------------------------------------------------------------


def _kind_of(evidence: str) -> str:
    low = evidence.lower()
    for word, kind in (("moratorium", "moratorium"), ("ceasefire", "ceasefire"), ("cease-fire", "ceasefire"),
                       ("suspen", "suspension"), ("halt", "suspension")):  # fmt: skip
        if word in low:
            return kind
    return "truce"


def _days(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def _article_facts(store: Any) -> tuple[list[tuple[TruceSource, str | None]], list[tuple[TruceSource, str | None]]]:
    docs = documents_frame(store)
    by_id = {int(r.id): r for r in docs.itertuples(index=False)}
    starts, ends = [], []
    for kind in ("truce", "truce_end"):
        for f in store.context_facts(kind=kind):
            doc = by_id.get(int(f.document_id))
            published = doc.published if doc is not None else None
            day = (f.start or f.date or published) if kind == "truce" else (f.date or f.end or published)
            if not day or len(day) != 10:
                continue
            src = TruceSource("article", kind, day, f.evidence, int(f.document_id),
                              doc.doc_id if doc is not None else None, doc.url if doc is not None else None,
                              doc.outlet if doc is not None else None, published)  # fmt: skip
            actor = network_of(f.actor or f.group)[0]
            (starts if kind == "truce" else ends).append((src, actor))
    return starts, ends


def merge_periods(
    file_periods: list[TrucePeriod], starts: list[tuple[TruceSource, str | None]],
    ends: list[tuple[TruceSource, str | None]],
) -> list[TrucePeriod]:  # fmt: skip
    periods = list(file_periods)
    for src, actor in sorted(starts, key=lambda x: (x[0].date or "", x[0].document_id or 0)):
        best = None
        for p in periods:
            near = _days(p.start, src.date) <= MERGE_DAYS
            if (actor is None or p.actor is None or p.actor == actor) and near and (
                best is None or _days(p.start, src.date) < _days(best.start, src.date)
            ):
                best = p
        if best is None:
            slug = re.sub(r"[^a-z0-9]+", "_", (actor or "unnamed").lower()).strip("_")
            best = TrucePeriod(f"article_{slug}_{src.date}", actor, _kind_of(src.evidence), src.date, None, None)
            periods.append(best)
        elif best.actor is None and actor is not None:
            best.actor = actor
        best.sources.append(src)
    for src, actor in sorted(ends, key=lambda x: (x[0].date or "", x[0].document_id or 0)):
        cands = [p for p in periods if p.start <= src.date and (actor is None or p.actor in (None, actor))]
        if not cands:
            continue
        p = max(cands, key=lambda x: x.start)
        p.sources.append(src)
        if p.end_basis != "file" and (p.end is None or src.date < p.end):
            p.end, p.end_basis = src.date, "article"
    periods.sort(key=lambda p: (p.start, p.id))
    return periods


# -- analysis -------------------------------------------------------------------------------------------


def _rate(n: int, days: int) -> float | None:
    return round(n / (days / 7.0), 2) if days > 0 else None


def analyse_period(p: TrucePeriod, df: pd.DataFrame, rate_weeks: int = RATE_WEEKS) -> None:
    placed = df[df["day"].notna() & ~df["month_only"]]
    if p.country:
        placed = placed[placed["country"].astype("object").str.lower() == p.country.lower()]
    wide = p.actor is None or _is_wide(p.actor)
    p.scope = "all incidents" if wide else f"{p.actor} network (the group, its facades, its parent)"
    in_scope = placed if wide else placed[matches_scope(placed, p.actor)]
    if p.country:
        p.scope += f" in {p.country}"
    start = pd.Timestamp(p.start)
    last_day = placed["day"].max() if len(placed) else start
    span = timedelta(weeks=rate_weeks)
    before = in_scope[(in_scope["day"] >= start - span) & (in_scope["day"] < start)]
    p.rate_before = _rate(len(before), span.days)
    if p.end:
        end = pd.Timestamp(p.end)
        after = in_scope[in_scope["day"] > end]
        if len(after):
            first = after.iloc[0]
            p.first_after = {"incident_id": int(first["id"]), "date": first["day"].strftime("%Y-%m-%d"),
                             "days_after_end": int((first["day"] - end).days)}  # fmt: skip
    else:
        # Never declared over: it lasted de facto until the first in-scope attack after the start.
        after = in_scope[in_scope["day"] > start]
        if len(after):
            first = after.iloc[0]
            end = first["day"]
            p.end_basis = "resumption"
            p.first_after = {"incident_id": int(first["id"]), "date": first["day"].strftime("%Y-%m-%d"),
                             "days_after_start": int((first["day"] - start).days)}  # fmt: skip
        else:
            end = max(last_day, start)
    p.during_until = end.strftime("%Y-%m-%d")
    inside = placed[(placed["day"] >= start) & (placed["day"] <= end)]
    p.incidents_inside = [int(i) for i in inside["id"]]
    viol = in_scope[(in_scope["day"] >= start) & (in_scope["day"] <= end)]
    p.violations = [int(i) for i in viol["id"]]
    p.rate_during = _rate(len(viol), (end - start).days + 1)
    if p.end or p.end_basis == "resumption":
        window = in_scope[(in_scope["day"] > end) & (in_scope["day"] <= end + span)]
        p.rate_after = _rate(len(window), span.days) if last_day >= end + span else None


def _is_wide(actor: str) -> bool:
    from sitrep.analysis.frame import _resolve_group

    return _resolve_group(actor)[1] in _WIDE_KINDS


def truce_timeline(
    store: Any, extra_file: str | Path | None = None, *, include_default: bool = True, rate_weeks: int = RATE_WEEKS,
    frame: pd.DataFrame | None = None,
) -> list[TrucePeriod]:  # fmt: skip
    """All truce periods (reviewed file(s) + article facts), merged, each with its violations and rates."""
    file_periods: list[TrucePeriod] = []
    if include_default and DEFAULT_FILE.is_file():
        file_periods += load_truce_file(DEFAULT_FILE)
    if extra_file is not None:
        user = load_truce_file(extra_file)
        ids = {p.id for p in user}
        file_periods = [p for p in file_periods if p.id not in ids] + user  # a user row replaces a shipped one
    starts, ends = _article_facts(store)
    periods = merge_periods(file_periods, starts, ends)
    df = frame if frame is not None else incidents_frame(store)
    for p in periods:
        analyse_period(p, df, rate_weeks)
    return periods
