"""Provides `KtuiApp`: the reader's Textual application.

The app owns what the screens share: the `NewsService` (all I/O goes through it, in workers), the
user's data (reading list, read state, places), the history of articles read, and the actions
that reach outside (open a link, copy it, export). Screens and widgets hold no HTTP or parsing.

Notifications that carry links, paths, notices or page text pass `markup=False`: a "[" in any of
them would otherwise be read as Textual markup (and a stray closing tag breaks the toast).
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType

from ktui import gcpause
from ktui.commands import KtuiCommands
from ktui.core.config import Settings
from ktui.core.errors import KtuiError
from ktui.core.models import Article, Headline, Section
from ktui.core.service import NewsService
from ktui.core.text import clean_line
from ktui.core.times import now_kst
from ktui.core.urls import is_web_url
from ktui.core.userdata import UserData, content_hash
from ktui.css_cache import CssCache
from ktui.history import History
from ktui.messages import OpenArticle, OpenSection
from ktui.screens.home import HomeScreen
from ktui.terminal import browser_available, osc52
from ktui.widgets.headline_list import HeadlineList

if TYPE_CHECKING:
    from textual.screen import Screen

    from ktui.core.localsearch import LocalIndex
    from ktui.screens.article import ArticleScreen

# The other screens (the reader, help, search, reading list, section) are imported when first
# opened: the start-up imports only what the home screen needs.


class KtuiApp(App[None]):
    """ktui, the Korea Times reader."""

    CSS_PATH = "ktui.tcss"
    TITLE = "ktui"
    COMMANDS = App.COMMANDS | {KtuiCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="ktui.quit"),
        Binding("question_mark", "help", "Help", id="ktui.help"),
        Binding("S", "search", "Search", show=False, id="ktui.search"),
        Binding("L", "reading_list", "Reading list", show=False, id="ktui.reading_list"),
    ]
    """Keys that work on every screen."""

    def __init__(self, settings: Settings, *, service: NewsService | None = None,
                 clock: Callable[[], datetime] = now_kst, loader_clock: Callable[[], float] = time.time,
                 start_url: str | None = None, mode: str = "") -> None:
        super().__init__()
        self.settings = settings
        """The settings in effect."""
        self.css_cache = CssCache(settings.cache_dir)
        """The CSS parsed by earlier launches (saves parsing it again before the first paint)."""
        self.css_cache.load(self.stylesheet)
        # The service measures cache ages with the same clock as the badges, or "cached N min ago"
        # would mix two clocks (a test's fixed clock and the real one).
        self.service = service or NewsService(settings, clock=loader_clock, warn=self._warn_later)
        """All reading of the site goes through here."""
        self.clock = clock
        """The wall clock for ages and the header (injectable so snapshots do not change)."""
        self.loader_clock = loader_clock
        """The clock the cache's ages are measured with."""
        self.mode = mode or ("OFFLINE" if settings.offline else "")
        """A word for the header: DEMO, OFFLINE or nothing."""
        self.userdata = UserData(settings.data_dir, warn=self._warn_later)
        """The reading list, read state and places."""
        self.history = History()
        """Articles read in this session, for [ and ]."""
        self.read_state: dict[str, dict[str, Any]] = self.userdata.read_state()
        """URL to read record (when, content hash)."""
        self.saved: set[str] = {s.url for s in self.userdata.reading_list()}
        """URLs on the reading list."""
        self.places: dict[str, Any] = self.userdata.places()
        """Remembered scroll positions and list cursors."""
        self._changed_places: set[tuple[str, str]] = set()
        # The service indexes every article it fetches (its first hook); a second index here
        # would only index each of them twice, on the event loop.
        self.service.article_hooks.append(self._article_fetched)
        # Saving read state and the reading list rewrites a file under a lock and fsyncs it: one
        # thread does those writes, in order, so that no key waits for the disk.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ktui-userdata")
        self._reader: ArticleScreen | None = None
        self._start_url = start_url
        self._pending_warnings: list[str] = list(settings.problems)
        self.last_export: Path | None = None
        """Where the last export was written."""
        if settings.keys:
            self.set_keymap({f"ktui.{name}": keys for name, keys in settings.keys.items()})

    def _warn_later(self, message: str) -> None:
        self._pending_warnings.append(message)
        if self.is_running:
            self.call_later(self._flush_warnings)

    def _flush_warnings(self) -> None:
        for message in self._pending_warnings:
            self.notify(message, title="Warning", severity="warning", timeout=10, markup=False)
        self._pending_warnings.clear()

    async def _on_resize(self, event: events.Resize) -> None:
        """Drop a resize to the size the app already has (Textual's own handler runs otherwise)."""
        # Textual keeps such an event and hands it to the screen when the app is next idle, and
        # the screen then lays out and draws everything again for nothing. The terminal driver
        # reports the size at start, after the app was given it: at launch, just after the home
        # screen's first paint, that second layout and drawing cost some 30 ms.
        if self._size is not None and event.size == self._size:
            event.prevent_default()
            event.stop()

    @property
    def _background_screens(self) -> list[Screen[Any]]:
        """No screen shows through an opaque one (Textual's own list always holds the one below)."""
        # Textual composes the screen under the top one whenever the top one is drawn, and every
        # change on it (pushing a screen refreshes the one it covers) is drawn again on the top
        # screen, twice: opening an article drew the reader a second and third time for nothing.
        if self._screen_stack and self._screen_stack[-1].styles.background.a == 1:
            return []
        return super()._background_screens

    def on_load(self) -> None:
        """Hold the garbage collector back until the first screen is painted (see `started`)."""
        gcpause.hold()

    def on_mount(self) -> None:
        """Start once mounted."""
        try:
            self.theme = self.settings.theme
        except Exception:  # an unknown theme name must not stop the reader
            self.notify(f"Unknown theme {self.settings.theme!r}; using the default.", severity="warning", markup=False)
        # Pushed from the app's queue, after Textual's start-up batch: a screen pushed inside it is
        # laid out and drawn at once, but the batch throws that frame away (some 80 ms at start)
        # and the screen is drawn again when the batch ends.
        self.call_later(self._show_home)

    def _show_home(self) -> None:
        self.push_screen(HomeScreen())
        if self._start_url:
            self.open_article(self._start_url)
        self._flush_warnings()

    def started(self) -> None:
        """The first screen is painted: let the garbage collector work again, on new objects only.

        Everything made so far (modules, classes, the screen's widgets) lives as long as the app;
        frozen, it is not looked at again by every full collection, which would otherwise hold up
        a key now and then for as long as it takes to walk it all.
        """
        gcpause.release()

    async def on_unmount(self) -> None:
        """Clean up when the app ends (after the user data writes still queued)."""
        self.started()
        # What was frozen may be collected again (tests run many apps in one process).
        gc.unfreeze()
        self.save_places()
        self.css_cache.save(self.stylesheet)
        await asyncio.to_thread(self._writer.shutdown)
        await self.service.aclose()

    @property
    def local_index(self) -> LocalIndex:
        """Full-text index of cached articles (the service's)."""
        return self.service.local_index

    def write_later(self, what: str, write: Callable[..., object], *args: Any) -> Future[object] | None:
        """Do a user data write on the writer thread; a failure is shown as a warning naming `what`."""

        def done(future: Future[object]) -> None:
            error = future.exception()
            if isinstance(error, OSError) and self.is_running:
                try:
                    self.call_from_thread(self.notify, f"Could not save {what}: {error}", severity="warning",
                                          markup=False)
                except RuntimeError:  # the app ended meanwhile: nobody to tell
                    pass

        try:
            future = self._writer.submit(write, *args)
        except RuntimeError:  # shut down: the app is ending
            return None
        future.add_done_callback(done)
        return future

    # --- navigation ----------------------------------------------------------------------------------

    def open_article(self, url: str, siblings: Sequence[Headline] = (), index: int = 0, list_key: str = "") -> None:
        """Open an article in the reader; when dismissed, put the list's cursor on the last one shown."""
        if not is_web_url(url):
            self.notify(f"Not a web link: {clean_line(url)}", severity="error", markup=False)
            return
        from ktui.screens.article import ArticleScreen

        origin = self.screen

        def returned(last: str | None) -> None:
            if last:
                for headline_list in origin.query(HeadlineList):
                    if headline_list.key == list_key and headline_list.select_url(last):
                        headline_list.focus()

        reader = self._reader
        if reader is None or reader in self.screen_stack:
            # The first article, or one opened from a screen above the reader (search, reading
            # list): a reader of its own.
            screen = ArticleScreen(url, tuple(siblings), index)
            if reader is None:
                # Kept (installed) after it is dismissed, to show the next article opened.
                self._reader = screen
                self.install_screen(screen, "ktui-reader")
            self.push_screen(screen, returned)
            return
        reader.open(url, tuple(siblings), index)
        self.push_screen(reader, returned)

    def open_section(self, section: Section) -> None:
        """Open a section's list."""
        from ktui.screens.section import SectionScreen

        self.push_screen(SectionScreen(section))

    def on_open_article(self, message: OpenArticle) -> None:
        """Open the article a screen asked for."""
        self.open_article(message.url, message.siblings, message.index, message.list_key)

    def on_open_section(self, message: OpenSection) -> None:
        """Open the section a screen asked for."""
        self.open_section(message.section)

    def action_help(self) -> None:
        """Show every key."""
        from ktui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_search(self) -> None:
        """Search the site and the cache."""
        from ktui.screens.search import SearchScreen

        self.push_screen(SearchScreen())

    def action_reading_list(self) -> None:
        """Show the reading list."""
        from ktui.screens.reading_list import ReadingListScreen

        self.push_screen(ReadingListScreen())

    def action_home(self) -> None:
        """Go back to the home screen."""
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def set_theme(self, name: str) -> None:
        """Switch the colour theme."""
        self.theme = name

    # --- read state, reading list, places ------------------------------------------------------------

    def decorate(self, headline_list: HeadlineList, *, redraw: bool = True) -> None:
        """Give a list the current read, updated and saved marks (it redraws only if they changed).

        With `redraw=False` the list only keeps them for the `show` that comes next (which draws
        its rows once, with the marks, instead of twice).
        """
        updated = {url for url, record in self.read_state.items() if record.get("updated")}
        headline_list.set_marks(read=set(self.read_state), updated=updated, saved=set(self.saved), redraw=redraw)

    def mark_read(self, article: Article) -> None:
        """Record an article as read (with its content hash, to notice later updates)."""
        self.read_state[article.url] = {"at": time.time(), "hash": content_hash(article)}
        self.write_later("read state", self.userdata.mark_read, article)

    def is_updated_since_read(self, article: Article) -> bool:
        """Whether an article changed after it was last read."""
        updated = UserData.updated_since_read(article, self.read_state)
        if updated:
            self.read_state.setdefault(article.url, {})["updated"] = True
        return updated

    def _article_fetched(self, article: Article) -> None:
        """Mark a read story whose text changed, wherever it was fetched (prefetch, refresh, opening)."""
        # Without this the lists could only show the ↻ after the story had been opened again.
        if article.url in self.read_state and self.is_updated_since_read(article) and self.is_running:
            self.call_later(self.redecorate_lists)

    def redecorate_lists(self) -> None:
        """Redraw the read, updated and saved marks of every list on every screen."""
        for screen in self.screen_stack:
            for headline_list in screen.query(HeadlineList):
                self.decorate(headline_list)

    def mark_unread(self, url: str) -> None:
        """Forget that an article was read."""
        self.read_state.pop(url, None)
        self.write_later("read state", self.userdata.mark_unread, url)

    def is_saved(self, url: str) -> bool:
        """Whether an article is on the reading list."""
        return url in self.saved

    def toggle_saved(self, url: str, title: str, section: str | None) -> None:
        """Save an article (pinning its cached copy so it stays readable offline), or remove it."""
        try:
            now_saved = self.userdata.toggle_saved(url, title, section)
        except OSError as error:
            self.notify(f"Could not change the reading list: {error}", severity="error", markup=False)
            return
        if now_saved:
            self.saved.add(url)
            pinned = self.service.cache.pin(url)
            if not pinned:
                self.pin_later(url)
            self.notify("Saved to the reading list.", timeout=2)
        else:
            self.saved.discard(url)
            self.service.cache.unpin(url)
            self.notify("Removed from the reading list.", timeout=2)

    def pin_later(self, url: str) -> None:
        """Fetch a saved article that is not cached yet, then pin it."""

        async def fetch_and_pin() -> None:
            try:
                await self.service.article(url, swr=False)
            except KtuiError:
                return
            self.service.cache.pin(url)

        self.run_worker(fetch_and_pin(), group="pin")

    def remember_scroll(self, url: str, offset: float) -> None:
        """Remember how far an article was read."""
        self.places.setdefault("scroll", {})[url] = offset
        self._changed_places.add(("scroll", url))

    def remember_cursor(self, list_key: str, url: str) -> None:
        """Remember which story a list's cursor is on."""
        self.places.setdefault("cursor", {})[list_key] = url
        self._changed_places.add(("cursor", list_key))

    def save_places(self) -> None:
        """Write the places changed in this session (on exit)."""
        # Only the changed ones: each write is a locked, fsynced rewrite of the file, and writing
        # back what was loaded at start would also undo what another ktui session saved meanwhile.
        try:
            for kind, key in sorted(self._changed_places):
                value = self.places.get(kind, {}).get(key)
                if kind == "scroll":
                    self.userdata.remember_scroll(key, float(value or 0))
                else:
                    self.userdata.remember_cursor(key, value)
        except (OSError, TypeError, ValueError):
            pass
        self._changed_places.clear()

    def local_index_sync(self) -> None:
        """Index any cached article the local search has not seen."""
        self.local_index.sync(self.service.cache)

    # --- outside the app -----------------------------------------------------------------------------

    def open_link(self, url: str) -> None:
        """Open a link in a browser where one can open here; otherwise show it (and copy it)."""
        if not is_web_url(url):
            self.notify(f"Not opening a non-web link: {clean_line(url)}", severity="error", markup=False)
            return
        if browser_available():
            self.open_url(url)
            self.notify(f"Opened in the browser: {url}", timeout=3, markup=False)
            return
        self.copy_link(url, quiet=True)
        # What happened goes in the title: a long link wraps, and the toast's last lines are the
        # first to be cut off when several toasts are stacked.
        self.notify(url, title="No browser here: the link (copied)", timeout=10, markup=False)

    def copy_link(self, url: str, *, quiet: bool = False) -> None:
        """Copy text to the clipboard with OSC 52 (wrapped to get through tmux and screen)."""
        sequence = osc52(url)
        self._clipboard = url
        driver = self._driver
        if sequence is not None and driver is not None:
            driver.write(sequence)
            driver.flush()
        if not quiet:
            self.notify(f"Copied: {url}", timeout=3, markup=False)

    def _export_dir(self) -> Path:
        path = self.settings.data_dir / "exports"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def export_article(self, article: Article) -> None:
        """Write an article as Markdown into the exports folder."""
        slug = "".join(ch if ch.isalnum() else "-" for ch in article.title.lower())[:60].strip("-") or "article"
        from ktui.core.render import article_markdown

        path = self._export_dir() / f"{slug}.md"
        path.write_text(article_markdown(article), encoding="utf-8")
        self.last_export = path
        self.notify(f"Saved {path}", title="Exported", timeout=6, markup=False)

    def export_digest(self, headlines: Sequence[Headline]) -> None:
        """Fetch the listed articles and write them as one Markdown digest."""
        from ktui.core.render import digest_markdown

        async def build() -> None:
            articles: list[Article] = []
            for item in headlines:
                try:
                    articles.append((await self.service.article(item.url, swr=False)).value)
                except KtuiError:
                    continue
            stamp = self.clock().strftime("%Y-%m-%d-%H%M")
            path = self._export_dir() / f"top10-{stamp}.md"
            text = digest_markdown("The Korea Times: Top 10 Stories", articles, now=self.clock())
            await asyncio.to_thread(path.write_text, text, encoding="utf-8")
            self.last_export = path
            self.notify(f"Saved {len(articles)} articles to {path}", title="Exported", timeout=6, markup=False)

        self.notify("Exporting the Top 10…", timeout=2)
        self.run_worker(build(), group="export", exclusive=True)
