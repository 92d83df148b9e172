"""Provides `ArticleText`: an article's text (headline to last caption) drawn as one widget.

The reading pane used to hold a widget per paragraph. Each one is laid out, styled, wrapped and
cut into the screen's strips on every frame, and each change of height asks Textual for a second
layout pass; with thirty paragraphs that was most of the time from a key to the article on screen.
This widget keeps the article as a list of `Block`s, wraps them itself (with Textual's own word
wrap, so the text breaks where a `Static` would break it) and draws only the lines in view, with
the spacing the paragraphs' margins used to give. Styles come from component classes, so themes
and the stylesheet still decide the look.

Find's highlights are spans on the blocks' text: the current match in one style, the others in
another; a block's lines are wrapped again only when its highlights change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

KINDS = ("kicker", "title", "subtitle", "meta", "notice", "rule", "para", "caption", "source")
"""What a block can be, in the order an article shows them."""

MARGINS: dict[str, tuple[int, int, int, int]] = {
    "kicker": (0, 0, 0, 0),
    "title": (1, 0, 0, 0),
    "subtitle": (1, 0, 0, 0),
    "meta": (0, 0, 0, 0),
    "notice": (1, 0, 0, 0),
    "rule": (1, 1, 0, 0),
    "para": (1, 0, 0, 0),
    "caption": (1, 0, 2, 2),
    "source": (1, 1, 0, 0),
}
"""Blank lines above and below, and columns left and right, of each kind of block (top, bottom, left, right).

As in CSS, the space between two blocks is the larger of the first one's bottom and the second
one's top.
"""

MATCH = Style(reverse=True)
"""How a match of find is shown."""
CURRENT_MATCH = Style.parse("black on yellow")
"""How the current match of find is shown."""


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of an article's text: a headline, a paragraph, a caption or a rule."""

    text: str
    """The text, literal (never read as markup); empty for a rule."""
    kind: str
    """One of `KINDS`."""


@dataclass(slots=True)
class _Line:
    """One line of the laid-out text: a blank, a rule, or a piece of a block."""

    block: int
    """The block it belongs to (-1: a blank line)."""
    content: Content | None = None
    """The text of the line (None: blank or rule)."""
    start: int = 0
    """Where the line starts in its block's text."""
    drawn: tuple[object, Strip] | None = None
    """The line drawn, with the styles it was drawn in."""


