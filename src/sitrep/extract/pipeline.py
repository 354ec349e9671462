"""The extraction pipeline: one article in, coded events and context facts out (CODEBOOK §1).

Stages, each its own module, the data passing forward once:
clean -> pubdate -> sentences -> features/detect (per clause) -> slots (geo, dates, weapons, casualties)
-> claims -> merge -> background/denial filter -> Event records with evidence spans."""

from __future__ import annotations

import datetime as dt
import re

from sitrep.extract.article import Article, Sentence
from sitrep.extract.casualties import find_casualties
from sitrep.extract.claims import ClaimStatement, find_claims, statement_header
from sitrep.extract.claims import claimant_mentions as _claimant_mentions
from sitrep.extract.clean import clean
from sitrep.extract.context import find_context
from sitrep.extract.detect import Status, classify, denial_scope, owner_is_other
from sitrep.extract.draft import Draft
from sitrep.extract.features import Clause, clauses_of, first_target, first_weapon
from sitrep.extract.layout import (
    LOG_ENTRIES,
    SITE_KINDS,
    block_is_list_item,
    block_span,
    dated_by_entry,
    dated_entries,
    dated_entry,
    dropped_before,
    entry_date,
    entry_header,
    headline_like,
    is_cell_line,
    is_list_item,
    main_site,
    post_stamps,
)
from sitrep.extract.lexicon import lexicon, lower
from sitrep.extract.merge import merge_drafts
from sitrep.extract.prefilter import fast
from sitrep.extract.pubdate import find_pubdate
from sitrep.extract.sentences import WIRE_DATELINE, split_sentences
from sitrep.extract.times import find_times
from sitrep.geo import get_gazetteer
from sitrep.models import ActorRef, Casualties, ContextFact, Document, Event, ExtractionResult

EXTRACTOR_VERSION = "0.1.0"
MAX_PLACES_IN_ONE_CLAUSE = 2
BACKGROUND_DAYS = 14  # an attack this much older than the article's newest attack is context, not news (rule 1)
STALE_DAYS = 60  # ... and one this long before publication is context even when nothing newer is reported
LEAD_BLOCKS = 3
_COUNTRY_WORDS = fast(r"\b(Iraq|Syria|Jordan)\b")
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}
# "another IED", "a second attack", "The second was struck", "separately", "again": a new attack, not a repeat
# (but "an official said separately that ...": a second source on the same attack)
_SEPARATE = fast(
    r"\b(another|a second|the second|a third|the third|a fourth|the fourth|a fifth|a further|an additional|a new|a separate)\s+"
    r"([\w-]+\s+){0,2}?(attack|strike|convoy|explosion|blast|bomb|ied|device|operation|salvo|barrage|volley|incident|base|drone attack|rocket attack)s?\b"
    r"|^\W*(the\s+)?(second|third|fourth|other|latter)\s+(was|were|one|convoy|attack)\b|(?<!said )(?<!told )(?<!reported )(?<!confirmed )(?<!added )\bseparately\b(?!\s+(said|told|reported|confirmed|added))|\bin a separate\b|\bagain\b|\bre-?(target|attack|strik|bomb|shell)\w*",
    re.I,
)
# "launched from an area south of Erbil" (also "launched at around 9 pm from"): where the weapon came from, not
# what it hit
_LAUNCHED_FROM = re.compile(
    r"\b(launched|fired|took off|flown)\s+((at|around|about|shortly|before|after|\d[\d:.]*|[ap]\.?m\.?|local|time|"
    r"midnight|dawn|night)\s+){0,5}from\b",
    re.I,
)
# "the base", "the convoy" with no name: the target already reported
_DEFINITE = re.compile(r"\b(the|that|this|same)\s+$", re.I)
_NAMED_AFTER = re.compile(r"^\s+(at|in|of|near)\b", re.I)
# A body line with no closing punctuation and headline length: a related-article link or a caption, not prose
_SUMMARY_COUNT = fast(r"\b(two|three|four|five|both)\s+([\w-]+\s+){0,3}(convoys|bases|attacks)\b", re.I)
# "a group that first appeared last month": a date about the group, not the attack
_ABOUT_GROUP = re.compile(
    r"\b(first appeared|appeared|emerged|was (founded|established|formed|created)|founded|established)\s+(in\s+|on\s+)?$",
    re.I,
)
# "a second group also claimed": a competing claim after the first
_LATER_CLAIMANT = re.compile(
    r"\b(a second|another|a rival|a competing|a different) (group|faction|claim)\b|\balso claimed\b", re.I
)
# "last week", "earlier this month", "weeks ago": an attack before the one the article reports
_PAST_REFERENCE = fast(
    r"\b(last|previous|past) week\b|\bearlier this (week|month|year)\b|\b(a|one|two|three|several|few) weeks? ago\b|"
    r"\b(days|weeks) (earlier|before)\b|\ba (day|week) (earlier|before)\b",
    re.I,
)
# "between Hilla and Diwaniyah", "the highway linking Najaf and Karbala": a stretch of road, on no single governorate
_BETWEEN = re.compile(
    r"\bbetween\b|\b(road|highway|route|motorway|expressway)s?\s+(linking|connecting|joining)\b", re.I
)
_NEXT_PART = re.compile(r"\W*(and\s+|while\s+)?(the|a)\s+(second|third|fourth|other|another)\b", re.I)
# "said on Sunday that it had targeted the base ... on Saturday": the day of the statement, not of the attack
_STATEMENT_DAY = re.compile(
    r"\b(said|says|announced|stated|declared|claimed|reported|issued|published|posted|released|disclosed|revealed|"
    r"confirmed|acknowledged)\s+"
    r"(late |early )?(on |in the )?$",
    re.I,
)
_ROUTE_END = re.compile(
    r"\b(towards?|bound for|en route to|on (its|their) way to|head(ed|ing) (to|for)|from)\s+(the\s+)?$", re.I
)
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
    _apply_aftermath(article, merged, aftermath)
    _default_dates(article, merged, claims)
    _assign_claims(article, merged, claims)
    _default_country(article, merged)
    dated = [_day_of(d.date) for d in merged if d.date and len(d.date) == 10 and not d.past_reference]
    newest = max(dated) if dated else None
    kept = [d for d in merged if not _is_background(article, d, newest)]
    if kept and all(d.is_title for d in kept) and _body_rules_out(article):
        # "Iraqi forces find rockets primed to hit Baghdad airport": the body says they never flew; "Rockets and
        # gunfire shake Baghdad's Green Zone as Sadr supporters clash ...": the body says Iraqis fought Iraqis
        kept = []
    context = []
    if denied:
        # a claim officials flatly deny is not an event (rule 1); the analyst still sees it as a context fact
        refused = [d for d in kept if _denied_by(article, d, denied)]
        kept = [d for d in kept if d not in refused]
        group = next((d.claimed_by for d in refused if d.claimed_by), None)
        day = next((d.date for d in refused if d.date), None)
        for d in denied:
            s, e = d.clause.sentence.start, d.clause.sentence.end
            context.append(
                ContextFact(kind="claim_denied", group=group, date=day, evidence=text[s:e], spans={"evidence": (s, e)})
            )
    context.extend(find_context(article))
    context.extend(_claim_context(article, claims))
    return article, [_to_event(article, d) for d in kept], context


