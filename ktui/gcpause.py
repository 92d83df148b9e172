"""Holding the garbage collector back while the reader starts, then letting it go.

Starting the reader makes a few hundred thousand objects (Textual's and ktui's modules, classes,
the first screen's widgets) that live as long as the program. The collections their allocation
sets off walk them again and again, which cost a start about as much as drawing the home screen.
The `ktui` command holds the collector from before its first import; the app holds it (if nobody
has) from its first moment, and lets it go once the first screen is painted, with everything made
so far frozen: a full collection never walks it again, and keys are not held up by one that does.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Stop automatic collection until `release` (nothing happens if it is already stopped)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Freeze what exists and collect automatically again, if `hold` stopped it."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
