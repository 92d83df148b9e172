"""Hostile content: markup, terminal escapes, bidi overrides, controls and endless words in headlines
and bodies are shown literally or stripped, everywhere ktui shows text; non-web links are shown and
never acted on.

The pages are the demo edition's own (the current layout, its feeds and lists) with one story's
headline, lead, byline, body and related links replaced by hostile text, so every parser meets it
where a real page would put it.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import Static

from ktui.app import KtuiApp
from ktui.core.config import Settings
from ktui.core.models import Article, FrontPage, Headline, Image, Link
from ktui.screens.article import ArticleScreen
from ktui.screens.home import HomeScreen
from ktui.siteserver import faults
from ktui.siteserver.pages import Page
from ktui.siteserver.server import SiteServer
from ktui.widgets.article_view import ArticleView
from ktui.widgets.headline_list import HeadlineList
from tests.conftest import Clock
from tests.hardening.conftest import ARTICLE, ARTICLE_TITLE, FEED, assert_one_line, run_cli, seed, unsafe_chars
from tests.ui.conftest import settle

MARKUP = "[bold red]Alarm[/] [link=file:///etc/passwd]x[/link]"
CSI = "\x1b[31mred\x1b[0m\x1b[2J"
OSC52 = "\x1b]52;c;SGFja2Vk\x07"
OSC8 = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
BIDI = "abc\u202eevil\u202c"
CONTROLS = "back\x08\x08space\x07bell\x85next\x9b31mcsi\x9d0;x\x9c\x7fdel"
LONG_WORD = "W" * 3000

HEADLINE = f"{MARKUP} {CSI} {OSC52} {OSC8} {BIDI} {CONTROLS}"
"""The hostile headline: every trick at once."""
LEAD = f"Lead {MARKUP} {OSC52}{BIDI}"
BODY = f"Body {MARKUP} {CSI} {OSC8} {CONTROLS} {LONG_WORD} tail"
BYLINE = "[bold]Evil[/bold] \x1b[5mBlink"
LEAD_ORIGINAL = "Foreign investors buy a net 1.2 trillion won of shares on hopes for memory prices"
FIRST_PARAGRAPH = ("The benchmark KOSPI closed at a record high, led by a rally in chipmakers as foreign investors "
                   "bet on a recovery in memory chip prices.")
ESCAPED_PATH = "/economy/policy/20261127/esc\x1b]52;c;SGFja2Vk\x07ape"
"""A related story whose link carries an OSC 52 clipboard write in its path."""
NON_WEB = ('<li><a href="javascript:alert(1)">JS link</a></li><li><a href="data:text/html,x">Data link</a></li>'
           '<li><a href="file:///etc/passwd">File link</a></li>')

#: What must survive: markup shown literally.
LITERALS = ("[bold red]Alarm[/]", "[link=file:///etc/passwd]x[/link]")
#: What must not: the payloads of the escape sequences.
PAYLOADS = ("SGFja2Vk", "evil.example", "[2J", "[31m", "[5m")


def hostile_pages(edition: dict[str, Page]) -> dict[str, Page]:
    """The edition with the story's headline, lead and body made hostile on every page that shows them."""
    pages: dict[str, Page] = {}
    for path, page in edition.items():
        if ARTICLE_TITLE.encode() not in page.body and path != ARTICLE:
            continue
        text = page.body.decode("utf-8")
        text = text.replace(ARTICLE_TITLE, html.escape(HEADLINE)).replace(LEAD_ORIGINAL, html.escape(LEAD))
        if path == ARTICLE:
            text = text.replace(FIRST_PARAGRAPH, html.escape(BODY))
            text = text.replace("By Lee Seul-bi", "By " + html.escape(BYLINE))
            text = text.replace("Won slides to seven-month low against dollar", html.escape(HEADLINE))
            text = text.replace('<div class="module-articles"><strong>Related Articles</strong><ul>',
                                '<div class="module-articles"><strong>Related Articles</strong><ul>' + NON_WEB
                                + f'<li><a href="{html.escape(ESCAPED_PATH)}">Escaped path story</a></li>')
        pages[path] = replace(page, body=text.encode("utf-8"))
    return pages


