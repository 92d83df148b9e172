"""Provides `KeyHints`: the bottom line naming the keys that work here, and the command palette's.

It shows what Textual's `Footer` shows (the shown bindings of the focused widget, its screen and
the app, one per action, and the palette key at the right) as one line of text. The `Footer`
builds a widget per key and rebuilds them all whenever the focus moves, which cost more than
drawing the article it sat under; this widget only redraws its line.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.screen import Screen

from ktui.widgets.line_widget import LineWidget


class Hint(NamedTuple):
    """A key as shown, and where on the line it is."""

    key: str
    """The key to simulate when the hint is clicked."""
    start: int
    """First cell."""
    end: int
    """Cell after the last."""


_DIM: Final = Style(dim=True)
"""Added to the hint of a key that cannot be used now."""


class KeyHints(LineWidget, can_focus=False):
    """One line of key hints, docked at the bottom of its screen."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-hints--key", "key-hints--description", "key-hints--separator"}
    """The key, what it does, and the line before the palette key."""

    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyHints > .key-hints--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyHints > .key-hints--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyHints > .key-hints--separator {
        color: $foreground 20%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hints: list[Hint] = []

    def on_mount(self) -> None:
        """Follow the bindings of the screen (they change with the focus)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop following them."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def draw(self, width: int) -> list[Segment]:
        """The hints, and the palette key at the right."""
        app = self.app
        active = self.screen.active_bindings
        key_style = self.get_visual_style("key-hints--key").rich_style
        description_style = self.get_visual_style("key-hints--description").rich_style
        segments: list[Segment] = []
        hints: list[Hint] = []
        actions: set[str] = set()
        x = 0
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            dim = None if enabled else _DIM
            hint = [Segment(f" {app.get_key_display(binding)} ", key_style + dim),
                    Segment(f"{binding.description} ", description_style + dim)]
            cells = Segment.get_line_length(hint)
            segments += hint
            hints.append(Hint(binding.key, x, x + cells))
            x += cells
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is not None:
            binding = palette.binding
            right = [Segment("▏", self.get_visual_style("key-hints--separator").rich_style),
                     Segment(f"{app.get_key_display(binding)} ", key_style),
                     Segment(f"{binding.description} ", description_style)]
            cells = Segment.get_line_length(right)
            gap = width - x - cells
            if gap >= 0:
                segments += [Segment(" " * gap, self.rich_style), *right]
                hints.append(Hint(binding.key, x + gap, x + gap + cells))
        self._hints = hints
        return segments

    def on_click(self, event: events.Click) -> None:
        """Press the key whose hint was clicked."""
        for hint in self._hints:
            if hint.start <= event.x < hint.end and hint.key:
                self.app.simulate_key(hint.key)
                return
