"""Provides `SearchScreen`: the site's own search and an instant search of everything cached.

Typing searches the local full-text index at once (it works offline); enter also asks the site.
Both result lists open in the reader like any other list.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from ktui.core.errors import KtuiError
from ktui.messages import OpenArticle
from ktui.screens.badges import badge_for
from ktui.screens.list_actions import LIST_BINDINGS, SAVE_BINDING, ListActions
from ktui.widgets.app_header import AppHeader
from ktui.widgets.backdrop import Row
from ktui.widgets.headline_list import HeadlineList
from ktui.widgets.key_hints import KeyHints
from ktui.widgets.list_panel import ListPanel
from ktui.widgets.preview import Preview


class SearchScreen(ListActions):
    """Search box, local matches and site results."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="ktui.back"),
        Binding("tab", "app.focus_next", "Next", show=False),
        *LIST_BINDINGS,
        SAVE_BINDING,
    ]
    """Keys of the search screen."""

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._initial = query

    def compose(self) -> ComposeResult:
        """Build the widgets."""
        yield AppHeader("Search", clock=self.ktui.clock, mode=self.ktui.mode)
        yield Input(value=self._initial, placeholder="Search: words to find, then enter to ask the site too",
                    id="query")
        with Row(id="results"):
            yield ListPanel("In your cache", key="search-local", clock=self.ktui.clock, id="local")
            yield ListPanel("The Korea Times search", key="search-site", clock=self.ktui.clock, id="site")
        yield Preview()
        yield KeyHints()

    def on_mount(self) -> None:
        """Start once mounted."""
        self.query_one("#query", Input).focus()
        self.query_one("#site", ListPanel).set_status("Press enter to search the site.")
        self.ktui.local_index_sync()
        if self._initial:
            self.search_local(self._initial)
            self.search_site(self._initial)

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        self.search_local(event.value)

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.search_site(event.value)
        self.query_one("#local HeadlineList", HeadlineList).focus()

    def search_local(self, query: str) -> None:
        """Show the cached articles that match, as the user types."""
        panel = self.query_one("#local", ListPanel)
        results = self.ktui.local_index.search(query) if query.strip() else []
        self.ktui.decorate(panel.headline_list, redraw=False)
        panel.show(results, f"{len(results)} found" if query.strip() else "")

    @work(exclusive=True, group="search")
    async def search_site(self, query: str) -> None:
        """Ask the site's own search."""
        panel = self.query_one("#site", ListPanel)
        if not query.strip():
            return
        panel.set_status("Searching…")
        try:
            result = await self.ktui.service.search(query)
        except KtuiError as error:
            panel.set_status(f"{error.message}", error=True)
            return
        self.ktui.decorate(panel.headline_list, redraw=False)
        panel.show(result.value.items, badge_for(result, self.ktui.loader_clock()))

    @on(HeadlineList.Opened)
    def _open(self, event: HeadlineList.Opened) -> None:
        self.post_message(OpenArticle(event.headline.url, event.headline_list.headlines, event.index,
                                      event.headline_list.key))

    @on(HeadlineList.OptionHighlighted)
    def _highlighted(self, event: HeadlineList.OptionHighlighted) -> None:
        control = event.option_list
        if isinstance(control, HeadlineList) and control.current is not None:
            self.query_one(Preview).show(control.current, self.ktui.clock())
