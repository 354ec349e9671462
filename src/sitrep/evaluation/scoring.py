"""The codebook's metrics (CODEBOOK §4), computed exactly as ../shared/tools/score_events.py computes them.

Matching: per article, a predicted event may match a gold event when country, date (±2 days, or the same month
for month-only gold) and place are compatible; pairs are taken greedily by the number of agreeing fields.
Secondary gold events are optional. A test checks that this module and the shared scorer agree."""

from __future__ import annotations

import re
import unicodedata
from datetime import date as Date
from difflib import SequenceMatcher
from typing import Any

ADMIN1_ALIASES = {
    "anbar": "Al-Anbar", "qadisiyah": "Al-Qadisiyah", "qadisiya": "Al-Qadisiyah",
    "qadisiyyah": "Al-Qadisiyah", "diwaniyah": "Al-Qadisiyah", "diwaniya": "Al-Qadisiyah",
    "muthanna": "Al-Muthanna", "muthana": "Al-Muthanna", "babil": "Babil", "babylon": "Babil", "babel": "Babil",
    "dhiqar": "Dhi Qar", "thiqar": "Dhi Qar", "basra": "Basra", "basrah": "Basra",
    "erbil": "Erbil", "arbil": "Erbil", "irbil": "Erbil", "kirkuk": "Kirkuk",
    "salahaldin": "Salah al-Din", "salahuddin": "Salah al-Din", "saladin": "Salah al-Din",
    "salaheddin": "Salah al-Din", "salahadin": "Salah al-Din", "salahdin": "Salah al-Din",
    "deirezzor": "Deir ez-Zor", "deirezzur": "Deir ez-Zor", "deirzor": "Deir ez-Zor", "deirzour": "Deir ez-Zor",
    "deirezzour": "Deir ez-Zor", "dayrazzawr": "Deir ez-Zor", "deiralzour": "Deir ez-Zor", "deirezor": "Deir ez-Zor",
    "hasakah": "Al-Hasakah", "hasaka": "Al-Hasakah", "hassakeh": "Al-Hasakah", "hasakeh": "Al-Hasakah",
    "homs": "Homs", "baghdad": "Baghdad", "nineveh": "Nineveh", "ninawa": "Nineveh", "ninewa": "Nineveh",
    "diyala": "Diyala", "wasit": "Wasit", "maysan": "Maysan", "missan": "Maysan", "najaf": "Najaf",
    "karbala": "Karbala", "duhok": "Duhok", "dohuk": "Duhok", "dahuk": "Duhok",
    "sulaymaniyah": "Sulaymaniyah", "sulaimaniyah": "Sulaymaniyah", "sulaymaniya": "Sulaymaniyah",
    "raqqa": "Raqqa", "raqqah": "Raqqa", "aleppo": "Aleppo", "damascus": "Damascus",
    "rifdimashq": "Rif Dimashq", "mafraq": "Mafraq",
}  # fmt: skip
STOP = {"the", "of", "in", "near", "a", "an", "area", "road", "city", "province", "governorate",
        "base", "air", "airbase", "us", "u.s.", "and", "on", "at", "outskirts", "south", "north",
        "east", "west", "southern", "northern", "eastern", "western", "al", "el", "camp"}  # fmt: skip
FIELDS = ["date", "time", "country", "admin1", "event_type", "target", "claimed_by", "killed", "injured"]
STRICT = ("date", "admin1", "event_type", "target", "claimed_by")
STR_FIELDS = ("date", "time", "country", "admin1", "place", "event_type", "target", "claimed_by")


def fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def norm_admin1(a: str | None) -> str | None:
    if not a:
        return None
    s = fold(a)
    s = re.sub(r"\b(governorate|province|region|muhafazat)\b", " ", s)
    s = re.sub(r"\b(al|el|ad|as|ar|ash|at|an|az)[\s\-]", " ", " " + s)
    s = re.sub(r"[^a-z]", "", s)
    return ADMIN1_ALIASES.get(s, s)


def place_tokens(p: str | None) -> set[str]:
    s = fold(p)
    s = re.sub(r"\b(al|el|ad|as|ar|ash|at|an|az)-", "", s)
    toks = {t for t in re.findall(r"[a-z]+", s) if t not in STOP and len(t) > 2}
    return {re.sub(r"(iyah|iyya|iya|yah|ah|a)$", "", t) for t in toks}