def _entry_site(article: Article, clause: Clause):
    """The base a chronology entry opens with ("Jan. 3 — Mission Support Site Conoco (Deir ez-Zor, Syria).") when
    the clause is in that entry after it, else None."""
    head = entry_date(article, clause.sentence.block)
    if head is None or head.end > clause.start:
        return None
    opening = [m for m in article.places_in(head.end, clause.start) if m.place.kind in SITE_KINDS]
    return opening[-1] if opening else None


def _body_rules_out(article: Article) -> bool:
    """The body tells a plot stopped before launch, a fight between Iraqi camps, or that the site was not hit
    (lexicon exclusions 'thwarted', 'launcher_found', 'intra_iraqi', 'not_hit')."""
    body_start = article.title[1] if article.title else 0
    cues = lexicon().exclusions
    return any(
        cues[name].search(article.lower, body_start) for name in ("thwarted", "launcher_found", "intra_iraqi", "not_hit")
    )


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
    others_target: str | None = None  # the kind of target last told as someone else's ("the Turkish base")
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
                    _refute_claim(article, sentence, clause, drafts)
                    aftermath.append((sentence, clause))
                continue
            mentions = [m for m in article.places_in(clause.start, clause.end) if not clause.hosts(m.start)]
            has_site = any(m.place.kind in SITE_KINDS or _COALITION_AREA.search(m.place.name) for m in mentions)
            if not mentions and (header := entry_header(article, sentence.block)) is not None:
                has_site = header[1] is not None and header[1].place.kind in SITE_KINDS  # the log entry's site
            elif not has_site and (clause.weapon or clause.target) and _entry_site(article, clause) is not None:
                has_site = True  # "Jan. 3 — Mission Support Site Conoco (Deir ez-Zor). Two rockets fired at the site"
            context_target = bool(drafts) and (clause.anaphoric or _continues_story(clause, mentions))
            status = classify(clause, article.lower, has_site=has_site, context_target=context_target)
            if status is Status.DENIED and last_in_block == (sentence.block, Status.NONE):
                # "... during a false alarm of a possible drone attack. No attack took place on the base." denies
                # the non-event just told, not the attacks reported before it
                status = Status.NONE
            if clause.target and not has_site:
                others_target, status = _others_target(clause, article.lower, status, others_target)
            last_in_block = (sentence.block, status)
            if status is Status.NONE:
                excluded = excluded or bool(
                    clause.exclusions & {"tempo", "threat", "hypothetical", "us_strike", "thwarted"}
                )
                if not sentence.is_title:
                    aftermath.append((sentence, clause))
                continue
            parts = _split_by_place(article, clause, mentions)
            if len(parts) > MAX_PLACES_IN_ONE_CLAUSE:
                continue  # "hit on the highways of Diwaniyah, Samawah, Nasiriyah and Babil": a campaign, not an attack
            for part_start, part_end in parts:
                drafts.append(_draft(article, clause, status, part_start, part_end, drafts, split=len(parts) > 1))
        if not excluded:
            for claim in sentence_claims:
                _place_of_claim(article, claim)
                claims.append(claim)
    return drafts, claims, aftermath


