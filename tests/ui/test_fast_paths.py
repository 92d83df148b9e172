"""The reader's fast paths: what a start from a fresh cache and an article from the cache skip.

A fresh cache fills the home lists before the screen is first drawn, without a request and
without importing httpx or the parsers; a cached article is shown in the same turn as its key, by
the one reader screen the app keeps; the reader tells the prefetcher which story comes next; and
the version string stays equal to the package's.
"""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

import ktui
from ktui.app import KtuiApp
from ktui.core.config import Settings
from ktui.core.prefetch import Prefetcher
from ktui.screens.article import ArticleScreen
from ktui.screens.home import HomeScreen
from ktui.siteserver.server import SiteServer
from ktui.widgets.article_view import ArticleView
from ktui.widgets.list_panel import ListPanel
from tests.ui.conftest import highlighted, screen_text, settle, top_list

MakeApp = Callable[..., KtuiApp]
ROOT = Path(__file__).resolve().parents[2]


def test_the_version_is_the_packages() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert ktui.__version__ == project["version"]


def test_the_reader_imports_no_network_or_parsing_code_until_it_needs_it(tmp_path: Path) -> None:
    # Nor the config file's parser when there is no config file, nor the email package (dates
    # in feeds and Retry-After headers) before a feed or a response is read, nor the local
    # search index before a search, nor the HTTP client, the charset decoder or hashlib
    # (read marks) before a page is fetched or read.
    code = ("import sys; import ktui.app; from ktui.core.config import load_settings; load_settings(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'httpx', 'selectolax', 'trafilatura', "
            "'tomllib', 'email', 'hashlib'} | {*sys.modules} & {'ktui.core.localsearch', 'ktui.core.http', "
            "'ktui.core.charset'}))")
    env = {**os.environ, "KTUI_CONFIG": str(tmp_path / "none.toml")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.strip() == "[]"


async def test_a_fresh_cache_fills_the_lists_without_loading_or_requests(
        make_app: MakeApp, server: SiteServer, monkeypatch: pytest.MonkeyPatch) -> None:
    first = make_app()
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    requests = server.total
    statuses: list[str | None] = []
    set_status = ListPanel.set_status

    def record(panel: ListPanel, message: str | None, *, error: bool = False) -> None:
        statuses.append(message)
        set_status(panel, message, error=error)

    monkeypatch.setattr(ListPanel, "set_status", record)
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = again.screen
        assert isinstance(home, HomeScreen)
        shown = {p.key: len(p.headline_list.headlines) for p in home.query(ListPanel)}
    # Shown from the cache as the screen was mounted: never "Loading…", and nothing asked of the site.
    assert "Loading…" not in statuses
    assert shown["top"] == 10 and shown["trending"] == 10 and shown["latest"] > 20
    assert server.total == requests


async def test_the_reader_is_kept_and_a_cached_article_shows_in_the_same_turn(
        make_app: MakeApp, warm_cache: KtuiApp, server: SiteServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        stories = top_list(app).headlines
        requests = server.total
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ArticleScreen)
        await pilot.press("escape")
        await settle(pilot)
        # The same screen shows the next article, at once: no worker, no await.
        app.open_article(stories[2].url, stories, 2, "top")
        assert app.screen is reader and reader.url == stories[2].url
        assert reader.article is not None and reader.article.title == stories[2].title
        await settle(pilot)
        view = reader.query_one(ArticleView)
        shown = view.texts("para")
        assert shown == list(reader.article.paragraphs)
        assert view.article == reader.article
        assert "3/10" in screen_text(app).splitlines()[0]
        assert server.total == requests


async def test_find_highlights_do_not_outlive_the_article(make_app: MakeApp, warm_cache: KtuiApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("slash", *"the", "enter")
        view = app.screen.query_one(ArticleView)
        assert view.match_position[1] > 0
        assert highlighted(app), "the matches are highlighted"
        await pilot.press("J")
        await settle(pilot)
        assert view.match_position == (0, 0)
        assert highlighted(app) == []


async def test_prefetch_takes_the_focused_list_and_the_next_story_first() -> None:
    fetched: list[str] = []

    async def fetch(url: str) -> bool:
        fetched.append(url)
        return True

    prefetcher = Prefetcher(fetch, concurrency=1, interval=0.0, fresh=lambda url: url == "cached")
    # Queued before the workers run: the list queued last goes first, and an urgent story moves
    # ahead of a list that had queued it already; a fresh one is skipped.
    prefetcher.schedule(["latest-1", "latest-2", "cached"])
    prefetcher.schedule(["top-1", "top-2", "top-3"])
    prefetcher.schedule(["latest-2"], urgent=True)
    await prefetcher.drain()
    await prefetcher.aclose()
    assert fetched == ["latest-2", "top-1", "top-2", "top-3", "latest-1"]
    assert prefetcher.stats.cached == 1 and prefetcher.stats.fetched == 5


async def test_the_collector_is_held_back_only_until_the_first_paint(make_app: MakeApp, warm_cache: KtuiApp) -> None:
    assert gc.isenabled()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # Painted: collecting again, with what the start made frozen out of the way.
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0, "what was frozen may be collected once the app is gone"


def backgrounds(app: KtuiApp) -> set[str]:
    """The background colours of every cell on screen, from the app's own screenshot."""
    return set(re.findall(r'<rect fill="(#[0-9a-f]{6})"', app.export_screenshot()))


def grey(colour: str) -> bool:
    """True for a colour with equal red, green and blue."""
    return colour[1:3] == colour[3:5] == colour[5:7]


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
async def test_containers_drawn_as_their_background_look_the_same_and_obey_no_color(
        make_app: MakeApp, settings: Settings, monkeypatch: pytest.MonkeyPatch, no_color: bool) -> None:
    # The home screen and its containers are drawn as blank lines of their background: the
    # gutters between the lists still show the theme's background, and with NO_COLOR (which
    # Textual honours with a filter that blank lines would skip) nothing on screen keeps a colour.
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(settings=replace(settings, theme="dracula"))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        shown = backgrounds(app)
        theme_background = app.current_theme.background
        assert theme_background is not None and not grey(theme_background.lower())
        if no_color:
            assert shown and all(grey(colour) for colour in shown), shown
        else:
            assert theme_background.lower() in shown
