"""The bundled demo edition is complete, consistent and reproducible.

Parsed with the standard library only, so these tests do not depend on ktui's own parsers.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from ktui.core.sections import SECTIONS, iter_sections
from ktui.siteserver.edition import (
    DEFAULT_DEPLOY,
    KST,
    build_edition,
    default_now,
    make_handler,
    search_page,
)
from ktui.siteserver.stories import check_copy, load_copy, load_stories

NOW = datetime(2026, 11, 27, 17, 0, tzinfo=KST)
SITE = "https://www.koreatimes.co.kr"
FEEDS = "https://feed.koreatimes.co.kr/k/"
VOID = {"meta", "link", "img", "input", "br", "hr", "source", "wbr"}


class Scan(HTMLParser):
    """Collects links and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "src", "action"):
            if found.get(name):
                self.links.append(str(found[name]))
        if tag == "script":
            self._script = found
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))
            self._script = None


def scan(body: bytes) -> Scan:
    parser = Scan()
    parser.feed(body.decode("utf-8"))
    parser.close()
    return parser


def local(url: str) -> str | None:
    """Map a link onto an edition path, or None when it leaves the site."""
    if url.startswith(FEEDS):
        return "/feed/k/" + url[len(FEEDS):]
    if url.startswith(SITE):
        url = url[len(SITE):] or "/"
    return url if url.startswith("/") else None


@pytest.fixture(scope="module")
def pages():
    return build_edition(NOW)


@pytest.fixture(scope="module")
def html_pages(pages):
    return {path: page for path, page in pages.items() if page.content_type.startswith("text/html")}


def cards(body: bytes) -> list[str]:
    """Hrefs of the story links in a list page's SectionModule cards, in order."""
    return re.findall(r'<a href="([^"]+)"><h3 class="SectionModule_title__', body.decode())


def test_copy_meets_the_brief():
    copy = load_copy()
    stories = copy.stories
    assert len(stories) >= 40
    tops = Counter(s.top_section for s in stories)
    assert {s.path for s in SECTIONS} <= set(tops)
    sections = Counter(s.section for s in stories)
    assert sum(n for path, n in sections.items() if path.startswith("southkorea/")) >= 4
    assert sections["foreignaffairs/northkorea"] >= 3
    assert min(tops["economy"], tops["business"], tops["entertainment"]) >= 3
    assert sections["entertainment/k-pop"] >= 1 and tops["opinion"] >= 3
    editorials = [s for s in stories if s.slug.startswith("ed-")]
    assert len(editorials) >= 2
    assert all(s.section == "opinion/editorial" and s.byline is None and s.email is None for s in editorials)
    assert all(s.email is None or s.email.endswith("@koreatimes.co.kr") for s in stories)
    lengths = sorted(len(s.paragraphs) for s in stories)
    assert lengths[-1] >= 25 and all(4 <= n <= 12 for n in lengths[:-1])
    hangul = [s for s in stories if any("HANGUL" in unicodedata.name(ch, "") for p in s.paragraphs for ch in p)]
    assert len(hangul) >= 3
    assert copy.top10 != copy.trending and 0 < len(set(copy.top10) & set(copy.trending)) < 10


@pytest.mark.parametrize(
    "change",
    [
        lambda s: (replace(s[0], slug=s[1].slug), *s[1:]),
        lambda s: (replace(s[0], section="southkorea/nowhere"), *s[1:]),
        lambda s: (replace(s[0], related=("no-such-story",)), *s[1:]),
        lambda s: (replace(s[0], age_hours=s[1].age_hours), *s[1:]),
    ],
    ids=["duplicate slug", "unknown section", "dangling related", "same minute"],
)
def test_check_copy_rejects_inconsistent_copy(change):
    copy = load_copy()
    with pytest.raises(ValueError):
        check_copy(replace(copy, stories=change(copy.stories)))


