"""The lists: refresh, find, sections (tree, palette, paging), and the read and updated marks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rich.console import Console
from rich.segment import Segment
from textual.command import CommandPalette
from textual.widgets import Input

from ktui.app import KtuiApp
from ktui.core.config import Settings
from ktui.screens.home import HomeScreen
from ktui.screens.section import SectionScreen
from ktui.siteserver.pages import Page
from ktui.siteserver.server import SiteServer
from ktui.widgets.article_view import ArticleView
from ktui.widgets.find_bar import FindBar
from ktui.widgets.headline_list import HeadlineList
from ktui.widgets.list_panel import ListPanel
from ktui.widgets.section_tree import SectionTree
from tests.conftest import Clock
from tests.ui.conftest import screen_text, settle, top_list

MakeApp = Callable[..., KtuiApp]

FEED = "/feed/k/allnews.xml"
"""The newest stories of the whole site: the Latest list."""


def title_segments(headline_list: HeadlineList, index: int) -> list[Segment]:
    """The rendered segments of a row's headline (what the user sees of it, with its style)."""
    option = headline_list.get_option_at_index(index)
    title = headline_list.headlines[index].title
    console = Console(width=120, color_system="truecolor", file=None, legacy_windows=False)
    row: Any = option.prompt  # a StoryRow: the rank, and beside it the headline's Content
    segments = list(console.render(row.body, console.options.update_width(120)))
    words = set(title.split()[:3])
    return [s for s in segments if s.text.strip() and s.text.strip().split()[0] in words]


def row_is_dim(headline_list: HeadlineList, index: int) -> bool:
    """Whether a row's headline is drawn dim (a read story)."""
    segments = title_segments(headline_list, index)
    assert segments, "the headline was not found in the row"
    return all(s.style is not None and s.style.dim for s in segments)


