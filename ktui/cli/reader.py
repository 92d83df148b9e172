"""Provides `run_reader`: starts the Textual reader for a command line's context."""

from __future__ import annotations

from ktui.cli.context import Context


def run_reader(context: Context, url: str | None) -> int:
    """Run the reader until the user quits; return the exit code."""
    # Textual is imported here, not at the top, so that the subcommands start fast.
    from ktui.app import KtuiApp

    start_url = None
    if url:
        from ktui.core.service import refuse_non_web, resolve_target
        from ktui.core.urls import Site

        refuse_non_web(url)  # before "https://" goes in front of it
        start_url = resolve_target(Site(context.settings.base_url), url if "://" in url else "https://" + url)
    app = KtuiApp(context.settings, start_url=start_url, mode="DEMO" if context.demo else "")
    app.run()
    return 0
