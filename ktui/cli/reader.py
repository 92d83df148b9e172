"""Provides `run_reader`: starts the Textual reader for a command line's context."""

from __future__ import annotations

from ktui.cli.context import Context
from ktui.core.errors import UsageError


def run_reader(context: Context, url: str | None) -> int:
    """Run the reader until the user quits; return the exit code."""
    # Textual is imported here, not at the top, so that the subcommands start fast.
    from ktui.app import KtuiApp

    start_url = None
    if url:
        from ktui.cli.commands import refuse_non_web
        from ktui.core.urls import Site

        refuse_non_web(url)
        start_url = Site(context.settings.base_url).normalize(url if "://" in url else "https://" + url)
        if start_url is None:
            raise UsageError(f"not a web link: {url!r} (only http and https links are followed)")
    app = KtuiApp(context.settings, start_url=start_url, mode="DEMO" if context.demo else "")
    app.run()
    return 0
