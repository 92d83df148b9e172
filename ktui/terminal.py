"""Provides facts about the terminal ktui runs in, and the escape sequences it sends on purpose.

Over SSH a browser would open on the remote machine, so `o` shows the link instead; the clipboard
is reached with OSC 52, which tmux and GNU screen only pass on when it is wrapped in their own
pass-through sequence. The sequences are built here from plain data, never from page text: a URL
is checked to be http(s) and base64-encoded before it goes anywhere near the terminal.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from typing import Final

MAX_OSC52_BYTES: Final = 74_994
"""Terminals (and tmux) drop larger OSC 52 payloads; ktui only ever copies a link or a line."""


def over_ssh(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ktui runs in an SSH session (so a browser would open on the wrong machine)."""
    env = os.environ if environ is None else environ
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))


def osc52(text: str, environ: Mapping[str, str] | None = None) -> str | None:
    """Return the sequence that puts text on the clipboard, wrapped for tmux/screen; None if too big."""
    env = os.environ if environ is None else environ
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    if len(payload) > MAX_OSC52_BYTES:
        return None
    sequence = f"\x1b]52;c;{payload}\x07"
    if env.get("TMUX"):
        # tmux passes a sequence through when it is wrapped in DCS tmux; ... ST with ESCs doubled.
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    if env.get("TERM", "").startswith("screen") and not env.get("TMUX"):
        return "\x1bP" + sequence + "\x1b\\"
    return sequence


def browser_available(environ: Mapping[str, str] | None = None) -> bool:
    """Whether opening a link locally can work (not over SSH, and a display or macOS/Windows)."""
    env = os.environ if environ is None else environ
    if over_ssh(env):
        return False
    import sys

    if sys.platform in ("darwin", "win32"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("BROWSER"))
