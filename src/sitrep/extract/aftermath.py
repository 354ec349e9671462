"""Follow-up sentences with no attack of their own that add to the attacks told before them: the weapon ("IEDs
were used in both"), the clock time ("The rockets began landing at 7:20 a.m."), casualties ("Both caused material
damage but no casualties"), by place where the sentence names the attacks' places.

Separate from drafting because it runs after merging, on the merged attacks, with the sentences the pipeline
set aside while reading."""

from __future__ import annotations

import re

from sitrep.extract.article import Article, Sentence
from sitrep.extract.casualties import find_casualties
from sitrep.extract.draft import Draft
from sitrep.extract.features import Clause
from sitrep.extract.layout import block_span
from sitrep.extract.prefilter import fast
from sitrep.extract.times import find_times

_FALSE_ALARM = re.compile(r"\bfalse alarm\b|\bno attack (had )?(took|taken) place\b", re.I)

_REFERS_BACK = fast(
    r"\b(both|these|those|the|this|that|each)\s+(\w+\s+)?(attacks?|explosions?|blasts?|operations?|strikes?|incidents?|rockets?|drones?|missiles?|projectiles?|shells?|barrages?|salvos?|volleys?|bombardment|shelling|bombing)\b|"
    # "a third rocket hit a house nearby": one more projectile of the salvo just reported
    r"\b(a|the) (second|third|fourth|fifth|sixth) (rocket|missile|drone|shell|projectile|mortar round|round)\b|"
    r"\b(was|were) used\b|^\W*(both|all three|all of them|it|they)\b",
    re.I,
)
_OTHER_SIDE = fast(
    r"\b(its|their) (members?|fighters?|commanders?|operatives?)\b|\bmilitants?\b|\bmilitiam[ae]n\b", re.I
)
_HABITUAL = fast(
    r"\b(the (great |vast )?majority|(most|many) (of )?(these |those |such |the )?(attacks|incidents|strikes)|"
    r"typically|usually|rarely|seldom|generally|tend to)\b",
    re.I,
)
_PLURAL_BACK = fast(r"\b(both|all|these|those|each|either|neither)\b|\battacks\b", re.I)
AFTERMATH_BLOCKS = 2
_ALL_OF = fast(
    r"\b(all|any|each|none|both) of the (\w+\s+)?(attacks|incidents|strikes|operations|convoys)\b|\b(in|from) (either|neither|both) (attack|incident)",
    re.I,
)  # how far (in paragraphs) a follow-up sentence may stand from the attack it adds to


def apply_aftermath(article: Article, drafts: list[Draft], aftermath: list[tuple[Sentence, Clause]]) -> None:
    """Sentences after an attack that add its weapon or casualties ("IEDs were used in both", "no casualties")."""
    text = article.text
    excluded_before: Clause | None = None  # the attack mention just told and ruled out, if any
    for _sentence, clause in aftermath:
        refers_back = bool(_REFERS_BACK.search(clause.text))  # asked up to three times below
        ruled_out = (clause.attack_verb or clause.weapon) and (clause.exclusions or clause.summary)
        told, excluded_before = excluded_before, (clause if ruled_out else None)
        if (
            told is not None
            and refers_back
            and told.index == clause.index
            and not any(told.start < d.start < clause.start for d in drafts)
        ):
            # "militants have repeatedly targeted bases in the east ... most of those attacks caused no injuries": it
            # is about the attacks just ruled out (a tally, a threat), not the attack told before them
            continue
        # a sentence with an attack of its own ("An explosion in a market killed three civilians") or about the
        # other side's losses ("one of its members was killed") says nothing about the attack before it
        about_ours = not ((clause.attack_verb or clause.weapon) and not refers_back) and not (
            _OTHER_SIDE.search(clause.text) or clause.exclusions & {"us_strike", "tempo", "background", "threat"}
        )
        para = block_span(article, clause.index)
        if about_ours and para is not None and _FALSE_ALARM.search(article.text, *para):
            about_ours = False  # "a contractor died while sheltering during a false alarm": no attack's casualty
        if about_ours and _HABITUAL.search(clause.text):
            about_ours = False  # "The great majority cause no casualties": about such attacks in general
        if about_ours and _casualties_by_place(article, drafts, clause):
            about_ours = False  # given to the attacks at the places it names
        whole = bool(_ALL_OF.search(clause.text))
        before = [
            d for d in drafts if d.start < clause.start and (whole or clause.index - d.last_block <= AFTERMATH_BLOCKS)
        ]
        if not before:
            continue
        # the attack mentioned last before the sentence (a summary merged into an attack told later counts there)
        last = max(before, key=lambda d: max([d.start] + [s for s, _ in d.own_sentences if s < clause.start]))
        plural = bool(_PLURAL_BACK.search(clause.text))
        scope = before if plural else [last]
        if clause.weapon and not clause.target and refers_back:
            for d in scope:
                if d.event_type == "unknown":
                    d.event_type = clause.weapon[0]
                    d.spans["event_type"] = (clause.weapon[1], clause.weapon[2])
        if last.time is None and refers_back:
            times = find_times(text, clause.start, clause.end)
            if times:  # "The rockets began landing at 7:20 a.m.": the attack's clock time, given afterwards
                last.time = times[0].value
                last.spans["time"] = (times[0].start, times[0].end)
        if about_ours:
            _add_casualties(text, scope, clause.start, clause.end)


