"""Shared fixtures: the loopback site server with the demo edition, settings in a temporary home,
a service wired to them, and a fixed clock.

Every test runs with sockets blocked except to 127.0.0.1 (pytest-socket, configured in
pyproject.toml), and with HOME-like directories under tmp_path so no test touches the user's files.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from ktui.core.config import Settings
from ktui.core.http import FetchSettings
from ktui.core.service import NewsService
from ktui.core.times import KST
from ktui.siteserver.edition import build_edition, make_handler
from ktui.siteserver.server import SiteServer

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=KST)
"""The demo edition's fixed "now" in tests, so pages (and snapshots) never change."""


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real user's config, cache and data."""
    monkeypatch.setenv("KTUI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("KTUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KTUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KTUI_BASE_URL", raising=False)
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(scope="session")
def edition() -> dict[str, object]:
    """The demo edition's pages at the fixed time."""
    return dict(build_edition(NOW))


@pytest.fixture
def server(edition: dict[str, object]) -> Iterator[SiteServer]:
    """A loopback server with the demo edition (fresh counters for each test)."""
    site = SiteServer(edition, handler=make_handler(NOW))  # type: ignore[arg-type]
    site.start()
    try:
        yield site
    finally:
        site.stop()


FAST = FetchSettings(connect_timeout=1.0, read_timeout=1.0, deadline=4.0, retries=2, backoff=0.01,
                     max_retry_after=2.0)
"""Fetch settings that give up quickly, so fault tests stay fast."""


@pytest.fixture
def settings(server: SiteServer, tmp_path: Path) -> Settings:
    """Settings pointing at the loopback server, in a temporary home."""
    return Settings(base_url=server.url, cache_dir=tmp_path / "cache", data_dir=tmp_path / "data",
                    config_path=tmp_path / "config.toml", fetch=FAST, prefetch_interval=0.0)


class Clock:
    """A clock the test moves by hand (epoch seconds)."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time on."""
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    """A hand-moved clock for freshness tests."""
    return Clock()


@pytest.fixture
async def service(settings: Settings, clock: Clock) -> AsyncIterator[NewsService]:
    """A service over the real stack (httpx, diskcache) against the loopback server."""
    svc = NewsService(settings, clock=clock)
    try:
        yield svc
    finally:
        await svc.aclose()


@pytest.fixture
def make_service(settings: Settings, clock: Clock) -> Iterator[Callable[..., NewsService]]:
    """Make more services (e.g. a second process's view, or offline) sharing the same cache."""
    made: list[NewsService] = []

    def make(**changes: object) -> NewsService:
        svc = NewsService(replace(settings, **changes), clock=clock)  # type: ignore[arg-type]
        made.append(svc)
        return svc

    yield make
