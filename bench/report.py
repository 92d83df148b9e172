"""The benchmark's report: the targets checked, the printed table and the JSON files.

Times in the table are medians with [min–max] over the samples; ratios are of medians measured
in the same run, which is what counts on a shared, noisy machine.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.common import RESULTS

TARGETS = {
    "launch_warm_over_bare": ("warm launch / bare Textual app", 1.3, "×"),
    "article_from_cache_ms": ("keypress to cached article, ms (worst latency's median)", 50.0, " ms"),
    "session_over_w3m": ("reading session wait at 200 ms, ktui / w3m", 0.2, "×"),
    "article_parse_ms": ("article parse, ms (median)", 5.0, " ms"),
    "peak_rss_mb": ("peak RSS after 100 articles, MB", 150.0, " MB"),
    "growth_flat": ("list and cache operations flat (largest / smallest cache ≤ 3×)", 3.0, "×"),
}
"""Target name: (description, limit, unit). A value at or under its limit meets the target."""
FLAT = 3.0
"""Largest 10 000 / 100 ratio still called flat (linear growth gives 100)."""
FLAT_OPS = ("cache_get", "cache_put", "cache_open", "cache_stats", "front_from_cache", "latest_from_cache",
            "article_from_cache", "search_one_match")
"""The operations the flatness target is about (search over every match and the full sync are linear
by nature and reported beside them)."""


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.0f}" if value >= 0.1 else f"{value * 1000:.1f}"


def _range(entry: dict[str, Any] | None, scale: float = 1000.0, digits: int = 0) -> str:
    if not entry or entry.get("median") is None:
        return "—"
    fmt = f"{{:.{digits}f}}"
    return (f"{fmt.format(entry['median'] * scale)} [{fmt.format(entry['min'] * scale)}–"
            f"{fmt.format(entry['max'] * scale)}]")


def _x(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}×"


def check_targets(results: dict[str, Any]) -> dict[str, Any]:
    """Return each target's measured value, limit and whether it is met (None when not measured)."""
    values: dict[str, float | None] = dict.fromkeys(TARGETS)
    if "launch" in results:
        values["launch_warm_over_bare"] = results["launch"]["ratio_warm_bare"]
    if "keypress" in results:
        medians = [row["cache"]["median"] for row in results["keypress"]["by_latency"].values()]
        values["article_from_cache_ms"] = max(medians) * 1000 if medians else None
    if "session" in results:
        values["session_over_w3m"] = results["session"].get("ratio_ktui_w3m")
    if "parse" in results:
        median = results["parse"]["by_kind"]["article"]["site"]["median"]
        values["article_parse_ms"] = median * 1000 if median is not None else None
    if "memory" in results and results["memory"]["articles"] >= 100:
        values["peak_rss_mb"] = results["memory"]["peak_rss_mb"]["median"]
    if "scaling" in results:
        growth = results["scaling"]["growth"]
        values["growth_flat"] = max((growth[op] for op in FLAT_OPS if growth.get(op) is not None), default=None)
    return {name: {"description": TARGETS[name][0], "value": value, "limit": TARGETS[name][1],
                   "met": None if value is None else value <= TARGETS[name][1]} for name, value in values.items()}


