"""Defines the faults the loopback site server can inject, and how the special ones behave on the wire.

A `Fault` replaces the normal response for a path. Most faults are simply another `Page` (an error
status, a WAF challenge, a page in EUC-KR, a redirect); the rest change how the bytes go out (a
truncated body, a 30 MB stream, a gzip bomb, a slow drip, a TCP reset). Build them with the
constructor functions below rather than with `Fault(...)` directly.
"""

from __future__ import annotations

import functools
import random
import re
import secrets
import select
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from ktui.siteserver.pages import Page

FaultKind = Literal["page", "truncated", "huge", "bomb", "drip", "reset", "delay"]
"""How the server carries out a fault: serve `Fault.page`, or one of the special behaviours."""

Declare = Literal["header", "meta", "none"]
"""Where `encoded` declares the charset."""
MB = 1024 * 1024
"""One mebibyte, the unit of the size defaults."""


@dataclass(frozen=True)
class Fault:
    """One injected misbehaviour; build it with the constructor functions of this module."""

    kind: FaultKind
    """Which behaviour the server carries out."""
    page: Page | None = None
    """The page served instead of the real one (kind "page"), or the body to cut short ("truncated")."""
    latency: float = 0.0
    """Seconds to wait before responding, on top of the server's own latency."""
    size: int = 0
    """Bytes sent ("huge") or the expanded size ("bomb")."""
    chunked: bool = False
    """Whether "huge" uses chunked transfer coding instead of a Content-Length."""
    keep: float = 0.5
    """The fraction of the body "truncated" writes before it closes the connection."""
    interval: float = 1.0
    """Seconds between bytes for "drip"."""

    def with_latency(self, seconds: float) -> Fault:
        """Return a copy that waits `seconds` (on top of the server's latency) before responding."""
        return replace(self, latency=seconds)


def status(
    code: int,
    body: bytes | str = b"",
    headers: tuple[tuple[str, str], ...] = (),
    *,
    retry_after: int | str | None = None,
) -> Fault:
    """Answer with an error status (404, 410, 429, 500, 503 ...).

    Args:
        code: The HTTP status code.
        body: The body; a str is encoded as UTF-8. An empty body gets a short HTML error page.
        headers: Extra headers, in order.
        retry_after: Sent as Retry-After (seconds or an HTTP date) when given.
    """
    raw = body.encode("utf-8") if isinstance(body, str) else body
    if not raw:
        raw = f"<!doctype html><html><body><h1>Error {code}</h1></body></html>".encode()
    if retry_after is not None:
        headers = (*headers, ("Retry-After", str(retry_after)))
    return Fault("page", page=Page(raw, status=code, headers=headers, etag=False))


_WAF_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title></title>
    <style>
        body {{ font-family: Arial, Helvetica, sans-serif; margin: 0; }}
        #challenge-container {{ display: flex; align-items: center; justify-content: center; height: 90vh; }}
        .spinner {{ width: 32px; height: 32px; border: 3px solid #ddd; border-top-color: #555;
                   border-radius: 50%; animation: spin 0.9s linear infinite; }}
    </style>
    <script type="text/javascript">
        window.awsWafCookieDomainList = ['www.koreatimes.co.kr', 'koreatimes.co.kr'];
        window.gokuProps = {{
            "key": "{key}",
            "iv": "{iv}",
            "context": "{context}"
        }};
    </script>
    <script src="https://{token_host}/{token_path}/challenge.js"></script>
</head>
<body>
    <div id="challenge-container"><div class="spinner" aria-label="Verifying your browser"></div></div>
    <script type="text/javascript">
        AwsWafIntegration.saveReferrer();
        AwsWafIntegration.checkForceRefresh().then(function (forceRefresh) {{
            if (forceRefresh) {{
                AwsWafIntegration.forceRefreshToken().then(function () {{ window.location.reload(true); }});
            }} else {{
                AwsWafIntegration.getToken().then(function () {{ window.location.reload(true); }});
            }}
        }});
    </script>
    <noscript>
        <h1>JavaScript is disabled</h1>
        In order to continue, we need to verify that you're not a robot.
        This requires JavaScript. Enable JavaScript and then reload the page.
    </noscript>
