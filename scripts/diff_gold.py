"""Show, per article, where the extractor and the gold disagree (a development aid)."""

import json
import sys
from pathlib import Path

from sitrep.evaluation.scoring import FIELDS, clean_event, field_ok, match
from sitrep.extract.pipeline import extract_document
from sitrep.models import Document

gold_path, articles = Path(sys.argv[1]), Path(sys.argv[2])
only = set(sys.argv[3:])
for line in gold_path.read_text().splitlines():
    rec = json.loads(line)
    if only and not any(o in rec["file"] for o in only):
        continue
    text = (articles / rec["file"]).read_text()
    res = extract_document(Document(id=rec["file"], text=text, url=rec.get("url")))
    preds = [clean_event(e.to_output()) for e in res.events]
    golds = rec["events"]
    pairs = match(preds, golds)
    out = []
    for i, j in pairs:
        g, p = golds[j], preds[i]
        if g.get("secondary"):
            out.append(f"  sec-matched: {p['place']}")
            continue
        bad = [f for f in FIELDS if not field_ok(f, p, g)]
        if bad:
            vals = "; ".join(f"{f}: {p.get(f) if f not in ('killed','injured') else p['casualties'][f]!r} vs {g.get(f) if f not in ('killed','injured') else (g.get('casualties') or {}).get(f)!r}" for f in bad)
            out.append(f"  MISMATCH [{g.get('place')}] {vals}")
    mp, mg = {i for i, _ in pairs}, {j for _, j in pairs}
    for j, g in enumerate(golds):
        if j not in mg and not g.get("secondary"):
            out.append(f"  FN {g.get('date')} {g.get('admin1')} {g.get('place')} {g.get('event_type')} {g.get('target')} | {g.get('evidence','')[:90]}")
    for i, p in enumerate(preds):
        if i not in mp:
            out.append(f"  FP {p['date']} {p['admin1']} {p['place']} {p['event_type']} {p['target']} | {res.events[i].evidence[:110]}")
    if out:
        print(f"=== {rec['file']} pub={res.published} gold_pub={rec.get('published')}")
        print("\n".join(out))
