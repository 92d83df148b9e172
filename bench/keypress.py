"""Measure 2: keypress to article painted, in-process with `App.run_test` and Pilot.

Three situations, each at every latency:

- cache: a previous session left the listed articles in the cache (fresh), so opening one needs
  no request;
- prefetch: the cache starts empty; the home lists load from the network, ktui's prefetcher
  fetches the listed stories (the benchmark waits until it has drained), then the articles open;
- uncached: the home lists are cached but no article is, and prefetching is off, so every
  article comes over the network at the injected latency.

Each session opens the Top 10 stories one after another from the list (enter, then escape back);
each opening is a sample. The requests the site saw while the articles were opened are counted,
which shows that "cache" and "prefetch" really needed none.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bench.common import LATENCIES_MS, Homes, Site, settings_for, summarize
from bench.tui import back_home, home_painted, lists, open_from_home, running, wait_until, warm_cache

MODES = ("cache", "prefetch", "uncached")
"""The situations measured, in the order reported."""


async def session(site: Site, homes: Homes, mode: str, articles: int) -> tuple[list[float], int]:
    """Open the first `articles` Top 10 stories in one app session; return the times and the requests made."""
    home = homes.new(f"keys-{mode}")
    settings = settings_for(site.url, home, prefetch_depth=0 if mode == "uncached" else 10)
    if mode == "cache":
        await warm_cache(settings)
    elif mode == "uncached":
        await warm_cache(settings, articles=False)
    async with running(settings) as pilot:
        app = pilot.app
        await home_painted(pilot)
        await wait_until(lambda: bool(lists(app).get("latest")), "the Latest list")  # type: ignore[arg-type]
        if mode == "prefetch":
            # The lists schedule their stories once shown; give the workers a turn, then wait them out.
            await pilot.pause()
            await app.service.prefetcher.drain()  # type: ignore[attr-defined]
        site.reset()
        samples = []
        for index in range(articles):
            samples.append(await open_from_home(pilot, index))
            await back_home(pilot)
        return samples, site.requests()


def measure(site: Site, homes: Homes, sessions: int, articles: int = 10,
            latencies: tuple[int, ...] = LATENCIES_MS, log: Any = print) -> dict[str, Any]:
    """Run every mode at every latency; return the summaries in seconds by latency and mode."""
    results: dict[str, Any] = {"sessions": sessions, "articles_per_session": articles, "by_latency": {}}
    for latency in latencies:
        site.set_latency(latency)
        row: dict[str, Any] = {}
        for mode in MODES:
            samples: list[float] = []
            requests = 0
            for _ in range(sessions):
                times, made = asyncio.run(session(site, homes, mode, articles))
                samples += times
                requests += made
            row[mode] = summarize(samples)
            row[mode]["requests"] = requests
        results["by_latency"][str(latency)] = row
        log(f"  keypress @{latency} ms: " + ", ".join(
            f"{mode} {row[mode]['median'] * 1000:.0f} ms" for mode in MODES))
    return results
