"""Builds the bundled demo edition of koreatimes.co.kr, the pages `ktui --demo` serves over loopback.

The edition follows the site's current layout, so the whole stack (HTTP, parsers, cache, UI) runs as
it would against the live site: the front page, a list for every section and subsection (12 stories a
page), every article, the RSS feeds (served at /feed/k/<name>.xml for feed.koreatimes.co.kr/k/<name>.xml),
the pictures and the footer's small pages. Search is dynamic: `make_handler` answers "/search".
The HTML itself is rendered by `ktui.siteserver.edition_html`; the copy comes from `stories`.

Every time shown is derived from `now`, so the demo always looks fresh, and the same `now` and deploy
give byte-identical pages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Protocol
from urllib.parse import quote_plus

from ktui.core.sections import SECTIONS, iter_sections
from ktui.siteserver.edition_html import (
    FALLBACK_IMAGE,
    FEED_SITE,
    KST,
    SITE,
    Edition,
    Placed,
    Writer,
    article_page,
    front_page,
    list_page,
    section_pages,
    static_page,
    to_kst,
)
from ktui.siteserver.pages import RSS, Page
from ktui.siteserver.stories import Story, demo_jpeg, load_copy, load_stories

__all__ = ["DEFAULT_DEPLOY", "FEED_PATH", "JPEG", "KST", "SITE", "Placed", "Request", "build_edition",
           "default_now", "make_handler", "search_page"]

DEFAULT_DEPLOY = "a81Kx"
"""The deploy id from which the CSS-module hash suffixes are derived."""
FEED_PATH = "/feed/k"
"""Path prefix of the feeds in the edition (they claim to live at `FEED_SITE`)."""
JPEG = "image/jpeg"
"""Content type of the demo pictures."""


def default_now() -> datetime:
    """Return the current time in KST, rounded down to the hour: the demo's default `now`."""
    return to_kst(None)


def _feed(ed: Edition, name: str, title: str, link: str, items: Sequence[Placed]) -> Page:
    """Render one RSS 2.0 feed: title, link (with ?utm_source=rss), description and pubDate in GMT."""

    def gmt(when: datetime) -> str:
        return format_datetime(when.astimezone(UTC), usegmt=True)

    def x(text: str) -> str:
        return html.escape(text, quote=False)

    rows = "".join(f"<item>\n<title>{x(p.story.headline)}</title>\n<link>{SITE}{p.path}?utm_source=rss</link>\n"
                   f"<description>{x(p.story.subtitle)}</description>\n<pubDate>{gmt(p.published)}</pubDate>\n"
                   f"</item>\n" for p in items)
    text = (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
            f"\n<channel>\n<title>{x(title)}</title>\n<link>{SITE}{link}</link>\n<description>{x(title)}"
            f"</description>\n<language>en</language>\n<lastBuildDate>{gmt(ed.now)}</lastBuildDate>\n"
            f'<atom:link href="{FEED_SITE}/{name}.xml" rel="self" type="application/rss+xml"/>\n{rows}'
            f"</channel>\n</rss>\n")
    newest = items[0].published if items else ed.now
    return Page(text.encode("utf-8"), content_type=RSS, last_modified=newest, extra={"kind": "feed"})


