r"""Measures ktui's generic reader-mode extractor on real news pages with known article bodies.

Run from the repository root, as `python -m bench.extraction` or `python bench/extraction.py`.
It reads ../shared/realpages (or the folder given with --dir): html/<key>.html.gz pages and a
ground-truth.json of {key: {"articleBody": ..., "url": ...}}. When the folder is absent it says so
and exits 0, because a fresh clone has no such folder.

The metric is the one of the public article-extraction benchmark the pages come from: both texts
are split into word tokens (\w+); all runs of 4 consecutive tokens are counted as multisets; each
page gets true positives, false positives and false negatives over those runs, normalised to sum
to 1 so long pages weigh no more than short ones; precision and recall are averaged over the pages
and F1 is taken of the two averages. Plain trafilatura (`extract(html, url=url)`, its defaults) is
measured in the same run as the baseline. Results go to bench/results/extraction.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "realpages"
RESULTS = ROOT / "bench" / "results" / "extraction.json"

_TOKEN = re.compile(r"\w+")
_CHARSET = re.compile(rb"""charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Return the multiset of runs of n consecutive word tokens (a shorter text is one run)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(true: str, pred: str) -> Counts:
    """Return one page's (tp, fp, fn) over shingles, normalised to sum to 1 (all 0 if both empty)."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def summary(counts: list[Counts]) -> dict[str, float]:
    """Average precision and recall over pages (as the benchmark does) and take F1 of the two."""
    p_values = [precision(*c) for c in counts if c[0] + c[1] > 0]
    r_values = [recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(p_values) if p_values else 0.0
    r = statistics.mean(r_values) if r_values else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def decode(raw: bytes) -> str:
    """Decode a saved page as a browser would: UTF-8, else the charset the page declares."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(raw[:4096])
    if match:
        try:
            return raw.decode(match.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return raw.decode("cp1252", errors="replace")


def timed(fn: Callable[[], str]) -> tuple[str, float]:
    start = time.perf_counter()
    text = fn()
    return text, (time.perf_counter() - start) * 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def run(folder: Path) -> dict[str, Any]:
    """Run ktui's extractor and the trafilatura baseline on every page of the folder."""
    import trafilatura

    from ktui.core.errors import KtuiError
    from ktui.core.parse.article import parse_article
    from ktui.core.parse.generic import extract_generic

    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    extract_generic("<html><body><p>warm-up</p></body></html>")  # imports out of the timings
    ours: list[Counts] = []
    reader: list[Counts] = []
    base: list[Counts] = []
    ms: list[float] = []
    base_ms: list[float] = []
    pages: dict[str, Any] = {}
    for key in sorted(truth):
        body = truth[key].get("articleBody", "")
        url = truth[key].get("url")
        html = decode(gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()))

        def ktui_text(html: str = html, url: str | None = url) -> str:
            found = extract_generic(html, url=url)
            return "\n".join(found.paragraphs) if found else ""

        def reader_text(html: str = html, url: str | None = url) -> str:
            # The whole chain a user gets when opening another site's link in ktui.
            try:
                return parse_article(html, url or "https://example.invalid/article").text
            except KtuiError:
                return ""

        def base_text(html: str = html, url: str | None = url) -> str:
            return str(trafilatura.extract(html, url=url) or "")

        text, took = timed(ktui_text)
        baseline, base_took = timed(base_text)
        ours.append(page_counts(body, text))
        reader.append(page_counts(body, reader_text()))
        base.append(page_counts(body, baseline))
        ms.append(took)
        base_ms.append(base_took)
        pages[key] = {
            "url": url,
            "precision": round(precision(*ours[-1]), 4),
            "recall": round(recall(*ours[-1]), 4),
            "baseline_precision": round(precision(*base[-1]), 4),
            "baseline_recall": round(recall(*base[-1]), 4),
            "ms": round(took, 1),
            "found": bool(text),
        }
    return {
        "folder": str(folder),
        "pages": len(truth),
        "ktui": summary(ours),
        "ktui_reader_chain": summary(reader),
        "baseline_trafilatura": summary(base),
        "ms_median": statistics.median(ms) if ms else 0.0,
        "ms_p90": percentile(ms, 0.9),
        "baseline_ms_median": statistics.median(base_ms) if base_ms else 0.0,
        "per_page": pages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of html/ and ground-truth.json")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    folder: Path = args.dir
    if not (folder / "ground-truth.json").is_file() or not (folder / "html").is_dir():
        print(f"no benchmark pages at {folder}: nothing to measure")
        return 0
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # run as a file from a clone where ktui is not installed
    result = run(folder)
    ours, base = result["ktui"], result["baseline_trafilatura"]
    print(f"pages: {result['pages']} from {folder}")
    print(f"ktui generic:  precision {ours['precision']:.4f}  recall {ours['recall']:.4f}  F1 {ours['f1']:.4f}")
    chain = result["ktui_reader_chain"]
    print(f"reader chain:  precision {chain['precision']:.4f}  recall {chain['recall']:.4f}  F1 {chain['f1']:.4f}"
          "  (parse_article, as the reader opens a link)")
    print(f"trafilatura:   precision {base['precision']:.4f}  recall {base['recall']:.4f}  F1 {base['f1']:.4f}")
    print(
        f"ms per page:   median {result['ms_median']:.1f}  p90 {result['ms_p90']:.1f}"
        f"  (trafilatura alone: median {result['baseline_ms_median']:.1f})"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
