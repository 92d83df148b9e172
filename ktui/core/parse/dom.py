"""Provides small helpers over selectolax's Lexbor parser that every site parser shares.

Text is always read through these helpers, so it is cleaned of controls and its block structure is
kept: `blocks` splits a container into the lines a reader sees, breaking at block elements and
<br>, without recursion (hostile pages can nest elements thousands deep).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ktui.core.charset import decode_body
from ktui.core.text import clean_line

BLOCK_TAGS: Final = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "table", "tr", "td", "th", "ul", "br", "center", "details", "summary",
})
"""Elements that start a new line of text."""

SKIP_TAGS: Final = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "head", "title",
                              "select", "option", "button", "input", "textarea", "object", "embed"})
"""Elements whose text a reader never sees."""

_SENTINEL: Final = object()


def parse_html(html: str | bytes) -> LexborHTMLParser:
    """Parse a page; bytes are decoded by their meta charset, UTF-8, then Korean codecs."""
    return parse_page(html)[1]


def parse_page(html: str | bytes) -> tuple[str, LexborHTMLParser]:
    """Parse a page once, returning its text (decoded as `parse_html` does) and its tree.

    The parsers need both: the tree for the layers, the text for the page checks and the generic
    extractor. Serialising the tree back (`tree.html`) would cost a walk of the whole page.
    """
    if isinstance(html, bytes):
        html = decode_body(html, None)
    return html, LexborHTMLParser(html)


def first(node: LexborHTMLParser | LexborNode, selectors: Iterable[str]) -> LexborNode | None:
    """Return the first match of the first selector that matches anything."""
    for selector in selectors:
        found = node.css_first(selector)
        if found is not None:
            return found
    return None


SimpleSelector = tuple[str | None, str | None]
"""A compiled `simple_selectors` entry: (tag or None, part of the class attribute or None)."""

_SIMPLE: Final = re.compile(r"(?P<tag>[a-z][a-z0-9]*)?(?:\[class\*=(?P<part>[\w-]+)\])?")


def simple_selectors(selectors: Iterable[str]) -> tuple[SimpleSelector, ...]:
    """Compile selectors of the forms `tag`, `[class*=part]` and `tag[class*=part]` for `first_of_each`.

    Raises:
        ValueError: A selector has another form (a programming error, caught at import).
    """
    compiled: list[SimpleSelector] = []
    for selector in selectors:
        match = _SIMPLE.fullmatch(selector)
        if match is None or not selector:
            raise ValueError(f"not a simple selector: {selector!r}")
        compiled.append((match["tag"], match["part"]))
    return tuple(compiled)


def first_of_each(root: LexborNode, selectors: tuple[SimpleSelector, ...]) -> list[LexborNode | None]:
    """For each selector, the first element under root (root included, document order) that matches it.

    This is `[root.css_first(s) for s in selectors]` in one walk. Lexbor compiles a selector on every
    call, which costs more than walking the few elements of a link or a card in Python, and these
    look-ups run for every link of a page.
    """
    found: list[LexborNode | None] = [None] * len(selectors)
    missing = len(selectors)
    for node in root.traverse():
        if not node.is_element_node:
            continue
        tag = node.tag
        classes: str | None = None
        for index, (want_tag, part) in enumerate(selectors):
            if found[index] is not None or (want_tag is not None and tag != want_tag):
                continue
            if part is not None:
                if classes is None:
                    classes = node.attributes.get("class") or ""
                if part not in classes:
                    continue
            found[index] = node
            missing -= 1
        if not missing:
            break
    return found


def all_of(node: LexborHTMLParser | LexborNode, selectors: Iterable[str]) -> list[LexborNode]:
    """Return the matches of the first selector that matches anything."""
    for selector in selectors:
        found = node.css(selector)
        if found:
            return list(found)
    return []


def text(node: LexborNode | None) -> str:
    """Return an element's text as one clean line (inline text joined as the page shows it)."""
    if node is None:
        return ""
    return clean_line(" ".join(blocks(node)))


