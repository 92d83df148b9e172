"""Provides `start_demo`: the demo edition served on loopback inside the ktui process.

`ktui --demo` points the whole stack at this server, so the demo exercises exactly the code that
reads the live site. A fixed port is tried first so that the demo's cache stays valid from one
run to the next (cached URLs carry the port); if it is taken, any free port will do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from ktui.siteserver.edition import build_edition, default_now, make_handler
from ktui.siteserver.server import SiteServer

DEMO_PORT: Final = 47011
"""The port the demo edition prefers."""


def start_demo(now: datetime | None = None, *, port: int = DEMO_PORT, latency: float = 0.0) -> SiteServer:
    """Start a loopback server with the demo edition and return it (call `stop()` when done)."""
    now = now or default_now()  # one time for pages and search alike
    pages = build_edition(now)
    handler = make_handler(now)
    for candidate in (port, 0):
        server = SiteServer(pages, handler=handler, port=candidate)
        server.latency = latency
        try:
            return server.start()
        except OSError:
            continue
    raise OSError("could not start the demo server on any port")
