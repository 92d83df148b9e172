"""Provides `HttpClient`: ktui's one way onto the network, with httpx underneath.

It behaves like a careful browser: browser-like headers, connect and read timeouts, an overall
deadline per fetch (so a server that drips one byte a second cannot hold ktui forever), bounded
retries with exponential backoff and jitter on connection errors, 5xx and 429 (honouring
Retry-After), redirects followed by hand so that their number is capped and site pages stay on the
site's hosts, a body size limit enforced while streaming (ktui inflates gzip and deflate itself,
never past the limit, so a gzip bomb stops there without ballooning in memory first), and
conditional requests.
"""

from __future__ import annotations

import asyncio
import importlib
import random
import socket
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from ktui import __version__
from ktui.core.charset import charset_from_content_type, decode_body
from ktui.core.config import FetchSettings  # re-exported: it lives with the other settings
from ktui.core.errors import BlockedPage, HttpStatusError, KtuiError, NetworkError, TooLarge
from ktui.core.urls import Site, is_web_url


class _LazyModule:
    """Stands for a module until first used, then imports it and puts the module in its place."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        module = importlib.import_module(self._name)
        # From now on the module's own name refers to the real module, not to this stand-in.
        globals()[self._name] = module
        return getattr(module, attribute)


if TYPE_CHECKING:
    import httpx
else:
    # httpx takes longer to import than the rest of ktui's core together, and a reader whose
    # cache is fresh makes no request at all at start: httpx is imported with the first request.
    httpx = _LazyModule("httpx")

USER_AGENT: Final = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    f"Chrome/131.0 Safari/537.36 ktui/{__version__}"
)
"""A browser-like User-Agent that still names ktui, as a polite client should."""

RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
"""Statuses worth another try."""

_STATUS_TEXT: Final = {404: "not found", 410: "gone", 403: "forbidden", 401: "needs a login",
                       429: "too many requests", 500: "server error", 502: "bad gateway",
                       503: "service unavailable", 504: "gateway timeout"}


@dataclass(frozen=True)
class Response:
    """A complete response."""

    url: str
    """The final URL, after redirects."""
    status: int
    """The HTTP status."""
    body: bytes
    """The body, decompressed."""
    headers: dict[str, str] = field(default_factory=dict)
    """The response headers, names in lower case."""
    elapsed: float = 0.0
    """Seconds the fetch took, retries included."""

    @property
    def not_modified(self) -> bool:
        """Whether the server said the cached copy is still current (304)."""
        return self.status == 304

    @property
    def text(self) -> str:
        """The body decoded: header charset, page meta, UTF-8, then Korean codecs."""
        return decode_body(self.body, charset_from_content_type(self.headers.get("content-type")))


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Return the delay a Retry-After header asks for (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    # isascii too: "²" (a Latin-1 byte in a header) is a digit to isdigit() but not to float().
    if value.isascii() and value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime  # here: see `ktui.core.times.parse_time`

    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when - (now if now is not None else time.time()))


def _host(url: str) -> str:
    # Error messages call this, so it must not raise on the very URL that caused the error.
    try:
        return httpx.URL(url).host or url
    except (httpx.InvalidURL, ValueError, TypeError):
        return urlsplit(url).netloc or url


class HttpClient:
    """Fetches pages of the site (and, for reader mode, of other sites)."""

    def __init__(self, site: Site, settings: FetchSettings | None = None,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.site = site
        """The site whose hosts site pages must stay on."""
        self.settings = settings or FetchSettings()
        """Timeouts, retries and limits."""
        self.requests = 0
        """How many HTTP requests were sent (each retry and redirect counts)."""
        timeout = httpx.Timeout(self.settings.read_timeout, connect=self.settings.connect_timeout)
        self._client = httpx.AsyncClient(
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Language": "en-US,en;q=0.9,ko;q=0.7",
                "Accept-Encoding": "gzip, deflate",
            },
            timeout=timeout,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=8, max_keepalive_connections=8, keepalive_expiry=30.0),
            transport=transport,
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetch a URL, revalidating with the given validators.

        Raises:
            NetworkError: Connection failed, timed out, reset, or was redirected off the site.
            HttpStatusError: The server answered with an error status (after retries).
            TooLarge: The body exceeded the size limit.
            BlockedPage: The site's WAF answered with a challenge (detected from headers).
        """
        if not is_web_url(url):
            raise NetworkError(f"not an http(s) URL: {url}", url=url)
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.settings.deadline):
                response = await self._get_with_retries(url, etag, last_modified, started)
        except TimeoutError:
            raise NetworkError(
                f"{_host(url)} did not answer in {self.settings.deadline:g} s", url=url
            ) from None
        return response

    async def _get_with_retries(self, url: str, etag: str | None, last_modified: str | None,
                                started: float) -> Response:
        attempt = 0
        while True:
            try:
                response = await self._follow(url, etag, last_modified)
            except NetworkError as error:
                if attempt >= self.settings.retries or getattr(error, "final", False):
                    raise
                delay = self._backoff(attempt)
                if self._past_deadline(started, delay):
                    raise
            else:
                if response.status not in RETRY_STATUSES:
                    return self._judge(response, started)
                wait = retry_after_seconds(response.headers.get("retry-after"))
                if attempt >= self.settings.retries or (wait is not None and wait > self.settings.max_retry_after):
                    return self._judge(response, started)
                delay = wait if wait is not None else self._backoff(attempt)
                if self._past_deadline(started, delay):
                    return self._judge(response, started)
            attempt += 1
            await asyncio.sleep(delay)

    def _past_deadline(self, started: float, delay: float) -> bool:
        """Tell whether waiting `delay` before another try would run into the deadline.

        Then the real failure (a 503 and its Retry-After, a reset) is reported at once, rather than
        "did not answer" after a wait whose retry the deadline would cancel anyway.
        """
        return time.monotonic() - started + delay >= self.settings.deadline

    def _backoff(self, attempt: int) -> float:
        base = self.settings.backoff * (2**attempt)
        # Full jitter keeps several ktui processes from retrying in lockstep.
        return random.uniform(base / 2, base)

    def _judge(self, response: Response, started: float) -> Response:
        """Raise for error statuses; return a good or 304 response with its elapsed time."""
        elapsed = time.monotonic() - started
        status = response.status
        if response.headers.get("x-amzn-waf-action") or (status in (202, 405) and b"awsWaf" in response.body):
            raise BlockedPage("the site answered with a bot challenge (AWS WAF)", url=response.url)
        if status >= 400:
            reason = _STATUS_TEXT.get(status, "error")
            message = f"{_host(response.url)} answered {status} ({reason})"
            wait = retry_after_seconds(response.headers.get("retry-after"))
            if wait is not None and status in (429, 503):
                message += f"; it asks to retry after {wait:.0f} s"
            raise HttpStatusError(status, message, url=response.url)
        return Response(response.url, status, response.body, response.headers, elapsed)

    def _allowed(self, origin: str, target: str) -> bool:
        """Tell whether a redirect may be followed: site pages must stay on the site."""
        if not is_web_url(target):
            return False
        if self.site.is_site(origin):
            return self.site.is_site(target)
        return True

    async def _follow(self, url: str, etag: str | None, last_modified: str | None) -> Response:
        current = url
        for _ in range(self.settings.max_redirects + 1):
            response = await self._once(current, etag if current == url else None,
                                        last_modified if current == url else None)
            if response.status not in (301, 302, 303, 307, 308):
                return response
            location = response.headers.get("location")
            target = self.site.normalize(location, current) if location else None
            if target is None or not self._allowed(url, target):
                error = NetworkError(f"{_host(url)} redirected off the site to {location}", url=url)
                error.final = True  # type: ignore[attr-defined]
                raise error
            current = target
        error = NetworkError(f"too many redirects from {url}", url=url)
        error.final = True  # type: ignore[attr-defined]
        raise error

    async def _once(self, url: str, etag: str | None, last_modified: str | None) -> Response:
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = self.settings.max_body
        self.requests += 1
        try:
            async with self._client.stream("GET", url, headers=headers) as stream:
                declared = stream.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    error = TooLarge(f"{url} is {int(declared) // 1_000_000} MB; the limit is "
                                     f"{limit // 1_000_000} MB", url=url)
                    raise error
                inflaters = _inflaters(stream.headers.get("content-encoding", ""))
                chunks: list[bytes] = []
                size = received = 0
                async for raw in stream.aiter_raw():
                    # The raw bytes count too: a compressed stream can be endless yet inflate to nothing.
                    received += len(raw)
                    chunk = raw
                    for inflater in inflaters:
                        chunk = inflater.inflate(chunk, limit - size)
                    size += len(chunk)
                    if size > limit or received > limit:
                        raise TooLarge(f"{url} is larger than {limit // 1_000_000} MB", url=url)
                    chunks.append(chunk)
                for index, inflater in enumerate(inflaters):
                    chunk = inflater.flush()
                    for later in inflaters[index + 1:]:
                        chunk = later.inflate(chunk, limit - size)
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(f"{url} is larger than {limit // 1_000_000} MB", url=url)
                    chunks.append(chunk)
                return Response(
                    str(stream.url),
                    stream.status_code,
                    b"".join(chunks),
                    {k.lower(): v for k, v in stream.headers.items()},
                )
        except httpx.HTTPError as error:
            failed = NetworkError(_describe(error, url), url=url)
            # A redirect to a URL httpx cannot even parse will not be any better on a retry.
            failed.final = _bad_location(error)  # type: ignore[attr-defined]
            raise failed from None
        except zlib.error:
            raise NetworkError(f"{_host(url)} sent a body that could not be decompressed", url=url) from None
        except httpx.InvalidURL:
            # httpx refuses a URL with a control character in it, and it also parses a redirect's
            # Location before ktui sees the response, so "Location: javascript:..." ends up here too.
            invalid = NetworkError(_invalid_url(url), url=url)
            invalid.final = True  # type: ignore[attr-defined]
            raise invalid from None
        except KtuiError:
            raise
        except Exception as error:
            # The socket layer can fail outside httpx's error types: a sandbox or firewall shim that
            # refuses the connection raises its own error (which anyio may wrap in an ExceptionGroup).
            # To the user it is a connection that failed, reported in one line like any other.
            raise NetworkError(f"cannot connect to {_host(url)} ({_root_cause(error)})", url=url) from None


