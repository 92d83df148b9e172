"""Renders the HTML pages of the demo edition: front page, section lists, articles, search results.

The markup follows the site's current layout where it is known (CSS-module class names with a hash
suffix, `EditorContents_contents` bodies of `p.editor-p` with ads, `div.module-articles` and
`div.editor-img-box` mixed in, `SectionModule_item` cards, og:title ending in " - The Korea Times").
Where it is not known (byline, times, the ranked boxes, pagination, search) the markup is a plausible
invention, so parsers should treat those parts as a guess, not as the site. All text is escaped.
"""

from __future__ import annotations

import hashlib
import html
import json
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache

from ktui.core.models import Section
from ktui.core.sections import SECTIONS, iter_sections
from ktui.siteserver.pages import Page
from ktui.siteserver.stories import Story, load_copy

KST = timezone(timedelta(hours=9), "KST")
"""Korea Standard Time, the zone of every time the site shows."""
SITE = "https://www.koreatimes.co.kr"
"""The origin that absolute links in the pages point at (the app maps it onto the server)."""
FEED_SITE = "https://feed.koreatimes.co.kr/k"
"""Where the pages say the feeds live."""
PER_PAGE = 12
"""Stories per page of a section list or of search results."""
TITLE_SUFFIX = " - The Korea Times"
"""What every page title and og:title ends with."""
FALLBACK_IMAGE = "/images/og-default.jpg"
"""The og:image of pages without a picture of their own."""

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_SECTIONS: dict[str, Section] = {section.path: section for section in iter_sections()}
_STYLE = ("body{margin:0;font:16px/1.6 Georgia,serif;color:#111}a{color:inherit;text-decoration:none}"
          "header,footer{background:#0b1f3a;color:#fff;padding:8px 24px}main{max-width:1200px;margin:auto}"
          "ol,ul{list-style:none;padding:0}.editor-p{margin:0 0 1.2em}")
_THEME_SCRIPT = ('(function(){try{var t=localStorage.getItem("kt-theme");'
                 'if(t)document.documentElement.dataset.theme=t}catch(e){}})();')


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def to_kst(now: datetime | None) -> datetime:
    """Return `now` in KST (naive times are taken as KST); None means the current hour, rounded down."""
    if now is None:
        return datetime.now(KST).replace(minute=0, second=0, microsecond=0)
    return now.replace(tzinfo=KST) if now.tzinfo is None else now.astimezone(KST)


@dataclass(frozen=True, slots=True)
class Placed:
    """A story placed in time relative to an edition's `now`: what its pages and links show."""

    story: Story
    """The copy."""
    published: datetime
    """When it was posted, in KST."""
    updated: datetime | None
    """When it was last updated, in KST, if it was."""

    @property
    def path(self) -> str:
        """The article's path, whose date is the KST publication date."""
        return f"/{self.story.section}/{self.published:%Y%m%d}/{self.story.slug}"

    @property
    def image(self) -> str | None:
        """Path of its picture, or None when it has none."""
        return f"/images/{self.story.slug}.jpg" if self.story.image_caption else None


