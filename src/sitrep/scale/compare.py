"""Compare the incidents of two databases (the Dask path against the local path), and score against gold."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select

from sitrep.store import open_store, writer

VALUE_FIELDS = ("date", "date_end", "time", "country", "admin1", "admin2", "place", "event_type", "target",
                "claimed_by", "attribution", "killed", "injured")  # fmt: skip


def incident_sets(url: str) -> dict[frozenset, dict[str, Any]]:
    """{frozenset of (doc_id, report idx): resolved values} for the active incidents of a database."""
    D, R, L, I = writer.D, writer.R, writer.L, writer.I  # noqa: E741
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            q = (select(L.c.incident_id, D.c.doc_id, R.c.idx)
                 .select_from(L.join(R, R.c.id == L.c.report_id).join(D, D.c.id == R.c.document_id))
                 .where(L.c.unlinked_at.is_(None), R.c.active))  # fmt: skip
            members: dict[int, set] = defaultdict(set)
            for iid, doc_id, idx in conn.execute(q):
                members[iid].add((doc_id, idx))
            values = {r.id: {f: getattr(r, f) for f in VALUE_FIELDS}
                      for r in conn.execute(select(I).where(and_(I.c.status == "active")))}  # fmt: skip
    finally:
        store.close()
    return {frozenset(m): values.get(iid, {}) for iid, m in members.items()}


def diff(a: dict[frozenset, dict], b: dict[frozenset, dict]) -> dict[str, Any]:
    """How two incident sets differ: partitions and, for identical member sets, values."""
    only_a = [sorted(k) for k in a if k not in b]
    only_b = [sorted(k) for k in b if k not in a]
    values = [(sorted(k), {f: (a[k].get(f), b[k].get(f)) for f in VALUE_FIELDS if a[k].get(f) != b[k].get(f)})
              for k in a if k in b and a[k] != b[k]]  # fmt: skip
    return {"incidents_a": len(a), "incidents_b": len(b), "same": not only_a and not only_b and not values,
            "only_a": only_a[:20], "only_b": only_b[:20], "n_only_a": len(only_a), "n_only_b": len(only_b),
            "value_diffs": values[:20], "n_value_diffs": len(values)}  # fmt: skip


def gold_scores(url: str, gold_path: str | Path) -> dict[str, float]:
    """Pairwise precision / recall of same-incident document pairs against the synthetic gold (first report)."""
    gold = {}
    with Path(gold_path).open() as fh:
        for line in fh:
            g = json.loads(line)
            if g.get("attack"):
                gold[g["id"]] = g["attack"]
    sets = incident_sets(url)
    inc_of = {}
    for k, _v in sets.items():
        for doc_id, idx in k:
            if idx == 0:
                inc_of[doc_id] = k
    def pairs(groups: dict) -> set:
        out = set()
        for members in groups.values():
            ms = sorted(members)
            out |= {(x, y) for i, x in enumerate(ms) for y in ms[i + 1 :]}
        return out
    g_groups: dict[str, list] = defaultdict(list)
    for d, atk in gold.items():
        g_groups[atk].append(d)
    p_groups: dict[Any, list] = defaultdict(list)
    for d, k in inc_of.items():
        if d in gold:
            p_groups[k].append(d)
    gp, pp = pairs(g_groups), pairs(p_groups)
    tp = len(gp & pp)
    return {"precision": round(tp / len(pp), 4) if pp else 1.0, "recall": round(tp / len(gp), 4) if gp else 1.0,
            "gold_pairs": len(gp), "found_pairs": len(pp), "attacks": len(g_groups),
            "incidents_with_gold_docs": len(p_groups)}  # fmt: skip
