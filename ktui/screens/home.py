"""Provides `HomeScreen`: Top 10 Stories, Trending and Latest, with the sections beside them.

Wide terminals show the lists side by side (and the section tree when there is room); narrow ones
stack them. Everything loads in workers: a cached copy paints at once, a stale one is refreshed in
the background and swapped in without moving the cursor, and once a list is shown its stories are
prefetched so that opening one needs no network wait.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import AwaitMount
from textual.widgets import Tree

from ktui.core.errors import KtuiError
from ktui.core.loader import Origin, Result
from ktui.core.models import FrontPage, Headline, ListPage, Section
from ktui.messages import OpenArticle, OpenSection
from ktui.screens.badges import badge_for
from ktui.screens.list_actions import LIST_BINDINGS, SAVE_BINDING, ListActions
from ktui.screens.restyle import StyleMemory
from ktui.widgets.app_header import AppHeader
from ktui.widgets.backdrop import Box, Row
from ktui.widgets.find_bar import FindBar
from ktui.widgets.headline_list import HeadlineList
from ktui.widgets.key_hints import KeyHints
from ktui.widgets.list_panel import ListPanel
from ktui.widgets.preview import Preview
from ktui.widgets.section_tree import SectionTree

NARROW = 90
"""Below this width the lists are stacked."""
WIDE = 140
"""From this width the three lists stand side by side."""
SIDEBAR = 170
"""From this width the section tree is shown without asking."""
PREFETCH_TURNS = 6
"""Turns of the event loop a network list waits, before it is drawn, for its stories' requests."""


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

    AUTO_FOCUS = "#top HeadlineList"
    """The Top 10 has the focus from the start (not the first focusable widget, then the list)."""

    def __init__(self) -> None:
        super().__init__()
        self._sidebar_forced: bool | None = None
        self._front: Result[FrontPage] | None = None
        self._front_failed = False
        self._latest: tuple[Headline, ...] = ()
        self._last_list: HeadlineList | None = None
        self._styles = StyleMemory()

    def compose(self) -> ComposeResult:
        """Build the widgets (the section tree only if it is shown from the start; see `on_mount`)."""
        clock = self.ktui.clock
        # The layout classes are set before the widgets are styled: set after, each change would
        # style the whole screen again.
        show_sections = self._layout(self.app.size.width, update=False)
        yield AppHeader("The Korea Times", clock=clock, mode=self.ktui.mode)
        with Row(id="home-body"):
            if show_sections:
                yield self._section_tree(show=True)
            with Box(id="lists"):
                yield ListPanel("Top 10 Stories", key="top", clock=clock, id="top")
                yield ListPanel("Trending", key="trending", clock=clock, id="trending")
                yield ListPanel("Latest", key="latest", clock=clock, id="latest")
        yield Preview(id="preview")
        # The find bar is mounted when first asked for (`action_find`).
        yield KeyHints()

    def _section_tree(self, *, show: bool) -> SectionTree:
        return SectionTree(self.ktui.service.sections(), id="sections", classes="" if show else "-hidden")

    def on_mount(self) -> None:
        """Start once mounted: lists fresh in the cache are shown now, the others are loaded."""
        self._styles.styled(self.app)
        self.call_after_refresh(self.ktui.started)
        if not self.query("#sections"):
            # Hidden at this width: mounted once the lists are painted, not before.
            self.call_after_refresh(self._mount_section_tree)
        self.query_one("#top HeadlineList", HeadlineList).focus()
        # From a fresh cache the lists are filled before the screen is first drawn, so it is
        # drawn once, with them, rather than first with "Loading…" and then again.
        service = self.ktui.service
        latest = service.fresh_latest()
        if latest is not None:
            self._latest = latest.value.items
            self._fill("latest", latest.value.items, latest)
        else:
            self._panel("latest").set_status("Loading…")
            self.load_latest()
        front = service.fresh_front()
        if front is not None:
            self._show_front(front)
        else:
            for key in ("top", "trending"):
                self._panel(key).set_status("Loading…")
            self.load_front()

    def _mount_section_tree(self) -> AwaitMount | None:
        """Mount the section tree if it is not mounted yet, shown or hidden as the width and `c` say."""
        body = self.query_one("#home-body")
        if self.query(SectionTree) or not body.is_attached:  # already there, or the app is closing
            return None
        show = self._sidebar_forced if self._sidebar_forced is not None else self.app.size.width >= SIDEBAR
        return body.mount(self._section_tree(show=show), before=0)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Redraw marks that may have changed while away (and restyle only if something changed)."""
        self._styles.resumed(self.app, event)
        for headline_list in self.query(HeadlineList):
            self.ktui.decorate(headline_list)

    @on(events.Resize)
    def _resized(self, event: events.Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int, *, update: bool = True) -> bool:
        """Set the classes for a width; return whether the section tree is shown."""
        self.set_class(width < NARROW, "-narrow", update=update)
        self.set_class(NARROW <= width < WIDE, "-medium", update=update)
        show = self._sidebar_forced if self._sidebar_forced is not None else width >= SIDEBAR
        if update:
            self.query("#sections").set_class(not show, "-hidden")
        return show

    # --- loading -------------------------------------------------------------------------------------

    def _panel(self, key: str) -> ListPanel:
        return self.query_one(f"#{key}", ListPanel)

    def _fill(self, key: str, items: tuple[Headline, ...], result: Result[Any], note: str | None = None) -> None:
        panel = self._panel(key)
        self.ktui.decorate(panel.headline_list, redraw=False)
        panel.show(items, badge_for(result, self.ktui.loader_clock()),
                   keep=self.ktui.places.get("cursor", {}).get(key) if not panel.headline_list.headlines else None)
        if note and not items:
            panel.set_status(note)
        # The preview now rather than when the highlight's message arrives: it changes the height
        # of the lists, which would have them laid out and drawn twice.
        headline_list = panel.headline_list
        target = self.focused if self.focused is not None else self.query_one("#top HeadlineList")
        if headline_list is target and headline_list.current is not None:
            self.query_one(Preview).show(headline_list.current, self.ktui.clock())

    def _show_front(self, result: Result[FrontPage], *, announce: bool = True) -> None:
        front = result.value
        self._front = result
        self._fill("top", front.top, result)
        self._fill("trending", front.trending, result, front.sources.get("trending"))
        if not announce:
            return
        if result.notice:
            self.notify(result.notice, severity="warning", timeout=8, markup=False)
        if result.origin is not Origin.NETWORK:
            self._prefetch()

    def _prefetch(self, *, soon: bool = False) -> None:
        """Queue the shown lists' stories for prefetch: at once if `soon`, else once the screen is painted.

        A list that just came from the network has stories to fetch, and the first of them may be
        opened as soon as it shows: those requests start now. A list from the cache mostly has its
        stories cached too, and telling which ones are reads the cache: that waits for the paint.
        """
        if soon:
            self._queue_prefetch()
        else:
            self.call_after_refresh(self._queue_prefetch)

    def _queue_prefetch(self) -> None:
        """Queue the shown lists' stories for prefetch: the focused list's first, in rank order."""
        if self._front is None and not self._front_failed:
            # The feed came first: its stories wait for the front page's, which go before them
            # (the first of them would otherwise take the first turns of the polite interval).
            return
        # The front page's two lists are one list to prefetch (up to the prefetch depth, so the
        # Top 10 in practice); Trending's own stories are fetched when it gets the focus. The
        # list queued last goes first, and the focused one is queued last, ahead of stories that
        # the others had queued already.
        front = self._front.value if self._front is not None else None
        groups = {"latest": list(self._latest),
                  "top": [*front.top, *front.trending] if front is not None else []}
        focused = self._focused_list()
        first = "latest" if focused is not None and focused.key == "latest" else "top"
        service = self.ktui.service
        for key, stories in groups.items():
            if key != first:
                service.prefetch(stories)
        service.prefetch(groups[first], urgent=True)
        if focused is not None and focused.key not in groups:
            service.prefetch(focused.headlines, urgent=True)

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
            self._front_failed = True
            self._prefetch(soon=True)
            return
        if result.origin is Origin.NETWORK:
            # The stories' requests go out before the lists are drawn (which takes a while), so
            # that the first story is on its way when the reader can choose it.
            self._front = result
            self._prefetch(soon=True)
            await self._let_requests_start()
        self._show_front(result)
        # The feed may have come in meanwhile (with the exact times and leads the page lacks).
        self._enrich_front()
        if result.refresh is not None:
            for key in ("top", "trending"):
                self._panel(key).set_badge("refreshing…")
            try:
                self._show_front(await result.refresh)
            except KtuiError as error:
                for key in ("top", "trending"):
                    self._panel(key).set_badge(badge_for(result, self.ktui.loader_clock()))
                self.notify(f"Could not refresh: {error.message}", severity="warning", markup=False)

    @staticmethod
    async def _let_requests_start() -> None:
        """Give the event loop a few turns: enough for queued prefetches to send their requests."""
        # The prefetcher's worker, the loader's fetch task and the HTTP client's connection each
        # take a turn before the request is on the wire.
        for _ in range(PREFETCH_TURNS):
            await asyncio.sleep(0)

    @work(exclusive=True, group="latest")
    async def load_latest(self, refresh: bool = False) -> None:
        """Load the newest stories from the feed."""
        panel = self._panel("latest")
        try:
            result: Result[ListPage] = await self.ktui.service.latest(refresh=refresh)
        except KtuiError as error:
            panel.set_status(f"{error.message} (r to retry)", error=True)
            return
        self._latest = result.value.items
        self._fill("latest", result.value.items, result)
        self._enrich_front()
        if result.refresh is not None:
            panel.set_badge("refreshing…")
            try:
                result = await result.refresh
                self._latest = result.value.items
                self._fill("latest", result.value.items, result)
                self._enrich_front()
            except KtuiError as error:
                panel.set_badge(badge_for(result, self.ktui.loader_clock()))
                panel.set_status(f"Could not refresh: {error.message}", error=True)
        self._prefetch(soon=result.origin is Origin.NETWORK)

    # --- actions -------------------------------------------------------------------------------------

    def action_refresh(self) -> None:
        """Reload every list from the network (cached copies stay on screen meanwhile)."""
        for panel in self.query(ListPanel):
            panel.set_badge("refreshing…")
        self.load_front(refresh=True)
        self.load_latest(refresh=True)

    async def action_toggle_sections(self) -> None:
        """Show or hide the section tree (and focus it when shown)."""
        mounting = self._mount_section_tree()
        if mounting is not None:  # pressed before the first paint
            await mounting
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

    async def action_find(self) -> None:
        """Find text in the focused list."""
        # Remember the list now: once the find bar has the focus, no list has it any more.
        self._find_target()
        bars = self.query(FindBar)
        if bars:
            bars.first().open()
            return
        # First use: the bar goes where it always stood, under the preview.
        bar = FindBar()
        await self.mount(bar, after=self.query_one(Preview))
        bar.open()

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
        """Follow focus with the preview, and prefetch the focused list's stories first."""
        focused = self._focused_list()
        if focused is not None and focused.current is not None:
            self.query_one(Preview).show(focused.current, self.ktui.clock())
            self.ktui.service.prefetch(focused.headlines, urgent=True)

