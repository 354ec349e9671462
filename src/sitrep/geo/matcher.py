"""Finding place mentions in running text, and name lookup (exact-or-folded, then guarded fuzzy)."""

from __future__ import annotations

from sitrep.geo.gazetteer import GazetteerData
from sitrep.geo.model import Place, PlaceMention
from sitrep.geo.normalize import Token, fold, is_arabic, tokenize

MAX_NGRAM = 6
_PLACE_WORDS_AFTER = frozenset(
    {
        "town",
        "city",
        "village",
        "district",
        "province",
        "governorate",
        "area",
        "region",
        "subdistrict",
        "road",
        "base",
        "airbase",
        "camp",
        "airport",
        "crossing",
        "junction",
        "outskirts",
        "countryside",
    }
)


def _cap_ok(tok: Token) -> bool:
    c = tok.text[:1]
    # the ranges of normalize._ARABIC_CHAR, compared directly: this runs once per word of every article
    return c.isupper() or "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f"


def _prev_content(tokens: list[Token], i: int) -> int | None:
    """Index of the content token before i in the same phrase (skipping articles), or None."""
    k = i
    while k > 0:
        if not tokens[k].joined:
            return None
        k -= 1
        if not tokens[k].article:
            return k
    return None


def _blocked_by_group(tokens: list[Token], i: int, groups: frozenset[str]) -> bool:
    """True when the phrase ending just before token i starts with an armed-group word (Saraya, Kata'ib, Liwa...)."""
    k = i
    steps = 0
    while steps < 5:
        k2 = _prev_content(tokens, k)
        if k2 is None:
            return False
        t = tokens[k2]
        if t.key in groups:
            return True
        if not _cap_ok(t):
            return False
        k = k2
        steps += 1
    return False


def find_mentions(data: GazetteerData, text: str) -> list[PlaceMention]:
    if not isinstance(text, str) or not text:
        return []
    lex = data.lexicon
    index, prefixes = data.index, data.prefixes
    persons = lex.get("person_names", frozenset())
    first_words = lex.get("person_first_words", frozenset())
    groups = lex.get("group_prefixes", frozenset())
    english = lex.get("english_words", frozenset())
    cues = lex.get("locative_cues", frozenset())
    admin1_words = lex.get("admin1_words", frozenset())
    feature_words = lex.get("local_feature_words", frozenset())
    tokens = tokenize(text)
    n = len(tokens)
    out: list[PlaceMention] = []
    i = 0
    while i < n:
        t = tokens[i]
        if t.article or not _cap_ok(t) or t.key.isdigit() or not t.key:
            i += 1
            continue
        # Longest connected run of content tokens whose folded key is in the index.
        best: tuple[int, str] | None = None
        parts: list[str] = []
        count = 0
        j = i
        while j < n and count < MAX_NGRAM:
            if j > i and not tokens[j].joined:
                break
            if not tokens[j].article:
                parts.append(tokens[j].key)
                count += 1
                key = " ".join(parts)
                if key in index:
                    best = (j, key)
                if key not in prefixes:
                    break
            j += 1
        if best is None:
            i += 1
            continue
        j, key = best
        single = i == j or all(tokens[x].article for x in range(i + 1, j + 1))
        prev = _prev_content(tokens, i)
        nxt = j + 1 if j + 1 < n and tokens[j + 1].joined else None
        places = index[key]
        top = places[0]
        if top.kind == "admin1" and nxt is not None and tokens[nxt].key in feature_words:
            i = j + 1
            continue  # "the al-Qadisiya residential complex": a local feature named after the governorate
        if top.kind != "country":
            if single and key in persons:
                i = j + 1
                continue
            if prev is not None and tokens[prev].key in first_words and _cap_ok(tokens[prev]):
                i = j + 1
                continue
            if nxt is not None and tokens[nxt].key in persons and _cap_ok(tokens[nxt]):
                i = j + 1
                continue
            if _blocked_by_group(tokens, i, groups):
                i = j + 1
                continue
            if single and key in english:
                before = tokens[i - 1] if i > 0 else None
                if before is not None and before.article:
                    before = tokens[i - 2] if i > 1 else None
                cue = before is not None and before.text.lower() in cues
                after = nxt is not None and tokens[nxt].text.lower() in _PLACE_WORDS_AFTER
                if not (cue or after):
                    i = j + 1
                    continue
        start = t.start
        if i > 0 and tokens[i - 1].article and t.joined:
            start = tokens[i - 1].start
        end = tokens[j].end
        chosen = top
        # "Babylon province", "Diwaniyah Governorate": the governorate, not the town.
        if nxt is not None and tokens[nxt].key in admin1_words:
            adm = _as_admin1(data, places)
            if adm is not None:
                chosen = adm
                end = tokens[nxt].end
                j = nxt
        elif prev is None and i > 0 and tokens[i - 1].key in admin1_words and is_arabic(tokens[i - 1].text):
            adm = _as_admin1(data, places)
            if adm is not None:
                chosen = adm
        cands = tuple(places) if len(places) > 1 else ()
        out.append(PlaceMention(start, end, text[start:end], chosen, cands))
        i = j + 1
    return out


