"""Provides `parse_feed`: the stories of an RSS 2.0 (or Atom) feed.

Handles what the site's feeds do: `pubDate` or lowercase `pubdate`, CDATA titles, HTML in
descriptions, entities escaped twice, `?utm_source=rss` on links, and feeds whose items all carry
the same pubDate (seen in 2026), in which case each story's date is taken from its URL. A feed
that is not well-formed XML is read leniently item by item rather than rejected.
"""

from __future__ import annotations

import html as htmlmod
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Final

from selectolax.lexbor import LexborHTMLParser

from ktui.core.charset import decode_body
from ktui.core.errors import NoContent
from ktui.core.models import Headline, ListPage
from ktui.core.parse.pagekind import check_page
from ktui.core.text import clean_line, clean_text
from ktui.core.times import parse_time
from ktui.core.urls import LIVE, Site, article_date

_ITEM: Final = re.compile(r"<(item|entry)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_FIELD: Final = re.compile(r"<(?P<tag>[\w:]+)\b(?P<attrs>[^>]*)>(?P<body>.*?)</(?P=tag)\s*>|<(?P<empty>[\w:]+)"
                           r"\b(?P<eattrs>[^>]*)/>", re.DOTALL)
_CDATA: Final = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
_URL_ATTR: Final = re.compile(r"""(?:url|href)\s*=\s*["']([^"']+)["']""")
_CHANNEL_TITLE: Final = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)

_TITLE_TAGS: Final = ("title",)
_LINK_TAGS: Final = ("link", "guid", "id")
_DATE_TAGS: Final = ("pubdate", "date", "published", "updated", "issued", "modified")
_SUMMARY_TAGS: Final = ("description", "summary", "encoded", "content")
_AUTHOR_TAGS: Final = ("author", "creator")
_IMAGE_TAGS: Final = ("enclosure", "content", "thumbnail")


def _local(tag: str) -> str:
    """Return a tag's name without its namespace, lower case."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _plain(value: str | None) -> str:
    """Turn feed text (maybe HTML, maybe entity-escaped twice) into plain text."""
    if not value:
        return ""
    value = _CDATA.sub(r"\1", value)
    for _ in range(2):
        if "&" not in value:
            break
        value = htmlmod.unescape(value)
    if "<" in value and ">" in value:
        tree = LexborHTMLParser(value)
        value = tree.body.text(separator="\n") if tree.body is not None else value
    return clean_text(value)


class _Raw:
    """The fields of one feed item as text."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.image: str | None = None

    def add(self, tag: str, value: str, attrs: dict[str, str]) -> None:
        name = _local(tag)
        if name in _IMAGE_TAGS and (attrs.get("url") or attrs.get("href")):
            kind = attrs.get("type", "image")
            if kind.startswith("image") or name == "thumbnail":
                self.image = self.image or attrs.get("url") or attrs.get("href")
            return
        if name == "link" and not value.strip() and attrs.get("href"):
            if attrs.get("rel", "alternate") == "alternate":
                self.values.setdefault("link", attrs["href"])
            return
        if value.strip():
            self.values.setdefault(name, value)

    def first(self, names: tuple[str, ...]) -> str:
        return next((self.values[n] for n in names if n in self.values), "")


def _strict(text: str) -> tuple[str | None, list[_Raw]] | None:
    """Parse a well-formed feed with ElementTree; None if it is not well-formed."""
    try:
        # The text is decoded already: parsed as a str, the feed's own encoding declaration is
        # ignored (as bytes, expat would obey it, and raise LookupError for an unknown one).
        root = ET.fromstring(text)
    except (ET.ParseError, ValueError, LookupError):
        return None
    title = None
    raws: list[_Raw] = []
    for element in root.iter():
        name = _local(element.tag) if isinstance(element.tag, str) else ""
        if name == "title" and title is None:
            title = element.text
        if name not in ("item", "entry"):
            continue
        raw = _Raw()
        for child in element:
            if isinstance(child.tag, str):
                inner = (child.text or "") + "".join(ET.tostring(c, encoding="unicode") for c in child)
                raw.add(child.tag, inner, {k.rsplit("}", 1)[-1]: v for k, v in child.attrib.items()})
        raws.append(raw)
    return title, raws


def _lenient(text: str) -> tuple[str | None, list[_Raw]]:
    """Read items with patterns, for feeds that are not well-formed XML."""
    raws: list[_Raw] = []
    for item in _ITEM.finditer(text):
        raw = _Raw()
        for field in _FIELD.finditer(item.group(2)):
            tag = field["tag"] or field["empty"]
            attrs_text = field["attrs"] or field["eattrs"] or ""
            attrs = {}
            url = _URL_ATTR.search(attrs_text)
            if url:
                attrs["url"] = htmlmod.unescape(url.group(1))
            raw.add(tag, field["body"] or "", attrs)
        raws.append(raw)
    head = text.split("<item", 1)[0]
    title = _CHANNEL_TITLE.search(head)
    return (title.group(1) if title else None), raws


def parse_feed(data: str | bytes, url: str, site: Site = LIVE) -> ListPage:
    """Parse an RSS or Atom feed into a list of stories in feed order.

    Raises:
        BlockedPage: The response is the AWS WAF challenge instead of the feed.
        ErrorPage: The response is the site's error page.
        NoContent: The response is not a feed.
    """
    text = decode_body(data, None) if isinstance(data, bytes) else data
    head = text.lstrip()[:500].lower()
    if "<rss" not in text[:5000].lower() and "<feed" not in text[:5000].lower() and "<item" not in text.lower():
        if head.startswith(("<!doctype html", "<html")) or "<body" in text[:5000].lower():
            tree = LexborHTMLParser(text)
            check_page(text, tree, url)
        raise NoContent("the response is not an RSS feed", url=url)
    parsed = _strict(text) or _lenient(text)
    channel_title, raws = parsed
    items: list[Headline] = []
    seen: set[str] = set()
    for raw in raws:
        link = site.normalize(_plain(raw.first(_LINK_TAGS)), url)
        title = clean_line(_plain(raw.first(_TITLE_TAGS)))
        if not link or not title or link in seen:
            continue
        seen.add(link)
        summary = _plain(raw.first(_SUMMARY_TAGS)) or None
        items.append(Headline(
            title=title,
            url=link,
            rank=len(items) + 1,
            section=site.section_name(link),
            published=parse_time(_plain(raw.first(_DATE_TAGS))) or article_date(link),
            summary=clean_line(summary) if summary else None,
            thumbnail=site.normalize(raw.image, url) if raw.image else None,
        ))
    stamps = {item.published for item in items}
    if len(items) >= 3 and len(stamps) == 1:
        # Every item claims the same time: the feed's build time, not the stories'.
        items = [replace(item, published=article_date(item.url) or item.published) for item in items]
    return ListPage(items=tuple(items), title=clean_line(_plain(channel_title)) or None,
                    matched=f"feed items ({len(items)})")
