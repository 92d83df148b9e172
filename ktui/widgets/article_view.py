"""Provides `ArticleView`: the scrollable reading pane of one article.

Section, headline, standfirst, byline and e-mail, Posted and Updated in KST with their age, then
the body at a comfortable reading width with each picture's caption where the picture stood, and
the related articles as a list to choose from. All of it is literal text: nothing from the page is
read as markup. Find highlights every match and scrolls to the current one.

The pane's widgets are made once and given each article's text. Everything from the section
line to the last caption is one `ArticleText`, which wraps and draws the lines itself: a widget
per paragraph meant thirty widgets to lay out, style and cut into strips on every article, most
of the time from a key to the article on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ktui.core.models import Article, Image, Link
from ktui.core.render import when
from ktui.core.text import clean_line, fold_key
from ktui.core.times import now_kst
from ktui.widgets.article_text import ArticleText, Block
from ktui.widgets.backdrop import Backdrop


class ArticleView(Backdrop, VerticalScroll):
    """The reading pane."""

    DEFAULT_CSS = """
    ArticleView { scrollbar-gutter: stable; }
    ArticleView > * { width: 100%; }
    ArticleView .related-title { margin: 1 0 0 0; text-style: bold; }
    ArticleView OptionList { height: auto; max-height: 12; margin: 0 0 1 0; }
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
    ]
    """Reading keys in the style of less."""

    class RelatedChosen(Message):
        """A related article was chosen."""

        def __init__(self, link: Link) -> None:
            super().__init__()
            self.link = link
            """The related article."""

    def __init__(self, *, clock: Callable[[], datetime] = now_kst, width: int = 78, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        """The article shown."""
        self._clock = clock
        self._width = width
        self._matches: list[tuple[int, int]] = []
        self._current = 0
        self._query = ""

    def compose(self) -> ComposeResult:
        """Build the widgets (all of them, once: articles only change their text)."""
        # Straight in the scrolling pane and as wide as it: a column container, or widgets centred
        # in the pane, cut every line of the screen into more pieces to draw. The text centres
        # its column itself; the related list is put under it by its margins (`on_resize`).
        yield ArticleText(reading_width=self._width, id="text")
        yield Label("Related", classes="related-title")
        yield OptionList(markup=False, id="related")
        yield ArticleText(reading_width=self._width, id="source")

    def on_mount(self) -> None:
        """Start once mounted."""
        self._place_related(self.scrollable_content_region.width)
        self._fill([], related=(), source=None)

    def on_resize(self) -> None:
        """Keep the related list under the text column."""
        self._place_related(self.scrollable_content_region.width)

    def _place_related(self, width: int) -> None:
        if width <= 0:
            return
        offset, column = self.text.column(width)
        right = max(0, width - offset - column)
        self.query_one(".related-title", Label).styles.margin = (1, right, 0, offset)
        self.query_one("#related", OptionList).styles.margin = (0, right, 1, offset)

    @property
    def text(self) -> ArticleText:
        """The widget that draws the article's text."""
        return self.query_one("#text", ArticleText)

    def texts(self, kind: str) -> list[str]:
        """What the pane shows of one kind of block ("title", "para", "notice"…), in order."""
        return self.text.texts(kind)

    def _fill(self, blocks: Sequence[Block], *, related: Sequence[Link], source: str | None) -> None:
        """Show a page's blocks, related articles and source, hiding what it has not got."""
        self._matches, self._query = [], ""
        self.text.set_blocks(blocks)
        heading = self.query_one(".related-title", Label)
        options = self.query_one("#related", OptionList)
        heading.display = options.display = bool(related)
        if related or options.option_count:
            options.set_options(Option(Text(clean_line(link.title))) for link in related)
        if related:
            options.highlighted = 0
        source_text = self.query_one("#source", ArticleText)
        if source_text.texts("source") != ([source] if source else []):
            source_text.set_blocks([Block(source or "", "source")])
        self.scroll_home(animate=False)

    def show_message(self, title: str, message: str) -> None:
        """Show a message instead of an article (loading, or an error with what to do)."""
        self.article = None
        self._fill([Block(clean_line(title), "title"), Block(clean_line(message), "para")], related=(), source=None)

    def show(self, article: Article, *, badges: list[str] | None = None, notice: str | None = None) -> None:
        """Show an article from the top."""
        self.article = article
        now = self._clock()
        kicker = " · ".join([clean_line(article.section or "").upper(), *(badges or [])]).strip(" ·")
        byline = " · ".join(clean_line(p) for p in (f"By {article.byline}" if article.byline else "",
                                                   article.email or "") if p)
        times = " · ".join(p for p in (f"Posted {when(article.published, now)}" if article.published else "",
                                       f"Updated {when(article.updated, now)}" if article.updated else "") if p)
        blocks = [Block(kicker, "kicker"), Block(clean_line(article.title), "title"),
                  Block(clean_line(article.subtitle or ""), "subtitle"), Block(byline, "meta"), Block(times, "meta"),
                  Block(clean_line(notice or ""), "notice"), Block("", "rule")]
        images = sorted(article.images, key=lambda i: i.position)
        for index, paragraph in enumerate(article.paragraphs):
            blocks.extend(self._captions(images, index))
            blocks.append(Block(clean_line(paragraph), "para"))
        blocks.extend(self._captions([i for i in images if i.position >= len(article.paragraphs)], None))
        self._fill(blocks, related=article.related, source=f"{article.url}\nExtracted by: {article.extracted_by}")

    @staticmethod
    def _captions(images: list[Image], index: int | None) -> list[Block]:
        return [Block(f"▣ {clean_line(image.caption) if image.caption else 'Picture'}", "caption")
                for image in images if index is None or image.position == index]

    @on(OptionList.OptionSelected)
    def _related(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.article and 0 <= event.option_index < len(self.article.related):
            self.post_message(self.RelatedChosen(self.article.related[event.option_index]))

    # --- find ----------------------------------------------------------------------------------------

    def find(self, query: str) -> int:
        """Highlight every match of query in the body and scroll to the first one."""
        self._query = query
        self._matches = []
        if fold_key(query):
            needle = query.casefold()
            for index, block in enumerate(self.text.blocks):
                if block.kind not in ("para", "caption"):
                    continue
                lowered = block.text.casefold()
                start = lowered.find(needle)
                while start >= 0:
                    self._matches.append((index, start))
                    start = lowered.find(needle, start + len(needle))
        self._current = 0
        self._go(0)
        return len(self._matches)

    def next_match(self, step: int = 1) -> bool:
        """Go to the next (or previous) match; False when there are none."""
        if not self._matches:
            return False
        self._go((self._current + step) % len(self._matches))
        return True

    def _go(self, index: int) -> None:
        """Make match `index` the current one: highlight all, that one more strongly, and scroll to it."""
        self._current = index
        size = len(self._query)
        marks: dict[int, list[tuple[int, int, bool]]] = {}
        for n, (block, start) in enumerate(self._matches):
            marks.setdefault(block, []).append((start, start + size, n == index))
        text = self.text
        text.set_marks(marks)
        if self._matches:
            block, start = self._matches[index]
            y = text.virtual_region.y + text.line_of(block, start)
            self.scroll_to_region(Region(0, y, 1, 1), animate=False, immediate=True)

    @property
    def match_position(self) -> tuple[int, int]:
        """(current match number from 1, number of matches)."""
        return (self._current + 1 if self._matches else 0, len(self._matches))
