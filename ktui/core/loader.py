"""Provides `PageLoader`: cache first, network second, stale-while-revalidate, and the block memory.

This is the heart of "instant from cache, fresh from the network, readable offline":

- a fresh cached page is returned without any request;
- a stale one is returned at once with a background task that revalidates it (a conditional
  request, so an unchanged page costs a 304), unless the caller asks to wait for fresh data;
- when the network fails, the last good copy is returned with a notice saying how old it is;
- a bad response (error page, WAF challenge, truncated or unparsable body) never replaces a good
  cached copy: only a body that parses is stored;
- a bot challenge is remembered for a while (in the cache, so other ktui processes know too),
  and meanwhile site pages are not requested at all: no retry storm.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ktui.core.cache import PARSER_VERSION, Entry, PageCache
from ktui.core.config import Freshness
from ktui.core.errors import BlockedPage, FetchError, KtuiError, OfflineMiss, PageError
from ktui.core.record import Record, record

if TYPE_CHECKING:
    from ktui.core.http import HttpClient

T = TypeVar("T")

Parser = Callable[[str, str], Any]
"""A parser: (page text, URL) to a model with `to_dict`."""
Loader = Callable[[dict[str, Any]], Any]
"""The model class's `from_dict`."""


class Origin(StrEnum):
    """Where a result came from."""

    NETWORK = "network"
    """Fetched (or confirmed by a 304) just now."""
    CACHE = "cache"
    """A fresh cached copy; no request was made."""
    STALE = "stale"
    """An old cached copy: being refreshed, or the network failed, or ktui is offline."""
    FALLBACK = "fallback"
    """A stand-in (the RSS feed) because the page itself could not be had."""


@record
class Result(Record, Generic[T]):
    """A model with where it came from and how old it is."""

    value: T
    """The page's model."""
    origin: Origin
    """Where it came from."""
    fetched_at: float
    """When the server last sent or confirmed it (epoch seconds)."""
    url: str = ""
    """The page's URL."""
    notice: str | None = None
    """A one-line message for the user (offline, blocked, failed refresh)."""
    refresh: asyncio.Task[Result[T]] | None = None
    """A background revalidation of a stale copy; awaiting it gives the fresh result."""

    @property
    def stale(self) -> bool:
        """Whether this is an old copy."""
        return self.origin is Origin.STALE


def minutes_ago(seconds: float) -> str:
    """Describe an age for a notice: "just now", "12 min ago", "3 h ago", "2 days ago"."""
    if seconds < 90:
        return "just now"
    if seconds < 5400:
        return f"{round(seconds / 60)} min ago"
    if seconds < 172800:
        return f"{round(seconds / 3600)} h ago"
    return f"{round(seconds / 86400)} days ago"


def _decode(body: bytes, content_type: str | None) -> str:
    """Decode a page's bytes by its Content-Type, its own declaration or a guess (see `ktui.core.charset`)."""
    # Imported here, with the parsers: a launch from a fresh cache decodes nothing.
    from ktui.core.charset import charset_from_content_type, decode_body

    return decode_body(body, charset_from_content_type(content_type))


