"""Measure 6: how list and cache operations grow with 100, 1 000 and 10 000 cached articles.

One cache (and its local search index) is filled step by step with synthetic articles: the demo's
articles, parsed once, stored again and again under new URLs, each with a unique word in its
title so that a search for it always matches exactly one. At each size the same operations are
timed (median seconds per operation over many calls, after a warm-up), and the ratio of the
per-operation time at the largest size to that at the smallest says whether it is flat (about 1)
or grows with the cache (about 100 for linear).

The operations are those a reader's actions cost: `PageCache.get` and `put` of an article,
loading the front page and the Latest list and an article from the cache through `NewsService`,
opening the cache (every launch does), its statistics (`ktui cache stats`), and local search: a
word that matches one article, a word that matches all of them, `LocalIndex.sync` with nothing
new (what opening the search screen does) and `LocalIndex.add` of an article already indexed
(what every article fetched from the network costs), with SQLite's default durability and again
without waiting for the disk.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bench.common import Homes, ratio, settings_for
from bench.parsing import demo_pages
from bench.serve import build_site
from ktui.core.cache import Entry, PageCache
from ktui.core.config import Freshness, Settings
from ktui.core.localsearch import LocalIndex
from ktui.core.models import Article
from ktui.core.parse.article import parse_article
from ktui.core.service import NewsService

BASE = "http://127.0.0.1:9"
"""The origin the synthetic cache claims (nothing listens there: every operation must be served from the cache)."""
SIZES = (100, 1_000, 10_000)
"""Cached articles at each step."""


def _templates() -> list[tuple[str, bytes, dict[str, Any]]]:
    """The demo articles as (path, body, parsed model data)."""
    out = []
    for _, kind, url, text in demo_pages():
        if kind == "article":
            path = url.split("://", 1)[1].split("/", 1)[1]
            out.append(("/" + path, text.encode(), parse_article(text, BASE + "/" + path).to_dict()))
    return out


def _entry(number: int, templates: list[tuple[str, bytes, dict[str, Any]]], now: float) -> Entry:
    path, body, parsed = templates[number % len(templates)]
    url = f"{BASE}{path}-n{number}"
    data = {**parsed, "url": url, "title": f"{parsed['title']} zq{number:05d}"}
    return Entry(url=url, kind="article", body=body, fetched_at=now, checked_at=now,
                 content_type="text/html; charset=utf-8", parsed=data)


async def _seed_lists(settings: Settings, now: float) -> None:
    """Cache the front page and the feed (fresh), as served by the demo edition, without a server."""
    from ktui.core.parse.feed import parse_feed
    from ktui.core.parse.front import parse_front
    from ktui.core.urls import Site

    pages, _, _ = build_site(0)
    site = Site(BASE)
    cache = PageCache(settings.cache_dir, settings.cache_size)
    try:
        for path, kind, parse in (("/", "front", parse_front), ("/feed/k/allnews.xml", "feed", parse_feed)):
            url = site.url(path)
            body = pages[path].body
            cache.put(Entry(url=url, kind=kind, body=body, fetched_at=now, checked_at=now,
                            content_type=pages[path].content_type,
                            parsed=parse(body.decode("utf-8"), url, site).to_dict()))
    finally:
        cache.close()


def _fill(settings: Settings, start: int, stop: int, templates: list[tuple[str, bytes, dict[str, Any]]],
          now: float) -> None:
    """Add articles `start`..`stop` to the cache (`PageCache.put`) and the local index (`add_all`)."""
    cache = PageCache(settings.cache_dir, settings.cache_size)
    index = LocalIndex.for_settings(settings)
    articles = []
    try:
        for number in range(start, stop):
            entry = _entry(number, templates, now)
            cache.put(entry)
            articles.append(Article.from_dict(entry.parsed or {}))
        index.add_all(articles)
    finally:
        index.close()
        cache.close()


def _per_op(function: Callable[[], Any], calls: int) -> float:
    function()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def _per_op_async(function: Callable[[], Awaitable[Any]], calls: int) -> float:
    await function()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        await function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def _service_ops(settings: Settings, urls: list[str], calls: int) -> dict[str, float]:
    service = NewsService(settings)
    rng = random.Random(7)
    try:
        return {
            "front_from_cache": await _per_op_async(lambda: service.front(), calls),
            "latest_from_cache": await _per_op_async(lambda: service.latest(), calls),
            "article_from_cache": await _per_op_async(lambda: service.article(rng.choice(urls)), calls),
        }
    finally:
        await service.aclose()


def _operations(settings: Settings, size: int, templates: list[tuple[str, bytes, dict[str, Any]]],
                now: float, calls: int) -> dict[str, float]:
    rng = random.Random(size)
    urls = [_entry(n, templates, now).url for n in rng.sample(range(size), min(size, 50))]
    ops: dict[str, float] = {}
    cache = PageCache(settings.cache_dir, settings.cache_size)
    try:
        ops["cache_get"] = _per_op(lambda: cache.get(rng.choice(urls)), calls)
        ops["cache_put"] = _per_op(lambda: cache.put(_entry(rng.randrange(size), templates, now)), calls)
        ops["cache_stats"] = _per_op(cache.stats, max(5, calls // 10))
    finally:
        cache.close()
    ops["cache_open"] = _per_op(lambda: PageCache(settings.cache_dir, settings.cache_size).close(), max(5, calls // 20))
    ops.update(asyncio.run(_service_ops(settings, urls, max(10, calls // 4))))
    index = LocalIndex.for_settings(settings)
    cache = PageCache(settings.cache_dir, settings.cache_size)
    try:
        ops["search_one_match"] = _per_op(lambda: index.search(f"zq{rng.randrange(size):05d}"), max(10, calls // 4))
        ops["search_all_match"] = _per_op(lambda: index.search("Korea"), max(5, calls // 20))
        ops["search_sync_nothing_new"] = _per_op(lambda: index.sync(cache), 3)

        def reindex() -> None:
            index.add(Article.from_dict(_entry(rng.randrange(size), templates, now).parsed or {}))

        ops["search_index_add"] = _per_op(reindex, max(5, calls // 10))
        # The same without waiting for the disk: what is left is the CPU work, the table scan included.
        index._db.execute("PRAGMA synchronous=OFF")
        index._db.execute("PRAGMA journal_mode=MEMORY")
        ops["search_index_add_no_fsync"] = _per_op(reindex, max(5, calls // 10))
    finally:
        cache.close()
        index.close()
    return ops


def measure(homes: Homes, sizes: tuple[int, ...] = SIZES, calls: int = 200, log: Any = print) -> dict[str, Any]:
    """Fill one cache through `sizes` and time the operations at each; return per-op seconds and ratios."""
    templates = _templates()
    # Everything stays fresh however long the filling takes: no operation may try the (absent) network.
    forever = 1e9
    settings = settings_for(BASE, homes.new("scaling"),
                            freshness=Freshness(front=forever, list=forever, feed=forever, article=forever))
    now = time.time()
    asyncio.run(_seed_lists(settings, now))
    results: dict[str, Any] = {"sizes": list(sizes), "calls": calls, "per_op_seconds": {}, "fill_seconds": {}}
    filled = 0
    for size in sizes:
        start = time.perf_counter()
        _fill(settings, filled, size, templates, now)
        results["fill_seconds"][str(size)] = time.perf_counter() - start
        filled = size
        ops = _operations(settings, size, templates, now, calls)
        for name, seconds in ops.items():
            results["per_op_seconds"].setdefault(name, {})[str(size)] = seconds
        log(f"  scaling @{size}: get {ops['cache_get'] * 1e3:.2f} ms, front {ops['front_from_cache'] * 1e3:.2f} ms, "
            f"search {ops['search_one_match'] * 1e3:.2f} ms, sync {ops['search_sync_nothing_new'] * 1e3:.1f} ms")
    first, last = str(sizes[0]), str(sizes[-1])
    results["growth"] = {name: ratio(times[last], times[first]) for name, times in results["per_op_seconds"].items()}
    results["size_ratio"] = sizes[-1] / sizes[0]
    return results