</body>
</html>
"""


def waf() -> Fault:
    """Answer with an imitation of an AWS WAF JavaScript challenge (status 202, about 2 KB).

    The page carries the markers a detector looks for: `awsWafCookieDomainList`, `gokuProps`, a
    `challenge.js` script from a `*.token.awswaf.com` host, a `<noscript>` notice, and the
    `x-amzn-waf-action: challenge` header. The keys and the host are random on each call.
    """
    text = _WAF_TEMPLATE.format(
        key=secrets.token_urlsafe(96),
        iv=secrets.token_urlsafe(24),
        context=secrets.token_urlsafe(180),
        token_host=f"{secrets.token_hex(6)}.{secrets.token_hex(5)}.ap-northeast-2.token.awswaf.com",
        token_path=secrets.token_hex(6),
    )
    headers = (("x-amzn-waf-action", "challenge"), ("Cache-Control", "no-store, max-age=0"))
    return Fault("page", page=Page(text.encode("utf-8"), status=202, headers=headers, etag=False))


_SERVICE_ERROR = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Service Error</title></head>
<body>
<div class="error-page">
  <h1>Service Error</h1>
  <p>An unexpected server error occurred. Please try again in a few minutes.</p>
  <p><a href="/">Go to Homepage</a></p>
</div>
</body>
</html>
"""


def service_error() -> Fault:
    """Answer 200 with the site's "Service Error" page instead of the content."""
    return Fault("page", page=Page.html(_SERVICE_ERROR, etag=False))


def truncated(body: bytes | None = None, *, keep: float = 0.5) -> Fault:
    """Declare the full Content-Length, write only part of the body, then close the connection.

    Args:
        body: The body to cut short; None cuts the page the path would have served.
        keep: The fraction of the body written (0 writes nothing after the headers).
    """
    page = Page(body, etag=False) if body is not None else None
    return Fault("truncated", page=page, keep=keep)


def random_bytes(n: int = 4096, *, seed: int | None = None) -> Fault:
    """Answer 200 with `n` random bytes labelled as UTF-8 HTML (reproducible with a `seed`)."""
    return Fault("page", page=Page(random.Random(seed).randbytes(n), etag=False))


def empty() -> Fault:
    """Answer 200 with an empty body."""
    return Fault("page", page=Page(b"", etag=False))


def huge(n_bytes: int = 30 * MB, *, chunked: bool = False) -> Fault:
    """Stream an HTML body of `n_bytes` in chunks, never all in memory; `chunked`: no Content-Length."""
    return Fault("huge", size=n_bytes, chunked=chunked)


