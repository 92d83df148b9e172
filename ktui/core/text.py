"""Provides cleaning of text that comes from the web, so that it is always shown as plain data.

Everything a page says passes through `clean_text` or `clean_line` before it reaches a model:
terminal escape sequences (CSI, OSC such as OSC 52 clipboard writes and OSC 8 links, DCS, ...)
are removed with their payload, C0/C1 control characters and bidirectional overrides are dropped,
and whitespace is normalised. Markup in the text ("[bold]") is left as it is: the UI and the
outputs show it literally rather than interpreting it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final
from urllib.parse import quote

from ktui.core.patterns import LazyPattern

_ESCAPES: Final = LazyPattern(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                    # CSI: ESC [ params final
    | \x9b[0-?]*[ -/]*[@-~]                    # 8-bit CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])  # OSC, DCS, SOS, PM, APC (7- or 8-bit) ...
      .*?(?:\x07|\x1b\\|\x9c|$)                # ... up to BEL or ST, or the end of the text
    | \x1b[ -/]*[0-~]                          # other two-character escapes (ESC c, ESC ( B)
    """,
    re.VERBOSE | re.DOTALL,
)
"""Terminal escape sequences, with everything they carry."""

_DROP: Final = {
    **{c: None for c in range(0x00, 0x20) if c not in (0x09, 0x0A)},
    0x7F: None,
    **{c: None for c in range(0x80, 0xA0)},
    # Bidirectional embeddings, overrides and isolates can make a line read backwards.
    **{c: None for c in (0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069)},
    0xFEFF: None,  # byte order mark left inside text
    0x00AD: None,  # soft hyphen: invisible in print, a stray glyph in some terminals
    0x200B: None,  # zero-width space
}
"""Characters removed from every string: C0 (except tab and newline), DEL, C1, bidi controls."""

URL_UNSAFE: Final = LazyPattern(
    "[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
"""Characters a printed URL must not carry raw: controls, spaces, invisible and bidirectional ones."""

_SPACES: Final = LazyPattern(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES: Final = LazyPattern(r"\n\s*\n\s*")


_NEEDS_ESCAPES: Final = LazyPattern("[\x1b\x80-\x9f]")
_NEEDS_DROP: Final = LazyPattern("[" + "".join(re.escape(chr(c)) for c in sorted(_DROP)) + "]")
"""Any character of `_DROP`: one regex search is far cheaper than a translate through a dict, and
nearly all text from the web has none of them, so the cleaning is skipped for it."""
_NOT_ALNUM: Final = LazyPattern(r"[\W_]+")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters, keeping newlines and tabs."""
    if not _NEEDS_DROP.search(text):
        return text
    if _NEEDS_ESCAPES.search(text):
        text = _ESCAPES.sub("", text)
    return text.translate(_DROP)


def has_controls(text: str) -> bool:
    """Tell whether text holds anything `strip_controls` removes (controls, bidi and invisible characters)."""
    return _NEEDS_DROP.search(text) is not None


def safe_url(url: str) -> str:
    """Return a URL fit to print or show: controls, spaces, invisible and bidi characters percent-encoded.

    Links come from pages, and a path can carry an escape sequence (an OSC 52 clipboard write, say)
    that a terminal would obey; encoded, the URL still works and shows as inert text.
    """
    return URL_UNSAFE.sub(lambda m: quote(m.group(), safe=""), url)


def clean_line(text: str | None) -> str:
    """Return text as one clean line: controls removed, all whitespace runs made one space."""
    if not text:
        return ""
    if _NEEDS_DROP.search(text):
        text = strip_controls(text.replace("\r", " "))
    if not text.isascii():  # ASCII is NFC already; this runs for every line the parsers read
        text = unicodedata.normalize("NFC", text)
    # str.split() splits at exactly the characters that regex \s matches, and is much faster.
    return " ".join(text.split())


def clean_text(text: str | None) -> str:
    """Return multi-line text cleaned: controls removed, spaces collapsed, at most one blank line."""
    if not text:
        return ""
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def split_paragraphs(text: str | None) -> list[str]:
    """Split text into clean paragraphs at blank lines (or at line breaks when there are none)."""
    cleaned = clean_text(text)
    if not cleaned:
        return []
    parts = cleaned.split("\n\n") if "\n\n" in cleaned else cleaned.split("\n")
    return [p for p in (clean_line(part) for part in parts) if p]


def shorten(text: str, width: int) -> str:
    """Cut a line to at most `width` characters, ending with an ellipsis when cut."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + "…"


def fold_key(text: str) -> str:
    """Return a key for comparing texts loosely: case-folded letters and digits only."""
    return _NOT_ALNUM.sub("", text.casefold())
