"""The extraction pipeline: one article in, coded events and context facts out (CODEBOOK §1).

Stages, each its own module, the data passing forward once:
clean -> pubdate -> sentences -> features/detect (per clause) -> drafting (slots: geo, dates, weapons, casualties)
-> claims -> merge -> aftermath -> defaults -> claim_assignment -> filters (background, denials) -> Event records
with evidence spans."""

from __future__ import annotations

import re

from sitrep.extract.aftermath import apply_aftermath
from sitrep.extract.article import Article, Sentence
from sitrep.extract.claim_assignment import assign_claims, claim_context, place_of_claim, refute_claim
from sitrep.extract.claims import ClaimStatement, find_claims, statement_header
from sitrep.extract.claims import claimant_mentions as _claimant_mentions
from sitrep.extract.clean import clean
from sitrep.extract.context import find_context
from sitrep.extract.dates import day_of
from sitrep.extract.defaults import default_country, default_dates
from sitrep.extract.detect import Status, classify
from sitrep.extract.draft import Draft
from sitrep.extract.drafting import continues_story, draft, entry_site, others_target, split_by_place
from sitrep.extract.features import Clause, clauses_of
from sitrep.extract.filters import body_rules_out, denied_by, is_background
from sitrep.extract.layout import SITE_KINDS, block_span, dropped_before, entry_header, is_list_item, post_stamps
from sitrep.extract.lexicon import lower
from sitrep.extract.merge import merge_drafts
from sitrep.extract.pubdate import find_pubdate
from sitrep.extract.sentences import split_sentences
from sitrep.geo import get_gazetteer
from sitrep.models import ActorRef, Casualties, ContextFact, Document, Event, ExtractionResult

EXTRACTOR_VERSION = "0.1.0"
MAX_PLACES_IN_ONE_CLAUSE = 2

# Areas that are targets because of who is inside (rule 8: Green Zone hits without an embassy target are "other")
_COALITION_AREA = re.compile(r"\b(green zone|international zone)\b", re.I)


def extract_document(doc: Document) -> ExtractionResult:
    article, events, context = analyse(doc.text, url=doc.url, published=doc.published)
    published = article.pub.date.isoformat() if article.pub else None
    return ExtractionResult(id=doc.id, published=published, events=events, context=context)


def extract_events(text: str, *, url: str | None = None, published: str | None = None) -> list[Event]:
    return analyse(text, url=url, published=published)[1]


def analyse(
    text: str, *, url: str | None = None, published: str | None = None
) -> tuple[Article, list[Event], list[ContextFact]]:
    article = prepare(text, url=url, published=published)
    drafts, claims, aftermath = _read_sentences(article)
    denied = [d for d in drafts if d.status == Status.DENIED.value]
    drafts = [d for d in drafts if d.status == Status.EVENT.value]
    merged = merge_drafts(drafts)
    apply_aftermath(article, merged, aftermath)
    default_dates(article, merged, claims)
    assign_claims(article, merged, claims)
    default_country(article, merged)
    dated = [day_of(d.date) for d in merged if d.date and len(d.date) == 10 and not d.past_reference]
    newest = max(dated) if dated else None
    kept = [d for d in merged if not is_background(article, d, newest)]
    if kept and all(d.is_title for d in kept) and body_rules_out(article):
        # "Iraqi forces find rockets primed to hit Baghdad airport": the body says they never flew; "Rockets and
        # gunfire shake Baghdad's Green Zone as Sadr supporters clash ...": the body says Iraqis fought Iraqis
        kept = []
    context = []
    if denied:
        # a claim officials flatly deny is not an event (rule 1); the analyst still sees it as a context fact
        refused = [d for d in kept if denied_by(article, d, denied)]
        kept = [d for d in kept if d not in refused]
        group = next((d.claimed_by for d in refused if d.claimed_by), None)
        day = next((d.date for d in refused if d.date), None)
        for d in denied:
            s, e = d.clause.sentence.start, d.clause.sentence.end
            context.append(
                ContextFact(kind="claim_denied", group=group, date=day, evidence=text[s:e], spans={"evidence": (s, e)})
            )
    context.extend(find_context(article))
    context.extend(claim_context(article, claims))
    return article, [_to_event(article, d) for d in kept], context