def build_edition(now: datetime | None = None, deploy: str = DEFAULT_DEPLOY) -> dict[str, Page]:
    """Build every page of the demo edition.

    Args:
        now: The edition's present; default `default_now()`. Naive times are taken as KST.
        deploy: Seed of the CSS-module hash suffixes, to mimic another deploy of the site.

    Returns:
        Pages by path: "/", each section and subsection list ("/economy", "/economy?page=2"),
        each article, the feeds ("/feed/k/<name>.xml"), the pictures ("/images/<slug>.jpg") and
        the footer's static pages. "/search" is answered by `make_handler`.
    """
    copy = load_copy()
    ed = Edition(copy.stories, now, deploy)
    top10 = [ed.by_slug[slug] for slug in copy.top10]
    trending = [ed.by_slug[slug] for slug in copy.trending]
    pages = {"/": front_page(ed, top10, trending)}
    for section in iter_sections():
        pages.update(section_pages(ed, section))
    for p in ed.placed:
        pages[p.path] = article_page(ed, p, trending)
    pages[f"{FEED_PATH}/allnews.xml"] = _feed(ed, "allnews", "The Korea Times - All News", "/", ed.placed)
    for top in SECTIONS:
        pages[f"{FEED_PATH}/{top.feed}.xml"] = _feed(ed, str(top.feed), f"The Korea Times - {top.name}",
                                                     "/" + top.path, ed.in_section(top.path))
    picture = Page(demo_jpeg(), content_type=JPEG, extra={"kind": "image"})
    for image in [FALLBACK_IMAGE, *(p.image for p in ed.placed if p.image)]:
        pages[image] = picture
    for path, title, paragraphs in copy.static_pages:
        pages[path] = static_page(ed, path, title, paragraphs)
    return pages


def _matches(story: Story, words: Sequence[str]) -> bool:
    tokens = set(re.findall(r"\w+", " ".join((story.headline, story.subtitle, *story.paragraphs)).casefold()))
    return all(any(token.startswith(word) for token in tokens) for word in words)


def search_page(edition_stories: Iterable[Story], query: str, now: datetime | None = None, *,
                page: int = 1, deploy: str = DEFAULT_DEPLOY) -> Page:
    """Render the search results for `query`, newest first, 12 to a page, as cards like a section's.

    A story matches when every word of the query (case-insensitive) starts a word of its headline,
    subtitle or body, so "tariff" also finds "tariffs". No match gives a page that says so.

    Args:
        edition_stories: The stories to search (usually `load_stories()`).
        query: What the reader typed.
        now: The edition's present, as for `build_edition`.
        page: Which page of the results, from 1.
        deploy: As for `build_edition`.
    """
    ed = Edition(edition_stories, now, deploy)
    words = re.findall(r"\w+", query.casefold())
    hits = [p for p in ed.placed if words and _matches(p.story, words)]
    q = html.escape(query, quote=True)

    def header(w: Writer) -> str:
        count = f"<strong>{len(hits)}</strong> result{'' if len(hits) == 1 else 's'}"
        empty = (f'<div class="{w.cls("SearchModule", "empty")}"><p>No results found for "{q}".</p>'
                 f"<p>Check the spelling or try a more general word.</p></div>" if not hits else "")
        return (f'<div class="{w.cls("SearchModule", "header")}"><h1 class="{w.cls("SearchModule", "title")}">'
                f'Search results for "{q}"</h1><form action="/search" method="get"><input type="search" '
                f'name="keyword" value="{q}"><button type="submit">Search</button></form>'
                f'<p class="{w.cls("SearchModule", "count")}">{count}</p></div>{empty}')

    ld = {"@context": "https://schema.org", "@type": "SearchResultsPage", "name": f"Search: {query}"}
    return list_page(ed, base="/search?keyword=" + quote_plus(query), title="Search", header=header, items=hits,
                     number=max(page, 1), kind="search", ld=ld, description=f"Search results for {query}")


class Request(Protocol):
    """What the handler needs of the server's request."""

    @property
    def path(self) -> str:
        """The percent-decoded path, without the query."""

    @property
    def query(self) -> Mapping[str, object]:
        """The query parameters (a value may be a string or a list of strings)."""


def _first(value: object) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


def make_handler(now: datetime | None = None, deploy: str = DEFAULT_DEPLOY) -> Callable[[Request], Page | None]:
    """Return the handler the server calls for paths the edition has no page for.

    It answers "/search?keyword=<words>[&page=<n>]" with `search_page` and anything else with None.
    `now` is fixed when the handler is made, so results match an edition built with the same `now`.
    """
    stories, fixed = load_stories(), to_kst(now)

    def handler(request: Request) -> Page | None:
        if request.path.rstrip("/") != "/search":
            return None
        number = _first(request.query.get("page"))
        return search_page(stories, _first(request.query.get("keyword")), fixed,
                           page=int(number) if number.isdigit() else 1, deploy=deploy)

    return handler
