"""Provides `SiteServer`, a loopback HTTP/1.1 server with request counting and fault injection.

It serves the demo edition, the integration tests and the benchmark. Each connection gets a daemon
thread; `stop()` wakes every waiting or dripping handler and closes every connection, so it returns
promptly. Faults are defined in `ktui.siteserver.faults`, the HTTP wire layer (sockets, connection
threads, validators, gzip) in `ktui.siteserver.wire`. Standard library only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import parse_qsl, unquote

from ktui.siteserver.faults import Fault
from ktui.siteserver.pages import Page

# Re-exported with "as": GZIP_MIN_BYTES was defined here before the wire layer moved to its own module.
from ktui.siteserver.wire import GZIP_MIN_BYTES as GZIP_MIN_BYTES
from ktui.siteserver.wire import _HTTPServer

STOP_JOIN_SECONDS = 2.0
"""How long `stop()` waits, in all, for the connection threads to end."""

_Key = tuple[str, tuple[tuple[str, str], ...]]


def _key(target: str) -> _Key:
    """Turn a path with optional query into a lookup key: decoded path, sorted query pairs."""
    # Split by hand: urlsplit would read "//x" as a host, and an absolute-form target is never sent here.
    path, _, query = target.partition("#")[0].partition("?")
    return unquote(path) or "/", tuple(sorted(parse_qsl(query, keep_blank_values=True)))


@dataclass(frozen=True)
class Request:
    """One request as the server received it.

    Attributes:
        method: The method, e.g. "GET" or "HEAD".
        path: The percent-decoded path, without the query.
        query: The decoded query parameters, with the first value of each name.
        target: The raw request target, path and query as sent.
        headers: The headers, with lower-cased names.
        seq: The arrival number, from 0, never reused by the same server.
        received_at: `time.monotonic()` on arrival.
        body: The request body (POST only).
    """

    method: str
    path: str
    query: dict[str, str]
    target: str
    headers: dict[str, str]
    seq: int = 0
    received_at: float = 0.0
    body: bytes = b""

    def header(self, name: str, default: str | None = None) -> str | None:
        """Return the value of header `name` (any case), or `default` when absent."""
        return self.headers.get(name.lower(), default)

    @property
    def conditional(self) -> bool:
        """Whether the request carries If-None-Match or If-Modified-Since."""
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


@dataclass
class _Armed:
    """A fault set on a path, with how many more requests it applies to (None: all)."""

    fault: Fault
    remaining: int | None


class SiteServer:
    """A loopback HTTP server for fixture pages, with counting, latency and fault injection.

    Pages are looked up by path and query: a key with a query matches only that query (in any
    order); a key without one matches the path with any query when no exact key exists. Paths that
    no page matches go to `handler`, then get a 404 page.

    Attributes:
        latency: Seconds added before every response; settable at any time.
        gzip: Whether bodies over 1 KB are gzipped for clients that accept gzip.
        handler: Builds pages for paths not in the page table; None answers 404.
        errors: Exceptions raised by `handler` (answered with a 500) or by the server's own code.
    """

    def __init__(
        self,
        pages: Mapping[str, Page] | None = None,
        *,
        handler: Callable[[Request], Page | None] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        """Create a stopped server.

        Args:
            pages: Pages by path, optionally with a query string.
            handler: Consulted for paths not in `pages`; returns a page or None for a 404.
            host: The address to bind.
            port: The port to bind; 0 picks a free one (kept across a stop and a restart).
        """
        self.latency: float = 0.0
        self.gzip: bool = True
        self.handler = handler
        self.errors: list[BaseException] = []
        self.host = host
        self._port = port
        self._lock = threading.Condition()
        self._pages: dict[_Key, Page] = {}
        self._faults: dict[_Key, _Armed] = {}
        self._requests: list[Request] = []
        self._statuses: dict[int, int] = {}
        self._seq = 0
        self._connections = 0
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        if pages:
            self.set_pages(pages)

    # Lifecycle

    def start(self) -> SiteServer:
        """Bind and serve in a daemon thread (a no-op if running); return the server itself."""
        if self._httpd is not None:
            return self
        httpd = _HTTPServer((self.host, self._port), self)
        self._port = int(httpd.server_address[1])
        thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name=f"siteserver-{self._port}"
        )
        thread.daemon = True
        thread.start()
        self._httpd, self._thread = httpd, thread
        return self

    def stop(self) -> None:
        """Stop serving and close every connection, waking handlers that wait or drip; prompt."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        self._httpd = self._thread = None
        httpd.stop_event.set()
        httpd.shutdown()
        httpd.server_close()
        httpd.abort_connections()
        httpd.join_connections(STOP_JOIN_SECONDS)
        thread.join(STOP_JOIN_SECONDS)

    @property
    def running(self) -> bool:
        """Whether the server is serving."""
        return self._httpd is not None

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (0 before the first start when none was given)."""
        return self._port

    @property
    def url(self) -> str:
        """The base URL, e.g. "http://127.0.0.1:8123", without a trailing slash."""
        return f"http://{self.host}:{self._port}"

    def url_for(self, target: str) -> str:
        """Return the absolute URL of `target` (a path starting with "/", maybe with a query)."""
        return self.url + target

    # Pages

    def set_page(self, path: str, page: Page) -> None:
        """Add or replace the page for `path` (optionally with a query string)."""
        with self._lock:
            self._pages[_key(path)] = page

    def remove_page(self, path: str) -> None:
        """Remove the page for `path`, as given to `set_page`, if any."""
        with self._lock:
            self._pages.pop(_key(path), None)

    def set_pages(self, pages: Mapping[str, Page], *, clear: bool = False) -> None:
        """Add or replace several pages by path key; with `clear`, remove every other page first."""
        with self._lock:
            if clear:
                self._pages.clear()
            self._pages.update((_key(path), page) for path, page in pages.items())

    # Faults

    def set_fault(self, path: str, fault: Fault, *, times: int | None = None) -> None:
        """Inject `fault` for a path key, or for every path with "*".

        A fault for the exact path and query wins over one for the path, which wins over "*". With
        `times`, it applies to the next `times` requests only, then disappears.
        """
        with self._lock:
            self._faults[_key(path)] = _Armed(fault, times)

    def clear_fault(self, path: str) -> None:
        """Remove the fault for `path` (or "*"), if any."""
        with self._lock:
            self._faults.pop(_key(path), None)

    def clear_faults(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()

    # Counting

    @property
    def requests(self) -> list[Request]:
        """A copy of the requests received, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def total(self) -> int:
        """How many requests were received since the last `reset_counts()`."""
        with self._lock:
            return len(self._requests)

    @property
    def connections(self) -> int:
        """How many TCP connections were accepted (never reset): shows whether clients keep them alive."""
        return self._connections

    def count(self, path: str, *, status: int | None = None) -> int:
        """Count the requests received for `path`, optionally only those answered with `status`.

        A path without a query counts every query; with one, only that query (parameters in any order).
        """
        with self._lock:
            requests, statuses = list(self._requests), dict(self._statuses)
        if "?" in path:
            wanted = _key(path)
            matching = [r for r in requests if _key(r.target) == wanted]
        else:
            decoded = _key(path)[0]
            matching = [r for r in requests if r.path == decoded]
        if status is not None:
            matching = [r for r in matching if statuses.get(r.seq) == status]
        return len(matching)

    def count_304(self, path: str) -> int:
        """Count the requests for `path` (as for `count`) answered 304 Not Modified."""
        return self.count(path, status=304)

    def status_of(self, request: Request) -> int | None:
        """Return the status `request` was answered with; None if none was sent (yet, or ever)."""
        with self._lock:
            return self._statuses.get(request.seq)

    def reset_counts(self) -> None:
        """Forget the requests received so far."""
        with self._lock:
            self._requests.clear()
            self._statuses.clear()

    def wait_for(self, path: str, n: int = 1, timeout: float = 5.0) -> bool:
        """Block up to `timeout` seconds until `count(path)` reaches `n`; return whether it did."""
        deadline = time.monotonic() + timeout
        while self.count(path) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self._lock:
                self._lock.wait(min(remaining, 0.05))
        return True

    # Called by the connection threads

    def _record(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Request:
        """Build a request from what arrived, number it, append it to the log and wake `wait_for` callers."""
        received_at = time.monotonic()
        first: dict[str, str] = {}
        # Not from _key, whose pairs are sorted: "first value" means first in the order sent.
        for name, value in parse_qsl(target.partition("#")[0].partition("?")[2], keep_blank_values=True):
            first.setdefault(name, value)
        with self._lock:
            request = Request(method, _key(target)[0], first, target, headers, self._seq, received_at, body)
            self._seq += 1
            self._requests.append(request)
            self._lock.notify_all()
            return request

    def _note_status(self, request: Request, status: int) -> None:
        with self._lock:
            self._statuses[request.seq] = status

    def _take_fault(self, target: str) -> Fault | None:
        """Return the fault for a request target, using up one of its `times`."""
        key = _key(target)
        with self._lock:
            for candidate in (key, (key[0], ()), ("*", ())):
                armed = self._faults.get(candidate)
                if armed is None:
                    continue
                if armed.remaining is not None:
                    armed.remaining -= 1
                    if armed.remaining <= 0:
                        del self._faults[candidate]
                return armed.fault
        return None

    def _resolve(self, request: Request) -> Page:
        """Return the page for a request: from the table, else from the handler, else a 404."""
        with self._lock:
            page = _lookup(self._pages, _key(request.target))
        if page is None and self.handler is not None:
            try:
                page = self.handler(request)
            except Exception as exc:  # a bug in a dynamic page must not kill the connection
                self.errors.append(exc)
                return Page.html(f"<h1>Handler error</h1><pre>{exc!r}</pre>", status=500, etag=False)
        return page if page is not None else _not_found(request.path)


def _lookup(pages: Mapping[_Key, Page], key: _Key) -> Page | None:
    page = pages.get(key)
    if page is None and key[1]:
        page = pages.get((key[0], ()))
    return page


def _not_found(path: str) -> Page:
    """Build the 404 page for an unknown path."""
    safe = path.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Page.html(
        f"<!doctype html><html><body><h1>Not Found</h1><p>{safe}</p></body></html>", status=404, etag=False
    )