_LABEL_MAX = 24


def labelled_text(node: LexborNode | None) -> str:
    """An element's text as one line, with a leading label set off the way the site's alt text does.

    Headlines often start with a label element glued to the text ("<span>INTERVIEW</span>Chef
    brings ..."); it reads "[INTERVIEW] Chef brings ...", as the site writes it in alt attributes.
    """
    if node is None:
        return ""
    line = text(node)
    children = [c for c in node.iter(include_text=True) if not (c.is_text_node and not (c.text_content or "").strip())]
    if len(children) < 2 or children[0].is_text_node or children[0].tag in ("img", "br"):
        return line
    label, following = text(children[0]), children[1]
    glued = following.is_text_node and not (following.text_content or " ")[:1].isspace()
    if (glued and label and len(label) <= _LABEL_MAX and label.upper() == label and any(c.isalpha() for c in label)
            and line.startswith(label)):
        return f"[{label.strip('[]')}] {line[len(label):].lstrip()}"
    return line


def attr(node: LexborNode | None, name: str) -> str:
    """Return an attribute's value, or an empty string."""
    if node is None:
        return ""
    value = node.attributes.get(name)
    return value.strip() if value else ""


def iter_nodes(root: LexborNode) -> Iterator[LexborNode]:
    """Yield every element and text node under root in document order, skipping invisible ones."""
    stack: list[LexborNode] = [root]
    while stack:
        node = stack.pop()
        yield node
        if node.tag in SKIP_TAGS or node.is_text_node:
            continue
        children = list(node.iter(include_text=True))
        children.reverse()
        stack.extend(children)


def blocks(root: LexborNode) -> list[str]:
    """Split an element's visible text into lines, breaking at block elements and <br>."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = clean_line("".join(current))
        if line:
            lines.append(line)
        current.clear()

    stack: list[object] = [root]
    while stack:
        item = stack.pop()
        if item is _SENTINEL:
            flush()
            continue
        assert isinstance(item, LexborNode)
        if item.is_text_node:
            current.append(item.text_content or "")
            continue
        tag = item.tag
        if tag in SKIP_TAGS or item.is_comment_node:
            continue
        if tag in BLOCK_TAGS:
            flush()
            stack.append(_SENTINEL)
        elif tag == "img":
            continue
        children = list(item.iter(include_text=True))
        children.reverse()
        stack.extend(children)
    flush()
    return lines


def decompose_all(root: LexborNode | LexborHTMLParser, selectors: Iterable[str]) -> None:
    """Remove every element matching any of the selectors from the tree."""
    for selector in selectors:
        for node in root.css(selector):
            node.decompose()


def ancestors(node: LexborNode) -> Iterator[LexborNode]:
    """Yield an element's ancestors, nearest first."""
    parent = node.parent
    while parent is not None and parent.tag not in ("-document", "html"):
        yield parent
        parent = parent.parent


def inside_any(node: LexborNode, selectors_match: Iterable[LexborNode]) -> bool:
    """Tell whether node lies inside (or is) one of the given elements."""
    ids = {n.mem_id for n in selectors_match}
    if node.mem_id in ids:
        return True
    return any(a.mem_id in ids for a in ancestors(node))


def class_and_id(node: LexborNode) -> str:
    """Return an element's class and id joined, for loose hints."""
    attributes = node.attributes  # built anew on every access
    return f"{attributes.get('class') or ''} {attributes.get('id') or ''}"


def image_url(node: LexborNode) -> str:
    """Return the best source of an <img>: src, or a lazy-loading attribute, or the first srcset entry."""
    for name in ("src", "data-src", "data-original", "data-lazy-src"):
        value = attr(node, name)
        if value and not value.startswith("data:"):
            return value
    srcset = attr(node, "srcset") or attr(node, "data-srcset")
    if srcset:
        return srcset.split(",")[0].strip().split(" ")[0]
    return ""
