"""Provides `PageCache`: the on-disk cache of fetched pages, shared safely by several ktui processes.

Each entry, keyed by normalised URL, keeps the raw body (zlib-compressed), the validators (ETag,
Last-Modified), when it was fetched and last confirmed, and the parsed model tagged with the parser
version, so a parser upgrade re-parses from the body without a refetch. diskcache (SQLite) gives
atomic, process-safe writes and least-recently-used eviction under a size limit. Entries past
their freshness time stay readable (for offline use) until evicted. Pinned entries (articles on
the reading list) live in a second store that is never evicted.

A cache that cannot be opened or read (a truncated or garbage database) is moved aside and rebuilt
with one warning; nothing the user keeps lives here, so rebuilding loses only cached pages. A cache
that is merely busy (another process holds its lock past the timeout) is not damaged: that one read
is a miss, that one write is skipped.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import field, replace
from pathlib import Path
from typing import Any, Final

import diskcache

from ktui.core.record import Record, record

log = logging.getLogger(__name__)

PARSER_VERSION: Final = 4
"""Bumped when a parser changes what it extracts; older parsed models are re-parsed from the body."""

DEFAULT_SIZE_LIMIT: Final = 300 * 1024 * 1024
"""Default cache size limit in bytes."""
PINNED_SIZE_LIMIT: Final = 2**40
"""The pinned store's limit: in effect none (pinned copies are never evicted)."""

_HEADER: Final = struct.Struct(">I")
_ERRORS: Final = (sqlite3.DatabaseError, OSError, ValueError, struct.error, zlib.error, KeyError, TypeError,
                  UnicodeDecodeError, diskcache.Timeout)


def _busy(error: BaseException) -> bool:
    """Tell whether an error only means another process holds the cache's lock (not damage).

    diskcache raises `Timeout` when SQLite stays locked past the timeout (another ktui clearing or
    writing a large cache); rebuilding then would move the shared cache away from under that
    process, so a busy cache is treated as a miss (reads) or skipped (writes) instead.
    """
    if isinstance(error, diskcache.Timeout):
        return True
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


