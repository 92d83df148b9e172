"""Provides ktui's settings: defaults, the TOML config file, environment variables and flags.

Precedence, lowest first: built-in defaults, the config file (`config.toml` in the user config
directory, or KTUI_CONFIG), environment variables (KTUI_BASE_URL, KTUI_CACHE_DIR), then the
command line's flags. A bad value in the file is reported in one line naming the key, and the
default is kept, so a typo never stops ktui from starting.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import field, fields, replace
from pathlib import Path
from typing import Any, Final

import platformdirs

from ktui.core.record import Record, record
from ktui.core.urls import LIVE_BASE

APP_NAME: Final = "ktui"
"""The name used for the user's directories."""


@record
class FetchSettings(Record):
    """Timeouts, retries and limits of the HTTP client."""

    connect_timeout: float = 5.0
    """Seconds to wait for a connection."""
    read_timeout: float = 10.0
    """Seconds to wait for any bytes of the response."""
    deadline: float = 30.0
    """Seconds one fetch may take in all, retries and slow bodies included."""
    retries: int = 2
    """Further attempts after the first, on connection errors, 5xx and 429."""
    backoff: float = 0.5
    """First backoff delay in seconds; it doubles each attempt, with jitter."""
    max_retry_after: float = 10.0
    """A longer Retry-After is not waited for: the fetch fails with a message instead."""
    max_body: int = 8 * 1024 * 1024
    """Largest body accepted, in bytes after decompression (a news page is well under 1 MB)."""
    max_redirects: int = 5
    """Redirects followed before giving up."""


@record
class Freshness(Record):
    """How long each kind of page counts as fresh, in seconds."""

    front: float = 300.0
    """The front page."""
    list: float = 300.0
    """Section pages."""
    feed: float = 300.0
    """RSS feeds."""
    search: float = 600.0
    """Search results."""
    article: float = 86400.0
    """Articles, ours and other sites'."""

    def for_kind(self, kind: str) -> float:
        """Return the freshness time of a kind of page."""
        if kind == "external":
            return self.article
        value = getattr(self, kind, self.article)
        return float(value)


