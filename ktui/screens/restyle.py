"""Provides `StyleMemory`: lets a screen skip the restyling Textual does each time it is shown.

Textual applies the whole stylesheet to every widget of a screen again whenever the screen is
pushed, in case the theme or the app's classes changed while it was away. For a screen just
mounted (styled moments before) or shown again with nothing changed, that is a second styling of
every widget for nothing: on the home screen at start and on the reader at each article, it cost
as much as drawing the screen. The styles depend on the theme, the app's classes and the size.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App


def style_key(app: App[Any]) -> tuple[object, ...]:
    """What a screen's styles depend on besides its own widgets."""
    return (app.theme, app.ansi_color, frozenset(app.classes), app.size)


class StyleMemory:
    """Remembers what a screen was last styled for, to tell whether a resume must restyle it."""

    def __init__(self) -> None:
        self._styled_for: tuple[object, ...] | None = None

    def styled(self, app: App[Any]) -> None:
        """Note that the screen's styles are current (just mounted, or just restyled)."""
        self._styled_for = style_key(app)

    def resumed(self, app: App[Any], event: events.ScreenResume) -> None:
        """Let a resume restyle the screen only if something its styles depend on changed."""
        key = style_key(app)
        if key == self._styled_for:
            event.refresh_styles = False
        self._styled_for = key
