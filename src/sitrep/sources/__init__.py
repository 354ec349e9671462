"""Sources: turn files, streams and feeds into `Document` records (or a `ReadProblem` naming what was skipped).

`read_any(paths, kind="auto", **options)` reads every supported kind (see docs/sources.md)."""

from sitrep.sources.dispatch import read_any
from sitrep.sources.problems import ReadProblem

__all__ = ["ReadProblem", "read_any"]
