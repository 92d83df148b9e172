"""Provides `AppHeader`: the top line with ktui's name, the screen's title and the time in KST.

The clock changes once a minute, not every second: over SSH every repaint costs bandwidth.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from ktui.core.text import clean_line
from ktui.core.times import now_kst, to_kst


def clock_text(now: datetime) -> str:
    """The header's date and time: "Sat 28 Nov 2026 13:05 KST"."""
    return to_kst(now).strftime("%a %d %b %Y %H:%M KST")


class AppHeader(Horizontal):
    """One line: the app's name, what is on screen, and the date and time in KST."""

    DEFAULT_CSS = """
    AppHeader { height: 1; background: $panel; color: $foreground; }
    AppHeader .header-app { width: auto; text-style: bold; padding: 0 1; background: $primary; color: $text; }
    AppHeader .header-title { width: 1fr; padding: 0 1; }
    AppHeader .header-mode { width: auto; padding: 0 1; color: $warning; text-style: bold; }
    AppHeader .header-clock { width: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, title: str = "", *, clock: Callable[[], datetime] = now_kst, mode: str = "") -> None:
        super().__init__()
        self._title = title
        self._clock = clock
        self._mode = mode

    def compose(self) -> ComposeResult:
        """Build the widgets."""
        yield Label("ktui", classes="header-app")
        yield Label(Text(clean_line(self._title)), classes="header-title")
        yield Label(self._mode, classes="header-mode")
        yield Label(clock_text(self._clock()), classes="header-clock")

    def on_mount(self) -> None:
        """Start once mounted."""
        self.set_interval(30, self.tick)

    def tick(self) -> None:
        """Bring the clock up to date."""
        self.query_one(".header-clock", Label).update(clock_text(self._clock()))

    def set_title(self, title: str) -> None:
        """Change the title in the middle (text from the web is shown literally)."""
        self.query_one(".header-title", Label).update(Text(clean_line(title)))

    def set_mode(self, mode: str) -> None:
        """Show a mode word such as OFFLINE or DEMO."""
        self.query_one(".header-mode", Label).update(mode)
