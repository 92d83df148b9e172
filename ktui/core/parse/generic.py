"""Provides the generic reader-mode extractor: the last layer of ktui's article-extraction chain.

It knows nothing about the page: it serves layouts nobody foresaw and other sites' pages that a
user reaches by a link, turning any news page into a title, plain-text paragraphs and a few facts
about the story, or into `None` when the page holds no article. It works in three steps:

1. trafilatura finds the body twice: once favouring precision, once with its default balance. The
   precise pass decides where the story starts and ends; the default pass fills in what the
   precise one skipped between those ends (a short paragraph, a list, a quoted post).
2. The body is flattened into paragraphs: one per paragraph, heading, list item, quote or table
   row, with inline markup dropped and white space collapsed.
3. Lines that a reader never wants are dropped: the headline repeated as the first line, a dek
   that repeats the page's description, short lines made of links (related stories), short
   reader prompts (newsletters, "follow us", "advertisement", copyright lines) and headings left
   with nothing under them.

trafilatura is imported inside `extract_generic`, so ktui's start-up does not pay for it. The page
is parsed once (trafilatura's lxml loader); both passes and all the look-ups read that one tree.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

_LOG = logging.getLogger(__name__)

MIN_WORDS = 40
"""Fewer words than this in the body and the page is not an article (a login form, a list of links)."""
# Input is cut to _MAX_INPUT before parsing, and pages still longer than _MAX_CHARS once scripts
# and styles are gone are cut again: the story is near the top, and trafilatura's time grows with
# the size (news pages measure 20 kB to 250 kB by then).
_MAX_INPUT = 10_000_000
_MAX_CHARS = 1_000_000
# Lines of at most _SHORT words are tested against the reader prompts; lines of at most
# _LINKY_WORDS words whose text is at least _LINKY_SHARE link text are links to elsewhere.
_SHORT = 40
_LINKY_WORDS = 30
_LINKY_SHARE = 0.8

_WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# C0 controls (except tab and newlines) and lone surrogates break lxml and are never text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# Control characters and replacement characters: a page made of them is binary or mis-decoded.
_NOISE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
# Reader prompts and page furniture, in the wording every publishing system shares. Labels
# ("Related:", "ADVERTISEMENT") must open the line and stand alone or end in a separator, so prose
# that merely starts with "Related" or "Recommended" stays; prompts to follow or subscribe must be
# imperatives opening a sentence, so a story that mentions a newsletter or an inbox stays.
_PROMPT = re.compile(
    r"""^(?:advertisement|advertising|sponsored(?:\ content)?|related(?:\ (?:articles?|stories|posts|content))?
           |read\ (?:more|next|also)|see\ (?:more|also)|more|also\ read|don'?t\ miss|recommended(?:\ for\ you)?
           |you\ (?:may|might)\ also\ like|trending(?:\ now)?|share\ (?:this|on\ \w+)|follow\ us
           |most\ (?:read|popular|viewed|shared)(?:\ in\ \w+(?:\ \w+)?)?|filed\ under|tags?|topics
           |(?:photo|image|picture|illustration|video)s?(?:\ (?:credit|courtesy))?
          )\s*(?:[:|»>]|\.\.\.|…|$)
      |^\(?(?:photo|image|picture|illustration)s?\ (?:by|courtesy|credit)\b
      |^(?:copyright|©).{0,80}\b(?:19|20)\d\d\b|\ball\ rights\ reserved\b
      |^(?:updated|published|posted|last\ (?:updated|modified))\b.{0,50}\d.{0,20}$
      |^(?:reading|read)\ time\b|\b\d+\ ?min(?:ute)?s?\ read\b
      |(?:^|[.!?]\s)(?:follow|like)\ (?:us|me|him|her|them|\w+)(?:\ \w+){0,2}
          \ on\ (?:twitter|facebook|instagram|x|linkedin|tiktok|youtube)\b
      |(?:^|[.!?]\s)(?:sign\ up|subscribe|register)\b.{0,60}\b(?:newsletters?|inbox|alerts)\b
      |\b(?:delivered|straight|right)\ (?:to|in|into)\ your\ inbox\b
      |\bif\ you\ (?:enjoyed|liked)\ this\b|\bcomments\ (?:are|is)\ closed\b|^leave\ a\ (?:comment|reply)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Tags after which a new line starts, in trafilatura's output and in raw HTML that its fallback
# extractors may hand back.
_BLOCK_TAGS = frozenset(
    {
        *("p", "head", "list", "item", "quote", "table", "row", "figure", "pre", "code", "caption"),
        *("div", "section", "article", "main", "header", "footer", "aside", "body", "tr"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote"),
    }
)
_KIND = {"h1": "head", "h2": "head", "h3": "head", "h4": "head", "h5": "head", "h6": "head"}
_CELL_TAGS = frozenset({"cell", "td", "th"})
_BREAK_TAGS = frozenset({"lb", "br"})
_DROP_TAGS = frozenset({"figcaption", "graphic", "img"})
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
# Where publishers state the publication time: meta tags, microdata, <time pubdate>.
_DATE_XPATH = (
    "//meta[@property='article:published_time' or @itemprop='datePublished' or @name='pubdate'"
    " or @name='publish-date' or @name='dc.date']/@content"
    " | //*[@itemprop='datePublished']/@datetime | //time[@pubdate]/@datetime"
)


@dataclass(frozen=True, slots=True)
class GenericExtract:
    """The article that the generic extractor found on a page."""

    title: str | None
    """The headline, when the page names one."""
    paragraphs: tuple[str, ...]
    """The body: one plain-text, white-space-normalised paragraph each, never an empty string."""
    byline: str | None
    """The author names as the page gives them, without a leading "By "."""
    published: str | None
    """The publication date or date and time as an ISO 8601 string, when found."""
    description: str | None
    """The page's summary of the story (its meta or OpenGraph description)."""
    images: tuple[tuple[str, str | None], ...]
    """The images of the body as (absolute URL, caption or None)."""
    sitename: str | None
    """The publication's name, when the page gives one."""


@dataclass(slots=True)
class _Block:
    """One line of the body while it is being cleaned: its kind ("head", "p", "item"...) and text."""

    kind: str
    parts: list[str]
    text: str = ""


def extract_generic(html: str, url: str | None = None) -> GenericExtract | None:
    """Return the article of any news page, or None when the page has no article body.

    Args:
        html: The page's HTML as text. Any text is accepted: garbage, binary noise or an empty
            string give None.
        url: The page's address; it makes image URLs absolute and helps trafilatura's metadata.

    Returns:
        The article, or None when no body of at least `MIN_WORDS` words was found.
    """
    try:
        return _extract(html, url)
    except ImportError:
        # A broken install (trafilatura or its lxml parts missing) is not a page problem: say so.
        _LOG.warning("the generic extractor cannot run: trafilatura failed to import", exc_info=True)
        return None
    except Exception:  # noqa: BLE001 - a reader must survive any page; the caller reports None
        _LOG.debug("generic extraction failed for %s", url, exc_info=True)
        return None


def _extract(html: str, url: str | None) -> GenericExtract | None:
    if not isinstance(html, str) or "<" not in html:
        return None
    html = html[:_MAX_INPUT]
    if len(_NOISE.findall(html)) > len(html) // 20:
        return None  # binary data or text decoded with the wrong charset: not a page
    html = _CONTROL.sub("", html)

    import trafilatura  # lazily: ktui's start-up must not pay for it
    from trafilatura.utils import load_html

    tree = _load(html, load_html)
    if tree is None:
        return None
    precise = trafilatura.bare_extraction(
        tree, url=url, favor_precision=True, include_comments=False, with_metadata=True
    )
    broad = trafilatura.bare_extraction(tree, url=url, include_comments=False)
    blocks = _merge(_blocks_of(precise), _blocks_of(broad))
    if not blocks:
        return None
    # The broad pass reads no metadata; the precise one does, unless it found no body at all.
    meta: Any = precise if precise is not None else trafilatura.extract_metadata(tree, default_url=url)
    title = _clean(getattr(meta, "title", None))
    description = _clean(getattr(meta, "description", None))
    # The page's own <h1> is the headline too, when it words it differently from the meta title.
    headlines = [t for t in [title, *(_text(h) for h in list(tree.iter("h1"))[:3])] if t]
    paragraphs = _filter(blocks, headlines, description, _anchor_texts(tree))
    if sum(_words(p) for p in paragraphs) < MIN_WORDS:
        return None
    return GenericExtract(
        title=title,
        paragraphs=tuple(paragraphs),
        byline=_byline(getattr(meta, "author", None)),
        published=_published(tree) or _clean(getattr(meta, "date", None)),
        description=description,
        images=_images(tree, paragraphs, url),
        sitename=_clean(getattr(meta, "sitename", None)),
    )


def _load(html: str, load_html: Callable[[str], Any]) -> Any:
    """Parse the page with trafilatura's loader, without scripts and styles, cut to a sane size.

    Scripts, styles and inline SVG are most of a modern page's bytes and never its text, so they go
    first (JSON-LD stays: it carries the author and dates) and the size cap only ever cuts pages
    that are really huge, whose parse time would otherwise grow without bound.
    """
    tree = load_html(html)
    if tree is None:
        return None
    for node in list(tree.iter("script", "style", "svg", "template")):
        if "ld+json" not in str(node.get("type") or "").lower() and node.getparent() is not None:
            node.drop_tree()  # keeps the text that follows the element
    if len(html) > _MAX_CHARS:
        from lxml.html import tostring

        page = str(tostring(tree, encoding="unicode"))
        if len(page) > _MAX_CHARS:
            tree = load_html(page[:_MAX_CHARS])
    return tree


def _text(node: Any) -> str:
    return _norm(str(node.text_content()))


def _words(text: str) -> int:
    """Count the words of a text; in Chinese and Japanese, which do not space words, two characters."""
    return len(_WORD.findall(text)) + len(_CJK.findall(text)) // 2


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _clean(value: object) -> str | None:
    return (_norm(value) or None) if isinstance(value, str) else None


def _blocks_of(doc: Any) -> list[_Block]:
    """Flatten a trafilatura result's body into lines, dropping empty ones."""
    body = getattr(doc, "body", None)
    if body is None:
        return []
    blocks: list[_Block] = [_Block("p", [])]

    def walk(el: Any, inherited: str) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP_TAGS:
            blocks[-1].parts.append(el.tail or "")  # captions go with images, not in the text
            return
        kind = _KIND.get(tag, tag) if tag in _BLOCK_TAGS else inherited
        if tag in _BLOCK_TAGS or tag in _BREAK_TAGS:
            blocks.append(_Block(kind, []))
        elif tag in _CELL_TAGS and "".join(blocks[-1].parts).strip():
            blocks[-1].parts.append(" | ")  # a table row is one line, its cells set apart
        blocks[-1].parts.append(el.text or "")
        for child in el:
            walk(child, kind)
        if tag in _BLOCK_TAGS:
            blocks.append(_Block(inherited, []))
        blocks[-1].parts.append(el.tail or "")

    walk(body, "p")
    for block in blocks:
        block.text = _norm("".join(block.parts)).strip(" |")
    return [b for b in blocks if b.text]


def _merge(precise: list[_Block], broad: list[_Block]) -> list[_Block]:
    """Take the story's span from the precise pass and its content from the broad one.

    The precise pass is better at where a story ends (it leaves out the newsletter box and the
    related links after it) and the broad one at what lies in between (it keeps short paragraphs
    and lists that the precise one mistakes for furniture).
    """
    if not precise or not broad:
        return precise or broad
    wanted = {b.text for b in precise}
    inside = [i for i, b in enumerate(broad) if b.text in wanted]
    found = sum(len(broad[i].text) for i in inside)
    if not inside or found < 0.5 * sum(len(t) for t in wanted):
        return precise  # the passes disagree on what the story is: trust the precise one
    return broad[inside[0] : inside[-1] + 1]


def _same(a: str, b: str) -> bool:
    """Tell whether two lines say the same thing, up to case, punctuation and small edits."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    if not wa or not wb:
        return False
    return len(wa & wb) / max(len(wa), len(wb)) >= 0.8


def _filter(blocks: list[_Block], headlines: list[str], description: str | None, anchors: set[str]) -> list[str]:
    """Drop the lines of the body that a reader does not want (see the module docstring)."""
    sizes = [_words(b.text) for b in blocks]
    linky = [
        n <= _LINKY_WORDS and _link_share(b.text, anchors) >= _LINKY_SHARE for b, n in zip(blocks, sizes, strict=True)
    ]
    kept: list[_Block] = []
    for i, block in enumerate(blocks):
        text = block.text
        heading = block.kind == "head"
        if (heading or not kept) and any(_same(text, h) for h in headlines):
            continue  # the headline, shown apart by the reader
        if description and heading and not kept and _same(text, description):
            continue  # the dek: the description set as a heading above the story
        # A line of links is a teaser for another story ("Related: <link>", a list of headlines),
        # unless it is a heading over prose of this story (a gift guide's linked product names).
        introduces = heading and i + 1 < len(blocks) and blocks[i + 1].kind != "head" and not linky[i + 1]
        if linky[i] and not introduces:
            continue
        if sizes[i] <= _SHORT and _PROMPT.search(text):
            continue
        kept.append(block)
    while kept and kept[-1].kind == "head":
        kept.pop()  # a heading with nothing under it heads a box that was left out
    return [b.text for b in kept]


def _anchor_texts(tree: Any) -> set[str]:
    """Return the texts of the page's links to elsewhere, long enough to tell a link line from prose."""
    # Links within the page ("#section") are left out: a table of contents repeats the story's
    # own subheadings, which must stay.
    return {
        text
        for node in tree.iter("a")
        if not str(node.get("href") or "").startswith("#") and len(text := _text(node)) >= 8
    }


def _link_share(text: str, anchors: set[str]) -> float:
    """Return the share of a line's characters that are link texts of the page."""
    if not text:
        return 0.0
    covered = sum(len(a) for a in anchors if len(a) <= len(text) and a in text)
    return covered / len(text)


def _byline(author: object) -> str | None:
    """Return trafilatura's author field as a reader shows it: "A, B", no leading "By"."""
    text = _clean(author)
    if text is None:
        return None
    text = re.sub(r"^by\s+", "", text, flags=re.IGNORECASE)
    return ", ".join(p.strip() for p in text.split(";") if p.strip()) or None


def _iso(value: str) -> str | None:
    """Return a date or date-time as ISO 8601, or None when it is not one."""
    for candidate in (value.strip(), value.strip()[:10]):  # a date-time, else its date part
        with suppress(ValueError):
            return datetime.fromisoformat(candidate).isoformat()
    return None


def _published(tree: Any) -> str | None:
    """Return the publication time from the page's meta tags or JSON-LD, with its time of day.

    trafilatura's own date is a day without a time; publishers' tags usually carry both, so they
    come first and trafilatura's date is the fallback. JSON-LD is searched as text, not parsed, so
    the many pages whose JSON-LD is not valid JSON still give their date.
    """
    candidates = [str(raw) for raw in tree.xpath(_DATE_XPATH)]
    for node in tree.xpath('//script[contains(@type, "ld+json")]'):
        candidates += _LD_DATE.findall(str(node.text_content()))
    return next((found for raw in candidates if (found := _iso(raw))), None)


def _images(tree: Any, paragraphs: list[str], url: str | None) -> tuple[tuple[str, str | None], ...]:
    """Return the images inside the part of the page that holds the extracted paragraphs.

    That part is the deepest element holding most of the page's paragraphs that match the body,
    so a stray teaser that repeats the lead elsewhere does not widen it to the whole page.
    """
    wanted = set(paragraphs)
    matched = [n for n in tree.iter("p", "li", "blockquote", "h2", "h3") if _text(n) in wanted]
    if not matched:
        return ()
    counts = Counter(ancestor for node in matched for ancestor in node.iterancestors())
    enough = [n for n, c in counts.items() if c >= 0.8 * len(matched)]
    if not enough:
        return ()
    container = max(enough, key=lambda n: sum(1 for _ in n.iterancestors()))  # the deepest
    found: dict[str, str | None] = {}
    for img in container.iter("img"):
        src = _image_source(img, url)
        if src and src not in found:
            found[src] = _caption(img)
    return tuple(found.items())


def _image_source(img: Any, base: str | None) -> str | None:
    """Return an image's absolute URL, preferring lazy-loading attributes; None for icons."""
    for name in ("width", "height"):
        size = str(img.get(name) or "")
        if size.isdigit() and int(size) < 50:
            return None  # tracking pixels and icons
    src = next((str(v) for k in ("data-src", "data-lazy-src", "data-original", "src") if (v := img.get(k))), "")
    if not src and (srcset := str(img.get("srcset") or img.get("data-srcset") or "").strip()):
        src = srcset.split(",")[0].split()[0]
    src = src.strip()
    if not src or src.startswith("data:") or src.lower().endswith(".svg"):
        return None
    absolute = urljoin(base, src) if base else src
    return absolute if absolute.startswith(("http://", "https://")) else None


def _caption(img: Any) -> str | None:
    """Return the caption of an image's figure, else its alt text, else None."""
    for ancestor in list(img.iterancestors())[:3]:
        if ancestor.tag == "figure":
            for caption in ancestor.iter("figcaption"):
                if text := _text(caption):
                    return text
            break
    return _clean(img.get("alt"))