class Edition:
    """The stories of an edition placed in time, newest first, with the chrome every page shares."""

    def __init__(self, stories: Iterable[Story], now: datetime | None, deploy: str) -> None:
        """Place `stories` relative to `now` (see `to_kst`); `deploy` seeds the class-name hashes."""
        self.now = to_kst(now)
        self.deploy = deploy

        def at(hours: float) -> datetime:
            return self.now - timedelta(minutes=round(hours * 60))

        placed = [Placed(s, at(s.age_hours), None if s.updated_hours is None else at(s.updated_hours))
                  for s in stories]
        self.placed = sorted(placed, key=lambda p: p.published, reverse=True)
        self.by_slug = {p.story.slug: p for p in self.placed}

    def in_section(self, path: str) -> list[Placed]:
        """Return the stories filed under a section or any of its subsections, newest first."""
        return [p for p in self.placed if p.story.section == path or p.story.section.startswith(path + "/")]

    def document(self, w: Writer, *, title: str, description: str, path: str, main: str, kind: str,
                 ld: Mapping[str, object], image: str | None = None, head: str = "") -> str:
        """Wrap a page's main content in the head, header and footer every page has."""
        meta = [("og:site_name", "The Korea Times"), ("og:type", "article" if kind == "article" else "website"),
                ("og:title", title), ("og:description", description),
                ("og:image", SITE + (image or FALLBACK_IMAGE)), ("og:url", SITE + path)]
        metas = "".join(f'<meta property="{k}" content="{_e(v)}">\n' for k, v in meta)
        next_data = {"props": {"pageProps": {"kind": kind, "path": path}}, "page": f"/{kind}",
                     "buildId": self.deploy, "isFallback": False}
        return (
            f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_e(title)}</title>\n'
            f'<meta name="description" content="{_e(description)}">\n{metas}'
            f'<meta name="twitter:card" content="summary_large_image">\n{head}'
            f'<link rel="canonical" href="{_e(SITE + path)}">\n'
            f'<link rel="alternate" type="application/rss+xml" title="The Korea Times - All News" '
            f'href="{FEED_SITE}/allnews.xml">\n<style>{_STYLE}</style>\n<script>{_THEME_SCRIPT}</script>\n'
            f'{_json_script(ld, type="application/ld+json")}\n</head>\n<body>\n<div id="__next">\n'
            f'{self._header(w)}\n<main class="{w.cls("Layout", "main")}">\n{main}\n</main>\n{self._footer(w)}\n'
            f'</div>\n{_json_script(next_data, id="__NEXT_DATA__", type="application/json")}\n</body>\n</html>\n'
        )

    def _header(self, w: Writer) -> str:
        now = self.now
        date = f"{_DAYS[now.weekday()]}, {_MONTHS[now.month - 1]} {now.day}, {now.year} | {now:%H:%M}"
        items = []
        for top in SECTIONS:
            subs = "".join(f'<li><a href="{w.href("/" + s.path)}">{_e(s.name)}</a></li>' for s in top.subsections)
            sub_list = f'<ul class="{w.cls("Gnb", "sub")}">{subs}</ul>' if subs else ""
            items.append(f'<li class="{w.cls("Gnb", "item")}"><a href="{w.href("/" + top.path)}">'
                         f'{_e(top.name)}</a>{sub_list}</li>\n')
        return (f'<header class="{w.cls("Header", "header")}">\n<div class="{w.cls("Header", "top")}">'
                f'<a class="{w.cls("Header", "logo")}" href="{w.href("/")}">The Korea Times</a>'
                f'<span class="{w.cls("Header", "date")}">{_e(date)}</span>'
                f'<form class="{w.cls("Header", "search")}" action="/search" method="get" role="search">'
                f'<input type="search" name="keyword" placeholder="Search" aria-label="Search">'
                f'<button type="submit">Search</button></form></div>\n'
                f'<nav class="{w.cls("Gnb", "gnb")}" aria-label="Main menu">\n<ul class="{w.cls("Gnb", "list")}">\n'
                f'{"".join(items)}</ul>\n</nav>\n</header>')

    def _footer(self, w: Writer) -> str:
        columns = "".join(
            f'<ul class="{w.cls("Footer", "column")}">'
            + "".join(f'<li><a href="{w.href("/" + s.path)}">{_e(s.name)}</a></li>' for s in (top, *top.subsections))
            + "</ul>" for top in SECTIONS)
        company = "".join(f'<li><a href="{w.href(path)}">{_e(title)}</a></li>'
                          for path, title, _ in load_copy().static_pages)
        feeds = "".join(f'<li><a href="{FEED_SITE}/{top.feed}.xml">{_e(top.name)}</a></li>' for top in SECTIONS)
        social = "".join(f'<li><a href="https://www.{site}.com/koreatimes" rel="noopener">{site.title()}</a></li>'
                         for site in ("facebook", "x", "youtube", "instagram"))
        return (f'<footer class="{w.cls("Footer", "footer")}">\n<nav class="{w.cls("Footer", "sitemap")}">'
                f'{columns}</nav>\n<ul class="{w.cls("Footer", "company")}">{company}</ul>\n'
                f'<ul class="{w.cls("Footer", "feeds")}"><li><a href="{FEED_SITE}/allnews.xml">All News</a></li>'
                f'{feeds}</ul>\n<ul class="{w.cls("Footer", "social")}">{social}</ul>\n'
                f'<p class="{w.cls("Footer", "notice")}">This is the demo edition bundled with ktui. Every story, '
                f'person and company in it is invented.</p>\n<p class="{w.cls("Footer", "copyright")}">'
                f'&copy; The Korea Times. All rights reserved.</p>\n</footer>')




