"""Provides the HTTP wire layer of `SiteServer`: the socket server and the per-connection handler.

`_HTTPServer` gives each connection a tracked daemon thread so that `SiteServer.stop()` can end them
all; `_Handler` answers a connection's requests, applying latency and faults and honouring validators
and gzip. What to answer (pages, faults, counting) is the `SiteServer`'s business, reached through its
private hooks. Standard library only.
"""

from __future__ import annotations

import gzip as gziplib
import hashlib
import http.server
import re
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from ktui.siteserver.faults import Fault, abort, bomb_body, write_drip, write_huge
from ktui.siteserver.pages import HTML, Page

if TYPE_CHECKING:
    # Types only: server.py imports this module, so a runtime import back would be circular.
    from ktui.siteserver.server import Request, SiteServer

GZIP_MIN_BYTES = 1024
"""Bodies longer than this are gzipped for clients that accept it."""


class _HTTPServer(http.server.HTTPServer):
    """The socket server: one daemon thread per connection, all tracked so `stop()` can end them."""

    allow_reuse_address = True
    request_queue_size = 128  # the benchmark opens many connections at once

    def __init__(self, address: tuple[str, int], site: SiteServer) -> None:
        self.site = site
        self.stop_event = threading.Event()
        self._conns: dict[socket.socket, threading.Thread] = {}
        self._conns_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the host, which can stall offline."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in a tracked daemon thread."""
        thread = threading.Thread(
            target=self._serve_connection, args=(request, client_address), name="siteserver-conn"
        )
        thread.daemon = True
        with self._conns_lock:
            if self.stop_event.is_set():
                self.shutdown_request(request)
                return
            self._conns[request] = thread
            self.site._connections += 1
        thread.start()

    def _serve_connection(self, request: socket.socket, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            with self._conns_lock:
                self._conns.pop(request, None)
            self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Keep errors off stderr: a client going away is normal here; anything else is recorded."""
        exc = sys.exc_info()[1]
        if exc is not None and not isinstance(exc, OSError):
            self.site.errors.append(exc)

    def abort_connections(self) -> None:
        """Shut every open connection down, which wakes threads blocked reading or writing it."""
        with self._conns_lock:
            sockets = list(self._conns)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def join_connections(self, timeout: float) -> None:
        """Wait up to `timeout` seconds in all for the connection threads to end."""
        deadline = time.monotonic() + timeout
        with self._conns_lock:
            threads = list(self._conns.values())
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers one connection's requests from the site's pages, handler and faults."""

    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "ktui-siteserver/1"
    sys_version = ""
    timeout = 30  # an idle keep-alive connection or a stalled reader ends after this
    disable_nagle_algorithm = True  # else small writes wait on delayed ACKs and skew the benchmark

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Log nothing: tests and the demo must keep stderr clean."""

    def do_GET(self) -> None:
        """Serve a GET."""
        self._serve()

    def do_HEAD(self) -> None:
        """Serve a HEAD: the GET headers, no body."""
        self._serve()

    def do_POST(self) -> None:
        """Serve a POST like a GET, with the body recorded on the request."""
        self._serve()

    def _serve(self) -> None:
        site, stop = self.server.site, self.server.stop_event
        request = site._record(self.command, self.path, *self._read())
        fault = site._take_fault(request.target) or Fault("delay")
        if stop.is_set() or stop.wait(site.latency + fault.latency):
            self.close_connection = True
            return
        if fault.kind in ("reset", "drip", "huge"):
            self.close_connection = fault.kind != "huge"
            if fault.kind == "reset":
                # The real close, with its RST, comes when finish() releases rfile; the server's
                # shutdown_request() afterwards fails quietly on the dead socket.
                abort(self.connection)
                return
            length = (
                ("Transfer-Encoding", "chunked") if fault.chunked else ("Content-Length", str(fault.size))
            )
            framing = (
                [("Transfer-Encoding", "chunked"), ("Connection", "close")]
                if fault.kind == "drip"
                else [length]
            )
            self._start(request, 200, [("Content-Type", HTML), *framing])
            if request.method == "HEAD":
                return
            if fault.kind == "drip":
                write_drip(self.connection, self.wfile.write, fault.interval, stop)
            elif not write_huge(self.wfile.write, fault.size, fault.chunked, stop):
                self.close_connection = True
        elif fault.kind == "truncated":
            self._send(request, fault.page or site._resolve(request), keep=fault.keep)
        elif fault.kind == "bomb":
            self._send(
                request, Page(bomb_body(fault.size), headers=(("Content-Encoding", "gzip"),), etag=False)
            )
        else:
            self._send(request, fault.page or site._resolve(request))

    def _read(self) -> tuple[dict[str, str], bytes]:
        """Return the request's headers, with lower-cased names, and its body (POST only)."""
        headers = {name.lower(): value for name, value in self.headers.items()}
        length = int(headers.get("content-length", "0") or 0) if self.command == "POST" else 0
        body = self.rfile.read(length) if length > 0 else b""
        return headers, body

    def _start(self, request: Request, status: int, headers: Iterable[tuple[str, str]]) -> None:
        """Send the status line and headers, and record the status."""
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.server.site._note_status(request, status)

    def _send(self, request: Request, page: Page, *, keep: float | None = None) -> None:
        """Send a page, honouring validators and gzip; with `keep`, cut it short and close."""
        etag = '"' + hashlib.blake2b(page.body, digest_size=10).hexdigest() + '"' if page.etag else None
        modified = _utc(page.last_modified) if page.last_modified else None
        validators = [("ETag", etag)] if etag else []
        if modified:
            validators.append(("Last-Modified", format_datetime(modified, usegmt=True)))
        conditional = keep is None and request.method in ("GET", "HEAD") and page.status == 200
        if conditional and _not_modified(request, etag, modified):
            self._start(request, 304, validators + list(page.headers))  # e.g. Cache-Control, as RFC 9110 asks
            return
        body = page.body
        headers = [("Content-Type", page.content_type)] if page.content_type else []
        encoded = any(name.lower() == "content-encoding" for name, _ in page.headers)
        if self.server.site.gzip and keep is None and not encoded and len(body) > GZIP_MIN_BYTES:
            headers.append(("Vary", "Accept-Encoding"))
            if _accepts_gzip(request.header("accept-encoding") or ""):
                body = gziplib.compress(body, compresslevel=6, mtime=0)
                headers.append(("Content-Encoding", "gzip"))
        if page.status >= 200 and page.status not in (204, 304):
            headers.append(("Content-Length", str(len(body))))
        headers += validators + list(page.headers)
        if keep is not None:
            self.close_connection = True
            headers.append(("Connection", "close"))
            body = body[: int(len(body) * keep)]
        self._start(request, page.status, headers)
        if request.method != "HEAD" and body:
            self.wfile.write(body)


def _utc(moment: datetime) -> datetime:
    """Return a datetime in UTC, whole seconds; a naive one is taken to be UTC already."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.replace(microsecond=0)


def _not_modified(request: Request, etag: str | None, modified: datetime | None) -> bool:
    """Decide a conditional GET: If-None-Match when sent (weak comparison), else If-Modified-Since."""
    if_none_match = request.header("if-none-match")
    if if_none_match is not None:
        if etag is None:
            return False
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = request.header("if-modified-since")
    if if_modified_since is None or modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    return modified <= _utc(since)


def _accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding value allows gzip (listed, or "*", without q=0)."""
    for item in accept_encoding.lower().replace(" ", "").split(","):
        name, _, params = item.partition(";")
        if name in ("gzip", "x-gzip", "*"):
            return not re.fullmatch(r"q=0(\.0*)?", params)
    return False