@record
class Entry(Record):
    """One cached page."""

    url: str
    """The normalised URL (the key)."""
    kind: str
    """What the page is: "front", "list", "feed", "article", "search" or "external"."""
    body: bytes
    """The raw body as received (decompressed)."""
    fetched_at: float
    """When the body was fetched (epoch seconds)."""
    checked_at: float
    """When the server last confirmed the body (a fetch or a 304)."""
    content_type: str = ""
    """The Content-Type the body came with."""
    etag: str | None = None
    """The ETag validator."""
    last_modified: str | None = None
    """The Last-Modified validator."""
    parsed: dict[str, Any] | None = None
    """The parsed model as JSON data."""
    parser_version: int = PARSER_VERSION
    """The parser version that produced `parsed`."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Small facts about the entry (e.g. a content hash of the article text)."""

    def age(self, now: float | None = None) -> float:
        """Seconds since the body was last confirmed by the server."""
        return (now if now is not None else time.time()) - self.checked_at

    def encode(self) -> bytes:
        """Serialise for storage: a JSON header and the compressed body."""
        meta = {
            "url": self.url, "kind": self.kind, "fetched_at": self.fetched_at, "checked_at": self.checked_at,
            "content_type": self.content_type, "etag": self.etag, "last_modified": self.last_modified,
            "parsed": self.parsed, "parser_version": self.parser_version, "extra": self.extra,
        }
        head = json.dumps(meta, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return _HEADER.pack(len(head)) + head + zlib.compress(self.body, 6)

    @classmethod
    def decode(cls, blob: bytes) -> Entry:
        """Rebuild an entry from `encode`'s bytes (raises on corrupt data)."""
        (size,) = _HEADER.unpack_from(blob)
        meta = json.loads(blob[_HEADER.size:_HEADER.size + size].decode("utf-8"))
        body = zlib.decompress(blob[_HEADER.size + size:])
        return cls(body=body, **meta)


class PageCache:
    """The page cache in one directory."""

    def __init__(self, directory: Path, size_limit: int = DEFAULT_SIZE_LIMIT,
                 warn: Callable[[str], None] | None = None, timeout: float = 5.0) -> None:
        self.directory = Path(directory)
        """Where the cache lives."""
        self.size_limit = size_limit
        """Size limit in bytes; least-recently-used entries are evicted beyond it."""
        self.timeout = timeout
        """Seconds to wait for another process's lock before giving up on one read or write."""
        self.warnings: list[str] = []
        """Warnings raised while opening or reading (e.g. a corrupt cache was rebuilt)."""
        self._warn = warn
        self._pages = self._open(self.directory / "pages", size_limit)
        # The pinned store (the reading list's copies) is only read when the pages miss, and a
        # start from a warm cache mostly does not: it is opened when first needed.
        self._pinned_store: diskcache.Cache | None = None

    @property
    def _pinned(self) -> diskcache.Cache:
        """The store of pinned copies, opened on first use."""
        if self._pinned_store is None:
            self._pinned_store = self._open(self.directory / "pinned", PINNED_SIZE_LIMIT)
        return self._pinned_store

    @_pinned.setter
    def _pinned(self, store: diskcache.Cache) -> None:
        self._pinned_store = store

    def _open(self, path: Path, size_limit: int) -> diskcache.Cache:
        settings: dict[str, Any] = {
            "size_limit": size_limit,
            "eviction_policy": "least-recently-used",
            "cull_limit": 20,
            "statistics": False,
            "timeout": self.timeout,
            "sqlite_mmap_size": 0,
        }
        try:
            cache = diskcache.Cache(str(path), **settings)
            cache.get("__probe__")  # a garbage database file fails here, not later
            return cache
        except _ERRORS as error:
            if _busy(error):
                # Locked by another process, not damaged: wait for it once more rather than move it away.
                return diskcache.Cache(str(path), **settings)
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            self.warn(f"the cache at {path} was unreadable ({type(error).__name__}); "
                      f"moved it to {aside.name} and started a new one")
            shutil.move(str(path), str(aside))
            return diskcache.Cache(str(path), **settings)

    def warn(self, message: str) -> None:
        """Record a warning and pass it to the warning callback."""
        self.warnings.append(message)
        log.warning(message)
        if self._warn is not None:
            self._warn(message)

    def _recover(self, error: BaseException) -> None:
        """Rebuild a store that failed mid-session (its file was truncated or overwritten)."""
        if _busy(error):
            log.debug("the cache is busy (%s); going without it this once", error)
            return
        self.warn(f"the cache failed ({type(error).__name__}: {error}); rebuilding it")
        for name in ("_pages", "_pinned"):
            if name == "_pinned" and self._pinned_store is None:
                continue  # not opened yet: it will be opened afresh when needed
            store = getattr(self, name)
            try:
                store.close()
            except _ERRORS:
                pass
            path = Path(store.directory)
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time() * 1000)}")
            try:
                shutil.move(str(path), str(aside))
            except OSError:
                pass
            setattr(self, name, self._open(path, self.size_limit if name == "_pages" else PINNED_SIZE_LIMIT))

    def _stores(self) -> Iterator[diskcache.Cache]:
        """The pages store, then the pinned one (opened only if the caller goes on to it)."""
        yield self._pages
        yield self._pinned

    def get(self, url: str) -> Entry | None:
        """Return the cached entry of a URL, pinned copies included, or None."""
        for store in self._stores():
            try:
                blob = store.get(url)
            except _ERRORS as error:
                if _busy(error):
                    continue  # locked by another process: a miss here, maybe a hit in the other store
                self._recover(error)
                return None
            if blob is None:
                continue
            try:
                return Entry.decode(blob)
            except _ERRORS:
                # One damaged entry: drop it, keep the rest of the cache.
                self.warn(f"dropped a damaged cache entry for {url}")
                self._delete(store, url)
        return None

    def put(self, entry: Entry) -> None:
        """Store an entry (and refresh its pinned copy, if it is pinned)."""
        blob = entry.encode()
        try:
            self._pages.set(entry.url, blob)
            if entry.url in self._pinned:
                self._pinned.set(entry.url, blob)
        except _ERRORS as error:
            self._recover(error)

    def touch(self, url: str, checked_at: float, **changes: Any) -> Entry | None:
        """Mark an entry as confirmed by the server (a 304), optionally updating fields."""
        entry = self.get(url)
        if entry is None:
            return None
        entry = replace(entry, checked_at=checked_at, **changes)
        self.put(entry)
        return entry

    def pin(self, url: str) -> bool:
        """Keep an entry out of eviction (for the reading list); False if it is not cached."""
        entry = self.get(url)
        if entry is None:
            return False
        try:
            self._pinned.set(url, entry.encode())
        except _ERRORS as error:
            self._recover(error)
            return False
        return True

    def unpin(self, url: str) -> None:
        """Let a pinned entry be evicted again."""
        self._delete(self._pinned, url)

    def is_pinned(self, url: str) -> bool:
        """Tell whether an entry is pinned."""
        try:
            return url in self._pinned
        except _ERRORS:
            return False

    def _delete(self, store: diskcache.Cache, url: str) -> None:
        try:
            store.delete(url)
        except _ERRORS as error:
            self._recover(error)

    def delete(self, url: str) -> None:
        """Remove an entry (not its pinned copy)."""
        self._delete(self._pages, url)

    def urls(self) -> Iterator[str]:
        """Yield the URL of every entry (pinned ones included, once)."""
        seen: set[str] = set()
        for store in self._stores():
            try:
                keys = list(store.iterkeys())
            except _ERRORS as error:
                self._recover(error)
                return
            for key in keys:
                if isinstance(key, str) and key not in seen and not key.startswith("__"):
                    seen.add(key)
                    yield key

    def get_meta(self, key: str) -> Any:
        """Return a small bookkeeping value (e.g. when the site last blocked ktui)."""
        try:
            return self._pages.get(f"__{key}__")
        except _ERRORS:
            return None

    def set_meta(self, key: str, value: Any, expire: float | None = None) -> None:
        """Store a small bookkeeping value, optionally expiring after `expire` seconds."""
        try:
            self._pages.set(f"__{key}__", value, expire=expire)
        except _ERRORS as error:
            self._recover(error)

    def stats(self) -> dict[str, Any]:
        """Return the number of entries, bytes on disk, the limit and the location."""
        try:
            count = len(self._pages)
            size = self._pages.volume()
            pinned = len(self._pinned)
            pinned_size = self._pinned.volume()
        except _ERRORS:
            count = size = pinned = pinned_size = 0
        return {"directory": str(self.directory), "entries": count, "bytes": size, "pinned": pinned,
                "pinned_bytes": pinned_size, "size_limit": self.size_limit}

    def clear(self, *, include_pinned: bool = False) -> int:
        """Remove every entry (pinned ones only if asked); return how many were removed."""
        try:
            removed = int(self._pages.clear())
            if include_pinned:
                removed += int(self._pinned.clear())
        except _ERRORS as error:
            self._recover(error)
            return 0
        return removed

    def close(self) -> None:
        """Close the database connections."""
        for store in (self._pages, self._pinned_store):
            if store is None:
                continue
            try:
                store.close()
            except _ERRORS:
                pass