def norm_group(g: str | None) -> str | None:
    if not g:
        return None
    s = fold(g).replace("\u2018", "").replace("\u2019", "").replace("'", "").replace("`", "")
    s = re.sub(r"\([^)]*\)", " ", s)
    s = re.sub(r"^\s*the\s+", "", s)
    s = re.sub(r"\b(al|el|ad|as|ar|ash|at|an|az)[\s\-]", "", s)
    s = re.sub(r"[^a-z ]", " ", s)
    s = s.replace("q", "k").replace("ou", "u").replace("ee", "i").replace("e", "i").replace("o", "u")
    s = re.sub(r"(.)\1+", r"\1", s)
    return " ".join(s.split())


def same_group(a: str | None, b: str | None) -> bool:
    if a is None and b is None:
        return True
    if not a or not b:
        return False
    x, y = norm_group(a) or "", norm_group(b) or ""
    if x == y or (len(x) > 6 and x in y) or (len(y) > 6 and y in x):
        return True
    return SequenceMatcher(None, x, y).ratio() >= 0.8


def parse_date(d: Any) -> Date | tuple[int, int] | None:
    if not d or not isinstance(d, str):
        return None
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", d)
    if not m:
        return None
    y, mo, da = int(m.group(1)), int(m.group(2)), m.group(3)
    try:
        return Date(y, mo, int(da)) if da else (y, mo)
    except ValueError:
        return None


def date_compatible(p: Any, g: Any) -> bool:
    pd, gd = parse_date(p), parse_date(g)
    if pd is None or gd is None:
        return True
    if isinstance(gd, tuple):
        return (pd.year, pd.month) == gd if isinstance(pd, Date) else pd == gd
    if isinstance(pd, tuple):
        return pd == (gd.year, gd.month)
    return abs((pd - gd).days) <= 2


def date_correct(p: Any, g: Any) -> bool:
    pd, gd = parse_date(p), parse_date(g)
    if gd is None:
        return pd is None
    if pd is None:
        return False
    if isinstance(gd, tuple):
        return (pd.year, pd.month) == gd if isinstance(pd, Date) else pd == gd
    return pd == gd


def _cas(e: dict, k: str) -> int | None:
    c = e.get("casualties") or {}
    v = c.get(k)
    return v if isinstance(v, int) else None


def field_ok(f: str, p: dict, g: dict) -> bool:
    if f == "date":
        return date_correct(p.get("date"), g.get("date"))
    if f == "time":
        return (p.get("time") or None) == (g.get("time") or None)
    if f == "country":
        return fold(p.get("country")) == fold(g.get("country"))
    if f == "admin1":
        return norm_admin1(p.get("admin1")) == norm_admin1(g.get("admin1"))
    if f in ("event_type", "target"):
        return (p.get(f) or None) == (g.get(f) or None)
    if f == "claimed_by":
        return same_group(p.get("claimed_by"), g.get("claimed_by"))
    if f in ("killed", "injured"):
        return _cas(p, f) == _cas(g, f)
    raise KeyError(f)


def _place_overlap(p: dict, g: dict) -> bool:
    return bool(place_tokens(p.get("place")) & place_tokens(g.get("place")))


def compatible(p: dict, g: dict) -> bool:
    """Nothing contradicts, and at least the date, the governorate or a place word positively agrees."""
    country_ok = not p.get("country") or not g.get("country") or fold(p.get("country")) == fold(g.get("country"))
    a, b = norm_admin1(p.get("admin1")), norm_admin1(g.get("admin1"))
    admin_ok = a is None or b is None or a == b
    if not (country_ok and date_compatible(p.get("date"), g.get("date")) and (admin_ok or _place_overlap(p, g))):
        return False
    return (p.get("date") is not None and g.get("date") is not None) or (a is not None and a == b) or _place_overlap(p, g)


def pair_score(p: dict, g: dict) -> float:
    s = sum(field_ok(f, p, g) for f in STRICT)
    return s + (1.5 if _place_overlap(p, g) else 0)


