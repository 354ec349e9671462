"""The record a reader yields instead of a Document when an input item cannot be used."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadProblem:
    source: str  # the file, or file:line, or feed item that was skipped
    reason: str  # one line, for a person

    def message(self) -> str:
        return f"skipped {self.source}: {self.reason}"
