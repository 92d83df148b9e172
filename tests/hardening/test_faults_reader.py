"""The fault matrix for the reader: under every fault a notice appears, the keys keep working, and
the cached article stays on screen and in the cache.

One reader (Pilot, the real stack) runs for the whole module, so that the matrix stays fast: it
sits in the article screen with a story list made of two articles per fault case, one cached (three
hours before the app started: still fresh) and one never fetched. For each case the fault is armed on
both; `J` moves to the uncached one (the reader must say it could not be had, and why), `J` again
moves on to the cached one (shown from the cache: the keys still respond after the failure), and `r`
refreshes it (the refresh fails with a notice; the copy stays on screen and in the cache). The
last tests go back to the lists and refresh them under faults.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Label, Static

from ktui.app import KtuiApp
from ktui.core.config import Settings
from ktui.core.models import Article, Headline
from ktui.core.parse.article import parse_article
from ktui.core.service import NewsService
from ktui.core.urls import Site
from ktui.screens.article import ArticleScreen
from ktui.screens.home import HomeScreen
from ktui.siteserver import faults
from ktui.siteserver.edition import build_edition, make_handler
from ktui.siteserver.pages import Page
from ktui.siteserver.server import SiteServer
from ktui.widgets.article_view import ArticleView
from ktui.widgets.headline_list import HeadlineList
from tests.conftest import NOW, Clock
from tests.hardening.conftest import CASES, HARD, SANDBOXED, UNRESOLVABLE, Case, give_up_bound, seed
from tests.ui.conftest import fixed_now

pytestmark = [pytest.mark.asyncio(loop_scope="module"),
              pytest.mark.filterwarnings("ignore:A test tried to use socket.socket.connect:UserWarning")]

AGE = 3 * 3600
"""How old the cached copies are when the reader starts: fresh, so `J` shows them without a fetch."""


def plain(widget: Static) -> str:
    """The text a Static or Label shows."""
    content: Any = widget.content
    if isinstance(content, Text):
        return content.plain
    return str(getattr(content, "plain", content))


def view_text(app: KtuiApp) -> str:
    """Everything the article view shows, as one string."""
    view = app.screen.query_one(ArticleView)
    blocks = [block.text for block in view.text.blocks]
    return "\n".join([*blocks, *(plain(w) for w in view.query("Static, Label") if isinstance(w, Static | Label))])


def notices(app: KtuiApp) -> list[str]:
    """The messages of the notifications raised so far."""
    return [n.message for n in list(app._notifications)]


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for the workers (a load and the refresh it awaits), then for the repaint."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@dataclass
class Reader:
    """The module's running reader and what it was given."""

    app: KtuiApp
    pilot: Pilot[Any]
    server: SiteServer
    other: SiteServer
    clock: Clock
    pairs: dict[str, tuple[str, str]]
    """Case id to (uncached URL, cached URL)."""
    stories: tuple[Headline, ...]


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def reader(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Reader]:
    edition = build_edition(NOW)
    articles = sorted(path for path, page in edition.items() if page.extra.get("kind") == "article")
    server = SiteServer(edition, handler=make_handler(NOW)).start()
    other = SiteServer({"/stolen": Page.html("<h1>elsewhere</h1>")}).start()
    server._hardening_other = other  # type: ignore[attr-defined]
    home = tmp_path_factory.mktemp("reader")
    clock = Clock()
    settings = Settings(base_url=server.url, cache_dir=home / "cache", data_dir=home / "data",
                        config_path=home / "config.toml", fetch=HARD, prefetch_depth=0, prefetch_interval=0.0)
    pairs: dict[str, tuple[str, str]] = {}
    service = NewsService(settings, clock=clock)
    try:
        await service.front(swr=False)
        await service.latest(swr=False)
        for index, case in enumerate(CASES):
            fresh_path, cached_path = articles[2 * index], articles[2 * index + 1]
            base = {"unresolvable": UNRESOLVABLE, "sandbox-refuses-socket": SANDBOXED}.get(case.id, server.url)
            fresh, cached = base + fresh_path, base + cached_path
            if base == server.url:
                await service.article(cached, swr=False)
            else:
                # Another origin: cached as an external page read there earlier.
                body = edition[cached_path].body
                seed(settings.cache_dir, cached, "external", body, parse_article(body, cached, Site(server.url)),
                     clock())
            pairs[case.id] = (fresh, cached)
    finally:
        await service.aclose()
    clock.advance(AGE)
    stories = (Headline("start", server.url + articles[-1]),
               *(Headline(case.id, url) for case in CASES for url in pairs[case.id]))
    app = KtuiApp(settings, clock=fixed_now, loader_clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.open_article(stories[0].url, stories, 0)
            await settle(pilot)
            yield Reader(app, pilot, server, other, clock, pairs, stories)
    finally:
        server.stop()
        other.stop()


async def _to_articles(reader: Reader) -> ArticleScreen:
    """Be in the article screen with the matrix's story list (the tests may run in any order, or split)."""
    if not isinstance(reader.app.screen, ArticleScreen):
        reader.app.open_article(reader.stories[0].url, reader.stories, 0)
        await settle(reader.pilot)
    screen = reader.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


async def _to_home(reader: Reader) -> HomeScreen:
    """Be back in the lists."""
    while isinstance(reader.app.screen, ArticleScreen):
        await reader.pilot.press("escape")
        await settle(reader.pilot)
    home = reader.app.screen
    assert isinstance(home, HomeScreen)
    return home


def _arm(case: Case, reader: Reader) -> None:
    for url in reader.pairs[case.id]:
        path = url.split(reader.server.url, 1)[-1]
        if case.make is not None:
            reader.server.set_fault(path, case.make(reader.server, path))
    if case.id == "refused":
        reader.server.stop()


def _disarm(case: Case, reader: Reader) -> None:
    reader.server.clear_faults()
    if case.id == "refused":
        reader.server.start()  # the same port again
    # A challenge is remembered for ten minutes; the next case starts without it.
    reader.app.service.loader.forget_block()


@pytest.mark.parametrize("case", CASES, ids=str)
async def test_reader_under_fault_says_why_and_keeps_the_cached_copy(case: Case, reader: Reader) -> None:
    app, pilot = reader.app, reader.pilot
    fresh, cached = reader.pairs[case.id]
    cache = app.service.cache
    before = cache.get(cached)
    assert before is not None and before.parsed is not None
    good = Article.from_dict(before.parsed)
    screen = await _to_articles(reader)
    screen.index = [s.url for s in reader.stories].index(fresh) - 1
    _arm(case, reader)
    try:
        # J: the uncached article, which cannot be had; the reader says so, and why.
        started = time.monotonic()
        await pilot.press("J")
        await settle(pilot)
        assert time.monotonic() - started <= give_up_bound(HARD, case.fetches)
        assert screen.url == fresh
        shown = view_text(app)
        assert "Could not open this article" in shown or "Press o to open it in a browser" in shown, shown
        assert case.words in shown.lower()
        # J again: the keys still work, and the cached article shows at once.
        await pilot.press("J")
        await settle(pilot)
        assert screen.url == cached
        assert screen.article == good
        # r: the refresh fails; the copy stays on screen, with a notice saying why and how old it is.
        started = time.monotonic()
        await pilot.press("r")
        await settle(pilot)
        assert time.monotonic() - started <= give_up_bound(HARD, case.fetches)
        view = screen.query_one(ArticleView)
        assert view.texts("para") == list(good.paragraphs)
        assert good.title in view_text(app)
        notice = " ".join(view.texts("notice"))
        assert "showing the copy from 3 h ago" in notice
        assert case.words in notice.lower()
    finally:
        _disarm(case, reader)
    after = cache.get(cached)
    assert after is not None
    assert (after.body, after.parsed, after.fetched_at, after.checked_at) == \
        (before.body, before.parsed, before.fetched_at, before.checked_at), "the cached copy was replaced"
    assert cache.get(fresh) is None
    if case.id == "redirect-other-host":
        assert reader.other.total == 0


async def test_back_to_the_lists_the_keys_still_work(reader: Reader) -> None:
    await _to_articles(reader)
    home = await _to_home(reader)  # escape, from the article screen
    top = home.query_one("#top HeadlineList", HeadlineList)
    top.focus()
    top.highlighted = 0
    await reader.pilot.press("j")
    assert top.highlighted == 1


@pytest.mark.parametrize("fault", [faults.status(500), faults.slow_drip(0.1), faults.waf(), faults.reset()],
                         ids=["500", "slow-drip", "waf", "reset"])
async def test_refreshing_the_lists_under_a_fault_notifies_and_keeps_them(
    fault: faults.Fault, reader: Reader
) -> None:
    app, pilot = reader.app, reader.pilot
    home = await _to_home(reader)
    top = home.query_one("#top HeadlineList", HeadlineList)
    latest = home.query_one("#latest HeadlineList", HeadlineList)
    shown = ([h.url for h in top.headlines], [h.url for h in latest.headlines])
    assert len(shown[0]) == 10 and shown[1]
    raised = len(notices(app))
    reader.server.set_fault("*", fault)
    try:
        started = time.monotonic()
        await pilot.press("r")
        await settle(pilot)
        # the front page and the feed are refreshed side by side; the fallback joins the feed's fetch
        assert time.monotonic() - started <= give_up_bound(HARD, 2)
    finally:
        reader.server.clear_faults()
        app.service.loader.forget_block()
    assert ([h.url for h in top.headlines], [h.url for h in latest.headlines]) == shown
    assert len(notices(app)) > raised, "a notice says the refresh failed"
    top.focus()
    await pilot.press("j")
    await pilot.press("k")
    assert top.highlighted is not None


async def test_the_cache_directory_survived(reader: Reader) -> None:
    cache = reader.app.service.cache
    assert not cache.warnings
    for case in CASES:
        assert cache.get(reader.pairs[case.id][1]) is not None
    assert Path(cache.directory).is_dir()
