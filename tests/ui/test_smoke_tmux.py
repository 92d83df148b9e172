"""A smoke test of the real command: `ktui --demo` in a tmux pane, driven with keys, read off the screen.

The pane is a real terminal (tmux), so this covers what Pilot cannot: the console script, the
driver, the demo server in the process, start-up and exit. The tmux server runs on its own socket
and is killed at the end, whatever happened.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
KTUI = Path(sys.executable).with_name("ktui")
"""The console script installed beside the interpreter running the tests."""


class Pane:
    """One tmux pane on a private tmux server."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a tmux command against the private server."""
        assert TMUX is not None
        return subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, check=check,
                              timeout=10)

    def text(self) -> str:
        """What the pane shows now."""
        return self.tmux("capture-pane", "-p", "-t", "smoke", check=False).stdout

    def send(self, *keys: str) -> None:
        """Send keys (tmux key names) to the pane."""
        self.tmux("send-keys", "-t", "smoke", *keys)

    def alive(self) -> bool:
        """Whether the session (and so the command in it) is still running."""
        return self.tmux("has-session", "-t", "smoke", check=False).returncode == 0

    def wait(self, what: str, condition: Callable[[], bool], timeout: float = 20.0) -> None:
        """Poll until the condition holds; fail with the pane's text if it does not in time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        pytest.fail(f"timed out waiting for {what}; the pane shows:\n{self.text()}")


@pytest.fixture
def pane() -> Iterator[Pane]:
    if TMUX is None:
        pytest.skip("tmux is not installed; the smoke test drives the real ktui in a tmux pane")
    if not KTUI.exists():
        pytest.skip(f"the ktui console script is not installed beside {sys.executable}")
    pane = Pane(f"ktui-smoke-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        yield pane
    finally:
        pane.tmux("kill-server", check=False)


@pytest.mark.slow
def test_ktui_demo_in_tmux_opens_an_article_and_quits(pane: Pane, tmp_path: Path) -> None:
    status = tmp_path / "exit-status"
    env = {
        "KTUI_CACHE_DIR": str(tmp_path / "cache"),
        "KTUI_DATA_DIR": str(tmp_path / "data"),
        "KTUI_CONFIG": str(tmp_path / "config.toml"),
        "TERM": "xterm-256color",
        "TEXTUAL_ANIMATIONS": "none",
    }
    assignments = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
    # stderr is left alone: Textual draws on the terminal through it.
    command = f"env {assignments} {shlex.quote(str(KTUI))} --demo; echo $? > {shlex.quote(str(status))}"
    pane.tmux("new-session", "-d", "-s", "smoke", "-x", "100", "-y", "30", "sh", "-c", command)

    # The Top 10's own badge (on its title line; at 100 columns Latest's is on a line of its own):
    # the feed can be on the screen before the front page, and Latest's first story is not the one
    # enter opens.
    pane.wait("the Top 10 to paint", lambda: any("Top 10 Stories" in line and "live" in line
                                                 for line in pane.text().splitlines()) and " 1 " in pane.text())
    assert "DEMO" in pane.text()
    first_line = next(line for line in pane.text().splitlines() if line.lstrip().startswith("1 "))
    headline_start = first_line.split("1 ", 1)[1][:20]

    pane.send("Enter")
    pane.wait("the article", lambda: "Posted" in pane.text() and "esc Back" in pane.text())
    assert headline_start in pane.text()
    assert "1/10" in pane.text()

    pane.send("Escape")
    pane.wait("the lists again", lambda: "Top 10 Stories" in pane.text() and "Posted" not in pane.text())

    pane.send("q")
    pane.wait("ktui to exit", lambda: not pane.alive() and status.exists(), timeout=10)
    assert status.read_text().strip() == "0"
