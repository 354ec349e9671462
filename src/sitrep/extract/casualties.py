"""Casualty figures (CODEBOOK rule 9): explicit numbers and sums; vague words give null; the
"no casualties" conventions give zeros."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitrep.extract.lexicon import lexicon
from sitrep.extract.prefilter import fast

_NUM = r"(?:\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|a dozen|dozen|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|an?|both)"
_PEOPLE = r"(?:(?!(?:rockets?|drones?|missiles?|mortars?|shells?|vehicles?|trucks?|and|were|was|who|of|in|at|on)\b)[\w.'’-]+\s+){0,3}(?:fighters?|officers?|policem[ae]n|troopers?|soldiers?|troops?|servicem[ae]n|service members?|personnel|contractors?|people|persons?|civilians?|workers?|guards?|members?|employees?|drivers?|staff|marines?|airmen|sailors?|individuals?|americans?|others?)(?!\s+(?:cars?|vehicles?|trucks?|areas?|homes?|houses?|targets?|infrastructure|airport|facilit\w+|buildings?|neighbou?rhoods?))"
# "three soldiers and two contractors were wounded", "wounding two", "killed 3 people", "at least five injured"
_GROUP = re.compile(
    rf"(?P<atleast>at least\s+|some\s+|nearly\s+|about\s+|around\s+|up to\s+)?(?<!\bno )(?P<n>{_NUM})\s+(?:(?:other|more)\s+)?(?:of (?:the|its|their|our)\s+)?(?P<who>{_PEOPLE})",
    re.I,
)
# "caused minor injuries to six personnel": the people counted after the noun
_INJURIES_TO = r"(?:(?:minor|slight|light|serious|severe|non-life-threatening) )?(?:injuries|wounds) to"
_NOT_YET = re.compile(r"\b(immediate|at this time|yet)\b")
_RISEN_TO = re.compile(
    r"\b(number|count|toll|tally) of (?:[\w.-]+ ){0,4}(?P<verb>hurt|injured|wounded|killed|dead)\b[^.;]{0,80}?"
    r"\b(risen|rose|climbed|increased|grown|reached|jumped) to (?P<n>\d+)\b",
    re.I,
)
_VERB_THEN_NUM = re.compile(
    rf"\b(?P<verb>killing|killed|wounding|wounded|injuring|injured|hurting|{_INJURIES_TO})\s+(?P<atleast>at least\s+)?(?P<n>{_NUM}|the(?=\s+(?:[\w.-]+\s+)?(?:driver|soldier|contractor|guard|pilot|worker|commander|officer|man|woman)\b))\b(?!\s*(?:rockets?|drones?|missiles?|vehicles?|trucks?))",
    re.I,
)
_NUM_THEN_VERB = re.compile(
    rf"(?P<atleast>at least\s+)?(?<!\bno )(?P<n>\d+|{_NUM[3:-1]})\s+(?:were\s+|was\s+|have been\s+|had been\s+)?(?P<verb>killed|dead|wounded|injured|hurt)\b",
    re.I,
)


# "the driver ... was wounded": a singular person named as the subject of a passive casualty verb
_ONE_PERSON = re.compile(
    r"\bthe (?:[\w.-]+\s+)?(?:driver|soldier|contractor|guard|pilot|worker|officer|service member|civilian|employee)"
    r"(?!s)\b(?!\s+(?:towers?|posts?|house|room|building|vehicles?|trucks?|cars?|cab)\b)",
    re.I,
)
_PLURAL_END = re.compile(r"(?<!s)s$|\b(personnel|people|staff|airmen)$", re.I)
_WAS_BEFORE = re.compile(r"\bwas\s+(?:\w+ly\s+)?$", re.I)
_SUFFERED = re.compile(r"(suffered|sustained)\b", re.I)  # "the driver of that truck suffered burns": one person


@dataclass(slots=True)
class CasualtyFinding:
    killed: int | None = None
    injured: int | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    explicit: bool = False  # something was said (including "no casualties")
    locked: set[str] = field(default_factory=set)  # fields a "no ..." statement fixed at 0
    unknown: bool = False  # "no information on casualties": nothing may fill them in from elsewhere


def _value(word: str) -> int | None:
    w = word.lower()
    if w == "the":
        return 1  # "killing the driver"
    if w.isdigit():
        return int(w)
    if "-" in w:  # "twenty-nine"
        tens, _, units = w.partition("-")
        words = lexicon().number_words
        return words[tens] + words[units] if tens in words and units in words else None
    return lexicon().number_words.get(w)


def _kind_of(verb_text: str) -> str | None:
    lex = lexicon()
    verb_text = verb_text.lower()
    if _SUFFERED.match(verb_text):
        return "injured"  # "suffered burns", "sustained minor injuries"
    if lex.casualties["killed_words"].search(verb_text):
        return "killed"
    if lex.casualties["injured_words"].search(verb_text):
        return "injured"
    return None


def find_casualties(text: str, start: int, end: int) -> CasualtyFinding:
    """Casualties stated in text[start:end] (an event's sentence or its paragraph)."""
    lex = lexicon()
    seg = text[start:end].lower()
    out = CasualtyFinding()
    m = lex.casualties["none_at_all"].search(seg)
    later = lex.casualties["unknown"].match(seg, m.start()) if m else None
    if later and _NOT_YET.search(later.group()):
        m = None  # "no casualties reported at this time": no report yet, not a report of none
    if m:
        # not locked: "No one was hurt at the airport, but a rocket hit a house, killing five" counts the five
        # (rule 9: casualties near the target count), so numbers stated in the same segment replace the zeros
        out.killed = out.injured = 0
        out.spans["killed"] = out.spans["injured"] = (start + m.start(), start + m.end())
        out.explicit = True
        for clause_m in re.finditer(r"[^;]+", seg):
            _numbers_in_clause(clause_m.group(), start + clause_m.start(), out)
        return out
    risen = _RISEN_TO.search(seg)
    if risen:
        # "the number of U.S. troops hurt in Sunday's drone strike has risen to 40": the latest count stands
        kind = _kind_of(risen.group("verb")) or "injured"
        setattr(out, kind, int(risen.group("n")))
        out.spans[kind] = (start + risen.start(), start + risen.end())
        out.explicit = True
        out.locked.add(kind)
    m = lex.casualties["unknown"].search(seg)
    if m:
        out.explicit = True  # "no information on casualties": stated as unknown, so nothing may fill it in
        out.unknown = True
        out.locked = {"killed", "injured"}
        return out
    # "no injuries" / "no deaths" give zeros that a number stated in the same segment replaces ("No Americans
    # were hurt; two Iraqi guards were wounded": partner forces count, rule 9)
    m = lex.casualties["no_injuries"].search(seg)
    if m:
        out.injured = 0
        out.spans["injured"] = (start + m.start(), start + m.end())
        out.explicit = True
    m = lex.casualties["no_deaths"].search(seg)
    if m:
        out.killed = 0
        out.spans["killed"] = (start + m.start(), start + m.end())
        out.explicit = True
    # clauses: split at ';' and ', ' boundaries that precede a verb change are too fine; use the sentence
    for clause_m in re.finditer(r"[^;]+", seg):
        clause = clause_m.group()
        base = start + clause_m.start()
        _numbers_in_clause(clause, base, out)
    return out


_VERB = fast(
    rf"\b(killed|dead|died|killing|wounded|wounding|injured|injuring|hurt|(?:suffered|sustained) (?:[\w-]+ ){{0,2}}?(?:injuries|wounds|burns)|treated for|diagnosed with|{_INJURIES_TO})\b",
    re.I,
)


def _numbers_in_clause(clause: str, base: int, out: CasualtyFinding) -> None:
    """'killing one contractor and wounding nine others': a participle takes the people counted after it;
    'three soldiers and two contractors were wounded': a finite verb takes the people counted since the previous
    verb (a sum); numbers already taken by one verb are not taken again."""
    lex = lexicon()
    prev = 0
    # kinds this clause has counted: a second verb adds to them ("four were hurt and one was wounded")
    summed: set[str] = set()
    for verb in _VERB.finditer(clause):
        if verb.start() < prev:
            continue
        kind = _kind_of(verb.group(1))
        if kind is None:
            prev = verb.end()
            continue
        total, span, consumed_to = 0, None, verb.end()
        after = _VERB_THEN_NUM.match(clause, verb.start()) if verb.group(1).lower().endswith(("ing", " to")) else None
        if after:
            total, consumed_to = _sum_following(clause, after.start("n"))
            total = total or _value(after.group("n")) or 0
            span = (verb.start(), max(after.end(), consumed_to))
        else:
            first = None
            for m in _GROUP.finditer(clause, prev, verb.start()):
                if lex.casualties["vague"].fullmatch((m.group("n") or "").lower()):
                    continue
                if m.group("n").lower() in ("a", "an") and _PLURAL_END.search(m.group("who")):
                    continue  # "a base housing US troops killed six fighters": "a" counts the base, not the troops
                v = _value(m.group("n"))
                if v is None:
                    continue
                total += v
                first = m.start() if first is None else first
            if first is not None:
                span = (first, verb.end())
            else:
                after = _VERB_THEN_NUM.match(clause, verb.start())
                bare = _NUM_THEN_VERB.search(clause, prev, verb.end())
                if after:
                    total, consumed_to = _sum_following(clause, after.start("n"))
                    total = total or _value(after.group("n")) or 0
                    span = (verb.start(), max(after.end(), consumed_to))
                elif bare and bare.end() == verb.end():
                    total = _value(bare.group("n")) or 0
                    span = (bare.start(), bare.end())
                elif (
                    _WAS_BEFORE.search(clause, max(prev, verb.start() - 30), verb.start())
                    or _SUFFERED.match(verb.group(1))
                    or verb.group(1).lower() == "died"  # "The contractor suffered a cardiac episode ... and died"
                ):
                    one = _ONE_PERSON.search(clause, prev, verb.start())
                    if one:  # "The driver of the lead truck, a father of three, was wounded": one person
                        total, span = 1, (one.start(), verb.end())
        if span and total and kind not in out.locked:
            if kind in summed:
                setattr(out, kind, getattr(out, kind) + total)
                out.spans[kind] = (out.spans[kind][0], base + span[1])
            elif getattr(out, kind) in (None, 0):
                setattr(out, kind, total)
                out.spans[kind] = (base + span[0], base + span[1])
                summed.add(kind)
            out.explicit = True
        prev = max(verb.end(), consumed_to)


def _sum_following(clause: str, pos: int) -> tuple[int, int]:
    """'wounding three members of the coalition and two Iraqi soldiers' -> (5, end of the last group); a group
    joins the sum across 'and' or a comma, not across a verb or 'including'."""
    total, last_end, first = 0, pos, True
    for m in _GROUP.finditer(clause, pos):
        gap = clause[last_end : m.start()]
        if not first and (
            len(gap) > 45
            or not re.search(r",|\band\b", gap)
            or _VERB.search(gap)
            or re.search(r"\b(including|among|of whom|incl)\b", gap)
        ):
            break
        v = _value(m.group("n"))
        if v is None:
            break
        total += v
        last_end, first = m.end(), False
    return total, last_end
