"""Provides `ArticleScreen`: one article in the reading pane, with next/previous and history.

A fresh cached copy is shown at once, without waiting for a worker; anything else loads in a
worker, and a stale copy is shown while it is refreshed in the background (and swapped for the
fresh one if its text changed). J/K (or n/p) move to the next or previous story of the list the
article was opened from without going back; [ and ] walk the history of articles read. A blocked
article shows the feed's title and summary with the link to open or copy.

The app keeps one `ArticleScreen` and gives it each article to show (`open`), so that opening
an article does not build and style a screen of widgets every time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from ktui.core.errors import BlockedPage, KtuiError
from ktui.core.loader import Result
from ktui.core.models import Article, Headline
from ktui.core.urls import UrlKind
from ktui.screens.badges import badge_for
from ktui.screens.restyle import StyleMemory
from ktui.widgets.app_header import AppHeader
from ktui.widgets.article_view import ArticleView
from ktui.widgets.backdrop import Backdrop
from ktui.widgets.find_bar import FindBar
from ktui.widgets.key_hints import KeyHints

if TYPE_CHECKING:
    from ktui.app import KtuiApp


class ArticleScreen(Backdrop, Screen[str]):
    """The reader; dismissed with the URL last shown, so the list can put its cursor there."""

    BINDINGS = [
        Binding("escape,h,backspace", "back", "Back", id="ktui.back"),
        Binding("J", "step(1)", "Next", id="ktui.next"),
        Binding("K", "step(-1)", "Prev", id="ktui.previous"),
        Binding("n", "next_or_match(1)", "Next", show=False),
        Binding("N", "find_step(-1)", "Previous match", show=False),
        Binding("p", "step(-1)", "Previous", show=False),
        Binding("left_square_bracket", "history(-1)", "History back", show=False, id="ktui.history_back"),
        Binding("right_square_bracket", "history(1)", "History forward", show=False, id="ktui.history_forward"),
        Binding("r", "refresh", "Refresh", show=False, id="ktui.refresh"),
        Binding("slash", "find", "Find", id="ktui.find"),
        Binding("o", "open_browser", "Browser", id="ktui.open"),
        Binding("y", "copy_link", "Copy link", show=False, id="ktui.copy"),
        Binding("s", "save", "Save", show=False, id="ktui.save"),
        Binding("e", "export", "Export", show=False, id="ktui.export"),
        Binding("u", "toggle_read", "Unread", show=False, id="ktui.unread"),
    ]
    """Keys of the reader (the app adds help, search, reading list and quit)."""

    def __init__(self, url: str = "", siblings: tuple[Headline, ...] = (), index: int = 0) -> None:
        super().__init__()
        self.url = url
        """The article shown (or loading)."""
        self.story_list = siblings
        """The list the article was opened from."""
        self.index = index
        """Its position in that list."""
        self.article: Article | None = None
        """The article shown, once loaded."""
        self._styles = StyleMemory()

    @property
    def ktui(self) -> KtuiApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """Build the widgets."""
        yield AppHeader("", clock=self.ktui.clock, mode=self.ktui.mode)
        yield ArticleView(clock=self.ktui.clock, width=self.ktui.settings.reading_width)
        yield FindBar()
        yield KeyHints()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Skip Textual's restyling of the whole screen on each article when nothing it depends on changed."""
        self._styles.resumed(self.app, event)

    def on_mount(self) -> None:
        """Start once mounted."""
        self._styles.styled(self.app)
        self.query_one(ArticleView).focus()
        if self.url:
            self.open(self.url, self.story_list, self.index)

    def open(self, url: str, siblings: tuple[Headline, ...] = (), index: int = 0) -> None:
        """Show an article of a list (from its cache at once when it is fresh there)."""
        self.story_list, self.index = siblings, index
        self.article = None
        find = self.query_one(FindBar)
        if find.has_class("-open"):
            find.action_close()
        self.query_one(ArticleView).focus()
        self.ktui.history.visit(url)
        self.load_or_show(url, clear=True)

    def load_or_show(self, url: str, *, clear: bool = False) -> None:
        """Show an article from the cache now if a fresh copy is there, else load it in a worker.

        With `clear`, what the pane showed before goes while the article loads (it belongs to
        another visit); without, it stays until the next article is there, as when paging with J.
        """
        cached = self.ktui.service.fresh_article(url)
        if cached is None:
            if clear:
                self.query_one(ArticleView).show_message("Loading…", "")
            self.load(url)
            return
        self.remember_place()
        # A worker still loading the article shown before must not replace this one.
        self.workers.cancel_group(self, "article")
        self.url = url
        self._show(cached, first=True)

    # --- loading -------------------------------------------------------------------------------------

    def _in_list(self) -> bool:
        """Whether the article shown is the list's story at `index` (not a related link or history)."""
        return 0 <= self.index < len(self.story_list) and self.story_list[self.index].url == self.url

    def _title(self) -> str:
        # "3/10" only for the list's own stories: a related link opened in place is not the third.
        position = f"{self.index + 1}/{len(self.story_list)}" if self._in_list() else ""
        return " ".join(p for p in (position, self.article.title if self.article else "Loading…") if p)

    @work(exclusive=True, group="article")
    async def load(self, url: str, refresh: bool = False) -> None:
        """Load and show an article; then swap in its background refresh if the text changed."""
        view = self.query_one(ArticleView)
        header = self.query_one(AppHeader)
        self.remember_place()
        self.url, self.article = url, None
        header.set_title(self._title())
        try:
            result: Result[Article] = await self.ktui.service.article(url, refresh=refresh)
        except BlockedPage as error:
            self._blocked(url, error)
            return
        except KtuiError as error:
            view.show_message("Could not open this article",
                              f"{error.message}. Press r to retry, o to open it in a browser, y to copy its link.")
            header.set_title("Could not open the article")
            return
        self._show(result, first=True)
        if result.refresh is not None:
            try:
                fresh = await result.refresh
            except KtuiError:
                return
            if self.url == url and fresh.value != result.value:
                self._show(fresh, first=False)
                self.notify("The article was updated.", timeout=4)

    def _show(self, result: Result[Article], *, first: bool) -> None:
        article = result.value
        view = self.query_one(ArticleView)
        offset = view.scroll_y if not first else None
        badges = []
        if self.ktui.service.site.classify(article.url) is UrlKind.EXTERNAL:
            badges.append("EXTERNAL")
        if self.ktui.is_updated_since_read(article):
            badges.append("UPDATED SINCE YOU READ IT")
        if self.ktui.is_saved(article.url):
            badges.append("★ SAVED")
        badges.append(badge_for(result, self.ktui.loader_clock()))
        view.show(article, badges=badges, notice=result.notice)
        self.article = article
        self.query_one(AppHeader).set_title(self._title())
        self.ktui.mark_read(article)
        if self._in_list():
            # The story J shows next goes to the head of the prefetch queue.
            self.ktui.service.prefetch(self.story_list[self.index + 1:self.index + 2], urgent=True)
        target = offset if offset is not None else self.ktui.places.get("scroll", {}).get(article.url, 0)
        if target:
            self.call_after_refresh(view.scroll_to, y=target, animate=False)

    def _blocked(self, url: str, error: BlockedPage) -> None:
        fallback = error.fallback if isinstance(error.fallback, Headline) else None
        lines = [error.message + "."]
        if fallback and fallback.summary:
            lines.append(f"The feed says: {fallback.summary}")
        lines.append(f"Press o to open it in a browser or y to copy the link: {url}")
        self.query_one(ArticleView).show_message(fallback.title if fallback else "Blocked by the site",
                                                 "\n\n".join(lines))
        self.query_one(AppHeader).set_title("Blocked by the site")

    def remember_place(self) -> None:
        """Remember how far the current article was read."""
        if self.article is not None:
            self.ktui.remember_scroll(self.article.url, self.query_one(ArticleView).scroll_y)

    # --- actions -------------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Return to the list, with its cursor on the article last shown."""
        find = self.query_one(FindBar)
        if find.has_class("-open"):
            find.action_close()
            return
        self.remember_place()
        # After a related link the list's cursor goes to the last of its own stories shown.
        in_range = 0 <= self.index < len(self.story_list)
        self.dismiss(self.story_list[self.index].url if in_range else self.url)

    def action_step(self, step: int) -> None:
        """Show the next or previous story of the list, without going back."""
        target = self.index + step
        if not self.story_list or not 0 <= target < len(self.story_list):
            self.notify("No more stories in this list." if step > 0 else "This is the first story.", timeout=2)
            return
        self.index = target
        self.ktui.history.visit(self.story_list[target].url)
        self.load_or_show(self.story_list[target].url)

    def action_next_or_match(self, step: int) -> None:
        """n: the next find match while finding, else the next story."""
        if self.query_one(ArticleView).match_position[1]:
            self.action_find_step(step)
        else:
            self.action_step(step)

    def action_history(self, step: int) -> None:
        """Walk back or forward through the articles read."""
        url = self.ktui.history.go(step)
        if url is None:
            self.notify("No more history in that direction.", timeout=2)
            return
        self.index = next((i for i, h in enumerate(self.story_list) if h.url == url), self.index)
        self.load_or_show(url)

    def action_refresh(self) -> None:
        """Fetch the article again."""
        self.load(self.url, refresh=True)

    def action_find(self) -> None:
        """Find text in the article."""
        self.query_one(FindBar).open()

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        view = self.query_one(ArticleView)
        count = view.find(event.query)
        self.query_one(FindBar).set_count(count)
        if event.done:
            view.focus()

    @on(FindBar.Step)
    def _find_step_message(self, event: FindBar.Step) -> None:
        self.action_find_step(event.step)

    def action_find_step(self, step: int) -> None:
        """Go to the next or previous match."""
        view = self.query_one(ArticleView)
        if view.next_match(step):
            current, total = view.match_position
            self.query_one(FindBar).set_count(total)
            self.notify(f"Match {current} of {total}", timeout=1)

    def action_open_browser(self) -> None:
        """Open the original page in a browser (over SSH: show the link)."""
        self.ktui.open_link(self.url)

    def action_copy_link(self) -> None:
        """Copy the article's link."""
        self.ktui.copy_link(self.url)

    def action_save(self) -> None:
        """Add the article to the reading list, or take it off."""
        title = self.article.title if self.article else self.url
        section = self.article.section if self.article else None
        self.ktui.toggle_saved(self.url, title, section)

    def action_export(self) -> None:
        """Save the article as Markdown."""
        if self.article is not None:
            self.ktui.export_article(self.article)

    def action_toggle_read(self) -> None:
        """Mark the article unread (it is marked read when opened)."""
        self.ktui.mark_unread(self.url)
        self.notify("Marked unread.", timeout=2)

    @on(ArticleView.RelatedChosen)
    def _related(self, event: ArticleView.RelatedChosen) -> None:
        self.ktui.history.visit(event.link.url)
        self.load_or_show(event.link.url)
