"""Which attacks each claim statement speaks for (CODEBOOK rule 2): the places a claim names, its scope (own
sentence, a statement header's paragraphs, the governorate it names, "both attacks", the paragraph, the attack
just before), a date that rules an attack out, and the claimed/attributed/disavowed values that follow. Also a
claim refuted by the next sentence, and disavowals as context facts.

Separate from claims.py, which finds claim statements in one sentence; this module ties them to the drafts."""

from __future__ import annotations

import re

from sitrep.extract.aftermath import AFTERMATH_BLOCKS
from sitrep.extract.article import Article, Sentence
from sitrep.extract.claims import ClaimStatement
from sitrep.extract.dates import day_of
from sitrep.extract.detect import Status
from sitrep.extract.draft import Draft
from sitrep.extract.features import Clause, first_target
from sitrep.extract.layout import block_is_list_item, entry_header
from sitrep.extract.prefilter import fast
from sitrep.models import ContextFact

# "a second group also claimed": a competing claim after the first
_LATER_CLAIMANT = re.compile(
    r"\b(a second|another|a rival|a competing|a different) (group|faction|claim)\b|\balso claimed\b", re.I
)

# "Police flatly denied the claim": the claim just reported is refuted (not "denied reports of casualties")
_REFUTES = fast(
    r"\b(denied|denies|dismissed|rejected|refuted)\s+(\w+\s+)?(the|this|that|these|those|such)\s+(claims?|reports?|allegations?)\b"
    r"(?![^.;]{0,30}\b(casualt|injur|kill|dead|death|wound|involve|responsib))",
    re.I,
)
_CLAIM_WORD = fast(r"\bclaim(ed|ing|s)?\b", re.I)


def refute_claim(article: Article, sentence: Sentence, clause: Clause, drafts: list[Draft]) -> None:
    """A sentence with no attack words that denies the claim told just before it ("In Basra, a group claimed it
    had blown up a convoy. Police denied the claim.") makes that claimed attack a non-event (rule 1)."""
    if not drafts or not _REFUTES.search(article.lower, clause.start, clause.end):
        return
    last = drafts[-1]
    told = last.clause.sentence
    if last.status != Status.EVENT.value or sentence.block - told.block > 1:
        return
    if _CLAIM_WORD.search(article.lower, told.start, told.end):
        for d in drafts:
            if d.clause.sentence is told and d.status == Status.EVENT.value:
                d.status = Status.REFUTED.value


_REASON = re.compile(r"\b(revenge|retaliation|response|reprisal)\s+(for|to)\b", re.I)


def place_of_claim(article: Article, claim: ClaimStatement) -> None:
    s = claim.sentence
    # "..., calling them revenge for the U.S. drone strike that killed Soleimani in Baghdad": not a place it claims
    reason = _REASON.search(article.text, claim.end, s.end)
    named = article.places_in(s.start, reason.start() if reason else s.end)
    if not named and not s.is_title and (header := entry_header(article, s.block)) is not None and header[1]:
        named = [header[1]]  # "10.08.2024 | Green Village" above "SAD claimed a drone strike on the base"
    for m in named:
        if m.place.admin1:
            claim.place_admin1.add(m.place.admin1)
        claim.place_names.add(m.place.id)


def _claim_scope(
    article: Article, drafts: list[Draft], claim: ClaimStatement, *, use_place: bool = True
) -> list[Draft]:
    sentence = (claim.sentence.start, claim.sentence.end)
    if claim.covers is not None:  # a statement's header: the attacks its text tells
        first, last = claim.covers
        # (an attack the post repeats from the channel's earlier news posts was merged into their record)
        return [
            d for d in drafts if first <= d.block <= last or any(first <= b <= last for b in _blocks_of(article, d))
        ]
    own = [d for d in drafts if sentence in d.own_sentences]
    if own:
        # "claimed both attacks, saying it had targeted the bases at Harir and Erbil airport": each site it names
        return own + [d for d in drafts if d not in own and d.place_id and d.place_id in claim.place_names]
    if claim.place_admin1 and use_place:
        return [d for d in drafts if d.admin1 in claim.place_admin1]
    if claim.plural or len(drafts) == 1 or claim.sentence.is_title:
        return drafts
    if article.text[claim.sentence.start : claim.sentence.end].rstrip().endswith(":"):
        # "... targeted today, with drones:" over a numbered list: the attacks its items tell, not those after it
        last = claim.sentence.block
        while block_is_list_item(article, last + 1):
            last += 1
        listed = [d for d in drafts if d.start > claim.sentence.start and d.block <= last]
        return listed or [d for d in drafts if d.start > claim.sentence.start] or drafts
    block = claim.sentence.block
    same = [d for d in drafts if d.block == block or block in _blocks_of(article, d)]
    # the attack just before it, but not one several paragraphs back ("The IDF said it struck ..." in another section)
    before = [d for d in drafts if d.start < claim.sentence.start and block - d.last_block <= AFTERMATH_BLOCKS]
    if not same and not before and _THE_ATTACK.search(claim.sentence.text):
        # "X claimed responsibility for the attack" paragraphs after the lead: the attack last reported before it
        before = [d for d in drafts if d.start < claim.sentence.start and not d.past_reference]
    return same[-1:] or before[-1:] or ([] if any(d.start < claim.sentence.start for d in drafts) else drafts[:1])


