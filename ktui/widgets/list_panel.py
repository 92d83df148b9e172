"""Provides `ListPanel`: a titled story list with its freshness badge and its loading/error line.

The badge tells where the list came from: "live", "cached 4 min ago", "offline", "RSS" (a
fallback), or "refreshing…". A failure shows a one-line notice with the retry key and keeps the
stories already on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from ktui.core.models import Headline
from ktui.core.text import clean_line
from ktui.core.times import now_kst
from ktui.widgets.headline_list import HeadlineList


class ListPanel(Vertical):
    """A story list with a title bar and a status line."""

    DEFAULT_CSS = """
    ListPanel { height: 1fr; }
    ListPanel > .panel-bar { height: 1; }
    ListPanel .panel-title { width: 1fr; text-style: bold; }
    ListPanel .panel-badge { width: auto; color: $text-muted; }
    ListPanel .panel-status { height: auto; color: $text-muted; display: none; }
    ListPanel.-status .panel-status { display: block; }
    ListPanel.-error .panel-status { color: $error; }
    ListPanel HeadlineList { height: 1fr; }
    """

    def __init__(self, title: str, *, key: str, clock: Callable[[], datetime] = now_kst, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.title = title
        """The panel's title."""
        self.key = key
        """Which list it shows."""
        self._clock = clock
        self._status: Static | None = None

    def compose(self) -> ComposeResult:
        """Build the widgets."""
        with Horizontal(classes="panel-bar"):
            yield Label(Text(self.title), classes="panel-title")
            yield Label("", classes="panel-badge")
        # The status line is mounted when there is first something to say (see `set_status`).
        yield HeadlineList(key=self.key, clock=self._clock)

    @property
    def headline_list(self) -> HeadlineList:
        """The list inside."""
        return self.query_one(HeadlineList)

    def set_title(self, title: str) -> None:
        """Change the title."""
        self.title = title
        self.query_one(".panel-title", Label).update(Text(clean_line(title)))

    def set_badge(self, badge: str) -> None:
        """Show where the list came from."""
        self.query_one(".panel-badge", Label).update(Text(badge))

    def set_status(self, message: str | None, *, error: bool = False) -> None:
        """Show a loading or error line under the list (None hides it)."""
        status = self._status
        if status is None:
            if not message:
                return
            # The status line goes above the list: under an empty list it would sit at the panel's
            # foot, far from the title, where "Loading…" or an error with its retry key is easy to
            # miss. A list filled from the cache never needs one, so it is made only when needed.
            status = self._status = Static("", classes="panel-status", markup=False)
            self.mount(status, before=self.headline_list)
        status.update(Text(clean_line(message)) if message else "")
        self.set_class(bool(message), "-status")
        self.set_class(bool(message) and error, "-error")

    def show(self, headlines: Sequence[Headline], badge: str, *, keep: str | None = None) -> None:
        """Fill the list and its badge, and hide the status line (or say the list is empty)."""
        self.headline_list.show(headlines, keep=keep)
        self.set_badge(badge)
        self.set_status(None if headlines else "No stories here.")
