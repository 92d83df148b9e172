"""Provides the walk over an article body that separates text, pictures and related links.

One pass in document order: paragraphs are collected, image boxes become `Image`s placed before
the paragraph that follows them, related-article boxes become `Link`s, and ads and scripts are
skipped with their whole subtree. Afterwards the byline line ("By ..."), the reporter's e-mail line
and page furniture are taken out of the paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from ktui.core import profile
from ktui.core.models import Image, Link
from ktui.core.parse.dom import BLOCK_TAGS, SKIP_TAGS, attr, blocks, first_of_each, image_url, simple_selectors, text
from ktui.core.text import clean_line, fold_key
from ktui.core.urls import ARTICLE_KINDS, Site

_END = object()
_LINK_PARTS = simple_selectors(("h2", "h3", "h4", "strong", "[class*=title]", "[class*=Title]", "[class*=headline]",
                                 "[class*=Headline]", "img"))
"""Where a link's title sits, best first; the last entry is the picture whose alt text is the fallback."""


@dataclass
class BodyParts:
    """What a body walk found."""

    paragraphs: list[str] = field(default_factory=list)
    """Body paragraphs in order."""
    images: list[Image] = field(default_factory=list)
    """Pictures, each placed before a paragraph index."""
    related: list[Link] = field(default_factory=list)
    """Related articles found in boxes inside the body."""
    byline: str | None = None
    """The byline line taken out of the body."""
    email: str | None = None
    """The e-mail address taken out of the body."""


def _ids(root: LexborNode, selectors: Sequence[str]) -> set[int]:
    """The ids of the elements under root (root included) that match any of the selectors."""
    if not selectors:
        return set()
    # One selector list: one compile and one scan instead of one per selector.
    return {node.mem_id for node in root.css(", ".join(selectors))}


def _is_content_image(node: LexborNode) -> bool:
    """Tell a picture from an icon, a spacer or a tracking pixel."""
    for name in ("width", "height"):
        value = attr(node, name).rstrip("px")
        if value.isdigit() and int(value) < 60:
            return False
    src = image_url(node).lower()
    return bool(src) and not any(word in src for word in ("icon", "logo", "pixel", "blank.", "spacer", "btn_"))


def _caption(box: LexborNode, img: LexborNode | None) -> str | None:
    """Return the caption text of an image box."""
    for selector in profile.CAPTIONS:
        for node in box.css(selector):
            if img is not None and node.css_first("img") is not None and selector in ("div", "span", "p"):
                continue
            caption = text(node)
            if caption:
                return caption
    caption = clean_line(" ".join(blocks(box)))
    return caption or None


def links_in(node: LexborNode, site: Site, page_url: str) -> list[Link]:
    """Return the distinct article links inside an element, titled by their text or picture."""
    found: list[Link] = []
    seen: set[str] = set()
    for anchor in node.css("a[href]"):
        url = site.normalize(attr(anchor, "href"), page_url)
        if url is None or url in seen or site.classify(url) not in ARTICLE_KINDS:
            continue
        *parts, img = first_of_each(anchor, _LINK_PARTS)
        title = text(next((found for found in parts if found is not None), anchor))
        if not title:
            title = clean_line(attr(img, "alt")) if img is not None else ""
        if title:
            seen.add(url)
            found.append(Link(title=title, url=url))
    return found


def body_links(body: LexborNode, *, site: Site, page_url: str, paragraphs: Sequence[str],
               exclude: Sequence[str]) -> list[Link]:
    """The links inside the kept paragraphs' text (not in boxes, ads or related blocks), in order."""
    excluded = _ids(body, exclude)
    found: list[Link] = []
    seen = {page_url}
    for anchor in body.css("a[href]"):
        if any(a.mem_id in excluded for a in (anchor, *_parents_until(anchor, body))):
            continue
        url = site.normalize(attr(anchor, "href"), page_url)
        title = text(anchor)
        if url is None or url in seen or not title or not any(title in p for p in paragraphs):
            continue
        seen.add(url)
        found.append(Link(title=title, url=url))
    return found


def _parents_until(node: LexborNode, root: LexborNode) -> list[LexborNode]:
    out = []
    parent = node.parent
    while parent is not None and parent.mem_id != root.mem_id:
        out.append(parent)
        parent = parent.parent
    return out


