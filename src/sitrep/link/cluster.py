"""Incremental clustering of reports into incidents.

A ``Linker`` holds clusters (incidents) indexed by (country, day). Reports arrive one document at a time
(``link_document``): each report is compared with the clusters in its blocking window (same country,
±2 days, month-only dates over their whole month); a cluster's score is the best score against any of its
members, and a veto against any member rules the cluster out. The reports of one document are then assigned
best-first, at most one report of a document per cluster (the extractor already merged the duplicates
inside an article, so two reports of one document are two attacks). Unassigned reports start clusters.

Cost: each report looks at a bounded number of day buckets, so with a bounded number of attacks per day
and place the work per report is constant and batch linking is dominated by the sort (n log n).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from sitrep.link.records import LinkReport
from sitrep.link.scoring import WINDOW_DAYS, PairScore, score_pair

LINK_THRESHOLD = 2.5  # score needed to join an incident
SOLE_THRESHOLD = 1.5  # ... or this, when it is the only compatible incident, same day, nothing against it


@dataclass(slots=True)
class Cluster:
    id: Hashable
    members: list[LinkReport] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Decision:
    report_id: Any
    cluster_id: Hashable
    new: bool  # True: the report started this cluster
    score: float | None
    reason: str


class Linker:
    def __init__(self, id_factory: Any = None) -> None:
        self.clusters: dict[Hashable, Cluster] = {}
        self._index: dict[tuple[str, int], set[Hashable]] = defaultdict(set)
        self._ids = id_factory or (f"c{n}" for n in count(1)).__next__

    # -- state -------------------------------------------------------------------------------------
    def add_cluster(self, cluster_id: Hashable, members: Iterable[LinkReport]) -> None:
        """Preload an existing incident (for incremental linking against a database)."""
        cluster = self.clusters.get(cluster_id)
        if cluster is None:
            cluster = self.clusters[cluster_id] = Cluster(cluster_id)
        for m in members:
            self._attach(cluster, m)

    def _attach(self, cluster: Cluster, report: LinkReport) -> None:
        cluster.members.append(report)
        cluster.documents.add(report.document)
        if report.country and report.day_lo is not None:
            for d in range(report.day_lo, report.day_hi + 1):
                self._index[(report.country, d)].add(cluster.id)

    def candidates(self, report: LinkReport) -> set[Hashable]:
        if not report.country or report.day_lo is None:
            return set()
        out: set[Hashable] = set()
        for d in range(report.day_lo - WINDOW_DAYS, report.day_hi + WINDOW_DAYS + 1):
            ids = self._index.get((report.country, d))
            if ids:
                out |= ids
        return out

    def score_cluster(self, report: LinkReport, cluster: Cluster) -> PairScore | None:
        best: PairScore | None = None
        for m in cluster.members:
            ps = score_pair(report, m)
            if ps.veto:
                return None
            if best is None or ps.score > best.score:
                best = ps
        return best

    # -- linking -----------------------------------------------------------------------------------
    def link_document(self, reports: list[LinkReport]) -> list[Decision]:
        """Assign the reports of ONE document to existing clusters or new ones; returns one decision each."""
        options: list[tuple[float, int, Hashable, PairScore]] = []
        for i, r in enumerate(reports):
            scored: list[tuple[Hashable, PairScore]] = []
            for cid in self.candidates(r):
                ps = self.score_cluster(r, self.clusters[cid])
                if ps is not None:
                    scored.append((cid, ps))
            compatible = [s for s in scored if s[1].score > 0]
            for cid, ps in scored:
                sole = len(compatible) == 1 and ps.same_day and ps.place_ok and not ps.negative
                if ps.score >= LINK_THRESHOLD or (sole and ps.score >= SOLE_THRESHOLD):
                    options.append((ps.score, i, cid, ps))
        options.sort(key=lambda o: (-o[0], o[1], str(o[2])))
        assigned: dict[int, tuple[Hashable, PairScore]] = {}
        used: set[Hashable] = set()
        for _score, i, cid, ps in options:
            if i in assigned or cid in used:
                continue
            assigned[i] = (cid, ps)
            used.add(cid)
        decisions: list[Decision] = []
        for i, r in enumerate(reports):
            if i in assigned:
                cid, ps = assigned[i]
                rule = "linked" if ps.score >= LINK_THRESHOLD else "linked(sole candidate)"
                self._attach(self.clusters[cid], r)
                decisions.append(Decision(r.id, cid, False, ps.score, f"{rule}: " + ", ".join(ps.reasons)))
            else:
                cid = self._ids()
                cluster = self.clusters[cid] = Cluster(cid)
                self._attach(cluster, r)
                why = "new: no date" if r.day_lo is None else "new: no country" if not r.country else "new"
                decisions.append(Decision(r.id, cid, True, None, why))
        return decisions


def link_all(reports: Iterable[LinkReport], id_factory: Any = None) -> list[Decision]:
    """Batch linking: documents in order of their earliest report (then their `order` key and name)."""
    by_doc: dict[str, list[LinkReport]] = defaultdict(list)
    for r in reports:
        by_doc[r.document].append(r)

    def doc_key(item: tuple[str, list[LinkReport]]) -> tuple:
        doc, rs = item
        first = min((r.day_lo for r in rs if r.day_lo is not None), default=10**9)
        return (first, min(r.order for r in rs), doc)

    linker = Linker(id_factory)
    out: list[Decision] = []
    for _doc, rs in sorted(by_doc.items(), key=doc_key):
        out.extend(linker.link_document(rs))
    return out


def clusters_of(decisions: Iterable[Decision]) -> dict[Hashable, list[Any]]:
    groups: dict[Hashable, list[Any]] = defaultdict(list)
    for d in decisions:
        groups[d.cluster_id].append(d.report_id)
    return dict(groups)