# a claim that names no place but points back at the story's attack
_THE_ATTACK = re.compile(
    r"\b(?:responsibility for|claimed|claiming|adopted) (?:the|this|that|Monday's|Tuesday's|Wednesday's|Thursday's|"
    r"Friday's|Saturday's|Sunday's|last night's|yesterday's|today's) (?:[\w-]+ ){0,2}?(?:attack|strike|bombing|"
    r"operation|barrage|shelling|explosion|blast)\b",
    re.I,
)


def _claim_date(article: Article, claim: ClaimStatement) -> str | None:
    """The first date the claim sentence gives for an attack (not the edge of a period), if any."""
    s = claim.sentence
    for m in article.dates_in(s.start, s.end):
        if m.value and not m.period_edge:
            return m.value
    return None


def _date_fits(claim_date: str | None, d: Draft) -> bool:
    """A claim sentence dated to another day ("an attack in April later claimed by ...") is about another attack."""
    if claim_date is None or d.date is None:
        return True
    if len(claim_date) == 7 or len(d.date) == 7:
        return claim_date[:7] == d.date[:7]
    return abs((day_of(claim_date) - day_of(d.date)).days) <= 2


def assign_claims(article: Article, drafts: list[Draft], claims: list[ClaimStatement]) -> None:
    blocked: set[int] = set()
    # "The statement did not mention Tower 22": no claim reaches the attacks at the places it leaves out
    left_out = {
        id(d) for c in claims if c.kind == "unmentioned" for d in drafts if d.place_id and d.place_id in c.place_names
    }
    for claim in claims:
        if claim.kind == "unclaimed":
            # "No claim; local sources pointed to launch sites near Mayadin": the place is not the attack's
            scope = _claim_scope(article, drafts, claim, use_place=False)
            # "no group had claimed responsibility for the attack on the embassy": only the attack on that target
            named = first_target(article.lower, claim.sentence.start, claim.sentence.end)
            if named is not None and any(d.target == named[0] for d in drafts):
                scope = [d for d in drafts if d.target == named[0]]
            blocked.update(id(d) for d in scope)
    # claims made in the attack's own sentence first, then the others in text order (a first-named claimant wins);
    # "a second group ... also claimed" never displaces the first claimant
    ordered = sorted(
        claims,
        key=lambda c: (
            bool(_LATER_CLAIMANT.search(c.sentence.text)),
            not any((c.sentence.start, c.sentence.end) in d.own_sentences for d in drafts),
        ),
    )
    for claim in ordered:
        if claim.kind in ("unclaimed", "unmentioned"):
            continue
        sentence = (claim.sentence.start, claim.sentence.end)
        claim_date = _claim_date(article, claim)
        if claim.kind == "disavowed":
            # a group denying its part: recorded on an attack nobody claimed (a claim by another group stands)
            for d in _claim_scope(article, drafts, claim):
                if d.attribution in ("none", "attributed") and _date_fits(claim_date, d):
                    d.attribution, d.attributed_to = "disavowed", claim.group
                    d.spans["attributed_to"] = (claim.start, claim.end)
            continue
        for d in _claim_scope(article, drafts, claim):
            if not _date_fits(claim_date, d):
                continue
            if id(d) in left_out and sentence not in d.own_sentences:
                continue
            if id(d) in blocked and sentence not in d.own_sentences and d.admin1 not in claim.place_admin1:
                continue  # the text says nobody claimed this one; only a claim naming it or its place says otherwise
            if claim.kind == "claimed" and d.claimed_by is None:
                d.claimed_by, d.claim_actor_id, d.claim_channel = claim.group, claim.actor_id, claim.channel
                d.attribution = "claimed"
                d.spans["claimed_by"] = (claim.start, claim.end)
                if sentence not in d.evidence_spans:
                    d.evidence_spans.append(sentence)
            elif claim.kind == "attributed" and d.attribution == "none":
                d.attribution, d.attributed_to = "attributed", claim.group
                d.spans["attributed_to"] = (claim.start, claim.end)


def _blocks_of(article: Article, d: Draft) -> set[int]:
    return {i for i, (s, e) in enumerate(article.blocks) for (a, b) in d.evidence_spans if s <= a < e}


def claim_context(article: Article, claims: list[ClaimStatement]) -> list[ContextFact]:
    out = []
    for c in claims:
        if c.kind == "disavowed":
            s = c.sentence
            out.append(
                ContextFact(
                    kind="claim_disavowed",
                    group=c.group,
                    evidence=s.text,
                    spans={"group": (c.start, c.end), "evidence": (s.start, s.end)},
                )
            )
    return out
