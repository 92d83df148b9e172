"""Provides `StoryRow`: how one story of a list is drawn (rank, then the headline with a hanging indent).

The home screen draws some sixty of these before it is first shown, and again whenever a list is
laid out anew. Textual draws a `Content` through its general machinery (markup styles parsed per
span, alignment, selection, links), which costs more than half a millisecond a row; a row needs
none of that. `StoryRow` wraps its text once per width, as Textual would (break before a word that
does not fit, fold a word longer than the line), and turns the lines into strips itself, keeping
the result for the width and style it was drawn at.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

RANK_WIDTH: Final = 3
"""Cells before the headline: the rank, right-aligned in two, and a space."""

_WORDS: Final = re.compile(r"\s*\S+\s*")
"""A word with the spaces around it: the unit a line is broken between."""


@lru_cache(maxsize=64)
def _rich_style(style: str) -> RichStyle:
    """A span's style ("dim italic", "bold") as a Rich style."""
    return RichStyle.parse(style) if style else RichStyle()


def _fold(word: str, width: int) -> list[int]:
    """Where a word longer than a line is cut, as offsets into the word (after the first piece)."""
    cuts, used = [], 0
    for index, char in enumerate(word):
        size = cell_len(char)
        if used + size > width and used:
            cuts.append(index)
            used = 0
        used += size
    return cuts


def _cells(text: str) -> int:
    """The cells `text` takes: its length when it is ASCII (one cell a character), else Rich's count."""
    return len(text) if text.isascii() else cell_len(text)


def line_breaks(text: str, width: int) -> list[int]:
    """The offsets at which the lines of `text` wrapped to `width` cells start (after the first)."""
    breaks: list[int] = []
    used = 0
    # Most words are ASCII, one cell a character, even in a headline with a "·" or curly quotes:
    # measuring every word through Rich's cell table was a third of the time a list took to
    # measure its rows at start.
    for match in _WORDS.finditer(text):
        start, word = match.start(), match.group()
        visible = _cells(word.rstrip())
        if used + visible <= width:
            used += _cells(word)
        elif visible > width:
            # A word wider than the line: cut it into pieces that fit, each on a line of its own.
            pieces = [0, *_fold(word, width)]
            for piece in pieces:
                if start + piece:
                    breaks.append(start + piece)
            used = _cells(word[pieces[-1]:])
        else:
            if used and start:
                breaks.append(start)
            used = _cells(word)
    return breaks


class StoryRow(Visual):
    """One row: the rank, then the headline wrapped beside it with a hanging indent."""

    def __init__(self, rank: Content, body: Content) -> None:
        self.rank = rank
        """The rank, already padded to `RANK_WIDTH`."""
        self.body = body
        """The headline with its section and age (plain text with style spans)."""
        self._lines: tuple[int, list[tuple[int, int]]] | None = None
        self._segments: dict[tuple[int, Style], list[tuple[list[Segment], int]]] = {}

    def lines(self, width: int) -> list[tuple[int, int]]:
        """The (start, end) offsets of the headline's lines at a width (trailing spaces dropped)."""
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1]
        text = self.body.plain
        starts = [0, *line_breaks(text, max(1, width))]
        ends = [*starts[1:], len(text)]
        lines = [(start, len(text[start:end].rstrip()) + start if end < len(text) else end)
                 for start, end in zip(starts, ends, strict=True)]
        self._lines = (width, lines)
        return lines

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """The width that shows the row on one line."""
        return RANK_WIDTH + cell_len(self.body.plain)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """The lines the headline wraps to beside the rank."""
        return len(self.lines(width - RANK_WIDTH))

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        """Render the rank beside the first line and an indent beside the others."""
        strips = [Strip(segments, length) for segments, length in self.segments(width, style)]
        return strips if height is None else strips[:height]

    def segments(self, width: int, style: Style) -> list[tuple[list[Segment], int]]:
        """The row's lines at a width and in a style, as segments and their cell length (at most `width`).

        Kept for a few styles at one width. A list turns them into its strips itself: building a
        strip here and cropping, padding and tagging copies of it there made four strips a line.
        """
        key = (width, style)
        lines = self._segments.get(key)
        if lines is None:
            if len(self._segments) > 4:  # a few styles (plain, highlighted, hovered) at one width
                self._segments.clear()
            lines = self._segments[key] = self._render(width, style)
        return lines

    def _render(self, width: int, style: Style) -> list[tuple[list[Segment], int]]:
        base = style.rich_style
        text = self.body.plain
        spans = [(span.start, span.end, _rich_style(str(span.style))) for span in self.body.spans]
        rank = self.rank.plain.rjust(RANK_WIDTH)[:RANK_WIDTH]
        rank_style = base + _rich_style(str(self.rank.spans[0].style)) if self.rank.spans else base
        lines = []
        for number, (start, end) in enumerate(self.lines(width - RANK_WIDTH)):
            segments = [Segment(rank, rank_style) if number == 0 else Segment(" " * RANK_WIDTH, base)]
            # Cut the line where spans begin and end; each piece takes the style of the spans over it.
            cuts = sorted({start, end, *(p for s, e, _ in spans for p in (s, e) if start < p < end)})
            for left, right in zip(cuts, cuts[1:], strict=False):
                piece_style = base
                for span_start, span_end, span_style in spans:
                    if span_start <= left and right <= span_end:
                        piece_style = piece_style + span_style
                segments.append(Segment(text[left:right], piece_style))
            length = RANK_WIDTH + _cells(text[start:end])
            if length > width:  # only a line narrower than the rank can be: cut it to the width
                segments, length = list(Strip(segments, length).crop(0, width)), width
            lines.append((segments, length))
        return lines
