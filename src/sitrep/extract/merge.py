"""Within-article merging (CODEBOOK rule 3): one attack reported twice is one record; separate attacks stay
separate, even at one base on one day, when the text says so."""

from __future__ import annotations

from dataclasses import replace

from sitrep.extract.draft import Draft
from sitrep.extract.layout import SITE_KINDS

MAX_SUMMARY_COPIES = 4


def _dates_compatible(a: Draft, b: Draft) -> bool:
    if a.date is None or b.date is None:
        return True
    if len(a.date) == 7 or len(b.date) == 7:
        return a.date[:7] == b.date[:7]
    return a.date == b.date


def _month_only(d: Draft) -> bool:
    return d.date is not None and len(d.date) == 7


def _places_compatible(a: Draft, b: Draft) -> bool:
    if a.stretch or b.stretch:
        # a road between two governorates is not an attack placed in a third one
        return _on_stretch(a, b) and _on_stretch(b, a)
    if a.admin1 is None or b.admin1 is None:
        return a.country is None or b.country is None or a.country == b.country
    if a.admin1 != b.admin1:
        return False
    if a.place_id is not None and a.place_id == b.place_id:
        return True
    if a.place_id in b.road_ends or b.place_id in a.road_ends:
        return True  # "on the road between Diwaniyah and Afak", then "the Diwaniyah convoy"
    return a.is_coarse() or b.is_coarse()


def _on_stretch(a: Draft, b: Draft) -> bool:
    """b's governorate (or stretch) lies on a's stretch of road, if a is one."""
    if not a.stretch:
        return True
    if b.stretch:
        return bool(a.stretch & b.stretch)
    return b.admin1 is None or b.admin1 in a.stretch


def same_attack(a: Draft, b: Draft) -> bool:
    """Two specific mentions describe one attack: nothing disagrees and the later one is not 'another'."""
    if b.separate or (a.list_item and b.list_item and a.block != b.block):
        return False
    if a.target != b.target and "other" not in (a.target, b.target) and {a.target, b.target} != {"base", "airport"}:
        return False
    if a.event_type != b.event_type and "unknown" not in (a.event_type, b.event_type):
        return False
    return _dates_compatible(a, b) and _places_compatible(a, b)


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Specific mentions merge with their repeats; summaries and placeless mentions lend values to them."""
    anchors: list[Draft] = []
    donors: list[Draft] = []
    for d in drafts:
        (donors if d.donor else anchors).append(d)
    merged: list[Draft] = []
    for d in anchors:
        for m in merged:
            if same_attack(m, d):
                m.fill_from(d)  # also takes the more specific place
                m.own_sentences.extend(d.own_sentences)
                break
        else:
            merged.append(d)
    if merged:
        for donor in donors:
            if donor.refers_back:  # more about the attack reported just before it, and about no other
                # (not one it dates to another month: "In February, rockets fired at the airport killed ...")
                before = [m for m in merged if m.start < donor.start and (not _month_only(donor) or _dates_compatible(m, donor))]
                # "... injuries in the attack on Conoco" after attacks on Conoco and Green Village: the one it names
                same_site = [m for m in before if donor.place_id is not None and m.place_id == donor.place_id]
                # "The Erbil UAV attack is consistent with ...": the attack in its governorate, not the last one told
                same_admin1 = [m for m in before if donor.admin1 is not None and m.admin1 == donor.admin1]
                before = same_site or same_admin1 or [m for m in before if _places_compatible(m, donor)]
                if before:
                    max(before, key=lambda m: m.start).fill_from(donor)
                    continue
                if donor.admin1 is None:
                    continue  # no attack before it and no place of its own: it refers to nothing coded here
                told_later = [m for m in merged if _places_compatible(m, donor) and _dates_compatible(m, donor)]
                if told_later:  # "details of the bombing that targeted the base last night", then the bombing
                    told_later[0].fill_from(donor)
                    continue
                if not donor.is_title and donor.place_kind in SITE_KINDS and donor.clause.dates:
                    # "injured in Sunday's attack on Tower 22" in a live blog that has not told that attack: the
                    # attack it points to is not coded yet, and this names it
                    merged.append(donor)
                    continue
            if _lends_within_paragraph(donor):
                # "1. X claimed a drone attack on Ain al-Asad. The group said it launched two drones at 21:30.":
                # a placeless follow-up in the paragraph of a specific attack is about that attack, not every one
                here = [m for m in merged if donor.block in (m.block, m.last_block) and m.start < donor.start]
                if here:
                    max(here, key=lambda m: m.start).fill_from(donor)
                    continue
            # a donor naming a governorate lends only to attacks there (a related-article headline lends to none)
            targets = [
                m
                for m in merged
                if _dates_compatible(m, donor)
                and (donor.country is None or m.country in (None, donor.country))
                and (donor.admin1 is None or m.admin1 in (None, donor.admin1))
            ]
            # a month told by a summary or a placeless mention ("since the campaign began in mid-October") does not
            # date the specific attacks it lends to: their own paragraphs or the article's lead date do
            month_only = donor.date is not None and len(donor.date) == 7 and donor.admin1 is None
            for m in targets:
                m.fill_from(donor, date=not month_only)  # a repeat that names the site gives the place too
        return _expand(merged)
    body = [d for d in donors if not d.is_title] or donors
    if not body:
        return []
    first = body[0]
    for other in body[1:]:
        first.fill_from(other)
    return _expand([first])


def _lends_within_paragraph(donor: Draft) -> bool:
    """A single placeless mention in the body (not a headline, not a summary of several attacks)."""
    return (
        not donor.is_title
        and donor.admin1 is None
        and donor.country is None
        and not donor.clause.summary
        and donor.count == 1
    )


def _expand(drafts: list[Draft]) -> list[Draft]:
    """'two separate drone attacks on Ain al-Asad': one record per attack the text counts (rule 3)."""
    out: list[Draft] = []
    for d in drafts:
        out.append(d)
        out.extend(_copy(d) for _ in range(max(1, min(d.count, MAX_SUMMARY_COPIES)) - 1))
    return out


def _copy(d: Draft) -> Draft:
    return replace(d, spans=dict(d.spans), evidence_spans=list(d.evidence_spans))
