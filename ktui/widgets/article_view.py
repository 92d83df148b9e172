"""Provides `ArticleView`: the scrollable reading pane of one article.

Section, headline, standfirst, byline and e-mail, Posted and Updated in KST with their age, then
the body at a comfortable reading width with each picture's caption where the picture stood, and
the related articles as a list to choose from. All of it is literal text: nothing from the page is
read as markup. Find highlights every match and scrolls to the current one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, OptionList, Rule, Static
from textual.widgets.option_list import Option

from ktui.core.models import Article, Link
from ktui.core.render import when
from ktui.core.text import clean_line, fold_key
from ktui.core.times import now_kst


class Paragraph(Static):
    """One paragraph (or caption) of the body, which find can highlight."""

    def __init__(self, text: str, *, classes: str = "para") -> None:
        super().__init__(Text(text), classes=classes, markup=False)
        self.plain = text
        """The paragraph's text."""

    def highlight(self, query: str, current: int | None) -> int:
        """Highlight matches of query (the current one more strongly); return how many there are."""
        text = Text(self.plain)
        count = 0
        if query:
            lowered, needle = self.plain.casefold(), query.casefold()
            start = lowered.find(needle)
            while start >= 0:
                style = "black on yellow" if count == current else "reverse"
                text.stylize(style, start, start + len(needle))
                count += 1
                start = lowered.find(needle, start + len(needle))
        self.update(text)
        return count


class ArticleView(VerticalScroll):
    """The reading pane."""

    DEFAULT_CSS = """
    ArticleView { align-horizontal: center; padding: 0 1; }
    ArticleView > #column { width: 100%; max-width: 80; height: auto; }
    ArticleView .kicker { color: $accent; text-style: bold; }
    ArticleView .title { text-style: bold; margin: 1 0 0 0; }
    ArticleView .subtitle { text-style: italic; color: $text-muted; margin: 1 0 0 0; }
    ArticleView .meta { color: $text-muted; }
    ArticleView .notice { color: $warning; margin: 1 0 0 0; }
    ArticleView .para { margin: 1 0 0 0; }
    ArticleView .caption { margin: 1 2 0 2; color: $text-muted; text-style: italic; }
    ArticleView .related-title { margin: 1 0 0 0; text-style: bold; }
    ArticleView OptionList { height: auto; max-height: 12; margin: 0 0 1 0; }
    ArticleView .source { color: $text-muted; margin: 1 0 1 0; }
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
        self._matches: list[tuple[Paragraph, int]] = []
        self._current = 0
        self._query = ""

    def compose(self) -> ComposeResult:
        """Build the widgets."""
        yield Vertical(id="column")

    def on_mount(self) -> None:
        """Start once mounted."""
        self.query_one("#column").styles.max_width = self._width

    def show_message(self, title: str, message: str) -> None:
        """Show a message instead of an article (loading, or an error with what to do)."""
        column = self.query_one("#column")
        column.remove_children()
        column.mount_all([Label(Text(clean_line(title)), classes="title"),
                          Static(Text(clean_line(message)), classes="para", markup=False)])

    def show(self, article: Article, *, badges: list[str] | None = None, notice: str | None = None) -> None:
        """Show an article from the top."""
        self.article = article
        self._matches, self._query = [], ""
        now = self._clock()
        widgets: list[Static | Label | Rule | OptionList] = []
        kicker = " · ".join([clean_line(article.section or "").upper(), *(badges or [])]).strip(" ·")
        if kicker:
            widgets.append(Label(Text(kicker), classes="kicker"))
        widgets.append(Static(Text(clean_line(article.title)), classes="title", markup=False))
        if article.subtitle:
            widgets.append(Static(Text(clean_line(article.subtitle)), classes="subtitle", markup=False))
        byline = " · ".join(clean_line(p) for p in (f"By {article.byline}" if article.byline else "",
                                                   article.email or "") if p)
        times = " · ".join(p for p in (f"Posted {when(article.published, now)}" if article.published else "",
                                       f"Updated {when(article.updated, now)}" if article.updated else "") if p)
        for line in (byline, times):
            if line:
                widgets.append(Static(Text(line), classes="meta", markup=False))
        if notice:
            widgets.append(Static(Text(clean_line(notice)), classes="notice", markup=False))
        widgets.append(Rule())
        images = sorted(article.images, key=lambda i: i.position)
        for index, paragraph in enumerate(article.paragraphs):
            widgets.extend(self._captions(images, index))
            widgets.append(Paragraph(clean_line(paragraph)))
        widgets.extend(self._captions([i for i in images if i.position >= len(article.paragraphs)], None))
        if article.related:
            widgets.append(Label("Related", classes="related-title"))
            related = OptionList(*(Option(Text(clean_line(link.title))) for link in article.related), markup=False)
            widgets.append(related)
        widgets.append(Static(Text(f"{article.url}\nExtracted by: {article.extracted_by}"), classes="source",
                              markup=False))
        column = self.query_one("#column")
        column.remove_children()
        column.mount_all(widgets)
        self.scroll_home(animate=False)

    @staticmethod
    def _captions(images: list, index: int | None) -> list[Paragraph]:  # type: ignore[type-arg]
        return [Paragraph(f"▣ {clean_line(image.caption) if image.caption else 'Picture'}", classes="caption")
                for image in images if index is None or image.position == index]

    @on(OptionList.OptionSelected)
    def _related(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.article and 0 <= event.option_index < len(self.article.related):
            self.post_message(self.RelatedChosen(self.article.related[event.option_index]))

    # --- find ----------------------------------------------------------------------------------------

    def find(self, query: str) -> int:
        """Highlight every match of query and scroll to the first one below the top of the view."""
        self._query = query
        self._matches = []
        key = fold_key(query)
        for paragraph in self.query(Paragraph):
            count = paragraph.highlight(query, None) if key else paragraph.highlight("", None)
            self._matches.extend((paragraph, n) for n in range(count))
        self._current = 0
        if self._matches:
            self._go(0)
        return len(self._matches)

    def next_match(self, step: int = 1) -> bool:
        """Go to the next (or previous) match; False when there are none."""
        if not self._matches:
            return False
        self._go((self._current + step) % len(self._matches))
        return True

    def _go(self, index: int) -> None:
        previous = self._matches[self._current][0] if self._matches else None
        self._current = index
        paragraph, nth = self._matches[index]
        if previous is not None and previous is not paragraph:
            previous.highlight(self._query, None)
        paragraph.highlight(self._query, nth)
        self.scroll_to_widget(paragraph, animate=False, top=False)

    @property
    def match_position(self) -> tuple[int, int]:
        """(current match number from 1, number of matches)."""
        return (self._current + 1 if self._matches else 0, len(self._matches))