def match(preds: list[dict], golds: list[dict]) -> list[tuple[int, int]]:
    cands = [(pair_score(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds) if compatible(p, g)]
    cands.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


def clean_event(e: Any) -> dict | None:
    """Keep a predicted event's scored fields only where they have the right type."""
    if not isinstance(e, dict):
        return None
    out: dict[str, Any] = {k: (e.get(k) if isinstance(e.get(k), str) else None) for k in STR_FIELDS}
    c = e.get("casualties") if isinstance(e.get("casualties"), dict) else {}
    out["casualties"] = {
        k: (c.get(k) if isinstance(c.get(k), int) and not isinstance(c.get(k), bool) else None) for k in ("killed", "injured")
    }
    return out


def _prf(t: int, f_p: int, f_n: int) -> tuple[float, float, float]:
    p = t / (t + f_p) if t + f_p else 0.0
    r = t / (t + f_n) if t + f_n else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold_recs: list[dict], preds_by_id: dict[str, list[dict]]) -> dict:
    tp = fp = fn = strict_tp = 0
    field_hits = dict.fromkeys(FIELDS, 0)
    n_pairs = neg_total = neg_clean = 0
    claim_tp = claim_fp = claim_fn = 0
    per_doc = []
    for rec in gold_recs:
        fid = rec["file"]
        golds = rec.get("events", [])
        preds = preds_by_id.get(fid, [])
        pairs = match(preds, golds)
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        d_tp = d_fp = d_fn = 0
        for i, j in pairs:
            g, p = golds[j], preds[i]
            if g.get("secondary"):
                continue
            d_tp += 1
            n_pairs += 1
            oks = {f: field_ok(f, p, g) for f in FIELDS}
            for f in FIELDS:
                field_hits[f] += oks[f]
            if all(oks[f] for f in STRICT):
                strict_tp += 1
            pc, gc = p.get("claimed_by"), g.get("claimed_by")
            if gc and pc and same_group(pc, gc):
                claim_tp += 1
            else:
                claim_fp += bool(pc)
                claim_fn += bool(gc)
        for j, g in enumerate(golds):
            if j not in matched_g and not g.get("secondary"):
                d_fn += 1
                if g.get("claimed_by"):
                    claim_fn += 1
        for i, p in enumerate(preds):
            if i not in matched_p:
                d_fp += 1
                if p.get("claimed_by"):
                    claim_fp += 1
        tp += d_tp
        fp += d_fp
        fn += d_fn
        if rec.get("negative") or rec.get("hard_negative"):
            neg_total += 1
            neg_clean += len(preds) == sum(1 for _, j in pairs if golds[j].get("secondary"))
        per_doc.append({"file": fid, "tp": d_tp, "fp": d_fp, "fn": d_fn})
    P, R, F = _prf(tp, fp, fn)
    _, _, sF = _prf(strict_tp, fp + (tp - strict_tp), fn + (tp - strict_tp))
    cP, cR, cF = _prf(claim_tp, claim_fp, claim_fn)
    return {
        "events": {"tp": tp, "fp": fp, "fn": fn, "precision": round(P, 3), "recall": round(R, 3), "f1": round(F, 3)},
        "strict_record_f1": round(sF, 3),
        "field_accuracy_on_matched": {f: round(field_hits[f] / n_pairs, 3) if n_pairs else 0.0 for f in FIELDS},
        "claim": {"precision": round(cP, 3), "recall": round(cR, 3), "f1": round(cF, 3)},
        "negatives_clean": f"{neg_clean}/{neg_total}",
        "per_doc": per_doc,
    }


def format_report(res: dict, seconds: float | None = None) -> str:
    lines = []
    e = res["events"]
    for d in res["per_doc"]:
        if d["fp"] or d["fn"]:
            lines.append(f"  {d['file']}: tp {d['tp']} fp {d['fp']} fn {d['fn']}")
    import json

    lines.append("fields: " + json.dumps(res["field_accuracy_on_matched"]))
    lines.append("claims: " + json.dumps(res["claim"]) + " negatives clean: " + res["negatives_clean"])
    lines.append(
        f"event P {e['precision']} R {e['recall']} F1 {e['f1']} | strict record F1 {res['strict_record_f1']}"
        + (f" | {seconds:.1f}s" if seconds is not None else "")
    )
    return "\n".join(lines)
