"""Provides `Context`: the settings, the demo server (if any) and the service for one ktui run.

Everything the command line and the reader share is set up here, once: flags over environment
over the config file, the demo edition's loopback server for --demo (with its own cache
directory, so demo stories never mix with the real site's), and a `NewsService` made on demand.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ktui.core.config import Settings, load_settings
from ktui.core.errors import UsageError
from ktui.core.service import NewsService
from ktui.core.urls import Site

if TYPE_CHECKING:
    from ktui.siteserver.server import SiteServer


@dataclass
class Context:
    """One run's settings and resources."""

    settings: Settings
    """The settings in effect."""
    demo: bool = False
    """Whether the demo edition is being served."""
    server: SiteServer | None = None
    """The demo edition's server, while it runs."""
    warnings: list[str] = field(default_factory=list)
    """Warnings to show once (bad config values, a rebuilt cache)."""

    @classmethod
    def from_args(cls, args: argparse.Namespace, **extra: Any) -> Context:
        """Build the context of a command line (flags beat environment beat config file)."""
        cache_dir = getattr(args, "cache_dir", None)
        settings = load_settings(
            base_url=getattr(args, "base_url", None),
            cache_dir=Path(cache_dir).expanduser() if cache_dir else None,
            offline=True if getattr(args, "offline", False) else None,
            **extra,
        )
        try:
            Site(settings.base_url)
        except ValueError:
            raise UsageError(f"--base-url must be an http(s) URL, not {settings.base_url!r}") from None
        context = cls(settings=settings, demo=bool(getattr(args, "demo", False)))
        context.warnings.extend(settings.problems)
        return context

    def __enter__(self) -> Context:
        if self.demo:
            from ktui.siteserver.demo import start_demo

            self.server = start_demo()
            self.settings = replace(self.settings, base_url=self.server.url,
                                    cache_dir=self.settings.cache_dir / "demo")
        for warning in self.warnings:
            print(f"ktui: warning: {warning}", file=sys.stderr)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def service(self, **kwargs: Any) -> NewsService:
        """Make the service for this run (the caller closes it)."""
        return NewsService(self.settings, warn=lambda m: print(f"ktui: warning: {m}", file=sys.stderr), **kwargs)
