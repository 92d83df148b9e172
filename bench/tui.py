"""Driving ktui's reader in-process with Textual's Pilot, for the keypress, session and memory measures.

The app is the real `KtuiApp` over the real stack (httpx, diskcache) against the benchmark's site,
headless at `SIZE`. "Painted" means what a reader sees: the end of the first frame the app draws
while the condition holds (the lists are filled, the `ArticleScreen` has its `.article`).
Headless, a frame is composed to strips exactly as for a terminal; only the writing is skipped.

(Until 28 Nov 2026 the benchmark waited instead for the next refresh after it saw the condition
hold. A frame drawn in the same turn as the condition became true was then not counted, and the
figure took in the next tick of Textual's refresh timer and whatever else that refresh drew:
10–40 ms that a reader does not wait for. `PaintClock` times the frame itself.)

Timed keys are delivered as Pilot delivers them (a `Key` event sent through the app's driver) but
without `Pilot.press`'s own waits: it sleeps in steps of 20 ms until the process looks idle, which
would add 40 ms or more to every figure (more while a prefetch is parsing). Untimed keys use Pilot.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from textual import events
from textual.pilot import Pilot

from bench.common import SIZE
from ktui.app import KtuiApp
from ktui.core.config import Settings
from ktui.core.models import Headline
from ktui.screens.article import ArticleScreen
from ktui.screens.home import HomeScreen
from ktui.widgets.headline_list import HeadlineList

POLL = 0.001
"""Seconds between two checks of a condition (the resolution of the in-process timings)."""
TIMEOUT = 30.0
"""Longest wait for anything to appear before the benchmark gives up on a run."""


class BenchTimeout(RuntimeError):
    """Something the benchmark waited for did not happen in time."""


async def wait_until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    """Poll `condition` until it holds; raise `BenchTimeout` naming `what` after `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise BenchTimeout(f"timed out waiting for {what}")
        await asyncio.sleep(POLL)


def send_key(app: KtuiApp, key: str) -> None:
    """Deliver one key press to the app the way `Pilot.press` does, without its idle waits."""
    char = key if len(key) == 1 else {"enter": "\r", "escape": "\x1b"}.get(key)
    event = events.Key(key, char)
    event.set_sender(app)
    assert app._driver is not None, "the app is not running"
    app._driver.send_message(event)


class PaintClock:
    """Times the first frame the app draws while a condition holds."""

    def __init__(self, app: KtuiApp) -> None:
        self.app = app
        """The app whose frames are timed."""
        self.condition: Callable[[], bool] | None = None
        """What the frame must show (None: not timing)."""
        self.painted_at: float | None = None
        """When that frame was drawn (perf_counter seconds), once it has been."""
        display = app._display

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if (self.condition is not None and self.painted_at is None and renderable is not None
                    and not app._batch_count and screen is app.screen and self.condition()):
                self.painted_at = time.perf_counter()

        app._display = timed_display  # type: ignore[method-assign]

    async def until(self, condition: Callable[[], bool], what: str, start: float) -> float:
        """Wait for the first frame showing `condition`; return the seconds from `start` to it."""
        self.condition, self.painted_at = condition, None
        try:
            await wait_until(lambda: self.painted_at is not None, what)
        finally:
            self.condition = None
        assert self.painted_at is not None
        return self.painted_at - start


def paint_clock(app: KtuiApp) -> PaintClock:
    """The app's `PaintClock` (installed on first use)."""
    clock: PaintClock | None = getattr(app, "_bench_paint_clock", None)
    if clock is None:
        clock = PaintClock(app)
        app._bench_paint_clock = clock  # type: ignore[attr-defined]
    return clock


async def refreshed(app: KtuiApp) -> None:
    """Return once the current screen has been refreshed (painted) after everything pending."""
    done = asyncio.Event()
    app.screen.call_after_refresh(done.set)
    await asyncio.wait_for(done.wait(), TIMEOUT)


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[Pilot[None]]:
    """Run the reader headless for the duration of the block."""
    app = KtuiApp(settings)
    async with app.run_test(size=SIZE) as pilot:
        yield pilot


def lists(app: KtuiApp) -> dict[str, tuple[Headline, ...]]:
    """The home screen's lists by key (empty while loading or when not on the home screen)."""
    screen = app.screen
    if not isinstance(screen, HomeScreen):
        return {}
    return {key: screen.query_one(f"#{key} HeadlineList", HeadlineList).headlines
            for key in ("top", "trending", "latest")}


async def home_painted(pilot: Pilot[None]) -> float:
    """Wait until the Top 10 and Trending lists are filled and painted; return the seconds waited."""
    app: KtuiApp = pilot.app  # type: ignore[assignment]
    start = time.perf_counter()

    def filled() -> bool:
        shown = lists(app)
        return bool(shown.get("top")) and bool(shown.get("trending"))

    await wait_until(filled, "the home lists")
    await refreshed(app)
    return time.perf_counter() - start


def _showing(app: KtuiApp, url: str) -> bool:
    screen = app.screen
    return isinstance(screen, ArticleScreen) and screen.url == url and screen.article is not None


async def open_from_home(pilot: Pilot[None], index: int) -> float:
    """Put the Top 10 cursor on `index`, press enter; return seconds from the key to the painted article."""
    app: KtuiApp = pilot.app  # type: ignore[assignment]
    top = app.screen.query_one("#top HeadlineList", HeadlineList)
    url = top.headlines[index].url
    top.focus()
    top.highlighted = index
    await pilot.pause()
    clock = paint_clock(app)
    start = time.perf_counter()
    send_key(app, "enter")
    return await clock.until(lambda: _showing(app, url), f"article {url}", start)


async def step_to(pilot: Pilot[None], key: str, url: str) -> float:
    """On the reader, press `key` (J: next story) and return seconds until `url` is painted."""
    app: KtuiApp = pilot.app  # type: ignore[assignment]
    clock = paint_clock(app)
    start = time.perf_counter()
    send_key(app, key)
    return await clock.until(lambda: _showing(app, url), f"article {url}", start)


async def back_home(pilot: Pilot[None]) -> None:
    """Leave the reader and wait for the home screen."""
    app: KtuiApp = pilot.app  # type: ignore[assignment]
    await pilot.press("escape")
    await wait_until(lambda: isinstance(app.screen, HomeScreen), "the home screen")
    await pilot.pause()


async def open_url(pilot: Pilot[None], url: str) -> float:
    """Open an article by URL (as a link or the command palette does); return seconds to painted."""
    app: KtuiApp = pilot.app  # type: ignore[assignment]
    clock = paint_clock(app)
    start = time.perf_counter()
    app.open_article(url)
    elapsed = await clock.until(lambda: _showing(app, url), f"article {url}", start)
    app.pop_screen()
    await wait_until(lambda: isinstance(app.screen, HomeScreen), "the home screen")
    return elapsed


async def warm_cache(settings: Settings, *, articles: bool = True) -> dict[str, Any]:
    """Fill a cache as a previous session would have: front page, feed, and (optionally) the listed articles."""
    from ktui.core.service import NewsService

    # Set-up, not measured: fetch without the prefetcher's politeness interval.
    service = NewsService(replace(settings, prefetch_interval=0.0, prefetch_concurrency=6))
    try:
        front = await service.front()
        latest = await service.latest()
        if articles:
            service.prefetch([*front.value.top, *front.value.trending])
            service.prefetch(latest.value.items)
            await service.prefetcher.drain()
        stats = service.prefetcher.stats
        return {"fetched": stats.fetched, "failed": stats.failed}
    finally:
        await service.aclose()
