"""Provides the finding of ranked boxes (Top 10, trending, Top 5 ...) by heading text and structure.

No public source gives selectors for these boxes, and the current layout hashes its class names,
so a box is found the way a reader finds it: a short heading such as "Top 10 Stories" or "Most
Viewed", followed by a run of story links; or, without a heading, a list whose items carry the
numbers 1..N. Items are put in rank order by those numbers when every item has one, because the
site lays some rankings out in two columns (1, 3, 5, ... then 2, 4, 6, ...).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ktui.core import profile
from ktui.core.models import Headline
from ktui.core.parse.dom import (
    SKIP_TAGS,
    ancestors,
    attr,
    class_and_id,
    first_of_each,
    iter_nodes,
    labelled_text,
    simple_selectors,
)
from ktui.core.text import clean_line, has_controls
from ktui.core.urls import ARTICLE_KINDS, Site, article_date

_RANK: Final = re.compile(r"^\s*(?:no\.?\s*)?0?(\d{1,2})\s*[.)]?\s*$", re.IGNORECASE)
_LEADING_RANK: Final = re.compile(r"^\s*0?(\d{1,2})[.)]?\s*(?=\S)")
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class StoryLink:
    """An anchor that points at an article, with its place in the document."""

    node: LexborNode
    url: str
    title: str
    order: int


@dataclass
class Box:
    """A ranked box as found."""

    title: str
    kind: str
    items: list[Headline]
    matched: str
    container_id: int


class Page:
    """A parsed page's story links and the document order of its elements."""

    def __init__(self, tree: LexborHTMLParser, url: str, site: Site) -> None:
        self.tree, self.url, self.site = tree, url, site
        self.order: dict[int, int] = {}
        self.links: list[StoryLink] = []
        self.outline: list[tuple[int, LexborNode]] = []
        self.elements: list[LexborNode] = []
        self._link_orders: list[int] = []
        self._chrome: set[int] | None = None
        self._headings: list[tuple[LexborNode, str]] | None = None
        self.ranks: dict[int, int | None] = {}
        """The rank number each item element shows, by id, once read (boxes and lists share items)."""
        body = tree.body
        if body is None:
            return
        # Lexbor's own traversal, in document order, is far faster than walking children in Python.
        for index, node in enumerate(body.traverse(include_text=False)):
            self.elements.append(node)
            self.order[node.mem_id] = index
            tag = node.tag
            if tag == "a":
                target = site.normalize(attr(node, "href"), url)
                if target and site.classify(target) in ARTICLE_KINDS:
                    self.links.append(StoryLink(node, target, link_title(node), index))
                    self._link_orders.append(index)
            elif tag in _HEADINGS:
                self.outline.append((index, node))

    @property
    def headings(self) -> list[tuple[LexborNode, str]]:
        """The box headings of the page, with their labels (found on first use: lists need none)."""
        if self._headings is None:
            self._headings = list(self._find_headings())
        return self._headings

    @property
    def chrome(self) -> set[int]:
        """The ids of the page's chrome elements (`profile.CHROME`: menus, header, footer), found once."""
        if self._chrome is None:
            # One selector list is one compile and one scan of the page, not one per selector.
            self._chrome = {node.mem_id for node in self.tree.css(_CHROME)}
        return self._chrome

    def in_chrome(self, node: LexborNode) -> bool:
        """Tell whether an element lies in (or is) the page's chrome."""
        chrome = self.chrome
        if not chrome:
            return False
        return node.mem_id in chrome or any(a.mem_id in chrome for a in ancestors(node))

    def _find_headings(self) -> Iterable[tuple[LexborNode, str]]:
        """Yield elements whose own short text (or alt/aria-label) is a box heading (menus excluded)."""
        previous: set[int] = set()
        labelled = {node.mem_id for node in self.tree.css("[aria-label]")}
        for node in self.elements:
            tag = node.tag
            if tag not in profile.HEADING_TAGS or tag in SKIP_TAGS:
                continue
            label = attr(node, "alt") if tag == "img" else ""
            if not label and node.mem_id in labelled:
                label = attr(node, "aria-label")
            if not label:
                raw = node.text(deep=True) or ""
                # Most elements are far too long to be a heading, or name no box: reject them before
                # any real work (cleaning the text costs more than everything else here).
                if len(raw) > 4 * profile.HEADING_MAX_CHARS or not could_be_heading(raw):
                    continue
                label = clean_line(raw)
            if not label or len(label) > profile.HEADING_MAX_CHARS:
                continue
            if not (profile.BOX_TOP.match(label) or profile.BOX_TRENDING.match(label)
                    or profile.BOX_OTHER.match(label)):
                continue
            if tag in ("div", "li", "p", "span", "a") and node.css_first("a[href] a, ul, ol, li") is not None:
                continue
            if self.in_chrome(node):
                continue
            # <h2><span>Top 10</span></h2>: keep only the outermost element of one heading.
            if node.parent is not None and node.parent.mem_id in previous:
                previous.add(node.mem_id)
                continue
            previous.add(node.mem_id)
            yield node, label

    def position(self, node: LexborNode) -> int:
        """Return an element's index in document order (-1 if unknown)."""
        return self.order.get(node.mem_id, -1)

    def links_within(self, root: LexborNode) -> list[StoryLink]:
        """Return the story links inside an element, in document order."""
        # The links are in document order and an element's descendants are one run of it.
        start = bisect.bisect_right(self._link_orders, self.position(root))
        stop = bisect.bisect_right(self._link_orders, self._end(root))
        return self.links[start:stop]

    def end_of(self, root: LexborNode) -> int:
        """Return the document position of an element's last descendant."""
        return self._end(root)

    def _end(self, root: LexborNode) -> int:
        last = root
        while True:
            child = last.last_child
            while child is not None and (child.is_text_node or child.is_comment_node or child.mem_id not in self.order):
                child = child.prev
            if child is None:
                break
            last = child
        return self.position(last) if self.position(last) >= 0 else self.position(root)


