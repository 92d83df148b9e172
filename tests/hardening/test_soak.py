"""A randomized soak: thousands of requests with random faults through the service layer.

A dozen workers read the front page, feeds, sections, articles and search through one
`NewsService` while faults are armed at random on the paths they ask for and the clock jumps ahead
(so cached pages go stale and are revalidated). At the end: no exception other than ktui's typed
errors escaped, nothing was logged as an unretrieved task exception, memory stayed bounded (the
process's resident size, and no task, fetch or connection left behind), and every cache entry
decodes and parses to the model stored with it.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from ktui.core.config import Settings
from ktui.core.errors import KtuiError
from ktui.core.http import FetchSettings
from ktui.core.models import Article, FrontPage, ListPage
from ktui.core.parse.article import parse_article
from ktui.core.parse.feed import parse_feed
from ktui.core.parse.front import parse_front
from ktui.core.parse.listing import parse_list
from ktui.core.service import NewsService
from ktui.core.urls import Site
from ktui.siteserver import faults
from ktui.siteserver.pages import Page
from ktui.siteserver.server import SiteServer
from tests.conftest import Clock

SOAK = FetchSettings(connect_timeout=0.5, read_timeout=0.3, deadline=0.6, retries=1, backoff=0.005,
                     max_retry_after=0.2, max_body=2 * 1024 * 1024)
"""Tight limits: a soak meets every fault hundreds of times, so each must end quickly."""
REQUESTS = 2000
"""The workers run until the server has answered this many requests (about 15 s on an idle 2-core machine)."""
TIME_CAP = 45.0
"""Seconds after which the soak stops even if it fell short (a machine busy with other work)."""
WORKERS = 12
"""How many operations are in flight at once."""
MEMORY_GROWTH = 120 * 1024 * 1024
"""Allowed growth of the resident size from the warm-up to the end: a leak of one 2 MB body per
request would be gigabytes; allocator slack and the cache's SQLite pages are tens of megabytes."""


