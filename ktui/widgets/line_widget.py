"""Provides `LineWidget`: a widget one line high that draws that line itself, as segments.

The header, the panels' title bars and the key hints are each one line of a few styled parts.
Drawn through Textual's general path for content (or as a row of labels) each cost several times
as much, on every screen's first frame; drawn as segments they cost next to nothing.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget


def first_line(text: str, width: int) -> str:
    """As much of `text`'s first line as fits in `width` cells, broken between words as a label breaks it."""
    return Content(text).wrap(width)[0].plain if text and width > 0 else ""


class LineWidget(Widget):
    """A widget whose first line is `draw`'s segments, cut or padded to its width; any other line is blank."""

    def draw(self, width: int) -> list[Segment]:
        """The line's segments for a width (subclasses say what they are)."""
        raise NotImplementedError

    def render_line(self, y: int) -> Strip:
        """Draw line `y`: the first from `draw`, the others blank, all in the widget's style."""
        width = self.size.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        return Strip(self.draw(width)).crop_extend(0, width, base)
