"""Provides `HeadlineList`: a keyboard-first list of stories (rank, headline, section, age).

Headlines are shown as literal text (`Content` built from plain strings, never markup), wrapped
under their rank with a hanging indent (`StoryRow`); read stories are dimmed, stories updated since they were
read carry a ↻, saved ones a ★. The cursor stays on the same story when the list is refreshed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from rich.segment import Segment
from textual import events, on
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ktui.core.models import Headline
from ktui.core.text import clean_line, fold_key
from ktui.core.times import age_text, now_kst, to_kst
from ktui.widgets.story_row import StoryRow


class HeadlineList(OptionList):
    """A list of headlines that opens a story on enter, l or a click."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "Top", show=False),
        Binding("G", "last", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
        # Shown in the footer: the one key a newcomer needs first.
        Binding("enter", "select", "Open"),
        Binding("l", "select", "Open", show=False),
    ]
    """List movement in the style of vi and less, on top of the arrows."""

    class Opened(Message):
        """A story was chosen."""

        def __init__(self, headline_list: HeadlineList, headline: Headline, index: int) -> None:
            super().__init__()
            self.headline_list = headline_list
            """The list it was chosen in."""
            self.headline = headline
            """The story."""
            self.index = index
            """Its position in the list."""

        @property
        def control(self) -> HeadlineList:
            """The list, for `on(..., selector)` matching."""
            return self.headline_list

    def __init__(self, *, key: str, clock: Callable[[], datetime] = now_kst, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.key = key
        """Which list this is ("top", "trending", a section path ...), for remembering places."""
        self.headlines: tuple[Headline, ...] = ()
        """The stories shown, in order."""
        self.read: set[str] = set()
        """URLs of read stories (dimmed)."""
        self.updated: set[str] = set()
        """URLs of stories updated since they were read."""
        self.saved: set[str] = set()
        """URLs on the reading list."""
        self._clock = clock
        self._matches: list[int] = []
        self._measured_width: int | None = None
        self._drawing_styles: dict[tuple[tuple[str, ...], bool], Style] | None = None

    def _update_lines(self) -> None:
        # The OptionList measures its rows here, lazily, at the width it has at that moment; the
        # first call after its caches were emptied measures them all. It is called for every
        # line drawn, and each call works out the list's size again: once every row is measured
        # at the width the list has, there is nothing to do.
        lines = self._line_cache.lines
        if self._measured_width is not None and lines and lines[-1][0] == len(self.options) - 1:
            return
        if self._measured_width is None and self.scrollable_content_region:
            self._measured_width = self.scrollable_content_region.width
        super()._update_lines()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the visible lines (with the row styles looked up once for the whole drawing)."""
        # The OptionList looks up its row style for every line it draws, through a cache keyed
        # on the pseudo-classes of the list and of each of its ancestors: a fifth of the time a
        # list took to draw. Nothing can change those within one drawing.
        self._drawing_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._drawing_styles = None

    def get_visual_style(self, *component_classes: str, partial: bool = False) -> Style:
        """The style of the list or of a part of it (kept for the drawing under way, if any)."""
        styles = self._drawing_styles
        if styles is None:
            return super().get_visual_style(*component_classes, partial=partial)
        key = (component_classes, partial)
        style = styles.get(key)
        if style is None:
            style = styles[key] = super().get_visual_style(*component_classes, partial=partial)
        return style

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        # The OptionList draws a row through Textual's general path for any visual (padding
        # wrapper, selection and link styles, alignment), a fifth of a millisecond a row and
        # some seventy rows at start. A story row needs only its lines padded to the list's
        # width, as that path would leave them: one strip a line, made from the row's segments.
        # That path also tags every segment with its option's index for the mouse, which makes
        # a new style for each segment of each row; the mouse handlers below find the row from
        # the line under the pointer instead, so the rows share their styles.
        prompt = option.prompt
        padding = self.get_component_styles("option-list--option").padding
        if not isinstance(prompt, StoryRow) or option._divider or padding.top or padding.bottom:
            return super()._get_option_render(option, style)
        key = (option, style, padding)
        strips = self._option_render_cache.get(key)
        if strips is None:
            width = self.scrollable_content_region.width - self._get_left_gutter_width()
            inner = width - padding.left - padding.right
            if inner <= 0:
                return super()._get_option_render(option, style)
            base = style.rich_style
            pad = Segment(" " * padding.left, base)
            strips = []
            for segments, length in prompt.segments(inner, style):
                line = [pad, *segments, Segment(" " * (width - padding.left - length), base)]
                strips.append(Strip(line, width))
            self._option_render_cache[key] = strips
        return strips

    def _option_under(self, event: events.MouseEvent) -> int | None:
        """Return the index of the story drawn under the pointer, or None off the rows."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        line = self.scroll_offset.y + offset.y
        lines = self._lines
        return lines[line][0] if 0 <= line < len(lines) else None

    # The OptionList's own handlers, which read the tags, run after these and find none: the
    # click's does nothing, the move's would clear the hover, so it is not run.
    async def _on_click(self, event: events.Click) -> None:
        index = self._option_under(event)
        if index is not None and not self._options[index].disabled:
            self.highlighted = index
            self.action_select()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        event.prevent_default()
        self._mouse_hovering_over = self._option_under(event)

    def _on_resize(self, event: events.Resize | None = None) -> None:
        # The OptionList forgets every measured and drawn row on any Resize, including the one
        # sent after the first layout at the size just drawn: the whole screen was then drawn
        # twice. Rows depend on the width only, so they are kept when they were measured at the
        # width the list has now.
        if event is not None and self._measured_width == self.scrollable_content_region.width:
            event.prevent_default()
        else:
            self._measured_width = None

    def _prompt(self, item: Headline) -> StoryRow:
        read = item.url in self.read
        parts: list[tuple[str, str] | str] = []
        if item.url in self.updated:
            parts.append(("↻ ", "bold"))
        if item.url in self.saved:
            parts.append("★ ")
        parts.append((clean_line(item.title), "dim" if read else ""))
        meta = [m for m in (item.section, age_text(to_kst(item.published), self._clock()) if item.published else None)
                if m]
        if meta:
            parts.append(("  " + " · ".join(meta), "dim italic"))
        rank = f"{item.rank:>2} " if item.rank is not None else ""
        return StoryRow(Content.styled(rank, "dim" if read else "bold"), Content.assemble(*parts))

    def show(self, headlines: Sequence[Headline], *, keep: str | None = None) -> None:
        """Show stories, keeping the cursor on the same story (or on `keep`) when it is still listed."""
        current = keep or (self.current.url if self.current else None)
        self.headlines = tuple(headlines)
        self._measured_width = None
        self.set_options(Option(self._prompt(item)) for item in self.headlines)
        if not self.scrollable_content_region:
            # Not laid out yet: the OptionList measures its rows only when first drawn, and a
            # scrollbar found to be needed then lays the screen out and draws it all again. A row
            # is at least a line, so a list with more rows than fit gets its scrollbar at once.
            self.virtual_size = Size(0, len(self.headlines))
        if not self.headlines:
            return
        index = next((i for i, h in enumerate(self.headlines) if h.url == current), 0)
        self.highlighted = index

    def set_marks(self, *, read: set[str], updated: set[str], saved: set[str], redraw: bool = True) -> None:
        """Set the read, updated and saved marks; redraw only when a listed story's marks changed.

        With `redraw=False` the marks are only kept, for the `show` that follows.
        """
        # Redrawing measures every row again (70 rows on the home screen): coming back from an
        # article must not pay for that when nothing this list shows has changed.
        listed = {h.url for h in self.headlines}
        before = (self.read & listed, self.updated & listed, self.saved & listed)
        self.read, self.updated, self.saved = read, updated, saved
        if redraw and (read & listed, updated & listed, saved & listed) != before:
            self.restyle()

    def restyle(self) -> None:
        """Redraw the rows (after read state or the clock changed)."""
        if self.headlines:
            self.show(self.headlines)

    @property
    def current(self) -> Headline | None:
        """The story under the cursor."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.headlines):
            return None
        return self.headlines[index]

    def select_url(self, url: str) -> bool:
        """Put the cursor on a story; False if it is not listed."""
        for index, item in enumerate(self.headlines):
            if item.url == url:
                self.highlighted = index
                return True
        return False

    def find(self, query: str) -> int:
        """Mark the stories whose headline or summary contains the query; go to the first. Return the count."""
        key = fold_key(query)
        self._matches = [i for i, h in enumerate(self.headlines)
                         if key and (key in fold_key(h.title) or key in fold_key(h.summary or ""))]
        if self._matches:
            start = self.highlighted or 0
            self.highlighted = next((i for i in self._matches if i >= start), self._matches[0])
        return len(self._matches)

    def next_match(self, step: int = 1) -> bool:
        """Go to the next (or, with step -1, the previous) match of the last find."""
        if not self._matches:
            return False
        current = self.highlighted or 0
        if step > 0:
            target = next((i for i in self._matches if i > current), self._matches[0])
        else:
            target = next((i for i in reversed(self._matches) if i < current), self._matches[-1])
        self.highlighted = target
        return True

    @on(OptionList.OptionSelected)
    def _opened(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.headlines):
            self.post_message(self.Opened(self, self.headlines[event.option_index], event.option_index))