POST_BLOCKS = 4  # the most paragraphs a statement header stands over
_BARE_STATEMENT = re.compile(r"\W*(statement|communiqu\w*|bayan)\W*", re.I)


def _lone_post(article: Article, block: int) -> bool:
    """A short body line with page debris cleaning dropped on both sides of it ("💥 The resistance's drones strike the
    base at the Conoco field" between two view counters): a post of a channel, not a headline of a related story."""
    if block_is_list_item(article, block):
        return False  # (a bulleted line is an item of a "Read more" list)
    return dropped_before(article, block) and dropped_before(article, block + 1)


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


# "Police flatly denied the claim": the claim just reported is refuted (not "denied reports of casualties")
_REFUTES = fast(
    r"\b(denied|denies|dismissed|rejected|refuted)\s+(\w+\s+)?(the|this|that|these|those|such)\s+(claims?|reports?|allegations?)\b"
    r"(?![^.;]{0,30}\b(casualt|injur|kill|dead|death|wound|involve|responsib))",
    re.I,
)
_CLAIM_WORD = fast(r"\bclaim(ed|ing|s)?\b", re.I)


def _refute_claim(article: Article, sentence: Sentence, clause: Clause, drafts: list[Draft]) -> None:
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


_COALITION_NAMED = re.compile(r"\b(u\.?s\.?|american|coalition|foreign|occupation|international)\b")


def _others_target(clause: Clause, low: str, status: Status, others: str | None) -> tuple[str | None, Status]:
    """'Rockets hit the Turkish base at Zilkan ... Four rockets landed near the base': a bare "the base" after an
    attack on someone else's base refers back to that base, not to a coalition one. Returns the kind of target
    now known to be someone else's, and the clause's status."""
    kind, ts, _ = clause.target  # type: ignore[misc]
    if status is Status.NONE:
        return (kind if owner_is_other(clause, low) else others), status
    if (
        others == kind
        and low[max(0, ts - 4) : ts] == "the "
        and not _COALITION_NAMED.search(low, clause.start, clause.end)
    ):
        return others, Status.NONE
    return None, status


def _continues_story(clause: Clause, mentions) -> bool:
    """'the group detonated an IED in Al-Muthanna at 05:30' after a lead about convoy attacks: a weapon used at a
    named place, in an article already about attacks on coalition forces, shares that target."""
    return bool(
        clause.weapon
        and clause.past_attack
        and not clause.non_coalition
        and not _LAUNCHED_FROM.search(clause.text)
        and any(m.place.admin1 for m in mentions)
    )


# "a second drone struck", "another rocket hit": a further attack (not "the second struck the base", one of a pair)
_ANOTHER_ATTACK = re.compile(
    r"\b(a second|a third|another)\s+(\w+\s+)?(drone|rocket|missile|mortar|device|bomb|attack|strike|salvo|barrage|uav)s?\b",
    re.I,
)


_FALSE_ALARM = re.compile(r"\bfalse alarm\b|\bno attack (had )?(took|taken) place\b", re.I)
_SAME_OR_NEXT_DAY = re.compile(
    r"\b(?:(the same day|that same day|later that day|that day)|the next day|the following day|a day later|the day after)\b",
    re.I,
)
_HOURS_LATER = re.compile(
    r"\W*(about |some |roughly |nearly |an? )?(\w+ )?(hours?|minutes?|moments) later\b|\W*(shortly|soon) afterwards?\b",
    re.I,
)


# a casualty figure for several attacks together belongs to none of them
_COMBINED = re.compile(
    r"\b(combined|between them|in (both|the two|all three|the three) (attacks|incidents|strikes)|across (both|the two|all) (attacks|incidents))\b",
    re.I,
)
_DAY_BEFORE = re.compile(r"(the )?(day before|previous day|preceding day)", re.I)
_FIRED_FROM = re.compile(r"\b(fired|launched|shot)\s+from\s+[^,;.]*$", re.I)


