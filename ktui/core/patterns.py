"""Provides `LazyPattern`: a regular expression compiled the first time it is used, not at import.

Compiling a pattern takes about a million instructions, 0.1 to 0.3 ms here. The modules the
reader imports at start hold seventeen patterns (URL kinds, tracking parameters, dates, control
characters), and a launch from a fresh cache uses two of them: compiled at import, the other
fifteen cost a launch some 15 million instructions for nothing.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator


class LazyPattern:
    """A compiled regular expression's `match`, `fullmatch`, `search`, `finditer` and `sub`, compiled on first use."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        """The expression's source."""
        self.flags = flags
        """The `re` flags it is compiled with."""
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled expression (compiled now if it was not yet)."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """Match at the start of `string` (see `re.Pattern.match`)."""
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """Match the whole of `string` (see `re.Pattern.fullmatch`)."""
        return self.compiled.fullmatch(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """Find the first match anywhere in `string` (see `re.Pattern.search`)."""
        return self.compiled.search(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """Iterate over the matches in `string` (see `re.Pattern.finditer`)."""
        return self.compiled.finditer(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        """Replace the matches in `string` (see `re.Pattern.sub`)."""
        return self.compiled.sub(repl, string, count)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"
