"""Provides decoding of page bodies: the header's charset, then the page's meta, then UTF-8 or Korean.

Korean pages of the legacy era were often EUC-KR (whose superset is cp949), sometimes without
saying so; a wrong guess shows as mojibake, so each candidate is tried strictly and the first that
decodes cleanly wins.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

_META: Final = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*(?P<cs>[a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECL: Final = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["'](?P<cs>[a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_ALIASES: Final = {"euc-kr": "cp949", "euckr": "cp949", "ks_c_5601-1987": "cp949", "ksc5601": "cp949",
                   "x-windows-949": "cp949", "windows-949": "cp949", "iso-8859-1": "cp1252",
                   "latin1": "cp1252", "us-ascii": "utf-8", "ascii": "utf-8"}


def _codec(name: str | None) -> str | None:
    """Return a Python codec for a declared charset, or None if it is unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        return None


def sniff_charset(data: bytes) -> str | None:
    """Return the charset a page declares in its first bytes (BOM, meta tag or XML declaration)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4096]
    match = _META.search(head) or _XML_DECL.search(head)
    return match["cs"].decode("ascii", "replace") if match else None


def charset_from_content_type(content_type: str | None) -> str | None:
    """Return the charset parameter of a Content-Type header value."""
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def decode_body(data: bytes, header_charset: str | None) -> str:
    """Decode a body: the header's charset, then the page's own, then UTF-8, then cp949.

    Never raises: as a last resort the body is decoded as UTF-8 with replacement characters.
    """
    tried: list[str] = []
    for candidate in (_codec(header_charset), _codec(sniff_charset(data)), "utf-8", "cp949"):
        if candidate is None or candidate in tried:
            continue
        tried.append(candidate)
        try:
            text = data.decode(candidate)
        except (UnicodeError, LookupError):  # UnicodeError: the "undefined" codec refuses everything
            continue
        return text[1:] if text.startswith("\ufeff") else text
    return data.decode("utf-8", "replace")