def _definite_target(article: Article, clause: Clause) -> bool:
    """The attacked target is "the base" / "the convoy" with no name after it: one reported already."""
    if clause.target is None or clause.anaphoric:  # "The first of the convoys ..." introduces one of several
        return False
    _, ts, te = clause.target
    if article.text[te - 1 : te].lower() == "s":
        return False  # "the convoys": a plural is not a pointer to one attack already reported
    return bool(_DEFINITE.search(article.text, max(clause.start, ts - 6), ts)) and not _NAMED_AFTER.match(
        article.text[te : te + 6]
    )


_NEAR_AND = re.compile(r"\b(close to|near|next to|not far from|along|bordering)\b[^,;.]{0,45}\band\s+(the\s+)?$", re.I)


def _split_by_place(article: Article, clause: Clause, mentions) -> list[tuple[int, int]]:
    """'rockets hit Ain al-Asad in Anbar and the Conoco base in Deir ez-Zor': one attack per governorate."""
    whole = [(clause.start, clause.end)]
    if _BETWEEN.search(clause.text):
        return whole
    groups: list[tuple[str, int]] = []  # (admin1, first offset in the clause)
    for m in mentions:
        a1 = m.place.admin1
        if a1 is None or m.place.kind in ("country", "region"):
            continue
        if _ROUTE_END.search(article.text, max(clause.start, m.start - 25), m.start):
            continue  # "a convoy headed north from Kuwait towards Baghdad": where it was going, not a second attack
        if _NEAR_AND.search(article.text, max(clause.start, m.start - 70), m.start):
            continue  # "an outpost close to the Syrian border and the Rukban camp": a landmark, not a second attack
        if not groups or groups[-1][0] != a1:
            if any(g[0] == a1 for g in groups):
                continue
            groups.append((a1, m.start - clause.start))
    if len(groups) < 2:
        return whole
    cuts = []
    for _, offset in groups[1:]:
        seg = clause.text[:offset]
        joint = max(seg.rfind(" and "), seg.rfind(", "))
        if joint <= 0:
            return whole
        cuts.append(joint)
    bounds = [0, *cuts, len(clause.text)]
    return [(clause.start + bounds[i], clause.start + bounds[i + 1]) for i in range(len(bounds) - 1)]


