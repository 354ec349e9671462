"""The watch configuration (YAML). Relative paths are taken from the config file's folder.

    db: watch.sqlite                 # optional: a file or a database URL (else --db, $SITREP_DB, ./sitrep.sqlite)
    state: watch.state.json          # optional: default <config name>.state.json next to the config
    interval: 900                    # seconds between rounds
    timeout: 20                      # seconds for one HTTP request (connect, read)
    per_host_interval: 2             # at least this many seconds between two requests to one host
    backoff: {initial: 60, max: 3600}  # after a failure: initial, doubled each failure, capped at max
    max_item_retries: 5              # a feed item whose linked page keeps failing is stored from its summary
    follow_links: auto               # auto | always | never (read the page of summary-only items)
    user_agent: "sitrep/0.1 (contact: you@example.org)"
    feeds:
      - https://example.org/rss      # a URL, or a mapping:
      - {url: https://example.net/atom.xml, outlet: Example Net, follow_links: always, interval: 3600}
    folders:
      - inbox/                       # a folder, or a mapping:
      - {path: telegram/, kind: telegram, min_age: 10, channel_username: examplechannel}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sitrep.sources.http import DEFAULT_TIMEOUT, DEFAULT_USER_AGENT


class ConfigError(ValueError):
    """A config that cannot be used; the message names the file and the key."""


@dataclass
class FeedConfig:
    url: str
    outlet: str | None = None
    follow_links: str | None = None  # None: the global setting
    interval: float | None = None  # None: every round


@dataclass
class FolderConfig:
    path: Path
    kind: str = "auto"
    min_age: float = 0.0  # seconds since the last change before a file is read (a file still being written waits)
    channel_username: str | None = None
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class WatchConfig:
    source: Path | None = None
    db: str | None = None
    state: Path = Path("watch.state.json")
    interval: float = 900.0
    timeout: float = DEFAULT_TIMEOUT
    per_host_interval: float = 1.0
    backoff_initial: float = 60.0
    backoff_max: float = 3600.0
    max_item_retries: int = 5
    follow_links: str = "auto"
    user_agent: str = DEFAULT_USER_AGENT
    max_seen: int = 10_000  # item ids remembered per feed
    feeds: list[FeedConfig] = field(default_factory=list)
    folders: list[FolderConfig] = field(default_factory=list)


_TOP_KEYS = {
    "db", "state", "interval", "timeout", "per_host_interval", "backoff", "max_item_retries", "follow_links",
    "user_agent", "max_seen", "feeds", "folders",
}  # fmt: skip
_COLUMN_KEYS = ("text_col", "url_col", "date_col", "id_col", "title_col", "outlet_col")


def load_config(path: str | Path) -> WatchConfig:
    import yaml

    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        raise ConfigError(f"{path}: not valid YAML{at} ({getattr(exc, 'problem', None) or exc})") from None
    return parse_config(raw if raw is not None else {}, path)


def parse_config(raw: object, path: Path) -> WatchConfig:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the config must be a mapping (db:, feeds:, folders:, ...)")
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; known: {', '.join(sorted(_TOP_KEYS))}")
    base = path.parent
    cfg = WatchConfig(source=path)
    cfg.db = _db(raw.get("db"), base)
    state = raw.get("state")
    cfg.state = _path(state, base) if state else path.with_name(path.stem + ".state.json")
    cfg.interval = _number(raw, "interval", cfg.interval, path, minimum=0)
    cfg.timeout = _number(raw, "timeout", cfg.timeout, path, minimum=0.001)
    cfg.per_host_interval = _number(raw, "per_host_interval", cfg.per_host_interval, path, minimum=0)
    cfg.max_item_retries = int(_number(raw, "max_item_retries", cfg.max_item_retries, path, minimum=1))
    cfg.max_seen = int(_number(raw, "max_seen", cfg.max_seen, path, minimum=10))
    backoff = raw.get("backoff") or {}
    if not isinstance(backoff, dict):
        raise ConfigError(f"{path}: backoff must be a mapping {{initial: SECONDS, max: SECONDS}}")
    cfg.backoff_initial = _number(backoff, "initial", cfg.backoff_initial, path, minimum=0, prefix="backoff.")
    cfg.backoff_max = _number(backoff, "max", cfg.backoff_max, path, minimum=0, prefix="backoff.")
    cfg.follow_links = _follow(raw.get("follow_links", cfg.follow_links), path, "follow_links")
    if raw.get("user_agent"):
        cfg.user_agent = str(raw["user_agent"])
    feeds = raw.get("feeds") or []
    folders = raw.get("folders") or []
    if not isinstance(feeds, list) or not isinstance(folders, list):
        raise ConfigError(f"{path}: feeds and folders must be lists")
    for i, f in enumerate(feeds):
        cfg.feeds.append(_feed(f, path, i))
    for i, f in enumerate(folders):
        cfg.folders.append(_folder(f, path, i, base))
    if not cfg.feeds and not cfg.folders:
        raise ConfigError(f"{path}: nothing to watch (add feeds: or folders:)")
    urls = [f.url for f in cfg.feeds]
    dupes = {u for u in urls if urls.count(u) > 1}
    if dupes:
        raise ConfigError(f"{path}: feed listed twice: {', '.join(sorted(dupes))}")
    return cfg


def _feed(f: object, path: Path, i: int) -> FeedConfig:
    where = f"{path}: feeds[{i}]"
    if isinstance(f, str):
        f = {"url": f}
    if not isinstance(f, dict) or not isinstance(f.get("url"), str):
        raise ConfigError(f"{where}: a URL or a mapping with url: was expected")
    unknown = set(f) - {"url", "outlet", "follow_links", "interval"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    url = f["url"].strip()
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: {url!r} is not an http(s) URL (put files under folders:)")
    follow = _follow(f["follow_links"], path, f"feeds[{i}].follow_links") if f.get("follow_links") else None
    interval = _number(f, "interval", None, path, minimum=0, prefix=f"feeds[{i}].") if "interval" in f else None
    return FeedConfig(url=url, outlet=str(f["outlet"]) if f.get("outlet") else None, follow_links=follow, interval=interval)


def _folder(f: object, path: Path, i: int, base: Path) -> FolderConfig:
    from sitrep.sources.dispatch import KINDS

    where = f"{path}: folders[{i}]"
    if isinstance(f, str):
        f = {"path": f}
    if not isinstance(f, dict) or not isinstance(f.get("path"), str):
        raise ConfigError(f"{where}: a folder path or a mapping with path: was expected")
    unknown = set(f) - {"path", "kind", "min_age", "channel_username", *_COLUMN_KEYS}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    kind = str(f.get("kind") or "auto")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    return FolderConfig(
        path=_path(f["path"], base),
        kind=kind,
        min_age=_number(f, "min_age", 0.0, path, minimum=0, prefix=f"folders[{i}]."),
        channel_username=str(f["channel_username"]) if f.get("channel_username") else None,
        columns={k: str(f[k]) for k in _COLUMN_KEYS if f.get(k)},
    )


def _number(d: dict, key: str, default, path: Path, *, minimum: float, prefix: str = ""):  # noqa: ANN001, ANN202
    if key not in d or d[key] is None:
        return default
    v = d[key]
    if isinstance(v, bool) or not isinstance(v, int | float) or v < minimum:
        raise ConfigError(f"{path}: {prefix}{key} must be a number of at least {minimum:g}, not {v!r}")
    return float(v)


def _follow(v: object, path: Path, key: str) -> str:
    from sitrep.sources.feeds import FOLLOW_MODES

    if v not in FOLLOW_MODES:
        raise ConfigError(f"{path}: {key} must be one of {', '.join(FOLLOW_MODES)}, not {v!r}")
    return str(v)


def _path(v: object, base: Path) -> Path:
    p = Path(str(v)).expanduser()
    return p if p.is_absolute() else base / p


def _db(v: object, base: Path) -> str | None:
    if not v:
        return None
    s = str(v)
    if "://" in s:
        return s
    return str(_path(s, base))
