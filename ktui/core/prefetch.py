"""Provides `Prefetcher`: fetching the articles of a shown list ahead of the reader, politely.

Once a list is on screen its stories are queued, highest-ranked first, and the newest list's
stories go before older lists'. A few workers fetch them with bounded concurrency and a minimum
interval between request starts; stories already fresh in the cache cost nothing. A bot challenge
stops prefetching at once (the loader remembers the block), and closing cancels everything.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ktui.core.errors import BlockedPage, KtuiError


@dataclass
class PrefetchStats:
    """Counts of what prefetching did."""

    queued: int = 0
    """Stories queued."""
    fetched: int = 0
    """Stories fetched from the network."""
    cached: int = 0
    """Stories that were already fresh in the cache."""
    failed: int = 0
    """Stories that could not be had."""


class Prefetcher:
    """A small priority queue of URLs and the workers that drain it."""

    def __init__(self, fetch: Callable[[str], Awaitable[bool]], *, concurrency: int = 3,
                 interval: float = 0.2, fresh: Callable[[str], bool] | None = None) -> None:
        """Create a prefetcher.

        Args:
            fetch: Fetches one URL into the cache; returns True if it made a request.
            concurrency: Workers running at once.
            interval: Minimum seconds between the starts of two fetches.
            fresh: Tells whether a URL is fresh in the cache already: those are counted and
                skipped without taking a turn of the interval (which is there for requests).
        """
        self._fetch = fetch
        self._fresh = fresh
        self._concurrency = max(1, concurrency)
        self._interval = max(0.0, interval)
        self._queue: asyncio.PriorityQueue[tuple[int, int, int, str]] = asyncio.PriorityQueue()
        self._known: set[str] = set()
        self._started: set[str] = set()
        self._workers: list[asyncio.Task[Any]] = []
        self._generation = 0
        self._order = itertools.count()
        self._next_start = 0.0
        self._lock = asyncio.Lock()
        self.stats = PrefetchStats()
        """What prefetching has done so far."""
        self.stopped = False
        """Set when the site blocked ktui or the prefetcher was closed."""

    def schedule(self, urls: Iterable[str], *, urgent: bool = False) -> int:
        """Queue a list's stories (in rank order) ahead of any earlier list's; return how many are new.

        With `urgent`, stories queued before and not started yet move ahead too (the list the
        reader is on, the story after the one being read); otherwise they keep their place.
        """
        if self.stopped:
            return 0
        self._generation += 1
        added = queued = 0
        for rank, url in enumerate(urls):
            if url in self._known and not (urgent and url not in self._started):
                continue
            if url not in self._known:
                self._known.add(url)
                added += 1
            # A story queued twice is fetched once: the worker skips the later copy.
            self._queue.put_nowait((-self._generation, rank, next(self._order), url))
            queued += 1
        self.stats.queued += added
        while len(self._workers) < self._concurrency and queued:
            self._workers.append(asyncio.ensure_future(self._work()))
        return added

    @property
    def pending(self) -> int:
        """Stories still queued."""
        return self._queue.qsize()

    async def drain(self) -> None:
        """Wait until everything queued has been tried (for tests and the benchmark)."""
        await self._queue.join()

    async def _pace(self) -> None:
        async with self._lock:
            now = time.monotonic()
            wait = self._next_start - now
            self._next_start = max(now, self._next_start) + self._interval
        if wait > 0:
            await asyncio.sleep(wait)

    async def _work(self) -> None:
        while True:
            _gen, _rank, _order, url = await self._queue.get()
            try:
                if self.stopped or url in self._started:
                    continue
                self._started.add(url)
                if self._fresh is not None and self._fresh(url):
                    self.stats.cached += 1
                    # Telling reads the cached entry (a millisecond or two): a list of them at once
                    # would hold up the screen, so the loop is given back between two.
                    await asyncio.sleep(0)
                    continue
                await self._pace()
                try:
                    made_request = await self._fetch(url)
                except BlockedPage:
                    self.stats.failed += 1
                    self.stop_queue()
                except (KtuiError, OSError):
                    self.stats.failed += 1
                else:
                    if made_request:
                        self.stats.fetched += 1
                    else:
                        self.stats.cached += 1
            finally:
                self._queue.task_done()

    def stop_queue(self) -> None:
        """Drop everything queued and stop taking more."""
        self.stopped = True
        while not self._queue.empty():
            self._queue.get_nowait()
            self._queue.task_done()

    async def aclose(self) -> None:
        """Stop and cancel the workers."""
        self.stop_queue()
        for worker in self._workers:
            worker.cancel()
        if self._workers:
            await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers.clear()