def table(report: dict[str, Any]) -> str:
    """Format the whole report as the table printed at the end of a run."""
    m, r = report["machine"], report["results"]
    lines = [f"ktui benchmark · {m['date']} · {m['cpu']}, {m['cores']} cores, {m.get('memory_mb')} MB · "
             f"Python {m['python']} · textual {m['packages'].get('textual', '?')} · commit {m.get('commit')}",
             f"mode: {'quick' if report['options']['quick'] else 'full'}; median [min–max]; ratios of medians "
             f"from this run; took {report['seconds']:.0f} s", ""]
    if "launch" in r:
        lat = list(r["launch"]["by_latency"])
        lines.append(f"1. Launch to home lists painted, ms ({r['launch']['runs']} runs, new process each)")
        lines.append("   " + "".ljust(26) + "".join(f"{f'@{x} ms':>22}" for x in lat))
        for kind, label in (("bare", "bare Textual app (floor)"), ("warm", "ktui, warm cache"),
                            ("cold", "ktui, cold cache")):
            lines.append("   " + label.ljust(26) + "".join(
                f"{_range(r['launch']['by_latency'][x][kind]):>22}" for x in lat))
        lines.append("   " + "warm / bare".ljust(26) + "".join(
            f"{_x(r['launch']['by_latency'][x]['ratio_warm_bare']):>22}" for x in lat))
        lines.append("   " + "cold / bare".ljust(26) + "".join(
            f"{_x(r['launch']['by_latency'][x]['ratio_cold_bare']):>22}" for x in lat))
        phases = r["launch"]["by_latency"][lat[0]]["warm"]["phases"]
        bare = r["launch"]["by_latency"][lat[0]]["bare"]["phases"]
        lines.append(f"   warm, all latencies pooled: {_x(r['launch']['ratio_warm_bare'])}; requests during warm "
                     f"launches: {sum(row['warm_requests'] for row in r['launch']['by_latency'].values())}")
        if "ratio_warm_bare_cpu" in r["launch"]:
            cpu = r["launch"]["cpu_all_latencies"]
            lines.append(f"   processor time to painted, all latencies (user+sys, steadier than the clock on a shared "
                         f"machine): ktui warm {_ms(cpu['warm']['median'])} ms, bare {_ms(cpu['bare']['median'])} ms, "
                         f"{_x(r['launch']['ratio_warm_bare_cpu'])}")
        lines.append(f"   phases @{lat[0]} ms since the probe's start (imports / app mounted / painted): ktui "
                     f"{_ms(phases['import'])} / {_ms(phases['mount'])} / {_ms(phases['ready'])} ms, bare "
                     f"{_ms(bare['import'])} / {_ms(bare['mount'])} / {_ms(bare['ready'])} ms")
        lines.append("")
    if "keypress" in r:
        k = r["keypress"]
        lat = list(k["by_latency"])
        lines.append(f"2. Keypress to article painted, ms ({k['sessions']} session(s) × {k['articles_per_session']}"
                     " articles; requests made while opening in brackets)")
        lines.append("   " + "".ljust(26) + "".join(f"{f'@{x} ms':>26}" for x in lat))
        for mode, label in (("cache", "from cache"), ("prefetch", "after prefetch"), ("uncached", "uncached")):
            cells = [f"{_range(k['by_latency'][x][mode])} ({k['by_latency'][x][mode]['requests']})" for x in lat]
            lines.append("   " + label.ljust(26) + "".join(f"{c:>26}" for c in cells))
        lines.append("")
    if "session" in r:
        s = r["session"]
        lines.append(f"3. Reading session @{s['latency_ms']} ms: {s['stories']} stories, {s['read_seconds']:g} s "
                     f"reading each, {s['sessions']} session(s); total wait, s [min–max]; per story, ms")
        for reader, entry in s["readers"].items():
            extra = ""
            if reader == "ktui":
                extra = (f"   home lists {_range(entry['home'])} ms; prefetched {entry['prefetched']}; "
                         f"requests {entry['requests']}")
            lines.append(f"   {reader.ljust(8)}{_range(entry, 1.0, 2):>22}   per story {_range(entry['per_story'])}"
                         + extra)
        lines.append(f"   ktui / w3m {_x(s.get('ratio_ktui_w3m'))}   ktui / lynx {_x(s.get('ratio_ktui_lynx'))}")
        lines.append("")
    if "parse" in r:
        p = r["parse"]
        lines.append(f"4. Parse time per page kind, ms (median [min–max] over pages; each page the median of "
                     f"{p['repeats']} parses)")
        lines.append("   " + "kind".ljust(9) + "pages".rjust(6) + "KB".rjust(6) + "site parser".rjust(24)
                     + "generic extractor".rjust(26) + "generic/site".rjust(14))
        for kind, entry in p["by_kind"].items():
            lines.append("   " + kind.ljust(9) + str(entry["pages"]).rjust(6) + f"{(entry['bytes'] or 0) / 1000:6.0f}"
                         + f"{_range(entry['site'], digits=2):>24}" + f"{_range(entry['generic'], digits=1):>26}"
                         + f"{_x(entry['ratio_generic_site'], 0):>14}")
        lines.append("")
    if "memory" in r:
        mem = r["memory"]
        lines.append(f"5. Memory: peak RSS after {mem['articles']} articles {_range(mem['peak_rss_mb'], 1.0)} MB "
                     f"(home screen {_range(mem['home_rss_mb'], 1.0)} MB); RSS by articles opened "
                     f"{mem['rss_curve_mb']}")
        lines.append(f"   opening (no latency): first 10 articles {_ms(mem['open_first_10_s'])} ms, last 10 "
                     f"{_ms(mem['open_last_10_s'])} ms (median)")
        lines.append(f"   cache on disk {_range(mem['disk_mb'], 1.0, 2)} MB for {mem['cached_articles']} articles "
                     f"{mem['disk_parts_mb']}; per 100 articles {_range(mem['per_100_articles_mb'], 1.0, 2)} MB")
        lines.append("")
    if "scaling" in r:
        sc = r["scaling"]
        sizes = [str(x) for x in sc["sizes"]]
        lines.append("6. Growth with cached articles, ms per operation (median)")
        lines.append("   " + "operation".ljust(28) + "".join(f"{x:>10}" for x in sizes) + f"{'last/first':>12}")
        for op, times in sc["per_op_seconds"].items():
            lines.append("   " + op.ljust(28) + "".join(f"{times[x] * 1000:10.2f}" for x in sizes)
                         + f"{_x(sc['growth'][op], 1):>12}")
        lines.append("")
    lines.append("Targets")
    for name, target in report["targets"].items():
        unit = TARGETS[name][2]
        verdict = {True: "MET", False: "MISSED", None: "not measured"}[target["met"]]
        value = "—" if target["value"] is None else f"{target['value']:.2f}{unit}"
        lines.append(f"   {target['description']:<58} {value:>12}  (≤ {target['limit']:g}{unit})  {verdict}")
    return "\n".join(lines)


def write(report: dict[str, Any], folder: Path = RESULTS) -> Path:
    """Write the report as a dated JSON file and as latest.json (latest-quick.json for --quick); return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(report["machine"]["date"]).strftime("%Y%m%d-%H%M%S")
    suffix = "-quick" if report["options"]["quick"] else ""
    path = folder / f"bench-{stamp}{suffix}.json"
    text = json.dumps(report, indent=1, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    # A smoke run must not replace the figures of the last full run.
    (folder / f"latest{suffix}.json").write_text(text, encoding="utf-8")
    return path