def prepare(text: str, *, url: str | None = None, published: str | None = None) -> Article:
    """The document-level stages: cleaning, publication date, sentences, and the places named in the text."""
    article = Article(text=text, url=url, published_meta=published, lower=lower(text))
    clean(article)
    find_pubdate(article)
    split_sentences(article)
    article.stamps = post_stamps(article)
    article.places = get_gazetteer().find_mentions(text)
    return article


# ---------------------------------------------------------------- per sentence


def _read_sentences(article: Article) -> tuple[list[Draft], list[ClaimStatement], list[tuple[Sentence, Clause]]]:
    """Drafts from attack clauses; claim statements; sentences that add facts to the attacks before them."""
    drafts: list[Draft] = []
    claims: list[ClaimStatement] = []
    aftermath: list[tuple[Sentence, Clause]] = []
    text = article.text
    list_lead: Clause | None = None  # "... attacked four targets:" followed by a numbered list
    last_group: str | None = None  # the group named last, for "It says it targeted ..."
    named_before: list[str] = []  # groups named so far, for "The Guard claimed ..."
    last_in_block: tuple[int, Status] | None = None  # the paragraph and status of the last attack mention
    others_kind: str | None = None  # the kind of target last told as someone else's ("the Turkish base")
    for sentence in article.sentences:
        previous = next((c.group for c in reversed(claims) if c.kind == "claimed"), None) or last_group
        sentence_claims = find_claims(text, sentence, previous, low=article.lower, named_before=named_before)
        if not sentence_claims and (header := _statement_header(article, sentence)) is not None:
            sentence_claims = [header]
        for m in _claimant_mentions(text, sentence):
            last_group = text[m.start + sentence.start : m.end + sentence.start]
            named_before.append(last_group)
        excluded = False
        is_item = not sentence.is_title and is_list_item(article, sentence)
        if not is_item and not sentence.is_title and sentence.start == article.blocks[sentence.block][0]:
            list_lead = None
        for clause in clauses_of(article, sentence):
            if is_item and list_lead is not None and clause.attack_verb is None:
                clause.attack_verb, clause.past_attack = list_lead.attack_verb, list_lead.past_attack
                clause.weapon = clause.weapon or list_lead.weapon
            if clause.attack_verb and text[clause.start : clause.end].rstrip().endswith(":"):
                list_lead = clause
            if clause.attack_verb is None and clause.weapon is None:
                if not sentence.is_title:
                    refute_claim(article, sentence, clause, drafts)
                    aftermath.append((sentence, clause))
                continue
            mentions = [m for m in article.places_in(clause.start, clause.end) if not clause.hosts(m.start)]
            has_site = any(m.place.kind in SITE_KINDS or _COALITION_AREA.search(m.place.name) for m in mentions)
            if not mentions and (header := entry_header(article, sentence.block)) is not None:
                has_site = header[1] is not None and header[1].place.kind in SITE_KINDS  # the log entry's site
            elif not has_site and (clause.weapon or clause.target) and entry_site(article, clause) is not None:
                has_site = True  # "Jan. 3 — Mission Support Site Conoco (Deir ez-Zor). Two rockets fired at the site"
            context_target = bool(drafts) and (clause.anaphoric or continues_story(clause, mentions))
            status = classify(clause, article.lower, has_site=has_site, context_target=context_target)
            if status is Status.DENIED and last_in_block == (sentence.block, Status.NONE):
                # "... during a false alarm of a possible drone attack. No attack took place on the base." denies
                # the non-event just told, not the attacks reported before it
                status = Status.NONE
            if clause.target and not has_site:
                others_kind, status = others_target(clause, article.lower, status, others_kind)
            last_in_block = (sentence.block, status)
            if status is Status.NONE:
                excluded = excluded or bool(
                    clause.exclusions & {"tempo", "threat", "hypothetical", "us_strike", "thwarted"}
                )
                if not sentence.is_title:
                    aftermath.append((sentence, clause))
                continue
            parts = split_by_place(article, clause, mentions)
            if len(parts) > MAX_PLACES_IN_ONE_CLAUSE:
                continue  # "hit on the highways of Diwaniyah, Samawah, Nasiriyah and Babil": a campaign, not an attack
            for part_start, part_end in parts:
                drafts.append(draft(article, clause, status, part_start, part_end, drafts, split=len(parts) > 1))
        if not excluded:
            for claim in sentence_claims:
                place_of_claim(article, claim)
                claims.append(claim)
    return drafts, claims, aftermath


