"""Measure 1: launch to home lists painted, cold and warm cache, against a bare Textual app (the floor).

Each launch is a new process (`bench.launch`), timed from just before it is spawned to the line
it writes once the screen is painted, so interpreter start-up and every import count, as they do
for a user. Cold: an empty cache, so the front page and the feed come over the network at the
injected latency. Warm: a cache a previous session left (front page, feed and the listed
articles, all fresh), so no request should be needed; the requests the site saw during the
warm launches are counted to prove it. The three kinds are interleaved run by run, in an order
shuffled each round (seeded, so a rerun shuffles alike), so that the machine's noise falls on all
of them alike and no kind always runs first after another. At each latency one unmeasured round
comes first: the first launches after the warm cache is made were the slowest of their kind.
"""

from __future__ import annotations

import asyncio
import json
import random
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import LATENCIES_MS, ROOT, SIZE, Homes, Site, child_env, ratio, settings_for, summarize
from bench.tui import warm_cache

TIMEOUT = 60.0
"""Longest a launch may take before it counts as failed."""


class LaunchFailed(RuntimeError):
    """A launch probe did not report a painted screen."""


def launch(app: str, site_url: str, home: Path, *, profile: Path | None = None) -> dict[str, Any]:
    """Launch one probe; return the parent-side seconds to painted and the child's own phase times."""
    env = child_env(home)
    env["BENCH_SIZE"] = f"{SIZE[0]}x{SIZE[1]}"
    command = [sys.executable, "-m", "bench.launch", app, "--base-url", site_url]
    if profile is not None:
        command += ["--profile", str(profile)]
    errors = home / f"launch-{app}.stderr"
    with errors.open("wb") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr)
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], TIMEOUT)
        line = proc.stdout.readline() if ready else b""
        elapsed = time.perf_counter() - start
        try:
            proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if not line.startswith(b"READY "):
        tail = errors.read_text(errors="replace")[-800:]
        raise LaunchFailed(f"{app} launch did not report a painted screen (exit {proc.returncode}): {tail}")
    return {"seconds": elapsed, **json.loads(line[6:])}


def _summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    out = summarize([r["seconds"] for r in records])
    out["phases"] = {key: summarize([r[key] for r in records])["median"] for key in ("import", "mount", "ready")}
    out["cpu"] = summarize([r["cpu"] for r in records])
    out["rss_peak_kb"] = summarize([r["rss_peak_kb"] for r in records])["median"]
    return out


def measure(site: Site, homes: Homes, runs: int, latencies: tuple[int, ...] = LATENCIES_MS,
            log: Any = print) -> dict[str, Any]:
    """Run the launch measure at each latency; return the summaries and the warm/bare ratios."""
    # One unmeasured launch of each: compiles the bytecode and fills the OS file cache.
    for app in ("bare", "ktui"):
        launch(app, site.url, homes.new("prime"))
    results: dict[str, Any] = {"runs": runs, "by_latency": {}}
    pooled: dict[str, list[float]] = {"bare": [], "warm": [], "cold": []}
    pooled_cpu: dict[str, list[float]] = {"bare": [], "warm": []}
    for latency in latencies:
        site.set_latency(latency)
        warm_home = homes.new("warm")
        asyncio.run(warm_cache(settings_for(site.url, warm_home)))
        records: dict[str, list[dict[str, Any]]] = {"bare": [], "warm": [], "cold": []}
        warm_requests = 0
        rounds = random.Random(latency)
        for round_number in range(runs + 1):
            kinds = list(records)
            rounds.shuffle(kinds)
            for kind in kinds:
                home = warm_home if kind == "warm" else homes.new(kind)
                site.reset()
                record = launch("bare" if kind == "bare" else "ktui", site.url, home)
                if kind == "warm":
                    warm_requests += site.requests()
                if round_number:  # the first round is the unmeasured one
                    records[kind].append(record)
        row = {kind: _summary(rs) for kind, rs in records.items()}
        row["warm_requests"] = warm_requests
        row["ratio_warm_bare"] = ratio(row["warm"]["median"], row["bare"]["median"])
        row["ratio_cold_bare"] = ratio(row["cold"]["median"], row["bare"]["median"])
        results["by_latency"][str(latency)] = row
        for kind in pooled:
            pooled[kind] += [r["seconds"] for r in records[kind]]
        for kind in pooled_cpu:
            pooled_cpu[kind] += [r["cpu"] for r in records[kind]]
        log(f"  launch @{latency} ms: bare {row['bare']['median'] * 1000:.0f} ms, warm "
            f"{row['warm']['median'] * 1000:.0f} ms, cold {row['cold']['median'] * 1000:.0f} ms")
    all_runs = {kind: summarize(values) for kind, values in pooled.items()}
    results["all_latencies"] = all_runs
    # Warm launches make no request, so their samples at every latency measure the same thing:
    # pooling them (and the floor's) gives the steadiest ratio this run can give.
    results["ratio_warm_bare"] = ratio(all_runs["warm"]["median"], all_runs["bare"]["median"])
    # Processor time to painted: not the target (a user waits on the clock), but a steadier
    # reading of the same work where the machine is shared.
    cpu = {kind: summarize(values) for kind, values in pooled_cpu.items()}
    results["cpu_all_latencies"] = cpu
    results["ratio_warm_bare_cpu"] = ratio(cpu["warm"]["median"], cpu["bare"]["median"])
    return results
