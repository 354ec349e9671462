"""`sitrep watch`: poll feeds and folders on a schedule and ingest what is new (see docs/sources.md).

    from sitrep.sources.watch import load_config, Watcher
    cfg = load_config("watch.yaml")
    with Watcher(cfg) as w:
        w.run(once=True)
"""

from sitrep.sources.watch.config import ConfigError, FeedConfig, FolderConfig, WatchConfig, load_config
from sitrep.sources.watch.runner import RoundSummary, Watcher
from sitrep.sources.watch.state import WatchState

__all__ = [
    "ConfigError",
    "FeedConfig",
    "FolderConfig",
    "RoundSummary",
    "WatchConfig",
    "WatchState",
    "Watcher",
    "load_config",
]
