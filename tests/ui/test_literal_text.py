"""Text from pages is shown literally: never read as markup, with control and escape sequences removed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.widgets import Static

from ktui.app import KtuiApp
from ktui.siteserver.pages import Page
from ktui.siteserver.server import SiteServer
from ktui.widgets.article_view import ArticleView
from ktui.widgets.preview import Preview
from tests.ui.conftest import screen_text, settle, top_list

MakeApp = Callable[..., KtuiApp]

ARTICLE = "/southkorea/politics/20261127/assembly-passes-rural-clinic-bill"
MARKUP_TITLE = "[bold red]Assembly[/] passes [link=https://evil.example]bill[/link]"
"""A headline that Textual or Rich markup would turn into styles and a link."""
OSC52_PAYLOAD = "ZXZpbCBjb21tYW5k"
"""An OSC 52 clipboard write hidden in the body: it must never reach the terminal."""


def doctored(page: Page, *, escapes: bool) -> Page:
    """The page with the headline replaced by markup (and, in HTML, escape sequences in the body)."""
    body = page.body.replace(b"Assembly passes bill", MARKUP_TITLE.encode())
    if escapes:
        body = body.replace(b"The National Assembly passed a bill",
                            b"The \x1b[31mNational\x1b[0m Assembly \x1b]52;c;" + OSC52_PAYLOAD.encode()
                            + b"\x07passed a [/] bill")
    return replace(page, body=body)


async def test_headlines_and_bodies_are_literal(make_app: MakeApp, server: SiteServer,
                                                edition: dict[str, Page]) -> None:
    for path in ("/", ARTICLE):
        server.set_page(path, doctored(edition[path], escapes=True))
    server.set_page("/feed/k/allnews.xml", doctored(edition["/feed/k/allnews.xml"], escapes=False))
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        top = top_list(app)
        assert top.headlines[0].title.startswith("[bold red]Assembly[/] passes")
        text = screen_text(app)
        assert "[bold red]Assembly[/] passes [link=https://evil.example]bill" in text
        assert MARKUP_TITLE in str(app.screen.query_one(Preview).render())
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        text = screen_text(app)
        assert MARKUP_TITLE in text
        assert "The National Assembly passed a [/] bill" in text
        shown = [block.text for block in view.text.blocks] + [str(s.render()) for s in view.query(Static)]
        assert not any("\x1b" in s or "\x07" in s for s in shown)
        assert OSC52_PAYLOAD not in text
        # The header's title, a notification and the reading list show it literally too.
        assert MARKUP_TITLE in text.splitlines()[0] or "[bold red]Assembly[/]" in text.splitlines()[0]
        await pilot.press("y")
        await pilot.press("s", "L")
        await settle(pilot)
        assert MARKUP_TITLE in screen_text(app)