def _as_admin1(data: GazetteerData, places: list[Place]) -> Place | None:
    for p in places:
        if p.kind == "admin1":
            return p
    for p in places:
        if p.admin1 and p.kind != "country":
            return data.admin1.get(p.admin1)
    return None


# ---------------------------------------------------------------------------------------------- lookup


def pick(places: list[Place], country: str | None = None, admin1: str | None = None, kinds: set[str] | None = None):
    """The first place (index order is preference order) satisfying the filters, or None."""
    for p in places:
        if country and p.country != country:
            continue
        if admin1 and p.admin1 != admin1:
            continue
        if kinds and p.kind not in kinds:
            continue
        return p
    return None


def fuzzy_key(data: GazetteerData, key: str, country: str | None) -> tuple[str, float] | None:
    """Best index key for a folded name that has no exact entry, with guards against short-name traps."""
    from rapidfuzz import fuzz, process

    if len(key) < 8 or not key[:1]:
        return None  # short names: folding handles the variants; fuzzy would confuse Samawa/Samara, Hila/Hindiya
    pool = data.fuzzy_pool(country, key[0])
    if not pool:
        return None
    # Short names need to be nearly identical (Samawah vs Samarra, Hillah vs Hindiyah); longer ones tolerate more.
    cutoff = 92.0 if len(key) < 11 else 88.0
    res = process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=2)
    if not res:
        return None
    best_key, score, _ = res[0]
    if abs(len(best_key) - len(key)) > max(2, len(key) // 4):
        return None
    if best_key.count(" ") != key.count(" "):
        return None
    # Two different places almost equally close: ambiguous, refuse.
    if len(res) > 1 and res[1][1] >= score - 1.5 and data.index[res[1][0]][0].id != data.index[best_key][0].id:
        return None
    return best_key, float(score)


def lookup(
    data: GazetteerData,
    name: str,
    *,
    country: str | None = None,
    admin1: str | None = None,
    kinds: set[str] | None = None,
    fuzzy: bool = True,
) -> tuple[Place | None, str]:
    """(place, how) with how in {'exact', 'fuzzy', 'none'}."""
    if not isinstance(name, str):
        return None, "none"
    key = fold(name)
    if not key:
        return None, "none"
    places = data.index.get(key)
    if places:
        p = pick(places, country, admin1, kinds) or (pick(places, country, None, kinds) if admin1 else None)
        if p is not None:
            return p, "exact"
    if fuzzy:
        fk = fuzzy_key(data, key, country)
        if fk is not None:
            p = pick(data.index[fk[0]], country, admin1, kinds) or pick(data.index[fk[0]], country, None, kinds)
            if p is not None:
                return p, "fuzzy"
    return None, "none"
