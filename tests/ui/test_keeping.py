"""What the reader keeps and finds: places (scroll and cursor, across restarts), the reading list,
search, and the help and quit keys."""

from __future__ import annotations

import re
from collections.abc import Callable

from textual.widgets import Input

from ktui.app import KtuiApp
from ktui.core.config import Settings
from ktui.screens.article import ArticleScreen
from ktui.screens.help import KEYS, HelpScreen
from ktui.screens.home import HomeScreen
from ktui.screens.reading_list import ReadingListScreen
from ktui.screens.search import SearchScreen
from ktui.screens.section import SectionScreen
from ktui.siteserver.server import SiteServer
from ktui.widgets.article_view import ArticleView
from ktui.widgets.find_bar import FindBar
from ktui.widgets.headline_list import HeadlineList
from ktui.widgets.section_tree import SectionTree
from tests.ui.conftest import screen_text, settle, top_list

MakeApp = Callable[..., KtuiApp]


async def test_scroll_and_cursor_are_remembered_across_reopening_and_restarts(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("space", "space")
        read_to = view.scroll_y
        assert read_to > 10
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # the same story again: where it was left
        await settle(pilot)
        assert app.screen.query_one(ArticleView).scroll_y == read_to
        await pilot.press("escape", "j", "j")  # and leave the Top 10's cursor on the fourth story
        await settle(pilot)
        assert top_list(app).highlighted == 3

    again = make_app()
    async with again.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert top_list(again).highlighted == 3
        await pilot.press("k", "k", "enter")
        await settle(pilot)
        assert again.screen.query_one(ArticleView).scroll_y == read_to


async def test_reading_list_save_show_remove_and_read_offline(make_app: MakeApp, server: SiteServer,
                                                              offline_settings: Settings) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        top = top_list(app)
        first, second = top.headlines[0], top.headlines[4]
        await pilot.press("s")  # on the list: not fetched yet, so it is fetched and pinned
        await settle(pilot)
        assert "Saved to the reading list." in screen_text(app)
        assert "★ Assembly passes bill" in screen_text(app)
        await pilot.press("j", "j", "j", "j", "enter")
        await settle(pilot)
        await pilot.press("s")  # in the article
        await settle(pilot)
        assert app.is_saved(second.url)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, ReadingListScreen)
        saved = app.screen.query_one(HeadlineList)
        assert [h.url for h in saved.headlines] == [second.url, first.url]  # newest first
        assert "2 saved" in screen_text(app)
        await pilot.press("y")  # o and y work on every list
        assert any(n.message == f"Copied: {second.url}" for n in app._notifications)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen) and app.screen.url == first.url
        await pilot.press("escape")
        await settle(pilot)
        # Both are pinned: kept out of the cache's eviction (the one saved from the list was
        # fetched for it).
        pinned = app.service.cache._pinned
        assert first.url in pinned and second.url in pinned

    server.reset_counts()
    offline = make_app(settings=offline_settings)
    async with offline.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = offline.screen.query_one(ArticleView)
        assert view.article is not None and view.article.url == second.url
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        view = offline.screen.query_one(ArticleView)
        assert view.article is not None and view.article.url == first.url
        await pilot.press("escape", "k")
        await settle(pilot)
        await pilot.press("d")  # remove it
        await settle(pilot)
        assert [h.url for h in offline.screen.query_one(HeadlineList).headlines] == [first.url]
        await pilot.press("escape")
        assert isinstance(offline.screen, HomeScreen)
    assert server.total == 0


async def test_search_finds_cached_articles_as_you_type_and_the_site_on_enter(make_app: MakeApp,
                                                                              server: SiteServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")  # the KOSPI story, now cached
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert isinstance(app.focused, Input)
        await pilot.press(*"kospi")
        await settle(pilot)
        local = app.screen.query_one("#local HeadlineList", HeadlineList)
        assert [h.title for h in local.headlines] == ["KOSPI closes at record high as chipmakers rally"]
        assert server.count("/search") == 0  # typing never asks the site
        await pilot.press("enter")
        await settle(pilot)
        assert server.count("/search") == 1
        site = app.screen.query_one("#site HeadlineList", HeadlineList)
        assert any("KOSPI" in h.title for h in site.headlines)
        assert local.has_focus
        await pilot.press("s")  # save from the search results
        assert app.is_saved(local.headlines[0].url)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


SYMBOLS = {"↓": "down", "↑": "up", "esc": "escape", "[": "left_square_bracket", "]": "right_square_bracket",
           "/": "slash", "?": "question_mark"}
"""How the help writes some keys, and Textual's names for them."""
WORDS = {"click", "on", "a", "related", "link", "while", "typing"}
"""Words in the help's key column that are not keys."""


def bound_keys() -> set[str]:
    """Every key bound anywhere in the reader (its screens, widgets, the app, and Textual's own)."""
    classes = (KtuiApp, HomeScreen, ArticleScreen, SectionScreen, SearchScreen, ReadingListScreen, HelpScreen,
               HeadlineList, ArticleView, FindBar, SectionTree)
    keys = {key for cls in classes if cls._merged_bindings for key in cls._merged_bindings.key_to_bindings}
    return keys | {KtuiApp.COMMAND_PALETTE_BINDING}


def test_every_key_on_the_help_screen_is_bound() -> None:
    bound = bound_keys()
    for _topic, rows in KEYS:
        for keys, what in rows:
            # "j / k, ↓ / ↑" or "J / K  (n / p)": keys between spaces, slashes, commas and brackets.
            tokens = [t for t in re.split(r"[\s,()]+", keys) if t and (t != "/" or keys.strip() == "/")]
            for token in tokens:
                if token in WORDS:
                    continue
                assert SYMBOLS.get(token, token) in bound, f"{token!r} ({what}) is on the help screen but not bound"


async def test_help_opens_and_closes_and_q_quits(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for close in ("question_mark", "escape", "q"):
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            text = screen_text(app)
            assert "Moving" in text and "history back / forward" in text
            await pilot.press(close)
            assert isinstance(app.screen, HomeScreen), close
            assert app.is_running
        await pilot.press("enter")  # q quits from an article too
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 0 and not app.is_running
