"""Provides `parse_list`: the stories of a section page or a search results page, and the next page.

Cards are found by the profile's card selectors (the current layout's `SectionModule_item`, the
legacy `list_article_area`); on a page where none match, the largest group of sibling blocks that
each link one story is taken as the list, so an unforeseen layout still yields its stories.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ktui.core import profile
from ktui.core.errors import NoContent
from ktui.core.models import Headline, ListPage
from ktui.core.parse.boxes import Page, StoryLink, link_title
from ktui.core.parse.dom import all_of, ancestors, attr, first, image_url, parse_page, text
from ktui.core.parse.pagekind import check_page
from ktui.core.text import fold_key
from ktui.core.times import parse_time
from ktui.core.urls import LIVE, Site, article_date, page_number

_SUMMARY: Final = ", ".join(profile.LIST_SUMMARY)
_DATE: Final = ", ".join(profile.LIST_DATE)


def _card_headline(card: LexborNode, link: StoryLink, site: Site, page_url: str) -> Headline:
    """Read one card: headline, lead, picture and date."""
    title_node = first(card, profile.LIST_TITLE)
    title = text(title_node) if title_node is not None else ""
    if not title or len(title) > 300:
        title = link.title
    summary = None
    for node in card.css(_SUMMARY):
        line = text(node)
        if len(line) > 20 and fold_key(line) != fold_key(title) and fold_key(title) not in fold_key(line)[:len(title)]:
            summary = line
            break
    published = None
    for node in card.css(_DATE):
        published = parse_time(attr(node, "datetime")) or parse_time(text(node))
        if published is not None:
            break
    img = card.css_first("img")
    thumbnail = site.normalize(image_url(img), page_url) if img is not None else None
    return Headline(
        title=title,
        url=link.url,
        section=site.section_name(link.url),
        published=published or article_date(link.url),
        summary=summary,
        thumbnail=thumbnail,
    )


def _cards(page: Page) -> tuple[list[tuple[LexborNode, StoryLink]], str]:
    """Return (card, its story link) pairs and how they were found."""
    for selector in profile.LIST_CARDS:
        cards = [card for card in page.tree.css(selector) if not page.in_chrome(card)]
        # A card selector can match both a card and its inner parts; keep the outermost.
        ids = {card.mem_id for card in cards}
        cards = [card for card in cards if not any(a.mem_id in ids for a in ancestors(card))]
        pairs = []
        for card in cards:
            links = page.links_within(card)
            if links:
                pairs.append((card, links[0]))
        if pairs:
            return pairs, f"cards {selector} ({len(pairs)})"
    return _repeated_blocks(page)


def _repeated_blocks(page: Page) -> tuple[list[tuple[LexborNode, StoryLink]], str]:
    """Find the largest run of sibling blocks that each hold one story (any layout)."""
    links = [link for link in page.links if not page.in_chrome(link.node)]
    urls_below: dict[int, set[str]] = defaultdict(set)
    for link in links:
        for parent in ancestors(link.node):
            urls_below[parent.mem_id].add(link.url)
    groups: dict[int, list[tuple[LexborNode, StoryLink]]] = defaultdict(list)
    seen: set[str] = set()
    for link in links:
        if link.url in seen:
            continue
        seen.add(link.url)
        card = link.node
        for parent in ancestors(link.node):
            if len(urls_below[parent.mem_id]) > 1:
                parent_id = parent.mem_id
                break
            card = parent
        else:
            parent_id = -1
        groups[parent_id].append((card, link))
    if not groups:
        return [], "no story links"
    parent_id, best = max(groups.items(), key=lambda kv: len(kv[1]))
    if len(best) >= 3:
        return best, f"repeated blocks ({len(best)}) without a known card class"
    pairs = [(link.node, link) for link in links if link.url in {lk.url for lk in links}]
    unique: dict[str, tuple[LexborNode, StoryLink]] = {}
    for node, link in pairs:
        unique.setdefault(link.url, (node, link))
    return list(unique.values()), "all story links outside the navigation"


def find_next(tree: LexborHTMLParser, url: str, site: Site) -> str | None:
    """Return the URL of the list's next page, if the page links one."""
    current = page_number(url)
    candidates: list[LexborNode] = []
    for selector in profile.NEXT_LINK:
        candidates.extend(tree.css(selector))
    for container in all_of(tree, profile.PAGINATION):
        for anchor in container.css("a[href]"):
            label = (text(anchor) or attr(anchor, "aria-label") or attr(anchor, "title")).lower()
            if label in profile.NEXT_TEXTS or "next" in label or label == str(current + 1):
                candidates.append(anchor)
    for anchor in candidates:
        target = site.normalize(attr(anchor, "href"), url)
        if target and target != url and site.site_path(target) is not None and page_number(target) > current:
            return target
    return None


def parse_list(html: str | bytes, url: str, site: Site = LIVE, *, title: str | None = None) -> ListPage:
    """Parse a section page or a search results page.

    Raises:
        BlockedPage: The page is the AWS WAF challenge.
        ErrorPage: The page is the site's error page.
    """
    source, tree = parse_page(html)
    check_page(source, tree, url)
    page = Page(tree, url, site)
    pairs, matched = _cards(page)
    items: list[Headline] = []
    seen: set[str] = set()
    for card, link in pairs:
        if link.url in seen:
            continue
        seen.add(link.url)
        headline = _card_headline(card, link, site, url)
        if headline.title:
            items.append(replace(headline, rank=len(items) + 1))
    heading = text(tree.css_first("h1")) or None
    if not items and tree.body is None:
        raise NoContent("the page lists no stories", url=url)
    return ListPage(items=tuple(items), title=title or heading, next_url=find_next(tree, url, site),
                    matched=matched)


def parse_search(html: str | bytes, url: str, query: str, site: Site = LIVE) -> ListPage:
    """Parse a search results page (either layout) into a list titled by the query."""
    return parse_list(html, url, site, title=query)


__all__ = ["find_next", "link_title", "parse_list", "parse_search"]