@record
class Settings(Record):
    """Everything ktui can be told, with its defaults."""

    base_url: str = LIVE_BASE
    """The origin that plays www.koreatimes.co.kr."""
    cache_dir: Path = field(default_factory=lambda: Path(platformdirs.user_cache_dir(APP_NAME)))
    """Where the page cache lives."""
    data_dir: Path = field(default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME)))
    """Where the reading list, read state and places live."""
    config_path: Path = field(default_factory=lambda: Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml")
    """The config file."""
    offline: bool = False
    """Never touch the network."""
    cache_size_mb: int = 300
    """Cache size limit in megabytes."""
    fetch: FetchSettings = field(default_factory=FetchSettings)
    """Timeouts, retries and limits of the HTTP client."""
    freshness: Freshness = field(default_factory=Freshness)
    """Freshness times per kind of page."""
    prefetch_depth: int = 10
    """How many stories of each shown list are fetched ahead (0 turns prefetch off)."""
    prefetch_concurrency: int = 3
    """How many prefetches run at once."""
    prefetch_interval: float = 0.2
    """Seconds between the starts of two prefetches (politeness)."""
    block_memory: float = 600.0
    """Seconds a bot challenge is remembered, during which site pages are not requested."""
    theme: str = "textual-dark"
    """The UI theme ("ansi-dark" follows the terminal's own 16 colours)."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Key overrides: action name to a comma-separated list of keys."""
    reading_width: int = 78
    """Maximum width of article text in the reader, in columns."""
    problems: tuple[str, ...] = ()
    """One-line messages about bad values found while loading (shown once as warnings)."""

    @property
    def cache_size(self) -> int:
        """Cache size limit in bytes."""
        return self.cache_size_mb * 1024 * 1024

    def describe(self) -> dict[str, Any]:
        """Return the settings in effect as plain data (for `ktui config`)."""
        return {
            "config_file": str(self.config_path),
            "config_file_exists": self.config_path.is_file(),
            "base_url": self.base_url,
            "cache_dir": str(self.cache_dir),
            "data_dir": str(self.data_dir),
            "offline": self.offline,
            "theme": self.theme,
            "reading_width": self.reading_width,
            "cache": {"size_mb": self.cache_size_mb},
            "prefetch": {"depth": self.prefetch_depth, "concurrency": self.prefetch_concurrency,
                         "interval": self.prefetch_interval},
            "freshness": {f.name: getattr(self.freshness, f.name) for f in fields(Freshness)},
            "timeouts": {"connect": self.fetch.connect_timeout, "read": self.fetch.read_timeout,
                         "deadline": self.fetch.deadline, "retries": self.fetch.retries},
            "keys": dict(self.keys),
        }


def _number(table: Mapping[str, Any], key: str, where: str, problems: list[str], *,
            minimum: float = 0.0, integer: bool = False) -> float | None:
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        kind = "a whole number" if integer else "a number"
        problems.append(f"{where}.{key} must be {kind} of at least {minimum:g}; using the default")
        return None
    return int(value) if integer else float(value)


def apply_file(settings: Settings, data: Mapping[str, Any]) -> Settings:
    """Apply the values of a parsed config file to settings, collecting problems."""
    problems = list(settings.problems)
    changes: dict[str, Any] = {}
    if isinstance(data.get("theme"), str):
        changes["theme"] = data["theme"]
    if isinstance(data.get("base_url"), str):
        changes["base_url"] = data["base_url"]
    width = _number(data, "reading_width", "config", problems, minimum=30, integer=True)
    if width is not None:
        changes["reading_width"] = int(width)
    cache = data.get("cache", {})
    if isinstance(cache, Mapping):
        size = _number(cache, "size_mb", "cache", problems, minimum=10, integer=True)
        if size is not None:
            changes["cache_size_mb"] = int(size)
        if isinstance(cache.get("dir"), str):
            changes["cache_dir"] = Path(cache["dir"]).expanduser()
    prefetch = data.get("prefetch", {})
    if isinstance(prefetch, Mapping):
        for key, attr, integer in (("depth", "prefetch_depth", True), ("concurrency", "prefetch_concurrency", True),
                                   ("interval", "prefetch_interval", False)):
            value = _number(prefetch, key, "prefetch", problems, integer=integer)
            if value is not None:
                changes[attr] = int(value) if integer else value
    fresh = data.get("freshness", {})
    if isinstance(fresh, Mapping):
        values = {}
        for f in fields(Freshness):
            value = _number(fresh, f.name, "freshness", problems)
            if value is not None:
                values[f.name] = value
        changes["freshness"] = replace(settings.freshness, **values)
    timeouts = data.get("timeouts", {})
    if isinstance(timeouts, Mapping):
        timing: dict[str, Any] = {}
        for key, attr in (("connect", "connect_timeout"), ("read", "read_timeout"), ("deadline", "deadline")):
            value = _number(timeouts, key, "timeouts", problems, minimum=0.1)
            if value is not None:
                timing[attr] = value
        retries = _number(timeouts, "retries", "timeouts", problems, integer=True)
        if retries is not None:
            timing["retries"] = int(retries)
        changes["fetch"] = replace(settings.fetch, **timing)
    keys = data.get("keys", {})
    if isinstance(keys, Mapping):
        good = {k: v for k, v in keys.items() if isinstance(k, str) and isinstance(v, str) and v.strip()}
        problems.extend(f"keys.{k} must be a string of keys; ignored" for k in keys if k not in good)
        changes["keys"] = good
    return replace(settings, problems=tuple(problems), **changes)


def load_settings(*, config_path: Path | None = None, environ: Mapping[str, str] | None = None,
                  **overrides: Any) -> Settings:
    """Build the settings in effect: defaults, config file, environment, then `overrides`.

    Overrides whose value is None are ignored, so command-line flags can be passed straight in.
    """
    env = os.environ if environ is None else environ
    settings = Settings()
    path = config_path or (Path(env["KTUI_CONFIG"]) if env.get("KTUI_CONFIG") else settings.config_path)
    settings = replace(settings, config_path=path)
    if path.is_file():
        import tomllib  # here: most users have no config file, and the parser costs a start 3 ms

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            message = " ".join(str(error).split())
            settings = replace(settings, problems=(f"{path}: {message}; using the defaults",))
        else:
            settings = apply_file(settings, data)
    if env.get("KTUI_BASE_URL"):
        settings = replace(settings, base_url=env["KTUI_BASE_URL"])
    if env.get("KTUI_CACHE_DIR"):
        settings = replace(settings, cache_dir=Path(env["KTUI_CACHE_DIR"]).expanduser())
    if env.get("KTUI_DATA_DIR"):
        settings = replace(settings, data_dir=Path(env["KTUI_DATA_DIR"]).expanduser())
    given = {key: value for key, value in overrides.items() if value is not None}
    return replace(settings, **given)
