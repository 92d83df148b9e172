"""Provides the Korea Times' own article layers: the current layout and the legacy layout.

Each returns the fields it could read, or None when its body container is not on the page; the
chain in `ktui.core.parse.article` merges them with the metadata and generic layers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ktui.core import profile
from ktui.core.models import Image, Link
from ktui.core.parse.body import BodyParts, body_links, links_in, tidy, walk_body
from ktui.core.parse.dom import all_of, ancestors, attr, blocks, first, inside_any, iter_nodes, text
from ktui.core.sections import LEGACY_CATEGORIES, LEGACY_FOLDERS, find_section
from ktui.core.text import clean_line
from ktui.core.times import parse_time
from ktui.core.urls import Site, legacy_id


@dataclass
class Fields:
    """Article fields as one layer found them; None or empty where it found nothing."""

    title: str | None = None
    subtitle: str | None = None
    section: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    byline: str | None = None
    email: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def _dates(node: LexborNode | None, lines: list[str] | None = None) -> tuple[datetime | None, datetime | None]:
    """Find "Posted"/"Updated" times in an element's text, then in its <time> elements."""
    if lines is not None:
        joined = " ".join(lines)
    elif node is not None:
        joined = " ".join(blocks(node))
    else:
        return None, None
    posted = profile.POSTED.search(joined)
    updated = profile.UPDATED.search(joined)
    published_at = parse_time(posted["when"]) if posted else None
    updated_at = parse_time(updated["when"]) if updated else None
    if node is not None and published_at is None:
        # Lexbor's css() includes the element itself when it matches.
        times = {t.mem_id: t for t in node.css("time[datetime]")}
        for time_node in times.values():
            value = parse_time(attr(time_node, "datetime"))
            if value is None:
                continue
            if _says_updated(time_node):
                updated_at = updated_at or value
            elif published_at is None:
                published_at = value
            else:
                # An unlabelled second time in the header is the update time.
                updated_at = updated_at or value
    return published_at, updated_at


def _says_updated(time_node: LexborNode) -> bool:
    """Tell whether a <time> is labelled as the update time (by its text, class or the text before it)."""
    before = time_node.prev
    while before is not None and before.is_text_node and not (before.text_content or "").strip():
        before = before.prev
    label = " ".join((text(time_node), attr(time_node, "class"), attr(time_node, "itemprop"),
                      (before.text_content or "") if before is not None and before.is_text_node else text(before)))
    return any(word in label.lower() for word in ("updat", "modif", "수정", "edited"))


_FURNITURE = re.compile(r"more articles by this reporter|article list|reporter\s*:?|e-?mail\s*:?|기자|"
                        r"view all articles|follow", re.IGNORECASE)


def spaced_text(node: LexborNode) -> str:
    """An element's text with its text pieces joined by spaces (spans in a byline do not touch)."""
    pieces = [(n.text_content or "").strip() for n in iter_nodes(node) if n.is_text_node]
    return clean_line(" ".join(p for p in pieces if p))


def _byline_text(node: LexborNode | None) -> tuple[str | None, str | None]:
    """Return (name, e-mail) from a byline element such as "By Kim Min-ji kim@...".

    Elements with a long text are not bylines but wrappers that merely have "author" in a class.
    """
    if node is None:
        return None, None
    mail = node.css_first("a[href^='mailto:']")
    found = profile.EMAIL.search(attr(mail, "href")) if mail is not None else None
    line = spaced_text(node)
    found = found or profile.EMAIL.search(line)
    email = found.group(0) if found else None
    name_node = first(node, ("[class*=name]", "[class*=Name]"))
    if name_node is not None and name_node.mem_id != node.mem_id and spaced_text(name_node):
        line = spaced_text(name_node)
    for address in profile.EMAIL.findall(line):
        line = line.replace(address, " ")
    line = clean_line(_FURNITURE.sub(" ", line))
    if not line or len(line) > 80:
        return None, email
    match = profile.BYLINE_LINE.match(line)
    name = clean_line((match["name"] if match else line).strip(" ,;|-:"))
    return (name or None), email


def reporter_email(root: LexborHTMLParser | LexborNode, selectors: tuple[str, ...]) -> str | None:
    """The first mailto address that is a person's (not a share button, not the webmaster's)."""
    for selector in selectors:
        for mail in root.css(selector):
            found = profile.EMAIL.search(attr(mail, "href"))
            if found and not found.group(0).lower().startswith(profile.GENERIC_ADDRESSES):
                return found.group(0)
    return None


def _scope(body: LexborNode, title: LexborNode | None) -> LexborNode:
    """Return the element that holds both the headline and the body (the article's own area)."""
    if title is None:
        return body.parent or body
    title_chain = {a.mem_id for a in ancestors(title)}
    for ancestor in ancestors(body):
        if ancestor.mem_id in title_chain:
            return ancestor
    return body.parent or body


def _in_chrome(node: LexborNode) -> bool:
    """Tell whether an element sits in the page's own header, navigation or footer.

    A <header> inside <article> or <main> is the article's header, not the page's.
    """
    chain = list(ancestors(node))
    in_content = any(a.tag in ("article", "main") for a in chain)
    for ancestor in chain:
        if ancestor.tag in ("nav", "footer") or (ancestor.tag == "header" and not in_content):
            return True
        tokens = (ancestor.attributes.get("class") or "").lower().split()
        if any(t.startswith(("gnb", "menu", "footer", "header_", "nav")) for t in tokens):
            return True
    return False


def _title_node(tree: LexborHTMLParser, selectors: tuple[str, ...]) -> LexborNode | None:
    for selector in selectors:
        for node in tree.css(selector):
            line = text(node)
            if (line and profile.TITLE_SUFFIX.sub("", line) != "" and not _in_chrome(node)
                    and line.lower().replace("the ", "") not in ("korea times", "koreatimes")):
                return node
    return None