@pytest.fixture
def hostile(server: SiteServer, edition: dict[str, Page]) -> SiteServer:
    """The loopback server with the hostile story."""
    server.set_pages(hostile_pages(edition))
    return server


def assert_safe(text: str) -> None:
    """No terminal controls, markup kept literally, escape payloads gone (but for the inert, encoded link)."""
    assert unsafe_chars(text) == []
    text = text.replace("%1B]52;c;SGFja2Vk%07", "")
    for literal in LITERALS:
        assert literal in text
    for payload in PAYLOADS:
        assert payload not in text


# --- the command line ----------------------------------------------------------------------------


def test_read_as_text_shows_markup_literally_and_no_controls(
    hostile: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "--base-url", hostile.url, "read", hostile.url + ARTICLE)
    assert run.code == 0, run.err
    assert_safe(run.out)
    assert LONG_WORD in run.out
    assert "[bold]Evil[/bold]" in run.out
    assert "%1B]52;c;" in run.out  # the related link's escape sequence, percent-encoded and inert
    assert "javascript:" not in run.out and "file:///etc/passwd\n" not in run.out


def test_read_as_markdown_escapes_brackets_so_nothing_becomes_a_link(
    hostile: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "--base-url", hostile.url, "read", "--format", "markdown", hostile.url + ARTICLE)
    assert run.code == 0, run.err
    assert unsafe_chars(run.out) == []
    assert r"\[bold red\]Alarm\[/\]" in run.out
    assert r"\[link=file:///etc/passwd\]x\[/link\]" in run.out
    for payload in PAYLOADS:
        assert payload not in run.out.replace("%1B]52;c;SGFja2Vk%07", "")
    # Every link form left is ktui's own, to an http(s) URL.
    targets = re.findall(r"(?<!\\)\]\(([^)]*)\)", run.out)
    assert targets and all(t.startswith(("http://", "https://")) for t in targets), targets
    assert all(a.startswith(("http://", "https://")) for a in re.findall(r"(?<!\\)<([^>\s]+)>", run.out))


def test_read_as_json_carries_everything_escaped(hostile: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "--base-url", hostile.url, "read", "--format", "json", hostile.url + ARTICLE)
    assert run.code == 0, run.err
    assert unsafe_chars(run.out) == []
    data = json.loads(run.out)
    assert "[bold red]Alarm[/]" in data["title"]
    assert any(LONG_WORD in p for p in data["paragraphs"])
    # The related link's escape sequence is percent-encoded into its URL (Site.normalize): inert.
    assert any("%1B]52;c;SGFja2Vk%07" in link["url"] for link in data["related"])


@pytest.mark.parametrize("argv", [["top"], ["latest"], ["section", "economy"], ["trending"]],
                         ids=["top", "latest", "section", "trending"])
def test_lists_show_hostile_headlines_literally(
    argv: list[str], hostile: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "--base-url", hostile.url, *argv)
    assert run.code == 0, run.err
    assert_safe(run.out)
    as_json = run_cli(capsys, "--base-url", hostile.url, *argv, "--json")
    assert unsafe_chars(as_json.out) == []
    titles = [item["title"] for item in json.loads(as_json.out)]
    assert any("[bold red]Alarm[/]" in t for t in titles)


