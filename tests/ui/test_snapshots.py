"""SVG snapshots of the main screens (pytest-textual-snapshot; textual is pinned exactly).

The wall clock is the demo edition's fixed "now" and the cache clock is the test's, so ages and
badges never change; the theme is set explicitly; nothing with a blinking cursor is on screen; and
the loopback server's port (which changes every run) must not be visible. Update the baselines
with `pytest tests/ui/test_snapshots.py --snapshot-update` after looking at the report.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest

from ktui.app import KtuiApp
from ktui.core.config import Settings
from ktui.siteserver import faults
from ktui.siteserver.server import SiteServer
from tests.ui.conftest import drain, screen_text, settle

SnapCompare = Callable[..., bool]
MakeApp = Callable[..., KtuiApp]


@pytest.fixture
def themed(settings: Settings) -> Settings:
    """The test settings with the theme named explicitly (a default could change under us)."""
    return replace(settings, theme="textual-dark")


def steps(server: SiteServer, *keys: str, then: Callable[[Any], Awaitable[None]] | None = None
          ) -> Callable[[Any], Awaitable[None]]:
    """A run_before that settles, presses keys (settling after each), and checks the port is not shown."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if then is not None:
            await then(pilot)
            await settle(pilot)
        assert f":{server.port}" not in screen_text(pilot.app), "the server's port is on screen"

    return run_before


def test_home_wide(snap_compare: SnapCompare, make_app: MakeApp, themed: Settings, server: SiteServer) -> None:
    assert snap_compare(make_app(settings=themed), terminal_size=(140, 40), run_before=steps(server))


def test_home_80x24(snap_compare: SnapCompare, make_app: MakeApp, themed: Settings, server: SiteServer) -> None:
    assert snap_compare(make_app(settings=themed), terminal_size=(80, 24), run_before=steps(server, "j"))


def test_article(snap_compare: SnapCompare, make_app: MakeApp, themed: Settings, server: SiteServer) -> None:
    # The first lines of an article: the URL line at its end (which names the port) is far below.
    assert snap_compare(make_app(settings=themed), terminal_size=(100, 30),
                        run_before=steps(server, "j", "j", "enter"))


def test_section(snap_compare: SnapCompare, make_app: MakeApp, themed: Settings, server: SiteServer) -> None:
    async def open_section(pilot: Any) -> None:
        pilot.app.open_section(pilot.app.service.find_section("southkorea"))

    assert snap_compare(make_app(settings=themed), terminal_size=(100, 30),
                        run_before=steps(server, then=open_section))


def test_offline(snap_compare: SnapCompare, make_app: MakeApp, themed: Settings, server: SiteServer) -> None:
    async def warm() -> None:
        app = make_app(settings=themed)
        async with app.run_test(size=(100, 30)) as pilot:
            await drain(pilot)

    asyncio.run(warm())
    assert snap_compare(make_app(settings=replace(themed, offline=True)), terminal_size=(100, 30),
                        run_before=steps(server))


def test_error(snap_compare: SnapCompare, make_app: MakeApp, themed: Settings, server: SiteServer) -> None:
    server.set_fault("*", faults.status(500))
    assert snap_compare(make_app(settings=themed), terminal_size=(100, 30), run_before=steps(server))
