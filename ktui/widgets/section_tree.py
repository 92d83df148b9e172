"""Provides `SectionTree`: every section and subsection of the site, to open one with enter."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree

from ktui.core.models import Section


class SectionTree(Tree[Section]):
    """The sections as a tree; choosing one opens its list."""

    DEFAULT_CSS = """
    SectionTree { width: 33; border-right: vkey $panel-lighten-1; overflow-x: hidden; }
    SectionTree.-hidden { display: none; }
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("l", "select_cursor", "Open", show=False),
    ]
    """Tree movement keys in the style of vi."""

    def __init__(self, sections: Sequence[Section], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("Sections", id=id, classes=classes)
        self.show_root = False
        self.guide_depth = 2
        for section in sections:
            if section.subsections:
                node = self.root.add(Text(section.name), data=section, expand=False)
                node.add_leaf(Text(f"All {section.name}"), data=section)
                for sub in section.subsections:
                    node.add_leaf(Text(sub.name), data=sub)
            else:
                self.root.add_leaf(Text(section.name), data=section)

    def on_focus(self) -> None:
        """Put the cursor on the first section when the tree gets the focus without one."""
        # A Tree starts with no cursor (line -1): enter would do nothing and the first j would
        # only reach the first line.
        if self.cursor_line < 0:
            self.cursor_line = 0
