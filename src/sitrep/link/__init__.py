"""Cross-source linking: reports of the same attack in different documents become one incident.

- records: the slim LinkReport view (dates as day ranges, folded place words, claimant keys)
- scoring: pairwise evidence and vetoes (score_pair)
- cluster: blocking by (country, day) and incremental, document-wise clustering (Linker, link_all)
- resolve: canonical incident values with provenance and alternatives (resolve)
"""

from sitrep.link.cluster import LINK_THRESHOLD, Decision, Linker, clusters_of, link_all
from sitrep.link.records import LinkReport, from_event, make_link_report
from sitrep.link.resolve import resolve
from sitrep.link.scoring import PairScore, score_pair

__all__ = [
    "LINK_THRESHOLD",
    "Decision",
    "LinkReport",
    "Linker",
    "PairScore",
    "clusters_of",
    "from_event",
    "link_all",
    "make_link_report",
    "resolve",
    "score_pair",
]
