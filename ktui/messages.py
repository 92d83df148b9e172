"""Provides the app-wide messages that screens and widgets send to ask for navigation."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ktui.core.models import Headline, Section


@dataclass
class OpenArticle(Message):
    """Open an article in the reader, with the list it was opened from (for next/previous)."""

    url: str
    """The article to open."""
    siblings: tuple[Headline, ...] = ()
    """The list it was opened from, in order."""
    index: int = 0
    """Its position in that list."""
    list_key: str = ""
    """Which list it was opened from (to put the cursor back on return)."""


@dataclass
class OpenSection(Message):
    """Open a section's list."""

    section: Section
    """The section to open."""