class _Inflater:
    """Undoes one Content-Encoding (gzip or deflate) as the body streams in, never inflating past a cap.

    httpx would inflate each network chunk whole: 64 KB of a gzip bomb becomes 64 MB in memory
    before any size check sees it. Here each chunk yields at most one byte more than the size limit
    still allows, and that one byte is enough to tell that the body is too large.
    """

    def __init__(self, coding: str) -> None:
        self.coding = coding
        """The coding undone: "gzip", "x-gzip" or "deflate"."""
        gzip = coding in ("gzip", "x-gzip")
        self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS)
        self._started = False

    def inflate(self, data: bytes, room: int) -> bytes:
        """Inflate a chunk; at most `room` + 1 bytes come out (input beyond that is dropped)."""
        if not data:
            return b""
        try:
            out = self._zlib.decompress(data, max(room, 0) + 1)
        except zlib.error:
            if self.coding != "deflate" or self._started:
                raise
            # "deflate" is often sent raw, without the zlib header the standard asks for.
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._zlib.decompress(data, max(room, 0) + 1)
        self._started = True
        return out

    def flush(self) -> bytes:
        """Return what the decompressor still holds (little: the input was consumed as it came)."""
        return self._zlib.flush()


def _inflaters(content_encoding: str) -> list[_Inflater]:
    """The inflaters that undo a Content-Encoding header, in the order to apply them.

    Codings ktui did not ask for (only gzip and deflate are accepted) are left alone, as httpx
    would; the parser then finds nothing in the body.
    """
    codings = [c.strip().lower() for c in content_encoding.split(",")]
    return [_Inflater(c) for c in reversed(codings) if c in ("gzip", "x-gzip", "deflate")]


