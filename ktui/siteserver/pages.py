"""Provides `Page`, one response the loopback site server can give for a path."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

HTML = "text/html; charset=utf-8"
"""Content type of an HTML page in UTF-8."""
RSS = "application/rss+xml; charset=utf-8"
"""Content type of an RSS feed in UTF-8."""


@dataclass(frozen=True)
class Page:
    """A response body with its status, type and extra headers."""

    body: bytes
    """The body as sent (before any gzip the server applies)."""
    content_type: str = HTML
    """The Content-Type header; an empty string sends none."""
    status: int = 200
    """The HTTP status code."""
    headers: tuple[tuple[str, str], ...] = ()
    """Extra headers, in order."""
    last_modified: datetime | None = None
    """Sent as Last-Modified, and honoured for If-Modified-Since, when set."""
    etag: bool = True
    """Whether the server sends an ETag (a hash of the body) and honours If-None-Match."""
    extra: dict[str, str] = field(default_factory=dict)
    """Free-form notes (e.g. which story a page shows), never sent."""

    @classmethod
    def html(cls, text: str, **kwargs: object) -> Page:
        """Build an HTML page from text, encoded as UTF-8."""
        return cls(body=text.encode("utf-8"), **kwargs)  # type: ignore[arg-type]
