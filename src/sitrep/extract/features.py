"""Per-clause features: weapon, target, exclusion cues, dates, times, places.

A clause is a sentence, or a part of one split at ';' (one sentence can report several attacks)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitrep.extract.article import Article, Sentence
from sitrep.extract.dates import DateMention
from sitrep.extract.lexicon import lexicon
from sitrep.extract.prefilter import fast
from sitrep.extract.times import TimeMention, find_times

# "...; ...", "... while another ...", "A drone targeted Hareer ..., hours before a second drone was shot down ..."
_CLAUSE_SPLIT = fast(
    r";\s*|\s+while\s+(?=another\b|a second\b|a third\b)"
    r"|,?\s+(?:(?:hours|minutes|moments|shortly|days|a day)\s+)?(?:before|after)\s+(?=another\b|a second\b|a third\b)",
    re.I,
)
_PAST_ATTACK = fast(
    r"\b(attacked|targeted|struck|hit|fired|launched|detonated|exploded|landed|fell|slammed|shelled|came under|"
    r"went off|tore through|ripped through|"
    r"was (attacked|targeted|struck|hit)|were (attacked|targeted|struck|hit|fired)|intercepted|shot down|downed)\b",
    re.I,
)
# "The second was struck", "the other convoy", "another was hit": the target is the previous one's.
ANAPHORA = re.compile(
    r"^\W*(the\s+)?(first|second|third|fourth|other|another|latter|former|last)\b(?!\s+(time|attacks?\s+(since|in)))",
    re.I,
)
# "Two convoys ... were targeted", "three supply convoys ... came under attack", "several attacks"
SUMMARY = fast(
    r"\b(two|three|four|five|six|several|multiple|both|a series of|a number of|\d+)\s+(\w+\s+){0,2}(convoys|attacks|bases|operations|strikes|separate|explosions)\b"
    r"|\b(struck|hit|targeted|attacked)\s+(\w+\s+)?(convoys|bases|outposts|garrisons)\b",
    re.I,
)


# "the attack had occurred across the border": a definite reference to an attack already reported
COREFERENCE = fast(
    r"\b(the|this|that|saturday's|sunday's|monday's|tuesday's|wednesday's|thursday's|friday's|today's|yesterday's)\s+"
    r"(attack|strike|assault|incident|bombing|explosion|blast|rocket|drone|missile|projectile|shell|device|ied|bomb)\b(?!s)",
    re.I,
)
# "The Erbil attack was one of the most serious since ...": an attack already told, named by its place
_NAMED_COREFERENCE = re.compile(
    r"\b[Tt]he (?:[A-Z][\w'’-]+ ){1,3}(?:attack|strike|assault|incident|bombing|explosion|blast)\b(?!s)"
)
_NEW_WEAPON = re.compile(
    r"\b(a|an|one|two|three|four|five|six|several|\d+)\s+([\w-]+\s+){0,2}?(rockets?|drones?|missiles?|projectiles?|shells?|mortars?|devices?|ieds?|bombs?|uavs?)\b",
    re.I,
)


# "The coalition, whose forces are based at Erbil airport, said ...": a site named as where the forces live, in a
# relative clause about the speaker, is not what the sentence says was hit ("Ain al-Asad, which hosts US troops,
# was struck" names the site before the relative clause and keeps it)
_STATIONED_AT = fast(
    r"\b(whose|which (has|have|keeps?)|that (has|have|keeps?))\b[^,;.]{0,40}?\b(based|stationed|deployed|housed)\s+"
    r"(at|in|on)\b[^,;.]*",
    re.I,
)


# "Hit" written with a capital inside a sentence is the Anbar town ("a makeshift rail near Hit")
_TOWN_HIT = re.compile(r"(?<=[a-z,] )Hit\b")
_CONTEXT_TAIL = re.compile(
    r",\s+(?:(as|amid)\s+(?!(another|a second|a third|the (first|second|third))\b)"
    r"|(in (what (was|is) )?)?(the|its|a) (first|latest|most recent|second|third|newest|deadliest|biggest|largest)\b"
    # ", the fifth and sixth this month": a count of the month's attacks
    r"|the (fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(st|nd|rd|th))\b(?=[^.;]{0,25}\bthis (month|week|year)\b)"
    r"|([\w-]+\s+){0,3}(in )?(revenge|retaliation|reprisal) for\b)"  # ", calling them revenge for the U.S. strike ..."
)


@dataclass(slots=True)
class Clause:
    sentence: Sentence
    start: int
    end: int
    text: str
    weapon: tuple[str, int, int] | None = None  # event_type, span
    explosion: bool = False
    attack_verb: tuple[int, int] | None = None
    target: tuple[str, int, int] | None = None
    coalition: bool = False
    non_coalition: bool = False
    exclusions: set[str] = field(default_factory=set)
    dates: list[DateMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    anaphoric: bool = False
    summary: bool = False
    past_attack: bool = False
    coreference: bool = False
    stationed: tuple[int, int] | None = None  # "whose forces are based at X and Y": sites that are not the target
    context_from: int | None = None  # where ", as Washington braced for ..." begins: news around the attack

    def hosts(self, offset: int) -> bool:
        """The offset lies in a "whose forces are based at ..." phrase."""
        return self.stationed is not None and self.stationed[0] <= offset < self.stationed[1]

    @property
    def index(self) -> int:
        return self.sentence.block


def first_weapon(low: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The first-named weapon in low[start:end], lower-cased text (rule 7: 'drones and rockets' -> the first named)."""
    m = lexicon().any_weapon.search(low, start, end)
    return (m.lastgroup, m.start(), m.end()) if m else None


