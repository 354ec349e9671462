"""Attack detection with the codebook's exclusions (CODEBOOK rule 1).

A clause reports an attack on US or coalition forces when it has an attack word or a weapon, a target
(a convoy, base, embassy, airport, a named coalition site, or US/coalition forces), and none of the
exclusions: threats, tempo counts, US or Israeli strikes, thwarted plots, attacks on others."""

from __future__ import annotations

import re
from enum import Enum

from sitrep.extract.features import _PAST_ATTACK, Clause, first_target
from sitrep.extract.lexicon import lexicon
from sitrep.extract.prefilter import fast

_FORCES = re.compile(
    r"\b(u\.?s\.?|american|coalition|foreign|occupation|international)\s+(-led\s+)?(forces|troops|soldiers|personnel|"
    r"military|army|servicem[ae]n|service members|advisers|advisors|interests|presence|positions|targets)\b",
    re.I,
)
# "a base ... that hosts U.S. forces": whoever's base it is, coalition forces are the target
_HOSTS = fast(
    r"\b(host(s|ing|ed)?|hous(es|ing|ed)|where|used by|station(ed)?|home to)\b[^.;]{0,50}\b(u\.?s\.?|american|coalition|foreign|international)\b",
    re.I,
)
# "rockets slammed into an Iraqi military base near Kirkuk, killing a U.S. civilian contractor": whoever's base it
# is, the attack hit coalition people
_OUR_CASUALTIES = re.compile(
    r"\b(killing|wounding|injuring|killed|wounded|injured)\s+(an?\s+|the\s+|\w+\s+)?(u\.?s\.?|american|coalition)\s+"
    r"([\w-]+\s+)?(contractors?|troops|soldiers?|service ?members?|servicem[ae]n|personnel|citizens?)\b",
    re.I,
)
# Words next to a target that make it someone else's (an Iraqi army base, a PMF convoy).
_SOURCE_WORDS = re.compile(r"^\s*(sources?|officials?|said|spokes\w+|statement|told|media|cell|analysts?)\b", re.I)


# "..., in the latest of a string of attacks since October": a count told beside a reported attack
_ASIDE = re.compile(r"\b(latest|amid|part of|one of|among|adding to|the newest)\b[^.;]{0,60}$")
# "..., the first American deaths from hostile fire since the start of the war": a record the attack sets (but
# "the first strike since 2020 and came two weeks after ..." goes on to another attack)
_RECORD = re.compile(r"\bthe (first|deadliest|worst)\b(?:(?!\band\b)[^.;,]){0,80}$")


def _is_aside(clause: Clause, text: str, cue: str) -> bool:
    """The tempo or background words qualify an attack the clause reports ("... on Tuesday, in the latest of a
    string of attacks since the start of the war"), rather than being its content ("the 21st attack in seven weeks")."""
    if not clause.past_attack:
        return False
    # every cue must be an aside: "the first strike since January 2020 and came two weeks after ..." is not
    cues = list(lexicon().exclusions[cue].finditer(text, clause.start, clause.end))
    return bool(cues) and all(_aside_at(clause, text, m.start()) for m in cues)


def _aside_at(clause: Clause, text: str, at: int) -> bool:
    if _ASIDE.search(text, max(clause.start, at - 70), at) or _RECORD.search(text, max(clause.start, at - 90), at):
        return True
    # an appositive after the attack it counts: "a mortar round struck the base, the second attack in a week"
    before = text[clause.start : at]
    return bool(re.search(r",\s*(the|an?|its)?\s*$", before)) and bool(_PAST_ATTACK.search(before))


class Status(Enum):
    NONE = "none"
    EVENT = "event"
    BACKGROUND = "background"
    DENIED = "denied"
    REFUTED = "refuted"  # a claimed attack that the sentences after it say did not happen


def owner_is_other(clause: Clause, text: str) -> bool:
    """The target belongs to someone else: a non-coalition owner word close to the target word."""
    if _HOSTS.search(clause.text) or _OUR_CASUALTIES.search(clause.text):
        return False
    if clause.target is None:
        return clause.non_coalition and not clause.coalition
    _, ts, te = clause.target
    lo, hi = max(clause.start, ts - 45), min(clause.end, te + 45)
    for m in lexicon().non_coalition_owner.finditer(text, lo, hi):
        if _SOURCE_WORDS.match(text[m.end() : m.end() + 20]):
            continue
        window = text[max(clause.start, ts - 45) : min(clause.end, te + 45)]
        return not lexicon().coalition.search(window)
    return False


# "..., hours after a one-way attack drone wounded four U.S. service members at Erbil Air Base" (the weapon the
# subject: not "in response to last Sunday's drone attack that killed three soldiers", a past attack)
_WEAPON_HURT = re.compile(
    r"\b(drones?|rockets?|missiles?|mortars?|bombs?|ieds?|devices?|shells?)\s+(wounded|killed|injured|hurt)\b", re.I
)
_STRIKE_CLAUSE_END = re.compile(r"\b(after|when|as|following|in response to|in retaliation for)\b|[,;]")


