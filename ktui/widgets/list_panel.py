"""Provides `ListPanel`: a titled story list with its freshness badge and its loading/error line.

The badge tells where the list came from: "live", "cached 4 min ago", "offline", "RSS" (a
fallback), or "refreshing…". A failure shows a one-line notice with the retry key and keeps the
stories already on screen.

The title and the badge are one line drawn by `PanelBar`: as a row holding two labels they were
three more widgets per panel to style, lay out and draw, nine on the home screen, for one line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ktui.core.models import Headline
from ktui.core.text import clean_line
from ktui.core.times import now_kst
from ktui.widgets.backdrop import Backdrop
from ktui.widgets.headline_list import HeadlineList
from ktui.widgets.line_widget import LineWidget, first_line


class PanelBar(LineWidget):
    """A panel's title line: the title at the left, the badge at the right."""

    COMPONENT_CLASSES = {"panel-bar--title", "panel-bar--focused-title", "panel-bar--badge"}
    """The styles of the title, of the title while the panel's list has the focus, and of the badge."""

    DEFAULT_CSS = """
    PanelBar { height: 1; background: $boost; }
    PanelBar > .panel-bar--title { text-style: bold; }
    PanelBar > .panel-bar--focused-title { text-style: bold; color: $accent; }
    PanelBar > .panel-bar--badge { color: $text-muted; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = clean_line(title)
        """The title (one line, shown literally)."""
        self.badge = ""
        """Where the list came from."""

    def set(self, *, title: str | None = None, badge: str | None = None) -> None:
        """Change the title or the badge, redrawing only when either changed."""
        title = self.title if title is None else clean_line(title)
        badge = self.badge if badge is None else clean_line(badge)
        if (title, badge) != (self.title, self.badge):
            self.title, self.badge = title, badge
            self.refresh()

    def draw(self, width: int) -> list[Segment]:
        """The line: the badge keeps its width, the title gets the rest."""
        badge = Content(self.badge)
        room = width - badge.cell_length
        title = first_line(self.title, room)
        # The focus decides the title's style here, not in CSS: a `:focus-within` rule or a
        # class on the panel would restyle the panel and its list at every focus change.
        focused = isinstance(self.parent, Widget) and self.parent.has_focus_within
        part = "panel-bar--focused-title" if focused else "panel-bar--title"
        return [Segment(title + " " * (room - Content(title).cell_length), self.get_visual_style(part).rich_style),
                Segment(badge.plain, self.get_visual_style("panel-bar--badge").rich_style)]


class ListPanel(Backdrop, Vertical):
    """A story list with a title bar and a status line."""

    DEFAULT_CSS = """
    ListPanel { height: 1fr; }
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
        yield PanelBar(self.title)
        # The status line is mounted when there is first something to say (see `set_status`).
        yield HeadlineList(key=self.key, clock=self._clock)

    @property
    def headline_list(self) -> HeadlineList:
        """The list inside."""
        return self.query_one(HeadlineList)

    def set_title(self, title: str) -> None:
        """Change the title."""
        self.title = title
        self.query_one(PanelBar).set(title=title)

    def set_badge(self, badge: str) -> None:
        """Show where the list came from."""
        self.query_one(PanelBar).set(badge=badge)

    @property
    def badge(self) -> str:
        """The badge shown."""
        return self.query_one(PanelBar).badge

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Redraw the title bar: the title of the focused list is drawn in the accent colour."""
        self.query_one(PanelBar).refresh()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Redraw the title bar when the focus leaves."""
        self.query_one(PanelBar).refresh()

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