@cache
def _suffix(deploy: str, module: str) -> str:
    # Each CSS module gets its own hash, as a real build gives; parsers must match on the prefix.
    number = int.from_bytes(hashlib.sha256(f"{deploy}/{module}".encode()).digest()[:8], "big")
    digits = string.ascii_letters + string.digits
    return "".join(digits[(number // 62**i) % 62] for i in range(5))


class Writer:
    """Markup helpers for one page: hashed class names, and links in both of the site's styles."""

    def __init__(self, deploy: str) -> None:
        """Start a page whose class-name hashes derive from `deploy`."""
        self.deploy = deploy
        self._links = 0

    def cls(self, module: str, *parts: str) -> str:
        """Return CSS-module class names: module "SectionModule", part "item" give "SectionModule_item__Xy12a"."""
        suffix = _suffix(self.deploy, module)
        return " ".join(f"{module}_{part}__{suffix}" for part in parts)

    def href(self, path: str) -> str:
        """Return an escaped link to a site path, absolute every other time, relative otherwise."""
        # The live site writes some links absolute and some relative; alternating exercises both.
        self._links += 1
        return _e(SITE + path if self._links % 2 else path)

    def time(self, module: str, when: datetime, text: str, part: str = "time") -> str:
        """Return a <time> element with an ISO 8601 (+09:00) datetime attribute."""
        return f'<time class="{self.cls(module, part)}" datetime="{when.isoformat()}">{_e(text)}</time>'


def _stamp(when: datetime) -> str:
    return f"{when:%Y-%m-%d %H:%M}"


def paged(base: str, number: int) -> str:
    """Return the path of page `number` of a list whose first page is `base`."""
    return base if number == 1 else f"{base}{'&' if '?' in base else '?'}page={number}"


def page_count(items: Sequence[object]) -> int:
    """Return how many pages a list of `items` fills (at least one, even when empty)."""
    return max(1, -(-len(items) // PER_PAGE))


def _json_script(data: Mapping[str, object], **attrs: str) -> str:
    text = json.dumps(dict(data), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    extra = "".join(f' {name}="{_e(value)}"' for name, value in attrs.items())
    return f"<script{extra}>{text}</script>"


def _card(w: Writer, p: Placed) -> str:
    """One story card of a section list or of search results."""
    s = p.story
    thumb = (f'<a class="{w.cls("SectionModule", "thumb")}" href="{w.href(p.path)}"><img src="{w.href(p.image)}" '
             f'alt="{_e(s.headline)}" loading="lazy"></a>' if p.image else "")
    byline = f'<span class="{w.cls("SectionModule", "byline")}">By {_e(s.byline)}</span>' if s.byline else ""
    return (f'<li class="{w.cls("SectionModule", "item")}">{thumb}<div class="{w.cls("SectionModule", "text")}">'
            f'<a href="{w.href(p.path)}"><h3 class="{w.cls("SectionModule", "title")}">{_e(s.headline)}</h3></a>'
            f'<p class="{w.cls("SectionModule", "desc")}">{_e(s.subtitle)}</p>'
            f'<div class="{w.cls("SectionModule", "info")}">{byline}'
            f'{w.time("SectionModule", p.published, _stamp(p.published))}</div></div></li>\n')


def _ranking(w: Writer, title: str, items: Sequence[Placed]) -> str:
    """A numbered box such as "Top 10 Stories" or "Trending"."""
    rows = "".join(
        f'<li class="{w.cls("RankingModule", "item")}"><span class="{w.cls("RankingModule", "rank")}">{n}</span>'
        f'<a class="{w.cls("RankingModule", "link")}" href="{w.href(p.path)}">{_e(p.story.headline)}</a></li>\n'
        for n, p in enumerate(items, 1))
    return (f'<aside class="{w.cls("RankingModule", "wrap")}">\n<h2 class="{w.cls("RankingModule", "heading")}">'
            f'{_e(title)}</h2>\n<ol class="{w.cls("RankingModule", "list")}">\n{rows}</ol>\n</aside>')


def _pagination(w: Writer, base: str, number: int, pages: int) -> str:
    parts = []
    if number > 1:
        parts.append(f'<a class="{w.cls("Pagination", "prev")}" rel="prev" '
                     f'href="{w.href(paged(base, number - 1))}">Previous</a>')
    for k in range(1, pages + 1):
        parts.append(f'<span class="{w.cls("Pagination", "page", "active")}" aria-current="page">{k}</span>'
                     if k == number else
                     f'<a class="{w.cls("Pagination", "page")}" href="{w.href(paged(base, k))}">{k}</a>')
    if number < pages:
        parts.append(f'<a class="{w.cls("Pagination", "next")}" rel="next" '
                     f'href="{w.href(paged(base, number + 1))}">Next</a>')
    return f'<nav class="{w.cls("Pagination", "wrap")}" aria-label="Pagination">{"".join(parts)}</nav>'


def list_page(ed: Edition, *, base: str, title: str, header: Callable[[Writer], str], items: Sequence[Placed],
              number: int, kind: str, ld: Mapping[str, object], description: str) -> Page:
    """Render page `number` (from 1) of a card list: a section, or search results when kind is "search"."""
    w = Writer(ed.deploy)
    pages = page_count(items)
    chunk = items[(number - 1) * PER_PAGE:number * PER_PAGE]
    cards = "".join(_card(w, p) for p in chunk)
    main = (f'{header(w)}\n<section class="{w.cls("SectionModule", "wrap")}">\n'
            f'<ul class="{w.cls("SectionModule", "list")}">\n{cards}</ul>\n</section>\n'
            + (_pagination(w, base, number, pages) if pages > 1 else ""))
    rel = [("prev", number - 1)] if number > 1 else []
    rel += [("next", number + 1)] if number < pages else []
    head = "".join(f'<link rel="{name}" href="{_e(SITE + paged(base, n))}">\n' for name, n in rel)
    text = ed.document(w, title=title + TITLE_SUFFIX, description=description, path=paged(base, number),
                       main=main, kind=kind, ld=ld, head=head)
    newest = max((p.updated or p.published for p in chunk), default=None)
    return Page.html(text, last_modified=newest, extra={"kind": kind, "page": str(number)})


def section_pages(ed: Edition, section: Section) -> dict[str, Page]:
    """Render every page of a section's list, keyed by path ("/economy", "/economy?page=2", ...)."""
    base = "/" + section.path
    parent = _SECTIONS[section.path.split("/", 1)[0]]

    def header(w: Writer) -> str:
        links = "".join(f'<li><a href="{w.href("/" + s.path)}">{_e(s.name)}</a></li>'
                        for s in (parent, *parent.subsections) if s is not section)
        return (f'<div class="{w.cls("SectionHeader", "wrap")}"><h1 class="{w.cls("SectionHeader", "title")}">'
                f'{_e(section.name)}</h1><ul class="{w.cls("SectionHeader", "subnav")}">{links}</ul></div>')

    items = ed.in_section(section.path)
    ld = {"@context": "https://schema.org", "@type": "CollectionPage", "name": section.name, "url": SITE + base}
    return {paged(base, n): list_page(ed, base=base, title=section.name, header=header, items=items, number=n,
                                      kind="section", ld=ld, description=f"The latest {section.name} news.")
            for n in range(1, page_count(items) + 1)}


def _body(w: Writer, ed: Edition, p: Placed) -> str:
    """The article body as the site's editor emits it, ads and boxes included."""
    s = p.story
    body = []
    if p.image:
        body.append(f'<div class="editor-img-box"><img src="{w.href(p.image)}" alt="{_e(s.headline)}">'
                    f'<p class="editor-img-caption">{_e(s.image_caption or "")}</p></div>')
    related = [ed.by_slug[slug] for slug in s.related]
    for i, text in enumerate(s.paragraphs):
        body.append(f'<p class="editor-p">{_e(text)}</p>')
        if i in (1, 9) and i < len(s.paragraphs) - 2:
            ad = f"div-gpt-ad-koreatimes_inarticle_{1 if i == 1 else 2}"
            body.append(f'<div id="{ad}" class="ad-inarticle"><script>(window.ktads=window.ktads||[])'
                        f'.push("{ad}");</script></div>')
        if related and i == len(s.paragraphs) // 2:
            links = "".join(f'<li><a href="{w.href(r.path)}">{_e(r.story.headline)}</a></li>' for r in related)
            body.append(f'<div class="module-articles"><strong>Related Articles</strong><ul>{links}</ul></div>')
    return "\n".join(body)


def article_page(ed: Edition, p: Placed, trending: Sequence[Placed]) -> Page:
    """Render the page of one article, with the Trending box and more stories of its section beside it."""
    w, s = Writer(ed.deploy), p.story
    section, top = _SECTIONS[s.section], _SECTIONS[s.top_section]
    crumbs = "".join(f'<a href="{w.href("/" + c.path)}">{_e(c.name)}</a>' for c in dict.fromkeys((top, section)))
    times = w.time("ArticleHeader", p.published, f"Posted {_stamp(p.published)} KST", "posted")
    if p.updated is not None:
        times += w.time("ArticleHeader", p.updated, f"Updated {_stamp(p.updated)} KST", "updated")
    byline = f'<div class="{w.cls("ArticleHeader", "byline")}">By {_e(s.byline)}</div>' if s.byline else ""
    reporter = (f'<div class="{w.cls("ArticleFooter", "reporter")}"><span>{_e(s.byline or "")}</span> '
                f'<a href="mailto:{_e(s.email)}">{_e(s.email)}</a></div>' if s.email else "")
    more = "".join(f'<li><a href="{w.href(q.path)}">{_e(q.story.headline)}</a></li>'
                   for q in [q for q in ed.in_section(s.top_section) if q is not p][:5])
    main = (f'<div class="{w.cls("ArticleLayout", "wrap")}">\n<article class="{w.cls("Article", "article")}">\n'
            f'<div class="{w.cls("ArticleHeader", "wrap")}">\n<nav class="{w.cls("ArticleHeader", "breadcrumb")}">'
            f'{crumbs}</nav>\n<h1 class="{w.cls("ArticleHeader", "title")}">{_e(s.headline)}</h1>\n'
            f'<h2 class="{w.cls("ArticleHeader", "subtitle")}">{_e(s.subtitle)}</h2>\n'
            f'<div class="{w.cls("ArticleHeader", "info")}">{byline}<div class="{w.cls("ArticleHeader", "dates")}">'
            f'{times}</div></div>\n<div class="{w.cls("ArticleHeader", "share")}"><button type="button">Share'
            f'</button><button type="button">Font size</button></div>\n</div>\n'
            f'<div class="{w.cls("EditorContents", "wrap")}">\n<div class="{w.cls("EditorContents", "contents")} '
            f'light" data-article-content="true">\n{_body(w, ed, p)}\n</div>\n</div>\n{reporter}\n</article>\n'
            f'<div class="{w.cls("ArticleLayout", "side")}">\n{_ranking(w, "Trending", trending)}\n'
            f'<section class="{w.cls("MoreModule", "wrap")}"><h2>More from {_e(top.name)}</h2>'
            f'<ul>{more}</ul></section>\n</div>\n</div>')
    modified = (p.updated or p.published).isoformat()
    author = ({"@type": "Person", "name": s.byline} if s.byline
              else {"@type": "Organization", "name": "The Korea Times"})
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.headline,
          "description": s.subtitle, "datePublished": p.published.isoformat(), "dateModified": modified,
          "author": [author], "articleSection": section.name, "image": [SITE + (p.image or FALLBACK_IMAGE)],
          "mainEntityOfPage": SITE + p.path, "publisher": {"@type": "Organization", "name": "The Korea Times"}}
    head = (f'<meta property="article:published_time" content="{p.published.isoformat()}">\n'
            f'<meta property="article:modified_time" content="{modified}">\n'
            f'<meta property="article:section" content="{_e(section.name)}">\n')
    text = ed.document(w, title=s.headline + TITLE_SUFFIX, description=s.subtitle, path=p.path, main=main,
                       kind="article", ld=ld, image=p.image, head=head)
    return Page.html(text, last_modified=p.updated or p.published, extra={"kind": "article", "slug": s.slug})


def front_page(ed: Edition, top10: Sequence[Placed], trending: Sequence[Placed]) -> Page:
    """Render the front page: hero, Latest strip, the two ranked boxes and a block per section."""
    w, hero = Writer(ed.deploy), top10[0]
    subs = "".join(f'<li class="{w.cls("HeroModule", "sub")}"><a href="{w.href(p.path)}"><h3>'
                   f'{_e(p.story.headline)}</h3></a></li>' for p in top10[1:5])
    image = f'<a href="{w.href(hero.path)}"><img src="{w.href(hero.image)}" alt=""></a>' if hero.image else ""
    hero_html = (f'<section class="{w.cls("HeroModule", "wrap")}">\n<article class="{w.cls("HeroModule", "item")}">'
                 f'{image}<span class="{w.cls("HeroModule", "section")}">{_e(_SECTIONS[hero.story.section].name)}'
                 f'</span><h2 class="{w.cls("HeroModule", "title")}"><a href="{w.href(hero.path)}">'
                 f'{_e(hero.story.headline)}</a></h2><p class="{w.cls("HeroModule", "desc")}">'
                 f'{_e(hero.story.subtitle)}</p>{w.time("HeroModule", hero.published, _stamp(hero.published))}'
                 f'</article>\n<ul class="{w.cls("HeroModule", "subList")}">{subs}</ul>\n</section>')
    latest = "".join(f'<li class="{w.cls("LatestModule", "item")}"><a href="{w.href(p.path)}">'
                     f'{w.time("LatestModule", p.published, f"{p.published:%H:%M}")}'
                     f'<span class="{w.cls("LatestModule", "title")}">{_e(p.story.headline)}</span></a></li>\n'
                     for p in ed.placed[:8])
    blocks = []
    for top in SECTIONS:
        rows = "".join(f'<li class="{w.cls("HomeSection", "item")}"><a href="{w.href(p.path)}"><h3>'
                       f'{_e(p.story.headline)}</h3></a>'
                       + (f"<p>{_e(p.story.subtitle)}</p>" if n == 0 else "") + "</li>"
                       for n, p in enumerate(ed.in_section(top.path)[:4]))
        blocks.append(f'<section class="{w.cls("HomeSection", "wrap")}"><h2 class="{w.cls("HomeSection", "heading")}">'
                      f'<a href="{w.href("/" + top.path)}">{_e(top.name)}</a></h2><ul>{rows}</ul></section>\n')
    main = (f'{hero_html}\n<section class="{w.cls("LatestModule", "wrap")}" aria-label="Latest">'
            f'<h2 class="{w.cls("LatestModule", "heading")}">Latest</h2>\n<ul class="{w.cls("LatestModule", "list")}">'
            f'\n{latest}</ul></section>\n<div class="{w.cls("Home", "side")}">\n{_ranking(w, "Top 10 Stories", top10)}'
            f'\n{_ranking(w, "Trending", trending)}\n</div>\n{"".join(blocks)}')
    ld = {"@context": "https://schema.org", "@type": "WebSite", "name": "The Korea Times", "url": SITE + "/",
          "potentialAction": {"@type": "SearchAction", "target": SITE + "/search?keyword={search_term_string}",
                              "query-input": "required name=search_term_string"}}
    text = ed.document(w, title="The Korea Times", description="News from Korea, in English.",
                       path="/", main=main, kind="front", ld=ld, image=hero.image)
    return Page.html(text, last_modified=ed.now, extra={"kind": "front"})


def static_page(ed: Edition, path: str, title: str, paragraphs: Sequence[str]) -> Page:
    """Render one of the footer's small company pages."""
    w = Writer(ed.deploy)
    body = "".join(f"<p>{_e(text)}</p>" for text in paragraphs)
    main = f'<article class="{w.cls("Static", "wrap")}"><h1>{_e(title)}</h1>{body}</article>'
    ld = {"@context": "https://schema.org", "@type": "WebPage", "name": title}
    text = ed.document(w, title=title + TITLE_SUFFIX, description=paragraphs[0], path=path, main=main,
                       kind="static", ld=ld)
    return Page.html(text, extra={"kind": "static"})
