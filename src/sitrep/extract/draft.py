"""An event while it is being built: one per attack clause, before within-article merging."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.extract.features import Clause

Span = tuple[int, int]

# Place kinds too coarse to tell two attacks apart (a mention of "Baghdad province" can be any attack there).
COARSE_KINDS = {"admin1", "admin2", "region", "country", None}
BIG_CITY_POPULATION = 500_000


_PLACE_FIELDS = (
    "country", "admin1", "admin2", "place", "place_id", "place_kind", "place_population", "lat", "lon", "geo_precision",
    "road_ends",
)  # fmt: skip


@dataclass(slots=True)
class Draft:
    clause: Clause
    status: str  # event, background, denied
    is_title: bool = False
    donor: bool = False  # a summary or placeless mention that lends its values to the specific ones
    refers_back: bool = False  # "the rockets landed inside the base": more about the attack just reported
    separate: bool = False  # the text says this is another attack ("another", "the second")
    list_item: bool = False  # told in a bullet of a list (a security brief's incident line): one incident per bullet
    past_reference: bool = False  # "last week", "earlier this month": told as the past of the article's news
    count: int = 1  # "two convoys were hit": how many attacks a summary stands for
    date: str | None = None
    date_end: str | None = None
    time: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    place: str | None = None
    place_id: str | None = None
    place_kind: str | None = None
    place_population: int | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    stretch: frozenset[str] = frozenset()  # "the road between Hilla and Diwaniyah": the governorates it joins
    road_ends: frozenset[str] = frozenset()  # the places named as the ends of that road
    event_type: str = "unknown"
    target: str = "other"
    claimed_by: str | None = None
    claim_actor_id: str | None = None
    claim_channel: str | None = None
    attribution: str = "none"
    attributed_to: str | None = None
    killed: int | None = None
    injured: int | None = None
    casualties_stated: bool = False  # the attack's own sentences said something (even "unknown"): keep it
    evidence_spans: list[Span] = field(default_factory=list)
    last_block: int = -1  # the last paragraph that mentions this attack
    own_sentences: list[Span] = field(default_factory=list)  # sentences of the specific mentions merged here
    spans: dict[str, Span] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.clause.start

    @property
    def block(self) -> int:
        return self.clause.sentence.block

    def is_coarse(self) -> bool:
        if self.place_kind in COARSE_KINDS:
            return True
        return self.place_kind == "city" and (self.place_population or 0) >= BIG_CITY_POPULATION

    def put_at(self, mention) -> None:
        """Place this mention at a gazetteer place the article names elsewhere (that naming is the evidence)."""
        p = mention.place
        self.country, self.admin1, self.admin2 = p.country, p.admin1, p.admin2
        self.place, self.place_id, self.place_kind, self.place_population = mention.surface, p.id, p.kind, p.population
        self.lat, self.lon, self.geo_precision = p.lat, p.lon, 1
        self.spans["place"] = (mention.start, mention.end)

    def take_place_from(self, other: Draft) -> None:
        """Put this mention at the other's place ("a second drone struck near the base's runway")."""
        for name in _PLACE_FIELDS:
            setattr(self, name, getattr(other, name))
        if "place" in other.spans:
            self.spans["place"] = other.spans["place"]

    def fill_from(self, other: Draft, *, date: bool = True) -> None:
        """Take the values this draft lacks from another mention of the same attack (its date only if `date`)."""
        if date and self.date is None and other.date is not None:
            self.date, self.date_end = other.date, other.date_end
            if "date" in other.spans:
                self.spans["date"] = other.spans["date"]
        if self.time is None and other.time is not None:
            self.time = other.time
            if "time" in other.spans:
                self.spans["time"] = other.spans["time"]
        if self.event_type == "unknown" and other.event_type != "unknown":
            self.event_type = other.event_type
            if "event_type" in other.spans:
                self.spans["event_type"] = other.spans["event_type"]
        if self.target == "other" and other.target != "other" and "target" not in self.spans:
            self.target = other.target
            if "target" in other.spans:
                self.spans["target"] = other.spans["target"]
        if other.admin1 and (
            self.admin1 is None or (self.is_coarse() and not other.is_coarse() and self.admin1 == other.admin1)
        ):
            self.take_place_from(other)
        if self.country is None:
            self.country = other.country
        if self.claimed_by is None and other.claimed_by:
            self.claimed_by, self.claim_actor_id, self.claim_channel = (
                other.claimed_by,
                other.claim_actor_id,
                other.claim_channel,
            )
            self.attribution = "claimed"
            if "claimed_by" in other.spans:
                self.spans["claimed_by"] = other.spans["claimed_by"]
        if self.attribution == "none" and other.attribution == "attributed":
            self.attribution, self.attributed_to = "attributed", other.attributed_to
        for kind in ("killed", "injured"):
            if self.casualties_stated and other.status != self.status:
                break
            if getattr(self, kind) is None and getattr(other, kind) is not None:
                setattr(self, kind, getattr(other, kind))
                if kind in other.spans:
                    self.spans[kind] = other.spans[kind]
        self.last_block = max(self.last_block, other.last_block)
        for span in other.evidence_spans:
            if span not in self.evidence_spans:
                self.evidence_spans.append(span)
