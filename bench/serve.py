"""The benchmark's site: the demo edition plus cloned articles, served on loopback in a child process.

`python -m bench.serve [--clones N]` builds the demo edition at the benchmark's fixed time, adds
N copies of every demo article under new slugs (so that 100 distinct articles can be opened),
starts `ktui.siteserver.server.SiteServer` on a free loopback port and prints one JSON line: the
base URL and the paths of the original and cloned articles. It then obeys one command a line on
standard input (`latency SECONDS`, `stats`, `reset`, `quit`) and answers each with a JSON line.

The server runs in its own process so that its threads never compete for the GIL with the ktui
being measured in the benchmark's process: on the real network the server is another machine.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import datetime
from typing import Any

from ktui.core.times import KST
from ktui.siteserver.edition import build_edition, make_handler
from ktui.siteserver.pages import Page
from ktui.siteserver.server import SiteServer

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=KST)
"""The edition's fixed present, so every run serves byte-identical pages."""


def article_paths(pages: dict[str, Page]) -> list[str]:
    """Return the paths of the edition's articles, in the edition's order."""
    return [path for path, page in pages.items() if page.extra.get("kind") == "article"]


def clone_path(path: str, copy: int) -> str:
    """Return the path of the `copy`-th clone of an article (same section and date, a new slug)."""
    return f"{path.rstrip('/')}-copy{copy}"


def build_site(clones: int = 0) -> tuple[dict[str, Page], list[str], list[str]]:
    """Build the demo edition with `clones` extra copies of each article.

    Returns:
        The pages by path, the original article paths and the cloned article paths. A clone's body
        names its own path wherever the original named the original's (canonical link, og:url,
        JSON-LD), so it parses as a distinct article.
    """
    pages = dict(build_edition(NOW))
    originals = article_paths(pages)
    copies: list[str] = []
    for copy in range(1, clones + 1):
        for path in originals:
            new = clone_path(path, copy)
            body = pages[path].body.replace(path.encode(), new.encode())
            pages[new] = replace(pages[path], body=body, extra={**pages[path].extra, "clone_of": path})
            copies.append(new)
    return pages, originals, copies


def _answer(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Serve until `quit` or the end of standard input."""
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--clones", type=int, default=0, help="extra copies of every demo article")
    args = parser.parse_args(argv)
    pages, originals, copies = build_site(args.clones)
    server = SiteServer(pages, handler=make_handler(NOW)).start()
    _answer({"url": server.url, "articles": originals, "clones": copies})
    try:
        for line in sys.stdin:
            command, _, value = line.strip().partition(" ")
            if command == "latency":
                server.latency = float(value)
                _answer({"latency": server.latency})
            elif command == "stats":
                _answer({"total": server.total, "connections": server.connections})
            elif command == "reset":
                server.reset_counts()
                _answer({"total": 0})
            elif command == "quit":
                break
            else:
                _answer({"error": f"unknown command {command!r}"})
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
