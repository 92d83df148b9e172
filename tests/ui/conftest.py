"""Fixtures for the reader's tests: the app over the real stack against the loopback server.

`make_app` builds a `KtuiApp` on the test's settings with the demo edition's fixed wall clock and
the test's hand-moved cache clock; `settle(pilot)` waits for the workers and the repaint;
`screen_text(app)` is the screen as a user sees it (plain text), for assertions on what shows.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from rich.console import Console

from ktui.app import KtuiApp
from ktui.core.config import Settings
from ktui.widgets.headline_list import HeadlineList
from tests.conftest import NOW, Clock


def fixed_now() -> datetime:
    """The wall clock of the demo edition in tests."""
    return NOW


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared settings without background prefetch.

    Prefetch keeps the process busy for a second or more after the lists paint, and Pilot's pause
    waits for an idle process: with it every step of a test would wait. Tests that need the
    stories cached ask for `warm_cache` (which prefetches) or set `prefetch_depth` themselves.
    """
    return replace(settings, prefetch_depth=0)


@pytest.fixture
def make_app(settings: Settings, clock: Clock) -> Callable[..., KtuiApp]:
    """Build the reader over the real stack (httpx, diskcache) against the loopback server."""

    def make(**kwargs: object) -> KtuiApp:
        kwargs.setdefault("clock", fixed_now)
        kwargs.setdefault("loader_clock", clock)
        app = KtuiApp(kwargs.pop("settings", settings), **kwargs)  # type: ignore[arg-type]
        # Textual reads TEXTUAL_ANIMATIONS when it is imported, before any fixture can set it: without
        # this, every page or end-of-article scroll animates and each key waits for the animation.
        app.animation_level = "none"
        return app

    return make


async def settle(pilot: object) -> None:
    """Wait until workers are done and the screen is repainted.

    A worker's result can start another worker (a list that loads more, a refresh after a stale
    copy), so this goes round until a pause ends with no worker left; usually that is one round.
    """
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(5):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]
        if not app.workers:
            return


async def drain(pilot: Any) -> None:
    """Settle, then wait until the background prefetch of the listed stories has finished."""
    await settle(pilot)
    await pilot.app.service.prefetcher.drain()
    await settle(pilot)


def screen_text(app: Any) -> str:
    """The current screen (with any screens showing through it) as plain text, line by line."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, color_system=None,
                      legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def highlighted(app: Any) -> list[tuple[str, bool]]:
    """Find's highlights as drawn on the screen now: (text, is it the current match), top to bottom.

    Only the article's text is looked at (the scroll bar is drawn in reverse too).
    """
    from ktui.widgets.article_text import CURRENT_MATCH, ArticleText

    current = CURRENT_MATCH.rich_style.bgcolor
    area = app.screen.query_one(ArticleText).region
    strips = app.screen._compositor.render_strips()[area.y:area.bottom]
    found: list[tuple[str, bool]] = []
    for strip in (strip.crop(area.x, area.right) for strip in strips):
        run: tuple[str, bool] | None = None  # the screen cuts a line into pieces: join the marked ones
        for segment in strip:
            style = segment.style
            marked = style is not None and (style.reverse or style.bgcolor == current)
            is_current = style is not None and style.bgcolor == current
            if marked and run is not None and run[1] == is_current:
                run = (run[0] + segment.text, is_current)
                continue
            if run is not None and run[0].strip():
                found.append(run)
            run = (segment.text, is_current) if marked else None
        if run is not None and run[0].strip():
            found.append(run)
    return found


def squashed(text: str) -> str:
    """Screen text without spaces, line breaks and box edges: to find a wrapped link or sentence."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "▌▎▊▏│▕")


def top_list(app: Any) -> HeadlineList:
    """The Top 10 list of the home screen (whatever screen is on top)."""
    home = app.screen_stack[1]
    return home.query_one("#top HeadlineList", HeadlineList)  # type: ignore[no-any-return]


@pytest.fixture
async def warm_cache(make_app: Callable[..., KtuiApp], settings: Settings) -> KtuiApp:
    """Run the reader once so the lists and the stories they show are in the cache."""
    app = make_app(settings=replace(settings, prefetch_depth=3))
    async with app.run_test(size=(120, 40)) as pilot:
        await drain(pilot)
    return app


@pytest.fixture
def offline_settings(settings: Settings) -> Settings:
    """The test's settings with the network off (same cache and data directories)."""
    return replace(settings, offline=True)
