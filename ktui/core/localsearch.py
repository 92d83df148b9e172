"""Provides `LocalIndex`: instant full-text search over every cached article, online or offline.

SQLite's FTS5 (in the standard library's sqlite3) indexes each article once, as it arrives, with
its headline weighted above its body. The index lives beside the page cache because it is derived
from it; `sync` adds any cached article it has not seen, so it can always be rebuilt.

Costs stay flat as the index grows: a side table maps each URL to its FTS row, so replacing an
article deletes one row by its id instead of scanning the FTS table for the URL, and the database
runs in WAL mode (readers in other ktui processes do not block a writer; one fsync per checkpoint
rather than per article).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ktui.core.models import Article, Headline
from ktui.core.text import clean_line
from ktui.core.times import parse_time

if TYPE_CHECKING:
    from ktui.core.cache import PageCache
    from ktui.core.config import Settings

_WORD: Final = re.compile(r"\w+", re.UNICODE)
_SCHEMA: Final = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles USING fts5("
    "url UNINDEXED, title, subtitle, byline, section UNINDEXED, published UNINDEXED, body, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    # url -> FTS rowid: finding an article's row by URL in the FTS table itself is a full scan.
    "CREATE TABLE IF NOT EXISTS indexed (url TEXT PRIMARY KEY, docid INTEGER NOT NULL) WITHOUT ROWID",
    # What the cache looked like at the last full comparison (see `LocalIndex.sync`).
    "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)


def fts_query(query: str) -> str:
    """Turn what a user typed into an FTS5 query: every word must match, the last as a prefix."""
    words = _WORD.findall(query)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(quoted)


class LocalIndex:
    """A full-text index of articles in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        """The index file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = self._connect()

    @classmethod
    def for_settings(cls, settings: Settings) -> LocalIndex:
        """The index that belongs with a cache directory."""
        return cls(settings.cache_dir / "search.sqlite")

    def _connect(self) -> sqlite3.Connection:
        try:
            return self._open()
        except sqlite3.DatabaseError:
            # A damaged index is only derived data: start a new one.
            for stale in (self.path, *(self.path.with_name(self.path.name + s) for s in ("-wal", "-shm"))):
                with contextlib.suppress(OSError):
                    stale.unlink()
            return self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
        try:
            with contextlib.suppress(sqlite3.OperationalError):  # another process holds it: stay as it is
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            with db:
                for statement in _SCHEMA:
                    db.execute(statement)
                # An index written before the side table existed: map its rows once.
                if db.execute("SELECT 1 FROM indexed LIMIT 1").fetchone() is None:
                    db.execute("INSERT OR REPLACE INTO indexed (url, docid) SELECT url, rowid FROM articles")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def add(self, article: Article) -> None:
        """Index an article (replacing an older version of it)."""
        self.add_all((article,))

    def _insert(self, article: Article) -> None:
        old = self._db.execute("SELECT docid FROM indexed WHERE url = ?", (article.url,)).fetchone()
        if old is not None:
            self._db.execute("DELETE FROM articles WHERE rowid = ?", (old[0],))
        cursor = self._db.execute(
            "INSERT INTO articles (url, title, subtitle, byline, section, published, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (article.url, article.title, article.subtitle or "", article.byline or "", article.section or "",
             article.published.isoformat() if article.published else "", article.text),
        )
        self._db.execute("INSERT OR REPLACE INTO indexed (url, docid) VALUES (?, ?)", (article.url, cursor.lastrowid))

    def urls(self) -> set[str]:
        """The URLs in the index."""
        try:
            return {row[0] for row in self._db.execute("SELECT url FROM indexed")}
        except sqlite3.Error:
            return set()

    def sync(self, cache: PageCache) -> int:
        """Index every cached article not yet in the index; return how many were added.

        Comparing the cache's URLs with the index's grows with the cache (about 15 ms per thousand
        entries), so it runs only when the cache's entry counts changed since the last comparison:
        this process indexes what it fetches as it arrives, and a change by another process (a
        `ktui read` in a second terminal) changes the counts. Callers run it off the UI thread.
        """
        stats = cache.stats()
        shape = f"{stats['directory']}|{stats['entries']}|{stats['pinned']}"
        if self._state("cache_shape") == shape:
            return 0
        known = self.urls()
        found: list[Article] = []
        for url in cache.urls():
            if url in known:
                continue
            entry = cache.get(url)
            if entry is None or entry.kind not in ("article", "external") or not entry.parsed:
                continue
            try:
                found.append(Article.from_dict(entry.parsed))
            except (KeyError, TypeError, ValueError):
                continue
        self.add_all(found)
        self._set_state("cache_shape", shape)
        return len(found)

    def _state(self, key: str) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else str(row[0])

    def _set_state(self, key: str, value: str) -> None:
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))
        except sqlite3.Error:
            pass

    def search(self, query: str, limit: int = 50) -> list[Headline]:
        """The best matches, headline matches first, each with a snippet around the words found."""
        match = fts_query(query)
        if not match:
            return []
        try:
            rows = self._db.execute(
                "SELECT url, title, section, published, snippet(articles, 6, '', '', ' … ', 12) "
                "FROM articles WHERE articles MATCH ? ORDER BY bm25(articles, 0, 8.0, 3.0, 2.0, 0, 0, 1.0) "
                "LIMIT ?",
                (match, limit),
            ).fetchall()
        except sqlite3.Error:
            return []
        return [
            Headline(title=clean_line(title), url=url, rank=rank, section=section or None,
                     published=parse_time(published) if published else None, summary=clean_line(snippet) or None)
            for rank, (url, title, section, published, snippet) in enumerate(rows, start=1)
        ]

    def add_all(self, articles: Iterable[Article]) -> None:
        """Index several articles in one transaction (replacing older versions of them)."""
        try:
            with self._db:
                for article in articles:
                    self._insert(article)
        except sqlite3.Error:
            pass  # derived data: a failed write only means a search misses these until the next sync

    def close(self) -> None:
        """Close the database."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
