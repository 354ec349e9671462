"""Claims and attribution (CODEBOOK rule 2).

`claimed_by` is filled only when the text says a named group claimed the attack; blame by officials or
the outlet is attribution; a group denying its part is a disavowal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitrep.actors import get_registry
from sitrep.extract.article import Sentence
from sitrep.extract.lexicon import lexicon, lower
from sitrep.extract.prefilter import fast

# "a group which calls itself X", "a faction named X" (but not "a base it called Rukban")
_SELF_NAMED = re.compile(
    r"\b(calls? itself|calling itself|called itself|identified itself as|identifying itself as|"
    r"(group|faction|militia|organi[sz]ation|outfit|movement|brigades?|battalion|formation)s?,?\s+(called|named|known as|dubbed))\s+",
    re.I,
)
_PASSIVE = re.compile(r"\b(claimed by|carried out by|conducted by|adopted by)\b", re.I)
_PLURAL = fast(
    r"\b(either|neither|any|each) of the\b|"
    r"\b(both|all|several|the|these|three|two|four|five|six|multiple|series of|successive)\s+([\w-]+\s+){0,2}"
    r"(attacks|operations|strikes|bombings|explosions|bases|targets|convoys|sites|positions|statements)\b"
    r"|\bboth\b(?! (claimed|said|announced|issued|posted|released)\b)",  # (not "X and Y both claimed": two groups)
    re.I,
)
# "the group also claimed ...", "According to the second statement, the mujahideen targeted ...": the claimant named before
_UNNAMED_CLAIMANT = re.compile(
    r"\b(group|faction|party|statement|channel)s? (that|which|who) (did not|didn't|does not|has not|had not) "
    r"(give|name|identify|reveal|sign|disclose)|\b(unnamed|unidentified|anonymous) (armed )?(group|faction)\b"
    r"(?!,? (called|named|calling|known|styling|dubbed|which calls|that calls))|\bgroup (giving|with) no name\b",
    re.I,
)
_RECORD_OF_CLAIMS = re.compile(
    r"\b(incidents|attacks|operations) claimed by (more than one|multiple|several|many|different|two or more)\b|"
    r"\bclaimed (responsibility for )?((most|many|all|dozens|scores|hundreds|several|the ([\w-]+ )?majority|the bulk) of (the )?"
    r"|(more than |over |at least |nearly )\w+ |\d{2,} )([\w.-]+ ){0,2}(attacks|operations|strikes)\b",
    re.I,
)
_BACK_REFERENCE = re.compile(
    r"\b(the (group|faction|militia|organi[sz]ation|movement|resistance|mujahideen)|it|they|its|their|we|our|statement)\b",
    re.I,
)
_GENERIC_BLAME = re.compile(
    r"\b((?:iran|tehran)[- ](?:backed|aligned|linked|allied)|pro-iran(?:ian)?|iranian-backed|iraqi)\s+(militias?|groups?|factions?|proxies)\b",
    re.I,
)
# An unknown group's name written out before the claim verb: capitalised words and Arabic particles.
_NAME = r"(?:[A-Z][\w'’-]+|al-[\w'’-]+|[Aa][ln]-[\w'’-]+)(?:\s+(?:[A-Z][\w'’-]+|al-[\w'’-]+|al|of|the|fi|wa|bin|ibn|abu|abi|[Aa][ln]-[\w'’-]+)){0,5}"
_NAME_BEFORE_CLAIM = re.compile(
    rf"(?P<name>{_NAME})\s*,?\s+(?:has\s+|had\s+)?(?:claimed|announced|said in a statement|took responsibility)"
)
_NAME_AFTER = re.compile(rf"[\"“']?(?P<name>{_NAME})")
_GENERIC_WORDS = {
    "the", "a", "group", "militia", "the group", "the militia", "it", "they", "officials", "sources", "statement",
    "the statement", "telegram", "he", "she", "we", "a statement", "in", "on", "later", "earlier", "separately", "meanwhile",
}  # fmt: skip
# Official bodies are never the unknown claimant of an attack on themselves.
_OFFICIAL = re.compile(
    r"\b(command|ministry|department|pentagon|government|army|forces|police|cell|embassy|coalition|operation|"
    r"council|office|agency|news|channel|tv|media|spokes\w+|officials?|sources?|military|security|centcom|"
    r"state|authorities|region|minister|president|prime)\b",
    re.I,
)
# "The Guard", "the Brigades", "the Movement": a group named in full earlier, now by one word
_SHORT_NAME = re.compile(r"\b[Tt]he ([A-Z][a-z]+)\b")
_EARLIER_ATTACK = re.compile(
    r"\b(an?|the) (earlier|previous|prior|former) ([\w-]+ ){0,2}(attack|strike|operation|bombing|barrage)"
)


def _by_word(word: str, named: list[str]) -> str | None:
    for name in reversed(named):
        if re.search(rf"\b{re.escape(word)}\b", name, re.I):
            return name
    return None


_NOT_BEFORE = re.compile(r"\b(not|never|nor|without)\b[^.;]*$")
_STATEMENT_TITLE = re.compile(r"\b(statement|communiqu\w*|announces?|bayan|forwarded from)\b")
# "Kataib Hezbollah announces suspension of attacks": a group's truce announcement claims nothing
_TRUCE_TITLE = re.compile(
    r"\b(suspen\w+|halt\w*|truce|cease-?fire|paus\w+|stop\w*|end(s|ing)? (its |all )?(attacks|operations))\b"
)
_HABITUALLY_UNCLAIMED = re.compile(
    r"\b(go|goes|went|gone|often|usually|typically|frequently|mostly|largely) unclaimed\b"
)
# the joint between a claim and a "no one claimed the other" half of one sentence
_CLAIM_THEN_NONE = re.compile(r"\bclaim[^;]*?(?P<joint>,\s+(while|whereas|but)\b|;)")
_NO_CLAIM = re.compile(
    r"\b(no (other )?(group|one|faction|party|organi[sz]ation)|nobody|none of (them|the groups))\b[^.;]{0,30}?\b(claimed|took responsibility|has taken responsibility|claim)|"
    r"\b(has|have|had|was|were) (not|yet to) (been )?(claimed|confirmed by)|\byet to be (claimed|confirmed by)|\bunclaimed\b|\bno claim\b|\bwithout (a|any) claim\b"
)
# "The statement did not mention Tower 22 or Jordan": the group's claim leaves out the places that follow
_NOT_NAMED = re.compile(
    r"\b(statement|claim|group|it|they)\s+(did not|does not|didn't|doesn't|made no|makes no)\s+(mention|name|refer to|include)\b"
)
# Cheap gate: every claim, attribution and disavowal pattern contains one of these word stems.
_CUE = fast(
    r"claim|statement|said|say|announc|stat(ed|ing)|declar|confirm|report|added|responsib|adopt|"
    r"blam|suspect|accus|attribut|footprint|fingerprint|behind|believed|linked|disavow|den(y|ied|ies)|nothing to do|involved|distanced|"
    r"carried out|conducted|according to|unclaimed|no claim|adopt|communiqu|bayan|announce|mention|name|refer to|include|"
    r"heroes|mujahid|lions|knights|forwarded",
    re.I,
)
_NON_CLAIMANT_KINDS = {"media_channel", "media"}
# Forces on the coalition's side and Iraq's own state bodies report attacks; they do not claim them. (Iran's
# Revolutionary Guard did claim its January 2020 missile strikes, so state bodies are not excluded as such.)
_NON_CLAIMANT_IDS = {"syrian_democratic_forces", "iraqi_security_forces", "popular_mobilization_forces"}


@dataclass(slots=True)
class ClaimStatement:
    kind: str  # claimed, attributed, disavowed, unclaimed, unmentioned
    group: str  # as written
    start: int
    end: int
    sentence: Sentence
    actor_id: str | None = None
    channel: str | None = None
    plural: bool = False
    place_admin1: set[str] = field(default_factory=set)
    place_names: set[str] = field(default_factory=set)
    covers: tuple[int, int] | None = None  # the paragraphs a statement's header line stands over (first, last)


def _strip_name(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip(" \"“”'’,.")
    name = re.sub(r"^(the|The)\s+", "", name)
    return name.strip()


_ACRONYM = re.compile(r"[A-Z]{2,6}")
# the capitalised name that ends right before " (IRI)": "Islamic Resistance in Iraq (IRI)"
_NAME_BEFORE_BRACKETS = re.compile(r"[A-Z][\w'’-]*(?: (?:of|in|the|for|and|[A-Z][\w'’-]*))*$")


def _spelled_out(text: str, name: str) -> str:
    """'The IRI claimed ...': the name the article gave the acronym ("Islamic Resistance in Iraq (IRI)"), else
    the name as written."""
    if not _ACRONYM.fullmatch(name):
        return name
    at = text.find(f" ({name})")
    if at < 0:
        return name
    for m in group_mentions(text):
        if m.end == at:
            return _strip_name(text[m.start : m.end])
    found = _NAME_BEFORE_BRACKETS.search(text, max(0, at - 80), at)
    return _strip_name(found.group()) if found and " " in found.group() else name


def claimant_mentions(text: str, sentence: Sentence):
    """Groups a sentence names that could claim an attack (offsets relative to the sentence)."""
    return _mentions(text, sentence.start, sentence.end)


_LAST_TEXT: list = [None, []]  # the registry's mentions in the last text scanned (one article at a time)


def group_mentions(text: str) -> list:
    """Every registry name in the whole text, scanned once per article."""
    if _LAST_TEXT[0] is not text:
        _LAST_TEXT[0], _LAST_TEXT[1] = text, get_registry().find_mentions(text)
    return _LAST_TEXT[1]


@dataclass(frozen=True, slots=True)
class _Relative:
    start: int
    end: int
    actor: object


def _mentions(text: str, start: int, end: int) -> list[_Relative]:
    """Groups named in text[start:end] that can claim an attack (offsets relative to start); an acronym in
    brackets after a name is not a second name ("the Islamic Resistance in Iraq (IRI)")."""
    out = []
    for m in group_mentions(text):
        if m.start < start or m.end > end:
            continue
        actor = m.actor
        if getattr(actor, "kind", None) in _NON_CLAIMANT_KINDS or getattr(actor, "id", None) in _NON_CLAIMANT_IDS:
            continue
        if text[m.start - 1 : m.start] == "(" and text[m.end : m.end + 1] == ")":
            continue
        out.append(_Relative(m.start - start, m.end - start, actor))
    return out


def _claimant(text: str, sentence: Sentence, verb: re.Match[str]) -> tuple[str, int, int, str | None] | None:
    """Who claims, in a sentence with a claim verb: the self-given name, the agent of a passive, or the subject."""
    s0 = sentence.start
    mentions = _mentions(text, sentence.start, sentence.end)
    named = _SELF_NAMED.search(text, sentence.start, sentence.end)
    if named:
        after = [m for m in mentions if s0 + m.start >= named.end() and s0 + m.start - named.end() < 5]
        if after:
            m = after[0]
            return text[s0 + m.start : s0 + m.end], s0 + m.start, s0 + m.end, m.actor.id
        nm = _NAME_AFTER.match(text, named.end(), sentence.end)
        if nm and _strip_name(nm.group("name")).lower() not in _GENERIC_WORDS:
            return _strip_name(nm.group("name")), nm.start("name"), nm.end("name"), None
    vstart = verb.start()
    inside = [m for m in mentions if vstart <= s0 + m.start and s0 + m.end <= verb.end()]
    if inside:  # "a statement ... said Qasim al-Jabbarin had carried out the attack"
        m = inside[-1]
        return text[s0 + m.start : s0 + m.end], s0 + m.start, s0 + m.end, m.actor.id
    passive = _PASSIVE.search(text, sentence.start, sentence.end)
    if passive:
        after = [m for m in mentions if s0 + m.start >= passive.end()]
        if after:
            after.sort(key=lambda m: (getattr(m.actor, "kind", "") == "umbrella", m.start))
            m = after[0]
            return text[s0 + m.start : s0 + m.end], s0 + m.start, s0 + m.end, m.actor.id
    before = [m for m in mentions if s0 + m.end <= vstart]
    if before:
        m = before[-1]
        if len(before) > 1 and text[s0 + before[-2].end : s0 + m.start] in (" and ", ", and "):
            m = before[-2]  # "Ashab al-Kahf and Qasem al-Jabbarin both claimed": the first named (CODEBOOK rule 2)
        return text[s0 + m.start : s0 + m.end], s0 + m.start, s0 + m.end, m.actor.id
    nm = None
    for cand in _NAME_BEFORE_CLAIM.finditer(text, sentence.start, min(sentence.end, vstart + 40)):
        nm = cand
    if nm:
        name = _strip_name(nm.group("name"))
        words = name.split()
        if (
            name.lower() not in _GENERIC_WORDS
            and len(words) >= 2
            and words[0].lower() not in _GENERIC_WORDS
            and not _OFFICIAL.search(name)
        ):
            return name, nm.start("name"), nm.end("name"), None
    # a group named right after the verb ("... claimed by the Islamic Resistance", "claiming, the group X said")
    after = [m for m in mentions if 0 <= s0 + m.start - verb.end() <= 25]
    if after:
        m = after[0]
        return text[s0 + m.start : s0 + m.end], s0 + m.start, s0 + m.end, m.actor.id
    return None


# between the statement word and the group in a post's header: "Statement | The Islamic Resistance in Iraq:",
# "Statement of Kataib Hezbollah"
_HEADER_JOINT = re.compile(r"[\s|:#\-–—]*(?:(?:of|by|from|issued by)\s+)?(?:the\s+)?$", re.I)
_HEADER_MAX = 120


def statement_header(text: str, low: str, sentence: Sentence, *, cue_after: bool = False) -> ClaimStatement | None:
    """A channel post's header line naming a group's statement ("🔴 #Statement | The Islamic Resistance in Iraq:",
    "🔴 Kataib Hezbollah | Statement"): the text under it is the group's own account, so a claim of what it tells.
    The caller sets `covers`."""
    s0, e0 = sentence.start, sentence.end
    line = text[s0:e0].rstrip()
    if sentence.is_title or len(line) > _HEADER_MAX or line.endswith((".", "!", "?")):
        return None
    if _TRUCE_TITLE.search(low, s0, e0):
        return None
    if cue_after:  # the line under this one is the statement word: this line is nothing but the group's name
        mentions = _mentions(text, s0, e0)
        if len(mentions) == 1 and not re.search(
            r"[a-z]{4,}", text[s0 : s0 + mentions[0].start] + text[s0 + mentions[0].end : e0]
        ):
            m = mentions[0]
            return _statement_claim(text, sentence, s0 + m.start, s0 + m.end, m.actor.id)
        return None
    cue = _STATEMENT_TITLE.search(low, s0, e0)
    if cue is None:
        return None
    for m in _mentions(text, s0, e0):
        start, end = s0 + m.start, s0 + m.end
        before_cue = end <= cue.start() and not text[end : cue.start()].strip(" |:#-–—")
        after_cue = start >= cue.end() and _HEADER_JOINT.fullmatch(text, cue.end(), start) is not None
        if before_cue or after_cue:
            return _statement_claim(text, sentence, start, end, m.actor.id)
    return None


def _statement_claim(text: str, sentence: Sentence, start: int, end: int, actor_id: str | None) -> ClaimStatement:
    """The claim a group's statement makes, named at text[start:end] in its heading (plural: it may list several)."""
    return ClaimStatement("claimed", text[start:end], start, end, sentence, actor_id, "statement", True)


