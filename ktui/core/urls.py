"""Provides everything ktui knows about the site's URLs: their kinds, normalisation and the base URL.

A `Site` names the origin that plays www.koreatimes.co.kr: the live site, a mirror or a loopback
test server. Every URL ktui builds or reads goes through `Site.normalize`, which makes it absolute,
maps the site's host aliases (m., w., bare) and the feed host onto that origin, and strips
tracking parameters and fragments, so that one story always has one URL (and one cache key).
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from enum import StrEnum
from typing import Final
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from ktui.core.patterns import LazyPattern
from ktui.core.record import Record, record
from ktui.core.sections import section_for_path
from ktui.core.text import URL_UNSAFE, safe_url
from ktui.core.times import compact_date, midnight_kst

LIVE_BASE: Final = "https://www.koreatimes.co.kr"
"""The live site's origin."""
LIVE_FEED_BASE: Final = "https://feed.koreatimes.co.kr"
"""The live feed host's origin; its paths appear under BASE/feed/ on any other base."""
SITE_DOMAIN: Final = "koreatimes.co.kr"
"""The site's registered domain."""
_ALIAS_HOSTS: Final = frozenset({"koreatimes.co.kr", "www.koreatimes.co.kr", "m.koreatimes.co.kr",
                                 "w.koreatimes.co.kr", "mm.koreatimes.co.kr", "www2.koreatimes.co.kr"})
_FEED_HOST: Final = "feed.koreatimes.co.kr"
_TRACKING: Final = LazyPattern(r"^(utm_[a-z_]*|fbclid|gclid|mc_[a-z]+|ref_src)$", re.IGNORECASE)

_ARTICLE: Final = LazyPattern(r"^/(?P<section>[a-z][a-z0-9-]*(?:/[a-z][a-z0-9-]*)?)/(?P<date>\d{8})/[^/]+/?$")
_LEGACY_ARTICLE: Final = LazyPattern(
    r"^/www\d?/(?:news/)?(?P<folder>[a-z]+)/\d{4}/\d{2}/(?P<cat>\d+)_(?P<id>\d+)\.html$", re.IGNORECASE
)
_LEGACY_SECTION: Final = LazyPattern(r"^/www\d?/(?:section|sublist)_(?P<code>\d+)(?:_(?P<page>\d+))?\.html$")
_FRONT: Final = LazyPattern(r"^/(?:(?:www2?/)?index\.(?:asp|html?))?$", re.IGNORECASE)
_FEED: Final = LazyPattern(r"^/(?:feed/)?(?:k/[\w-]+\.xml|www\d?/rss/[\w-]+\.(?:xml|asp))$", re.IGNORECASE)
_SEARCH: Final = LazyPattern(r"^/(?:search/?|www2?/common/(?:pages/ajax_)?search\.asp)$", re.IGNORECASE)


class UrlKind(StrEnum):
    """What a URL points at."""

    ARTICLE = "article"
    """A current-layout article: /<section>[/<sub>]/<YYYYMMDD>/<slug>."""
    LEGACY_ARTICLE = "legacy-article"
    """A legacy-layout article: /www/<folder>/YYYY/MM/<cat>_<id>.html."""
    SECTION = "section"
    """A section's list page."""
    FRONT = "front"
    """The front page."""
    FEED = "feed"
    """An RSS feed."""
    SEARCH = "search"
    """The site's search."""
    OTHER = "other"
    """Some other page of the site."""
    EXTERNAL = "external"
    """A page of another site."""
    INVALID = "invalid"
    """Not an http(s) URL at all (javascript:, data:, file:, garbage)."""


ARTICLE_KINDS: Final = frozenset({UrlKind.ARTICLE, UrlKind.LEGACY_ARTICLE})
"""The kinds that are articles of the site."""