def walk_body(
    body: LexborNode,
    *,
    site: Site,
    page_url: str,
    strip: Sequence[str],
    image_boxes: Sequence[str],
    related_boxes: Sequence[str],
    paragraph_selector: str | None,
) -> BodyParts:
    """Walk a body container once, collecting paragraphs, pictures and related links.

    With `paragraph_selector`, only matching elements are paragraphs (other loose text is page
    furniture); without it, every line of visible text is, breaking at blocks and <br>.
    """
    parts = BodyParts()
    skip = _ids(body, strip)
    boxes = _ids(body, image_boxes)
    related = _ids(body, related_boxes)
    paragraph_ids = _ids(body, (paragraph_selector,)) if paragraph_selector else set()
    seen_images: set[str] = set()
    current: list[str] = []

    def flush() -> None:
        line = clean_line("".join(current))
        current.clear()
        if line:
            parts.paragraphs.append(line)

    def add_image(img: LexborNode | None, box: LexborNode | None) -> None:
        if img is None or not _is_content_image(img):
            return
        url = site.normalize(image_url(img), page_url)
        if url is None or url in seen_images:
            return
        seen_images.add(url)
        caption = _caption(box, img) if box is not None else None
        parts.images.append(Image(url=url, caption=caption, position=len(parts.paragraphs)))

    stack: list[object] = [body]
    while stack:
        item = stack.pop()
        if item is _END:
            flush()
            continue
        assert isinstance(item, LexborNode)
        if item.is_text_node:
            if not paragraph_ids:
                current.append(item.text_content or "")
            continue
        tag, node_id = item.tag, item.mem_id
        if item.is_comment_node or tag in SKIP_TAGS:
            continue
        if node_id in related:
            parts.related.extend(links_in(item, site, page_url))
            continue
        if node_id in boxes:
            flush()
            add_image(item.css_first("img"), item)
            continue
        if node_id in skip and item is not body:
            continue
        if tag == "img":
            flush()
            add_image(item, None)
            continue
        if node_id in paragraph_ids:
            for img in item.css("img"):
                add_image(img, None)
            line = text(item)
            if line:
                parts.paragraphs.append(line)
            continue
        if tag in BLOCK_TAGS:
            flush()
            stack.append(_END)
        children = list(item.iter(include_text=True))
        children.reverse()
        stack.extend(children)
    flush()
    return parts


def tidy(parts: BodyParts, inline_links: Sequence[Link] = ()) -> BodyParts:
    """Take the byline, e-mail, furniture and inline related-article lines out of the paragraphs.

    `inline_links` are article links found inside the body: a line that is only such a link's
    title (or a "date | section" line under it) belongs to an inline related-articles block.
    """
    link_titles = {fold_key(link.title) for link in inline_links}
    kept: list[tuple[int, str]] = []
    related_seen = {link.url for link in parts.related}
    for index, line in enumerate(parts.paragraphs):
        key = fold_key(line)
        if profile.BOILERPLATE_LINES.match(line) or profile.RELATED_META.match(line):
            continue
        if key in link_titles or (len(key) % 2 == 0 and key[: len(key) // 2] in link_titles
                                  and key[: len(key) // 2] == key[len(key) // 2 :]):
            continue
        kept.append((index, line))
    for link in inline_links:
        if link.url not in related_seen and any(fold_key(link.title) == fold_key(p) for p in parts.paragraphs):
            parts.related.append(link)
            related_seen.add(link.url)
    # The byline stands alone in one of the first lines; the e-mail in one of the last.
    for position, (_index, line) in enumerate(kept[:3]):
        match = profile.BYLINE_LINE.match(line)
        if match and len(line) <= 120 and not line.rstrip().endswith((".", "?", "!", '"')):
            name = match["name"]
            email = profile.EMAIL.search(name)
            if email:
                parts.email = parts.email or email.group(0)
                name = name.replace(email.group(0), "")
            parts.byline = clean_line(name.strip(" ,;|-")) or None
            del kept[position]
            break
    while kept and profile.EMAIL_LINE.match(kept[-1][1]):
        found = profile.EMAIL.search(kept[-1][1])
        if found:
            parts.email = parts.email or found.group(0)
        kept.pop()
    # Keep image positions pointing at the same paragraphs after lines were removed.
    old_to_new = {old: new for new, (old, _line) in enumerate(kept)}
    images: list[Image] = []
    for image in parts.images:
        later = [old_to_new[i] for i in old_to_new if i >= image.position]
        images.append(Image(image.url, image.caption, min(later) if later else len(kept)))
    parts.paragraphs = [line for _index, line in kept]
    parts.images = images
    return parts