def _draft(
    article: Article, clause: Clause, status: Status, start: int, end: int, earlier: list[Draft], *, split: bool = False
) -> Draft:
    text = article.text
    gz = get_gazetteer()
    d = Draft(clause=clause, status=status.value, is_title=clause.sentence.is_title)
    if not clause.sentence.is_title:
        d.evidence_spans.append((clause.sentence.start, clause.sentence.end))
        d.own_sentences.append((clause.sentence.start, clause.sentence.end))
    if clause.context_from is not None and article.places_in(start, clause.context_from):
        # "..., in response to the act of the US military, which targeted the commander near Baghdad airport": the
        # places of the news around the attack are not where it happened, when the attack names one of its own
        end_of_place = min(end, clause.context_from)
    else:
        end_of_place = end
    loc = gz.locate(text, start, end_of_place, mentions=article.places)
    if loc is not None and _FIRED_FROM.search(text, max(start, loc.span[0] - 40), loc.span[0]):
        # "rockets were fired from the Iraqi border town of Zummar at a U.S. base in Syria's Rumeilan": the target,
        # named after the launch site, is where the attack happened (rule 10)
        target_loc = gz.locate(text, loc.span[1], end, mentions=article.places)
        if target_loc is not None and target_loc.admin1 is not None:
            loc = target_loc
    if loc is not None:
        d.country, d.admin1, d.admin2 = loc.country, loc.admin1, loc.admin2
        d.place, d.place_id, d.place_kind = loc.place, loc.place_id, loc.kind
        d.lat, d.lon, d.geo_precision = loc.lat, loc.lon, loc.geo_precision
        place = gz.get(loc.place_id) if loc.place_id and hasattr(gz, "get") else None
        d.place_population = getattr(place, "population", None)
        d.spans["place"] = loc.span
    if loc is not None and loc.kind == "region" and loc.admin1 is None:
        _named_place_near_offset(article, d, loc, start, end)
    header = entry_header(article, clause.sentence.block) if d.admin1 is None else None
    if header is not None:
        # "09.08.2024 | Rumalyn Landing Zone, Hasakah (SY)" above "One-way UAS shot down on approach.": an incident
        # log's entry line gives the place (and below, the date) of the text under it
        place_mention = header[1]
        if place_mention is not None:
            d.put_at(place_mention)
    if loc is not None and _BETWEEN.search(text, start, end):
        named = [m.place for m in article.places_in(start, end) if m.place.admin1]
        admin1s = {p.admin1 for p in named}
        # "the road between Diwaniyah and Afak": a later "the Diwaniyah convoy" is this attack, told again
        d.road_ends = frozenset(p.id for p in named)
        if len(admin1s) > 1:  # "the road between Hilla and Diwaniyah": on no single governorate (rule 6)
            d.admin1 = d.admin2 = None
            d.stretch = frozenset(admin1s)
            d.geo_precision = 2
            between = _BETWEEN.search(text, start, end)
            d.place = text[between.start() : end].split(",")[0].strip(" .,;")
            d.place_kind = "region"
    # the whole clause (the usual case) was searched for a weapon already
    whole = (start, end) == (clause.start, clause.end)
    weapon = (clause.weapon if whole else first_weapon(article.lower, start, end)) or clause.weapon
    if weapon:
        d.event_type = weapon[0]
        d.spans["event_type"] = (weapon[1], weapon[2])
    if clause.target:
        d.target = clause.target[0]
        d.spans["target"] = (clause.target[1], clause.target[2])
    elif d.place_kind in ("site", "airport", "embassy"):
        d.target = {"site": "base"}.get(d.place_kind, d.place_kind)
    elif d.place_kind == "area":
        d.target = "other"  # "a rocket landed in an open area of the Green Zone": no embassy named (rule 8)
    elif earlier:
        d.target = next((e.target for e in reversed(earlier) if e.target != "other"), "other")
    if d.event_type == "unknown" and clause.explosion and d.target == "convoy":
        d.event_type = "ied"  # an explosion that hit a convoy (rule 7)
    dates = [
        m
        for m in clause.dates
        if not m.period_edge and m.value and not _ABOUT_GROUP.search(text, max(0, m.start - 40), m.start)
    ]
    if clause.context_from is not None:
        # "..., in the first such assault since the US launched airstrikes in Syria last week": not the attack's day
        dates = [m for m in dates if m.start < clause.context_from]
    # "on Tuesday, Oct. 17": the weekday names the date beside it, not the Tuesday of the publication's week
    dates = [
        m
        for m in dates
        if not (m.kind == "weekday" and any(0 < o.start - m.end <= 3 and o.kind == "absolute" for o in dates))
    ]
    anchor = clause.attack_verb[0] if clause.attack_verb else start
    if split:
        # "targeted Victory base at 21:40 on Saturday, and the al-Tanf base with a drone": a day told inside an
        # earlier part belongs to that part's attack; one before the verb ("On Tuesday, ...") to them all
        dates = [m for m in dates if not (anchor < m.start and m.end <= start)]
    # "... were killed when rockets crashed into Camp Taji, officials said Thursday. ... The rockets struck at 7:30
    # p.m. Wednesday": the day of a statement told after the attack dates it only when nothing else does (the lead
    # date, later); told before it ("said on Wednesday that 22 missiles were launched"), it is the report's day
    dates = [m for m in dates if m.start < anchor or not _STATEMENT_DAY.search(text, max(0, m.start - 30), m.start)]
    if dates:
        best = min(
            dates,
            key=lambda m: (
                m.start < start or m.end > end,
                bool(_STATEMENT_DAY.search(text, max(0, m.start - 30), m.start)),
                abs(m.start - anchor),
            ),
        )
        d.date, d.date_end = best.value, best.value_end
        d.spans["date"] = (best.start, best.end)
        if best.kind == "relative" and _DAY_BEFORE.fullmatch(text, best.start, best.end):
            # "The most recent attack came on Tuesday ... The day before, a drone targeted ...": the day before the
            # attack just told, not before the publication
            told = [e for e in earlier if e.date and len(e.date) == 10 and "date" in e.spans]
            if told and clause.sentence.block - told[-1].clause.sentence.block <= 2:
                d.date = (_day_of(told[-1].date) - dt.timedelta(days=1)).isoformat()
    times = [t for t in clause.times if start <= t.start < end] if split else clause.times
    if not times and is_cell_line(article, clause):
        # "07/07/2021 | AL-ANBAR | 1205hrs. 14x 122mm rockets fired at ...": the time cell before the attack
        times = find_times(text, article.blocks[clause.sentence.block][0], clause.start)[-1:]  # (a body paragraph)
    if times:
        d.time = times[0].value
        d.spans["time"] = (times[0].start, times[0].end)
    cas = find_casualties(text, start, end)
    d.killed, d.injured = cas.killed, cas.injured
    if (d.killed or d.injured) and _COMBINED.search(clause.text):
        d.killed = d.injured = None  # "21 personnel ... in the Tanf attack and the 17 October attack combined"
        cas.spans.clear()
    d.casualties_stated = cas.unknown
    d.spans.update(cas.spans)
    # "..., one near Nasiriyah and the second on the highway north of Baghdad": a part that counts itself off
    d.separate = bool(_SEPARATE.search(clause.text)) or (split and _NEXT_PART.match(text, start) is not None)
    d.past_reference = bool(_PAST_REFERENCE.search(clause.text))
    if d.date is None and header is not None and header[0].value:
        d.date, d.date_end = header[0].value, header[0].value_end
        d.spans["date"] = (header[0].start, header[0].end)
    head = entry_date(article, clause.sentence.block)
    if d.date is None and head is not None:
        # "Oct. 18: Two drones struck al-Tanf ... The same day, a drone was shot down near Harir": the entry's date
        d.date, d.date_end = head.value, head.value_end
        d.spans["date"] = (head.start, head.end)
    if d.date is None and (same_or_next := _SAME_OR_NEXT_DAY.search(clause.text)):
        # "A third drone struck near a base in northern Iraq the same day", "The next day, two drones flew at al-Tanf"
        dated = [e for e in earlier if e.date and len(e.date) == 10]
        if dated:
            day = _day_of(dated[-1].date) + dt.timedelta(days=0 if same_or_next.group(1) else 1)
            d.date, d.date_end = day.isoformat(), None
            d.spans["date"] = (clause.start + same_or_next.start(), clause.start + same_or_next.end())
    if d.date is None and _HOURS_LATER.match(clause.text):
        # "About two hours later, security forces shot down a drone ...": the day of the attack told just before
        dated = [e for e in earlier if e.date]
        if dated:
            d.date, d.date_end = dated[-1].date, None
    count = _SUMMARY_COUNT.search(clause.text)
    # "two devices targeted two convoys in Babil and Diwaniyah": split by place, each part is one attack
    d.count = _COUNT_WORDS.get(count.group(1).lower(), 1) if count and not split else 1
    # a mention is specific enough to stand on its own when it names a governorate, or names any place and is
    # not a summary of several attacks ("two convoys were hit in southern Iraq")
    offset_or_region = d.place_kind == "region"
    specific = d.admin1 is not None or (offset_or_region and (split or not clause.summary))
    # a bullet of a security brief is one incident of its own ("- SOUTH OF BAGHDAD | 23 May | IED against a convoy")
    d.list_item = not clause.summary and is_list_item(article, clause.sentence) and bool(clause.dates)
    specific = specific or (d.list_item and d.country is not None)
    if (not specific or (d.place_kind == "region" and d.admin1 is None)) and (
        clause.target is None or _definite_target(article, clause)
    ):
        # "17 October - Ain al-Asad air base (western Iraq). Two drones targeted the base ...": the site the entry
        # opens with
        opening = _entry_site(article, clause)
        if opening is not None:
            d.put_at(opening)
            specific = True
    if (
        not specific
        and not clause.summary
        and (clause.times or clause.dates)
        and (head is not None or _ANOTHER_ATTACK.search(clause.text))
        and _definite_target(article, clause)
    ):
        # "Later on Saturday, a second drone struck near the base's runway": another attack, at the place just told;
        # "March 3, 2021: At least 10 rockets hit the base." in an explainer about one base: that base
        site = max((e for e in earlier if e.admin1), key=lambda e: e.start, default=None)
        if site is not None:
            d.take_place_from(site)
            specific = d.separate = True
        elif head is not None and (main := main_site(article)) is not None:
            d.put_at(main)
            specific = d.separate = True
    has_named_site = d.place_kind in SITE_KINDS
    repeat = (
        bool(earlier)
        and not d.separate
        and (
            clause.coreference
            or (_definite_target(article, clause) and not has_named_site)
            or _LAUNCHED_FROM.search(clause.text) is not None
        )
    )
    # a summary ("two bases ... came under drone attack") stands on its own only at a named site
    summary_only = clause.summary and not has_named_site and not split
    d.refers_back = repeat or (
        bool(earlier) and not specific and (clause.coreference or _definite_target(article, clause))
    )
    headline = headline_like(article, clause.sentence) and not _lone_post(article, clause.sentence.block)
    d.donor = headline or not specific or repeat or summary_only
    d.last_block = clause.sentence.block
    return d


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


