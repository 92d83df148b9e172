"""Measure 5: peak memory (RSS) after opening 100 articles in the reader, and the cache's size on disk.

The reader runs in a child process of its own (`python -m bench.memory --child`), so that its
peak resident set (VmHWM) is ktui's alone, not the benchmark's. It starts with an empty cache,
paints the home screen (prefetch running, as usual), then opens 100 distinct articles one after
another (the demo's 51 and clones of them, served by the same site) and returns to the list after
each. It reports its RSS after the home screen and every ten articles, the peak at the end, and
how long the first ten and the last ten articles took to open (a session should not slow down).

The cache is measured on disk afterwards: bytes allocated (and apparent) for the page store, the
pinned store and the local search index, and per 100 cached articles (the growth from the
home-screen state divided by the articles added, times 100).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.common import ROOT, Homes, Site, child_env, disk_usage, summarize

ARTICLES = 100
"""Articles opened in one run."""


def _status_kb(field: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def cached_articles(cache_dir: Path, base_url: str) -> int:
    """Count the article entries in a (closed) cache directory."""
    from ktui.core.cache import PageCache
    from ktui.core.urls import ARTICLE_KINDS, Site

    site, cache = Site(base_url), PageCache(cache_dir)
    try:
        return sum(1 for url in cache.urls() if site.classify(url) in ARTICLE_KINDS)
    finally:
        cache.close()


def _articles_in(service: Any) -> int:
    from ktui.core.urls import ARTICLE_KINDS

    return sum(1 for url in service.cache.urls() if service.site.classify(url) in ARTICLE_KINDS)


async def _child(base_url: str, paths: list[str]) -> dict[str, Any]:
    from bench.tui import home_painted, open_url, running
    from ktui.core.config import load_settings

    settings = load_settings(base_url=base_url)
    report: dict[str, Any] = {"rss_kb": {}}
    async with running(settings) as pilot:
        await home_painted(pilot)
        await pilot.app.service.prefetcher.drain()  # type: ignore[attr-defined]
        report["rss_kb"]["home"] = _status_kb("VmRSS")
        report["home_articles"] = _articles_in(pilot.app.service)  # type: ignore[attr-defined]
        times = []
        for number, path in enumerate(paths, start=1):
            times.append(await open_url(pilot, base_url + path))
            if number % 10 == 0:
                report["rss_kb"][str(number)] = _status_kb("VmRSS")
        report["open_seconds"] = summarize(times)
        # Whether opening gets slower as a session goes on: the first ten against the last ten.
        report["open_first_10"] = summarize(times[:10])["median"]
        report["open_last_10"] = summarize(times[-10:])["median"]
        report["peak_rss_kb"] = _status_kb("VmHWM")
    return report


def run_once(site: Site, homes: Homes, count: int, log: Any = print) -> dict[str, Any]:
    """Run the reader in a child process over `count` articles; return its report with the disk figures."""
    home = homes.new("memory")
    paths = (site.articles + site.clones)[:count]
    if len(paths) < count:
        raise RuntimeError(f"the site has only {len(paths)} articles; start it with more clones")
    listing = home / "paths.json"
    listing.write_text(json.dumps(paths))
    done = subprocess.run([sys.executable, "-m", "bench.memory", "--child", "--base-url", site.url,
                           "--paths", str(listing)], cwd=ROOT, env=child_env(home), capture_output=True,
                          text=True, timeout=600, check=False)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("MEMORY ")), None)
    if line is None:
        raise RuntimeError(f"the memory probe failed (exit {done.returncode}): {done.stderr[-800:]}")
    report: dict[str, Any] = json.loads(line[7:])
    cache_dir = home / "cache"
    allocated, apparent = disk_usage(cache_dir)
    parts = {name: disk_usage(cache_dir / name)[0] for name in ("pages", "pinned")}
    parts["search.sqlite"] = sum(_allocated(cache_dir / n) for n in os.listdir(cache_dir)
                                 if n.startswith("search.sqlite"))
    articles = cached_articles(cache_dir, site.url)
    report.update({"disk_bytes": allocated, "apparent_bytes": apparent, "disk_parts": parts,
                   "cached_articles": articles})
    # Growth over a cache that holds only what the home screen needs (front page, feed, empty index),
    # both measured closed, so that SQLite's write-ahead logs do not blur the difference.
    base = _base_bytes(site, homes)
    report["bytes_per_100_articles"] = (allocated - base) / articles * 100 if articles else None
    log(f"  memory: peak RSS {report['peak_rss_kb'] / 1024:.0f} MB after {count} articles, cache "
        f"{allocated / 1e6:.1f} MB on disk ({articles} articles)")
    return report


def _base_bytes(site: Site, homes: Homes) -> int:
    from bench.common import settings_for
    from bench.tui import warm_cache
    from ktui.core.localsearch import LocalIndex

    settings = settings_for(site.url, homes.new("memory-base"))
    asyncio.run(warm_cache(settings, articles=False))
    LocalIndex.for_settings(settings).close()
    return disk_usage(settings.cache_dir)[0]


def _allocated(path: Path) -> int:
    try:
        return os.stat(path).st_blocks * 512
    except OSError:
        return 0


def measure(site: Site, homes: Homes, runs: int, count: int = ARTICLES, log: Any = print) -> dict[str, Any]:
    """Run the memory probe `runs` times; summarise peak RSS (MB) and the cache size per 100 articles."""
    site.set_latency(0)
    reports = [run_once(site, homes, count, log) for _ in range(runs)]
    return {
        "articles": count,
        "runs": runs,
        "peak_rss_mb": summarize([r["peak_rss_kb"] / 1024 for r in reports]),
        "home_rss_mb": summarize([r["rss_kb"]["home"] / 1024 for r in reports]),
        "rss_curve_mb": {k: round(v / 1024, 1) for k, v in reports[-1]["rss_kb"].items()},
        "disk_mb": summarize([r["disk_bytes"] / 1e6 for r in reports]),
        "disk_parts_mb": {k: round(v / 1e6, 2) for k, v in reports[-1]["disk_parts"].items()},
        "per_100_articles_mb": summarize([r["bytes_per_100_articles"] / 1e6 for r in reports
                                          if r["bytes_per_100_articles"] is not None]),
        "cached_articles": reports[-1]["cached_articles"],
        "open_seconds": reports[-1]["open_seconds"],
        "open_first_10_s": summarize([r["open_first_10"] for r in reports])["median"],
        "open_last_10_s": summarize([r["open_last_10"] for r in reports])["median"],
    }


def main() -> int:
    """The child: open the listed articles in the reader and print the report."""
    parser = argparse.ArgumentParser(prog="python -m bench.memory")
    parser.add_argument("--child", action="store_true", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--paths", required=True, help="a JSON file with the article paths to open")
    args = parser.parse_args()
    paths = json.loads(Path(args.paths).read_text())
    report = asyncio.run(_child(args.base_url, paths))
    print("MEMORY " + json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
