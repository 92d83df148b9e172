"""Provides detection of pages that are not what was asked for: bot challenges and error pages.

Both are recognised by what they say and how little they say: the AWS WAF challenge is a tiny page
of script with the WAF's own identifiers; the site's error page is a short page saying "Service
Error" with a "Go to Homepage" link. A long real article that merely mentions these words is not
mistaken for one.
"""

from __future__ import annotations

import re
from typing import Final

from selectolax.lexbor import LexborHTMLParser

from ktui.core import profile
from ktui.core.errors import BlockedPage, ErrorPage
from ktui.core.parse.dom import blocks


def visible_text_length(tree: LexborHTMLParser) -> int:
    """Return how many characters of text a reader would see on the page."""
    body = tree.body
    if body is None:
        return 0
    return sum(len(line) for line in blocks(body))


_WAF: Final = re.compile("|".join(re.escape(m) for m in profile.WAF_MARKERS), re.IGNORECASE)
_ERROR: Final = re.compile("|".join(re.escape(m) for m in profile.ERROR_MARKERS), re.IGNORECASE)


def is_waf_challenge(html: str, tree: LexborHTMLParser | None = None) -> bool:
    """Tell whether a page is the AWS WAF JavaScript challenge."""
    if not _WAF.search(html, 0, 200_000):
        return False
    tree = tree or LexborHTMLParser(html)
    return visible_text_length(tree) <= profile.WAF_MAX_TEXT


def is_error_page(html: str, tree: LexborHTMLParser | None = None) -> bool:
    """Tell whether a page is the site's own error page ("Service Error", "Go to Homepage")."""
    if not _ERROR.search(html, 0, 200_000):
        return False
    tree = tree or LexborHTMLParser(html)
    body = tree.body
    if body is None:
        return False
    for selector in (*profile.CURRENT_BODY, *profile.LEGACY_BODY, "article"):
        container = tree.css_first(selector)
        # A story that merely mentions an error page has a body of its own.
        if container is not None and len((container.text(deep=True) or "").split()) >= 60:
            return False
    seen = " ".join(blocks(body)).lower()
    return len(seen) <= profile.ERROR_MAX_TEXT and any(m in seen for m in profile.ERROR_MARKERS)


def check_page(html: str, tree: LexborHTMLParser, url: str | None = None) -> None:
    """Raise `BlockedPage` or `ErrorPage` when the page is a challenge or an error page."""
    if is_waf_challenge(html, tree):
        raise BlockedPage("the site answered with a bot challenge (AWS WAF) instead of the page", url=url)
    if is_error_page(html, tree):
        raise ErrorPage("the site answered with its error page (Service Error)", url=url)
