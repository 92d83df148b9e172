"""Provides `parse_article`: the extraction chain that turns any article page into an `Article`.

Layers, best first: the current layout's selectors, the legacy layout's selectors, JSON-LD, the
OpenGraph/meta tags, and a generic reader-mode extractor. Each field is taken from the first layer
that has it, and `Article.sources` records which one that was; the body comes from the first layer
with a real body. The generic extractor is only run (and only imported) when the site layers find
no body, or to fill a missing title. A page with no body at all is a `NoContent` error, never an
empty article.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser

from ktui.core.errors import NoContent
from ktui.core.models import Article, Image
from ktui.core.parse.dom import parse_page, text
from ktui.core.parse.generic import extract_generic
from ktui.core.parse.metadata import Meta, read_jsonld, read_opengraph
from ktui.core.parse.pagekind import check_page
from ktui.core.parse.site_article import Fields, current_layout, legacy_layout
from ktui.core.text import clean_line, safe_url
from ktui.core.times import parse_time
from ktui.core.urls import LIVE, Site, UrlKind, article_date

LAYERS: Final = ("current", "legacy", "jsonld", "meta", "generic")
"""The extraction layers, best first; `Article.extracted_by` is one of them."""

MIN_BODY_WORDS: Final = 25
"""A site layer's body shorter than this is not trusted over the layers below it."""


def _meta_fields(meta: Meta | None) -> Fields | None:
    if meta is None:
        return None
    return Fields(
        title=meta.title,
        subtitle=meta.description,
        section=meta.section,
        published=meta.published,
        updated=meta.updated,
        byline=meta.author,
        paragraphs=list(meta.body),
    )


def _generic_fields(html: str, url: str, site: Site) -> Fields | None:
    """The generic extractor's findings, cleaned like every site layer's text.

    The extractor only drops what breaks lxml (C0 controls); C1 controls, escape sequences and
    bidi overrides are page text like any other and must not reach the model.
    """
    found = extract_generic(html, url)
    if found is None:
        return None
    images = []
    for image_url, caption in found.images:
        normalized = site.normalize(image_url, url)
        if normalized:
            images.append(Image(normalized, clean_line(caption) or None, 0))
    return Fields(
        title=clean_line(found.title) or None,
        subtitle=clean_line(found.description) or None,
        byline=clean_line(found.byline) or None,
        published=parse_time(found.published),
        paragraphs=[line for paragraph in found.paragraphs if (line := clean_line(paragraph))],
        images=images,
    )


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _mostly_links(paragraphs: list[str], tree: LexborHTMLParser) -> bool:
    """Tell whether a body is really menus: most of its words are the text of the page's links.

    The generic extractor, given a page with no article, can return the navigation as one long
    "paragraph"; that is not an article.
    """
    anchors = sorted({t for a in tree.css("a") if len(t := text(a)) >= 2}, key=len, reverse=True)
    total = _words(paragraphs)
    if not anchors or not total:
        return False
    rest = []
    for paragraph in paragraphs:
        for anchor in anchors:
            if anchor in paragraph:
                paragraph = paragraph.replace(anchor, " ")
        rest.append(paragraph)
    return _words(rest) < total * 0.4


def parse_article(html: str | bytes, url: str, site: Site = LIVE) -> Article:
    """Extract the article of a page.

    Args:
        html: The page, as text or as bytes (decoded by its declared charset).
        url: The URL the page came from; relative links resolve against it.
        site: The site whose hosts and paths are the Korea Times'.

    Raises:
        BlockedPage: The page is the AWS WAF challenge.
        ErrorPage: The page is the site's error page.
        NoContent: No layer found an article body.
    """
    # One Lexbor tree serves every site layer; the text goes to the page checks and, when needed,
    # to the generic extractor (which parses with lxml, its own parser).
    text, tree = parse_page(html)
    return parse_parsed_article(text, tree, url, site)