def _bad_location(error: httpx.HTTPError) -> bool:
    """Tell whether httpx failed on a redirect's Location header (it parses it before ktui does)."""
    return isinstance(error, httpx.RemoteProtocolError) and "location header" in str(error).lower()


def _invalid_url(url: str) -> str:
    """Say which URL httpx refused: the one asked for, or the one a redirect pointed to."""
    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        return f"not a valid URL: {url!r}"
    return f"{_host(url)} redirected off the site to a link that is not a web page"


def _describe(error: httpx.HTTPError, url: str) -> str:
    """Turn an httpx error into a one-line message a user understands."""
    host = _host(url)
    text = str(error).lower()
    if isinstance(error, httpx.ConnectTimeout):
        return f"connecting to {host} timed out"
    if isinstance(error, httpx.ReadTimeout):
        return f"{host} stopped answering (read timeout)"
    if isinstance(error, httpx.ConnectError):
        # httpx's own text is often just "All connection attempts failed"; the cause says why.
        cause = _root_cause_error(error)
        if isinstance(cause, socket.gaierror) or "name or service" in text or "nodename" in text \
                or "getaddrinfo" in text or "resolve" in text:
            return f"cannot resolve {host} (no network or DNS?)"
        if isinstance(cause, ConnectionRefusedError) or "refused" in text:
            return f"{host} refused the connection"
        return f"cannot connect to {host}"
    if _bad_location(error):
        return f"{host} redirected off the site to a link that is not a web page"
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return f"{host} closed the connection mid-response"
    if isinstance(error, httpx.DecodingError):
        return f"{host} sent a body that could not be decompressed"
    if isinstance(error, httpx.TooManyRedirects):
        return f"too many redirects from {host}"
    return f"network error talking to {host}: {type(error).__name__}"


def _root_cause_error(error: BaseException) -> BaseException:
    """Follow an exception's causes (and the first of an exception group) down to the original."""
    seen: set[int] = set()
    while id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, BaseExceptionGroup) and error.exceptions:
            error = error.exceptions[0]
            continue
        nested = error.__cause__ or error.__context__
        if nested is None:
            break
        error = nested
    return error


def _root_cause(error: BaseException) -> str:
    """Name the original error of a failure, for the end of a one-line message."""
    cause = _root_cause_error(error)
    return type(cause).__name__