async def test_r_refreshes_every_list_from_the_network(make_app: MakeApp, server: SiteServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert server.count("/") == 1 and server.count(FEED) == 1
        await pilot.press("r")
        await settle(pilot)
        assert server.count("/") == 2 and server.count(FEED) == 2
        # Still on the list, still filled, and the badges say where the lists came from.
        assert len(top_list(app).headlines) == 10
        for panel in app.screen.query(ListPanel):
            assert panel.badge == "live"


async def test_find_in_a_list_with_n_and_N(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        top = top_list(app)
        # "seoul" is in a headline and in a lead (the leads come from the feed).
        matches = [i for i, h in enumerate(top.headlines) if "seoul" in (h.title + (h.summary or "")).lower()]
        assert len(matches) >= 2
        await pilot.press("slash")
        find = app.screen.query_one(FindBar)
        assert find.has_class("-open")
        await pilot.press(*"seoul")
        assert top.highlighted == matches[0]
        assert f"{len(matches)} found" in screen_text(app)
        await pilot.press("enter")
        assert app.focused is top  # enter keeps the matches and returns to the list
        await pilot.press("n")
        assert top.highlighted == matches[1]
        await pilot.press("N")
        assert top.highlighted == matches[0]
        await pilot.press("N")
        assert top.highlighted == matches[-1]  # wraps around
        # "q" typed in the bar is text, not quit.
        await pilot.press("slash", "q")
        assert app.is_running and find.query_one(Input).value == "q"
        await pilot.press("escape")
        assert not find.has_class("-open")
        assert app.focused is top
        # Find works in the list that has the focus, not always in the Top 10.
        before = top.highlighted
        await pilot.press("tab")
        trending = app.screen.query_one("#trending HeadlineList", HeadlineList)
        assert app.focused is trending
        expected = next(i for i, h in enumerate(trending.headlines) if "seoul" in (h.title + (h.summary or "")).lower())
        await pilot.press("slash", *"seoul", "enter")
        assert trending.highlighted == expected and top.highlighted == before
        assert app.focused is trending


async def test_section_tree_expands_then_opens_a_section(make_app: MakeApp, server: SiteServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(SectionTree)
        assert not tree.display or tree.has_class("-hidden")  # hidden below 170 columns until asked for
        await pilot.press("c")
        assert app.focused is tree and tree.cursor_node is not None
        assert str(tree.cursor_node.label) == "South Korea"  # the cursor is on the first section at once
        await pilot.press("enter")
        await settle(pilot)
        # A section with subsections expands on enter (and does not open).
        assert isinstance(app.screen, HomeScreen) and tree.cursor_node.is_expanded
        assert "All South Korea" in screen_text(app)
        await pilot.press("j")
        assert str(tree.cursor_node.label) == "All South Korea"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SectionScreen) and app.screen.section.path == "southkorea"
        assert server.count("/southkorea") == 1
        assert "South Korea" in screen_text(app).splitlines()[0]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # A subsection opens with enter too; c hides the tree again and the Top 10 gets the focus.
        await pilot.press("j", "l")
        await settle(pilot)
        assert isinstance(app.screen, SectionScreen) and app.screen.section.name == "Politics"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("c")
        assert tree.has_class("-hidden") and top_list(app).has_focus


async def test_the_command_palette_offers_sections_and_opens_one(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Section: Sports")
        await settle(pilot)
        text = screen_text(app)
        assert "Section: Sports" in text and "Open /sports" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SectionScreen) and app.screen.section.path == "sports"
        assert len(app.screen.panel.headline_list.headlines) > 0


async def test_a_section_loads_its_next_page_at_the_end(make_app: MakeApp, server: SiteServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        section = app.service.find_section("southkorea")
        app.open_section(section)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SectionScreen)
        headline_list = screen.panel.headline_list
        first_page = len(headline_list.headlines)
        assert first_page > 0 and screen.next_url
        assert "m or the end of the list loads more" in screen_text(app)
        await pilot.press("G")  # the last story: the next page is loaded and appended
        await settle(pilot)
        assert server.count("/southkorea?page=2") == 1
        assert len(headline_list.headlines) > first_page
        assert headline_list.highlighted == first_page - 1  # the cursor stayed where it was
        assert [h.rank for h in headline_list.headlines] == list(range(1, len(headline_list.headlines) + 1))
        assert f"South Korea ({len(headline_list.headlines)})" in screen_text(app)
        await pilot.press("m")  # no page 3
        await settle(pilot)
        assert server.count("/southkorea?page=3") == 0


async def test_read_stories_are_dimmed(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        top = top_list(app)
        assert not row_is_dim(top, 1)
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert top.headlines[1].url in top.read
        assert row_is_dim(top, 1) and not row_is_dim(top, 0)
        # The same story in Latest is dimmed too.
        latest = app.screen.query_one("#latest HeadlineList", HeadlineList)
        index = next(i for i, h in enumerate(latest.headlines) if h.url == top.headlines[1].url)
        assert row_is_dim(latest, index)
    # Read state outlives the session.
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert row_is_dim(top_list(again), 1)


async def test_a_story_updated_since_it_was_read_is_marked(make_app: MakeApp, server: SiteServer,
                                                           edition: dict[str, Page], clock: Clock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        story = top_list(app).headlines[0]
        await pilot.press("enter")
        await settle(pilot)
        path = story.url.removeprefix(server.url)
        page = edition[path]
        old = b"The National Assembly passed a bill"
        assert old in page.body
        server.set_page(path, replace(page, body=page.body.replace(old, b"Lawmakers finally passed a bill")))
        await pilot.press("escape")
        await settle(pilot)
        # A day later the cached copy is stale: a refresh of the lists and a look at the story again.
        clock.advance(2 * 86400)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and "Lawmakers finally passed a bill" in view.article.paragraphs[0]
        text = screen_text(app)
        assert "UPDATED SINCE YOU READ IT" in text
        await pilot.press("escape")
        await settle(pilot)


async def test_the_list_marks_a_read_story_that_changed_when_it_is_fetched_again(
        make_app: MakeApp, server: SiteServer, edition: dict[str, Page], clock: Clock, settings: Settings) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        story = top_list(app).headlines[0]
        await pilot.press("enter")
        await settle(pilot)
    path = story.url.removeprefix(server.url)
    page = edition[path]
    server.set_page(path, replace(page, body=page.body.replace(b"The National Assembly passed a bill",
                                                               b"Lawmakers finally passed a bill")))
    # Two days later the reader starts again and prefetches the listed stories: the story read
    # has changed, and the list says so before it is opened.
    clock.advance(2 * 86400)
    again = make_app(settings=replace(settings, prefetch_depth=10))
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await again.service.prefetcher.drain()
        await settle(pilot)
        top = top_list(again)
        assert story.url in top.updated
        assert "↻ Assembly passes bill" in screen_text(again)
        assert row_is_dim(top, 0)
