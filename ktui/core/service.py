"""Provides `NewsService`: the one object through which the UI and the command line read the site.

It knows which URL each thing lives at, which parser reads it, how fresh it must be, and what to
fall back on: when the front page or a section is blocked by the site's bot challenge (or fails),
its list comes from the RSS feeds; when an article is blocked, the error carries the feed's title
and summary of it. Lists shown to a reader can be prefetched in the background.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ktui.core.cache import PageCache
from ktui.core.config import Settings
from ktui.core.errors import BlockedPage, FetchError, KtuiError, PageError, UsageError
from ktui.core.loader import Origin, PageLoader, Result
from ktui.core.models import Article, FrontPage, Headline, ListPage, Section
from ktui.core.patterns import LazyPattern
from ktui.core.prefetch import Prefetcher
from ktui.core.sections import ALL_NEWS_FEED, SECTIONS, find_section, parent_of
from ktui.core.urls import ARTICLE_KINDS, Site, UrlKind, page_number

if TYPE_CHECKING:
    import httpx

    from ktui.core.http import HttpClient
    from ktui.core.localsearch import LocalIndex

# The parsers (selectolax and all) and httpx are imported on first use, not here: a reader whose
# cache is fresh starts without parsing a page or making a request, and those imports would be
# about a third of its start-up time. The local search index's module waits for the first search
# or the first article fetched.

_OTHER_SCHEME: Final = LazyPattern(r"^\s*[A-Za-z][A-Za-z0-9+-]*:(?!\d)")
"""A link with a scheme and no "//": mailto:, javascript:, data:, tel: (a "host:port" has digits after the colon)."""


def refuse_non_web(target: str) -> None:
    """Raise `UsageError` for a link of another scheme given without "//".

    Otherwise "mailto:someone@example.com" would read as a host name, get "https://" put in front,
    and be fetched as https://mailto:someone@example.com, that is from example.com.
    """
    if "://" not in target and _OTHER_SCHEME.match(target):
        raise UsageError(f"not a web link: {target!r} (only http and https links are followed)")


def resolve_target(site: Site, target: str) -> str:
    """Turn what a user typed (a URL, a site path, a bare host/path) into a normalised URL.

    Raises:
        UsageError: the target is no web link (another scheme, or nothing a URL can be made of).
    """
    target = target.strip()
    refuse_non_web(target)
    if target.startswith("/"):
        target = site.url(target)
    elif "://" not in target and "." in target.split("/", 1)[0]:
        target = "https://" + target
    url = site.normalize(target)
    if url is None or site.classify(url) is UrlKind.INVALID:
        raise UsageError(f"not a web link: {target!r} (only http and https links are followed)")
    return url


class NewsService:
    """Reads the Korea Times through the cache: front page, feeds, sections, articles, search."""

    def __init__(self, settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None,
                 clock: Callable[[], float] = time.time, warn: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        """The settings in effect."""
        self.site = Site(settings.base_url)
        """The origin playing www.koreatimes.co.kr."""
        self.cache = PageCache(settings.cache_dir, settings.cache_size, warn=warn)
        """The page cache."""
        self._transport = transport
        self._http: HttpClient | None = None
        self.loader = PageLoader(self.cache, lambda: self.http, settings.freshness, offline=settings.offline,
                                 block_memory=settings.block_memory, clock=clock)
        """Cache-first loading."""
        self.prefetcher = Prefetcher(self._prefetch_one, concurrency=settings.prefetch_concurrency,
                                     interval=settings.prefetch_interval, fresh=self._cached_fresh)
        """Background fetching of listed articles."""
        self.article_hooks: list[Callable[[Article], None]] = [self._index]
        """Called with every article fetched from the network (the local search index is the first)."""
        self._local_index: LocalIndex | None = None

    @property
    def http(self) -> HttpClient:
        """The HTTP client (made on first use)."""
        if self._http is None:
            # Imported here: a launch from a fresh cache needs no client.
            from ktui.core.http import HttpClient

            self._http = HttpClient(self.site, self.settings.fetch, self._transport)
            # The first request is on its way: the parsers its answer (and the next ones) will
            # need are imported meanwhile, rather than by the first parse while a reader waits.
            threading.Thread(target=_import_parsers, name="ktui-import-parsers", daemon=True).start()
        return self._http

    @property
    def local_index(self) -> LocalIndex:
        """The full-text index of cached articles (opened on first use)."""
        if self._local_index is None:
            from ktui.core.localsearch import LocalIndex

            self._local_index = LocalIndex.for_settings(self.settings)
        return self._local_index

    def _index(self, article: Article) -> None:
        self.local_index.add(article)

    def search_local(self, query: str) -> list[Headline]:
        """Search every cached article (indexing any cached one the index has not seen yet)."""
        self.local_index.sync(self.cache)
        return self.local_index.search(query)

    @property
    def offline(self) -> bool:
        """Whether ktui is not using the network."""
        return self.settings.offline

    # --- parsers bound to this site ------------------------------------------------------------------

    def _front(self, text: str, url: str) -> FrontPage:
        from ktui.core.parse.front import parse_front

        return parse_front(text, url, self.site)

    def _list(self, text: str, url: str) -> ListPage:
        from ktui.core.parse.listing import parse_list

        return parse_list(text, url, self.site)

    def _feed(self, text: str, url: str) -> ListPage:
        from ktui.core.parse.feed import parse_feed

        return parse_feed(text, url, self.site)

    def _article(self, text: str, url: str) -> Article:
        from ktui.core.parse.article import parse_article

        return parse_article(text, url, self.site)

    # --- lists ---------------------------------------------------------------------------------------

    def sections(self) -> tuple[Section, ...]:
        """Every section of the site, with subsections."""
        return SECTIONS

    def find_section(self, query: str) -> Section:
        """Return a section by path or name, or raise `UsageError` naming the valid ones."""
        section = find_section(query)
        if section is None:
            names = ", ".join(s.path for s in SECTIONS)
            raise UsageError(f"unknown section {query!r}; try one of: {names}")
        return section

    async def front(self, *, refresh: bool = False, swr: bool = True) -> Result[FrontPage]:
        """The front page; from the newest stories of the feed when the page cannot be had."""
        url = self.site.url("/")
        try:
            result: Result[FrontPage] = await self.loader.load(url, "front", self._front, FrontPage.from_dict,
                                                              refresh=refresh, swr=swr)
            return replace(result, value=self.enrich(result.value))
        except (FetchError, PageError) as error:
            try:
                feed = await self.feed(ALL_NEWS_FEED, refresh=refresh, swr=swr)
            except KtuiError:
                raise error from None
            top = tuple(replace(h, rank=i) for i, h in enumerate(feed.value.items[:10], start=1))
            page = FrontPage(top=top, trending=(), headlines=feed.value.items,
                             sources={"top": "RSS feed (newest stories): the front page could not be had",
                                      "trending": "unavailable: the ranking is only on the front page"})
            return Result(page, Origin.FALLBACK, feed.fetched_at, url, _fallback_notice(error, "the front page"))

    def enrich(self, front: FrontPage) -> FrontPage:
        """Give front-page stories the exact times and leads the cached feed knows (the page has neither)."""
        entry = self.cache.get(self.site.feed_url(ALL_NEWS_FEED))
        if entry is None or not entry.parsed:
            return front
        known = {item["url"]: item for item in entry.parsed.get("items", ())}

        def better(items: tuple[Headline, ...]) -> tuple[Headline, ...]:
            out = []
            for item in items:
                found = known.get(item.url)
                if found is not None:
                    fed = Headline.from_dict(found)
                    item = replace(item, published=fed.published or item.published,
                                   summary=item.summary or fed.summary, section=item.section or fed.section)
                out.append(item)
            return tuple(out)

        return replace(front, top=better(front.top), trending=better(front.trending))

    def fresh_front(self) -> Result[FrontPage] | None:
        """The front page from the cache at once (no await) if it is fresh there; else None."""
        result: Result[FrontPage] | None = self.loader.fresh(self.site.url("/"), "front", FrontPage.from_dict)
        return None if result is None else replace(result, value=self.enrich(result.value))

    def fresh_latest(self) -> Result[ListPage] | None:
        """The newest stories (the site's feed) from the cache at once if fresh there; else None."""
        result: Result[ListPage] | None = self.loader.fresh(self.site.feed_url(ALL_NEWS_FEED), "feed",
                                                            ListPage.from_dict)
        return result

    async def feed(self, name: str, *, refresh: bool = False, swr: bool = True) -> Result[ListPage]:
        """A feed by name ("allnews", "southkorea", ...)."""
        url = self.site.feed_url(name)
        return await self.loader.load(url, "feed", self._feed, ListPage.from_dict, refresh=refresh, swr=swr,
                                      site_page=False)

    async def latest(self, section: Section | None = None, *, refresh: bool = False,
                     swr: bool = True) -> Result[ListPage]:
        """The newest stories of the site, or of one section (its feed, filtered to a subsection)."""
        if section is None:
            return await self.feed(ALL_NEWS_FEED, refresh=refresh, swr=swr)
        result = await self.feed(section.feed or parent_of(section).path, refresh=refresh, swr=swr)
        if section.path == parent_of(section).path:
            return result
        prefix = "/" + section.path + "/"
        items = [h for h in result.value.items if prefix in h.url]
        ranked = tuple(replace(h, rank=i) for i, h in enumerate(items, start=1))
        return replace(result, value=replace(result.value, items=ranked, title=section.name))

    async def section(self, section: Section, *, page: int = 1, refresh: bool = False,
                      swr: bool = True) -> Result[ListPage]:
        """A section's list page (page N by following the next links); its feed if blocked."""
        url = self.site.url(section.path)
        try:
            result = await self.list_page(url, refresh=refresh, swr=swr)
            for _ in range(page - 1):
                next_url = result.value.next_url
                if not next_url:
                    raise UsageError(f"{section.name} has no page {page}")
                result = await self.list_page(next_url, refresh=refresh, swr=swr)
        except (FetchError, PageError) as error:
            if page > 1:
                raise
            try:
                latest = await self.latest(section, refresh=refresh, swr=swr)
            except KtuiError:
                raise error from None
            value = replace(latest.value, title=section.name, next_url=None,
                            matched=f"RSS feed (section page could not be had: {error.message})")
            return Result(value, Origin.FALLBACK, latest.fetched_at, url,
                          _fallback_notice(error, f"the {section.name} page"))
        if result.value.title is None or page_number(url) == 1:
            result = replace(result, value=replace(result.value, title=section.name))
        return result

    async def list_page(self, url: str, *, refresh: bool = False, swr: bool = True) -> Result[ListPage]:
        """Any list page of the site by URL (a section's next page, for instance)."""
        return await self.loader.load(url, "list", self._list, ListPage.from_dict, refresh=refresh, swr=swr)

    async def search(self, query: str, *, refresh: bool = False) -> Result[ListPage]:
        """The site's own search: its front page's search form, else /search, else the legacy one."""
        query = " ".join(query.split())
        if not query:
            raise UsageError("the search query is empty")
        urls = [self.site.search_url(query), self.site.legacy_search_url(query)]
        from ktui.core.parse.listing import parse_list
        from ktui.core.parse.search import find_search_form

        entry = self.cache.get(self.site.url("/"))
        if entry is not None:
            form = find_search_form(entry.body.decode("utf-8", "replace"), entry.url, self.site)
            if form is not None:
                urls.insert(0, form.url(query))
        last: KtuiError | None = None
        for url in dict.fromkeys(urls):
            try:
                result = await self.loader.load(
                    url, "search", lambda t, u: parse_list(t, u, self.site, title=query), ListPage.from_dict,
                    refresh=refresh, swr=False,
                )
            except (FetchError, PageError) as error:
                last = error
                if isinstance(error, BlockedPage):
                    break
                continue
            return result
        assert last is not None
        raise last

    # --- articles ------------------------------------------------------------------------------------

    def resolve(self, target: str) -> str:
        """Turn what a user typed (a URL, a site path) into a normalised URL, or raise `UsageError`."""
        return resolve_target(self.site, target)

    async def article(self, url: str, *, refresh: bool = False, swr: bool = True) -> Result[Article]:
        """An article of the site, or of any other site through the generic extractor."""
        kind = self.site.classify(url)
        if kind is UrlKind.INVALID:
            raise UsageError(f"not a web link: {url!r} (only http and https links are followed)")
        external = kind is UrlKind.EXTERNAL
        try:
            result: Result[Article] = await self.loader.load(
                url, "external" if external else "article", self._article, Article.from_dict,
                refresh=refresh, swr=swr, site_page=not external,
            )
        except BlockedPage as error:
            error.fallback = self.known_headline(url)
            raise
        if result.origin is Origin.NETWORK:
            for hook in self.article_hooks:
                hook(result.value)
        return result

    def fresh_article(self, url: str) -> Result[Article] | None:
        """A fresh cached copy of an article, at once (no await); None when it must be loaded."""
        kind = self.site.classify(url)
        if kind is UrlKind.INVALID:
            return None
        result: Result[Article] | None = self.loader.fresh(
            url, "external" if kind is UrlKind.EXTERNAL else "article", Article.from_dict)
        return result

    def known_headline(self, url: str) -> Headline | None:
        """Find a story in the cached feeds and lists (for its title and summary when blocked)."""
        names = [ALL_NEWS_FEED, *(s.feed for s in SECTIONS if s.feed)]
        candidates = [self.site.feed_url(n) for n in dict.fromkeys(names)] + [self.site.url("/")]
        best: Headline | None = None
        for key in candidates:
            entry = self.cache.get(key)
            if entry is None or not entry.parsed:
                continue
            for item in _headlines_in(entry.parsed):
                if item.get("url") == url:
                    found = Headline.from_dict(item)
                    if best is None or (found.summary and not best.summary):
                        best = found
        return best

    def read_file(self, path: Path) -> Article:
        """Extract the article of a saved HTML page; links resolve against its canonical URL."""
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UsageError(f"cannot read {path}: {error.strerror or error}") from None
        from ktui.core.parse.article import parse_parsed_article
        from ktui.core.parse.dom import parse_page

        text, tree = parse_page(data)
        canonical = None
        for selector, attribute in (("link[rel=canonical]", "href"), ("meta[property='og:url']", "content")):
            node = tree.css_first(selector)
            if node is not None and node.attributes.get(attribute):
                canonical = self.site.normalize(node.attributes.get(attribute))
                if canonical:
                    break
        url = canonical or path.resolve().as_uri()
        return parse_parsed_article(text, tree, url, self.site)

    # --- prefetch and lifecycle ----------------------------------------------------------------------

    def prefetch(self, headlines: Iterable[Headline], *, urgent: bool = False) -> int:
        """Queue a shown list's stories for background fetching; return how many were queued.

        The list queued last goes first; with `urgent` its stories go first even if an earlier
        list had queued them already.
        """
        if self.offline or self.settings.prefetch_depth <= 0:
            return 0
        urls = [h.url for h in headlines if self.site.classify(h.url) in ARTICLE_KINDS]
        return self.prefetcher.schedule(urls[: self.settings.prefetch_depth], urgent=urgent)

    def _cached_fresh(self, url: str) -> bool:
        entry = self.cache.get(url)
        return entry is not None and entry.age(self.loader.clock()) < self.settings.freshness.article

    async def _prefetch_one(self, url: str) -> bool:
        if self._cached_fresh(url):
            return False
        await self.article(url, swr=False)
        return True

    async def aclose(self) -> None:
        """Stop prefetching and background refreshes, close connections and the cache."""
        await self.prefetcher.aclose()
        await self.loader.aclose()
        if self._http is not None:
            await self._http.aclose()
        if self._local_index is not None:
            self._local_index.close()
        self.cache.close()


def _import_parsers() -> None:
    """Import the page parsers (for a thread to do while the network answers)."""
    for module in ("ktui.core.parse.front", "ktui.core.parse.feed", "ktui.core.parse.listing",
                   "ktui.core.parse.article"):
        importlib.import_module(module)


def _headlines_in(parsed: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for key in ("items", "top", "trending", "headlines"):
        yield from parsed.get(key, ())


def _fallback_notice(error: KtuiError, what: str) -> str:
    if isinstance(error, BlockedPage):
        return f"The site is blocking ktui (bot challenge); {what} comes from the RSS feed instead."
    return f"{error.message}; {what} comes from the RSS feed instead."
