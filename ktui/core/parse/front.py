"""Provides `parse_front`: the front page's Top 10 stories, trending ranking and other ranked boxes.

The boxes are found by `ktui.core.parse.boxes` from headings and numbering. When the page has no
Top 10 box, the top stories are the first ten stories in page order outside the navigation (the
order of prominence on a news front page); when it has no trending box, the ranking stays empty
and `FrontPage.sources` says so, for `ktui doctor`.
"""

from __future__ import annotations

from typing import Final

from ktui.core.errors import NoContent
from ktui.core.models import FrontPage, Headline, RankedBox
from ktui.core.parse.boxes import Box, Page, headed_boxes, numbered_lists
from ktui.core.parse.dom import parse_page
from ktui.core.parse.pagekind import check_page
from ktui.core.urls import LIVE, Site, article_date

TOP_SIZE: Final = 10
"""How many top stories the front page shows."""


def _pick(boxes: list[Box], kind: str, prefer: int) -> Box | None:
    """Choose the box of a kind, preferring one whose size is closest to `prefer`."""
    matches = [box for box in boxes if box.kind == kind]
    if not matches:
        return None
    return min(matches, key=lambda box: (abs(len(box.items) - prefer), boxes.index(box)))


def _page_order(page: Page) -> list[Headline]:
    """Every distinct story outside the page chrome, in page order."""
    seen: set[str] = set()
    out: list[Headline] = []
    for link in page.links:
        if link.url in seen or not link.title or page.in_chrome(link.node):
            continue
        seen.add(link.url)
        out.append(Headline(title=link.title, url=link.url, rank=len(out) + 1,
                            section=page.site.section_name(link.url), published=article_date(link.url)))
    return out


def parse_front(html: str | bytes, url: str, site: Site = LIVE) -> FrontPage:
    """Parse the front page.

    Raises:
        BlockedPage: The page is the AWS WAF challenge.
        ErrorPage: The page is the site's error page.
        NoContent: The page links to no stories at all.
    """
    source, tree = parse_page(html)
    check_page(source, tree, url)
    page = Page(tree, url, site)
    boxes = headed_boxes(page)
    headlines = _page_order(page)
    if not headlines and not boxes:
        raise NoContent("the front page links to no stories", url=url)
    sources: dict[str, str] = {}
    top_box = _pick(boxes, "top", TOP_SIZE)
    trending_box = _pick(boxes, "trending", 20)
    if trending_box is None:
        taken = {item.url for box in boxes for item in box.items}
        strips = numbered_lists(page, taken)
        if strips:
            trending_box = max(strips, key=lambda box: len(box.items))
            boxes.append(trending_box)
    if top_box is not None:
        top = tuple(top_box.items[:TOP_SIZE])
        sources["top"] = top_box.matched
    else:
        top = tuple(headlines[:TOP_SIZE])
        sources["top"] = f"no Top 10 box found; the first {len(top)} stories in page order"
    if trending_box is not None:
        trending = tuple(trending_box.items)
        sources["trending"] = trending_box.matched
    else:
        trending = ()
        sources["trending"] = "no trending or most-viewed box found"
    ranked = tuple(
        RankedBox(title=box.title, kind=box.kind, items=tuple(box.items), matched=box.matched)
        for box in sorted(boxes, key=lambda b: page.order.get(b.container_id, 0))
    )
    return FrontPage(top=top, trending=trending, boxes=ranked, headlines=tuple(headlines), sources=sources)
