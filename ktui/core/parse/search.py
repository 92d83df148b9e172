"""Provides the discovery of the site's search form, so search follows the site when it changes.

The current layout's search URL and parameter are not documented; the legacy one was
/www2/common/search.asp?kwd=. The front page's own search form says which applies: the first form
that looks like a search (its action mentions search, or it has a search box) gives the action URL,
the name of its text box and any hidden fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, urlencode

from selectolax.lexbor import LexborHTMLParser

from ktui.core.parse.dom import attr
from ktui.core.urls import Site

_QUERY_NAMES: Final = ("q", "query", "keyword", "keywords", "kwd", "search", "searchword", "searchkeyword",
                       "s", "term", "k")


@dataclass(frozen=True)
class SearchForm:
    """A search form as the page declares it."""

    action: str
    """Absolute URL the form submits to."""
    field: str
    """Name of the text box that carries the query."""
    hidden: tuple[tuple[str, str], ...] = ()
    """Hidden fields sent along."""

    def url(self, query: str) -> str:
        """Return the URL of the results for a query (a GET submission of the form)."""
        params = [*self.hidden, (self.field, query)]
        joiner = "&" if "?" in self.action else "?"
        return self.action + joiner + urlencode(params, quote_via=quote)


def find_search_form(html: str, url: str, site: Site) -> SearchForm | None:
    """Find the page's search form; None if it has none (or only a POST form)."""
    tree = LexborHTMLParser(html)
    for form in tree.css("form"):
        method = attr(form, "method").lower() or "get"
        action = attr(form, "action")
        boxes = form.css("input[type=search], input[type=text], input:not([type])")
        names = [attr(box, "name") for box in boxes if attr(box, "name")]
        looks_like_search = "search" in action.lower() or any(
            attr(box, "type") == "search" or attr(box, "name").lower() in _QUERY_NAMES for box in boxes
        )
        if method != "get" or not names or not looks_like_search:
            continue
        target = site.normalize(action or url, url)
        if target is None or site.site_path(target) is None:
            continue
        field = next((n for n in names if n.lower() in _QUERY_NAMES), names[0])
        hidden = tuple(
            (attr(h, "name"), attr(h, "value")) for h in form.css("input[type=hidden]") if attr(h, "name")
        )
        return SearchForm(action=target, field=field, hidden=hidden)
    return None
