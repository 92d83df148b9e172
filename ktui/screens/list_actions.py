"""Provides `ListActions`: the o, y and s keys of every screen of story lists.

They act on the story under the cursor of the focused list, whichever screen it is on (home,
section, search, reading list), so a key on the help screen works wherever stories are listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.screen import Screen

from ktui.core.models import Headline
from ktui.widgets.backdrop import Backdrop
from ktui.widgets.headline_list import HeadlineList

if TYPE_CHECKING:
    from ktui.app import KtuiApp

LIST_BINDINGS = [
    Binding("o", "open_browser", "Open in browser", show=False, id="ktui.open"),
    Binding("y", "copy_link", "Copy link", show=False, id="ktui.copy"),
]
"""The keys every list screen has (screens add s where saving is not their own business)."""
SAVE_BINDING = Binding("s", "save", "Save", show=False, id="ktui.save")
"""Save to (or remove from) the reading list."""


class ListActions(Backdrop, Screen[None]):
    """A screen of story lists whose keys act on the focused list's current story."""

    @property
    def ktui(self) -> KtuiApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def current_story(self) -> Headline | None:
        """The story under the cursor of the focused list, if a list has the focus."""
        focused = self.focused
        return focused.current if isinstance(focused, HeadlineList) else None

    def action_open_browser(self) -> None:
        """Open the highlighted story in a browser (over SSH: show its link)."""
        if (item := self.current_story()) is not None:
            self.ktui.open_link(item.url)

    def action_copy_link(self) -> None:
        """Copy the highlighted story's link."""
        if (item := self.current_story()) is not None:
            self.ktui.copy_link(item.url)

    def action_save(self) -> None:
        """Add the highlighted story to the reading list, or take it off."""
        if (item := self.current_story()) is not None:
            self.ktui.toggle_saved(item.url, item.title, item.section)
            self.ktui.redecorate_lists()
