"""The reader's movement keys: the lists, opening and going back, next/previous, history, the mouse.

Each test is one user's session through several keys (an app start costs about a second, so the
keys of one flow share a session).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.events import MouseScrollDown, MouseScrollUp
from textual.widgets import OptionList

from ktui.app import KtuiApp
from ktui.core.config import Settings
from ktui.screens.article import ArticleScreen
from ktui.screens.help import HelpScreen
from ktui.screens.home import HomeScreen
from ktui.widgets.article_view import ArticleView
from ktui.widgets.headline_list import HeadlineList
from ktui.widgets.key_hints import KeyHints
from ktui.widgets.list_panel import ListPanel, PanelBar
from ktui.widgets.preview import Preview
from tests.ui.conftest import screen_text, settle, top_list

MakeApp = Callable[..., KtuiApp]

TOP = [
    "Assembly passes bill to keep rural clinics open overnight",
    "KOSPI closes at record high as chipmakers rally",
    "North Korea notifies maritime agency of satellite launch window",
    "NOVA9 announces 30-city world tour",
]
"""The first stories of the demo edition's Top 10, in order."""


def article_title(app: KtuiApp) -> str:
    """The headline shown in the reading pane."""
    view = app.screen.query_one(ArticleView)
    return view.article.title if view.article else ""


def preview_text(app: KtuiApp) -> str:
    """What the preview line under the lists says."""
    return str(app.screen.query_one(Preview).render())


