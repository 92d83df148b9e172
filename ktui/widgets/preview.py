"""Provides `Preview`: the full headline and lead of the story under the cursor, under the lists.

List rows are one line each and cut long headlines short; the preview shows the whole headline,
its section, age and lead, so nothing is lost on a narrow terminal.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from ktui.core.models import Headline
from ktui.core.text import clean_line
from ktui.core.times import age_text, to_kst


class Preview(Static):
    """Two or three lines about the highlighted story."""

    DEFAULT_CSS = """
    Preview { height: auto; max-height: 4; padding: 0 1; background: $panel; color: $foreground; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Text | None = None

    def show(self, item: Headline, now: datetime) -> None:
        """Describe a story."""
        # Only the headline is bold: a style given to Text() itself would also cover the lead.
        text = Text()
        text.append(clean_line(item.title), style="bold")
        meta = [m for m in (item.section, f"{age_text(to_kst(item.published), now)} ago" if item.published else None)
                if m]
        if meta:
            text.append("  " + " · ".join(meta), style="italic")
        if item.summary:
            text.append("\n" + clean_line(item.summary))
        # The same story again (the highlight and the focus both report it): nothing to redraw.
        if text != self._shown:
            self._shown = text
            self.update(text)