_OFFSET_FROM = re.compile(
    r"\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+(?:the\s+(?:city|town)\s+of\s+)?(?P<city>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)
# A named spot the gazetteer does not know: "the Hamza junction", "the Saddah road", "the village of Khasham"
_UNKNOWN_SPOT = re.compile(
    r"\b(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?:junction|intersection|crossroads|road|highway|bridge|checkpoint|district|area|village|roundabout)\b"
    r"|\b(?:village|town|area|district) of [A-Z][\w'’-]+"
)


def _named_place_near_offset(article: Article, d: Draft, loc, start: int, end: int) -> None:
    """'near the Hamza junction, south of Diwaniyah': a named place the gazetteer lacks, placed by a town it
    does know, lies in that town's governorate (rule 6: a road near a named town); a bare offset stays null."""
    text = article.text
    offset = _OFFSET_FROM.search(text, start, end)
    spot = _UNKNOWN_SPOT.search(text, start, end)
    if offset is None or spot is None or spot.start() > offset.start():
        return
    town = get_gazetteer().lookup(offset.group("city"))
    if town is None or not town.admin1:
        return
    d.country, d.admin1 = town.country, town.admin1
    d.place = text[spot.start() : offset.end()].strip(" ,")
    d.geo_precision = 2
    d.spans["place"] = (spot.start(), offset.end())


def _apply_aftermath(article: Article, drafts: list[Draft], aftermath: list[tuple[Sentence, Clause]]) -> None:
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


# ---------------------------------------------------------------- claims


_REASON = re.compile(r"\b(revenge|retaliation|response|reprisal)\s+(for|to)\b", re.I)


def _place_of_claim(article: Article, claim: ClaimStatement) -> None:
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
        return [d for d in drafts if first <= d.block <= last]
    own = [d for d in drafts if sentence in d.own_sentences]
    if own:
        # "claimed both attacks, saying it had targeted the bases at Harir and Erbil airport": each site it names
        return own + [d for d in drafts if d not in own and d.place_id and d.place_id in claim.place_names]
    if claim.place_admin1 and use_place:
        return [d for d in drafts if d.admin1 in claim.place_admin1]
    if claim.plural or len(drafts) == 1 or claim.sentence.is_title:
        return drafts
    if article.text[claim.sentence.start : claim.sentence.end].rstrip().endswith(":"):
        return [d for d in drafts if d.start > claim.sentence.start] or drafts
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
    return abs((_day_of(claim_date) - _day_of(d.date)).days) <= 2


def _assign_claims(article: Article, drafts: list[Draft], claims: list[ClaimStatement]) -> None:
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


def _claim_context(article: Article, claims: list[ClaimStatement]) -> list[ContextFact]:
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


# ---------------------------------------------------------------- defaults and filters


def _lead_date(
    article: Article, drafts: list[Draft], claims: list[ClaimStatement]
) -> tuple[str, str | None, tuple[int, int] | None] | None:
    """The day the article is about: the first date given for an attack or its claim, else the first date in
    the opening paragraphs ("Wednesday was another busy day on the supply route ...")."""
    found: list[tuple[int, str, str | None, tuple[int, int] | None]] = []
    for d in drafts:
        if d.date and "date" in d.spans:
            found.append((d.spans["date"][0], d.date, d.date_end, d.spans["date"]))
    for c in claims:
        s = c.sentence
        for m in article.dates_in(s.start, s.end):
            if m.value and not m.period_edge:
                found.append((m.start, m.value, m.value_end, (m.start, m.end)))
                break
    if found:
        _, value, value_end, span = min(found)
        return value, value_end, span
    pub_span = article.pub.span if article.pub else None
    for s, e in _prose_blocks(article)[:LEAD_BLOCKS]:
        # a wire dateline's day ("BAGHDAD, Aug 25 (Agency) -") is when the story was filed, not the attack's day
        dateline = WIRE_DATELINE.match(article.text[s:e])
        body = s + dateline.end() if dateline else s
        for m in article.dates_in(s, e):
            if m.start < body:
                continue
            if m.value and not m.period_edge and (pub_span is None or not (pub_span[0] <= m.start < pub_span[1])):
                return m.value, m.value_end, (m.start, m.end)
    return None


def _prose_blocks(article: Article) -> list[tuple[int, int]]:
    """Blocks that read as prose: page furniture above the lead (outlet name, a time stamp, "By ..." lines) is
    not the opening paragraph, so it must not push the lead out of the first LEAD_BLOCKS."""
    out = []
    for s, e in article.blocks:
        block = article.text[s:e].rstrip()
        if block.endswith((".", "!", "?", '"', "”", "’")) or len(block.split()) >= 12:
            out.append((s, e))
    return out


def _default_dates(article: Article, drafts: list[Draft], claims: list[ClaimStatement]) -> None:
    """An attack sentence without a date takes the article's lead date, else the publication date."""
    lead = _lead_date(article, drafts, claims)
    for d in drafts:
        if d.date is None:
            # "05/07/2021 | ERBIL | 2320hrs. One-way UAV attack on ...": the date its own paragraph gave before it
            earlier = [] if d.is_title else _paragraph_dates(article, d, d.clause.start)
            if earlier:
                m = earlier[-1]
                d.date, d.date_end = m.value, m.value_end
                d.spans["date"] = (m.start, m.end)
            elif (stamp := article.stamp_at(d.clause.start) if article.stamps else None) is not None:
                # a channel post with no day of its own: the day it was posted
                d.date, d.date_end = stamp[1].isoformat(), None
                d.spans["date"] = stamp[2]
            elif lead:
                d.date, d.date_end = lead[0], lead[1]
                if lead[2]:
                    d.spans["date"] = lead[2]
            elif article.pub:
                d.date = article.pub.date.isoformat()
                if article.pub.span:
                    d.spans["date"] = article.pub.span


def _default_country(article: Article, drafts: list[Draft]) -> None:
    counts: dict[str, int] = {}
    for s, e in article.blocks:
        for m in _COUNTRY_WORDS.finditer(article.text, s, e):
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    main = max(counts, key=counts.get) if counts else None
    for d in drafts:
        if d.country is None:
            m = _COUNTRY_WORDS.search(article.text, d.clause.sentence.start, d.clause.sentence.end)
            d.country = m.group(1) if m else main


def _day_of(value: str) -> dt.date:
    return dt.date.fromisoformat(value if len(value) == 10 else value + "-01")


def _is_background(article: Article, d: Draft, newest: dt.date | None) -> bool:
    """Background mentions (rule 1): flagged by the text ("in recent weeks"), dated well before the newest attack
    the article reports, or long before publication. A monthly log of old attacks is not background."""
    if d.status == Status.BACKGROUND.value:
        return True
    if d.date is None:
        return False
    if dated_by_entry(article, d) and len(dated_entries(article)) >= LOG_ENTRIES:
        return False  # an entry of a timeline ("Oct. 17: Two drones targeted Ain al-Asad ..."): the log's news
    day = _day_of(d.date)
    if len(d.date) == 7:
        if newest is not None and (newest.year, newest.month) != (day.year, day.month):
            return True  # "In January, a drone killed three soldiers at Tower 22" in a story about a February attack
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)  # month's last day
    if newest is not None and (newest - day).days > BACKGROUND_DAYS:
        return True
    if d.past_reference and newest is not None and newest > day:
        return True  # "Last week, three soldiers were wounded at Erbil": context for a newer attack
    return article.pub is not None and (article.pub.date - day).days > STALE_DAYS