_CHROME: Final = ", ".join(profile.CHROME)


def could_be_heading(raw: str) -> bool:
    """Tell cheaply whether an element's raw text may be a box heading once cleaned.

    Plain ASCII text without controls cleans to itself with its white space collapsed, so it can
    only match a heading pattern if it holds one of the words those patterns require. Other text
    (controls, which cleaning removes and so may join letters; Korean; Unicode case folding) always
    gets the full test.
    """
    if not raw.isascii() or (not raw.isprintable() and has_controls(raw)):
        return True
    lowered = raw.lower()
    # Plain `in` tests beat a case-insensitive regex several times over, and a loop beats any()'s
    # generator: this runs for nearly every element of a page.
    for word in profile.BOX_WORDS:  # noqa: SIM110
        if word in lowered:
            return True
    return False


_TITLE_PARTS: Final = simple_selectors(("h2", "h3", "h4", "[class*=title]", "[class*=Title]", "[class*=headline]",
                                         "[class*=Headline]", "strong", "img"))
"""Where a link's headline sits, best first; the last entry is the picture whose alt text is the fallback."""


def link_title(anchor: LexborNode) -> str:
    """Return a link's headline: its heading child, its text, or its picture's alt text."""
    *parts, img = first_of_each(anchor, _TITLE_PARTS)
    for found in parts:
        # labelled_text is empty exactly when the element's text is.
        if found is not None and found.mem_id != anchor.mem_id and (line := labelled_text(found)):
            return line
    line = labelled_text(anchor)
    if line:
        return line
    return clean_line(attr(img, "alt")) if img is not None else ""


def _rank_of(item: LexborNode) -> int | None:
    """Return the rank number an item shows before (or instead of) its headline."""
    for node in iter_nodes(item):
        if node.is_text_node:
            value = (node.text_content or "").strip()
            if not value:
                continue
            match = _RANK.match(value) or _LEADING_RANK.match(value)
            return int(match.group(1)) if match else None
        if node.tag == "img" and _RANK.match(attr(node, "alt")):
            return int(_RANK.match(attr(node, "alt")).group(1))  # type: ignore[union-attr]
    return None


def _item_of(link: StoryLink, container: LexborNode, urls_below: dict[int, set[str]]) -> LexborNode:
    """Climb from a link to the largest element below container that holds only its story."""
    item = link.node
    for parent in ancestors(link.node):
        if parent.mem_id == container.mem_id or len(urls_below.get(parent.mem_id, set())) > 1:
            break
        item = parent
    return item