def first_target(low: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The target category in lower-cased text: a convoy that was hit wins over the base it was near (rule 8)."""
    found: dict[str, re.Match[str]] = {}
    for kind, pattern in lexicon().targets.items():
        m = pattern.search(low, start, end)
        if m:
            found[kind] = m
    patrol = found.get("patrol")
    if patrol is not None and any(
        k in found and found[k].start() < patrol.start() for k in ("embassy", "base", "airport")
    ):
        del found["patrol"]  # "rockets fired at the U.S. Embassy ..., wounding a soldier at a nearby checkpoint"
    for kind in ("convoy", "patrol", "embassy", "base", "airport"):
        if kind in found:
            m = found[kind]
            # a patrol or checkpoint is an unnamed position: "other" (rule 8)
            return ("other" if kind == "patrol" else kind, m.start(), m.end())
    return None


def analyse_clause(article: Article, sentence: Sentence, start: int, end: int) -> Clause:
    lex = lexicon()
    text = article.text
    seg = text[start:end]
    low = article.lower[start:end]
    clause = Clause(sentence, start, end, seg)
    clause.weapon = first_weapon(article.lower, start, end)
    m = lex.attack_verbs.search(low)
    while m is not None and _TOWN_HIT.match(seg, m.start()):
        m = lex.attack_verbs.search(low, m.end())  # "near Hit": the town in Anbar, not the verb
    clause.attack_verb = (start + m.start(), start + m.end()) if m else None
    if clause.attack_verb is None and clause.weapon is None:
        return clause  # no attack word: nothing else here can make it an event (most sentences stop here)
    clause.explosion = bool(lex.explosion.search(low))
    stationed = _STATIONED_AT.search(text, start, end)
    if stationed:
        clause.stationed = (stationed.start(), stationed.end())
        clause.target = first_target(article.lower, start, stationed.start()) or first_target(
            article.lower, stationed.end(), end
        )
    else:
        clause.target = first_target(article.lower, start, end)
    clause.coalition = bool(lex.coalition.search(low))
    clause.non_coalition = bool(lex.non_coalition_owner.search(low))
    clause.past_attack = any(not _TOWN_HIT.match(seg, p.start()) for p in _PAST_ATTACK.finditer(seg))
    clause.anaphoric = bool(ANAPHORA.match(seg))
    if not (clause.target or clause.weapon or clause.coalition or clause.anaphoric or article.places_in(start, end)):
        return clause  # nothing attacked that could be coalition forces: no need to look further
    # "..., U.S. officials said, as Washington braced for possible Iranian retaliation": the news the attack is set
    # in, after it, rules nothing out (a denial still does)
    verb_at = clause.attack_verb[0] if clause.attack_verb else clause.weapon[1]  # type: ignore[index]
    tail = _CONTEXT_TAIL.search(low, max(0, verb_at - start))
    head = low[: tail.start()] if tail else low
    clause.context_from = start + tail.start() if tail else None
    for name, pattern in lex.exclusions.items():
        if pattern.search(low if name == "denial" else head):
            clause.exclusions.add(name)
    if "denial" in clause.exclusions and lex.disavowal.search(low):
        # "KSS denies any connection to the al-Shaddadi operation and says statements attributing it to the Kataib
        # are fabricated": a group denying its part, not anyone denying the attack
        clause.exclusions.discard("denial")
    clause.dates = article.dates_in(start, end)
    clause.times = find_times(text, start, end)
    clause.summary = bool(SUMMARY.search(seg))
    clause.coreference = bool(COREFERENCE.search(seg) or _NAMED_COREFERENCE.search(seg)) and not _NEW_WEAPON.search(seg)
    return clause


def clauses_of(article: Article, sentence: Sentence) -> list[Clause]:
    out: list[Clause] = []
    cursor = sentence.start
    for m in _CLAUSE_SPLIT.finditer(article.text, sentence.start, sentence.end):
        if m.start() - cursor > 3:
            out.append(analyse_clause(article, sentence, cursor, m.start()))
        cursor = m.end()
    if sentence.end - cursor > 3:
        out.append(analyse_clause(article, sentence, cursor, sentence.end))
    return out
