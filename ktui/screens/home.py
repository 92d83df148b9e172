"""Provides `HomeScreen`: Top 10 Stories, Trending and Latest, with the sections beside them.

Wide terminals show the lists side by side (and the section tree when there is room); narrow ones
stack them. Everything loads in workers: a cached copy paints at once, a stale one is refreshed in
the background and swapped in without moving the cursor, and once a list is shown its stories are
prefetched so that opening one needs no network wait.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.events import Resize
from textual.widgets import Footer, Tree

from ktui.core.errors import KtuiError
from ktui.core.loader import Result
from ktui.core.models import FrontPage, Headline, ListPage, Section
from ktui.messages import OpenArticle, OpenSection
from ktui.screens.badges import badge_for
from ktui.screens.list_actions import LIST_BINDINGS, SAVE_BINDING, ListActions
from ktui.widgets.app_header import AppHeader
from ktui.widgets.find_bar import FindBar
from ktui.widgets.headline_list import HeadlineList
from ktui.widgets.list_panel import ListPanel
from ktui.widgets.preview import Preview
from ktui.widgets.section_tree import SectionTree

NARROW = 90
"""Below this width the lists are stacked."""
WIDE = 140
"""From this width the three lists stand side by side."""
SIDEBAR = 170
"""From this width the section tree is shown without asking."""


class HomeScreen(ListActions):
    """The front page: Top 10, Trending and Latest."""

    BINDINGS = [
        Binding("tab", "app.focus_next", "Next list", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous list", show=False),
        Binding("r", "refresh", "Refresh", id="ktui.refresh"),
        Binding("c", "toggle_sections", "Sections", id="ktui.sections"),
        Binding("slash", "find", "Find", id="ktui.find"),
        Binding("n", "find_step(1)", "Next match", show=False),
        Binding("N", "find_step(-1)", "Previous match", show=False),
        *LIST_BINDINGS,
        SAVE_BINDING,
        Binding("E", "digest", "Export Top 10", show=False, id="ktui.digest"),
    ]
    """Keys of the home screen (the app adds help, search, reading list and quit)."""

    def __init__(self) -> None:
        super().__init__()
        self._sidebar_forced: bool | None = None
        self._front: Result[FrontPage] | None = None
        self._last_list: HeadlineList | None = None

    def compose(self) -> ComposeResult:
        """Build the widgets."""
        clock = self.ktui.clock
        yield AppHeader("The Korea Times", clock=clock, mode=self.ktui.mode)
        with Horizontal(id="home-body"):
            yield SectionTree(self.ktui.service.sections(), id="sections")
            with Container(id="lists"):
                yield ListPanel("Top 10 Stories", key="top", clock=clock, id="top")
                yield ListPanel("Trending", key="trending", clock=clock, id="trending")
                yield ListPanel("Latest", key="latest", clock=clock, id="latest")
        yield Preview(id="preview")
        yield FindBar()
        yield Footer()

    def on_mount(self) -> None:
        """Start once mounted."""
        for panel in self.query(ListPanel):
            panel.set_status("Loading…")
        self._layout(self.size.width)
        self.query_one("#top HeadlineList", HeadlineList).focus()
        self.load_front()
        self.load_latest()

    def on_screen_resume(self) -> None:
        """Redraw marks that may have changed while away."""
        for headline_list in self.query(HeadlineList):
            self.ktui.decorate(headline_list)

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < NARROW, "-narrow")
        self.set_class(NARROW <= width < WIDE, "-medium")
        show = self._sidebar_forced if self._sidebar_forced is not None else width >= SIDEBAR
        self.query_one("#sections").set_class(not show, "-hidden")

    # --- loading -------------------------------------------------------------------------------------

    def _panel(self, key: str) -> ListPanel:
        return self.query_one(f"#{key}", ListPanel)

    def _fill(self, key: str, items: tuple[Headline, ...], result: Result[Any], note: str | None = None) -> None:
        panel = self._panel(key)
        panel.show(items, badge_for(result, self.ktui.loader_clock()),
                   keep=self.ktui.places.get("cursor", {}).get(key) if not panel.headline_list.headlines else None)
        self.ktui.decorate(panel.headline_list)
        if note and not items:
            panel.set_status(note)

    def _show_front(self, result: Result[FrontPage], *, announce: bool = True) -> None:
        front = result.value
        self._front = result
        self._fill("top", front.top, result)
        self._fill("trending", front.trending, result, front.sources.get("trending"))
        if not announce:
            return
        if result.notice:
            self.notify(result.notice, severity="warning", timeout=8, markup=False)
        self.ktui.service.prefetch([*front.top, *front.trending])

    def _enrich_front(self) -> None:
        """Give the front page's lists the times and leads of the feed that has just come in."""
        # The front page and the feed load side by side; when the front page comes first it is
        # shown without exact times and leads (the page has none), so the ages could differ from
        # one start to the next and the preview would have no lead.
        if self._front is not None:
            front = self._front
            enriched = self.ktui.service.enrich(front.value)
            if enriched != front.value:
                self._show_front(replace(front, value=enriched), announce=False)

    @work(exclusive=True, group="front")
    async def load_front(self, refresh: bool = False) -> None:
        """Load the front page's lists (cache first), then its background refresh if stale."""
        try:
            result = await self.ktui.service.front(refresh=refresh)
        except KtuiError as error:
            for key in ("top", "trending"):
                self._panel(key).set_status(f"{error.message} (r to retry)", error=True)
            self.notify(error.message, title="Front page", severity="error", markup=False)
            return
        self._show_front(result)
        if result.refresh is not None:
            for key in ("top", "trending"):
                self._panel(key).set_badge("refreshing…")
            try:
                self._show_front(await result.refresh)
            except KtuiError as error:
                for key in ("top", "trending"):
                    self._panel(key).set_badge(badge_for(result, self.ktui.loader_clock()))
                self.notify(f"Could not refresh: {error.message}", severity="warning", markup=False)

    @work(exclusive=True, group="latest")
    async def load_latest(self, refresh: bool = False) -> None:
        """Load the newest stories from the feed."""
        panel = self._panel("latest")
        try:
            result: Result[ListPage] = await self.ktui.service.latest(refresh=refresh)
        except KtuiError as error:
            panel.set_status(f"{error.message} (r to retry)", error=True)
            return
        self._fill("latest", result.value.items, result)
        self._enrich_front()
        if result.refresh is not None:
            panel.set_badge("refreshing…")
            try:
                result = await result.refresh
                self._fill("latest", result.value.items, result)
                self._enrich_front()
            except KtuiError as error:
                panel.set_badge(badge_for(result, self.ktui.loader_clock()))
                panel.set_status(f"Could not refresh: {error.message}", error=True)
        self.ktui.service.prefetch(result.value.items)

    # --- actions -------------------------------------------------------------------------------------

    def action_refresh(self) -> None:
        """Reload every list from the network (cached copies stay on screen meanwhile)."""
        for panel in self.query(ListPanel):
            panel.set_badge("refreshing…")
        self.load_front(refresh=True)
        self.load_latest(refresh=True)

    def action_toggle_sections(self) -> None:
        """Show or hide the section tree (and focus it when shown)."""
        tree = self.query_one(SectionTree)
        self._sidebar_forced = tree.has_class("-hidden")
        tree.set_class(not self._sidebar_forced, "-hidden")
        if self._sidebar_forced:
            tree.focus()
        else:
            self.query_one("#top HeadlineList", HeadlineList).focus()

    def _focused_list(self) -> HeadlineList | None:
        focused = self.focused
        return focused if isinstance(focused, HeadlineList) else None

    def action_find(self) -> None:
        """Find text in the focused list."""
        # Remember the list now: once the find bar has the focus, no list has it any more.
        self._find_target()
        self.query_one(FindBar).open()

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        target = self._find_target()
        self.query_one(FindBar).set_count(target.find(event.query))
        if event.done:
            target.focus()

    def _find_target(self) -> HeadlineList:
        if isinstance(self.focused, HeadlineList):
            self._last_list = self.focused
        return self._last_list or self.query_one("#top HeadlineList", HeadlineList)

    def action_find_step(self, step: int) -> None:
        """Go to the next or previous match of the last find."""
        self._find_target().next_match(step)

    @on(FindBar.Step)
    def _find_step(self, event: FindBar.Step) -> None:
        self.action_find_step(event.step)

    def action_digest(self) -> None:
        """Export the Top 10 with full texts as one Markdown file."""
        self.ktui.export_digest(self._panel("top").headline_list.headlines)

    # --- events --------------------------------------------------------------------------------------

    @on(HeadlineList.Opened)
    def _open(self, event: HeadlineList.Opened) -> None:
        headline_list = event.headline_list
        self.post_message(OpenArticle(event.headline.url, headline_list.headlines, event.index, headline_list.key))

    @on(HeadlineList.OptionHighlighted)
    def _highlighted(self, event: HeadlineList.OptionHighlighted) -> None:
        control = event.option_list
        if isinstance(control, HeadlineList) and control.current is not None:
            if control.has_focus:
                self.query_one(Preview).show(control.current, self.ktui.clock())
            self.ktui.remember_cursor(control.key, control.current.url)

    @on(Tree.NodeSelected)
    def _section(self, event: Tree.NodeSelected[Section]) -> None:
        # A section with subsections expands on enter; its "All ..." leaf opens it.
        if isinstance(event.node.data, Section) and not event.node.children:
            event.stop()
            self.post_message(OpenSection(event.node.data))

    def on_descendant_focus(self) -> None:
        """Follow focus with the preview."""
        focused = self._focused_list()
        if focused is not None and focused.current is not None:
            self.query_one(Preview).show(focused.current, self.ktui.clock())