def parse_parsed_article(html: str, tree: LexborHTMLParser, url: str, site: Site = LIVE) -> Article:
    """Extract the article of a page already parsed by `dom.parse_page` (its text and its tree).

    For callers that read the tree first (a saved file's canonical link); raises as `parse_article`.
    """
    check_page(html, tree, url)
    layers: dict[str, Fields | None] = {}
    kind = site.classify(url)
    # The site's own layers apply to any page of the site and to local files; for other sites
    # they would only match by accident.
    if kind is not UrlKind.EXTERNAL:
        layers["current"] = current_layout(tree, url, site)
        layers["legacy"] = legacy_layout(tree, url, site)
    layers["jsonld"] = _meta_fields(read_jsonld(tree))
    layers["meta"] = _meta_fields(read_opengraph(tree))
    body_layer = next(
        (name for name, found in layers.items() if found and _words(found.paragraphs) >= MIN_BODY_WORDS),
        None,
    )
    if kind is UrlKind.INVALID and not (layers.get("current") or layers.get("legacy")):
        # A saved file with no canonical link: treat it as another site's page unless it says it is ours.
        meta = tree.css_first("meta[property='og:site_name']")
        site_name = (meta.attributes.get("content") or "") if meta is not None else text(tree.css_first("title"))
        if "korea times" not in site_name.lower() and "koreatimes" not in html[:20000].lower():
            kind = UrlKind.EXTERNAL
    if kind is UrlKind.EXTERNAL:
        # Other sites' JSON-LD articleBody is often cut short or padded; the reader-mode extractor,
        # measured on real pages, does better, so it goes first there.
        generic = _generic_fields(html, url, site)
        if generic and generic.paragraphs and not _mostly_links(generic.paragraphs, tree):
            layers["generic"] = generic
            body_layer = "generic"
    title_known = any(found and found.title for found in layers.values())
    if (body_layer is None or not title_known) and "generic" not in layers:
        layers["generic"] = _generic_fields(html, url, site)
        generic = layers["generic"]
        if generic and generic.paragraphs and _mostly_links(generic.paragraphs, tree):
            layers["generic"] = generic = None
        if body_layer is None and generic and generic.paragraphs:
            body_layer = "generic"
    if body_layer is None:
        # A short body from a site layer still beats nothing.
        body_layer = next((name for name, found in layers.items() if found and found.paragraphs), None)
    if body_layer is None:
        raise NoContent("no article text found on the page", url=url)
    return _merge(layers, body_layer, url, site, tree)


def _merge(layers: dict[str, Fields | None], body_layer: str, url: str, site: Site,
           tree: LexborHTMLParser) -> Article:
    """Take each field from the first layer that has it, recording where it came from."""
    body = layers[body_layer]
    assert body is not None
    values: dict[str, Any] = {"paragraphs": tuple(body.paragraphs)}
    sources: dict[str, str] = {"paragraphs": body_layer}
    # Pictures and related links belong with the body they were found in.
    for name in ("images", "related", "links"):
        found = getattr(body, name)
        if found:
            values[name] = tuple(found)
            sources[name] = body_layer
    for spec in dataclass_fields(Fields):
        name = spec.name
        if name in ("paragraphs", "images", "related", "links"):
            continue
        for layer, found in layers.items():
            value = getattr(found, name) if found is not None else None
            if value:
                values[name] = value
                sources[name] = layer
                break
    if "published" not in values and (day := article_date(url)) is not None:
        values["published"], sources["published"] = day, "url"
    if "section" not in values and (section := site.section_name(url)) is not None:
        values["section"], sources["section"] = section, "url"
    if "title" not in values:
        values["title"] = text(tree.css_first("title")) or values["paragraphs"][0][:80]
        sources["title"] = "page"
    if values.get("updated") and values.get("published") and values["updated"] <= values["published"]:
        values.pop("updated")
        sources.pop("updated", None)
    if values.get("subtitle") and clean_line(values["subtitle"]) == clean_line(values["paragraphs"][0]):
        # A description that only repeats the first paragraph is not a standfirst.
        values.pop("subtitle")
        sources.pop("subtitle", None)
    # The URL is the one asked for, which need not have come through `Site.normalize` (a link
    # typed or opened directly): the model never carries a raw control or bidi character.
    return Article(url=safe_url(url), extracted_by=body_layer, sources=sources, **values)
