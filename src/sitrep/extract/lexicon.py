"""The extraction lexicon (data/lexicon/extraction.yaml), compiled once per process.

The patterns are written in lower case and matched against lower-cased text (`lower()` below): that is about
twice as fast as case-insensitive matching, and the extractor is mostly regular-expression work."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from sitrep.extract.prefilter import Prefiltered, fast

FLAGS = 0  # see the module docstring: callers pass lower-cased text


def lower(text: str) -> str:
    """Lower case with every offset kept (the few characters whose lower case is longer stay as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _compile(value: str | list[str]) -> Prefiltered:
    if isinstance(value, list):
        value = "|".join(f"(?:{v})" for v in value)
    return fast(value, FLAGS)


@dataclass(frozen=True)
class Lexicon:
    boilerplate_line: Prefiltered
    boilerplate_line_start: tuple[Prefiltered, ...]  # anchored patterns without a literal, tried one by one
    end_of_article: Prefiltered
    weapons: dict[str, Prefiltered]
    explosion: Prefiltered
    attack_verbs: Prefiltered
    targets: dict[str, Prefiltered]
    coalition: Prefiltered
    non_coalition_owner: Prefiltered
    exclusions: dict[str, Prefiltered]
    claim_verbs: Prefiltered
    self_report: Prefiltered
    report_verb: Prefiltered
    attribution_verbs: Prefiltered
    disavowal: Prefiltered
    claim_channels: dict[str, Prefiltered]
    casualties: dict[str, Prefiltered]
    number_words: dict[str, int]
    separate_cues: Prefiltered
    any_weapon: Prefiltered


@cache
def lexicon() -> Lexicon:
    raw = yaml.load(
        resources.files("sitrep.data.lexicon").joinpath("extraction.yaml").read_text(encoding="utf-8"),
        Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
    )
    weapons = {k: _compile(v) for k, v in raw["weapons"].items()}
    return Lexicon(
        boilerplate_line=_compile(raw["boilerplate"]["line"]),
        boilerplate_line_start=tuple(fast(v, FLAGS) for v in raw["boilerplate"]["line_start"]),
        end_of_article=_compile(raw["boilerplate"]["end_of_article"]),
        weapons=weapons,
        explosion=_compile(raw["explosion"]),
        attack_verbs=_compile(raw["attack_verbs"]),
        targets={k: _compile(v) for k, v in raw["targets"].items()},
        coalition=_compile(raw["coalition"]),
        non_coalition_owner=_compile(raw["non_coalition_owner"]),
        exclusions={k: _compile(v) for k, v in raw["exclusions"].items()},
        claim_verbs=_compile(raw["claim_verbs"]),
        self_report=_compile(raw["self_report"]),
        report_verb=_compile(raw["report_verb"]),
        attribution_verbs=_compile(raw["attribution_verbs"]),
        disavowal=_compile(raw["disavowal"]),
        claim_channels={k: _compile(v) for k, v in raw["claim_channel"].items()},
        casualties={k: _compile(v) for k, v in raw["casualties"].items()},
        number_words={str(k).lower(): int(v) for k, v in raw["number_words"].items()},
        separate_cues=_compile(raw["separate_cues"]),
        # one pattern, one named group per type: the leftmost match is the first-named weapon (rule 7)
        any_weapon=fast("|".join(f"(?P<{k}>{p.pattern})" for k, p in weapons.items()), FLAGS),
    )