def _self_report(low: str, start: int, end: int) -> re.Match[str] | None:
    """'said in a statement on Telegram that it had targeted': a reporting verb within 90 characters before a
    group's own account of its attack. Returns the reporting verb's match."""
    lex = lexicon()
    for m in lex.self_report.finditer(low, start, end):
        window_start = max(start, m.start() - 90)
        verbs = [
            v for v in lex.report_verb.finditer(low, window_start, m.start()) if "." not in low[v.end() : m.start()]
        ]
        if verbs:
            return verbs[-1]
    return None


def find_claims(
    text: str,
    sentence: Sentence,
    previous: str | None = None,
    *,
    low: str | None = None,
    named_before: list[str] | None = None,
) -> list[ClaimStatement]:
    """Claims, attributions and disavowals stated in one sentence. `previous` is the claimant named last in the
    article, for sentences that refer back to it ("the group also claimed ...")."""
    lex = lexicon()
    low = lower(text) if low is None else low
    seg_start, seg_end = sentence.start, sentence.end
    out: list[ClaimStatement] = []
    if not _CUE.contains(low, seg_start, seg_end):
        return out  # no word that can open a claim, a blame or a denial (most sentences)
    plural = bool(_PLURAL.search(text, seg_start, seg_end))
    channel = None
    for name, pattern in lex.claim_channels.items():
        if pattern.search(low, seg_start, seg_end):
            channel = name
            break
    if (
        sentence.is_title
        and _STATEMENT_TITLE.search(low, seg_start, seg_end)
        and not _TRUCE_TITLE.search(low, seg_start, seg_end)
    ):
        # a headline presenting a group's statement ("Islamic Resistance in Iraq: statement on operations of ...")
        mentions = _mentions(text, seg_start, seg_end)
        # the group whose statement it is stands before the statement word, not after it as its object ("CENTCOM
        # statement on strikes against IRGC Quds Force": CENTCOM's statement, the Quds Force its target)
        cue = _STATEMENT_TITLE.search(low, seg_start, seg_end)
        mentions = [m for m in mentions if seg_start + m.start < cue.start()] if cue else mentions
        if mentions:
            m = mentions[0]
            return [_statement_claim(text, sentence, seg_start + m.start, seg_start + m.end, m.actor.id)]
    if _RECORD_OF_CLAIMS.search(low, seg_start, seg_end):
        # "has claimed at least two attacks that officials say did not happen, and has not claimed several that
        # did", "which has claimed most of the attacks since October": the group's record, about no one attack
        return out
    negated = _NO_CLAIM.search(low, seg_start, seg_end)
    if negated and _HABITUALLY_UNCLAIMED.search(low, seg_start, seg_end):
        negated = None  # "several incidents each week go unclaimed": about attacks in general, not this one
    if negated and (split := _CLAIM_THEN_NONE.search(low, seg_start, negated.start())) is not None:
        # "X claimed the attacks of Al-Shamiya and Al-Rumaitha ..., while no party claimed the Nasiriyah attack":
        # the claim in the first half, for the places it names; the second half takes no claim from it
        joint = split.start("joint")
        first = Sentence(seg_start, joint, text[seg_start:joint], sentence.block, sentence.is_title)
        return find_claims(text, first, previous, low=low, named_before=named_before)
    if negated:  # "No group has claimed the attack": nobody may be given this one from elsewhere
        return [ClaimStatement("unclaimed", "", negated.start(), negated.end(), sentence, None, None, plural)]
    unnamed = _NOT_NAMED.search(low, seg_start, seg_end)
    if unnamed:  # "The statement did not mention Tower 22": the claim does not cover the places named here
        return [ClaimStatement("unmentioned", "", unnamed.start(), seg_end, sentence, None, None, plural)]
    verb = lex.claim_verbs.search(low, seg_start, seg_end) or _self_report(low, seg_start, seg_end)
    if verb and _UNNAMED_CLAIMANT.search(low, seg_start, seg_end):
        # "A statement from a group that did not give its name later claimed the Basra attack": claimed by nobody
        # named, so no group named elsewhere may be given it (rule 2)
        return [ClaimStatement("unclaimed", "", verb.start(), verb.end(), sentence, None, None, plural)]
    disavow = lex.disavowal.search(low, seg_start, seg_end)
    if verb and _NOT_BEFORE.search(low, max(seg_start, verb.start() - 35), verb.start() + 1):
        return out  # "threats that have not been followed by claimed operations"
    if verb and not disavow:
        if _EARLIER_ATTACK.search(low, seg_start, seg_end):
            return out  # "had claimed an earlier rocket strike": about another attack
        who = _claimant(text, sentence, verb)
        if who is None:
            short = _SHORT_NAME.search(text, sentence.start, verb.start() + 1)
            full = _by_word(short.group(1), named_before or []) if short else None
            if full:  # "The Guard claimed ..." after "the Islamic Revolutionary Guard Corps"
                who = (full, short.start(1), short.end(1), None)
        if who is None and previous and _BACK_REFERENCE.search(text, sentence.start, verb.end() + 1):
            who = (previous, verb.start(), verb.start(), None)
        if who:
            name, s, e, actor_id = who
            name = _spelled_out(text, _strip_name(name))
            out.append(ClaimStatement("claimed", name, s, e, sentence, actor_id, channel, plural))
            return out
    if disavow:
        for m in _mentions(text, seg_start, seg_end):
            out.append(
                ClaimStatement(
                    "disavowed",
                    text[seg_start + m.start : seg_start + m.end],
                    seg_start + m.start,
                    seg_start + m.end,
                    sentence,
                    m.actor.id,
                    channel,
                    plural,
                )
            )
        return out
    blame = lex.attribution_verbs.search(low, seg_start, seg_end)
    if blame:
        mentions = _mentions(text, seg_start, seg_end)
        if mentions:
            m = mentions[0]
            out.append(
                ClaimStatement(
                    "attributed",
                    text[seg_start + m.start : seg_start + m.end],
                    seg_start + m.start,
                    seg_start + m.end,
                    sentence,
                    m.actor.id,
                    None,
                    plural,
                )
            )
        else:
            g = _GENERIC_BLAME.search(text, seg_start, seg_end)
            if g:
                out.append(ClaimStatement("attributed", g.group(0), g.start(), g.end(), sentence, None, None, plural))
    return out
