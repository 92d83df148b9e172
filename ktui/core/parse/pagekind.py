"""Provides detection of pages that are not what was asked for: bot challenges and error pages.

Both are recognised by what they say and how little they say: the AWS WAF challenge is a tiny page
of script with the WAF's own identifiers; the site's error page is a short page saying "Service
Error" with a "Go to Homepage" link. A long real article that merely mentions these words is not
mistaken for one.

Every page the parsers read passes through `check_page`, so the marker test is on the hot path: the
head of the page is lower-cased once and the markers are plain substring tests on it (a
case-insensitive regex alternation over the page cost milliseconds per page).
"""

from __future__ import annotations

from typing import Final

from selectolax.lexbor import LexborHTMLParser

from ktui.core import profile
from ktui.core.errors import BlockedPage, ErrorPage
from ktui.core.parse.dom import blocks

SCAN_CHARS: Final = 200_000
"""How much of a page is searched for the markers: both kinds of page are small, so they lie within."""


def visible_text_length(tree: LexborHTMLParser) -> int:
    """Return how many characters of text a reader would see on the page."""
    body = tree.body
    if body is None:
        return 0
    return sum(len(line) for line in blocks(body))


def _head(html: str) -> str:
    """The part of a page the markers are looked for in, lower-cased (the markers are lower case)."""
    return html[:SCAN_CHARS].lower()


def _waf(head: str, html: str, tree: LexborHTMLParser | None) -> bool:
    if not any(marker in head for marker in profile.WAF_MARKERS):
        return False
    tree = tree or LexborHTMLParser(html)
    return visible_text_length(tree) <= profile.WAF_MAX_TEXT


def _error(head: str, html: str, tree: LexborHTMLParser | None) -> bool:
    if not any(marker in head for marker in profile.ERROR_MARKERS):
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


def is_waf_challenge(html: str, tree: LexborHTMLParser | None = None) -> bool:
    """Tell whether a page is the AWS WAF JavaScript challenge."""
    return _waf(_head(html), html, tree)


def is_error_page(html: str, tree: LexborHTMLParser | None = None) -> bool:
    """Tell whether a page is the site's own error page ("Service Error", "Go to Homepage")."""
    return _error(_head(html), html, tree)


def check_page(html: str, tree: LexborHTMLParser, url: str | None = None) -> None:
    """Raise `BlockedPage` or `ErrorPage` when the page is a challenge or an error page."""
    head = _head(html)
    if _waf(head, html, tree):
        raise BlockedPage("the site answered with a bot challenge (AWS WAF) instead of the page", url=url)
    if _error(head, html, tree):
        raise ErrorPage("the site answered with its error page (Service Error)", url=url)
