"""Context facts an article states that are not attacks: truces and their end, tempo statements,
group founding dates, uncorroborated claims, newly named groups (see the seeds' gold `context`)."""

from __future__ import annotations

import re

from sitrep.extract.article import Article, Sentence
from sitrep.extract.claims import group_mentions
from sitrep.models import ContextFact

_TRUCE = re.compile(
    r"\b(moratorium|truce|ceasefire|cease-fire|halt(ed)? (its |their )?(attacks|operations)|suspen(d|ded|sion of) (its |their |military )?(attacks|operations)|stop (targeting|attacks|attacking)|pause in attacks)\b",
    re.I,
)
_TRUCE_END = re.compile(
    r"\b(end(ed)? (to )?the (moratorium|truce|ceasefire)|(moratorium|truce|ceasefire) (is|was|has) (over|ended|been lifted|collapsed)|declared an end|resum(e|ed|ption of) (attacks|operations|targeting))\b",
    re.I,
)
_TRUCE_VERB = re.compile(
    r"\b(declared|announced|agreed|suspend|suspended|halt|halted|stop|stopped|committed|observ|accepted|called)\w*\b",
    re.I,
)
_ORD = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_NUMW = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "twelve": 12,
}
# "the 21st against coalition convoys in the last seven weeks", "12 attacks over the past ten days"
_TEMPO = re.compile(
    r"\b(?:the\s+)?(?P<count>\d+(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b"
    r"[^.;]{0,90}?\b(?:in|over|during|within)\s+the\s+(?:last|past|previous)\s+(?P<n>\d+|\w+)\s+(?P<unit>weeks?|days?|months?)",
    re.I,
)
_FOUNDED = re.compile(
    r"\b(made its first appearance|first appeared|first emerged|was (founded|established|formed|created|set up)|emerged)\b",
    re.I,
)
_SUBJECT_PRONOUN = re.compile(
    r"^\W*((the|this|that) (new |little-known |obscure )?(group|faction|militia|organi[sz]ation|outfit)|it|they)\b",
    re.I,
)
_UNCORROBORATED = re.compile(
    r"\b(not (been )?(reported|confirmed|corroborated|verified) by|could not (be )?(independently )?(verified|confirmed)|unverified claims?)\b",
    re.I,
)


# A capitalised word or Arabic script: a sentence that could name a group at all
_MAY_NAME_GROUP = re.compile(r"[A-Z][a-z]+[- ](?:al|Al|[A-Z])|[\u0600-\u06ff]")


_TRUCE_WORDS = ("moratorium", "truce", "ceasefire", "cease-fire", "halt", "suspen", "stop", "pause", "resum", "end")
_TEMPO_WORDS = ("last ", "past ", "previous ")
_FOUNDED_WORDS = ("appear", "emerge", "founded", "established", "formed", "created", "set up")
_UNCORROBORATED_WORDS = ("not ", "could not", "unverified")


def _has(low: str, words: tuple[str, ...]) -> bool:
    for w in words:  # noqa: SIM110 (a plain loop: any() and a generator cost more here, once per sentence and cue)
        if w in low:
            return True
    return False


def _evidence(s: Sentence) -> dict:
    return {"evidence": s.text, "spans": {"evidence": (s.start, s.end)}}


def _group_in(article: Article, s: Sentence) -> str | None:
    for m in group_mentions(article.text):
        if s.start <= m.start and m.end <= s.end and getattr(m.actor, "kind", None) != "media_channel":
            return article.text[m.start : m.end]
    return None


def _number(word: str) -> int | None:
    w = word.lower()
    return int(w) if w.isdigit() else _NUMW.get(w)


def find_context(article: Article) -> list[ContextFact]:
    out: list[ContextFact] = []
    last_group: str | None = None
    for s in article.sentences:
        if s.is_title:
            continue
        low = article.lower[s.start : s.end] if article.lower else s.text.lower()
        # cheap word checks first: the patterns below are costly and most sentences contain none of these words
        truce_words = _has(low, _TRUCE_WORDS)
        truce_end = _TRUCE_END.search(s.text) if truce_words else None
        truce = _TRUCE.search(s.text) if truce_end is None and truce_words else None
        tempo = _TEMPO.search(s.text) if _has(low, _TEMPO_WORDS) else None
        founded = _FOUNDED.search(s.text) if _has(low, _FOUNDED_WORDS) else None
        uncorroborated = _UNCORROBORATED.search(s.text) if _has(low, _UNCORROBORATED_WORDS) else None
        if not (truce_end or truce or tempo or founded or uncorroborated):
            if _MAY_NAME_GROUP.search(s.text):
                last_group = _group_in(article, s) or last_group
            continue  # most sentences state none of these facts
        group = _group_in(article, s)
        dates = article.dates_in(s.start, s.end)
        if truce_end:
            day = next((d.value for d in dates if d.value), None)
            out.append(ContextFact(kind="truce_end", actor=group, date=day, **_evidence(s)))
        elif truce and _TRUCE_VERB.search(s.text):
            start = next((d.value for d in dates if d.value), None)
            out.append(ContextFact(kind="truce", actor=group, start=start, **_evidence(s)))
        m = tempo
        if m:
            n = _number(m.group("n"))
            unit = m.group("unit").lower()
            raw = m.group("count").lower()
            count = int(re.match(r"\d+", raw).group()) if raw[0].isdigit() else _ORD[raw]
            fact = ContextFact(kind="tempo_statement", count=count, **_evidence(s))
            if n and unit.startswith("week"):
                fact.window_weeks = n
            elif n and unit.startswith("day"):
                fact.window_days = n
            elif n:
                fact.window_days = 30 * n
            out.append(fact)
        if founded and dates:
            who = (last_group or group) if _SUBJECT_PRONOUN.match(s.text) else (group or last_group)
            if who:
                out.append(ContextFact(kind="group_founded", group=who, date=dates[0].value, **_evidence(s)))
        if uncorroborated and (group or last_group):
            out.append(ContextFact(kind="claim_uncorroborated", group=group or last_group, **_evidence(s)))
        if group:
            last_group = group
    out.extend(_new_groups(article))
    return out


def _new_groups(article: Article) -> list[ContextFact]:
    try:
        from sitrep.actors.discovery import find_new_groups
    except ImportError:  # discovery is optional
        return []
    seen = article.pub.date.isoformat() if article.pub else None
    facts = []
    for cand in find_new_groups(article.text, seen=seen):
        if getattr(cand, "actor_id", None):
            continue  # the registry knows it already
        facts.append(
            ContextFact(
                kind="new_group",
                group=cand.name,
                date=seen,
                evidence=cand.evidence,
                spans={"group": (cand.start, cand.end)},
            )
        )
    return facts
