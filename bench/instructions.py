"""Instructions to a painted launch: ktui against the bare Textual app, counted by callgrind.

`python -m bench.instructions` warms a cache on the benchmark's site, then runs the launch probes
(`bench.launch`, warm, 160×48) under `valgrind --tool=callgrind` and stops each the moment it has
written its "painted" line. It prints the instructions each executed, in three phases (imports
done, app mounted, first frame painted) and the ktui/bare ratio.

An instruction count does not move with the machine's load, so two versions of the code can be
compared on one run each where the clock needs dozens (`--tree DIR` adds the probe of another
checkout, e.g. a `git worktree` of an older commit). It is not the launch target, which is
measured by the clock (`python -m bench --only launch`): a launch also waits on the disk and on
memory, which are not counted here. Needs valgrind (`apt-get install valgrind`); each probe runs
some forty times slower under it, about a minute in all.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, SIZE, Homes, Site, child_env, settings_for
from bench.tui import warm_cache

PHASES = ("import", "mount", "painted")
"""Where a counted probe stops."""

_IMPORTS = {
    "bare": "from textual.app import App, ComposeResult\nfrom textual.widgets import Static\n",
    "ktui": ("from ktui import gcpause\ngcpause.hold()\nimport ktui.app\nfrom ktui.app import KtuiApp\n"
             "from ktui.core.config import load_settings\nfrom ktui.widgets.headline_list import HeadlineList\n"),
}
"""What each probe imports before it builds its app (as `bench.launch` does)."""


def probe_code(app: str, base_url: str, phase: str) -> str:
    """Return the program a counted probe runs: `bench.launch`, stopped at `phase`."""
    head = "import os, sys\nsys.path.insert(0, os.getcwd())\n"
    if phase == "import":
        return head + _IMPORTS[app] + "os._exit(0)\n"
    # Stop when the app is mounted (the probe installs its timer then) or right after the line
    # that says the frame is painted: what comes after (shutting down) is not part of a launch.
    hook = "_install_probe" if phase == "mount" else "_report"
    after = "real(*args)\n    " if phase == "painted" else ""
    return (head + "import bench.launch as probe\n"
            f"real = probe.{hook}\n"
            f"def stop(*args):\n    {after}os._exit(0)\n"
            f"probe.{hook} = stop\n"
            f"sys.argv = ['bench.launch', {app!r}, '--base-url', {base_url!r}]\n"
            "probe.main()\n")


def count(app: str, base_url: str, phase: str, env: dict[str, str], tree: Path) -> int:
    """Run one probe under callgrind and return the instructions it executed."""
    with tempfile.TemporaryDirectory(prefix="ktui-callgrind-") as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c",
                        probe_code(app, base_url, phase)], cwd=tree, env=env, capture_output=True, check=True,
                       timeout=900)
        found = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
    if found is None:
        raise RuntimeError(f"callgrind gave no total for the {app} probe")
    return int(found.group(1))


def measure(trees: list[Path], phases: tuple[str, ...] = PHASES) -> dict[str, dict[str, int]]:
    """Count the bare probe (from the first tree) and ktui's probe of each tree, at each phase."""
    homes = Homes()
    try:
        with Site() as site:
            home = homes.new("warm")
            asyncio.run(warm_cache(settings_for(site.url, home)))
            env = child_env(home)
            env.update(BENCH_SIZE=f"{SIZE[0]}x{SIZE[1]}", PYTHONHASHSEED="0")
            for tree in trees:  # compiles the bytecode and leaves the parsed CSS, as any launch would
                subprocess.run([sys.executable, "-m", "bench.launch", "ktui", "--base-url", site.url],
                               cwd=tree, env=env, capture_output=True, check=True, timeout=120)
            results = {"bare": {phase: count("bare", site.url, phase, env, trees[0]) for phase in phases}}
            for tree in trees:
                results[f"ktui {tree}"] = {phase: count("ktui", site.url, phase, env, tree) for phase in phases}
            return results
    finally:
        homes.cleanup()


def main() -> int:
    """Print the instruction counts of the launches."""
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", default=[], type=Path,
                        help="also count the ktui of this checkout (repeatable)")
    parser.add_argument("--painted-only", action="store_true", help="count whole launches only (a third of the time)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    phases = ("painted",) if args.painted_only else PHASES
    results = measure([ROOT, *(tree.resolve() for tree in args.tree)], phases)
    bare = results["bare"]["painted"]
    print("instructions (millions) up to: " + " / ".join(phases) + "; ratio of the whole launch to the bare app's")
    for name, counts in results.items():
        steps = " / ".join(f"{counts[phase] / 1e6:7.0f}" for phase in phases)
        print(f"  {name:<50} {steps}   {counts['painted'] / bare:.3f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