def gzip_bomb(expanded: int = 256 * MB) -> Fault:
    """Answer with a small gzip body (0.1% of `expanded`, in whole MiB) sent as Content-Encoding: gzip."""
    return Fault("bomb", size=max(1, expanded // MB) * MB)


def encoded(text: str, encoding: str = "euc-kr", declare: Declare = "header") -> Fault:
    """Answer with an HTML page in a legacy encoding.

    Args:
        text: The HTML; it is encoded strictly, so it must be representable in `encoding`.
        encoding: The codec name, also the declared charset.
        declare: Where the charset is declared: in the Content-Type header, in a `<meta charset>`
            tag (inserted after `<head>`, or at the start), or nowhere.
    """
    content_type = "text/html"
    if declare == "header":
        content_type = f"text/html; charset={encoding}"
    elif declare == "meta":
        meta = f'<meta charset="{encoding}">'
        text, found = re.subn(r"(<head[^>]*>)", lambda m: m.group(1) + meta, text, count=1, flags=re.I)
        if not found:
            text = meta + text
    return Fault("page", page=Page(text.encode(encoding), content_type=content_type))


def redirect(to: str, status: int = 302) -> Fault:
    """Answer with a redirect (301, 302, 303, 307, 308) to `to`: a path, or a URL on another host."""
    body = f'<!doctype html><html><body><a href="{to}">Moved</a></body></html>'
    return Fault("page", page=Page.html(body, status=status, headers=(("Location", to),), etag=False))


def slow_drip(interval: float = 1.0) -> Fault:
    """Send the headers, then a byte every `interval` seconds until the client leaves or the server stops."""
    return Fault("drip", interval=interval)


def reset() -> Fault:
    """Read the request, then abort the connection with a TCP RST (SO_LINGER 0)."""
    return Fault("reset")


def delay(seconds: float) -> Fault:
    """Serve the normal page, `seconds` later than usual."""
    return Fault("delay", latency=seconds)


# How the special faults behave on the wire; the server calls these with the connection.

_FILLER = (
    b"<p>Seoul, the capital, lies on the Han River. This paragraph is filler for a page far larger"
    b" than any real article, served to test the reader's size limit.</p>\n"
)
_DRIP_TEXT = b"<!doctype html><html><head><title>Loading</title></head><body><p>" + b"." * 64


def _huge_chunks(n_bytes: int, chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """Yield an HTML-looking body of exactly `n_bytes`, `chunk_size` bytes at a time."""
    head = b"<!doctype html><html><head><title>Huge</title></head><body>\n"
    block = (_FILLER * (chunk_size // len(_FILLER) + 1))[:chunk_size]
    first, sent = (head + block)[:chunk_size], 0
    while sent < n_bytes:
        chunk = (first if sent == 0 else block)[: n_bytes - sent]
        sent += len(chunk)
        yield chunk


def write_huge(write: Callable[[bytes], object], size: int, chunked: bool, stop: threading.Event) -> bool:
    """Write the body of a `huge` fault, chunk by chunk.

    Args:
        write: Writes bytes to the connection (raises OSError once the client is gone).
        size: The body size.
        chunked: Frame it with chunked transfer coding.
        stop: Set when the server stops; the stream ends part-way then.

    Returns:
        Whether the whole body was written.
    """
    for chunk in _huge_chunks(size):
        if stop.is_set():
            return False
        write(b"%X\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
    if chunked:
        write(b"0\r\n\r\n")
    return True


@functools.lru_cache(maxsize=4)
def bomb_body(expanded: int) -> bytes:
    """Build a gzip member that inflates to `expanded` zero bytes (a whole number of MiB).

    Compressing hundreds of MB takes seconds, so one compressed MiB is repeated instead: a full
    flush makes each segment independent of the data before it, so the copies concatenate into a
    valid deflate stream, and the trailer's CRC is computed over the zeros directly.
    """
    zeros, count = bytes(MB), expanded // MB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip magic, deflate, no name, mtime 0
    return header + segment * count + final + struct.pack("<II", crc, expanded & 0xFFFFFFFF)


def write_drip(
    sock: socket.socket, write: Callable[[bytes], object], interval: float, stop: threading.Event
) -> None:
    """Write one byte per `interval`, as a chunk, until the client goes away or `stop` is set.

    Args:
        sock: The connection, watched for the client closing it.
        write: Writes bytes to the connection.
        interval: Seconds between bytes.
        stop: Set when the server stops.
    """
    sent = 0
    while True:
        try:
            # Chunked framing, so a client that sees the connection close knows the body is incomplete.
            write(b"1\r\n%s\r\n" % _DRIP_TEXT[sent % len(_DRIP_TEXT) :][:1])
        except OSError:
            return
        sent += 1
        if _gone_within(sock, interval, stop):
            return


def _gone_within(sock: socket.socket, seconds: float, stop: threading.Event) -> bool:
    """Wait up to `seconds`; return True early if the client closed or the server is stopping."""
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        if stop.is_set():
            return True
        # stop() shuts the socket down, which also makes it readable, so select wakes at once.
        readable, _, _ = select.select([sock], [], [], min(remaining, 0.1))
        if readable:
            try:
                if not sock.recv(1, socket.MSG_PEEK):
                    return True
            except OSError:
                return True
            # A pipelined request is waiting; it will never be answered, so just sit out the time.
            return stop.wait(max(0.0, deadline - time.monotonic()))
    return stop.is_set()


def abort(sock: socket.socket) -> None:
    """Close a connection with a TCP RST rather than a FIN (SO_LINGER on, timeout 0).

    If file objects still wrap the socket, the real close (and the RST) comes when the last closes.
    """
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