async def test_start_focus_and_moving_in_a_list(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        top = top_list(app)
        assert app.focused is top
        assert [h.title for h in top.headlines[:4]] == TOP
        text = screen_text(app)
        for heading in ("Top 10 Stories", "Trending", "Latest", "The Korea Times", "Fri 27 Nov 2026 18:00 KST"):
            assert heading in text
        assert " 1 Assembly passes bill" in text and "live" in text
        assert len(app.screen.query_one("#trending HeadlineList", HeadlineList).headlines) == 10
        assert len(app.screen.query_one("#latest HeadlineList", HeadlineList).headlines) > 20
        assert TOP[0] in preview_text(app)
        footer = text.splitlines()[-1]
        for key in ("Open", "r Refresh", "c Sections", "/ Find", "q Quit", "? Help", "palette"):
            assert key in footer

        await pilot.press("j", "j")
        assert top.highlighted == 2 and TOP[2] in preview_text(app)
        await pilot.press("k")
        assert top.highlighted == 1 and TOP[1] in preview_text(app)
        await pilot.press("down", "down", "up")
        assert top.highlighted == 2
        await pilot.press("G")
        assert top.highlighted == 9
        await pilot.press("g")
        assert top.highlighted == 0
        await pilot.press("space")
        paged = top.highlighted
        assert paged is not None and paged > 1
        await pilot.press("b")
        assert top.highlighted == 0


async def test_open_with_enter_or_l_and_back_with_esc_h_or_backspace(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for row, (open_key, back_key) in enumerate([("enter", "escape"), ("l", "h"), ("enter", "backspace")],
                                                   start=1):
            await pilot.press("j", open_key)
            await settle(pilot)
            assert isinstance(app.screen, ArticleScreen), open_key
            assert article_title(app) == TOP[row]
            text = screen_text(app)
            assert TOP[row] in text and "Posted 2026-11-27" in text and "By " in text
            assert f"{row + 1}/10" in text  # its place in the list it was opened from, in the header
            # Move the Top 10's cursor away meanwhile: going back must put it on the row opened.
            top_list(app).highlighted = 7
            await pilot.press(back_key)
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen), back_key
            assert app.focused is top_list(app)
            assert top_list(app).highlighted == row


async def test_next_and_previous_article_then_back_to_the_last_shown(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert article_title(app) == TOP[0]
        await pilot.press("K")
        await settle(pilot)
        assert article_title(app) == TOP[0]
        assert "This is the first story." in screen_text(app)
        for key, expected in [("J", 1), ("J", 2), ("K", 1), ("n", 2), ("n", 3), ("p", 2)]:
            await pilot.press(key)
            await settle(pilot)
            assert article_title(app) == TOP[expected], key
            assert f"{expected + 1}/10" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        # Back on the list, the cursor is on the last article shown, not the one first opened.
        assert top_list(app).highlighted == 2


async def test_history_back_and_forward_through_articles_and_related_links(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("J")
        await settle(pilot)
        await pilot.press("J")
        await settle(pilot)
        assert article_title(app) == TOP[2]
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.related
        related = view.article.related[0]
        await pilot.press("tab")  # from the reading pane to the related links
        assert isinstance(app.focused, OptionList)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.url == related.url and article_title(app) == related.title
        # Not one of the Top 10: the header does not claim a place in that list.
        assert "/10" not in screen_text(app).splitlines()[0]

        for key, expected in [("left_square_bracket", TOP[2]), ("left_square_bracket", TOP[1]),
                              ("left_square_bracket", TOP[0]), ("right_square_bracket", TOP[1]),
                              ("right_square_bracket", TOP[2]), ("right_square_bracket", related.title)]:
            await pilot.press(key)
            await settle(pilot)
            assert article_title(app) == expected, key
        await pilot.press("escape")
        await settle(pilot)
        # The related article is not in the Top 10: the cursor goes to the last Top 10 story read.
        assert top_list(app).highlighted == 2


def accented_titles(app: KtuiApp) -> list[str]:
    """The keys of the panels whose title is drawn in a colour the other panels' titles are not."""
    colours = {panel.key: next(iter(panel.query_one(PanelBar).render_line(0))).style
               for panel in app.screen.query(ListPanel)}
    return [key for key, colour in colours.items() if list(colours.values()).count(colour) == 1]


async def test_tab_moves_between_the_lists_and_the_preview_follows(make_app: MakeApp, settings: Settings) -> None:
    # In the terminal's own 16 colours (the ANSI theme) for once.
    app = make_app(settings=replace(settings, theme="ansi-dark"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "ansi-dark" and len(top_list(app).headlines) == 10
        keys = []
        for _ in range(3):
            focused = app.focused
            assert isinstance(focused, HeadlineList)
            keys.append(focused.key)
            # Only the focused list's title stands out (drawn in the accent colour).
            assert accented_titles(app) == [focused.key]
            await pilot.press("tab")
            await settle(pilot)
        assert keys == ["top", "trending", "latest"]
        assert isinstance(app.focused, HeadlineList) and app.focused.key == "top"
        await pilot.press("shift+tab")
        latest = app.focused
        assert isinstance(latest, HeadlineList) and latest.key == "latest"
        assert latest.current is not None and latest.current.title in preview_text(app)
        assert latest.current.title != TOP[0]


async def test_a_click_opens_the_story_drawn_under_it_in_a_scrolled_list(make_app: MakeApp) -> None:
    # Rows wrap to two or three lines and the list is scrolled: the story opened is the one
    # whose text is on the line clicked, whichever of its lines that is.
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        latest = app.screen.query_one("#latest HeadlineList", HeadlineList)
        latest.focus()
        await pilot.press("G")
        await settle(pilot)
        assert latest.scroll_offset.y > 0
        line = latest.scroll_offset.y + 3
        index, part = latest._lines[line]
        story = latest.headlines[index]
        await pilot.hover(latest, offset=(8, 3))
        assert latest._mouse_hovering_over == index
        assert await pilot.click(latest, offset=(8, 3))
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert article_title(app) == story.title
        assert index != len(latest.headlines) - 1, "not simply the story the cursor was on"


async def test_mouse_click_opens_and_the_wheel_scrolls(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        trending = app.screen.query_one("#trending HeadlineList", HeadlineList)
        first = trending.headlines[0]
        assert await pilot.click(trending, offset=(6, 0))
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert article_title(app) == first.title
        view = app.screen.query_one(ArticleView)
        assert view.scroll_y == 0 and view.max_scroll_y > 0
        # Pilot has no wheel; the private helper its click() is built on sends the wheel events.
        await pilot._post_mouse_events([MouseScrollDown] * 3, view, offset=(20, 5))
        await settle(pilot)
        scrolled = view.scroll_y
        assert scrolled > 0
        await pilot._post_mouse_events([MouseScrollUp], view, offset=(20, 5))
        await settle(pilot)
        assert 0 < view.scroll_y < scrolled
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is trending and trending.highlighted == 0


async def test_reading_keys_scroll_the_article(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("k")
        assert view.scroll_y == 1
        await pilot.press("space")
        assert view.scroll_y > 10
        await pilot.press("b")
        assert view.scroll_y < 2
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y
        assert "Extracted by" in screen_text(app)
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("down")
        assert view.scroll_y == 1


async def test_the_key_hints_name_the_keys_and_a_click_presses_one(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        bottom = screen_text(app).splitlines()[-1]
        assert "Open" in bottom and "Refresh" in bottom and "Help" in bottom
        await pilot.click(KeyHints, offset=(bottom.index("Help"), 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
