"""Clock time of an attack (CODEBOOK rule 5): explicit times only; approximate and posting times are not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.extract.prefilter import fast

_TIME = fast(
    r"\b(?P<h>[012]?\d)(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)?(?P<tz>\s*(?:GMT|UTC|Zulu|Z\b))?",
    re.I,
)
# What must come right before a time for it to be the attack's time.
_LEAD = re.compile(r"(?:\bat|\bprecisely at|\bexactly at|\bat exactly|\bat precisely)\s*$", re.I)
_APPROX = re.compile(
    r"\b(around|about|approximately|approx\.?|roughly|nearly|just before|shortly (before|after)|before|after|until|by|since|circa)\s+(at\s+)?$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class TimeMention:
    start: int
    end: int
    value: str  # HH:MM


_MILITARY = re.compile(
    r"\b[Aa]t (?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)\b(?!\s*(?:GMT|UTC|Z\b))(?=\s*(?:hours|hrs|local|h\b|[,.;]|\s+(?:inside|on|in|near|at|when|as|and|local)))"
)


# security briefs: "20 Nov, 1215L: two UAVs targeted the base", "23 May | 0930hrs | IED detonated" (L = local time;
# "approx. 0100L" is not explicit)
_LOCAL_SUFFIX = re.compile(r"\b(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)(?:L|\s?hrs|\s?hours(?!\s+(?:of|later|earlier|before|after|ago)))\b")


_DIGIT = re.compile(r"\d")
_AND_LIST = re.compile(r"\d\s*(and|,)\s*$")


def find_times(text: str, start: int = 0, end: int | None = None) -> list[TimeMention]:
    end = len(text) if end is None else end
    out: list[TimeMention] = []
    if not _DIGIT.search(text, start, end):
        return out  # both patterns below need a digit; most clauses have none
    for m in _MILITARY.finditer(text, start, end):  # "fell at 0230 inside Balad air base"
        out.append(TimeMention(m.start(), m.end(), f"{m.group('hh')}:{m.group('mm')}"))
    for m in _LOCAL_SUFFIX.finditer(text, start, end):
        if any(t.start <= m.start() < t.end for t in out):
            continue  # "at 1205 hours": found above
        if not _APPROX.search(text[max(start, m.start() - 25) : m.start()]):
            out.append(TimeMention(m.start(), m.end(), f"{m.group('hh')}:{m.group('mm')}"))
    for m in _TIME.finditer(text, start, end):
        if m.group("tz"):
            continue  # "11:40 GMT": a wire time stamp, not the attack's clock time
        before = text[max(start, m.start() - 25) : m.start()]
        and_list = _AND_LIST.search(before)  # "at 06:30 and 06:45": the second of a list
        if not (_LEAD.search(before) or and_list) or _APPROX.search(before):
            continue
        hour, minute, ampm = int(m.group("h")), m.group("m"), m.group("ampm")
        if minute is None and not ampm:
            continue  # "at 10" is not a clock time
        if ampm:
            if not 1 <= hour <= 12:
                continue
            pm = ampm.lower().startswith("p")
            hour = (hour % 12) + (12 if pm else 0)
        if hour > 23:
            continue
        out.append(TimeMention(m.start(), m.end(), f"{hour:02d}:{int(minute or 0):02d}"))
    return sorted(out, key=lambda t: t.start)
