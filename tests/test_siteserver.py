"""Tests of the loopback site server: pages, validators, gzip, counting, latency and every fault."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from ktui.siteserver import faults
from ktui.siteserver.faults import MB
from ktui.siteserver.pages import Page
from ktui.siteserver.server import Request, SiteServer

ARTICLE = "<html><body><h1>Story</h1>" + "<p>Seoul news paragraph.</p>" * 100 + "</body></html>"


@pytest.fixture
def server() -> Iterator[SiteServer]:
    site = SiteServer({"/": Page.html("<h1>Home</h1>"), "/article": Page.html(ARTICLE)}).start()
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture
def client(server: SiteServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=5.0) as http:
        yield http


def _siteserver_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("siteserver")]


# Pages, validators, counting


def test_page_has_etag_and_revalidates_with_304(server: SiteServer, client: httpx.Client) -> None:
    first = client.get("/")
    assert first.status_code == 200
    assert first.text == "<h1>Home</h1>"
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200
    assert server.count("/") == 3
    assert server.count_304("/") == 1
    assert [r.conditional for r in server.requests] == [False, True, True]


def test_last_modified_and_if_modified_since(server: SiteServer, client: httpx.Client) -> None:
    modified = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    server.set_page("/dated", Page.html("dated", last_modified=modified, etag=False))
    response = client.get("/dated")
    assert response.headers["last-modified"] == "Wed, 01 May 2024 09:30:00 GMT"
    assert "etag" not in response.headers
    same = format_datetime(modified, usegmt=True)
    older = format_datetime(modified - timedelta(hours=1), usegmt=True)
    assert client.get("/dated", headers={"If-Modified-Since": same}).status_code == 304
    assert client.get("/dated", headers={"If-Modified-Since": older}).status_code == 200
    assert server.count("/dated", status=304) == 1


def test_query_matching_and_counting(server: SiteServer, client: httpx.Client) -> None:
    server.set_pages({"/search?kwd=x&page=1": Page.html("x1"), "/search": Page.html("any")})
    assert client.get("/search", params={"page": "1", "kwd": "x"}).text == "x1"
    assert client.get("/search?kwd=y").text == "any"
    assert client.get("/search?kwd=x").text == "any"
    assert client.get("/search").text == "any"
    assert server.count("/search") == 4
    assert server.count("/search?kwd=x&page=1") == 1
    assert server.count("/search?page=1&kwd=x") == 1
    assert server.total == 4
    assert [r.query.get("kwd") for r in server.requests] == ["x", "y", "x", None]
    assert server.requests[0].method == "GET"
    assert (server.requests[0].header("User-Agent") or "").startswith("python-httpx")
    server.reset_counts()
    assert server.total == 0 and server.count("/search") == 0


def test_set_remove_and_replace_pages(server: SiteServer, client: httpx.Client) -> None:
    server.set_page("/x", Page.html("x"))
    assert client.get("/x").text == "x"
    server.remove_page("/x")
    assert client.get("/x").status_code == 404
    server.set_pages({"/y": Page.html("y")}, clear=True)
    assert client.get("/").status_code == 404
    assert client.get("/y").text == "y"


def test_handler_pages_404_and_handler_errors(client: httpx.Client, server: SiteServer) -> None:
    def handler(request: Request) -> Page | None:
        if request.path == "/boom":
            raise RuntimeError("bad page")
        if request.path == "/search":
            return Page.html(f"results for {request.query.get('kwd', '')}")
        return None

    server.handler = handler
    assert client.get("/search", params={"kwd": "서울"}).text == "results for 서울"
    assert client.get("/").text == "<h1>Home</h1>"  # the table wins over the handler
    missing = client.get("/nowhere")
    assert missing.status_code == 404
    assert "Not Found" in missing.text
    assert client.get("/boom").status_code == 500
    assert [type(e) for e in server.errors] == [RuntimeError]


def test_head_post_and_keep_alive(server: SiteServer, client: httpx.Client) -> None:
    get = client.get("/article", headers={"Accept-Encoding": "identity"})
    head = client.head("/article", headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"] == str(len(ARTICLE))
    assert head.headers["etag"] == get.headers["etag"]
    assert get.http_version == "HTTP/1.1"
    assert "close" not in get.headers.get("connection", "")
    for _ in range(3):
        client.get("/")
    assert server.connections == 1
    client.post("/", content=b"a=1")
    assert [r.method for r in server.requests] == ["GET", "HEAD", "GET", "GET", "GET", "POST"]
    assert server.requests[-1].body == b"a=1"


def test_gzip_for_large_bodies_only(server: SiteServer, client: httpx.Client) -> None:
    response = client.get("/article")
    assert response.headers["content-encoding"] == "gzip"
    assert int(response.headers["content-length"]) < len(ARTICLE)
    assert response.text == ARTICLE
    assert "content-encoding" not in client.get("/").headers  # too small to bother
    assert "content-encoding" not in client.get("/article", headers={"Accept-Encoding": "identity"}).headers
    assert "content-encoding" not in client.get("/article", headers={"Accept-Encoding": "gzip;q=0"}).headers
    server.gzip = False
    assert "content-encoding" not in client.get("/article").headers


def test_concurrent_requests_are_all_counted(server: SiteServer) -> None:
    def fetch() -> None:
        with httpx.Client(base_url=server.url, timeout=5.0) as http:
            for _ in range(10):
                assert http.get("/").status_code == 200

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert server.count("/") == server.total == 80
    assert sorted(r.seq for r in server.requests) == list(range(80))


# Latency


def test_latency_and_delay_fault(server: SiteServer, client: httpx.Client) -> None:
    server.latency = 0.15
    started = time.monotonic()
    client.get("/")
    assert time.monotonic() - started >= 0.15
    server.latency = 0.0
    server.set_fault("/article", faults.delay(0.2))
    started = time.monotonic()
    assert client.get("/article").text == ARTICLE
    assert time.monotonic() - started >= 0.2
    server.set_fault("/", faults.status(500).with_latency(0.1))
    started = time.monotonic()
    assert client.get("/").status_code == 500
    assert time.monotonic() - started >= 0.1


# Faults


@pytest.mark.parametrize("code", [404, 410, 429, 500, 503])
def test_status_fault_with_retry_after(server: SiteServer, client: httpx.Client, code: int) -> None:
    server.set_fault("/", faults.status(code, retry_after=7))
    response = client.get("/")
    assert response.status_code == code
    assert response.headers["retry-after"] == "7"
    assert server.count("/", status=code) == 1


def test_waf_challenge(server: SiteServer, client: httpx.Client) -> None:
    server.set_fault("/article", faults.waf())
    response = client.get("/article")
    assert response.status_code == 202
    assert response.headers["x-amzn-waf-action"] == "challenge"
    assert 1500 < len(response.text) < 3000
    for marker in ("awsWafCookieDomainList", "gokuProps", "challenge.js", ".token.awswaf.com", "<noscript>"):
        assert marker in response.text


def test_service_error_page(server: SiteServer, client: httpx.Client) -> None:
    server.set_fault("/article", faults.service_error())
    response = client.get("/article")
    assert response.status_code == 200
    for marker in ("Service Error", "An unexpected server error occurred", "Go to Homepage"):
        assert marker in response.text


def test_truncated_body_raises(server: SiteServer, client: httpx.Client) -> None:
    server.set_fault("/article", faults.truncated())
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/article")
    server.set_fault("/", faults.truncated(b"0123456789", keep=0.3))
    with client.stream("GET", "/") as response:
        assert response.headers["content-length"] == "10"
        with pytest.raises(httpx.RemoteProtocolError):
            response.read()


def test_reset_raises(server: SiteServer, client: httpx.Client) -> None:
    server.set_fault("/", faults.reset(), times=1)
    with pytest.raises(httpx.ReadError):  # ECONNRESET: an RST, not an orderly FIN
        client.get("/")
    assert client.get("/").status_code == 200  # the fault was used up
    assert server.count("/") == 2


def test_random_and_empty_bodies(server: SiteServer, client: httpx.Client) -> None:
    server.set_fault("/a", faults.random_bytes(500, seed=1))
    server.set_fault("/b", faults.empty())
    random_page = client.get("/a")
    assert len(random_page.content) == 500
    assert random_page.headers["content-type"].startswith("text/html")
    empty_page = client.get("/b")
    assert (empty_page.status_code, empty_page.content) == (200, b"")
    assert empty_page.headers["content-length"] == "0"


def test_huge_body_is_streamed_with_length(server: SiteServer, client: httpx.Client) -> None:
    server.set_fault("/huge", faults.huge())
    with client.stream("GET", "/huge") as response:
        assert int(response.headers["content-length"]) == 30 * MB
        first = next(response.iter_raw())
        assert first.startswith(b"<!doctype html>")
    assert client.head("/huge").headers["content-length"] == str(30 * MB)
    assert client.get("/").status_code == 200


def test_huge_chunked_without_length(server: SiteServer, client: httpx.Client) -> None:
    server.set_fault("/huge", faults.huge(300_000, chunked=True))
    response = client.get("/huge")
    assert "content-length" not in response.headers
    assert response.headers["transfer-encoding"] == "chunked"
    assert len(response.content) == 300_000


def test_gzip_bomb_expands(server: SiteServer, client: httpx.Client) -> None:
    server.set_fault("/bomb", faults.gzip_bomb())
    with client.stream("GET", "/bomb") as response:
        assert response.headers["content-encoding"] == "gzip"
        assert int(response.headers["content-length"]) < MB
        expanded = 0
        for chunk in response.iter_bytes():
            expanded += len(chunk)
            if expanded > 20 * MB:
                break
        assert expanded > 20 * MB
        assert response.num_bytes_downloaded < MB
    with client.stream("GET", "/bomb", headers={"Accept-Encoding": "identity"}) as response:
        assert response.headers["content-encoding"] == "gzip"  # sent whatever the client asked


def test_gzip_bomb_is_a_valid_gzip_member() -> None:
    body = faults.bomb_body(3 * MB)
    assert gzip.decompress(body) == bytes(3 * MB)


@pytest.mark.parametrize("declare", ["header", "meta", "none"])
def test_euc_kr_page(server: SiteServer, client: httpx.Client, declare: faults.Declare) -> None:
    text = "<html><head><title>뉴스</title></head><body>한국 경제 뉴스</body></html>"
    server.set_fault("/kr", faults.encoded(text, "euc-kr", declare=declare))
    response = client.get("/kr")
    assert "한국 경제 뉴스".encode("euc-kr") in response.content
    content_type = response.headers["content-type"]
    assert ("charset=euc-kr" in content_type) == (declare == "header")
    assert (b'<meta charset="euc-kr">' in response.content) == (declare == "meta")
    if declare == "meta":
        assert response.content.startswith(b'<html><head><meta charset="euc-kr">')


def test_redirect_loop_and_cross_host(server: SiteServer, client: httpx.Client) -> None:
    server.set_fault("/a", faults.redirect("/b"))
    server.set_fault("/b", faults.redirect("/a", status=301))
    with pytest.raises(httpx.TooManyRedirects):
        client.get("/a", follow_redirects=True)
    assert server.count("/a") + server.count("/b") > 2
    elsewhere = f"http://127.0.0.2:{server.port}/"
    server.set_fault("/away", faults.redirect(elsewhere))
    response = client.get("/away")
    assert response.status_code == 302
    assert response.headers["location"] == elsewhere


def test_slow_drip_times_out_the_reader(server: SiteServer) -> None:
    server.set_fault("/drip", faults.slow_drip(interval=1.0))
    with httpx.Client(base_url=server.url, timeout=httpx.Timeout(5.0, read=0.3)) as http:
        with pytest.raises(httpx.ReadTimeout):
            http.get("/drip")
        with http.stream("GET", "/drip") as response:
            assert response.status_code == 200
            assert next(response.iter_raw()) == b"<"


def test_times_expiry_and_precedence(server: SiteServer, client: httpx.Client) -> None:
    server.set_fault("/", faults.status(500), times=2)
    assert [client.get("/").status_code for _ in range(3)] == [500, 500, 200]
    server.set_fault("*", faults.status(503))
    server.set_fault("/article", faults.status(410))
    server.set_fault("/article?id=1", faults.status(429))
    assert client.get("/").status_code == 503
    assert client.get("/article").status_code == 410
    assert client.get("/article?id=2").status_code == 410
    assert client.get("/article?id=1").status_code == 429
    server.clear_fault("*")
    assert client.get("/").status_code == 200
    server.clear_faults()
    assert client.get("/article?id=1").status_code == 200


# Lifecycle


def test_stop_is_prompt_during_slow_drip_and_leaves_no_threads() -> None:
    site = SiteServer({"/": Page.html("home")}).start()
    site.set_fault("/drip", faults.slow_drip(interval=30.0))
    site.set_fault("/slow", faults.delay(30.0))
    errors: list[BaseException] = []

    def read(path: str) -> None:
        try:
            with httpx.Client(timeout=60.0) as http:
                http.get(site.url_for(path))
        except httpx.HTTPError as exc:
            errors.append(exc)

    readers = [threading.Thread(target=read, args=(path,)) for path in ("/drip", "/slow")]
    for reader in readers:
        reader.start()
    assert site.wait_for("/drip") and site.wait_for("/slow")
    started = time.monotonic()
    site.stop()
    assert time.monotonic() - started < 5.0  # generous: the drip and the delay would take 30 s
    for reader in readers:
        reader.join(5.0)
        assert not reader.is_alive()
    assert len(errors) == 2
    assert not _siteserver_threads()
    assert not site.running


def test_restart_keeps_the_port_and_counts() -> None:
    with SiteServer({"/": Page.html("home")}) as site:
        url = site.url
        assert httpx.get(site.url_for("/")).text == "home"
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/")
    with site:
        assert site.url == url
        assert httpx.get(url + "/").text == "home"
        assert site.count("/") == 2