def resident() -> int:
    """The process's resident set size in bytes (Linux), or 0 where /proc is not available."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _fault_menu(server: SiteServer) -> list[tuple[float, Any]]:
    waf = faults.waf().page
    assert waf is not None
    return [
        (8, lambda p: faults.status(random.choice([404, 410, 500, 502, 503, 429]))),
        (3, lambda p: faults.status(503, retry_after=random.choice([0, 1, 3600, "\xb2", "soon"]))),
        (2, lambda p: faults.waf()),
        (1, lambda p: faults.Fault("page", page=Page(waf.body, status=200, etag=False))),
        (3, lambda p: faults.service_error()),
        (4, lambda p: faults.truncated(keep=random.random())),
        (3, lambda p: faults.random_bytes(random.randint(0, 6000))),
        (3, lambda p: faults.empty()),
        (1, lambda p: faults.huge(3 * 1024 * 1024, chunked=random.random() < 0.5)),
        (1, lambda p: faults.gzip_bomb(16 * 1024 * 1024)),
        (2, lambda p: faults.redirect(p)),
        (2, lambda p: faults.redirect(random.choice(["http://127.0.0.1:1/x", "javascript:alert(1)", "", "//[::1"]))),
        (1, lambda p: faults.slow_drip(0.05)),
        (4, lambda p: faults.reset()),
        (2, lambda p: faults.delay(random.uniform(0.0, 0.3))),
    ]


def _check_cache(service: NewsService) -> int:
    """Check every entry decodes and re-parses to the model stored with it; return how many there are."""
    site: Site = service.site
    checked = 0
    for url in list(service.cache.urls()):
        entry = service.cache.get(url)
        assert entry is not None, url
        assert entry.parsed is not None, url
        text = entry.body
        if entry.kind == "front":
            assert parse_front(text, url, site) == FrontPage.from_dict(entry.parsed)
        elif entry.kind == "feed":
            assert parse_feed(text, url, site) == ListPage.from_dict(entry.parsed)
        elif entry.kind == "list":
            assert parse_list(text, url, site) == ListPage.from_dict(entry.parsed)
        elif entry.kind == "search":
            assert parse_list(text, url, site).items == ListPage.from_dict(entry.parsed).items
        else:
            assert parse_article(text, url, site) == Article.from_dict(entry.parsed)
        checked += 1
    return checked


async def test_soak_with_random_faults(server: SiteServer, settings: Settings, clock: Clock) -> None:
    rng = random.Random(20261127)
    random.seed(20261127)
    settings = replace(settings, fetch=SOAK, prefetch_depth=4, prefetch_concurrency=2, prefetch_interval=0.0)
    service = NewsService(settings, clock=clock)
    loop = asyncio.get_running_loop()
    loop_errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: loop_errors.append(context))
    unhandled: list[BaseException] = []
    typed: dict[str, int] = {}
    notices = 0
    menu = _fault_menu(server)
    weights = [w for w, _ in menu]
    sections = list(service.sections())
    front = (await service.front(swr=False)).value
    articles = sorted({h.url for h in front.headlines} | {h.url for h in front.top})
    feed = (await service.latest(swr=False)).value
    articles = sorted(set(articles) | {h.url for h in feed.items})
    assert len(articles) > 20

    async def one_operation() -> None:
        choice = rng.random()
        url: str
        if choice < 0.55:
            url = rng.choice(articles)
            call: Any = service.article(url, refresh=rng.random() < 0.3, swr=rng.random() < 0.3)
        elif choice < 0.65:
            url = service.site.url("/")
            call = service.front(refresh=rng.random() < 0.5, swr=False)
        elif choice < 0.75:
            section = rng.choice(sections)
            url = service.site.feed_url(section.feed or "allnews")
            call = service.latest(section, refresh=rng.random() < 0.5, swr=False)
        elif choice < 0.9:
            section = rng.choice(sections)
            url = service.site.url(section.path)
            call = service.section(section, refresh=rng.random() < 0.5, swr=False)
        else:
            url = service.site.search_url("korea")
            call = service.search(rng.choice(["korea", "seoul market", "chip", "[bold]x[/]"]), refresh=True)
        if rng.random() < 0.5:
            path = url.split(server.url, 1)[-1].split("?", 1)[0] or "/"
            make = rng.choices([m for _, m in menu], weights)[0]
            server.set_fault(path, make(path), times=rng.choice([1, 1, 2, 3]))
        nonlocal notices
        try:
            result = await call
            notices += result.notice is not None
            if result.refresh is not None:
                await asyncio.gather(result.refresh, return_exceptions=True)
            if isinstance(result.value, ListPage) and rng.random() < 0.3:
                service.prefetch(result.value.items)
        except KtuiError as error:
            typed[type(error).__name__] = typed.get(type(error).__name__, 0) + 1
        except Exception as error:  # noqa: BLE001 - the point of the soak: none may get here
            unhandled.append(error)

    async def worker() -> None:
        while time.monotonic() < deadline and server.total < goal:
            await one_operation()
            if rng.random() < 0.1:
                clock.advance(rng.uniform(0, 900))  # pages go stale; a remembered block runs out

    # Warm up, then measure memory from here.
    deadline, goal = time.monotonic() + 1.0, REQUESTS
    await asyncio.gather(*(worker() for _ in range(WORKERS)))
    gc.collect()
    baseline = resident()
    deadline, goal = time.monotonic() + TIME_CAP, server.total + REQUESTS
    await asyncio.gather(*(worker() for _ in range(WORKERS)))
    server.clear_faults()
    await service.prefetcher.drain()
    await asyncio.sleep(0)
    gc.collect()
    grown = resident() - baseline
    requests = server.total - (goal - REQUESTS)
    print(f"soak: {requests} requests, {sum(typed.values())} typed errors {typed}, {notices} stale copies "
          f"served with a notice, resident size {grown / 1e6:+.0f} MB")
    try:
        assert unhandled == [], unhandled[:5]
        assert loop_errors == [], loop_errors[:5]
        assert server.errors == []
        assert requests >= REQUESTS, f"only {requests} requests in {TIME_CAP:.0f} s"
        assert sum(typed.values()) + notices > 200, typed  # the faults were met (raised, or a stale copy served)
        assert grown < MEMORY_GROWTH, f"the resident size grew by {grown / 1e6:.0f} MB"
        # Nothing piles up: no fetch in flight, no background task, no stray connection.
        assert not service.loader._inflight
        assert not service.loader._background
        pool = service.http._client._transport._pool  # type: ignore[attr-defined]
        assert len(pool.connections) <= 8
        assert service.cache.warnings == []
        assert _check_cache(service) > 20
    finally:
        await service.aclose()
