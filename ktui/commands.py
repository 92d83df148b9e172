"""Provides `KtuiCommands`: the command palette's sections and commands."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ktui.core.sections import iter_sections

if TYPE_CHECKING:
    from ktui.app import KtuiApp


class KtuiCommands(Provider):
    """Open any section, search, the reading list, help, or switch to the terminal's own colours."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app: KtuiApp = self.app  # type: ignore[assignment]
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("Search", "Search the site and everything cached", app.action_search),
            ("Reading list", "The articles you saved", app.action_reading_list),
            ("Help", "Every key", app.action_help),
            ("Home", "Back to Top 10, Trending and Latest", app.action_home),
            ("Terminal colours", "Use the terminal's own 16 colours (ANSI theme)",
             partial(app.set_theme, "ansi-dark")),
            ("Dark theme", "ktui's default colours", partial(app.set_theme, "textual-dark")),
        ]
        for section in iter_sections():
            label = section.name if "/" not in section.path else f"{section.name} ({section.path.split('/')[0]})"
            commands.append((f"Section: {label}", f"Open /{section.path}", partial(app.open_section, section)))
        return commands

    async def discover(self) -> Hits:
        """Offer the commands before anything is typed."""
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Offer the commands that match what was typed."""
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