class ArticleText(Widget):
    """An article's text, wrapped to the widget's width, drawn a line at a time."""

    COMPONENT_CLASSES = {f"article-text--{kind}" for kind in KINDS}
    """One style per kind of block."""

    DEFAULT_CSS = """
    ArticleText { width: 100%; height: auto; }
    ArticleText > .article-text--kicker { color: $accent; text-style: bold; }
    ArticleText > .article-text--title { text-style: bold; }
    ArticleText > .article-text--subtitle { text-style: italic; color: $text-muted; }
    ArticleText > .article-text--meta { color: $text-muted; }
    ArticleText > .article-text--notice { color: $warning; }
    ArticleText > .article-text--rule { color: $secondary; }
    ArticleText > .article-text--para { }
    ArticleText > .article-text--caption { color: $text-muted; text-style: italic; }
    ArticleText > .article-text--source { color: $text-muted; }
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)
    """Repaint, not lay out again, when the size changes: a layout pass gave the widget that size.

    Textual lays a screen out a second time whenever a layout pass changed a widget's size, in
    case a scroll bar came or went; this widget has none, and its height is already its lines.
    """

    def __init__(self, *, reading_width: int = 78, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reading_width = reading_width
        """The widest the text column gets; a wider widget centres it (see `column`)."""
        self.blocks: tuple[Block, ...] = ()
        """The blocks shown, in order."""
        self._marks: dict[int, list[tuple[int, int, bool]]] = {}
        self._wrapped: dict[int, list[Content]] = {}
        self._wrap_width = -1
        self._lines: list[_Line] = []
        self._width = -1

    # --- content ---------------------------------------------------------------------------------------

    def set_blocks(self, blocks: Sequence[Block]) -> None:
        """Show other blocks (and drop every highlight)."""
        self.blocks = tuple(block for block in blocks if block.text or block.kind == "rule")
        self._marks, self._wrapped = {}, {}
        self._lines, self._width = [], -1
        self.refresh(layout=True)

    def set_marks(self, marks: dict[int, list[tuple[int, int, bool]]]) -> None:
        """Highlight spans: block index → (start, end, is the current match) in the block's text."""
        changed = {index for index in set(marks) | set(self._marks) if marks.get(index) != self._marks.get(index)}
        if not changed:
            return
        self._marks = {index: spans for index, spans in marks.items() if spans}
        for index in changed:
            self._wrapped.pop(index, None)
        self._lines, self._width = [], -1
        self.refresh()

    def texts(self, kind: str) -> list[str]:
        """The text of every block of one kind, in order."""
        return [block.text for block in self.blocks if block.kind == kind]

    # --- layout ----------------------------------------------------------------------------------------

    def _content(self, index: int) -> Content:
        content = Content(self.blocks[index].text)
        for start, end, current in self._marks.get(index, ()):
            content = content.stylize(CURRENT_MATCH if current else MATCH, start, end)
        return content

    def column(self, width: int) -> tuple[int, int]:
        """Where the text column starts in a widget `width` cells wide, and how wide it is.

        The widget spans the reading pane and centres the column itself, a cell in from each
        side at least: a column of widgets centred in the pane cut every line of the screen into
        more pieces to draw (half the cost of drawing an article).
        """
        column = max(1, min(self.reading_width, width - 2))
        return 1 + max(0, width - 2 - column) // 2, column

    def _layout(self, width: int) -> list[_Line]:
        """The lines at `width` (cached until the blocks, their highlights or the width change)."""
        if width == self._width:
            return self._lines
        offset, column = self.column(width)
        if column != self._wrap_width:
            self._wrapped, self._wrap_width = {}, column
        lines: list[_Line] = []
        below = 0
        for index, block in enumerate(self.blocks):
            top, bottom, left, right = MARGINS[block.kind]
            lines.extend(_Line(-1) for _ in range(max(below, top) if lines else top))
            below = bottom
            if block.kind == "rule":
                lines.append(_Line(index))
                continue
            wrapped = self._wrapped.get(index)
            if wrapped is None:
                wrapped = self._wrapped[index] = self._content(index).wrap(max(1, column - left - right))
            text, start = block.text, 0
            for content in wrapped:
                # The lines are the block's text in order, less the spaces a break swallowed.
                found = text.find(content.plain, start) if content.plain else -1
                start = found if found >= 0 else start
                lines.append(_Line(index, content, start))
                start += len(content.plain)
        lines.extend(_Line(-1) for _ in range(below))
        self._lines, self._width = lines, width
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the blocks take at this width."""
        return len(self._layout(width))

    def line_of(self, block: int, offset: int) -> int:
        """The line (from the widget's top) that shows a block's character at `offset`."""
        found = 0
        for y, line in enumerate(self._layout(self.size.width or self._width)):
            if line.block == block and line.start <= offset:
                found = y
            elif line.block > block:
                break
        return found

    def rendered_lines(self) -> list[str]:
        """The lines as they are drawn (without the side margins): what a test reads of the screen."""
        return [line.content.plain if line.content is not None else ("─" if line.block >= 0 else "")
                for line in self._layout(self.size.width or self._width)]

    # --- drawing ---------------------------------------------------------------------------------------

    def _indent(self, line: _Line, width: int) -> int:
        """Columns before a line's text: the column's offset and the block's own margin."""
        return self.column(width)[0] + MARGINS[self.blocks[line.block].kind][2]

    def render_line(self, y: int) -> Strip:
        """Draw one line (kept until the text, the width, the styles or a selection change)."""
        width = self.size.width
        lines = self._layout(width)
        base = self.rich_style
        if y >= len(lines):
            return Strip.blank(width, base)
        if lines[y].block < 0:  # a blank line, still a place a selection can start or end
            return Strip([Segment(" " * width, Style.from_rich_style(base).rich_style_with_offset(0, y))], width)
        line = lines[y]
        style = self.get_visual_style(f"article-text--{self.blocks[line.block].kind}")
        selection = self.text_selection
        span = selection.get_span(y) if selection is not None else None
        key = (base, style)
        if span is None and line.drawn is not None and line.drawn[0] == key:
            return line.drawn[1]
        offset, column = self.column(width)
        # Every cell carries its place in `get_selection`'s text (column, line): Textual reads it
        # to know where a mouse selection starts and ends.
        margin = Style.from_rich_style(base)
        if line.content is None:
            segments = [Segment(" " * offset, margin.rich_style_with_offset(0, y)),
                        Segment("─" * column, style.rich_style_with_offset(0, y))]
            used = offset + column
        else:
            left = self._indent(line, width)
            content = line.content
            if span is not None:
                # Selected with the mouse: mark the selected part (columns, less the indent).
                start, end = span
                end = len(content.plain) if end == -1 else end - left
                selected = Style.from_styles(self.screen.get_component_styles("screen--selection"))
                content = content.stylize(selected, max(0, start - left), max(0, end))
            segments = [Segment(" " * left, margin.rich_style_with_offset(0, y))]
            x = left
            for text, text_style in content.render(style, end=""):
                segments.append(Segment(text, (style + text_style).rich_style_with_offset(x, y)))
                x += len(text)
            used = left + content.cell_length
        if used < width:
            segments.append(Segment(" " * (width - used), margin.rich_style_with_offset(used, y)))
        strip = Strip(segments, max(used, width))
        if used > width:  # only a widget narrower than its margins: the text itself always fits
            strip = strip.crop(0, width)
        if span is None:
            line.drawn = (key, strip)
        return strip

    # --- selecting with the mouse ----------------------------------------------------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under a mouse selection, as prose: a wrapped paragraph's lines joined again."""
        width = self.size.width
        text, last = "", -1
        for y, line in enumerate(self._layout(width)):
            span = selection.get_span(y)
            if span is None or line.content is None:
                continue
            plain, left = line.content.plain, self._indent(line, width)
            start, end = span
            piece = plain[max(0, start - left):len(plain) if end == -1 else max(0, end - left)]
            if text or last >= 0:
                # The same block: the space the wrap swallowed; the next block: its spacing.
                same = line.block == last
                text += " " if same else "\n" * (1 + (MARGINS[self.blocks[line.block].kind][0] > 0))
            text, last = text + piece, line.block
        return text, "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        """Draw the selection anew."""
        self.refresh()
