"""The document being processed: text plus what each stage adds (like a spaCy Doc).

All offsets are character offsets into `text`, the document text exactly as given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sitrep.extract.dates import DateMention, find_dates

Span = tuple[int, int]


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    block: int  # index of the paragraph (line) it belongs to
    is_title: bool = False


@dataclass(slots=True)
class PubDate:
    date: dt.date
    source: str  # "text", "url" or "metadata"
    span: Span | None = None


@dataclass(slots=True)
class Article:
    text: str
    url: str | None = None
    published_meta: str | None = None
    title: Span | None = None
    blocks: list[Span] = field(default_factory=list)  # content lines, boilerplate removed
    sentences: list[Sentence] = field(default_factory=list)
    pub: PubDate | None = None
    year_hint: int | None = None  # a year the text makes likely when no publication date is known
    lower: str = ""  # the text lower-cased, same offsets (lexicon patterns match against it)
    places: list = field(default_factory=list)  # gazetteer mentions in the whole text (sitrep.geo.PlaceMention)
    _dates: dict = field(default_factory=dict)  # dates_in() answers, by span and reference date
    entries: list[int] | None = None  # paragraphs that open with a date ("Oct. 17: ..."), once asked
    # a channel export's post stamps ("[15.01.2024 00:52]"): (offset, day, span), in text order; relative days in a
    # post ("this morning") count from its own stamp
    stamps: list[tuple[int, dt.date, Span]] = field(default_factory=list)

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        """find_dates over text[start:end] against the publication date. Clauses, claims, the lead and the context
        facts ask about the same sentences, so each span is read once. The list is shared: do not change it."""
        key = (start, end, self.ref_at(start), self.year_hint)
        found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = find_dates(self.text, start, end, ref=key[2], year_hint=key[3])
        return found

    def places_in(self, start: int, end: int) -> list:
        return [m for m in self.places if start <= m.start and m.end <= end]

    def ref_date(self) -> dt.date | None:
        return self.pub.date if self.pub else None

    def stamp_at(self, offset: int) -> tuple[int, dt.date, Span] | None:
        """The post stamp the offset is under, if the text is a feed of stamped posts."""
        found = None
        for stamp in self.stamps:
            if stamp[0] > offset:
                break
            found = stamp
        return found

    def ref_at(self, offset: int) -> dt.date | None:
        """The day relative dates at this offset count from: its post's stamp, else the publication date."""
        stamp = self.stamp_at(offset) if self.stamps else None
        return stamp[1] if stamp else self.ref_date()
