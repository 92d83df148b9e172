"""Provides `History`: the browser-like back/forward list of articles read in this session."""

from __future__ import annotations


class History:
    """Visited URLs with a cursor; visiting after going back drops the forward part."""

    def __init__(self, limit: int = 200) -> None:
        self.items: list[str] = []
        """Visited URLs, oldest first."""
        self.position = -1
        """Index of the current URL in `items`."""
        self._limit = limit

    def visit(self, url: str) -> None:
        """Record a visit (a repeat of the current URL is not a new step)."""
        if 0 <= self.position < len(self.items) and self.items[self.position] == url:
            return
        del self.items[self.position + 1 :]
        self.items.append(url)
        if len(self.items) > self._limit:
            del self.items[0]
        self.position = len(self.items) - 1

    def go(self, step: int) -> str | None:
        """Move back (-1) or forward (1); return the URL there, or None at either end."""
        target = self.position + step
        if not 0 <= target < len(self.items):
            return None
        self.position = target
        return self.items[target]

    @property
    def can_go_back(self) -> bool:
        """Whether there is an earlier URL."""
        return self.position > 0

    @property
    def can_go_forward(self) -> bool:
        """Whether there is a later URL."""
        return self.position < len(self.items) - 1
