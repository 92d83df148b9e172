"""Provides `SectionScreen`: a section's stories, page after page.

The first page comes from the cache or the site (the section's RSS feed if the site blocks
ktui); moving past the last story loads the next page and appends it, so a section reads as one
long list.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding

from ktui.core.errors import KtuiError
from ktui.core.loader import Result
from ktui.core.models import Headline, ListPage, Section
from ktui.messages import OpenArticle
from ktui.screens.badges import badge_for
from ktui.screens.list_actions import LIST_BINDINGS, SAVE_BINDING, ListActions
from ktui.widgets.app_header import AppHeader
from ktui.widgets.find_bar import FindBar
from ktui.widgets.headline_list import HeadlineList
from ktui.widgets.key_hints import KeyHints
from ktui.widgets.list_panel import ListPanel
from ktui.widgets.preview import Preview


class SectionScreen(ListActions):
    """One section's list."""

    BINDINGS = [
        Binding("escape,h,backspace", "app.pop_screen", "Back", id="ktui.back"),
        Binding("r", "refresh", "Refresh", id="ktui.refresh"),
        Binding("m", "more", "More", id="ktui.more"),
        Binding("slash", "find", "Find", id="ktui.find"),
        Binding("n", "find_step(1)", "Next match", show=False),
        Binding("N", "find_step(-1)", "Previous match", show=False),
        *LIST_BINDINGS,
        SAVE_BINDING,
    ]
    """Keys of a section list."""

    def __init__(self, section: Section) -> None:
        super().__init__()
        self.section = section
        """The section shown."""
        self.items: list[Headline] = []
        """The stories loaded so far."""
        self.next_url: str | None = None
        """The next page, if any."""

    def compose(self) -> ComposeResult:
        """Build the widgets."""
        yield AppHeader(self.section.name, clock=self.ktui.clock, mode=self.ktui.mode)
        yield ListPanel(self.section.name, key=self.section.path, clock=self.ktui.clock, id="section")
        yield Preview()
        yield FindBar()
        yield KeyHints()

    @property
    def panel(self) -> ListPanel:
        """The list panel."""
        return self.query_one(ListPanel)

    def on_mount(self) -> None:
        """Start once mounted."""
        self.panel.set_status("Loading…")
        self.panel.headline_list.focus()
        self.load()

    def on_screen_resume(self) -> None:
        """Redraw marks that may have changed while away."""
        self.ktui.decorate(self.panel.headline_list)

    def _show(self, result: Result[ListPage], *, append: bool) -> None:
        page = result.value
        if append:
            known = {h.url for h in self.items}
            self.items.extend(h for h in page.items if h.url not in known)
        else:
            self.items = list(page.items)
        self.next_url = page.next_url
        ranked = [Headline(h.title, h.url, i, h.section, h.published, h.summary, h.thumbnail)
                  for i, h in enumerate(self.items, start=1)]
        self.ktui.decorate(self.panel.headline_list, redraw=False)
        self.panel.show(ranked, badge_for(result, self.ktui.loader_clock()),
                        keep=self.ktui.places.get("cursor", {}).get(self.section.path))
        more = "  ·  m or the end of the list loads more" if self.next_url else ""
        self.panel.set_title(f"{self.section.name} ({len(self.items)}){more}")
        if result.notice:
            self.notify(result.notice, severity="warning", timeout=8, markup=False)
        self.ktui.service.prefetch(page.items)

    @work(exclusive=True, group="section")
    async def load(self, refresh: bool = False) -> None:
        """Load the first page."""
        try:
            result = await self.ktui.service.section(self.section, refresh=refresh)
        except KtuiError as error:
            self.panel.set_status(f"{error.message} (r to retry)", error=True)
            return
        self._show(result, append=False)
        if result.refresh is not None:
            try:
                self._show(await result.refresh, append=False)
            except KtuiError as error:
                self.panel.set_status(f"Could not refresh: {error.message}", error=True)

    @work(exclusive=True, group="section-more")
    async def load_more(self) -> None:
        """Load the next page and append it."""
        if not self.next_url:
            return
        self.panel.set_status("Loading more…")
        try:
            result = await self.ktui.service.list_page(self.next_url)
        except KtuiError as error:
            self.panel.set_status(f"{error.message} (m to retry)", error=True)
            return
        self._show(result, append=True)

    def action_refresh(self) -> None:
        """Reload the first page from the network."""
        self.panel.set_badge("refreshing…")
        self.load(refresh=True)

    def action_more(self) -> None:
        """Load the next page."""
        if self.next_url:
            self.load_more()
        else:
            self.notify("This is the last page.", timeout=2)

    def action_find(self) -> None:
        """Find text in the list."""
        self.query_one(FindBar).open()

    @on(FindBar.Changed)
    def _find(self, event: FindBar.Changed) -> None:
        count = self.panel.headline_list.find(event.query)
        self.query_one(FindBar).set_count(count)
        if event.done:
            self.panel.headline_list.focus()

    @on(FindBar.Step)
    def _find_step(self, event: FindBar.Step) -> None:
        self.action_find_step(event.step)

    def action_find_step(self, step: int) -> None:
        """Go to the next or previous match."""
        self.panel.headline_list.next_match(step)

    @on(HeadlineList.Opened)
    def _open(self, event: HeadlineList.Opened) -> None:
        headlines = event.headline_list.headlines
        self.post_message(OpenArticle(event.headline.url, headlines, event.index, self.section.path))

    @on(HeadlineList.OptionHighlighted)
    def _highlighted(self, event: HeadlineList.OptionHighlighted) -> None:
        headline_list = self.panel.headline_list
        current = headline_list.current
        if current is None:
            return
        self.query_one(Preview).show(current, self.ktui.clock())
        self.ktui.remember_cursor(self.section.path, current.url)
        if self.next_url and headline_list.highlighted == len(headline_list.headlines) - 1:
            self.load_more()