def _denied_by(article: Article, d: Draft, denied: list[Draft]) -> bool:
    """A denial covers the attacks at the places it names ("no attacks on al-Tanf or al-Shaddadi"); one that
    names no place covers every attack in the article, one naming only sites in a country every attack there.
    A denial dated to one day ("Oct. 18: ... a false alarm. No attack took place.") covers no attack of another day."""
    for x in denied:
        denial_day = _day_told(article, x)
        # (a day either way for a denial in running text, which may date the claim rather than the attack)
        slack = 0 if dated_entry(article, x.block) else 1
        if denial_day and d.date and len(d.date) == 10 and abs((_day_of(d.date) - _day_of(denial_day)).days) > slack:
            continue
        if _other_target(x, d):
            continue  # "There was no attack on the U.S. embassy this week": not the drones at the airport
        start, end = denial_scope(x.clause, article.lower)
        named = [m.place for m in article.places_in(start, end) if m.place.kind != "country"]
        para = block_span(article, x.block)
        if not named and para is not None:  # "... at Ain al-Asad died during a false alarm. No attack took place."
            named = [m.place for m in article.places_in(para[0], x.clause.start) if m.place.kind != "country"]
        admin1s = {p.admin1 for p in named if p.admin1} | ({x.admin1} if x.admin1 else set())
        countries = {p.country for p in named if p.country} | ({x.country} if x.country else set())
        if d.admin1 is not None and admin1s:
            if d.admin1 in admin1s:
                return True
        elif not countries or d.country is None or d.country in countries:
            return True
    return False


def _other_target(denial: Draft, d: Draft) -> bool:
    """The denial names a kind of target (the embassy) other than the attack's (the airport)."""
    kinds = {denial.target, d.target}
    return denial.clause.target is not None and len(kinds) == 2 and "other" not in kinds and kinds != {"base", "airport"}


def _day_told(article: Article, d: Draft) -> str | None:
    """The day a mention's own clause or its paragraph before it gives."""
    if d.date and len(d.date) == 10:
        return d.date
    days = [m for m in _paragraph_dates(article, d, d.clause.end) if len(m.value) == 10]
    return days[-1].value if days else None


def _paragraph_dates(article: Article, d: Draft, until: int) -> list:
    """The resolved dates (not a period's edge) from the start of the mention's paragraph up to `until`."""
    span = block_span(article, d.block)
    if span is None:
        return []
    return [m for m in article.dates_in(span[0], until) if m.value and not m.period_edge]


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
