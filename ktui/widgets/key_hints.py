"""Provides `KeyHints`: the bottom line naming the keys that work here, and the command palette's.

It shows what Textual's `Footer` shows (the shown bindings of the focused widget, its screen and
the app, one per action, and the palette key at the right) as one line of text. The `Footer`
builds a widget per key and rebuilds them all whenever the focus moves, which cost more than
drawing the article it sat under; this widget only redraws its line.
"""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


class Hint(NamedTuple):
    """A key as shown, and where on the line it is."""

    key: str
    """The key to simulate when the hint is clicked."""
    start: int
    """First cell."""
    end: int
    """Cell after the last."""


class KeyHints(Widget, can_focus=False):
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

    def render(self) -> Content:
        """The hints, and the palette key at the right."""
        app = self.app
        active = self.screen.active_bindings
        parts: list[Content] = []
        hints: list[Hint] = []
        actions: set[str] = set()
        x = 0
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            hint = _hint(f" {app.get_key_display(binding)} ", f"{binding.description} ", dim=not enabled)
            parts.append(hint)
            hints.append(Hint(binding.key, x, x + hint.cell_length))
            x += hint.cell_length
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is not None:
            binding = palette.binding
            right = Content.assemble(("▏", ".key-hints--separator"),
                                     _hint(f"{app.get_key_display(binding)} ", f"{binding.description} "))
            gap = self.size.width - x - right.cell_length
            if gap >= 0:
                parts += [Content(" " * gap), right]
                hints.append(Hint(binding.key, x + gap, x + gap + right.cell_length))
        self._hints = hints
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        """Press the key whose hint was clicked."""
        for hint in self._hints:
            if hint.start <= event.x < hint.end and hint.key:
                self.app.simulate_key(hint.key)
                return


def _hint(key: str, description: str, *, dim: bool = False) -> Content:
    """A key and what it does, dimmed when the action cannot be used now."""
    hint = Content.assemble((key, ".key-hints--key"), (description, ".key-hints--description"))
    return hint.stylize("dim") if dim else hint
