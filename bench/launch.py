"""The launch probe: a child process that starts an app headless and says when its first screen is painted.

`python -m bench.launch bare` runs the floor, a bare Textual `App` with one `Static`;
`python -m bench.launch ktui --base-url URL` runs `KtuiApp` as `ktui` would (settings from
`load_settings`, so the home comes from KTUI_CACHE_DIR, KTUI_DATA_DIR and KTUI_CONFIG). Both check
their condition (the Static is mounted; the Top 10 and Trending lists are filled) at every frame
they draw and, at the end of the first frame drawn while it holds, write one line to file
descriptor 1 and exit:

    READY {"import": s, "mount": s, "ready": s, "cpu": s, "rss_peak_kb": n}

with the seconds since this module started running (interpreter start-up comes before it; the
parent process measures the whole launch from its side), and "cpu", the processor time (user and
system) the process had used by then, interpreter start-up included: it counts only work this
process did, so other programs on a busy machine lengthen it far less than the wall-clock times.
Textual redirects `sys.stdout` while an app runs, hence the raw `os.write`. ktui's code is used
as is: the probe only subclasses `KtuiApp` to add the timer.

Until 28 Nov 2026 both polled their condition every 5 ms and then waited for the next refresh,
which counted a tick of the refresh timer and the refresh after the first frame for both apps.

`--profile FILE` writes a cProfile of the whole process, for finding where a launch spends its time.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402 - the clock above must start before any import
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


def peak_rss_kb() -> int:
    """Return this process's peak resident set size in KiB (VmHWM), or 0 where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _report(times: dict[str, float]) -> None:
    times["ready"] = time.perf_counter() - START
    cpu = os.times()
    times["cpu"] = cpu.user + cpu.system
    payload: dict[str, Any] = {key: round(value, 6) for key, value in times.items()}
    payload["rss_peak_kb"] = peak_rss_kb()
    os.write(1, f"READY {json.dumps(payload)}\n".encode())


def _install_probe(app: Any, ready: Callable[[], bool], times: dict[str, float]) -> None:
    """Report at the end of the first frame the app draws while `ready` holds, then exit.

    The frame is timed where Textual hands it to the terminal (`App._display`; headless, it is
    composed the same way and only the writing is skipped), as `bench.tui.PaintClock` does for
    the reader's keys.
    """
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if "ready" in times or renderable is None or app._batch_count:
            return
        try:
            done = ready()
        except Exception:  # the screen may not be composed yet: not ready
            done = False
        if done:
            _report(times)
            app.exit()

    times["mount"] = time.perf_counter() - START
    app._display = timed_display


def run_bare(times: dict[str, float]) -> None:
    """Run the floor: a bare Textual app with one Static."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    times["import"] = time.perf_counter() - START

    class Bare(App[None]):
        """One static screen."""

        def compose(self) -> ComposeResult:
            yield Static("The Korea Times", id="only")

        def on_mount(self) -> None:
            _install_probe(self, lambda: self.screen.query_one("#only", Static).is_mounted, times)

    Bare().run(headless=True, size=_size())


def run_ktui(times: dict[str, float], base_url: str) -> None:
    """Run ktui's reader until the Top 10 and Trending lists are filled and painted."""
    from ktui import gcpause

    gcpause.hold()  # as the `ktui` command does before its imports
    import ktui.app
    from ktui.app import KtuiApp
    from ktui.core.config import load_settings
    from ktui.widgets.headline_list import HeadlineList

    times["import"] = time.perf_counter() - START
    settings = load_settings(base_url=base_url)

    class Probe(KtuiApp):
        """ktui with the benchmark's timer."""

        # CSS_PATH is resolved against the defining class's module: point it back at ktui's.
        CSS_PATH = str(Path(ktui.app.__file__).with_name("ktui.tcss"))

        def on_mount(self) -> None:
            def filled() -> bool:
                screen = self.screen
                return all(screen.query_one(f"#{key} HeadlineList", HeadlineList).headlines
                           for key in ("top", "trending"))

            _install_probe(self, filled, times)

    Probe(settings).run(headless=True, size=_size())


def _size() -> tuple[int, int]:
    columns, _, lines = os.environ.get("BENCH_SIZE", "160x48").partition("x")
    return int(columns), int(lines)


def main() -> int:
    """Run the probe named on the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.launch", description="Time an app's launch.")
    parser.add_argument("app", choices=("bare", "ktui"))
    parser.add_argument("--base-url", default="")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the run to FILE")
    args = parser.parse_args()
    times: dict[str, float] = {}

    def run() -> None:
        if args.app == "bare":
            run_bare(times)
        else:
            run_ktui(times, args.base_url)

    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.runcall(run)
        profiler.dump_stats(args.profile)
    else:
        run()
    return 0 if "ready" in times else 1


if __name__ == "__main__":
    sys.exit(main())
