"""Provides reading of a page's metadata: JSON-LD (NewsArticle and kin) and OpenGraph/meta tags.

These are two layers of the article chain. They hold the same fields in different places, so each
is read into the same `Meta` shape; the chain decides which wins for each field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser

from ktui.core import profile
from ktui.core.parse.dom import text
from ktui.core.text import clean_line, split_paragraphs
from ktui.core.times import parse_time

ARTICLE_TYPES: Final = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "socialmediaposting", "report",
    "scholarlyarticle", "techarticle", "liveblogposting",
})
"""JSON-LD @type values that describe an article (lower case)."""


@dataclass(frozen=True, slots=True)
class Meta:
    """Article fields as one metadata layer states them; None where it says nothing."""

    title: str | None = None
    """Headline."""
    description: str | None = None
    """Description, used as the subtitle."""
    published: datetime | None = None
    """Publication time."""
    updated: datetime | None = None
    """Modification time."""
    author: str | None = None
    """Author names, joined with " and "."""
    section: str | None = None
    """Section name."""
    image: str | None = None
    """The lead image."""
    body: tuple[str, ...] = ()
    """Paragraphs of the article body (JSON-LD articleBody only)."""


def clean_title(title: str | None) -> str | None:
    """Remove the " - The Korea Times" suffix and tidy a title; None if nothing is left."""
    line = clean_line(title)
    if not line:
        return None
    stripped = profile.TITLE_SUFFIX.sub("", line).strip()
    return stripped or None


def _names(value: Any) -> list[str]:
    """Return the person or organisation names in a JSON-LD author value."""
    if isinstance(value, str):
        return [value] if value.strip() and not value.startswith("http") else []
    if isinstance(value, dict):
        # An organisation as "author" (editorials) is the publisher, not a byline.
        kind = value.get("@type")
        if isinstance(kind, str) and kind.lower() in ("organization", "newsmediaorganization", "corporation"):
            return []
        name = value.get("name")
        return _names(name) if name else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _first_str(value: Any) -> str | None:
    """Return the first string in a JSON-LD value (string, list, or object with url/name)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for item in value:
            found = _first_str(item)
            if found:
                return found
    if isinstance(value, dict):
        return _first_str(value.get("url") or value.get("name") or value.get("contentUrl"))
    return None


def _walk(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Yield every JSON-LD object, looking inside lists and @graph (bounded depth)."""
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk(data["@graph"], depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict | list):
            yield from _walk(main, depth + 1)


def _is_article(obj: dict[str, Any]) -> bool:
    kinds = obj.get("@type")
    values = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in values)


def read_jsonld(tree: LexborHTMLParser) -> Meta | None:
    """Return the fields of the page's JSON-LD article object, if it has one."""
    for script in tree.css("script[type='application/ld+json']"):
        raw = script.text(deep=True) or ""
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        for obj in _walk(data):
            if not _is_article(obj):
                continue
            authors = [clean_line(n) for n in _names(obj.get("author"))]
            section = obj.get("articleSection")
            return Meta(
                title=clean_title(_first_str(obj.get("headline")) or _first_str(obj.get("name"))),
                description=clean_line(_first_str(obj.get("description"))) or None,
                published=parse_time(_first_str(obj.get("datePublished"))),
                updated=parse_time(_first_str(obj.get("dateModified"))),
                author=" and ".join(a for a in authors if a) or None,
                section=clean_line(_first_str(section)) or None,
                image=_first_str(obj.get("image")) or _first_str(obj.get("thumbnailUrl")),
                body=tuple(split_paragraphs(_first_str(obj.get("articleBody")))),
            )
    return None


_META_KEYS: Final = ("property", "name", "itemprop")
"""The attributes that name a <meta>, in the order they are trusted."""


def _meta_index(tree: LexborHTMLParser) -> dict[tuple[str, str], str]:
    """Map (attribute, key) to the content of the first <meta> with that attribute value.

    One pass over the page's <meta> elements instead of a selector per key and attribute (Lexbor
    compiles each selector anew, and the OpenGraph layer asks for some forty).
    """
    index: dict[tuple[str, str], str] = {}
    for node in tree.css("meta"):
        attributes = node.attributes
        for attribute in _META_KEYS:
            key = attributes.get(attribute)
            if key is not None:
                index.setdefault((attribute, key), (attributes.get("content") or "").strip())
    return index


def _meta(index: dict[tuple[str, str], str], *keys: str) -> str | None:
    """Return the content of the first <meta> whose property or name is one of keys."""
    for key in keys:
        for attribute in _META_KEYS:
            value = index.get((attribute, key))
            if value:
                return value
    return None


def read_opengraph(tree: LexborHTMLParser) -> Meta:
    """Return the fields stated by OpenGraph, Twitter and plain meta tags (and <title>)."""
    index = _meta_index(tree)
    author = _meta(index, "writer", "author", "article:author", "byl", "dable:author", "sailthru.author")
    if author and (author.startswith("http") or "facebook.com" in author):
        author = None
    title = _meta(index, "og:title", "twitter:title", "title", "headline") or text(tree.css_first("title"))
    return Meta(
        title=clean_title(title),
        description=clean_line(_meta(index, "og:description", "description", "twitter:description")) or None,
        published=parse_time(_meta(index, "article:published_time", "og:article:published_time",
                                   "datePublished", "pubdate", "publish-date", "date", "dc.date",
                                   "DC.date.issued", "parsely-pub-date")),
        updated=parse_time(_meta(index, "article:modified_time", "og:updated_time", "dateModified",
                                 "last-modified")),
        author=clean_line(author) or None,
        section=clean_line(_meta(index, "article:section", "section", "parsely-section")) or None,
        image=_meta(index, "og:image", "og:image:url", "twitter:image"),
    )