class PageLoader:
    """Loads pages through the cache and the HTTP client."""

    def __init__(self, cache: PageCache, http: HttpClient | Callable[[], HttpClient], freshness: Freshness, *,
                 offline: bool = False, block_memory: float = 600.0, clock: Callable[[], float] = time.time) -> None:
        """Create a loader.

        Args:
            cache: The page cache.
            http: The HTTP client, or a function that makes it when the first request is due (a
                start served from the cache then never builds one).
            freshness: Freshness times per kind.
            offline: Whether the network is off limits.
            block_memory: Seconds a bot challenge is remembered.
            clock: The time source.
        """
        self.cache = cache
        """The page cache."""
        self._http = http
        self.freshness = freshness
        """Freshness times per kind."""
        self.offline = offline
        """Whether the network is off limits."""
        self.block_memory = block_memory
        """Seconds a bot challenge is remembered."""
        self.clock = clock
        """The time source (injectable for tests)."""
        self._inflight: dict[str, asyncio.Task[Result[Any]]] = {}
        self._background: set[asyncio.Task[Any]] = set()

    @property
    def http(self) -> HttpClient:
        """The HTTP client."""
        # Given a maker, not a client: the client (and ktui.core.http) is made on first use.
        if callable(self._http):
            self._http = self._http()
        return self._http

    # --- blocking memory -------------------------------------------------------------------------

    def blocked_for(self) -> float:
        """Seconds the remembered block still lasts (0 when not blocked)."""
        until = self.cache.get_meta("blocked_until")
        if not isinstance(until, int | float):
            return 0.0
        return max(0.0, float(until) - self.clock())

    def remember_block(self) -> None:
        """Remember that the site answered with a challenge."""
        self.cache.set_meta("blocked_until", self.clock() + self.block_memory, expire=self.block_memory)

    def forget_block(self) -> None:
        """Forget a remembered block (after a page of the site came through)."""
        if self.blocked_for():
            self.cache.set_meta("blocked_until", 0.0)

    # --- loading ---------------------------------------------------------------------------------

    def model_of(self, entry: Entry, parse: Parser, load: Loader) -> Any | None:
        """Return an entry's model, re-parsing the stored body when the parser has changed since."""
        if entry.parsed is not None and entry.parser_version == PARSER_VERSION:
            try:
                return load(entry.parsed)
            except (KeyError, TypeError, ValueError):
                pass
        try:
            model = parse(_decode(entry.body, entry.content_type), entry.url)
        except KtuiError:
            return None
        self.cache.put(Entry(**{**entry.__dict__, "parsed": model.to_dict(), "parser_version": PARSER_VERSION}))
        return model

    def fresh(self, url: str, kind: str, load: Loader) -> Result[Any] | None:
        """Return a fresh cached copy's result at once, or None if there is none to return without waiting.

        This is `load`'s first case on its own, synchronous: the reader shows a cached article in
        the same turn of the event loop as the key that asked for it. Offline, an entry to
        re-parse, or a stale one: None, and `load` does the rest.
        """
        if self.offline:
            return None
        entry = self.cache.get(url)
        if entry is None or entry.parsed is None or entry.parser_version != PARSER_VERSION:
            return None
        if entry.age(self.clock()) >= self.freshness.for_kind(kind):
            return None
        try:
            model = load(entry.parsed)
        except (KeyError, TypeError, ValueError):
            return None
        return Result(model, Origin.CACHE, entry.checked_at, url)

    async def load(self, url: str, kind: str, parse: Parser, load: Loader, *, refresh: bool = False,
                   swr: bool = True, site_page: bool = True) -> Result[Any]:
        """Return the page's model from the cache or the network, as described in the module doc.

        Args:
            url: The normalised URL.
            kind: The kind of page, for its freshness time.
            parse: Text and URL to model.
            load: JSON data to model (the model's `from_dict`).
            refresh: Skip a fresh cached copy and revalidate now.
            swr: Return a stale copy at once and revalidate in the background (else wait).
            site_page: Whether the page is behind the site's WAF (false for feeds elsewhere).

        Raises:
            OfflineMiss: Offline and not cached.
            FetchError, PageError: Could not be had and is not cached.
        """
        entry = self.cache.get(url)
        model = self.model_of(entry, parse, load) if entry is not None else None
        if model is None:
            entry = None
        now = self.clock()
        if self.offline:
            if entry is None:
                raise OfflineMiss(f"offline, and {url} is not in the cache", url=url)
            return Result(model, Origin.STALE, entry.checked_at, url,
                          f"offline: showing the copy from {minutes_ago(entry.age(now))}")
        if entry is not None and not refresh and entry.age(now) < self.freshness.for_kind(kind):
            return Result(model, Origin.CACHE, entry.checked_at, url)
        if entry is not None and swr and not refresh:
            task = self._revalidate_task(url, kind, parse, load, entry)
            return Result(model, Origin.STALE, entry.checked_at, url, None, task)
        try:
            return await self._revalidate_task(url, kind, parse, load, entry, site_page)
        except (FetchError, PageError) as error:
            if entry is None:
                raise
            return Result(model, Origin.STALE, entry.checked_at, url,
                          f"{error.message}; showing the copy from {minutes_ago(entry.age(now))}")

    def _revalidate_task(self, url: str, kind: str, parse: Parser, load: Loader, entry: Entry | None,
                         site_page: bool = True) -> asyncio.Task[Result[Any]]:
        """Start (or join) the one fetch of a URL in flight."""
        task = self._inflight.get(url)
        if task is None or task.done():
            task = asyncio.ensure_future(self._revalidate(url, kind, parse, load, entry, site_page))
            self._inflight[url] = task
            task.add_done_callback(self._finished(url))
        return task

    def _finished(self, url: str) -> Callable[[asyncio.Task[Result[Any]]], None]:
        """Make the callback that forgets a finished fetch and marks its error as seen."""

        def done(task: asyncio.Task[Result[Any]]) -> None:
            if self._inflight.get(url) is task:
                del self._inflight[url]
            # A background revalidation nobody awaits must not log "exception never retrieved".
            if not task.cancelled():
                task.exception()

        return done

    async def _revalidate(self, url: str, kind: str, parse: Parser, load: Loader, entry: Entry | None,
                          site_page: bool) -> Result[Any]:
        if site_page and self.blocked_for() > 0:
            raise BlockedPage(f"the site is blocking ktui (bot challenge); not asking again for "
                              f"{self.blocked_for() / 60:.0f} min", url=url)
        try:
            response = await self.http.get(
                url,
                etag=entry.etag if entry else None,
                last_modified=entry.last_modified if entry else None,
            )
        except BlockedPage:
            self.remember_block()
            raise
        now = self.clock()
        if response.not_modified and entry is not None:
            touched = self.cache.touch(url, now, etag=response.headers.get("etag") or entry.etag)
            return Result(self.model_of(touched or entry, parse, load), Origin.NETWORK, now, url)
        text = _decode(response.body, response.headers.get("content-type"))
        try:
            model = await asyncio.to_thread(parse, text, url)
        except BlockedPage:
            self.remember_block()
            raise
        if site_page:
            self.forget_block()
        self.cache.put(Entry(
            url=url,
            kind=kind,
            body=response.body,
            fetched_at=now,
            checked_at=now,
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            parsed=model.to_dict(),
        ))
        return Result(model, Origin.NETWORK, now, url)

    def spawn(self, coro: Any) -> asyncio.Task[Any]:
        """Run a coroutine in the background, keeping a reference until it ends."""
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        task.add_done_callback(lambda t: t.cancelled() or t.exception())
        return task

    async def aclose(self) -> None:
        """Cancel background work and in-flight fetches."""
        tasks = [*self._background, *self._inflight.values()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