def test_every_internal_link_exists(html_pages, pages):
    relative = absolute = 0
    for path, page in html_pages.items():
        for url in scan(page.body).links:
            target = local(url)
            if target is None:
                assert url.startswith(("mailto:", "https://")) and "koreatimes.co.kr/" not in url[:40], url
                continue
            relative += not url.startswith("https://")
            absolute += url.startswith(SITE)
            assert target == "/search" or target in pages, f"{path} links to missing {url}"
    # Roughly half of the site links are written absolute, the rest relative.
    assert 0.35 < absolute / (absolute + relative) < 0.65


def test_pages_are_well_formed_with_json_ld(html_pages):
    for path, page in html_pages.items():
        text = page.body.decode()
        assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
        assert re.search(r"<title>[^<]+ - The Korea Times</title>|<title>The Korea Times</title>", text), path
        parsed = scan(page.body)
        assert not parsed.errors and parsed.stack == [], (path, parsed.errors[:3], parsed.stack)
        ld = [json.loads(data) for attrs, data in parsed.scripts if attrs.get("type") == "application/ld+json"]
        assert len(ld) == 1 and "articleBody" not in ld[0], path
        for prop in ("og:title", "og:description", "og:image", "og:url"):
            assert f'<meta property="{prop}" content="' in text, (path, prop)
        assert '<form class="' in text and 'action="/search" method="get"' in text and 'name="keyword"' in text


def test_articles_show_their_story(pages):
    for story in load_stories():
        published = NOW - timedelta(minutes=round(story.age_hours * 60))
        path = f"/{story.section}/{published:%Y%m%d}/{story.slug}"
        text = pages[path].body.decode()
        assert f'<meta property="og:title" content="{story.headline} - The Korea Times">' == unescape(
            re.search(r'<meta property="og:title" content="[^"]*">', text).group(0)
        )
        assert re.search(r'class="EditorContents_contents__\w{5} light"', text)
        body = [unescape(p) for p in re.findall(r'<p class="editor-p">(.*?)</p>', text)]
        assert body == list(story.paragraphs)
        assert f'datetime="{published.isoformat()}">Posted {published:%Y-%m-%d %H:%M} KST</time>' in text
        assert (story.updated_hours is not None) == ("KST</time><time" in text and ">Updated " in text)
        assert (f">By {story.byline}<" in unescape(text)) == (story.byline is not None)
        assert ("editor-img-box" in text) == (story.image_caption is not None)
        assert text.count("module-articles") == (1 if story.related else 0)
        if len(story.paragraphs) >= 4:
            assert 'id="div-gpt-ad-koreatimes_inarticle_1"' in text
        ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text).group(1))
        assert ld["@type"] == "NewsArticle" and ld["headline"] == story.headline
        assert datetime.fromisoformat(ld["datePublished"]) == published


def test_every_section_has_a_list(pages):
    stories = load_stories()
    for section in iter_sections():
        expected = {s.slug for s in stories if f"{s.section}/".startswith(f"{section.path}/")}
        assert expected, f"{section.path} has no stories"
        seen: list[str] = []
        path, number = f"/{section.path}", 1
        while True:
            text = pages[path].body.decode()
            found = cards(pages[path].body)
            assert 1 <= len(found) <= 12
            seen += [url.rsplit("/", 1)[-1] for url in found]
            nxt = re.search(r'rel="next" href="([^"]+)">Next</a>', text)
            if not nxt:
                break
            number += 1
            path = local(unescape(nxt.group(1)))
            assert path == f"/{section.path}?page={number}"
        assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))
    assert "/southkorea?page=2" in pages


def ranked(text: str, heading: str) -> list[tuple[int, str]]:
    block = re.search(rf">{heading}</h2>\n<ol.*?</ol>", text, re.S).group(0)
    return [(int(n), href) for n, href in re.findall(r'rank__\w+">(\d+)</span><a [^>]*href="([^"]+)"', block)]


