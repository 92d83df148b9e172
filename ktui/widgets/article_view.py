"""Provides `ArticleView`: the scrollable reading pane of one article.

Section, headline, standfirst, byline and e-mail, Posted and Updated in KST with their age, then
the body at a comfortable reading width with each picture's caption where the picture stood, and
the related articles as a list to choose from. All of it is literal text: nothing from the page is
read as markup. Find highlights every match and scrolls to the current one.

The pane's widgets are made once and given each article's text. Its paragraphs and captions come
from a pool that only grows (the spare ones are hidden): mounting and styling thirty new widgets
per article, and removing the last article's, took most of the time from a key to the article on
screen, while updating the text of widgets already there takes a fraction of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, OptionList, Rule, Static
from textual.widgets.option_list import Option

from ktui.core.models import Article, Image, Link
from ktui.core.render import when
from ktui.core.text import clean_line, fold_key
from ktui.core.times import now_kst

KINDS = ("para", "caption", "spare")
"""The kinds (classes) a pooled `Paragraph` can have: body text, a picture's caption, or unused."""


MOUNT_COST = 8
"""What mounting one more paragraph costs, in restyled paragraphs (for `plan_pool`)."""


def plan_pool(kinds: Sequence[str], wanted: Sequence[str]) -> tuple[list[int | None], int]:
    """Match an article's blocks to the pooled paragraphs with the fewest restyled ones.

    A paragraph whose kind changes (paragraph, caption, spare) is styled anew, which costs about
    a millisecond; so the blocks, in order, go to the paragraphs already of their kind where the
    order allows, and the paragraphs left over become spare. Blocks beyond the pool are mounted
    after it, which costs more still.

    Args:
        kinds: The pooled paragraphs' kinds, in order.
        wanted: The kinds of the article's blocks, in order.

    Returns:
        For each pooled paragraph the index of the block it shows (None: spare), and how many of
        the blocks (the first ones) the pool shows; the rest are to be mounted.
    """
    n, m = len(kinds), len(wanted)
    never = n + m + MOUNT_COST * m + 1
    # cost[i][j]: fewest restyled paragraphs for the first i pooled paragraphs to show the first j blocks.
    cost = [[never] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0
    for i in range(1, n + 1):
        kind = kinds[i - 1]
        for j in range(min(i, m) + 1):
            spare = cost[i - 1][j] + (kind != "spare")
            shown = cost[i - 1][j - 1] + (kind != wanted[j - 1]) if j else never
            cost[i][j] = min(spare, shown)
    covered = min(range(min(n, m) + 1), key=lambda j: cost[n][j] + MOUNT_COST * (m - j))
    plan: list[int | None] = [None] * n
    j = covered
    for i in range(n, 0, -1):
        if j and cost[i][j] == cost[i - 1][j - 1] + (kinds[i - 1] != wanted[j - 1]):
            plan[i - 1] = j - 1
            j -= 1
    return plan, covered


class Paragraph(Static):
    """One paragraph (or caption) of the body, which find can highlight."""

    def __init__(self, text: str, *, classes: str = "para") -> None:
        super().__init__(Text(text), classes=classes, markup=False)
        self.plain = text
        """The paragraph's text."""
        self.kind = classes
        """What it is: "para", "caption" or "spare" (its class)."""

    def set_text(self, text: str, kind: str, *, force: bool = False) -> None:
        """Show other text, as a paragraph, a caption or (with "spare") not at all.

        With `force` the text is drawn again even if it is the same (to drop a find's highlights).
        """
        if kind != self.kind:
            # A class change restyles the widget: one restyle, not one for the removal and one
            # for the addition.
            self.remove_class(self.kind, update=False)
            self.add_class(kind)
            self.kind = kind
        if force or text != self.plain:
            self.plain = text
            self.update(Text(text))

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
    ArticleView .spare { display: none; }
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
        self._lines: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        """Build the widgets (all of them, once: articles only change their text)."""
        with Vertical(id="column"):
            yield Label("", classes="kicker")
            yield Static("", classes="title", markup=False)
            yield Static("", classes="subtitle", markup=False)
            yield Static("", classes="meta", id="byline", markup=False)
            yield Static("", classes="meta", id="times", markup=False)
            yield Static("", classes="notice", markup=False)
            yield Rule()
            yield Label("Related", classes="related-title")
            yield OptionList(markup=False, id="related")
            yield Static("", classes="source", markup=False)

    def on_mount(self) -> None:
        """Start once mounted."""
        self.query_one("#column").styles.max_width = self._width
        self._fill(kicker="", title="", subtitle="", byline="", times="", notice="", rule=False, body=[],
                   related=(), source=None)

    def _line(self, selector: str, text: str) -> None:
        """Set one of the single-line widgets (hidden when empty)."""
        widget = self.query_one(selector, Static)
        if self._lines.get(selector) != text:
            self._lines[selector] = text
            widget.update(Text(text))
        widget.display = bool(text)

    def _fill(self, *, kicker: str, title: str, subtitle: str, byline: str, times: str, notice: str, rule: bool,
              body: Sequence[tuple[str, str]], related: Sequence[Link], source: str | None) -> None:
        """Put a page's parts in the widgets, hiding those it has not got."""
        highlighted = bool(self._query)
        self._matches, self._query = [], ""
        for selector, text in ((".kicker", kicker), (".title", title), (".subtitle", subtitle),
                               ("#byline", byline), ("#times", times), (".notice", notice)):
            self._line(selector, text)
        self.query_one(Rule).display = rule
        self._set_body(body, force=highlighted)
        heading = self.query_one(".related-title", Label)
        options = self.query_one("#related", OptionList)
        heading.display = options.display = bool(related)
        options.set_options(Option(Text(clean_line(link.title))) for link in related)
        if related:
            options.highlighted = 0
        self._line(".source", source or "")
        self.scroll_home(animate=False)

    def _set_body(self, body: Sequence[tuple[str, str]], *, force: bool = False) -> None:
        """Show (text, kind) blocks in the pooled paragraphs, mounting more only when there are too few."""
        column = self.query_one("#column", Vertical)
        pool = list(column.query_children(Paragraph))
        plan, covered = plan_pool([p.kind for p in pool], [kind for _text, kind in body])
        for paragraph, index in zip(pool, plan, strict=True):
            if index is None:
                paragraph.set_text("", "spare")
            else:
                text, kind = body[index]
                paragraph.set_text(text, kind, force=force)
        if covered < len(body):
            # Straight into the column, after the others: a container of their own would be one
            # more layer for the compositor to draw and cut on every line of the screen.
            column.mount_all([Paragraph(text, classes=kind) for text, kind in body[covered:]],
                             before=self.query_one(".related-title"))

    def show_message(self, title: str, message: str) -> None:
        """Show a message instead of an article (loading, or an error with what to do)."""
        self.article = None
        self._fill(kicker="", title=clean_line(title), subtitle="", byline="", times="", notice="", rule=False,
                   body=[(clean_line(message), "para")] if message else [], related=(), source=None)

    def show(self, article: Article, *, badges: list[str] | None = None, notice: str | None = None) -> None:
        """Show an article from the top."""
        self.article = article
        now = self._clock()
        kicker = " · ".join([clean_line(article.section or "").upper(), *(badges or [])]).strip(" ·")
        byline = " · ".join(clean_line(p) for p in (f"By {article.byline}" if article.byline else "",
                                                   article.email or "") if p)
        times = " · ".join(p for p in (f"Posted {when(article.published, now)}" if article.published else "",
                                       f"Updated {when(article.updated, now)}" if article.updated else "") if p)
        images = sorted(article.images, key=lambda i: i.position)
        body: list[tuple[str, str]] = []
        for index, paragraph in enumerate(article.paragraphs):
            body.extend(self._captions(images, index))
            body.append((clean_line(paragraph), "para"))
        body.extend(self._captions([i for i in images if i.position >= len(article.paragraphs)], None))
        self._fill(kicker=kicker, title=clean_line(article.title), subtitle=clean_line(article.subtitle or ""),
                   byline=byline, times=times, notice=clean_line(notice or ""), rule=True, body=body,
                   related=article.related, source=f"{article.url}\nExtracted by: {article.extracted_by}")

    @staticmethod
    def _captions(images: list[Image], index: int | None) -> list[tuple[str, str]]:
        return [(f"▣ {clean_line(image.caption) if image.caption else 'Picture'}", "caption")
                for image in images if index is None or image.position == index]

    @on(OptionList.OptionSelected)
    def _related(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.article and 0 <= event.option_index < len(self.article.related):
            self.post_message(self.RelatedChosen(self.article.related[event.option_index]))

    # --- find ----------------------------------------------------------------------------------------

    def _shown(self) -> list[Paragraph]:
        return [p for p in self.query_one("#column").query_children(Paragraph) if not p.has_class("spare")]

    def find(self, query: str) -> int:
        """Highlight every match of query and scroll to the first one below the top of the view."""
        self._query = query
        self._matches = []
        key = fold_key(query)
        for paragraph in self._shown():
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
