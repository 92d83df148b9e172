"""Provides `HelpScreen`: every key of ktui on one page."""

from __future__ import annotations

from typing import Final

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: Final = (
    ("Moving", (
        ("j / k, ↓ / ↑", "next / previous story, or scroll the article"),
        ("g / G", "first / last"),
        ("space / b", "page down / up"),
        ("tab / shift+tab", "next / previous list"),
        ("m", "more: a section's next page (the end of its list loads it too)"),
    )),
    ("Reading", (
        ("enter / l / click", "open the story"),
        ("esc / h / backspace", "back to the list (cursor on the story you left)"),
        ("J / K  (n / p)", "next / previous story of the list, without going back"),
        ("[ / ]", "history back / forward through the articles read"),
        ("enter on a related link", "open it here (other sites open in reader mode)"),
    )),
    ("Finding", (
        ("/", "find in the list or the article"),
        ("n / N", "next / previous match (↓ / ↑ while typing)"),
        ("S", "search the site and everything cached"),
    )),
    ("Keeping", (
        ("s", "save to / remove from the reading list (d removes, in the list)"),
        ("L", "the reading list (readable offline)"),
        ("u", "mark the article unread"),
        ("e", "export the article to Markdown"),
        ("E", "export the Top 10 with full texts (home)"),
    )),
    ("Links and more", (
        ("o", "open in a browser (over SSH: show the link)"),
        ("y", "copy the link (OSC 52, through tmux too)"),
        ("r", "refresh from the network"),
        ("c", "show / hide the sections"),
        ("ctrl+p", "command palette: sections and commands"),
        ("?", "this help"),
        ("q", "quit"),
    )),
)
"""The keys, by topic."""


class HelpScreen(ModalScreen[None]):
    """A modal list of every key."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 84; max-width: 100%; height: auto; max-height: 90%;
                                  border: round $primary; background: $surface; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]
    """Any of the first keys closes the help; j and k scroll it (at 80×24 it is taller than the screen)."""

    def compose(self) -> ComposeResult:
        """Build the widgets."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for topic, keys in KEYS:
            table.add_row(Text(topic, style="bold underline"), "")
            for key, what in keys:
                table.add_row(key, what)
            table.add_row("", "")
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "esc closes"
            yield Static(table)

    def action_scroll(self, lines: int) -> None:
        """Scroll the keys by a number of lines."""
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        """Close the help."""
        self.dismiss()
