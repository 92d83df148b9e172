"""Shared pieces of the benchmark: statistics, machine facts, the site process, homes and the peers.

Every measure takes its samples through `summarize`, which keeps the median, min and max (and
the samples themselves, for the JSON). Each ktui under test gets its own home directory (cache,
user data, config file), so no run sees another's cache unless the benchmark means it to.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from ktui.core.config import Settings

ROOT = Path(__file__).resolve().parent.parent
"""The repository root (children run with it as their working directory)."""
RESULTS = ROOT / "bench" / "results"
"""Where the JSON results go."""
SIZE = (160, 48)
"""The terminal size every app under test gets: wide enough for the three lists side by side."""
LATENCIES_MS = (0, 50, 200)
"""Round-trip latencies injected per request."""
PYCACHE = Path(tempfile.gettempdir()) / "ktui-bench-pycache"
"""Where child processes keep their compiled bytecode (see `child_env`)."""


def summarize(samples: Sequence[float]) -> dict[str, Any]:
    """Return the median, min, max and count of samples (None for each when there are none)."""
    values = [float(s) for s in samples]
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0, "samples": []}
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "samples": [round(v, 6) for v in values]}


def ratio(a: float | None, b: float | None) -> float | None:
    """Return a / b, or None when either is missing or b is zero."""
    if a is None or b is None or b == 0:
        return None
    return a / b


def machine_info() -> dict[str, Any]:
    """Describe the machine and software the figures were measured on."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    try:
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        memory = None
    versions: dict[str, str] = {}
    from importlib.metadata import PackageNotFoundError, version

    for package in ("ktui", "textual", "httpx", "selectolax", "diskcache", "trafilatura"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            pass
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": model,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_mb": memory,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": f"{platform.system()} {platform.release()}",
        "packages": versions,
        "commit": commit or None,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


class Site:
    """The benchmark's site server, running in a child process (see `bench.serve`)."""

    def __init__(self, clones: int = 0) -> None:
        self._proc = subprocess.Popen([sys.executable, "-m", "bench.serve", "--clones", str(clones)], cwd=ROOT,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        hello = self._read()
        self.url: str = hello["url"]
        """The base URL, e.g. http://127.0.0.1:41234."""
        self.articles: list[str] = hello["articles"]
        """Paths of the demo edition's articles."""
        self.clones: list[str] = hello["clones"]
        """Paths of the cloned articles."""

    def _read(self) -> dict[str, Any]:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError("the benchmark's site server did not start (see its stderr)")
        return dict(json.loads(line))

    def _ask(self, command: str) -> dict[str, Any]:
        assert self._proc.stdin is not None
        self._proc.stdin.write(command + "\n")
        self._proc.stdin.flush()
        return self._read()

    def set_latency(self, ms: float) -> None:
        """Delay every response by `ms` milliseconds (one round trip's worth)."""
        self._ask(f"latency {ms / 1000.0}")

    def requests(self) -> int:
        """How many requests arrived since the last `reset`."""
        return int(self._ask("stats")["total"])

    def reset(self) -> None:
        """Forget the requests counted so far."""
        self._ask("reset")

    def close(self) -> None:
        """Stop the server process."""
        if self._proc.poll() is None:
            try:
                self._ask("quit")
            except (OSError, RuntimeError, ValueError):
                pass
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()

    def __enter__(self) -> Site:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Homes:
    """Fresh home directories (cache, data, config) under one temporary folder, removed at the end."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="ktui-bench-"))
        """The temporary folder."""
        self._count = 0

    def new(self, name: str = "home") -> Path:
        """Return a new, empty home directory."""
        self._count += 1
        path = self.root / f"{name}-{self._count}"
        path.mkdir(parents=True)
        return path

    def cleanup(self) -> None:
        """Remove every home."""
        shutil.rmtree(self.root, ignore_errors=True)


def settings_for(base_url: str, home: Path, **changes: Any) -> Settings:
    """Settings for a ktui under test: the given site, everything else inside `home`."""
    return Settings(base_url=base_url, cache_dir=home / "cache", data_dir=home / "data",
                    config_path=home / "config.toml", **changes)


def child_env(home: Path) -> dict[str, str]:
    """The environment of a ktui child process: its own home, no user config."""
    env = dict(os.environ)
    env.update({"KTUI_CONFIG": str(home / "config.toml"), "KTUI_CACHE_DIR": str(home / "cache"),
                "KTUI_DATA_DIR": str(home / "data")})
    env.pop("KTUI_BASE_URL", None)
    # An installed ktui has its bytecode compiled; an editable tree run with PYTHONDONTWRITEBYTECODE
    # would recompile ktui on every launch. Bytecode goes to a mirror tree outside the repository.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def disk_usage(path: Path) -> tuple[int, int]:
    """Return (bytes allocated on disk, apparent bytes) of every file under `path`."""
    allocated = apparent = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            try:
                info = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            allocated += info.st_blocks * 512
            apparent += info.st_size
    return allocated, apparent


def ensure_peers(log: Any = print) -> dict[str, str | None]:
    """Make sure w3m and lynx are installed (from Debian, with apt-get); return their paths or None."""
    wanted = {"w3m": "w3m", "lynx": "lynx"}
    missing = [pkg for tool, pkg in wanted.items() if shutil.which(tool) is None]
    if missing:
        if shutil.which("apt-get") is None:
            log(f"  peers: {', '.join(missing)} missing and apt-get is unavailable; skipping them")
        else:
            log(f"  peers: installing {', '.join(missing)} with apt-get …")
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
                done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    log(f"  peers: {' '.join(command[:2])} failed: {done.stderr.strip()[-200:]}")
                    break
    return {tool: shutil.which(tool) for tool in wanted}


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """Time a block: the list yielded gets the elapsed seconds appended when the block ends."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)
