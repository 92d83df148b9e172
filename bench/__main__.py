"""ktui's benchmark: `python -m bench` (from the repository root, in the dev venv).

It starts the demo edition (plus cloned articles) on a loopback server in a child process, with
0, 50 and 200 ms of latency injected per request, and measures:

1. launch to home lists painted, cold and warm cache, against a bare Textual app (`bench.launches`);
2. keypress to article painted: from cache, after prefetch, uncached (`bench.keypress`);
3. a reading session of the Top 10 against `w3m -dump` and `lynx -dump` at 200 ms (`bench.session`);
4. parse time per page kind, site parsers against the generic extractor (`bench.parsing`);
5. peak RSS after opening 100 articles, and the cache's size on disk (`bench.memory`);
6. how list, cache and search operations grow with 100 to 10 000 cached articles (`bench.scaling`).

It prints a table and writes bench/results/bench-<date>.json and bench/results/latest.json, with
the machine, the options and every sample. w3m and lynx are installed with apt-get when missing
(skipped with a message where that cannot be done, or with --skip-peers).

Options: --quick (a smoke run of about a minute: fewer runs, latencies 0 and 200 ms, smaller
sizes), --runs N (launch runs per latency; sessions scale with it), --only launch,parse,... (some
measures only), --skip-peers, --read-seconds S, --no-write. A full run takes about 8 to 10 minutes
on a 2-core machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

from bench import keypress, launches, memory, parsing, report, scaling, session
from bench.common import LATENCIES_MS, Homes, Site, ensure_peers, machine_info

MEASURES = ("launch", "keypress", "session", "parse", "memory", "scaling")
"""The measures, in the order they run and are reported."""


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmark ktui (see bench/README.md).")
    parser.add_argument("--quick", action="store_true", help="a smoke run of about a minute")
    parser.add_argument("--runs", type=int, default=None, metavar="N",
                        help="launch runs per latency (default 7, 1 with --quick); sessions scale with it")
    parser.add_argument("--only", default=",".join(MEASURES), metavar="LIST",
                        help=f"comma-separated measures to run (default all: {','.join(MEASURES)})")
    parser.add_argument("--skip-peers", action="store_true", help="do not run (or install) w3m and lynx")
    parser.add_argument("--read-seconds", type=float, default=None, metavar="S",
                        help="reading time per story in the session (default 3, 1 with --quick)")
    parser.add_argument("--no-write", action="store_true", help="print the table only; write no JSON")
    args = parser.parse_args(argv)
    args.only = [m.strip() for m in args.only.split(",") if m.strip()]
    unknown = [m for m in args.only if m not in MEASURES]
    if unknown:
        parser.error(f"unknown measure(s) {', '.join(unknown)}; choose from {', '.join(MEASURES)}")
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def plan(args: argparse.Namespace) -> dict[str, Any]:
    """Turn the options into the sizes of every measure."""
    runs = args.runs or (1 if args.quick else 7)
    if args.quick:
        # Keypress at 200 ms only: "from cache" does not depend on the latency, and 200 ms is where
        # the other two situations differ most.
        return {"runs": runs, "latencies": (0, 200), "keypress_latencies": (200,), "keypress_sessions": 1,
                "keypress_articles": 3,
                "session_runs": 1, "stories": 5, "read_seconds": args.read_seconds or 1.0, "parse_repeats": 2,
                "parse_per_kind": 4, "memory_runs": 1, "memory_articles": 20, "sizes": (100, 1000),
                "scaling_calls": 50}
    return {"runs": runs, "latencies": LATENCIES_MS, "keypress_latencies": LATENCIES_MS,
            "keypress_sessions": max(1, runs // 2),
            "keypress_articles": 10, "session_runs": max(1, (runs + 1) // 2), "stories": session.STORIES,
            "read_seconds": args.read_seconds or 3.0, "parse_repeats": runs, "parse_per_kind": parsing.PER_KIND,
            "memory_runs": max(1, runs // 3), "memory_articles": memory.ARTICLES, "sizes": scaling.SIZES,
            "scaling_calls": 200}


def run(args: argparse.Namespace, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Run the chosen measures; return the full report (machine, options, results, targets)."""
    sizes = plan(args)
    started = time.perf_counter()
    results: dict[str, Any] = {}
    timings: dict[str, float] = {}
    homes = Homes()
    peers: dict[str, str | None] = {"w3m": None, "lynx": None}
    if "session" in args.only and not args.skip_peers:
        peers = ensure_peers(log)
    # The demo has 51 articles; two clones of each give 153 distinct ones, enough for 100.
    clones = 2 if "memory" in args.only else 0
    try:
        with Site(clones=clones) as site:
            log(f"site: {site.url} ({len(site.articles)} articles, {len(site.clones)} clones)")
            steps: dict[str, Callable[[], Any]] = {
                "launch": lambda: launches.measure(site, homes, sizes["runs"], sizes["latencies"], log),
                "keypress": lambda: keypress.measure(site, homes, sizes["keypress_sessions"],
                                                     sizes["keypress_articles"], sizes["keypress_latencies"], log),
                "session": lambda: session.measure(site, homes, sizes["session_runs"], peers,
                                                   read_seconds=sizes["read_seconds"], stories=sizes["stories"],
                                                   log=log),
                "parse": lambda: parsing.measure(sizes["parse_repeats"], sizes["parse_per_kind"], log),
                "memory": lambda: memory.measure(site, homes, sizes["memory_runs"], sizes["memory_articles"], log),
                "scaling": lambda: scaling.measure(homes, sizes["sizes"], sizes["scaling_calls"], log),
            }
            for name in MEASURES:
                if name in args.only:
                    log(f"{name} …")
                    start = time.perf_counter()
                    results[name] = steps[name]()
                    timings[name] = time.perf_counter() - start
    finally:
        homes.cleanup()
    if "session" in args.only and not any(peers.values()):
        log("note: w3m and lynx were not run, so the session has no ratio")
    options = {"quick": args.quick, "only": args.only, "skip_peers": args.skip_peers,
               **{k: list(v) if isinstance(v, tuple) else v for k, v in sizes.items()}}
    out = {"machine": machine_info(), "options": options, "results": results, "seconds": 0.0,
           "seconds_by_measure": timings}
    out["targets"] = report.check_targets(results)
    out["seconds"] = time.perf_counter() - started
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON."""
    args = _options(argv)
    result = run(args)
    print()
    print(report.table(result))
    if not args.no_write:
        path = report.write(result)
        print(f"\nwrote {path} and {path.parent / ('latest-quick.json' if args.quick else 'latest.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
