"""Provides `Backdrop`: containers and screens drawn as blank lines of their background.

Textual draws every widget's whole area, containers included, before the widgets on top of them
cover it: on the home screen the screen, the body, the grid of lists and the three panels were
some 270 of the first frame's 410 drawn lines, all of them covered or plain background, and half
of that frame's time. A widget that sets Textual's `BLANK` is drawn as blank lines of its
background colour instead, which looks the same for a widget with no border and no content of
its own. `Row` and `Box` are the plain containers of ktui's layouts with that set.
"""

from __future__ import annotations

from textual.containers import Container, Horizontal
from textual.filter import ANSIToTruecolor


class Backdrop:
    """Mixin for a widget with no border and no content of its own: draw it as its background.

    Put it before the widget class in the bases. Blank lines skip the app's line filters, so a
    filter that changes colours (NO_COLOR's monochrome, `TEXTUAL_FILTERS=dim`) turns it off.
    """

    @property
    def BLANK(self) -> bool:  # noqa: N802 - Textual's name for the switch
        """Whether Textual may draw this widget as blank lines of its background."""
        app = getattr(self, "app")  # noqa: B009 - the mixin is only used on widgets
        return all(isinstance(line_filter, ANSIToTruecolor) for line_filter in app.get_line_filters())

    @BLANK.setter
    def BLANK(self, value: bool) -> None:  # noqa: N802
        # Textual's attribute is writable; this one follows the app's filters only.
        raise AttributeError("Backdrop.BLANK follows the app's line filters")


class Row(Backdrop, Horizontal):
    """A horizontal container drawn as its background."""


class Box(Backdrop, Container):
    """A container (any layout its CSS gives it) drawn as its background."""