def build_items(page: Page, container: LexborNode, links: list[StoryLink]) -> tuple[list[Headline], bool, bool]:
    """Turn a box's links into ranked headlines.

    Returns the headlines, whether the page numbered every item, and whether the numbers run
    1..N without a gap.
    """
    urls_below: dict[int, set[str]] = {}
    for link in links:
        for parent in ancestors(link.node):
            urls_below.setdefault(parent.mem_id, set()).add(link.url)
            if parent.mem_id == container.mem_id:
                break
    best: dict[str, tuple[str, int | None, int]] = {}
    for link in links:
        item = _item_of(link, container, urls_below)
        if item.mem_id not in page.ranks:
            page.ranks[item.mem_id] = _rank_of(item)
        rank = page.ranks[item.mem_id]
        title = link.title
        if rank is not None:
            title = re.sub(rf"^\s*0?{rank}[.)]?\s*", "", title) or title
        known = best.get(link.url)
        if known is None:
            best[link.url] = (title, rank, link.order)
        else:
            # The longest text wins (a picture link's alt may be shorter than the headline).
            better = title if len(title) > len(known[0]) else known[0]
            best[link.url] = (better, known[1] if known[1] is not None else rank, known[2])
    entries = sorted(best.items(), key=lambda kv: kv[1][2])
    ranks = [entry[1][1] for entry in entries]
    numbered = all(r is not None for r in ranks) and len(set(ranks)) == len(ranks) and len(ranks) > 1
    contiguous = numbered and sorted(r or 0 for r in ranks) == list(range(1, len(ranks) + 1))
    if numbered:
        entries.sort(key=lambda kv: kv[1][1] or 0)
    items = [
        Headline(title=title, url=url, rank=index, section=page.site.section_name(url),
                 published=article_date(url))
        for index, (url, (title, _rank, _order)) in enumerate(entries, start=1)
        if title
    ]
    return items, numbered, contiguous


def _kind(label: str) -> str:
    if profile.BOX_TOP.match(label):
        return "top"
    if profile.BOX_TRENDING.match(label):
        return "trending"
    return "other"


def headed_boxes(page: Page) -> list[Box]:
    """Find boxes under a heading that matches one of the profile's box patterns."""
    boxes: list[Box] = []
    starts = sorted(page.position(node) for node, _ in page.headings)
    outline = [pos for pos, node in page.outline if not node.css_first("a[href]") and
               not any(a.tag == "a" for a in ancestors(node))]
    for heading, label in page.headings:
        start = page.position(heading)
        # Headings nested in this one (<div><h2>Top 10</h2></div>) do not end its box.
        after = page.end_of(heading)
        later = [p for p in starts + outline if p > after]
        stop = min(later) if later else 1 << 60
        inside_heading = {link.node.mem_id for link in page.links_within(heading)}
        chosen: tuple[LexborNode, list[StoryLink]] | None = None
        for depth, ancestor in enumerate(ancestors(heading)):
            if depth > 7 or ancestor.tag == "body":
                break
            links = [link for link in page.links_within(ancestor)
                     if start < link.order < stop and link.node.mem_id not in inside_heading]
            if len({link.url for link in links}) >= 3:
                chosen = (ancestor, links)
                break
        if chosen is None:
            continue
        container, links = chosen
        items, numbered, _ = build_items(page, container, links)
        if len(items) < 3:
            continue
        shape = "numbered" if numbered else "in page order"
        where = f'<{container.tag} class="{clean_line(class_and_id(container))}">'
        matched = f'heading "{label}" <{heading.tag}> in {where}, {len(items)} links, {shape}'
        boxes.append(Box(label, _kind(label), items, matched, container.mem_id))
    return boxes


def numbered_lists(page: Page, taken: set[str]) -> list[Box]:
    """Find lists without a heading whose items are numbered 1..N (a ranking strip)."""
    candidates: dict[int, LexborNode] = {}
    for node in page.tree.css("ol, ul"):
        for element in (node, node.parent, node.parent.parent if node.parent is not None else None):
            if element is not None and element.tag not in ("body", "html"):
                candidates.setdefault(element.mem_id, element)
    for node in page.tree.css("[class], [id]"):
        if node.tag not in ("body", "html", "a") and profile.RANK_HINTS.search(class_and_id(node)):
            candidates.setdefault(node.mem_id, node)
    found: list[Box] = []
    tried: set[frozenset[str]] = set()
    for element in candidates.values():
        links = page.links_within(element)
        urls = frozenset(link.url for link in links)
        # A list's parent usually holds the same stories: rank each set of stories once.
        if not 5 <= len(urls) <= 50 or urls in tried or urls <= taken:
            continue
        tried.add(urls)
        items, _, contiguous = build_items(page, element, links)
        if not contiguous or len(items) < 5:
            continue
        matched = f'numbered list without heading <{element.tag} class="{clean_line(class_and_id(element))}">' \
                  f", {len(items)} items"
        found.append(Box("Most viewed", "trending", items, matched, element.mem_id))
    # Keep the deepest element for each list of stories (its parents list the same ones).
    found.sort(key=lambda box: -page.order.get(box.container_id, 0))
    unique: dict[frozenset[str], Box] = {}
    for box in found:
        unique.setdefault(frozenset(i.url for i in box.items), box)
    return sorted(unique.values(), key=lambda box: page.order.get(box.container_id, 0))