POST_BLOCKS = 4  # the most paragraphs a statement header stands over
_BARE_STATEMENT = re.compile(r"\W*(statement|communiqu\w*|bayan)\W*", re.I)


def _statement_header(article: Article, sentence: Sentence) -> ClaimStatement | None:
    """A post header line naming a group's statement, covering the paragraphs under it up to the post's end (a
    short line of its own, such as a view counter, or the next header)."""
    span = block_span(article, sentence.block)
    if span is None or sentence.start != span[0]:
        return None
    claim = statement_header(article.text, article.lower, sentence)
    if claim is None and sentence.block > 0 and _BARE_STATEMENT.fullmatch(sentence.text):
        # "🔻 The Islamic Resistance in Iraq 🔻" over "Statement:": the group's line is the header's first half
        s, e = article.blocks[sentence.block - 1]
        above = Sentence(s, e, article.text[s:e], sentence.block - 1)
        claim = statement_header(article.text, article.lower, above, cue_after=True)
    if claim is None:
        return None
    last = sentence.block
    for b in range(sentence.block + 1, min(len(article.blocks), sentence.block + 1 + POST_BLOCKS)):
        if last > sentence.block and dropped_before(article, b):
            break  # "👁 44.6K   09:37" (a line cleaning dropped) or a post stamp before it: the post ended
        last = b
    claim.covers = (sentence.block + 1, last)
    return claim


# ---------------------------------------------------------------- output


def _to_event(article: Article, d: Draft) -> Event:
    text = article.text
    actor = None
    name = d.claimed_by or d.attributed_to
    if name:
        from sitrep.actors import get_registry

        actor = get_registry().to_ref(name) if name else None
        if actor is not None and not isinstance(actor, ActorRef):
            actor = ActorRef.model_validate(actor.model_dump() if hasattr(actor, "model_dump") else actor)
    spans = dict(d.spans)
    # the attack's own sentence first; an attack only the headline tells rests on the headline
    evidence_spans = d.evidence_spans or [(d.clause.sentence.start, d.clause.sentence.end)]
    evidence = " ".join(text[s:e] for s, e in evidence_spans)
    spans["evidence"] = evidence_spans[0]
    filled = (
        sum(x is not None for x in (d.date, d.admin1, d.claimed_by))
        + (d.event_type != "unknown")
        + (d.target != "other")
    )
    return Event(
        date=d.date,
        date_end=d.date_end,
        time=d.time,
        country=d.country,
        admin1=d.admin1,
        admin2=d.admin2,
        place=d.place,
        lat=d.lat,
        lon=d.lon,
        geo_precision=d.geo_precision,
        event_type=d.event_type,
        target=d.target,
        claimed_by=d.claimed_by,
        actor=actor,
        attribution=d.attribution,
        attributed_to=d.attributed_to,
        claim_channel=d.claim_channel,
        casualties=Casualties(killed=d.killed, injured=d.injured),
        evidence=evidence,
        spans={k: (int(v[0]), int(v[1])) for k, v in spans.items()},
        confidence=round(0.4 + 0.1 * filled, 2),
    )
