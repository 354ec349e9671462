"""Print what the extractor finds in articles next to their gold (a development aid)."""

import json
import sys
from pathlib import Path

from sitrep.extract.pipeline import extract_document
from sitrep.models import Document

gold_path, articles = Path(sys.argv[1]), Path(sys.argv[2])
only = set(sys.argv[3:])
KEYS = ("date", "time", "country", "admin1", "place", "event_type", "target", "claimed_by")
for line in gold_path.read_text().splitlines():
    rec = json.loads(line)
    if only and not any(o in rec["file"] for o in only):
        continue
    text = (articles / rec["file"]).read_text()
    res = extract_document(Document(id=rec["file"], text=text, url=rec.get("url")))
    print(f"=== {rec['file']}  pub={res.published} gold_pub={rec.get('published')} {'NEG' if rec.get('negative') else ''}")
    for g in rec["events"]:
        print("  G", "(sec)" if g.get("secondary") else "", [g.get(k) for k in KEYS], g.get("casualties"))
    for e in res.events:
        print("  P", [getattr(e, k) for k in KEYS], e.casualties.model_dump(), "|", e.evidence[:100])
