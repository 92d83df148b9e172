"""Provides `CssCache`: the CSS Textual parsed, kept on disk so that a launch does not parse it again.

Textual parses every source of CSS (ktui.tcss and each widget class's DEFAULT_CSS, the same text
again for each subclass that inherits it) on every start: some 20 ms before the first paint,
more than a bare Textual app takes from mounting to painting. What the parser makes (rule sets
of selectors and styles) is plain data, so it is pickled at exit and handed back to the next
launch's stylesheet, which then finds every source already parsed.

A parse depends on the CSS text, where it came from, and the theme's variables: the first two
are in each entry's key (Textual's own cache key), the variables in the file. The file belongs
to one Textual and one Python: a file made by another (its version stamp differs) is ignored and
replaced. A file that cannot be read is ignored the same way; the cache only ever saves work.
The file is read with pickle, which can run code: it lives in ktui's cache directory, which
only the user writes, beside the page cache.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path
from typing import Any

import textual
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

FILENAME = "textual-css.pickle"
"""The cache's file, in ktui's cache directory."""

FORMAT = 1
"""Bumped when what the file holds changes shape."""

MAX_ENTRIES = 200
"""More sources than every screen of ktui has; beyond it, entries not used this session are dropped."""


def _stamp() -> str:
    """Say which Textual and Python made a file: their versions, as the files on disk show them.

    `textual.__version__` would import importlib.metadata (some 30 ms); the size and modification
    time of Textual's parser and style modules change with every install of another version.
    """
    css = Path(textual.__file__).with_name("css")
    marks = [f"{FORMAT}", sys.version.split()[0], str(css)]
    for name in ("parse.py", "styles.py", "model.py", "stylesheet.py"):
        try:
            info = (css / name).stat()
        except OSError:
            return ""
        marks.append(f"{info.st_size}:{info.st_mtime_ns}")
    return "|".join(marks)


def _variables(stylesheet: Stylesheet) -> dict[str, str]:
    """Return the variables a stylesheet substitutes into the CSS it parses (the theme's colours)."""
    return dict(stylesheet._variables)


class CssCache:
    """Parsed CSS for one stylesheet, loaded from a file at start and saved back at exit."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / FILENAME
        """The file."""
        self.loaded = 0
        """How many parsed sources came from the file."""
        self._known: dict[tuple[Any, ...], list[RuleSet]] = {}
        self._variables: dict[str, str] | None = None

    def load(self, stylesheet: Stylesheet) -> int:
        """Hand the stylesheet every parse the file holds for its variables; return how many."""
        self._variables = _variables(stylesheet)
        try:
            with self.path.open("rb") as file:
                data = pickle.load(file)
            if data.get("stamp") != _stamp() or data.get("variables") != self._variables:
                return 0
            entries = data["entries"]
            if not isinstance(entries, dict):
                return 0
        except Exception:  # missing, unreadable, or pickled by code that has changed: parse anew
            return 0
        cache = stylesheet._parse_cache
        # Textual keeps 64 parses; every source ktui has, and room for the session's new ones.
        cache.grow(max(cache.maxsize, len(entries) + 64))
        for key, rules in entries.items():
            if isinstance(key, tuple) and isinstance(rules, list):
                cache[key] = rules
                self._known[key] = rules
        self.loaded = len(self._known)
        return self.loaded

    def save(self, stylesheet: Stylesheet) -> bool:
        """Write the file if the stylesheet parsed something the file did not hold; return whether it did.

        Nothing is written when the variables changed since `load` (another theme was chosen):
        the file keeps the parses a launch starts with, which uses the configured theme's.
        """
        if self._variables is None or _variables(stylesheet) != self._variables:
            return False
        cache = stylesheet._parse_cache
        # Textual's LRU cache has keys but no iteration of its own.
        keys = list(cache.keys())
        current = {key: cache[key] for key in keys}
        if not current.keys() - self._known.keys():
            return False
        entries = {**self._known, **current} if len(self._known) + len(current) <= MAX_ENTRIES else current
        data = {"stamp": _stamp(), "variables": self._variables, "entries": entries}
        temporary = self.path.with_name(f"{FILENAME}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, self.path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            temporary.unlink(missing_ok=True)
            return False
        self._known = entries
        return True
