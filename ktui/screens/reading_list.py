"""Provides `ReadingListScreen`: the saved articles, readable offline (they are pinned in the cache)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from ktui.core.models import Headline
from ktui.messages import OpenArticle
from ktui.screens.list_actions import LIST_BINDINGS, ListActions
from ktui.widgets.app_header import AppHeader
from ktui.widgets.headline_list import HeadlineList
from ktui.widgets.key_hints import KeyHints
from ktui.widgets.list_panel import ListPanel
from ktui.widgets.preview import Preview


class ReadingListScreen(ListActions):
    """The reading list."""

    BINDINGS = [
        Binding("escape,h,backspace", "app.pop_screen", "Back", id="ktui.back"),
        Binding("s,d", "remove", "Remove", id="ktui.save"),
        *LIST_BINDINGS,
    ]
    """Keys of the reading list."""

    def compose(self) -> ComposeResult:
        """Build the widgets."""
        yield AppHeader("Reading list", clock=self.ktui.clock, mode=self.ktui.mode)
        yield ListPanel("Reading list", key="reading-list", clock=self.ktui.clock, id="reading")
        yield Preview()
        yield KeyHints()

    def on_mount(self) -> None:
        """Start once mounted."""
        self.refill()
        self.query_one(HeadlineList).focus()

    def on_screen_resume(self) -> None:
        """Redraw marks that may have changed while away."""
        self.refill()

    def refill(self) -> None:
        """Show the saved articles, newest first."""
        saved = self.ktui.userdata.reading_list()
        items = [Headline(title=s.title, url=s.url, rank=i, section=s.section) for i, s in enumerate(saved, start=1)]
        panel = self.query_one(ListPanel)
        self.ktui.decorate(panel.headline_list, redraw=False)
        panel.show(items, f"{len(items)} saved")
        if not items:
            panel.set_status("Nothing saved yet: press s on a story or in an article to keep it here.")

    def action_remove(self) -> None:
        """Take the highlighted article off the list."""
        current = self.query_one(HeadlineList).current
        if current is not None:
            self.ktui.toggle_saved(current.url, current.title, current.section)
            self.refill()

    @on(HeadlineList.Opened)
    def _open(self, event: HeadlineList.Opened) -> None:
        self.post_message(OpenArticle(event.headline.url, event.headline_list.headlines, event.index, "reading-list"))

    @on(HeadlineList.OptionHighlighted)
    def _highlighted(self, event: HeadlineList.OptionHighlighted) -> None:
        current = self.query_one(HeadlineList).current
        if current is not None:
            self.query_one(Preview).show(current, self.ktui.clock())
