"""Provides `FindBar`: the "/" prompt that finds text in the list or article on screen.

Typing finds as you go; enter keeps the matches and returns to the content, where n and N (or
↓ / ↑ from the bar) move between them; escape closes the bar.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label


class FindBar(Horizontal):
    """A one-line find prompt, hidden until asked for."""

    DEFAULT_CSS = """
    FindBar { height: 1; display: none; background: $panel; }
    FindBar.-open { display: block; }
    FindBar Label { width: auto; padding: 0 1; }
    FindBar Input { width: 1fr; height: 1; border: none; padding: 0; background: $panel; }
    FindBar .find-count { color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", show=False),
        Binding("down,ctrl+n", "step(1)", "Next match", show=False),
        # Not ctrl+p: the app's command palette key has priority over any widget's binding.
        Binding("up", "step(-1)", "Previous match", show=False),
    ]
    """Keys while the prompt has focus."""

    class Changed(Message):
        """The text to find changed (empty when closed)."""

        def __init__(self, query: str, done: bool = False) -> None:
            super().__init__()
            self.query = query
            """What to find."""
            self.done = done
            """Whether enter was pressed (focus goes back to the content)."""

    class Step(Message):
        """Go to the next (1) or previous (-1) match."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step
            """Direction."""

    def compose(self) -> ComposeResult:
        """Build the widgets."""
        yield Label("Find:")
        yield Input(placeholder="text to find", select_on_focus=True)
        yield Label("", classes="find-count")

    def open(self) -> None:
        """Show the prompt and focus it."""
        self.add_class("-open")
        self.query_one(Input).focus()

    def set_count(self, count: int) -> None:
        """Show how many matches there are."""
        query = self.query_one(Input).value
        self.query_one(".find-count", Label).update(f"{count} found" if query else "")

    def action_close(self) -> None:
        """Hide the prompt and clear the matches."""
        self.remove_class("-open")
        self.query_one(Input).value = ""
        self.post_message(self.Changed("", done=True))

    def action_step(self, step: int) -> None:
        """Ask for the next or previous match."""
        self.post_message(self.Step(step))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Changed(event.value, done=True))