def is_web_url(url: str) -> bool:
    """Tell whether a URL is an absolute http or https URL with a host (the only kind ktui follows)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def strip_tracking(query: str) -> str:
    """Remove utm_* and similar tracking parameters from a query string.

    The other parameters are kept exactly as written (order and encoding), so that a URL the site
    gives stays byte-for-byte the same apart from the tracking.
    """
    if not query:
        return ""
    kept = [part for part in query.split("&") if part and not _TRACKING.match(part.split("=", 1)[0])]
    return "&".join(kept)


@record
class Site(Record):
    """The origin that plays www.koreatimes.co.kr, and the URL rules that follow from it."""

    base: str = LIVE_BASE
    """Scheme, host, optional port and optional path prefix, without a trailing slash."""

    def __post_init__(self) -> None:
        if not is_web_url(self.base):
            raise ValueError(f"not an http(s) base URL: {self.base!r}")
        object.__setattr__(self, "base", self.base.rstrip("/"))

    @property
    def is_live(self) -> bool:
        """Whether this is the real site."""
        return self.base == LIVE_BASE

    @property
    def _origin(self) -> tuple[str, str, str]:
        parts = urlsplit(self.base)
        return parts.scheme, parts.netloc.lower(), parts.path.rstrip("/")

    def url(self, path: str = "/") -> str:
        """Return the absolute URL of a site path such as "/southkorea/politics"."""
        return self.base + "/" + path.lstrip("/")

    def feed_url(self, name: str) -> str:
        """Return the URL of a feed by name ("allnews", "southkorea", ...)."""
        if self.is_live:
            return f"{LIVE_FEED_BASE}/k/{name}.xml"
        return self.url(f"/feed/k/{name}.xml")

    def search_url(self, query: str) -> str:
        """Return the URL of the site's search for a query (the current layout's /search page)."""
        return self.url("/search") + "?" + urlencode({"keyword": query}, quote_via=quote)

    def legacy_search_url(self, query: str) -> str:
        """Return the URL of the legacy layout's search page for a query."""
        return self.url("/www2/common/search.asp") + "?" + urlencode({"kwd": query}, quote_via=quote)

    def normalize(self, href: str | None, page_url: str | None = None) -> str | None:
        """Make a link absolute and canonical; None if it is not an http(s) link (cached: pages repeat links).

        See `_normalize` for the rules.
        """
        if not href:
            return None
        return _normalize_cached(self, href, page_url)

    def _normalize(self, href: str | None, page_url: str | None = None) -> str | None:
        """Make a link absolute and canonical; None if it is not an http(s) link.

        Relative links resolve against `page_url` (or the base). Links to any of the site's
        hosts are mapped onto this site's base; links to the feed host onto BASE/feed/ when
        the base is not the live site. Tracking parameters and fragments are dropped, the
        scheme and host are lower-cased (an IPv6 literal keeps its brackets) and default ports
        removed. Control, space, invisible and bidi characters of the path and query are
        percent-encoded, as `safe_url` does; a host holding any of them gives None.
        """
        if not href:
            return None
        href = href.strip()
        if not href or href.startswith("#"):
            return None
        lowered = href[:12].lower()
        if lowered.startswith(("javascript:", "data:", "mailto:", "tel:", "file:", "about:", "blob:")):
            return None
        try:
            absolute = urljoin(page_url or self.base + "/", href)
            parts = urlsplit(absolute)
            host = (parts.hostname or "").lower().rstrip(".")
            port = parts.port
        except ValueError:
            return None
        if parts.scheme not in ("http", "https") or not host or URL_UNSAFE.search(host):
            # A host with spaces or controls in it names no machine.
            return None
        scheme = parts.scheme
        netloc = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
        if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
            netloc = f"{netloc}:{port}"
        # Links are data from the page: a control, space or bidi character in them is sent
        # percent-encoded anyway, and encoded here it can never reach a terminal or a file raw.
        path = safe_url(parts.path) or "/"
        base_scheme, base_netloc, base_prefix = self._origin
        if host in _ALIAS_HOSTS:
            scheme, netloc, path = base_scheme, base_netloc, base_prefix + path
        elif host == _FEED_HOST:
            if self.is_live:
                scheme = "https"
            else:
                scheme, netloc, path = base_scheme, base_netloc, f"{base_prefix}/feed{path}"
        elif netloc == base_netloc:
            scheme = base_scheme
        query = safe_url(strip_tracking(parts.query))
        return urlunsplit((scheme, netloc, path, query, ""))

    def site_path(self, url: str) -> str | None:
        """Return the path of a URL on this site (prefix removed), or None if it is elsewhere."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        _, base_netloc, base_prefix = self._origin
        netloc = parts.netloc.lower()
        host = (parts.hostname or "").lower()
        if netloc != base_netloc and host not in _ALIAS_HOSTS:
            return None
        path = parts.path or "/"
        if netloc == base_netloc and base_prefix:
            if not path.startswith(base_prefix):
                return None
            path = path[len(base_prefix) :] or "/"
        return path

    def is_site(self, url: str) -> bool:
        """Tell whether a URL belongs to this site (the base or the live site's hosts)."""
        return self.site_path(url) is not None or self.classify(url) is UrlKind.FEED

    def classify(self, url: str) -> UrlKind:
        """Tell what kind of page a URL points at (cached: lists ask about the same URLs often)."""
        return _classify_cached(self, url)

    def _classify(self, url: str) -> UrlKind:
        if not is_web_url(url):
            return UrlKind.INVALID
        parts = urlsplit(url)
        if (parts.hostname or "").lower() == _FEED_HOST:
            return UrlKind.FEED
        path = self.site_path(url)
        if path is None:
            return UrlKind.EXTERNAL
        return classify_path(path, parts.query)

    def section_name(self, url: str) -> str | None:
        """Return the display name of the section an article URL lies in, if known (cached, like `classify`)."""
        return _section_name_cached(self, url)

    def _section_name(self, url: str) -> str | None:
        path = self.site_path(url)
        if path is None:
            return None
        section = section_for_path(path)
        return section.name if section else None


@functools.lru_cache(maxsize=8192)
def _classify_cached(site: Site, url: str) -> UrlKind:
    return site._classify(url)


@functools.lru_cache(maxsize=8192)
def _section_name_cached(site: Site, url: str) -> str | None:
    return site._section_name(url)


@functools.lru_cache(maxsize=8192)
def _normalize_cached(site: Site, href: str, page_url: str | None) -> str | None:
    return site._normalize(href, page_url)


def classify_path(path: str, query: str = "") -> UrlKind:
    """Tell what kind of page a path of the site is."""
    if _ARTICLE.match(path) and not path.startswith(("/www/", "/www2/")):
        return UrlKind.ARTICLE
    if _LEGACY_ARTICLE.match(path):
        return UrlKind.LEGACY_ARTICLE
    if _FRONT.match(path):
        return UrlKind.FRONT
    if _FEED.match(path):
        return UrlKind.FEED
    if _SEARCH.match(path):
        return UrlKind.SEARCH
    if _LEGACY_SECTION.match(path):
        return UrlKind.SECTION
    section = section_for_path(path)
    if section is not None and path.strip("/") == section.path:
        return UrlKind.SECTION
    return UrlKind.OTHER


@functools.lru_cache(maxsize=8192)
def article_date(url: str) -> datetime | None:
    """Return the publication date that a current-layout article URL carries (midnight KST).

    Legacy URLs carry the year and month of when the link was made, not of publication, so
    they give None. Cached: every headline of every list asks, often about the same URLs.
    """
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    match = _ARTICLE.match(path)
    if match is None or path.startswith(("/www/", "/www2/")):
        return None
    day = compact_date(match["date"])
    return midnight_kst(day) if day else None


def legacy_id(url: str) -> tuple[str, str] | None:
    """Return (category code, article id) of a legacy article URL."""
    match = _LEGACY_ARTICLE.match(urlsplit(url).path)
    return (match["cat"], match["id"]) if match else None


def page_number(url: str) -> int:
    """Return the page number a list URL asks for (?page=N or legacy _N.html), 1 by default."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in ("page", "pagenum", "pageno", "p") and value.isdigit():
            return int(value)
    match = _LEGACY_SECTION.match(parts.path)
    if match and match["page"]:
        return int(match["page"])
    return 1


LIVE: Final = Site()
"""The live site."""
