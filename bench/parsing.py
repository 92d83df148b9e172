"""Measure 4: parse time per page kind, the site's parsers against the generic reader-mode extractor.

Pages: the demo edition (front page, section lists, articles, feeds; up to `PER_KIND` of each,
spread over the edition) and every parsable fixture in tests/fixtures/site/ when the folder is
there. Each page is parsed `repeats` times after one untimed warm-up (which also pays
trafilatura's lazy import); a page's time is the median of its repeats, and a kind's figures are
the median, min and max over its pages. The input is text, as `PageLoader` hands it over.

The generic extractor (`extract_generic`) runs on the same HTML pages; it has no business with
RSS, so feeds get no generic figure.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import ROOT, summarize
from bench.serve import build_site
from ktui.core.parse.article import parse_article
from ktui.core.parse.feed import parse_feed
from ktui.core.parse.front import parse_front
from ktui.core.parse.generic import extract_generic
from ktui.core.parse.listing import parse_list
from ktui.core.urls import LIVE

FIXTURES = ROOT / "tests" / "fixtures" / "site"
"""The site fixtures, when the tests are there."""
PER_KIND = 12
"""Most demo pages of one kind that are measured."""
KINDS = ("article", "front", "list", "feed")
"""Page kinds, in the order reported."""
DEMO_SITE = "https://www.koreatimes.co.kr"
"""The origin the demo edition's links name."""

Parser = Callable[[str, str], Any]
PARSERS: dict[str, Parser] = {
    "article": lambda text, url: parse_article(text, url, LIVE),
    "front": lambda text, url: parse_front(text, url, LIVE),
    "list": lambda text, url: parse_list(text, url, LIVE),
    "feed": lambda text, url: parse_feed(text, url, LIVE),
}
"""The site parser of each kind."""


def _spread(items: list[Any], count: int) -> list[Any]:
    """Pick up to `count` items evenly spread over the list (deterministic)."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def demo_pages(per_kind: int = PER_KIND) -> list[tuple[str, str, str, str]]:
    """Return (source, kind, url, text) for the demo edition's pages of each kind."""
    pages, _, _ = build_site(0)
    kind_of = {"article": "article", "front": "front", "section": "list", "feed": "feed"}
    found: dict[str, list[tuple[str, str, str, str]]] = {kind: [] for kind in KINDS}
    for path, page in pages.items():
        kind = kind_of.get(page.extra.get("kind", ""))
        if kind is not None:
            found[kind].append(("demo", kind, DEMO_SITE + path, page.body.decode("utf-8")))
    return [page for kind in KINDS for page in _spread(found[kind], per_kind)]


def fixture_pages(folder: Path = FIXTURES) -> list[tuple[str, str, str, str]]:
    """Return (source, kind, url, text) for the parsable site fixtures (none when the folder is absent)."""
    out = []
    if not folder.is_dir():
        return out
    for expected in sorted(folder.glob("*.expected.json")):
        facts = json.loads(expected.read_text(encoding="utf-8"))
        kind = facts.get("kind")
        if kind not in KINDS:
            continue  # challenge and error pages: typed errors, not parses
        name = expected.name.removesuffix(".expected.json")
        page = next((p for p in folder.glob(f"{name}.*") if not p.name.endswith(".json")), None)
        if page is None:
            continue
        url = facts.get("url") or f"{DEMO_SITE}/"
        out.append(("fixture", kind, url, page.read_bytes().decode("utf-8", "replace")))
    return out


def time_call(function: Callable[[], Any], repeats: int) -> float:
    """Return the median seconds of `repeats` calls, after one untimed call."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(repeats: int = 5, per_kind: int = PER_KIND, log: Any = print) -> dict[str, Any]:
    """Time every page with its site parser and with the generic extractor; summarise by kind and source.

    The generic extractor is 10 to 100 times slower, so its pages get at most 3 repeats: its
    figures are large enough not to need more, and the run stays short.
    """
    pages = demo_pages(per_kind) + fixture_pages()
    per_page: list[dict[str, Any]] = []
    for source, kind, url, text in pages:
        parser = PARSERS[kind]
        record: dict[str, Any] = {"source": source, "kind": kind, "url": url, "bytes": len(text.encode())}
        record["site"] = time_call(lambda p=parser, t=text, u=url: p(t, u), repeats)  # type: ignore[misc]
        record["generic"] = (time_call(lambda t=text, u=url: extract_generic(t, u), min(repeats, 3))  # type: ignore[misc]
                             if kind != "feed" else None)
        per_page.append(record)
    results: dict[str, Any] = {"repeats": repeats, "generic_repeats": min(repeats, 3), "pages": len(per_page),
                               "by_kind": {}}
    for kind in KINDS:
        rows = [r for r in per_page if r["kind"] == kind]
        entry: dict[str, Any] = {"pages": len(rows), "bytes": summarize([r["bytes"] for r in rows])["median"]}
        for parser in ("site", "generic"):
            entry[parser] = summarize([r[parser] for r in rows if r[parser] is not None])
            for source in ("demo", "fixture"):
                entry[f"{parser}_{source}"] = summarize(
                    [r[parser] for r in rows if r[parser] is not None and r["source"] == source])["median"]
        entry["ratio_generic_site"] = (entry["generic"]["median"] / entry["site"]["median"]
                                       if entry["generic"]["median"] and entry["site"]["median"] else None)
        results["by_kind"][kind] = entry
    results["per_page"] = [{**r, "site": round(r["site"], 6),
                            "generic": round(r["generic"], 6) if r["generic"] is not None else None}
                           for r in per_page]
    art = results["by_kind"]["article"]["site"]["median"]
    log(f"  parse: article {art * 1000:.2f} ms median over {results['by_kind']['article']['pages']} pages")
    return results