def test_front_page_ranked_boxes(pages):
    text = pages["/"].body.decode()
    top, trending = ranked(text, "Top 10 Stories"), ranked(text, "Trending")
    for box in (top, trending):
        assert [n for n, _ in box] == list(range(1, 11))
        assert len({local(href) for _, href in box}) == 10
    top_paths = [local(h) for _, h in top]
    trending_paths = [local(h) for _, h in trending]
    assert top_paths != trending_paths and 0 < len(set(top_paths) & set(trending_paths)) < 10
    assert ">Latest</h2>" in text and 'class="HeroModule_item__' in text
    for section in iter_sections():
        assert f'href="/{section.path}"' in text or f'href="{SITE}/{section.path}"' in text


def test_feeds(pages):
    stories = load_stories()
    names = ["allnews"] + [str(s.feed) for s in SECTIONS]
    assert {p for p in pages if p.startswith("/feed/")} == {f"/feed/k/{name}.xml" for name in names}
    for name in names:
        page = pages[f"/feed/k/{name}.xml"]
        assert page.content_type.startswith("application/rss+xml")
        items = ElementTree.fromstring(page.body).findall("./channel/item")
        assert items, name
        dates = []
        for item in items:
            link = item.findtext("link")
            assert link.startswith(SITE) and link.endswith("?utm_source=rss")
            assert local(urlsplit(link)._replace(query="").geturl()) in pages
            assert item.findtext("title") and item.findtext("description")
            stamp = item.findtext("pubDate")
            assert stamp.endswith(" GMT")
            dates.append(parsedate_to_datetime(stamp))
            assert f"/{dates[-1].astimezone(KST):%Y%m%d}/" in link
        assert dates == sorted(dates, reverse=True)
        if name == "allnews":
            assert len(items) == len(stories)


def test_same_now_gives_identical_bytes():
    first, second = build_edition(NOW), build_edition(NOW)
    assert first.keys() == second.keys()
    assert all(first[path].body == second[path].body for path in first)
    other = build_edition(NOW, deploy="Zq9w1")
    assert other.keys() == first.keys() and other["/"].body != first["/"].body
    later = build_edition(NOW + timedelta(days=3))
    assert later["/"].body != first["/"].body and not set(later) & {p for p in first if "/2026112" in p}


def test_default_now_is_the_kst_hour():
    now = default_now()
    assert now.utcoffset() == timedelta(hours=9) and (now.minute, now.second, now.microsecond) == (0, 0, 0)


def test_pictures_are_tiny_jpegs(pages):
    images = {page.body for path, page in pages.items() if path.startswith("/images/")}
    assert len(images) == 1
    (jpeg,) = images
    assert jpeg[:2] == b"\xff\xd8" and jpeg[-2:] == b"\xff\xd9" and 100 < len(jpeg) < 1000
    assert all(pages[p].content_type == "image/jpeg" for p in pages if p.startswith("/images/"))


def test_search_finds_a_word_of_the_body():
    handler = make_handler(NOW)
    page = handler(SimpleNamespace(path="/search", query={"keyword": "HAIRTAIL"}))
    assert page is not None and page.status == 200
    found = cards(page.body)
    assert [url.rsplit("/", 1)[-1] for url in found] == ["photos-dawn-at-busan-fish-market"]
    assert 'value="HAIRTAIL"' in page.body.decode()
    assert page.body == search_page(load_stories(), "HAIRTAIL", NOW, deploy=DEFAULT_DEPLOY).body


def test_search_for_nonsense_says_so():
    page = search_page(load_stories(), "qzxv blorft", NOW)
    text = page.body.decode()
    assert cards(page.body) == [] and 'No results found for "qzxv blorft".' in text
    assert not scan(page.body).errors


def test_search_pages_and_handler_scope(pages):
    handler = make_handler(NOW)
    first = handler(SimpleNamespace(path="/search", query={"keyword": "the"}))
    second = handler(SimpleNamespace(path="/search", query={"keyword": ["the"], "page": "2"}))
    assert len(cards(first.body)) == 12 and cards(second.body)
    assert set(cards(first.body)).isdisjoint(cards(second.body))
    assert "/search?keyword=the&amp;page=2" in first.body.decode()
    for url in scan(first.body).links:
        target = local(url)
        assert target is None or target in pages or target.startswith("/search"), url
    assert handler(SimpleNamespace(path="/nope", query={})) is None
