"""Typed core records shared by every stage: documents in, events and context facts out.

The field names and value sets follow ../shared/CODEBOOK.md §1 (the extraction contract).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EventType = Literal["ied", "rocket", "drone", "mortar", "small_arms", "unknown"]
Target = Literal["convoy", "base", "embassy", "airport", "other"]
Attribution = Literal["claimed", "attributed", "denied", "disavowed", "none"]
Span = tuple[int, int]

EVENT_TYPES: tuple[str, ...] = ("ied", "rocket", "drone", "mortar", "small_arms", "unknown")
TARGETS: tuple[str, ...] = ("convoy", "base", "embassy", "airport", "other")


class Document(BaseModel):
    """One article or post as read from a source. `text` is the title line, then the body."""

    model_config = ConfigDict(extra="ignore")

    id: str
    text: str
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD metadata, if the source gave one
    title: str | None = None
    outlet: str | None = None
    language: str | None = None
    source_kind: str | None = None  # file, html, jsonl, rss, telegram, warc, csv, api


class Casualties(BaseModel):
    killed: int | None = None
    injured: int | None = None


class ActorRef(BaseModel):
    """A group resolved against the actor registry (see sitrep.actors)."""

    id: str | None = None  # None: a name the registry does not know (a candidate new group)
    name: str
    kind: str | None = None
    parent: str | None = None
    umbrella: str | None = None


class Event(BaseModel):
    """One attack, coded per CODEBOOK §2, with the evidence behind each value."""

    date: str | None = None  # YYYY-MM-DD or YYYY-MM
    date_end: str | None = None
    time: str | None = None  # HH:MM, 24 h
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    event_type: EventType = "unknown"
    target: Target = "other"
    claimed_by: str | None = None
    actor: ActorRef | None = None
    attribution: Attribution = "none"
    attributed_to: str | None = None  # group named by officials/outlet without a claim
    claim_channel: str | None = None  # telegram, statement, video, spokesman, ...
    casualties: Casualties = Field(default_factory=Casualties)
    evidence: str = ""
    spans: dict[str, Span] = Field(default_factory=dict)
    confidence: float = 0.5

    def to_output(self) -> dict:
        """The JSON object written for this event (CODEBOOK §1)."""
        return self.model_dump(mode="json")


class ContextFact(BaseModel):
    """A non-event fact an article states: truce, disavowal, tempo statement, group founding."""

    kind: Literal[
        "truce", "truce_end", "claim_disavowed", "claim_uncorroborated", "claim_denied", "tempo_statement",
        "group_founded", "new_group",
    ]
    actor: str | None = None
    group: str | None = None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    count: int | None = None
    window_weeks: float | None = None
    window_days: int | None = None
    evidence: str = ""
    spans: dict[str, Span] = Field(default_factory=dict)


class ExtractionResult(BaseModel):
    """What `sitrep extract` writes for one document: one JSON line, in input order."""

    id: str
    published: str | None = None
    events: list[Event] = Field(default_factory=list)
    context: list[ContextFact] = Field(default_factory=list)

    def to_output(self) -> dict:
        return self.model_dump(mode="json")
