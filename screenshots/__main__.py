"""Renders the reader's main screens from the demo edition into screenshots/*.svg (and PNG).

Usage: `python -m screenshots [--out DIR] [--only NAME ...]`.

Each shot starts a fresh `KtuiApp` headless (`App.run_test`) at a given terminal size, presses
the keys a reader would, waits for the workers, and exports the screen as SVG. The demo edition
is built for a fixed moment and both of the app's clocks are pinned to it, so ages, badges and the
header's time are the same on every run; the loopback server's port never shows on the screens
chosen (a shot fails if it does).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from ktui.app import KtuiApp
from ktui.core.config import Settings
from ktui.core.times import KST
from ktui.siteserver import faults
from ktui.siteserver.edition import build_edition, make_handler
from ktui.siteserver.server import SiteServer

NOW: Final = datetime(2026, 11, 27, 18, 0, tzinfo=KST)
"""The demo edition's moment, and the time the screenshots show."""
OUT: Final = Path(__file__).resolve().parent
"""Where the pictures go by default: this package's directory."""
THEME: Final = "textual-dark"
"""The colour theme of every shot."""

Pilot = Any
"""Textual's `Pilot` (kept loose: the steps only press keys and call the app)."""


@dataclass(frozen=True)
class Shot:
    """One screenshot: a name, a terminal size, and what to do before taking it."""

    name: str
    """The file name without extension."""
    size: tuple[int, int]
    """Columns and rows."""
    keys: tuple[str, ...] = ()
    """Keys to press first (each followed by waiting for the app to settle)."""
    setup: str = ""
    """Extra preparation: "offline" (a warm cache, then no network), "error" (the site fails)."""
    then: Callable[[Pilot], Awaitable[None]] | None = None
    """A last step after the keys."""


async def _open_section(pilot: Pilot) -> None:
    pilot.app.open_section(pilot.app.service.find_section("southkorea"))


SHOTS: Final = (
    Shot("home", (140, 40)),
    Shot("home-80x24", (80, 24), keys=("j",)),
    Shot("article", (100, 32), keys=("j", "j", "enter")),
    Shot("section", (100, 30), then=_open_section),
    Shot("offline", (120, 34), setup="offline"),
    Shot("error", (100, 30), setup="error"),
    Shot("help", (100, 40), keys=("question_mark",)),
)
"""Every screenshot, in the order they are made."""


async def settle(pilot: Pilot) -> None:
    """Wait until the app's workers are done and the screen is repainted."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


class Studio:
    """The demo site and a temporary home for the apps that are photographed."""

    def __init__(self, home: Path) -> None:
        self.server = SiteServer(build_edition(NOW), handler=make_handler(NOW)).start()
        """The demo edition on loopback."""
        self.home = home
        """The temporary home of the shots (cache, data, config)."""

    def settings(self, name: str, **changes: Any) -> Settings:
        """Settings with their own cache and data under the home (no prefetch: nothing to wait for)."""
        base = self.home / name
        return replace(Settings(base_url=self.server.url, cache_dir=base / "cache", data_dir=base / "data",
                                config_path=base / "config.toml", theme=THEME, prefetch_depth=0), **changes)

    def app(self, settings: Settings) -> KtuiApp:
        """A reader whose clocks are pinned to the edition's moment."""
        app = KtuiApp(settings, clock=lambda: NOW, loader_clock=NOW.timestamp)
        app.animation_level = "none"
        return app

    async def take(self, shot: Shot) -> str:
        """Make one shot and return its SVG."""
        settings = self.settings(shot.name)
        self.server.clear_faults()
        if shot.setup == "offline":
            warm = self.app(settings)
            async with warm.run_test(size=shot.size) as pilot:
                await settle(pilot)
            settings = replace(settings, offline=True)
        elif shot.setup == "error":
            self.server.set_fault("*", faults.status(500))
        app = self.app(settings)
        async with app.run_test(size=shot.size, notifications=True) as pilot:
            await settle(pilot)
            for key in shot.keys:
                await pilot.press(key)
                await settle(pilot)
            if shot.then is not None:
                await shot.then(pilot)
                await settle(pilot)
            svg = app.export_screenshot(title=f"ktui · {shot.name}")
        self.server.clear_faults()
        # Cached URLs carry the loopback port, which changes from run to run: it must not show.
        if f":{self.server.port}" in svg:
            raise RuntimeError(f"the {shot.name} screenshot shows the demo server's port")
        return svg

    def close(self) -> None:
        """Stop the demo site."""
        self.server.stop()


def to_png(svg: Path) -> Path | None:
    """Convert an SVG to PNG beside it when cairosvg is installed; None (quietly) when it is not."""
    try:
        import cairosvg  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except (ImportError, OSError):  # OSError: the module is there but the cairo library is not
        return None
    png = svg.with_suffix(".png")
    cairosvg.svg2png(url=str(svg), write_to=str(png))
    return png


async def make(out: Path, names: Sequence[str] = ()) -> list[Path]:
    """Make the screenshots (all, or those named) into `out`; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="ktui-shots-") as home:
        studio = Studio(Path(home))
        try:
            for shot in SHOTS:
                if names and shot.name not in names:
                    continue
                path = out / f"{shot.name}.svg"
                path.write_text(await studio.take(shot), encoding="utf-8")
                written.append(path)
                png = to_png(path)
                if png is not None:
                    written.append(png)
        finally:
            studio.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Make the screenshots; print where they went."""
    parser = argparse.ArgumentParser(prog="python -m screenshots", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="directory for the pictures (default: %(default)s)")
    parser.add_argument("--only", nargs="*", default=(), metavar="NAME",
                        help=f"only these shots: {', '.join(s.name for s in SHOTS)}")
    args = parser.parse_args(argv)
    unknown = set(args.only) - {s.name for s in SHOTS}
    if unknown:
        parser.error(f"no such shot: {', '.join(sorted(unknown))}")
    for path in asyncio.run(make(args.out, args.only)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
