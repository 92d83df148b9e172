"""Provides `AppHeader`: the top line with ktui's name, the screen's title and the time in KST.

The clock changes once a minute, not every second: over SSH every repaint costs bandwidth.

The line is one widget that draws its four parts itself (name, title, mode word, clock): four
labels in a row were four widgets to style, lay out and cut into the screen on every frame of
every screen, for one line of text. Each part keeps a component class, so themes still style it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.segment import Segment
from textual.content import Content

from ktui.core.text import clean_line
from ktui.core.times import now_kst, to_kst
from ktui.widgets.line_widget import LineWidget, first_line


def clock_text(now: datetime) -> str:
    """The header's date and time: "Sat 28 Nov 2026 13:05 KST"."""
    return to_kst(now).strftime("%a %d %b %Y %H:%M KST")


class AppHeader(LineWidget):
    """One line: the app's name, what is on screen, and the date and time in KST."""

    COMPONENT_CLASSES = {"header--app", "header--title", "header--mode", "header--clock"}
    """The styles of the four parts."""

    DEFAULT_CSS = """
    AppHeader { height: 1; background: $panel; color: $foreground; }
    AppHeader > .header--app { text-style: bold; background: $primary; color: $text; }
    AppHeader > .header--title { }
    AppHeader > .header--mode { color: $warning; text-style: bold; }
    AppHeader > .header--clock { color: $text-muted; }
    """

    def __init__(self, title: str = "", *, clock: Callable[[], datetime] = now_kst, mode: str = "") -> None:
        super().__init__()
        self._title = clean_line(title)
        self._clock = clock
        self._mode = mode
        self._time = clock_text(clock())

    def on_mount(self) -> None:
        """Start once mounted."""
        self.set_interval(30, self.tick)

    def tick(self) -> None:
        """Bring the clock up to date."""
        now = clock_text(self._clock())
        if now != self._time:
            self._time = now
            self.refresh()

    def set_title(self, title: str) -> None:
        """Change the title in the middle (text from the web is shown literally)."""
        title = clean_line(title)
        if title != self._title:
            self._title = title
            self.refresh()

    def set_mode(self, mode: str) -> None:
        """Show a mode word such as OFFLINE or DEMO."""
        if mode != self._mode:
            self._mode = mode
            self.refresh()

    def draw(self, width: int) -> list[Segment]:
        """The line: each part with a space either side, the title taking what is left."""
        # The name, mode and clock keep their width; the title gets the rest and shows as much of
        # its first line as fits.
        parts = [("ktui", "header--app"), (self._mode, "header--mode"), (self._time, "header--clock")]
        room = width - sum(len(text) + 2 for text, _ in parts)
        parts.insert(1, (first_line(self._title, room - 2), "header--title"))
        segments: list[Segment] = []
        for text, part in parts:
            cells = room if part == "header--title" else len(text) + 2
            if cells <= 0:
                continue
            style = self.get_visual_style(part).rich_style
            padded = f" {text}"
            padded = padded + " " * max(0, cells - Content(padded).cell_length)
            segments.append(Segment(padded, style))
        return segments
