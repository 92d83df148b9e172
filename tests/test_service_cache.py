"""Fetch and cache through the real stack, proven by the loopback server's request counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ktui.core.errors import BlockedPage, OfflineMiss
from ktui.core.loader import Origin
from ktui.core.service import NewsService
from ktui.siteserver import faults
from ktui.siteserver.server import SiteServer
from tests.conftest import Clock

FEED = "/feed/k/allnews.xml"


async def test_second_read_while_fresh_makes_no_request(service: NewsService, server: SiteServer) -> None:
    first = await service.front(swr=False)
    assert first.origin is Origin.NETWORK
    assert server.count("/") == 1
    second = await service.front(swr=False)
    assert second.origin is Origin.CACHE
    assert second.value == first.value
    assert server.count("/") == 1


async def test_stale_read_is_one_conditional_request_answered_304(
    service: NewsService, server: SiteServer, clock: Clock
) -> None:
    await service.front(swr=False)
    clock.advance(service.settings.freshness.front + 1)
    result = await service.front(swr=False)
    assert result.origin is Origin.NETWORK
    assert server.count("/") == 2
    assert server.count_304("/") == 1
    # The 304 refreshed the entry: it is fresh again, so no further request.
    await service.front(swr=False)
    assert server.count("/") == 2


async def test_stale_while_revalidate_returns_at_once_then_refreshes(
    service: NewsService, server: SiteServer, clock: Clock
) -> None:
    await service.latest(swr=False)
    clock.advance(service.settings.freshness.feed + 60)
    server.latency = 0.3
    stale = await service.latest()
    assert stale.origin is Origin.STALE
    assert stale.refresh is not None
    assert server.count(FEED) == 1 or not stale.refresh.done()
    fresh = await stale.refresh
    assert fresh.origin is Origin.NETWORK
    assert server.count(FEED) == 2


async def test_article_is_cached_for_a_day(service: NewsService, server: SiteServer, clock: Clock) -> None:
    front = (await service.front(swr=False)).value
    url = front.top[0].url
    path = url.split(server.url, 1)[1]
    await service.article(url, swr=False)
    clock.advance(3600 * 6)
    result = await service.article(url, swr=False)
    assert result.origin is Origin.CACHE
    assert server.count(path) == 1


async def test_offline_reads_everything_seen_and_nothing_else(
    service: NewsService, server: SiteServer, make_service: Callable[..., NewsService]
) -> None:
    front = (await service.front(swr=False)).value
    await service.article(front.top[0].url, swr=False)
    await service.aclose()
    before = server.total
    offline = make_service(offline=True)
    try:
        again = await offline.front()
        assert again.origin is Origin.STALE and again.notice and "offline" in again.notice
        assert again.value.top == front.top
        article = await offline.article(front.top[0].url)
        assert article.value.paragraphs
        with pytest.raises(OfflineMiss):
            await offline.article(front.top[1].url)
    finally:
        await offline.aclose()
    assert server.total == before


async def test_network_failure_serves_last_good_copy_with_its_age(
    service: NewsService, server: SiteServer, clock: Clock
) -> None:
    good = await service.front(swr=False)
    clock.advance(20 * 60)
    server.set_fault("/", faults.status(500))
    result = await service.front(swr=False)
    assert result.origin is Origin.STALE
    assert result.value == good.value
    assert result.notice is not None and "20 min ago" in result.notice


@pytest.mark.parametrize(
    "fault",
    [faults.service_error(), faults.waf(), faults.empty(), faults.random_bytes(3000, seed=1), faults.truncated()],
    ids=["service-error", "waf", "empty", "random-bytes", "truncated"],
)
async def test_bad_response_never_replaces_good_copy(
    service: NewsService, server: SiteServer, clock: Clock, fault: faults.Fault
) -> None:
    front = (await service.front(swr=False)).value
    url = front.top[0].url
    path = url.split(server.url, 1)[1]
    good = (await service.article(url, swr=False)).value
    clock.advance(2 * 86400)
    server.set_fault(path, fault)
    result = await service.article(url, swr=False)
    assert result.value == good
    assert result.origin is Origin.STALE
    assert service.cache.get(url) is not None
    assert service.cache.get(url).parsed == good.to_dict()  # type: ignore[union-attr]


async def test_blocked_front_page_falls_back_to_the_feed(service: NewsService, server: SiteServer) -> None:
    server.set_fault("/", faults.waf())
    result = await service.front(swr=False)
    assert result.origin is Origin.FALLBACK
    assert result.notice and "blocking" in result.notice
    assert len(result.value.top) == 10
    assert server.count(FEED) == 1


async def test_block_is_remembered_so_no_retry_storm(service: NewsService, server: SiteServer) -> None:
    feed = (await service.latest(swr=False)).value
    server.set_fault("*", faults.waf())
    server.clear_fault(FEED)
    urls = [item.url for item in feed.items[:5]]
    with pytest.raises(BlockedPage) as caught:
        await service.article(urls[0], swr=False)
    assert caught.value.fallback is not None
    assert caught.value.fallback.title == feed.items[0].title  # type: ignore[attr-defined]
    requests = server.total
    for url in urls[1:]:
        with pytest.raises(BlockedPage):
            await service.article(url, swr=False)
    assert server.total == requests


async def test_prefetch_makes_every_listed_article_readable_without_requests(
    service: NewsService, server: SiteServer
) -> None:
    front = (await service.front(swr=False)).value
    assert service.prefetch(front.top) == 10
    await service.prefetcher.drain()
    assert service.prefetcher.stats.fetched == 10
    before = server.total
    for item in front.top:
        result = await service.article(item.url)
        assert result.origin is Origin.CACHE
        assert result.value.paragraphs
    assert server.total == before


async def test_prefetch_goes_highest_ranked_first(service: NewsService, server: SiteServer) -> None:
    service.prefetcher._concurrency = 1  # one at a time, so the order is observable
    front = (await service.front(swr=False)).value
    service.prefetch(front.top)
    await service.prefetcher.drain()
    paths = [r.path for r in server.requests if r.path not in ("/", FEED)]
    assert paths == [item.url.split(server.url, 1)[1] for item in front.top]


async def test_parser_upgrade_reparses_from_the_stored_body(
    service: NewsService, server: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ktui.core import cache as cache_module
    from ktui.core import loader as loader_module

    first = await service.front(swr=False)
    monkeypatch.setattr(cache_module, "PARSER_VERSION", cache_module.PARSER_VERSION + 1)
    monkeypatch.setattr(loader_module, "PARSER_VERSION", cache_module.PARSER_VERSION)
    again = await service.front(swr=False)
    assert again.value == first.value
    assert server.count("/") == 1
    assert service.cache.get(service.site.url("/")).parser_version == cache_module.PARSER_VERSION  # type: ignore[union-attr]


async def test_two_services_share_one_cache(
    service: NewsService, server: SiteServer, make_service: Callable[..., NewsService]
) -> None:
    await service.front(swr=False)
    other = make_service()
    try:
        result = await other.front(swr=False)
    finally:
        await other.aclose()
    assert result.origin is Origin.CACHE
    assert server.count("/") == 1
