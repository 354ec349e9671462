"""One attack clause into a Draft: its place (split by governorate), date, time, weapon, target, casualties,
and whether it is a new attack, a repeat, or a donor (CODEBOOK rules 3-10).

Separate from the pipeline because this is the one step that reads a single clause in depth; the pipeline
decides which clauses get here (detect.classify) and what follows them."""

from __future__ import annotations

import datetime as dt
import re

from sitrep.extract.article import Article
from sitrep.extract.casualties import find_casualties
from sitrep.extract.dates import day_of
from sitrep.extract.detect import Status, owner_is_other
from sitrep.extract.draft import Draft
from sitrep.extract.features import Clause, first_weapon
from sitrep.extract.layout import (
    SITE_KINDS,
    block_is_list_item,
    dropped_before,
    entry_date,
    entry_header,
    headline_like,
    is_cell_line,
    is_list_item,
    main_site,
)
from sitrep.extract.prefilter import fast
from sitrep.extract.times import find_times
from sitrep.geo import get_gazetteer

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
    r"\b(towards?|bound for|en route to|on (its|their) way to|head(ed|ing) (to|for)|from|(road|highway|route) "
    r"(leading |going |that leads )?to)\s+(the\s+)?$",
    re.I,
)


def entry_site(article: Article, clause: Clause):
    """The base a chronology entry opens with ("Jan. 3 — Mission Support Site Conoco (Deir ez-Zor, Syria).") when
    the clause is in that entry after it, else None."""
    head = entry_date(article, clause.sentence.block)
    if head is None or head.end > clause.start:
        return None
    opening = [m for m in article.places_in(head.end, clause.start) if m.place.kind in SITE_KINDS]
    return opening[-1] if opening else None


def _lone_post(article: Article, block: int) -> bool:
    """A short body line with page debris cleaning dropped on both sides of it ("💥 The resistance's drones strike the
    base at the Conoco field" between two view counters): a post of a channel, not a headline of a related story."""
    if block_is_list_item(article, block):
        return False  # (a bulleted line is an item of a "Read more" list)
    return dropped_before(article, block) and dropped_before(article, block + 1)


_COALITION_NAMED = re.compile(r"\b(u\.?s\.?|american|coalition|foreign|occupation|international)\b")


def others_target(clause: Clause, low: str, status: Status, others: str | None) -> tuple[str | None, Status]:
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


def continues_story(clause: Clause, mentions) -> bool:
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


def split_by_place(article: Article, clause: Clause, mentions) -> list[tuple[int, int]]:
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


def draft(
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
                d.date = (day_of(told[-1].date) - dt.timedelta(days=1)).isoformat()
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
            day = day_of(dated[-1].date) + dt.timedelta(days=0 if same_or_next.group(1) else 1)
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
        opening = entry_site(article, clause)
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
