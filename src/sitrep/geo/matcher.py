"""Finding place mentions in running text, and name lookup (exact-or-folded, then guarded fuzzy)."""

from __future__ import annotations

from itertools import compress

from sitrep.geo.gazetteer import GazetteerData
from sitrep.geo.model import Place, PlaceMention
from sitrep.geo.normalize import Words, fold, is_arabic, split_words

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


def _prev_content(words: Words, i: int) -> int | None:
    """Index of the content word before i in the same phrase (skipping articles), or None."""
    joined, article = words.joined, words.article
    k = i
    while k > 0:
        if not joined[k]:
            return None
        k -= 1
        if not article[k]:
            return k
    return None


def _blocked_by_group(words: Words, i: int, groups: frozenset[str]) -> bool:
    """True when the phrase ending just before word i starts with an armed-group word (Saraya, Kata'ib, Liwa...)."""
    k = i
    steps = 0
    while steps < 5:
        k2 = _prev_content(words, k)
        if k2 is None:
            return False
        if words.keys[k2] in groups:
            return True
        if not words.capital[k2]:
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
    words = split_words(text)
    texts, keys = words.texts, words.keys
    article, joined, capital = words.article, words.joined, words.capital
    n = len(words)
    out: list[PlaceMention] = []
    resume = 0  # words before this index belong to the last mention or its context
    # A name starts with a capitalised (or Arabic) word: the lower-case majority is never looked at.
    for i in compress(range(n), capital):
        if i < resume or article[i] or not keys[i] or keys[i].isdigit():
            continue
        # Longest connected run of content words whose folded key is in the index.
        best: tuple[int, str] | None = None
        parts: list[str] = []
        j = i
        while j < n and len(parts) < MAX_NGRAM:
            if j > i and not joined[j]:
                break
            if not article[j]:
                parts.append(keys[j])
                key = " ".join(parts)
                if key in index:
                    best = (j, key)
                if key not in prefixes:
                    break
            j += 1
        if best is None:
            continue
        j, key = best
        resume = j + 1
        single = i == j or all(article[i + 1 : j + 1])
        prev = _prev_content(words, i)
        nxt = j + 1 if j + 1 < n and joined[j + 1] else None
        places = index[key]
        top = places[0]
        if top.kind == "admin1" and nxt is not None and keys[nxt] in feature_words:
            continue  # "the al-Qadisiya residential complex": a local feature named after the governorate
        if top.kind != "country":
            if single and key in persons:
                continue
            if prev is not None and keys[prev] in first_words and capital[prev]:
                continue
            if nxt is not None and keys[nxt] in persons and capital[nxt]:
                continue
            if _blocked_by_group(words, i, groups):
                continue
            if single and key in english:
                before = i - 1 if i > 0 else None
                if before is not None and article[before]:
                    before = i - 2 if i > 1 else None
                cue = before is not None and texts[before].lower() in cues
                after = nxt is not None and texts[nxt].lower() in _PLACE_WORDS_AFTER
                if not (cue or after):
                    continue
        start = words.start(i)
        if i > 0 and article[i - 1] and joined[i]:
            start = words.start(i - 1)
        end = words.end(j)
        chosen = top
        # "Babylon province", "Diwaniyah Governorate": the governorate, not the town.
        if nxt is not None and keys[nxt] in admin1_words:
            adm = _as_admin1(data, places)
            if adm is not None:
                chosen = adm
                end = words.end(nxt)
                resume = nxt + 1
        elif prev is None and i > 0 and keys[i - 1] in admin1_words and is_arabic(texts[i - 1]):
            adm = _as_admin1(data, places)
            if adm is not None:
                chosen = adm
        cands = tuple(places) if len(places) > 1 else ()
        out.append(PlaceMention(start, end, text[start:end], chosen, cands))
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