def current_layout(tree: LexborHTMLParser, url: str, site: Site) -> Fields | None:
    """Read a current-layout (2025-) article: hashed CSS-module classes, `p.editor-p` paragraphs."""
    body = first(tree, profile.CURRENT_BODY)
    if body is None:
        return None
    selector = "p.editor-p" if body.css_first("p.editor-p") is not None else None
    if selector is None and body.css_first("p") is not None:
        selector = "p"
    inline = [link for box in body.css("p") for link in links_in(box, site, url)]
    parts = walk_body(
        body,
        site=site,
        page_url=url,
        strip=profile.CURRENT_STRIP,
        image_boxes=profile.CURRENT_IMAGE_BOXES,
        related_boxes=profile.CURRENT_RELATED,
        paragraph_selector=selector,
    )
    parts = tidy(parts, [link for link in inline if _alone(link, parts)])
    in_text = body_links(body, site=site, page_url=url, paragraphs=parts.paragraphs,
                         exclude=(*profile.CURRENT_STRIP, *profile.CURRENT_RELATED))
    title_node = _title_node(tree, profile.CURRENT_TITLE)
    scope = _scope(body, title_node)
    header_nodes = [n for s in profile.CURRENT_DATES for n in scope.css(s) if not inside_any(n, [body])]
    fields = Fields(
        title=text(title_node) or None,
        paragraphs=parts.paragraphs,
        images=parts.images,
        related=parts.related + _related_outside(tree, body, site, url, parts),
        byline=parts.byline,
        email=parts.email,
        links=in_text,
    )
    for node in header_nodes:
        published, updated = _dates(node)
        fields.published = fields.published or published
        fields.updated = fields.updated or updated
    if fields.byline is None:
        for node in all_of(scope, profile.CURRENT_BYLINE):
            if inside_any(node, [body]):
                continue
            name, email = _byline_text(node)
            if name:
                fields.byline = name
                fields.email = fields.email or email
                break
    fields.email = fields.email or reporter_email(scope, ("a[href^='mailto:']",))
    subtitle = first(scope, profile.CURRENT_SUBTITLE)
    if subtitle is not None and not inside_any(subtitle, [body]):
        fields.subtitle = text(subtitle) or None
    section = site.section_name(url)
    if section is None:
        crumb = first(scope, profile.CURRENT_BREADCRUMB)
        section = text(crumb) or None if crumb is not None and len(text(crumb)) < 40 else None
    fields.section = section
    return fields


def _alone(link: Link, parts: BodyParts) -> bool:
    """Tell whether a link stands as a whole paragraph (a related link, not a link in prose)."""
    return any(link.title == p for p in parts.paragraphs)


def _related_outside(tree: LexborHTMLParser, body: LexborNode, site: Site, url: str,
                     parts: BodyParts) -> list[Link]:
    """Related-article boxes beside the body (not inside it) that sit in the article's own area."""
    if parts.related:
        return []
    seen = {link.url for link in parts.related}
    found: list[Link] = []
    for selector in profile.CURRENT_RELATED[:1]:
        for box in tree.css(selector):
            for link in links_in(box, site, url):
                if link.url not in seen and link.url != url:
                    seen.add(link.url)
                    found.append(link)
    return found


def legacy_layout(tree: LexborHTMLParser, url: str, site: Site) -> Fields | None:
    """Read a legacy (about 2017 to early 2025) or older article: `div.view_headline`, `div#startts`."""
    body = first(tree, profile.LEGACY_BODY)
    headline = first(tree, profile.LEGACY_HEADLINE)
    if body is None:
        return None
    selector = "p.editor-p" if body.css_first("p.editor-p") is not None else None
    inline = links_in(body, site, url)
    parts = walk_body(
        body,
        site=site,
        page_url=url,
        strip=profile.LEGACY_STRIP,
        image_boxes=profile.LEGACY_IMAGE_BOXES,
        related_boxes=profile.LEGACY_RELATED,
        paragraph_selector=selector,
    )
    parts = tidy(parts, inline)
    in_text = body_links(body, site=site, page_url=url, paragraphs=parts.paragraphs,
                         exclude=(*profile.LEGACY_STRIP, *profile.LEGACY_RELATED, *profile.LEGACY_IMAGE_BOXES))
    date_nodes = [n for s in profile.LEGACY_DATES for n in tree.css(s)]
    published, updated = _dates(None, [text(n) for n in date_nodes]) if date_nodes else (None, None)
    fields = Fields(
        title=text(headline) or None,
        paragraphs=parts.paragraphs,
        images=parts.images,
        related=parts.related,
        byline=parts.byline,
        email=parts.email,
        published=published,
        updated=updated,
        links=[link for link in in_text if link.url not in {r.url for r in parts.related}],
    )
    subtitle = first(tree, profile.LEGACY_SUBTITLE)
    fields.subtitle = text(subtitle) or None
    fields.email = fields.email or reporter_email(tree, profile.LEGACY_EMAIL)
    section_node = first(tree, profile.LEGACY_SECTION)
    fields.section = text(section_node) or _legacy_section(url)
    return fields


def _legacy_section(url: str) -> str | None:
    """Name the section of a legacy URL from its category code, else from its folder."""
    ids = legacy_id(url)
    if ids and ids[0] in LEGACY_CATEGORIES:
        return LEGACY_CATEGORIES[ids[0]]
    parts = url.split("/www/", 1)
    if len(parts) == 2:
        folder = parts[1].split("/", 1)[0]
        path = LEGACY_FOLDERS.get(folder)
        section = find_section(path) if path else None
        return section.name if section else None
    return None