def _add_casualties(text: str, scope: list[Draft], start: int, end: int) -> None:
    """Casualties stated in text[start:end] fill the ones the attacks in scope lack."""
    cas = find_casualties(text, start, end)
    if not cas.explicit:
        return
    for d in scope:
        if d.casualties_stated:
            continue
        if d.killed is None and cas.killed is not None:
            d.killed = cas.killed
            d.spans["killed"] = cas.spans.get("killed", (start, end))
        if d.injured is None and cas.injured is not None:
            d.injured = cas.injured
            d.spans["injured"] = cas.spans.get("injured", (start, end))


# "three wounded in the attack on Conoco, and no injuries at Green Village": the parts of a follow-up sentence
_PLACE_PARTS = re.compile(r";|,?\s+\b(?:and|while|but|whereas)\s+(?:that\s+)?", re.I)


_OUTLET_AFTER = re.compile(
    r"(-based)?\s+(outlets?|newspapers?|dail(y|ies)|channels?|televisions?|tv|stations?|radio|agenc(y|ies)|websites?|"
    r"media|reporters?|journalists?|correspondents?)\b",
    re.I,
)


def _drafts_at(article: Article, drafts: list[Draft], start: int, end: int) -> list[Draft]:
    """The attacks whose place text[start:end] names (the same site, else the same governorate)."""
    # (not a source's home: "an Iraqi security source told a Baghdad outlet there were no casualties")
    mentions = [m for m in article.places_in(start, end) if not _OUTLET_AFTER.match(article.text, m.end)]
    if not mentions:
        return []
    ids = {m.place.id for m in mentions}
    hit = [d for d in drafts if d.place_id in ids]
    if hit:
        return hit
    admin1s = {m.place.admin1 for m in mentions if m.place.admin1}
    return [d for d in drafts if d.admin1 in admin1s]


def _casualties_by_place(article: Article, drafts: list[Draft], clause: Clause) -> bool:
    """A follow-up sentence that names the places of an article's attacks ("no casualties in Erbil"; "three
    wounded at Conoco, and no injuries at Green Village") gives each attack the figures said of its place,
    wherever that attack is reported. False when the sentence does not single attacks out by place."""
    if len({d.place_id or d.admin1 for d in drafts}) < 2:
        return False
    named = _drafts_at(article, drafts, clause.start, clause.end)
    if not named:
        return False
    if len(named) == 1:
        _add_casualties(article.text, named, clause.start, clause.end)
        return True
    done = False
    cuts = list(_PLACE_PARTS.finditer(article.text, clause.start, clause.end))
    for a, b in zip([clause.start] + [m.end() for m in cuts], [m.start() for m in cuts] + [clause.end], strict=True):
        part = _drafts_at(article, drafts, a, b)
        if len(part) == 1:
            _add_casualties(article.text, part, a, b)
            done = True
    return done
