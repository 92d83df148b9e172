"""Provides `UserData`: what the user keeps — reading list, read state and places — outside the cache.

Files live in the user data directory (platformdirs), as JSON. Every change is a read-modify-write
under an exclusive lock (so two ktui sessions do not lose each other's changes) and is written
atomically: a temporary file, fsync, then rename over the old one, so a crash or kill mid-write
leaves the previous file intact. A file that cannot be read is kept aside and started afresh.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

from ktui.core.models import Article
from ktui.core.record import Record, record

MAX_READ: Final = 5000
"""Read-state entries kept (the oldest are forgotten)."""
MAX_PLACES: Final = 2000
"""Remembered scroll positions kept."""


def content_hash(article: Article) -> str:
    """A short hash of what an article says (title and body), to notice later updates."""
    import hashlib  # here: a launch reads no article, and the module costs it some 2 ms

    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(article.title.encode("utf-8"))
    for paragraph in article.paragraphs:
        digest.update(b"\n" + paragraph.encode("utf-8"))
    return digest.hexdigest()[:16]


def write_atomic(path: Path, data: bytes) -> None:
    """Replace a file's contents so that readers see the old or the new file, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


@record
class Saved(Record):
    """An article on the reading list."""

    url: str
    """The article's URL."""
    title: str
    """Its headline when it was saved."""
    section: str | None
    """Its section."""
    added: float
    """When it was added (epoch seconds)."""


class UserData:
    """The user's reading list, read state and places, in one directory."""

    def __init__(self, directory: Path, warn: Callable[[str], None] | None = None) -> None:
        self.directory = Path(directory)
        """Where the files live."""
        self._warn = warn

    # --- storage -----------------------------------------------------------------------------------

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.json"

    def _load(self, name: str) -> dict[str, Any]:
        path = self._path(name)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, UnicodeDecodeError):
            aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
            with contextlib.suppress(OSError):
                path.rename(aside)
            if self._warn:
                self._warn(f"{path} could not be read; kept it as {aside.name} and started afresh")
            return {}
        return data if isinstance(data, dict) else {}

    @contextlib.contextmanager
    def _change(self, name: str) -> Iterator[dict[str, Any]]:
        """Load, let the caller change, and save a file under an exclusive lock."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / ".lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                data = self._load(name)
                yield data
                write_atomic(self._path(name), json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # --- reading list ------------------------------------------------------------------------------

    def reading_list(self) -> list[Saved]:
        """The saved articles, newest first."""
        items = self._load("reading_list").get("items", [])
        saved = [Saved(i["url"], str(i.get("title") or i["url"]), i.get("section"), float(i.get("added", 0)))
                 for i in items if isinstance(i, dict) and isinstance(i.get("url"), str)]
        return sorted(saved, key=lambda s: -s.added)

    def is_saved(self, url: str) -> bool:
        """Whether an article is on the reading list."""
        return any(s.url == url for s in self.reading_list())

    def save(self, url: str, title: str, section: str | None = None) -> None:
        """Put an article on the reading list (moving it to the top if it is there)."""
        with self._change("reading_list") as data:
            items = [i for i in data.get("items", []) if isinstance(i, dict) and i.get("url") != url]
            items.append({"url": url, "title": title, "section": section, "added": time.time()})
            data["items"] = items

    def unsave(self, url: str) -> None:
        """Take an article off the reading list."""
        with self._change("reading_list") as data:
            data["items"] = [i for i in data.get("items", []) if isinstance(i, dict) and i.get("url") != url]

    def toggle_saved(self, url: str, title: str, section: str | None = None) -> bool:
        """Add or remove an article; return whether it is now on the list."""
        if self.is_saved(url):
            self.unsave(url)
            return False
        self.save(url, title, section)
        return True

    # --- read state --------------------------------------------------------------------------------

    def read_state(self) -> dict[str, dict[str, Any]]:
        """Every read article: URL to {"at": when, "hash": content hash}."""
        data = self._load("state").get("read", {})
        return data if isinstance(data, dict) else {}

    def mark_read(self, article: Article) -> None:
        """Record that an article was read, with a hash of what it said."""
        with self._change("state") as data:
            read = data.setdefault("read", {})
            read.pop(article.url, None)
            read[article.url] = {"at": time.time(), "hash": content_hash(article)}
            if len(read) > MAX_READ:
                for url in list(read)[: len(read) - MAX_READ]:
                    del read[url]

    def mark_unread(self, url: str) -> None:
        """Forget that an article was read."""
        with self._change("state") as data:
            data.setdefault("read", {}).pop(url, None)

    @staticmethod
    def updated_since_read(article: Article, state: dict[str, dict[str, Any]]) -> bool:
        """Whether an article's text changed after the user read it."""
        seen = state.get(article.url)
        return seen is not None and seen.get("hash") not in (None, content_hash(article))

    # --- places ------------------------------------------------------------------------------------

    def places(self) -> dict[str, Any]:
        """Remembered places: {"scroll": {url: offset}, "cursor": {list: url}}."""
        return self._load("places")

    def remember_scroll(self, url: str, offset: float) -> None:
        """Remember how far an article was scrolled."""
        with self._change("places") as data:
            scroll = data.setdefault("scroll", {})
            scroll.pop(url, None)
            if offset > 0:
                scroll[url] = round(offset, 1)
            if len(scroll) > MAX_PLACES:
                for key in list(scroll)[: len(scroll) - MAX_PLACES]:
                    del scroll[key]

    def remember_cursor(self, list_key: str, url: str | None) -> None:
        """Remember which story a list's cursor was on."""
        with self._change("places") as data:
            cursors = data.setdefault("cursor", {})
            if url:
                cursors[list_key] = url
            else:
                cursors.pop(list_key, None)
