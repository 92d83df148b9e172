"""Measure 3: a reading session, ktui (with prefetch) against `w3m -dump` and `lynx -dump`.

The reader starts ktui with an empty cache, opens the first story of the Top 10 as soon as the
lists are painted, reads it for a while (a sleep, not counted), presses J for the next story, and
so on through the ten. What counts is the time spent waiting: from each keypress to the painted
article. The home screen's own wait is reported beside it but not added, because the peers are
given the ten article URLs without having to load the front page.

The peers fetch the same ten pages in turn, each as a new process (`w3m -dump URL`), which is
how they are used; the wait is each process's whole run. Both sides see the same injected
latency.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from typing import Any

from bench.common import Homes, Site, ratio, settings_for, summarize
from bench.tui import home_painted, lists, open_from_home, running, step_to

STORIES = 10
"""Stories read in one session: the Top 10."""


async def top_urls(site: Site, homes: Homes) -> list[str]:
    """The Top 10 stories' URLs, as ktui lists them (absolute URLs on the benchmark's site)."""
    from ktui.core.service import NewsService

    service = NewsService(settings_for(site.url, homes.new("urls")))
    try:
        return [h.url for h in (await service.front()).value.top][:STORIES]
    finally:
        await service.aclose()


async def ktui_session(site: Site, homes: Homes, read_seconds: float, stories: int) -> dict[str, Any]:
    """One reading session in ktui; return the waits (seconds) and the requests made."""
    settings = settings_for(site.url, homes.new("session"))
    site.reset()
    async with running(settings) as pilot:
        home_wait = await home_painted(pilot)
        top = lists(pilot.app)["top"][:stories]  # type: ignore[arg-type]
        waits = [await open_from_home(pilot, 0)]
        await asyncio.sleep(read_seconds)
        for item in top[1:]:
            waits.append(await step_to(pilot, "J", item.url))
            await asyncio.sleep(read_seconds)
        stats = pilot.app.service.prefetcher.stats  # type: ignore[attr-defined]
    return {"home": home_wait, "waits": waits, "total": sum(waits), "requests": site.requests(),
            "prefetched": stats.fetched}


def peer_session(tool: str, urls: list[str]) -> dict[str, Any]:
    """Fetch the pages in turn with `tool -dump URL`; return the waits (seconds).

    The reading between pages is not slept through: a peer has no prefetch, so it changes nothing.
    """
    waits = []
    for url in urls:
        start = time.perf_counter()
        done = subprocess.run([tool, "-dump", url], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              timeout=60, check=False)
        waits.append(time.perf_counter() - start)
        if done.returncode != 0 or len(done.stdout) < 200:
            raise RuntimeError(f"{tool} -dump {url} failed (exit {done.returncode})")
    return {"waits": waits, "total": sum(waits)}


def measure(site: Site, homes: Homes, sessions: int, peers: dict[str, str | None], *, latency: int = 200,
            read_seconds: float = 3.0, stories: int = STORIES, log: Any = print) -> dict[str, Any]:
    """Run the sessions at `latency`; return the totals per reader and the ratios to w3m and lynx."""
    site.set_latency(latency)
    urls = asyncio.run(top_urls(site, homes))[:stories]
    results: dict[str, Any] = {"latency_ms": latency, "read_seconds": read_seconds, "stories": len(urls),
                               "sessions": sessions, "readers": {}}
    runs: dict[str, list[dict[str, Any]]] = {"ktui": []}
    for tool, path in peers.items():
        if path:
            runs[tool] = []
    for _ in range(sessions):
        runs["ktui"].append(asyncio.run(ktui_session(site, homes, read_seconds, len(urls))))
        for tool in runs:
            if tool != "ktui":
                runs[tool].append(peer_session(str(peers[tool]), urls))
    for reader, records in runs.items():
        entry = summarize([r["total"] for r in records])
        entry["per_story"] = summarize([w for r in records for w in r["waits"]])
        if reader == "ktui":
            entry["home"] = summarize([r["home"] for r in records])
            entry["requests"] = [r["requests"] for r in records]
            entry["prefetched"] = [r["prefetched"] for r in records]
        results["readers"][reader] = entry
    for tool in ("w3m", "lynx"):
        if tool in results["readers"]:
            results[f"ratio_ktui_{tool}"] = ratio(results["readers"]["ktui"]["median"],
                                                  results["readers"][tool]["median"])
        else:
            results[f"ratio_ktui_{tool}"] = None
    log(f"  session @{latency} ms: " + ", ".join(
        f"{reader} {entry['median']:.2f} s" for reader, entry in results["readers"].items()))
    return results
