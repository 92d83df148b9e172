"""Offline starts and failures: what shows, that the reader keeps working, and that r recovers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ktui.app import KtuiApp
from ktui.core.config import Settings
from ktui.screens.article import ArticleScreen
from ktui.screens.help import HelpScreen
from ktui.screens.home import HomeScreen
from ktui.siteserver import faults
from ktui.siteserver.server import SiteServer
from ktui.widgets.article_view import ArticleView
from ktui.widgets.headline_list import HeadlineList
from ktui.widgets.list_panel import ListPanel
from tests.ui.conftest import screen_text, settle, squashed, top_list

MakeApp = Callable[..., KtuiApp]


def badges(app: KtuiApp) -> dict[str, str]:
    """Each home list's freshness badge."""
    return {panel.key: panel.badge for panel in app.screen.query(ListPanel)}


def statuses(app: KtuiApp) -> dict[str, str]:
    """Each home list's status line, where one is shown."""
    return {panel.key: str(panel.query_one(".panel-status").render()) for panel in app.screen.query(ListPanel)
            if panel.has_class("-status")}


async def test_offline_start_after_a_warm_run(make_app: MakeApp, warm_cache: KtuiApp, server: SiteServer,
                                              offline_settings: Settings) -> None:
    server.reset_counts()
    app = make_app(settings=offline_settings)
    said: list[str] = []
    notify = app.notify

    def recording_notify(message: str, *args: Any, **kwargs: Any) -> None:
        said.append(str(message))
        notify(message, *args, **kwargs)

    app.notify = recording_notify  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "OFFLINE" in text.splitlines()[0]
        assert set(badges(app).values()) == {"offline · just now"}
        assert len(top_list(app).headlines) == 10
        assert len(app.screen.query_one("#latest HeadlineList", HeadlineList).headlines) > 20
        # Every notice the app gave (its toast may have timed out already on a loaded machine).
        assert any("offline: showing the copy from just now" in message for message in said)
        # A prefetched story opens offline too.
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.title == top_list(app).headlines[2].title
        assert "offline" in screen_text(app).lower()
        await pilot.press("r")
        await settle(pilot)
    assert server.total == 0


async def test_offline_without_a_cached_copy_says_so(make_app: MakeApp, server: SiteServer,
                                                     offline_settings: Settings) -> None:
    app = make_app(settings=offline_settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert all("offline, and" in status and "(r to retry)" in status for status in statuses(app).values())
        assert len(statuses(app)) == 3
    assert server.total == 0


async def test_cold_cache_with_a_failing_server_then_retry(make_app: MakeApp, server: SiteServer) -> None:
    server.set_fault("*", faults.status(500))
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        shown = statuses(app)
        assert set(shown) == {"top", "trending", "latest"}
        assert all("answered 500" in s and "(r to retry)" in s for s in shown.values())
        text = screen_text(app)
        assert "Front page" in text  # the notice
        assert str(server.port) not in text
        # The reader keeps working: help opens and closes, the lists take the focus.
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen) and app.focused is top_list(app)
        # The site is back: r fills the lists and the error lines go.
        server.clear_faults()
        await pilot.press("r")
        await settle(pilot)
        assert len(top_list(app).headlines) == 10
        assert statuses(app) == {}
        assert set(badges(app).values()) == {"live"}


async def test_stopped_server_then_retry(make_app: MakeApp, server: SiteServer) -> None:
    server.stop()
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        shown = statuses(app)
        assert len(shown) == 3 and all("refused the connection (r to retry)" in s for s in shown.values())
        server.start()  # the same port again
        await pilot.press("r")
        await settle(pilot)
        assert len(top_list(app).headlines) == 10 and statuses(app) == {}


async def test_a_failed_refresh_keeps_the_lists(make_app: MakeApp, server: SiteServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        before = top_list(app).headlines
        await pilot.press("j", "j")
        server.set_fault("*", faults.status(503))
        await pilot.press("r")
        await settle(pilot)
        assert top_list(app).headlines == before and top_list(app).highlighted == 2
        # The notice says why, and that the copy on screen is the cached one.
        assert any("answered 503" in n.message and "showing the copy from just now" in n.message
                   for n in app._notifications)
        assert "showingthecopyfromjustnow" in squashed(screen_text(app))
        assert set(badges(app).values()) == {"cached just now"}
        # An article that cannot be had says what to do, and the reader goes on.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        text = " ".join(screen_text(app).split())
        assert "Could not open this article" in text and "Press r to retry" in text
        server.clear_faults()
        await pilot.press("r")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.title == before[2].title