_US_AGENT = re.compile(
    r"\b(american|u\.?s\.?|israeli|coalition) (aircraft|warplanes?|jets?|drones?|helicopters?|gunships?) "
    r"(had |have |has )?(hit|struck|bombed|targeted)\b"
)


def _attack_beside_strike(clause: Clause, text: str, strike: re.Match[str], has_site: bool) -> bool:
    """The clause reports an attack on coalition forces outside the words about the US/Israeli strike."""
    end = _STRIKE_CLAUSE_END.search(text, strike.end(), clause.end)
    rest = text[clause.start : strike.start()] + " " + (text[end.start() : clause.end] if end else "")
    # "... sheltering from a rocket barrage on Wednesday at Ain al-Asad air base, ... since Biden ordered airstrikes":
    # a weapon and a named site told before the strike are an attack of their own
    weapon_before = clause.weapon is not None and clause.weapon[1] < strike.start() and has_site
    if _US_AGENT.search(rest):
        return False  # "..., denying reports that American aircraft had hit the base": the hit is theirs too
    if not (_PAST_ATTACK.search(rest) or weapon_before or _WEAPON_HURT.search(rest)):
        return False
    return has_site or first_target(rest, 0, len(rest)) is not None or bool(_FORCES.search(rest))


def _others_named(clause: Clause, text: str) -> bool:
    """Someone other than coalition forces is named in the clause (not as a source: "Iraqi security sources")."""
    for m in lexicon().non_coalition_owner.finditer(text, clause.start, clause.end):
        if not _SOURCE_WORDS.match(text[m.end() : m.end() + 20]):
            return True
    return False


def classify(clause: Clause, text: str, *, has_site: bool, context_target: bool) -> Status:
    """Whether a clause reports an attack on coalition forces. `text` is the article lower-cased.

    has_site: the clause names a coalition site from the gazetteer (Ain al-Asad, Harir, Victory base ...).
    context_target: the clause refers back to a target named before ("The second was struck in ...")."""
    ex = clause.exclusions
    if not clause.attack_verb and not (clause.sentence.is_title and clause.weapon):
        return Status.NONE
    forces = bool(_FORCES.search(clause.text))
    if not (clause.target or has_site or forces or context_target):
        return Status.NONE
    if owner_is_other(clause, text) and not has_site:
        return Status.NONE
    if not (has_site or forces or clause.coalition) and _others_named(clause, text):
        return Status.NONE  # "a roadside bomb struck their patrol" in a story about Iraqi soldiers
    if "other_owner" in ex and not forces and not _HOSTS.search(clause.text):
        return Status.NONE  # "drones struck radars belonging to the Iraqi army at Camp Taji"
    if "tempo" in ex and not _is_aside(clause, text, "tempo"):
        return Status.NONE
    if "thwarted" in ex or "not_hit" in ex:
        return Status.NONE
    if "intra_iraqi" in ex and not clause.coalition:
        return Status.NONE  # rockets in the Green Zone during a fight between Iraqi camps (rule 1)
    if "generic_plural" in ex and not any(m.value and len(m.value) == 10 for m in clause.dates):
        # "several strikes ... this month": only a day ties a plural to one attack
        return Status.NONE
    if "launcher_found" in ex and not clause.past_attack:
        return Status.NONE  # rockets seized before launch; after an attack, finding the launcher is routine
    if "us_strike" in ex:
        # "Rockets hit Ain al-Asad, two days after US strikes on ...": the attack is told before the strike
        # or after it ("... struck a vehicle near Abu Ghraib after militants fired a missile at Ain al-Asad")
        strike = lexicon().exclusions["us_strike"].search(text, clause.start, clause.end)
        if strike is None or not _attack_beside_strike(clause, text, strike, has_site):
            return Status.NONE
    if ex & {"threat", "hypothetical", "truce_talk"} and not clause.past_attack:
        return Status.NONE
    if "denial" in ex:
        return Status.DENIED
    if "since_when" in ex or ("background" in ex and not _is_aside(clause, text, "background")):
        return Status.BACKGROUND
    return Status.EVENT


# "..., and that the group's reference to al-Rukban described Tower 22", "no attack on Shaddadi or al-Tanf on Sunday
# and that the only installation struck was Tower 22": the denial's own words end there
_DENIAL_END = re.compile(r",\s*(and|but|while)\s+(that\s+)?|;|\s+but\s+|\s+and that\s+", re.I)


def denial_scope(clause: Clause, low: str) -> tuple[int, int]:
    """The part of a denial clause that says what did not happen: from the clause start to the end of the
    phrase the denial cue stands in."""
    m = lexicon().exclusions["denial"].search(low, clause.start, clause.end)
    if m is None:
        return clause.start, clause.end
    cut = _DENIAL_END.search(low, m.end(), clause.end)
    return clause.start, (cut.start() if cut else clause.end)
