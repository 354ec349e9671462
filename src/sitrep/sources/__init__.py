"""Sources: turn files, streams and feeds into `Document` records (or a `ReadProblem` naming what was skipped)."""

from sitrep.sources.problems import ReadProblem

__all__ = ["ReadProblem"]
