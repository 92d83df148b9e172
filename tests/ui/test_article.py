"""The reading pane: find, links out (browser, clipboard), export, unread, and a blocked article."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App

from ktui.app import KtuiApp
from ktui.screens.article import ArticleScreen
from ktui.screens.home import HomeScreen
from ktui.siteserver import faults
from ktui.siteserver.server import SiteServer
from ktui.terminal import osc52
from ktui.widgets.article_text import ArticleText
from ktui.widgets.article_view import ArticleView
from ktui.widgets.find_bar import FindBar
from tests.ui.conftest import highlighted, screen_text, settle, squashed, top_list

MakeApp = Callable[..., KtuiApp]


def capture_driver(app: App[None]) -> list[str]:
    """Record what the app writes to the terminal from now on."""
    written: list[str] = []
    driver = app._driver
    assert driver is not None
    original = driver.write

    def write(data: str) -> None:
        written.append(data)
        original(data)

    driver.write = write  # type: ignore[method-assign]
    return written


async def test_find_in_the_article_with_n_and_N(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None
        word = "hospitals"
        expected = sum(p.casefold().count(word) for p in view.article.paragraphs)
        assert expected == 3
        await pilot.press("slash", *word)
        assert f"{expected} found" in screen_text(app)
        assert view.match_position == (1, expected)
        await pilot.press("enter")
        assert app.focused is view
        # n goes to the next match (not the next story) while there are matches; N goes back.
        for key, position in [("n", 2), ("n", 3), ("n", 1), ("N", 3), ("N", 2)]:
            await pilot.press(key)
            assert view.match_position == (position, expected), key
        assert isinstance(app.screen, ArticleScreen) and view.article.title == top_list(app).headlines[0].title
        # The last match is far down: going there scrolls the pane.
        while view.match_position[0] != expected:
            await pilot.press("n")
        await settle(pilot)
        assert view.scroll_y > 0
        assert f"Match {expected} of {expected}" in screen_text(app)
        # It is in view, drawn as the current match; the others in view are marked too (the
        # "Match 3 of 3" toast may cover the end of a word).
        shown = highlighted(app)
        [current] = [text.casefold() for text, current in shown if current]
        assert len(current) >= 4 and word.startswith(current)
        assert len(shown) >= 2 and all(word.startswith(text.casefold()) for text, _current in shown)
        # Escape closes the find bar first (and clears the matches); the next escape goes back.
        await pilot.press("slash")
        await pilot.press("escape")
        assert not app.screen.query_one(FindBar).has_class("-open")
        assert view.match_position == (0, 0)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_o_opens_the_browser_locally_and_over_ssh_shows_the_link(make_app: MakeApp,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    opened: list[str] = []
    monkeypatch.setattr(App, "open_url", lambda self, url, **kw: opened.append(url))
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        top = top_list(app)
        await pilot.press("j", "o")  # on the list
        await settle(pilot)
        assert opened == [top.headlines[1].url]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("J", "o")  # in the article
        await settle(pilot)
        assert opened == [top.headlines[1].url, top.headlines[2].url]

        # Over SSH a browser would open on the remote machine (a forwarded DISPLAY does not change
        # that): the link is shown, and copied.
        monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")
        written = capture_driver(app)
        await pilot.press("o")
        await settle(pilot)
        assert len(opened) == 2
        url = top.headlines[2].url
        assert "No browser here: the link (copied)" in screen_text(app)
        # The toast wraps the link over lines beside other text; its message is the whole link.
        assert any(n.message == url for n in app._notifications)
        assert osc52(url) in written
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("o")  # and on the list
        await settle(pilot)
        assert len(opened) == 2
        assert sum(n.message == url for n in app._notifications) == 2


async def test_y_copies_the_link_with_osc52_wrapped_for_tmux(make_app: MakeApp,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        url = app.screen.url  # type: ignore[attr-defined]
        payload = base64.b64encode(url.encode()).decode()
        written = capture_driver(app)
        await pilot.press("y")
        await settle(pilot)
        assert [w for w in written if payload in w] == [f"\x1b]52;c;{payload}\x07"]
        assert "Copied:" in screen_text(app)
        # Inside tmux: wrapped in tmux's pass-through, with the inner ESCs doubled.
        monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,123,0")
        written.clear()
        await pilot.press("escape", "y")  # from the list this time
        await settle(pilot)
        assert [w for w in written if payload in w] == [f"\x1bPtmux;\x1b\x1b]52;c;{payload}\x07\x1b\\"]


def test_osc52_wrapping() -> None:
    plain = osc52("https://example.com/a", {})
    assert plain == "\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLmNvbS9h\x07"
    assert osc52("https://example.com/a", {"TMUX": "x"}) == "\x1bPtmux;\x1b" + plain + "\x1b\\"
    assert osc52("https://example.com/a", {"TERM": "screen-256color"}) == "\x1bP" + plain + "\x1b\\"
    assert osc52("x" * 100_000, {}) is None


async def test_e_exports_the_article_and_E_the_top10_digest(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        digest = tmp_path / "data" / "exports" / "top10-2026-11-27-1800.md"
        assert digest.exists()
        text = digest.read_text(encoding="utf-8")
        titles = [h.title for h in top_list(app).headlines]
        assert text.startswith("# The Korea Times: Top 10 Stories")
        assert all(title in text for title in titles)
        assert "Saved 10 articles" in screen_text(app)

        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        exported = tmp_path / "data" / "exports" / "assembly-passes-bill-to-keep-rural-clinics-open-overnight.md"
        assert app.last_export == exported
        body = exported.read_text(encoding="utf-8")
        assert body.startswith(f"# {titles[0]}")
        assert "The National Assembly passed a bill" in body


async def test_u_marks_the_article_unread(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        url = top_list(app).headlines[0].url
        await pilot.press("enter")
        await settle(pilot)
        assert url in app.read_state
        await pilot.press("u")
        await pilot.press("escape")
        await settle(pilot)
        assert url not in app.read_state and url not in top_list(app).read
    assert url not in app.userdata.read_state()


async def test_a_blocked_article_shows_the_feeds_title_summary_and_link(make_app: MakeApp,
                                                                        server: SiteServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        story = top_list(app).headlines[1]
        server.set_fault(story.url.removeprefix(server.url), faults.waf())
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        text = screen_text(app)
        assert "Blocked by the site" in text.splitlines()[0]
        flat = " ".join(text.split())
        assert story.title in flat
        assert story.summary and story.summary in flat
        assert "Press o to open it in a browser or y to copy the link" in flat
        assert squashed(story.url) in squashed(text)
        # The reader keeps working: back to the list, and another story opens.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and top_list(app).highlighted == 1


async def test_selecting_text_with_the_mouse_copies_the_prose(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        text = view.text
        lines = text.rendered_lines()
        paragraph = view.texts("para")[0]
        y = lines.index(next(line for line in lines if line and paragraph.startswith(line)))
        left = text.column(text.size.width)[0]
        # Drag from the fifth character of the paragraph's first line to the 21st of its second
        # (the character under the pointer is taken).
        await pilot.mouse_down(ArticleText, offset=(left + 4, y))
        await pilot.hover(ArticleText, offset=(left + 20, y + 1))
        await pilot.mouse_up(ArticleText, offset=(left + 20, y + 1))
        await settle(pilot)
        expected = lines[y][4:] + " " + lines[y + 1][:21]
        assert app.screen.get_selected_text() == expected
        assert expected in paragraph, "the wrapped lines are joined as the paragraph has them"