def test_stderr_notices_carry_no_controls(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    # A redirect off the site is reported with its Location, which the server controls.
    server.set_fault(ARTICLE, faults.redirect("http://127.0.0.1:1/[bold red]x[/]\x85"))
    run = run_cli(capsys, "--base-url", server.url, "read", server.url + ARTICLE)
    line = assert_one_line(run.err)
    assert unsafe_chars(run.err) == []
    assert "redirected off the site" in line


def _seed_non_web(settings: Settings, fetched_at: float | None = None) -> str:
    """Cache an article whose related links and picture are not web links (as an older ktui might have)."""
    url = settings.base_url + ARTICLE
    article = Article(
        url=url, title="Links that must not act", paragraphs=("One paragraph of text.",), extracted_by="current",
        related=(Link("JS link", "javascript:alert(1)"), Link("Data link", "data:text/html,<b>x</b>"),
                 Link("File link", "file:///etc/passwd")),
        images=(Image("data:image/svg+xml,<svg onload=alert(1)>", "A picture", 0),),
    )
    seed(settings.cache_dir, url, "article", b"<html></html>", article, fetched_at or time.time())
    return url


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_non_web_links_are_shown_never_linked(
    fmt: str, server: SiteServer, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _seed_non_web(settings)
    run = run_cli(capsys, "--base-url", server.url, "read", "--format", fmt, url)
    assert run.code == 0, run.err
    assert server.total == 0, "nothing is fetched"
    assert unsafe_chars(run.out) == []
    for name in ("JS link", "Data link", "File link"):
        assert name in run.out
    if fmt == "markdown":
        assert not re.search(r"(?<!\\)\]\((?!https?://)", run.out), run.out
        assert "](javascript:" not in run.out and "](data:" not in run.out and "](file:" not in run.out


# --- the reader ----------------------------------------------------------------------------------


def _plain(widget: Static) -> str:
    content: Any = widget.content
    return content.plain if isinstance(content, Text) else str(getattr(content, "plain", content))


def _texts(view: ArticleView) -> list[str]:
    """Every text the reading pane holds: the article's blocks and the lines around them."""
    return [block.text for block in view.text.blocks] + [_plain(w) for w in view.query("Static") if isinstance(w, Static)]


def _screen_text(app: KtuiApp) -> str:
    """The screen as the terminal would draw it (from the SVG screenshot), with its raw characters."""
    svg = app.export_screenshot()
    assert unsafe_chars(svg) == [], "a control character reached the screen"
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def _toasts(app: KtuiApp) -> list[str]:
    return [t.render().plain for t in app.screen.query("Toast")]  # type: ignore[attr-defined]


@pytest.fixture
def reader_settings(settings: Settings) -> Settings:
    return replace(settings, prefetch_depth=0)


async def test_reader_shows_hostile_article_literally(
    hostile: SiteServer, reader_settings: Settings, make_app: Callable[..., KtuiApp]
) -> None:
    app = make_app(settings=reader_settings)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        top = app.screen.query_one("#top HeadlineList", HeadlineList)
        hostile_rows = [h for h in top.headlines if "Alarm" in h.title]
        assert hostile_rows, "the hostile headline is listed"
        assert unsafe_chars(hostile_rows[0].title) == []
        screen = _screen_text(app)
        assert "[bold red]Alarm[/]" in screen
        app.open_article(hostile.url + ARTICLE)
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        view = app.screen.query_one(ArticleView)
        [title] = view.texts("title")
        assert all(literal in title for literal in LITERALS)
        # No style was read from the headline: every character of it is drawn in the title's one style.
        lines = view.text.rendered_lines()
        first = lines.index(next(line for line in lines if line and title.startswith(line)))
        styles = {segment.style.clear_meta_and_links() for y in range(first, first + 3)
                  for segment in view.text.render_line(y)
                  if segment.text.strip()}
        assert len(styles) == 1, styles
        texts = [*_texts(view), *lines]
        for text in texts:
            assert unsafe_chars(text) == []
            for payload in PAYLOADS:
                assert payload not in text
        # The endless word wraps inside the column instead of widening the screen.
        assert view.text.size.width <= app.size.width
        folded = [line for line in view.text.rendered_lines() if line and set(line) == {"W"}]
        assert len(folded) >= len(LONG_WORD) // app.size.width
        assert all(len(line) <= view.text.size.width for line in folded)
        assert view.max_scroll_x == 0
        _screen_text(app)
        # Keys still work on it.
        await pilot.press("G")
        await pilot.press("g")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


def _non_web_front(settings: Settings, fetched_at: float) -> list[str]:
    """Cache a front page whose first stories link to javascript:, data: and file: URLs."""
    bad = ["javascript:alert('[bold red]x[/]')", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd"]
    top = tuple(Headline(f"Story {i} [b]bold[/b]", url, rank=i + 1) for i, url in enumerate(bad))
    front = FrontPage(top=top, trending=(), headlines=top, sources={"top": "test"})
    seed(settings.cache_dir, settings.base_url + "/", "front", b"<html></html>", front, fetched_at)
    return bad


async def test_non_web_links_in_lists_are_shown_but_never_opened(
    server: SiteServer, reader_settings: Settings, make_app: Callable[..., KtuiApp],
    monkeypatch: pytest.MonkeyPatch, clock: Clock,
) -> None:
    bad = _non_web_front(reader_settings, clock())
    monkeypatch.setenv("DISPLAY", ":0")  # a browser would be available: `o` would really open one
    app = make_app(settings=reader_settings)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        home = app.screen
        top = home.query_one("#top HeadlineList", HeadlineList)
        assert [h.url for h in top.headlines] == bad, "they are shown"
        top.focus()
        before = server.total
        for index in range(len(bad)):
            top.highlighted = index
            await pilot.press("o")
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is home, "no article screen for a non-web link"
        assert opened == []
        assert server.total == before
        assert len(_toasts(app)) >= 2 * len(bad)


async def test_non_web_related_links_are_never_followed(
    server: SiteServer, reader_settings: Settings, make_app: Callable[..., KtuiApp], clock: Clock
) -> None:
    url = _seed_non_web(reader_settings, clock())
    app = make_app(settings=reader_settings)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        app.open_article(url)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        related = screen.query_one(ArticleView).query_one("OptionList")
        before = server.total
        for index in range(3):
            related.focus()
            related.highlighted = index  # type: ignore[attr-defined]
            await pilot.press("enter")
            await settle(pilot)
            assert "only http and https links are followed" in " ".join(_texts(screen.query_one(ArticleView)))
            assert server.total == before, "a non-web link was fetched"
            screen.load(url)  # back to the article, for the next link
            await settle(pilot)
            related = screen.query_one(ArticleView).query_one("OptionList")


# --- notifications (Textual reads a toast's text as markup unless told not to) ----------------------


async def test_notification_of_a_non_web_link_shows_it_literally(
    server: SiteServer, reader_settings: Settings, make_app: Callable[..., KtuiApp], clock: Clock
) -> None:
    _non_web_front(reader_settings, clock())
    app = make_app(settings=reader_settings)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        toasts = " ".join(_toasts(app))
        assert "Not a web link" in toasts
        assert "[bold red]x[/]" in toasts


async def test_notification_of_a_failed_refresh_shows_the_server_text_literally(
    server: SiteServer, reader_settings: Settings, make_app: Callable[..., KtuiApp], clock: Clock
) -> None:
    app = make_app(settings=reader_settings)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        server.set_fault("/", faults.redirect("http://127.0.0.1:1/[bold red]x[/]"))
        server.set_fault(FEED, faults.status(500))
        await pilot.press("r")
        await settle(pilot)
        toasts = " ".join(_toasts(app))
        assert "redirected off the site" in toasts
        assert "[bold red]x[/]" in toasts


async def test_notification_of_a_copied_link_shows_it_literally(
    server: SiteServer, reader_settings: Settings, make_app: Callable[..., KtuiApp]
) -> None:
    url = server.url + "/economy/markets/20261127/story-[link=file:///etc/passwd]x[/link]"
    app = make_app(settings=reader_settings)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        app.copy_link(url)
        await pilot.pause()
        assert "[link=file:///etc/passwd]x[/link]" in " ".join(_toasts(app))


C1_PATH = "/economy/policy/20261127/c1\x9b31m\u202etail"
"""A story whose link carries an 8-bit CSI and a bidi override in its path (httpx encodes them, so it loads)."""


async def test_reader_shows_a_link_with_controls_inertly(
    server: SiteServer, edition: dict[str, Page], reader_settings: Settings, make_app: Callable[..., KtuiApp]
) -> None:
    server.set_page(C1_PATH, edition[ARTICLE])
    app = make_app(settings=reader_settings)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_article(server.url + C1_PATH)
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article is not None, "the story loads"
        _screen_text(app)


def test_resolve_refuses_links_of_other_schemes(settings: Settings) -> None:
    from ktui.core.errors import UsageError
    from ktui.core.service import NewsService

    service = NewsService(settings)
    try:
        with pytest.raises(UsageError):
            service.resolve("mailto:someone@example.com")
    finally:
        service.cache.close()
