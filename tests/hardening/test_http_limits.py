"""The HTTP client's limits, one by one: Retry-After within the deadline, inflation capped at the size
limit (a gzip bomb never balloons in memory), deflate in both of its forms, and failures from outside
httpx's own error types (a URL httpx refuses, a socket layer raising its own errors) all end as a
`NetworkError` with a one-line message.
"""

from __future__ import annotations

import time
import tracemalloc
import zlib

import httpx
import pytest

from ktui.core.errors import HttpStatusError, NetworkError, TooLarge
from ktui.core.http import FetchSettings, HttpClient
from ktui.core.urls import Site
from ktui.siteserver import faults
from ktui.siteserver.pages import Page
from ktui.siteserver.server import SiteServer

PAGE = ("<!doctype html><html><body>" + "<p>Seoul lies on the Han River.</p>" * 200 + "</body></html>").encode()


async def test_retry_after_is_honoured_within_the_deadline(server: SiteServer) -> None:
    server.set_fault("/wait", faults.status(503, retry_after=1), times=1)
    server.set_page("/wait", Page(PAGE))
    client = HttpClient(Site(server.url), FetchSettings(deadline=5.0, retries=1, max_retry_after=2.0))
    try:
        started = time.monotonic()
        response = await client.get(server.url + "/wait")
        assert response.status == 200
        assert time.monotonic() - started >= 0.9
        assert server.count("/wait") == 2
    finally:
        await client.aclose()


async def test_a_retry_the_deadline_would_cut_short_is_not_waited_for(server: SiteServer) -> None:
    server.set_fault("/wait", faults.status(503, retry_after=2))
    client = HttpClient(Site(server.url), FetchSettings(deadline=1.0, retries=3, max_retry_after=5.0))
    try:
        started = time.monotonic()
        with pytest.raises(HttpStatusError) as caught:
            await client.get(server.url + "/wait")
        assert time.monotonic() - started < 0.8
        assert "retry after 2 s" in caught.value.message  # the real reason, not "did not answer"
        assert server.count("/wait") == 1
    finally:
        await client.aclose()


async def test_a_gzip_bomb_stops_at_the_limit_without_ballooning(server: SiteServer) -> None:
    limit = 4 * 1024 * 1024
    server.set_fault("/bomb", faults.gzip_bomb(256 * 1024 * 1024))
    faults.bomb_body(256 * 1024 * 1024)  # built before measuring: the server's side is not ktui's
    client = HttpClient(Site(server.url), FetchSettings(max_body=limit))
    try:
        tracemalloc.start()
        try:
            with pytest.raises(TooLarge):
                await client.get(server.url + "/bomb")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        # httpx alone would inflate each 64 KB network chunk whole: 64 MB at once.
        assert peak < 4 * limit, f"peak {peak / 1e6:.0f} MB for a {limit / 1e6:.0f} MB limit"
    finally:
        await client.aclose()


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS, 16 + zlib.MAX_WBITS],
                         ids=["deflate-zlib", "deflate-raw", "gzip"])
async def test_compressed_bodies_are_inflated(server: SiteServer, wbits: int) -> None:
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    body = compressor.compress(PAGE) + compressor.flush()
    coding = "gzip" if wbits > zlib.MAX_WBITS else "deflate"
    server.set_page("/packed", Page(body, headers=(("Content-Encoding", coding),)))
    client = HttpClient(Site(server.url))
    try:
        assert (await client.get(server.url + "/packed")).body == PAGE
    finally:
        await client.aclose()


async def test_a_corrupt_compressed_body_is_a_network_error(server: SiteServer) -> None:
    server.set_page("/bad", Page(b"\x1f\x8b\x08\x00garbage-not-deflate" * 10, headers=(("Content-Encoding", "gzip"),)))
    client = HttpClient(Site(server.url), FetchSettings(retries=0))
    try:
        with pytest.raises(NetworkError) as caught:
            await client.get(server.url + "/bad")
        assert "decompressed" in caught.value.message
    finally:
        await client.aclose()


async def test_a_url_httpx_refuses_is_a_network_error_without_a_request(server: SiteServer) -> None:
    client = HttpClient(Site(server.url), FetchSettings(retries=2))
    try:
        with pytest.raises(NetworkError) as caught:
            await client.get(server.url + "/economy/20261127/a\x1b]52;c;SGk=\x07b")
        assert "\x1b" not in caught.value.message
        assert client.requests == 1, "not retried"
        assert server.total == 0
    finally:
        await client.aclose()


class _Refusing(httpx.AsyncBaseTransport):
    """A transport whose socket layer raises its own errors, as a sandbox or firewall shim would."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise self.error


@pytest.mark.parametrize("error", [
    RuntimeError("A test tried to use socket.socket.connect()"),
    ExceptionGroup("unhandled errors in a TaskGroup", [RuntimeError("blocked")]),
    PermissionError(1, "Operation not permitted"),
], ids=["runtime-error", "exception-group", "permission-error"])
async def test_errors_from_outside_httpx_are_network_errors(error: BaseException) -> None:
    client = HttpClient(Site("https://www.koreatimes.co.kr"), FetchSettings(retries=1, backoff=0.01),
                        transport=_Refusing(error))
    try:
        with pytest.raises(NetworkError) as caught:
            await client.get("https://www.koreatimes.co.kr/economy")
        assert caught.value.message.startswith("cannot connect to www.koreatimes.co.kr")
    finally:
        await client.aclose()
