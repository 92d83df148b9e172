"""Provides `LocalIndex`: instant full-text search over every cached article, online or offline.

SQLite's FTS5 (in the standard library's sqlite3) indexes each article once, as it arrives, with
its headline weighted above its body. The index lives beside the page cache because it is derived
from it; `sync` adds any cached article it has not seen, so it can always be rebuilt.
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
    "tokenize = 'unicode61 remove_diacritics 2')"
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
            db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
            db.execute(_SCHEMA)
            db.commit()
        except sqlite3.DatabaseError:
            # A damaged index is only derived data: start a new one.
            with contextlib.suppress(OSError):
                self.path.unlink()
            db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
            db.execute(_SCHEMA)
            db.commit()
        return db

    def add(self, article: Article) -> None:
        """Index an article (replacing an older version of it)."""
        try:
            with self._db:
                self._db.execute("DELETE FROM articles WHERE url = ?", (article.url,))
                self._db.execute(
                    "INSERT INTO articles (url, title, subtitle, byline, section, published, body) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (article.url, article.title, article.subtitle or "", article.byline or "", article.section or "",
                     article.published.isoformat() if article.published else "", article.text),
                )
        except sqlite3.Error:
            pass

    def urls(self) -> set[str]:
        """The URLs in the index."""
        try:
            return {row[0] for row in self._db.execute("SELECT url FROM articles")}
        except sqlite3.Error:
            return set()

    def sync(self, cache: PageCache) -> int:
        """Index every cached article not yet in the index; return how many were added."""
        known = self.urls()
        added = 0
        for url in cache.urls():
            if url in known:
                continue
            entry = cache.get(url)
            if entry is None or entry.kind not in ("article", "external") or not entry.parsed:
                continue
            try:
                self.add(Article.from_dict(entry.parsed))
            except (KeyError, TypeError, ValueError):
                continue
            added += 1
        return added

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
        """Index several articles."""
        for article in articles:
            self.add(article)

    def close(self) -> None:
        """Close the database."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
