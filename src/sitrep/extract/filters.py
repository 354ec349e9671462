"""Attacks dropped after merging (CODEBOOK rule 1): background mentions, attacks a denial covers, and headline
attacks the body rules out.

Separate because these decisions need every attack of the article (the newest date, the denials) at once."""

from __future__ import annotations

import datetime as dt

from sitrep.extract.article import Article
from sitrep.extract.dates import day_of
from sitrep.extract.defaults import paragraph_dates
from sitrep.extract.detect import Status, denial_scope
from sitrep.extract.draft import Draft
from sitrep.extract.layout import LOG_ENTRIES, block_span, dated_by_entry, dated_entries, dated_entry
from sitrep.extract.lexicon import lexicon

BACKGROUND_DAYS = 14  # an attack this much older than the article's newest attack is context, not news (rule 1)
STALE_DAYS = 60  # ... and one this long before publication is context even when nothing newer is reported


def body_rules_out(article: Article) -> bool:
    """The body tells a plot stopped before launch, a fight between Iraqi camps, or that the site was not hit
    (lexicon exclusions 'thwarted', 'launcher_found', 'intra_iraqi', 'not_hit')."""
    body_start = article.title[1] if article.title else 0
    cues = lexicon().exclusions
    return any(
        cues[name].search(article.lower, body_start)
        for name in ("thwarted", "launcher_found", "intra_iraqi", "not_hit")
    )


def is_background(article: Article, d: Draft, newest: dt.date | None) -> bool:
    """Background mentions (rule 1): flagged by the text ("in recent weeks"), dated well before the newest attack
    the article reports, or long before publication. A monthly log of old attacks is not background."""
    if d.status == Status.BACKGROUND.value:
        return True
    if d.date is None:
        return False
    if dated_by_entry(article, d) and len(dated_entries(article)) >= LOG_ENTRIES:
        return False  # an entry of a timeline ("Oct. 17: Two drones targeted Ain al-Asad ..."): the log's news
    day = day_of(d.date)
    if len(d.date) == 7:
        if newest is not None and (newest.year, newest.month) != (day.year, day.month):
            return True  # "In January, a drone killed three soldiers at Tower 22" in a story about a February attack
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)  # month's last day
    if newest is not None and (newest - day).days > BACKGROUND_DAYS:
        return True
    if d.past_reference and newest is not None and newest > day:
        return True  # "Last week, three soldiers were wounded at Erbil": context for a newer attack
    return article.pub is not None and (article.pub.date - day).days > STALE_DAYS


def denied_by(article: Article, d: Draft, denied: list[Draft]) -> bool:
    """A denial covers the attacks at the places it names ("no attacks on al-Tanf or al-Shaddadi"); one that
    names no place covers every attack in the article, one naming only sites in a country every attack there.
    A denial dated to one day ("Oct. 18: ... a false alarm. No attack took place.") covers no attack of another day."""
    for x in denied:
        denial_day = _day_told(article, x)
        # (a day either way for a denial in running text, which may date the claim rather than the attack)
        slack = 0 if dated_entry(article, x.block) else 1
        if denial_day and d.date and len(d.date) == 10 and abs((day_of(d.date) - day_of(denial_day)).days) > slack:
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
    return (
        denial.clause.target is not None and len(kinds) == 2 and "other" not in kinds and kinds != {"base", "airport"}
    )


def _day_told(article: Article, d: Draft) -> str | None:
    """The day a mention's own clause or its paragraph before it gives."""
    if d.date and len(d.date) == 10:
        return d.date
    days = [m for m in paragraph_dates(article, d, d.clause.end) if len(m.value) == 10]
    return days[-1].value if days else None
